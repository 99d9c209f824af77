"""«Лицевые счета»: the lookup, for everyone who may view accounts; Enter opens the card."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.accounts.lookup import lookup
from app.ui.context import Context
from app.ui.lookup_widget import LookupWidget


class AccountsPage(QWidget):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        heading = QLabel("Лицевые счета")
        heading.setProperty("role", "title")
        hint = QLabel("Поиск по номеру счёта, фамилии плательщика или адресу. "
                      "Ctrl+F — к строке поиска, Enter — открыть карточку.")
        hint.setProperty("role", "muted")
        self.lookup = LookupWidget(lambda text: lookup(ctx.db, ctx.actor, text))
        self.lookup.account_chosen.connect(ctx.open_account)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.lookup, 1)
        self.setFocusProxy(self.lookup.edit)

    def focus_lookup(self) -> None:
        self.lookup.focus()

