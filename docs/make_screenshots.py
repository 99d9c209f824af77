"""Screenshots of the real workstation for the README, from a small demo database.

    .venv/bin/python docs/make_screenshots.py [--accounts 300] [--out docs/screenshots]
                                              [--size 1366x768]

Builds the demo database in a temporary folder with `app.demo.ensure_demo`, logs in as the demo
administrator through the same `login` use case as the login dialog, calculates the open period
(`app.billing.run.run_billing`) so the card has charges to show, and saves, with the window at
`--size` (1366×768 by default; try 1280x800 too):

- `main_window.png` — «Лицевые счета» with a house typed into the lookup;
- `accruals.png` — «Начисления» with a charge selected and its «почему столько»;
- `tariffs.png` — «Начисления», the «Тарифы и нормативы» tab;
- `readings.png` — «Показания» for a house with a reading typed, a warning and an unreadable value;
- `cashdesk.png`, `recalc.png`, `passport.png` — those sections as they open;
- `reports.png` — «Отчёты», the turnover statement by building;
- `analytics.png` — «Аналитика», the last twelve months' charts;
- `account_card.png` and `account_card_<tab>.png` — a typical account's card, every tab.

Runs offscreen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.accounts.card import load_card
from app.accounts.lookup import lookup
from app.accounts.notes import add_note
from app.auth.login import login
from app.billing.run import run_billing
from app.cli_support import show_progress
from app.db import Database
from app.demo import ensure_demo
from app.rights import Actor
from app.ui.account_card import AccountCardWindow
from app.ui.app import install_translations
from app.ui.main_window import MainWindow
from app.ui.style import apply_style
from app.ui.workspaces.accruals.page import AccrualsPage
from app.ui.workspaces.analytics.page import AnalyticsPage
from app.ui.workspaces.readings.grid import ENTRY
from app.ui.workspaces.readings.page import ReadingsPage
from app.ui.workspaces.reports.page import ReportsPage

DEMO_LOGIN, DEMO_PASSWORD = "admin", "admin"


def settle(ms: int = 200) -> None:
    """Let queued signals, layouts and paints happen."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def pick_account(db: Database, actor: Actor) -> tuple[str, str]:
    """A typical open account (people registered, meters, a debt) and its house as the query."""
    for surname in ("Иванов", "Смирнов", "Кузнецов", "Попов"):
        for hit in lookup(db, actor, surname, limit=30):
            card = load_card(db, actor, hit.number)
            g = card.general
            if g.status == "open" and g.residents_count >= 2 and card.meters and card.debt > 0:
                street = g.street.split()[-1]  # "ул. Гагарина" → "Гагарина"
                return f"{street} {g.house}", g.number
    raise SystemExit("В демонстрационной базе не нашлось подходящего счёта")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "screenshots")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    app = QApplication(sys.argv[:1])
    apply_style(app)
    install_translations(app)
    saved: list[str] = []

    def save(widget: QWidget, name: str) -> None:
        settle()
        widget.grab().save(str(args.out / name))
        saved.append(name)

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        db.upgrade()
        show_progress(ensure_demo(db, accounts=args.accounts))
        actor = login(db, DEMO_LOGIN, DEMO_PASSWORD)
        # charges and penalties for the open period, as the run page does by default
        show_progress(run_billing(db, actor, on_error="skip", penalties=True))
        query, number = pick_account(db, actor)
        add_note(db, actor, lookup(db, actor, number)[0].account_id,
                 "Собственник просил присылать квитанцию на электронную почту.")
        args.out.mkdir(parents=True, exist_ok=True)
        window = MainWindow(db, actor)
        window.resize(width, height)
        window.show()
        window.focus_lookup()
        lookup_widget = window.pages["accounts"].lookup  # type: ignore[attr-defined]
        lookup_widget.edit.setText(query)
        while lookup_widget.pending:
            settle(100)
        numbers = [h.number for h in lookup_widget.hits()]
        if number in numbers:  # the row whose card is shown next
            lookup_widget.table.selectRow(numbers.index(number))
        save(window, "main_window.png")

        accruals = window.show_workspace("accruals")
        assert isinstance(accruals, AccrualsPage)
        results = accruals.run_page.results
        results.filter.setText(number)
        results.reload()
        results.table.selectRow(1)
        save(window, "accruals.png")
        accruals.tabs.show_tab("tariffs")
        save(window, "tariffs.png")

        readings = window.show_workspace("readings")
        assert isinstance(readings, ReadingsPage)
        readings.open_sheet()
        model = readings.model
        typed = 0
        for row in range(model.rowCount()):  # a reading, a jump to confirm, a letter O
            sheet_row = model.rows[row]
            if sheet_row.previous is None or sheet_row.current is not None:
                continue
            value = [sheet_row.previous + 7, sheet_row.previous + 900, None][typed]
            model.setData(model.index(row, ENTRY), "1O5" if value is None else str(value))
            typed += 1
            if typed == 3:
                readings.grid.go_to(row)
                break
        save(window, "readings.png")

        for key in ("cashdesk", "recalc", "passport", "debtors", "admin", "users"):  # as it opens
            if window.show_workspace(key) is not None:
                settle(400)
                save(window, f"{key}.png")
        reports = window.show_workspace("reports")
        if isinstance(reports, ReportsPage):
            reports.kinds.setCurrentIndex(1)  # the turnover statement by building
            reports.period_from.setCurrentIndex(0)  # the open period, calculated above
            reports.period_to.setCurrentIndex(0)
            reports.build()
            for _ in range(100):
                if reports.table is not None:
                    break
                settle(100)
            save(window, "reports.png")
        analytics = window.show_workspace("analytics")
        if isinstance(analytics, AnalyticsPage):
            analytics.build()
            for _ in range(100):
                if analytics.board is not None:
                    break
                settle(100)
            settle(200)
            save(window, "analytics.png")

        card = window.open_account(number)
        assert isinstance(card, AccountCardWindow)
        card.resize(width, height)
        for name in card.tabs.names():
            card.tabs.show_tab(name)
            if name == "balances":  # every period: the month column is shown
                card.balances.period.setCurrentIndex(card.balances.period.count() - 1)
            save(card, "account_card.png" if name == "general" else f"account_card_{name}.png")
        print(f"Сохранено в {args.out} ({width}×{height}): {', '.join(saved)} "
              f"(запрос «{query}», счёт {number})")
        window.close()
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
