"""The payment on the desk: the amount, cash or card, cash tendered and the change, the desk's
message and the scans waiting their turn."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QRadioButton

from app.calc.money import format_rub, parse_rub

BIG = "font-size: 16pt; font-weight: 600;"


class PayPanel(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(330)
        self.setMaximumWidth(340)
        grid = QGridLayout(self)
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setStyleSheet(BIG)
        self.cash_radio = QRadioButton("Наличные (F5)")
        self.card_radio = QRadioButton("Карта (F6)")
        self.cash_radio.setChecked(True)
        self.tendered_edit = QLineEdit()
        self.tendered_edit.setObjectName("tenderedEdit")
        self.tendered_edit.setPlaceholderText("без сдачи")
        self.change_label = QLabel()
        self.change_label.setObjectName("changeLabel")
        self.change_label.setStyleSheet(BIG)
        self.message = QLabel()
        self.message.setObjectName("deskMessage")
        self.message.setWordWrap(True)
        self.queue_label = QLabel()
        self.queue_label.setProperty("role", "muted")
        enter = QLabel("Enter — принять платёж и напечатать чек")
        enter.setStyleSheet("font-weight: 600;")
        enter.setWordWrap(True)
        grid.addWidget(QLabel("К оплате, ₽ (F4)"), 0, 0, 1, 2)
        grid.addWidget(self.amount_edit, 1, 0, 1, 2)
        grid.addWidget(self.cash_radio, 2, 0)
        grid.addWidget(self.card_radio, 2, 1)
        grid.addWidget(QLabel("Получено наличными, ₽"), 3, 0, 1, 2)
        grid.addWidget(self.tendered_edit, 4, 0, 1, 2)
        grid.addWidget(self.change_label, 5, 0, 1, 2)
        grid.addWidget(enter, 6, 0, 1, 2)
        grid.addWidget(self.message, 7, 0, 1, 2)
        grid.addWidget(self.queue_label, 8, 0, 1, 2)
        grid.setRowStretch(9, 1)
        self.amount_edit.textChanged.connect(self._update_change)
        self.tendered_edit.textChanged.connect(self._update_change)
        self.card_radio.toggled.connect(self._update_change)

    def offer(self, amount_due: int) -> None:
        """The amount due proposed (empty when nothing is due), nothing tendered yet."""
        due = format_rub(amount_due, currency=False).replace("\xa0", "")
        self.amount_edit.setText(due if amount_due else "")
        self.tendered_edit.clear()

    def clear(self) -> None:
        self.amount_edit.clear()
        self.tendered_edit.clear()
        self.cash_radio.setChecked(True)

    @property
    def card(self) -> bool:
        return self.card_radio.isChecked()

    def amounts(self) -> tuple[int, int | None]:
        """The amount and the cash tendered (None: card, or without change); ValueError with
        a Russian message on a bad amount."""
        amount = parse_rub(self.amount_edit.text())
        tendered = None
        if not self.card and self.tendered_edit.text().strip():
            tendered = parse_rub(self.tendered_edit.text())
        return amount, tendered

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("role", "error" if error else "")
        self.message.style().polish(self.message)

    def show_queue(self, waiting: int) -> None:
        self.queue_label.setText(f"Ждут очереди отсканированных документов: {waiting}"
                                 if waiting else "")

    def _update_change(self) -> None:
        self.tendered_edit.setEnabled(not self.card)
        try:
            amount = parse_rub(self.amount_edit.text())
            tendered = parse_rub(self.tendered_edit.text())
        except ValueError:
            self.change_label.setText("")
            return
        self.change_label.setText(f"Сдача: {format_rub(tendered - amount)}"
                                  if tendered >= amount
                                  else f"Не хватает: {format_rub(amount - tendered)}")
