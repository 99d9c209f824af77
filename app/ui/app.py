"""`kvartal` without a sub-command: open the database, (demo data), log in, the main window.

Every refusal on the way — a database that does not answer, a file that is not Kvartal's or is
newer than this program — is a message box with the Russian reason and exit code 2; nothing is
written and nothing crashes.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Generator
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.admin.connection import Place, Verdict
from app.admin.upgrade import prepare_schema
from app.auth.login import create_first_admin, has_users, login
from app.cli_support import DEMO_ACCOUNTS, db_url, may_create_database
from app.db import Database, user_data_dir
from app.titles import ROLE
from app.ui.connection_dialog import ConnectionDialog, ask_password, load_choice, run_probe
from app.ui.first_admin_dialog import FirstAdminDialog
from app.ui.jobs import Job, JobState, collect_garbage_on_ui_thread
from app.ui.login_dialog import LoginDialog
from app.ui.main_window import APP_TITLE, MainWindow, describe_database
from app.ui.style import apply_style

EXIT_REFUSED = 2  # the database was refused or a job failed before the window opened
EXIT_CANCELLED = 1



def open_database(url: str, create: bool = True
                  ) -> Generator[tuple[int, int, str], None, Database]:
    """Connect, check the database is ours, bring its schema up to date; returns the Database.
    `create=False`: a SQLite file that does not exist is refused with its path."""
    yield 0, 2, "Подключение к базе данных…"
    db = Database(url, create=create)
    yield 1, 2, "Проверка и обновление схемы базы данных…"
    try:
        prepare_schema(db, user_data_dir() / "backups")
    except BaseException:
        db.close()
        raise
    yield 2, 2, "База данных готова"
    return db


def show_error(text: str) -> None:
    QMessageBox.critical(None, APP_TITLE, text)


def install_translations(qt_app: QApplication) -> bool:
    """Qt's own Russian: «Да/Нет/Отмена» on standard buttons, the calendar, the context menus of
    text fields. The translation ships with PySide6; False if it is not found there."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    translator = QTranslator(qt_app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Russian), "qtbase", "_", folder):
        return False
    return qt_app.installTranslator(translator)


def run_gui(args: argparse.Namespace) -> int:
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setOrganizationName("Kvartal")
    qt_app.setApplicationName("Kvartal")
    qt_app.setApplicationDisplayName(APP_TITLE)
    apply_style(qt_app)
    install_translations(qt_app)
    collect_garbage_on_ui_thread()
    previous_hook = sys.excepthook
    sys.excepthook = _report_unexpected
    try:
        where = _where(args)
        if where is None:
            return 0  # the operator left the choice of a database
        db = _open(*where)
        if db is None:
            return EXIT_REFUSED
        if getattr(args, "demo", False):
            code = _fill_demo(db)
            if code:
                return code
        return _session(qt_app, db, demo=bool(getattr(args, "demo", False)),
                        snapshot=getattr(args, "snapshot", None))
    finally:
        sys.excepthook = previous_hook


def _where(args: argparse.Namespace) -> tuple[str, bool] | None:
    """The database's address and whether it may be created: given (--db, KVARTAL_DB, --demo),
    else this user's remembered choice, else the first-run choice of local or server."""
    if getattr(args, "db", None) or os.environ.get("KVARTAL_DB") or getattr(args, "demo", False):
        return db_url(args), may_create_database(args)
    remembered = load_choice()
    choice, password = (None if getattr(args, "connection", False) else remembered), ""
    while True:
        if choice is None:
            dialog = ConnectionDialog(remembered)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
                return None
            choice, password = dialog.choice, dialog.password
        if choice.place is Place.LOCAL or choice.server is None:
            return choice.url(), True
        result = run_probe(choice.server, password)
        if result.verdict in (Verdict.NEEDS_PASSWORD, Verdict.WRONG_PASSWORD):
            typed = ask_password(choice.server, result.message)
            if typed is None:
                return None
            password = typed
            continue
        if result.usable:
            return choice.url(password), False
        show_error(result.message)
        remembered, choice = choice, None  # let the operator correct the address


def _open(url: str, create: bool) -> Database | None:
    outcome = Job(open_database(url, create), "Открытие базы данных").start().wait()
    if outcome.state is not JobState.DONE:
        show_error(outcome.message or "Открытие базы данных прервано")
        return None
    db = outcome.value
    assert isinstance(db, Database)
    return db


def _fill_demo(db: Database) -> int:
    # only needed with --demo; the past months are calculated and closed as `kvartal demo` does
    from app.billing.history import calculate_history
    from app.demo import ensure_demo

    outcome = Job(ensure_demo(db, accounts=DEMO_ACCOUNTS, history_calculator=calculate_history),
                  "Создание демонстрационной базы").start().wait()
    if outcome.state is JobState.DONE:
        return 0
    if outcome.state is JobState.CANCELLED:
        show_error("Создание демонстрационной базы прервано. "
                   "При следующем запуске с --demo оно продолжится заново.")
        return EXIT_CANCELLED
    show_error(outcome.message)
    return EXIT_REFUSED


def _session(qt_app: QApplication, db: Database, *, demo: bool,
             snapshot: Path | None = None) -> int:
    dialog: LoginDialog | FirstAdminDialog
    if has_users(db):
        dialog = LoginDialog(lambda name, password: login(db, name, password),
                             database=describe_database(db), hint=demo_hint() if demo else "")
    else:
        dialog = FirstAdminDialog(
            lambda name, full, password, repeat: create_first_admin(
                db, name, full, password, repeat))
    if snapshot is not None:  # an installation check: the first window drawn, then out
        dialog.show()
        qt_app.processEvents()
        saved = dialog.grab().save(str(snapshot))
        dialog.close()
        db.close()
        return 0 if saved else EXIT_REFUSED
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        db.close()
        return 0  # the operator chose not to log in
    window = MainWindow(db, dialog.actor)
    window.show()
    window.focus_lookup()
    try:
        return qt_app.exec()
    finally:
        db.close()


def demo_hint() -> str:
    from app.demo import USERS

    who = ", ".join(f"{name} ({ROLE[role].lower()})" for name, _full, role in USERS)
    return f"Демонстрационная база. Пароль совпадает с логином: {who}."


def _report_unexpected(kind: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> None:
    """A bug in a slot: tell the operator, keep the window; the traceback goes to stderr."""
    traceback.print_exception(kind, exc, tb, file=sys.stderr)
    if isinstance(exc, KeyboardInterrupt):
        QApplication.quit()
        return
    QMessageBox.critical(None, APP_TITLE,
                         f"Внутренняя ошибка программы: {exc}\n\nДействие не выполнено. "
                         "Сообщите администратору; подробности записаны в журнал.")
