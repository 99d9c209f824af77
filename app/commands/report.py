"""`kvartal report NAME --from YYYY-MM --to YYYY-MM [filters] [--xlsx FILE] [--pdf FILE]`: a
report to the screen, to an Excel file or to a PDF."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli_support import actor_of, add_subcommand, open_db, optional_period


def register(sub: argparse._SubParsersAction) -> None:
    from app.reports.catalogue import REPORTS

    p = add_subcommand(sub, "report", "отчёты: оборотно-сальдовая, начисления, платежи, "
                       "поставщики, показания, тарифы")
    p.add_argument("name", choices=sorted(REPORTS), metavar="ОТЧЁТ",
                   help="; ".join(f"{k} — {v.title}" for k, v in REPORTS.items()))
    p.add_argument("--from", dest="period_from", required=True, help="первый период ГГГГ-ММ")
    p.add_argument("--to", dest="period_to",
                   help="последний период ГГГГ-ММ (по умолчанию = --from)")
    p.add_argument("--company", type=int, help="код управляющей компании")
    p.add_argument("--supplier", type=int, help="код поставщика")
    p.add_argument("--service", help="код услуги (cold_water, maintenance …)")
    p.add_argument("--building", type=int, help="код дома")
    p.add_argument("--account", help="номер лицевого счёта")
    p.add_argument("--xlsx", type=Path, help="записать в файл Excel")
    p.add_argument("--pdf", type=Path, help="записать в файл PDF (альбомный A4)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.reports.catalogue import REPORTS
    from app.reports.filters import ReportFilter
    from app.reports.pdf import write_pdf
    from app.reports.table import cell_text
    from app.reports.xlsx import write_xlsx

    first = optional_period(args.period_from)
    assert first is not None
    last = optional_period(args.period_to) or first
    f = ReportFilter(first, last, company_id=args.company, supplier_id=args.supplier,
                     service_code=args.service, building_id=args.building,
                     account_number=args.account)
    table = REPORTS[args.name].build(open_db(args), actor_of(args), f)
    if args.xlsx or args.pdf:
        for target, write in ((args.xlsx, write_xlsx), (args.pdf, write_pdf)):
            if target:
                path = write(table, target)
                print(f"{table.title}, {table.subtitle}: строк {len(table.rows)} → {path}")
        return 0
    print(f"{table.title}\n{table.subtitle}")
    print("\t".join(c.title for c in table.columns))
    kinds = [c.kind for c in table.columns]
    for row in [*table.rows, *([table.totals] if table.totals else [])]:
        print("\t".join(cell_text(v, k) for v, k in zip(row, kinds, strict=True)))
    for note in table.notes:
        print(note)
    return 0
