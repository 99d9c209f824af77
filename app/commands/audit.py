"""`kvartal audit`: the audit log filtered as in the window, as text, JSON or a workbook."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli_support import actor_of, add_subcommand, open_db, parse_day


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "audit", "журнал аудита: кто, когда, что изменил (до и после)")
    p.add_argument("--by", metavar="ЛОГИН",
                   help="чьи действия: логин пользователя; system — команды и пакетные задания")
    p.add_argument("--from", dest="date_from", help="с даты, ГГГГ-ММ-ДД")
    p.add_argument("--to", dest="date_to", help="по дату включительно")
    p.add_argument("--entity", help="вид объекта: organization, tariff, account…")
    p.add_argument("--id", dest="entity_id", help="код объекта")
    p.add_argument("--action", help="действие (organization.update) или его начало (organization.)")
    p.add_argument("--limit", type=int, default=200, help="сколько последних записей (200)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="записи в JSON")
    out.add_argument("--xlsx", type=Path, help="сохранить в книгу Excel")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.admin.audit_log import AuditFilter, audit_entries, write_audit_xlsx
    from app.errors import DomainError
    from app.usecase import jsonable

    if not 1 <= args.limit <= 100_000:
        raise DomainError("--limit: от 1 до 100 000")
    system = args.by == "system"
    f = AuditFilter(login=None if system else args.by, system=system,
                    date_from=parse_day(args.date_from) if args.date_from else None,
                    date_to=parse_day(args.date_to) if args.date_to else None,
                    entity=args.entity, entity_id=args.entity_id, action=args.action)
    db = open_db(args)
    try:
        rows = audit_entries(db, actor_of(args), f, limit=args.limit)
    finally:
        db.engine.dispose()
    if args.xlsx:
        print(f"Записей: {len(rows)}; сохранено: {write_audit_xlsx(rows, args.xlsx)}")
    elif args.json:
        print(json.dumps([{"id": r.id, "at": r.at.isoformat(), "user": r.user,
                           "action": r.action, "entity": r.entity, "entity_id": r.entity_id,
                           "before": jsonable(r.before), "after": jsonable(r.after)}
                          for r in rows], ensure_ascii=False, indent=2))
    else:
        for r in rows:
            what = f"{r.entity} {r.entity_id}" if r.entity_id else r.entity
            print(f"{r.at:%d.%m.%Y %H:%M:%S}  {r.user}  {r.action}  {what}  {r.summary}".rstrip())
        print(f"Записей: {len(rows)}")
    return 0
