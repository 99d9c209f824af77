"""First run: where is the database — on this computer, or on a shared server? The server's
address is tested before it is saved; the choice is remembered for this user (Qt settings),
the password never (the server asks for it, or PGPASSWORD / ~/.pgpass give it)."""

from __future__ import annotations

from collections.abc import Generator

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.admin.connection import Choice, Place, Probe, ServerAddress, Verdict, probe
from app.ui import keys
from app.ui.jobs import Job, JobState

SETTINGS_GROUP = "connection"


def load_choice(settings: QSettings | None = None) -> Choice | None:
    s = settings or QSettings()
    s.beginGroup(SETTINGS_GROUP)
    try:
        place = str(s.value("place", ""))
        if place == Place.LOCAL:
            return Choice(Place.LOCAL)
        if place == Place.SERVER and s.value("host"):
            return Choice(Place.SERVER, ServerAddress(
                str(s.value("host")), int(str(s.value("port", 5432))),
                str(s.value("database", "kvartal")), str(s.value("user", "kvartal"))))
        return None
    finally:
        s.endGroup()


def save_choice(choice: Choice, settings: QSettings | None = None) -> None:
    s = settings or QSettings()
    s.beginGroup(SETTINGS_GROUP)
    s.remove("")
    s.setValue("place", choice.place.value)
    if choice.server is not None:
        s.setValue("host", choice.server.host)
        s.setValue("port", choice.server.port)
        s.setValue("database", choice.server.database)
        s.setValue("user", choice.server.user)
    s.endGroup()
    s.sync()


def _probe_steps(address: ServerAddress, password: str
                 ) -> Generator[tuple[int, int, str], None, Probe]:
    yield 0, 1, f"Проверяю подключение к {address.host}:{address.port}…"
    return probe(address, password)


def run_probe(address: ServerAddress, password: str, parent: QWidget | None = None) -> Probe:
    """Off the UI thread (a server that does not answer takes the connect timeout)."""
    # no progress window: the caller says «Проверяю…»; the wait is the connect timeout at most
    outcome = Job(_probe_steps(address, password), "Проверка подключения", parent,
                  show_dialog=False).start().wait()
    if outcome.state is JobState.DONE and isinstance(outcome.value, Probe):
        return outcome.value
    return Probe(Verdict.OTHER, outcome.message or "Проверка прервана")


class ConnectionDialog(QDialog):
    """Local or server; «Проверить» (F5) tests the server; «Сохранить» only after it passed."""

    def __init__(self, current: Choice | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Квартал — где база данных")
        self.setMinimumWidth(520)
        self.choice: Choice | None = None
        self.password = ""  # for this start only; never saved
        self._passed: ServerAddress | None = None
        intro = QLabel("Выберите, где хранятся данные. Выбор запоминается для этого "
                       "пользователя; пароль не сохраняется.")
        intro.setWordWrap(True)
        self.local = QRadioButton("&Локальная база на этом компьютере")
        self.local.setObjectName("placeLocal")
        self.server = QRadioButton("&Общая база на сервере (PostgreSQL)")
        self.server.setObjectName("placeServer")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        address = current.server if current and current.server else ServerAddress("")
        self.host = QLineEdit(address.host)
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText("например, 192.168.1.10 или srv-kvartal")
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(address.port)
        self.database = QLineEdit(address.database)
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit(address.user)
        self.user.setObjectName("serverUser")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("serverPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("если сервер его требует")
        form = QFormLayout()
        form.addRow("Сервер:", self.host)
        form.addRow("Порт:", self.port)
        form.addRow("База данных:", self.database)
        form.addRow("Пользователь:", self.user)
        form.addRow("Пароль:", self.password_edit)
        self.server_box = QGroupBox("Параметры сервера")
        self.server_box.setLayout(form)
        self.status = QLabel()
        self.status.setObjectName("connectionStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.check_button = buttons.addButton("Проверить (F5)",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton("Сохранить и продолжить",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        buttons.addButton("Выход", QDialogButtonBox.ButtonRole.RejectRole)
        self.check_button.clicked.connect(self.check)
        keys.bind(self, "F5", "Проверить подключение к серверу", self.check,
                  context=Qt.ShortcutContext.WindowShortcut)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.local)
        layout.addWidget(self.server)
        layout.addWidget(self.server_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        for edit in (self.host, self.database, self.user, self.password_edit):
            edit.textEdited.connect(self._forget_check)
        self.port.valueChanged.connect(self._forget_check)
        self.local.toggled.connect(self._place_changed)
        (self.server if current and current.place is Place.SERVER else self.local).setChecked(True)
        self._place_changed()

    def address(self) -> ServerAddress:
        return ServerAddress(self.host.text().strip(), self.port.value(),
                             self.database.text().strip(), self.user.text().strip())

    def _place_changed(self) -> None:
        on_server = self.server.isChecked()
        self.server_box.setEnabled(on_server)
        self.check_button.setEnabled(on_server)
        self._show("" if on_server else "Данные будут храниться в файле на этом компьютере.",
                   ok=True)

    def _forget_check(self) -> None:
        self._passed = None

    def _show(self, text: str, *, ok: bool) -> None:
        self.status.setProperty("role", "" if ok else "error")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    def check(self) -> bool:
        address = self.address()
        if not address.host or not address.database or not address.user:
            self._show("Укажите сервер, базу данных и пользователя", ok=False)
            return False
        self._show(f"Проверяю подключение к {address.host}:{address.port}…", ok=True)
        result = run_probe(address, self.password_edit.text(), self)
        self._show(result.message, ok=result.usable)
        self._passed = address if result.usable else None
        return result.usable

    def submit(self) -> None:
        if self.local.isChecked():
            self.choice = Choice(Place.LOCAL)
        else:
            if self._passed != self.address() and not self.check():
                return
            self.choice = Choice(Place.SERVER, self.address())
            self.password = self.password_edit.text()
        save_choice(self.choice)
        self.accept()


def ask_password(address: ServerAddress, reason: str, parent: QWidget | None = None
                 ) -> str | None:
    text, ok = QInputDialog.getText(parent, "Квартал — пароль к серверу",
                                    f"{reason}\nПароль пользователя {address.user} "
                                    f"на {address.host}:", QLineEdit.EchoMode.Password)
    return text if ok else None
