"""The main window: the workspaces the user has rights for, the status bar, the account cards."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app.accounts.card import load_card
from app.accounts.notes import add_note
from app.billing.results import current_period
from app.changes import Change
from app.db import Database
from app.errors import DomainError
from app.rights import ROLE_TITLES, Actor, Right, Role
from app.ui.account_card import AccountCardWindow
from app.ui.card_meters import meter_actions
from app.ui.context import Context
from app.ui.print_preview import card_print_menu
from app.ui.workspaces import WorkspaceSpec, workspaces_for

APP_TITLE = "Квартал. Расчёты ЖКХ"
CARD_CHANGES = Change.ACCOUNTS | Change.METERS | Change.READINGS | Change.CHARGES | Change.PERIODS


def describe_database(db: Database) -> str:
    """Where the data lives, for the status bar (never the password)."""
    url = db.engine.url
    if db.dialect == "sqlite":
        return f"SQLite: {url.database}"
    return f"PostgreSQL: {url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def describe_actor(actor: Actor) -> str:
    roles = ", ".join(sorted(ROLE_TITLES.get(Role(r), r) for r in actor.roles)) or "нет ролей"
    return f"{actor.full_name} ({actor.login}) — {roles}"


class MainWindow(QMainWindow):
    card_opened = Signal(object)  # AccountCardWindow

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.ctx = Context(db=db, actor=actor, window=self, open_account=self.open_account)
        self.ctx.subscribe(self.on_changes)
        self.specs: list[WorkspaceSpec] = workspaces_for(actor)
        self.pages: dict[str, QWidget] = {}
        self.cards: dict[str, AccountCardWindow] = {}
        self.setWindowTitle(f"{APP_TITLE} — {actor.full_name}")
        self.resize(1200, 720)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(210)
        self.stack = QStackedWidget()
        for spec in self.specs:
            item = QListWidgetItem(spec.title)
            item.setSizeHint(QSize(0, 34))
            self.nav.addItem(item)
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(holder)
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        if self.specs:
            row.addWidget(self.stack, 1)
        else:
            row.addWidget(self._no_rights(), 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_status_bar()
        if self.specs:
            self.nav.setCurrentRow(0)

    # --- workspaces ---------------------------------------------------------------------------
    def workspace_titles(self) -> list[str]:
        return [spec.title for spec in self.specs]

    def show_workspace(self, key: str) -> QWidget | None:
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.nav.setCurrentRow(row)
                return self.pages[key]
        return None

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = self.specs[row]
        if spec.key not in self.pages:  # built on first visit: startup stays quick
            page = spec.factory(self.ctx)
            self.pages[spec.key] = page
            holder = self.stack.widget(row)
            layout = holder.layout() if holder is not None else None
            assert layout is not None
            layout.addWidget(page)
        self.stack.setCurrentIndex(row)
        self.pages[spec.key].setFocus()

    def focus_lookup(self) -> None:
        page = self.show_workspace("accounts")
        focus = getattr(page, "focus_lookup", None)
        if focus is not None:
            focus()

    def _no_rights(self) -> QLabel:
        label = QLabel("У пользователя нет прав ни на один раздел. Обратитесь к администратору.")
        label.setProperty("role", "muted")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    # --- account cards ------------------------------------------------------------------------
    def open_account(self, number: str) -> AccountCardWindow | None:
        window = self.cards.get(number)
        if window is not None:
            window.show()
            window.raise_()
            window.activateWindow()
            return window
        db, actor = self.db, self.actor
        try:
            card = load_card(db, actor, number)
        except DomainError as exc:
            QMessageBox.warning(self, "Лицевой счёт", exc.message)
            return None
        account_id = card.general.account_id
        window = AccountCardWindow(
            card,
            reload=lambda: load_card(db, actor, number),
            add_note=(lambda text: self.ctx.perform(add_note, account_id, text))
            if actor.can(Right.ACCOUNT_NOTE) else None,
            meter_actions=meter_actions(self.ctx) if actor.can(Right.METERS_EDIT) else None,
            print_menu=lambda card_window: card_print_menu(self.ctx, number, card_window),
            parent=self,
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda: self.cards.pop(number, None))
        self.cards[number] = window
        window.show()
        window.activateWindow()
        self.card_opened.emit(window)
        return window

    # --- chrome -------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Файл")
        self._action(file_menu, "Выход", "Ctrl+Q", self.close)
        go = bar.addMenu("&Разделы")
        if any(spec.key == "accounts" for spec in self.specs):
            self._action(go, "Найти лицевой счёт", "Ctrl+F", self.focus_lookup)
            go.addSeparator()
        for i, spec in enumerate(self.specs):
            keys = f"Ctrl+{i + 1}" if i < 9 else ""
            self._action(go, spec.title, keys, lambda key=spec.key: self.show_workspace(key))
        help_menu = bar.addMenu("&Справка")
        self._action(help_menu, "О программе", "F1", self.show_about)

    def _action(self, menu: object, text: str, keys: str, slot: object) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(describe_actor(self.actor))
        self.db_label = QLabel(describe_database(self.db))
        self.db_label.setProperty("role", "muted")
        self.period_label = QLabel()
        self.refresh_period()
        bar.addWidget(self.user_label)
        bar.addPermanentWidget(self.period_label)
        bar.addPermanentWidget(self.db_label)

    def on_changes(self, changes: Change) -> None:
        """A write changed `changes`: the status bar and the open cards show them (the
        workspace pages subscribed to the context themselves)."""
        if changes & Change.PERIODS:
            self.refresh_period()
        if changes & CARD_CHANGES:
            for window in list(self.cards.values()):
                window.reload()

    def refresh_period(self) -> None:
        """The open billing period in the status bar."""
        try:
            text = f"Открытый период: {current_period(self.db).title()}"
        except DomainError as exc:
            text = exc.message
        self.period_label.setText(text)

    def show_about(self) -> None:
        QMessageBox.about(
            self, "О программе",
            f"<b>{APP_TITLE}</b>, версия {app.__version__}<br>"
            "Рабочее место расчётного центра: лицевые счета, начисления, касса, "
            "паспортный стол, отчёты.<br><br>"
            "Ctrl+F — поиск лицевого счёта; Ctrl+1…9 — разделы; в карточке счёта "
            "Ctrl+1…6 — вкладки, F5 — обновить, Esc — закрыть.<br><br>"
            "Свободная программа, лицензия GNU GPL 3.0 или более поздняя.",
        )

    def closeEvent(self, event: object) -> None:
        for window in list(self.cards.values()):
            window.close()
        super().closeEvent(event)  # type: ignore[arg-type]
