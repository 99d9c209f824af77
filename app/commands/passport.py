"""`kvartal passport …`: the passport office for scripts — flats, people, forms, the queue of
recalculations that changes in closed periods wait in.

    kvartal passport flat 0000010019 [--reveal]     residents (documents masked unless --reveal)
    kvartal passport find "Иванова Мария"           people by name, registered or departed
    kvartal passport form10 0000010019 out.pdf      поквартирная карточка
    kvartal passport form9 PERSON_ID 0000010019 out.pdf
    kvartal passport requests                       open recalculation requests

Runs as the system user; --reveal and the forms are written to the audit log.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_support import actor_of, add_subcommand, open_db

if TYPE_CHECKING:
    from app.db import Database
    from app.rights import Actor


def register(sub: argparse._SubParsersAction) -> None:
    p = add_subcommand(sub, "passport", "паспортный стол: жильцы, формы №9 и №10, очередь "
                                        "перерасчётов")
    inner = p.add_subparsers(dest="passport_command", metavar="действие", required=True)
    flat = add_subcommand(inner, "flat", "жильцы и собственники квартиры лицевого счёта")
    flat.add_argument("account", help="номер лицевого счёта")
    flat.add_argument("--reveal", action="store_true",
                      help="показать документы полностью (записывается в журнал)")
    find = add_subcommand(inner, "find", "найти человека по фамилии, имени, отчеству")
    find.add_argument("text")
    f10 = add_subcommand(inner, "form10", "поквартирная карточка (форма №10) в PDF")
    f10.add_argument("account")
    f10.add_argument("out", type=Path)
    f9 = add_subcommand(inner, "form9", "карточка регистрации (форма №9) в PDF")
    f9.add_argument("person", type=int, help="номер человека (из «find» или «flat»)")
    f9.add_argument("account")
    f9.add_argument("out", type=Path)
    add_subcommand(inner, "requests", "открытые запросы на перерасчёт")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    db = open_db(args)
    try:
        command = args.passport_command
        if command == "flat":
            _flat(db, actor_of(args), args.account, args.reveal)
        elif command == "find":
            _find(db, actor_of(args), args.text)
        elif command in ("form10", "form9"):
            from app.passport.forms import form9, form10

            pdf = (form10(db, actor_of(args), args.account) if command == "form10"
                   else form9(db, actor_of(args), args.person, args.account))
            args.out.write_bytes(pdf)
            print(f"Сохранено: {args.out}")
        else:
            _requests(db, actor_of(args))
    finally:
        db.engine.dispose()
    return 0


def _day(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "—"


def _flat(db: Database, actor: Actor, number: str, reveal: bool) -> None:
    from app.passport.flat import flat_view

    view = flat_view(db, actor, number, reveal=reveal)
    print(f"{view.city}, {view.address} — л/с {view.account_number}, {view.payer_name}")
    print(f"Зарегистрировано: {len(view.current)}")
    for r in view.residents:
        state = "" if r.current else " (выбыл)" if r.date_to else ""
        print(f"  [{r.person_id}] {r.full_name}{state}: {r.relation or '—'}, "
              f"{_day(r.date_from)} – {_day(r.date_to)}; {r.doc_text or 'документ не указан'}")
    for o in view.owners:
        print(f"  собственник: {o.name}, доля {o.share} с {_day(o.date_from)}")


def _find(db: Database, actor: Actor, text: str) -> None:
    from app.passport.people import find_persons

    hits = find_persons(db, actor, text)
    if not hits:
        print("Никого не найдено")
    for h in hits:
        where = f"{h.address}, л/с {h.account_number}" if h.address else "нет регистрации"
        state = "зарегистрирован" if h.registered else "выбыл"
        print(f"[{h.person_id}] {h.full_name}, {_day(h.birth_date)} — {where} ({state})")


def _requests(db: Database, actor: Actor) -> None:
    from app.calc.period import Period
    from app.passport.billing_effect import open_requests

    rows = open_requests(db, actor)
    print(f"Открытых запросов на перерасчёт: {len(rows)}")
    for r in rows:
        print(f"  №{r.request_id} л/с {r.account_number} ({r.address}) с периода "
              f"{Period.from_code(r.from_period).title()}: {r.cause} — {r.created_by}")
