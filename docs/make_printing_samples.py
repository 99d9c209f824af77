"""One page of each printed document as PNG for the README, from a demo database.

    .venv/bin/python docs/make_printing_samples.py --db sqlite:///demo.db [--account N]
        [--period 2026-09] [--out docs/printing]

Prints the payment document of the account (the first one with charges by default), each
certificate, the statement and the penalty calculation (of the account owing most)
through the same use cases as `kvartal print`, into a temporary
folder, and rasterises the first page of each with poppler. Certificates are entered in that
database's journal like any other.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from app.calc.period import Period
from app.db import Database
from app.documents.certificates import KINDS, print_certificate, print_statement
from app.documents.epd_print import print_epd
from app.documents.penalty_statement import print_penalty_statement
from app.models import Account, Operation
from app.print.rasterize import render_pages
from app.rights import Actor, Role

CLERK = Actor(user_id=None, login="demo", full_name="Лебедева Ольга Игоревна",
              roles=frozenset({Role.ADMIN}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--account")
    parser.add_argument("--period", default="2026-09")
    parser.add_argument("--out", type=Path, default=Path("docs/printing"))
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    db = Database(args.db)
    period = Period.parse(args.period)
    number = args.account
    if not number:
        with db.session() as s:
            number = s.scalar(select(Account.number).join(Operation,
                                                          Operation.account_id == Account.id)
                              .where(Operation.period == period.code).order_by(Account.id))
    args.out.mkdir(parents=True, exist_ok=True)
    today = period.next().first_day  # the day after the period, as when the post goes out
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdfs = {"epd": print_epd(db, CLERK, number, period, folder / "epd.pdf")}
        for kind in KINDS:
            pdfs[f"certificate_{kind}"] = folder / f"{kind}.pdf"
            print_certificate(db, CLERK, kind, number, pdfs[f"certificate_{kind}"], today=today)
        pdfs["statement"] = folder / "statement.pdf"
        print_statement(db, CLERK, number, pdfs["statement"], first=period.shift(-2),
                        last=period, today=today)
        with db.session() as s:  # the largest debt at the end of the period
            owing = s.scalar(select(Account.number).join(Operation,
                                                         Operation.account_id == Account.id)
                             .where(Operation.period <= period.code)
                             .group_by(Account.number)
                             .order_by(func.sum(Operation.amount).desc()).limit(1))
        pdfs["penalty"] = folder / "penalty.pdf"
        print_penalty_statement(db, CLERK, owing or number, period.last_day, pdfs["penalty"],
                                today=today)
        for name, pdf in pdfs.items():
            (page,) = render_pages(pdf, folder / name, args.dpi, 1, 1)
            target = args.out / f"{name}.png"
            target.write_bytes(page.read_bytes())
            print(target)


if __name__ == "__main__":
    main()
