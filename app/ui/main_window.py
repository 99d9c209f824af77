"""The main window: the workspaces the user has rights for, the status bar, the account cards."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import app
from app.accounts.card import load_card
from app.accounts.notes import add_note
from app.admin.backup_status import backup_status
from app.billing.results import current_period
from app.changes import Change
from app.db import Database
from app.errors import DomainError
from app.rights import Actor, Right
from app.titles import ROLE, title
from app.ui import keys, labels
from app.ui.account_card import AccountCardWindow
from app.ui.card_meters import meter_actions
from app.ui.context import Context
from app.ui.print_preview import card_print_menu
from app.ui.workspaces import WorkspaceSpec, all_workspaces, workspaces_for

APP_TITLE = "Квартал. Расчёты ЖКХ"
CARD_CHANGES = Change.ACCOUNTS | Change.METERS | Change.READINGS | Change.CHARGES | Change.PERIODS


def describe_database(db: Database) -> str:
    """Where the data lives, for the status bar (never the password)."""
    return db.location


def describe_actor(actor: Actor) -> str:
    roles = ", ".join(sorted(title(ROLE, r) for r in actor.roles)) or "нет ролей"
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
        self.nav.setFixedWidth(190)
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
        if self.ctx.actor.user_id is not None:
            self._action(file_menu, "Сменить пароль…", "", self.change_password)
        self._action(file_menu, "Выход", "Ctrl+Q", self.close)
        go = bar.addMenu("&Разделы")
        if any(spec.key == "accounts" for spec in self.specs):
            self._action(go, "Найти лицевой счёт", "Ctrl+F", self.find_in_section)
            go.addSeparator()
        for i, spec in enumerate(self.specs):
            keys = f"Ctrl+{i + 1}" if i < 9 else ""
            self._action(go, spec.title, keys, partial(self.show_workspace, spec.key))
        help_menu = bar.addMenu("&Справка")
        self._action(help_menu, "Клавиши", "F1", self.show_keys)
        self._action(help_menu, "О программе", "", self.show_about)

    def _action(self, menu: QMenu, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if keys:
            action.setShortcut(QKeySequence(keys))
        # triggered(bool checked): the flag must not land in the slot's first parameter
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def change_password(self) -> None:
        from app.ui.password_change import change_own_password

        change_own_password(self.ctx, self)

    def find_in_section(self) -> None:
        """Ctrl+F: the current section's own search if it has one (in «Начисления», the
        results by account number), the account lookup otherwise."""
        page = self.current_page()
        search = getattr(page, "focus_search", None)
        if callable(search) and search():
            return
        self.focus_lookup()

    def current_page(self) -> QWidget | None:
        row = self.nav.currentRow()
        return self.pages.get(self.specs[row].key) if 0 <= row < len(self.specs) else None

    def keys_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """What F1 lists: the window's keys, then the shown section's — only keys that act."""
        sections = [("Везде", keys.action_lines(self.actions()))]
        row, page = self.nav.currentRow(), self.current_page()
        if page is not None:
            sections.append((f"В разделе «{self.specs[row].title}»",
                             keys.shortcut_lines(keys.listed(page))))
        sections.append(("В карточке лицевого счёта", [("F1", "клавиши карточки")]))
        return sections

    def show_keys(self) -> None:
        self.keys_box = QMessageBox(QMessageBox.Icon.NoIcon, "Клавиши",
                                    keys.keys_html(self.keys_sections()),
                                    QMessageBox.StandardButton.Close, self)
        self.keys_box.setObjectName("keysBox")
        self.keys_box.open()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(describe_actor(self.actor))
        where = describe_database(self.db)
        self.db_label = QLabel(self.fontMetrics().elidedText(  # a long path must not widen
            where, Qt.TextElideMode.ElideMiddle, 420))          # the window past the screen
        self.db_label.setToolTip(where)
        self.db_label.setProperty("role", "muted")
        self.period_label = QLabel()
        self.refresh_period()
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backupStatus")
        self.refresh_backup()
        bar.addWidget(self.user_label)
        bar.addPermanentWidget(self.backup_label)
        bar.addPermanentWidget(self.period_label)
        bar.addPermanentWidget(self.db_label)

    def on_changes(self, changes: Change) -> None:
        """A write changed `changes`: the status bar and the open cards show them (the
        workspace pages subscribed to the context themselves)."""
        if changes & Change.PERIODS:
            self.refresh_period()
        if changes & Change.BACKUP:
            self.refresh_backup()
        if changes & CARD_CHANGES:
            for window in list(self.cards.values()):
                window.reload()

    def refresh_period(self) -> None:
        """The open billing period in the status bar."""
        try:
            text = f"Открытый период: {labels.period(current_period(self.db))}"
        except DomainError as exc:
            text = exc.message
        self.period_label.setText(text)

    def refresh_backup(self) -> None:
        """For an administrator: a warning when the last backup is older than the setting."""
        status = backup_status(self.db) if self.actor.can(Right.ADMIN) else None
        self.backup_label.setText("⚠ Нет свежей резервной копии" if status and status.stale
                                  else "")
        self.backup_label.setToolTip(f"{status.text}. {status.warning}" if status else "")
        self.backup_label.setProperty("role", "error")
        self.backup_label.setVisible(bool(status and status.stale))

    def about_text(self) -> str:
        """What the program does today, from the workspaces that exist — never a promise."""
        specs = all_workspaces()
        ready = [f"<li><b>{escape(s.title)}</b> — {escape(s.summary)}</li>" if s.summary
                 else f"<li><b>{escape(s.title)}</b></li>" for s in specs if not s.placeholder_text]
        planned = ", ".join(s.title for s in specs if s.placeholder_text)
        return (f"<b>{APP_TITLE}</b>, версия {app.__version__}<br>"
                "Рабочее место расчётного центра ЖКХ. Сейчас в программе:"
                f"<ul>{''.join(ready)}</ul>"
                "Командная строка <code>kvartal</code>: загрузка и выгрузка данных, расчёт, "
                "закрытие периода, сверка журнала и сальдо."
                + (f"<br>Разделы в разработке: {escape(planned)}." if planned else "")
                + "<br><br>Клавиши — F1. Свободная программа, лицензия GNU GPL 3.0 "
                  "или более поздняя.")

    def show_about(self) -> None:
        self.about_box = QMessageBox(QMessageBox.Icon.NoIcon, "О программе", self.about_text(),
                                     QMessageBox.StandardButton.Close, self)
        self.about_box.setObjectName("aboutBox")
        self.about_box.open()

    def closeEvent(self, event: object) -> None:
        for window in list(self.cards.values()):
            window.close()
        super().closeEvent(event)  # type: ignore[arg-type]
