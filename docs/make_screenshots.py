"""Screenshots of the real workstation for the README, from a small demo database.

    .venv/bin/python docs/make_screenshots.py [--accounts 300] [--out docs/screenshots]

Builds the demo database in a temporary folder with `app.demo.ensure_demo`, logs in as the demo
administrator through the same `login` use case as the login dialog, calculates the open period
(`app.billing.run.run_billing`) so the card has charges to show, types a house into the
lookup, opens a typical account's card and saves `main_window.png` and `account_card.png`
(with `--tabs`, also one picture per card tab, `account_card_<n>.png`, to review them all).
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
from PySide6.QtWidgets import QApplication

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
from app.ui.main_window import MainWindow
from app.ui.style import apply_style

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
    parser.add_argument("--tabs", action="store_true", help="also save every tab of the card")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'demo.db'}")
        db.upgrade()
        show_progress(ensure_demo(db, accounts=args.accounts))
        actor = login(db, DEMO_LOGIN, DEMO_PASSWORD)
        show_progress(run_billing(db, actor, on_error="skip"))  # charges for the open period
        query, number = pick_account(db, actor)
        add_note(db, actor, lookup(db, actor, number)[0].account_id,
                 "Собственник просил присылать квитанцию на электронную почту.")
        window = MainWindow(db, actor)
        window.resize(1280, 760)
        window.show()
        window.focus_lookup()
        lookup_widget = window.pages["accounts"].lookup  # type: ignore[attr-defined]
        lookup_widget.edit.setText(query)
        while lookup_widget.pending:
            settle(100)
        numbers = [h.number for h in lookup_widget.hits()]
        if number in numbers:  # the row whose card is shown next
            lookup_widget.table.selectRow(numbers.index(number))
        settle()
        args.out.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out / "main_window.png"))
        card = window.open_account(number)
        assert isinstance(card, AccountCardWindow)
        card.resize(1280, 700)
        settle()
        card.grab().save(str(args.out / "account_card.png"))
        for i in range(card.tabs.count() if args.tabs else 0):
            card.tabs.setCurrentIndex(i)
            settle(100)
            card.grab().save(str(args.out / f"account_card_{i + 1}.png"))
        print(f"Сохранено в {args.out}: main_window.png, account_card.png "
              f"(запрос «{query}», счёт {number})")
        window.close()
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
