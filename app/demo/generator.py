"""`generate()`: the whole demo town into an empty database, as a long job yielding progress.

Deterministic: everything is drawn from one `random.Random(seed)` in a fixed order, dates are
fixed (the open period is October 2026), ids are assigned here, and even the users' password
hashes use a salt derived from the seed — the same seed gives the same rows, byte for byte.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from sqlalchemy import Connection, exists, insert, select, update

from app.auth.passwords import hash_password
from app.bulk import BulkWriter
from app.calc.period import Period
from app.db import Database
from app.demo.housing import Streets, plan_building
from app.demo.metering import Metering
from app.demo.organizations import write_contracts, write_organizations
from app.demo.people import People
from app.demo.prices import write_prices, write_rules, write_services
from app.demo.town import Town
from app.errors import DomainError
from app.models import AuditEntry, Base, BillingPeriod, User, UserRole
from app.models.enums import PeriodStatus
from app.rights import Role

OPEN_PERIOD = Period(2026, 10)
FIRST_PERIOD = Period(2025, 11)
Progress = tuple[int, int, str]
HistoryCalculator = Callable[[Database, Period], None]

# login = password; documented in the README («Пользователи демо-базы»)
USERS = (
    ("admin", "Воронцов Игорь Петрович", Role.ADMIN),
    ("kassa", "Кузнецова Елена Викторовна", Role.CASHIER),
    ("nach", "Соколова Марина Андреевна", Role.ACCRUAL),
    ("pasport", "Лебедева Ольга Николаевна", Role.PASSPORT),
    ("jurist", "Морозов Алексей Сергеевич", Role.LAWYER),
    ("prosmotr", "Гостевой пользователь (только просмотр)", Role.VIEWER),
)
_HASHES: dict[tuple[str, int], str] = {}  # scrypt is slow on purpose: hash each password once


def password_hash(login: str, seed: int) -> str:
    key = (login, seed)
    if key not in _HASHES:
        salt = hashlib.sha256(f"kvartal-demo:{seed}:{login}".encode()).digest()[:16]
        _HASHES[key] = hash_password(login, salt=salt)
    return _HASHES[key]


def generate(
    db: Database,
    accounts: int = 2000,
    seed: int = 1,
    *,
    with_meters: bool = True,
    reading_months: int = 12,
    history_calculator: HistoryCalculator | None = None,
) -> Iterator[Progress]:
    """Fill an empty database with the demo town; yields (done, total, message).

    `history_calculator(db, period)`, when given, is called for each past period (2025-11 …
    2026-09) in order, after all data is in, while that period is the open one; the generator
    then closes it (unless the calculator did) and opens the next. Without it those periods are
    simply closed and 2026-10 is open and uncalculated.
    """
    if accounts < 1:
        raise DomainError("Число лицевых счетов демо-города должно быть не меньше 1")
    if not 1 <= reading_months <= 60:
        raise DomainError("Показания демо-города — от 1 до 60 месяцев")
    rng = random.Random(seed)
    past = [FIRST_PERIOD.shift(i) for i in range(_months(FIRST_PERIOD, OPEN_PERIOD))]
    total = accounts + 2 + len(past) * (history_calculator is not None)
    yield 0, total, "Справочники, организации, тарифы"
    with db.engine.begin() as conn:
        refuse_non_empty(conn)
        w = BulkWriter(conn)
        users = _write_users(w, seed)
        orgs = write_organizations(w, rng)
        services = write_services(w)
        write_prices(w, services)
        write_rules(w)
        write_contracts(w, orgs, services)
        _write_periods(w, past, users["nach"], calculated_later=history_calculator is not None)
        periods = [OPEN_PERIOD.shift(i - reading_months) for i in range(reading_months + 1)]
        metering = Metering(w, rng, periods, services, users["kassa"]) if with_meters else None
        town = Town(w, rng, orgs, services, People(w, rng, orgs.ids["admin"]), metering)
        w.defer_indexes()
        streets = Streets(rng, expected_buildings=max(1, accounts // 95))
        cap = None if accounts >= 1500 else max(4, accounts // 5 + 1)
        made = index = 0
        while made < accounts:
            made += town.building(plan_building(rng, index, streets, cap), accounts - made)
            w.maybe_flush()
            index += 1
            yield made, total, "Дома, помещения, жители и лицевые счета"
        yield made, total, "Индексы таблиц"
        w.finish()
        _audit(conn, accounts, seed, with_meters, w.written)
    yield accounts, total, "Индекс поиска лицевых счетов"
    from app.accounts.search_index import rebuild_search_index

    rebuild_search_index(db, today=OPEN_PERIOD.last_day)
    _refresh_statistics(db)
    if history_calculator is not None:
        for n, period in enumerate(past, start=1):
            yield accounts + n, total, f"Расчёт прошлого периода: {period.title()}"
            history_calculator(db, period)
            _close_and_open_next(db, period, users["nach"])
            from app.demo.payments import pay_bills  # the town pays its bills (#18)

            pay_bills(db, period, seed, users["kassa"])
        # what the months wrote (snapshots, shifts, registries) was empty at the first ANALYZE
        _refresh_statistics(db)
    yield total, total, f"Демо-город готов: {accounts} лицевых счетов"


def _refresh_statistics(db: Database) -> None:
    """A bulk load leaves the planner blind; without statistics lookups pick slow plans."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def _months(first: Period, last: Period) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def refuse_non_empty(conn: Connection) -> None:
    for table in Base.metadata.sorted_tables:
        if table.name in ("app_meta", "key_rate", "penalty_rule"):  # preloaded by migrations
            continue
        if conn.scalar(select(exists().select_from(table))):
            raise DomainError(
                f"База уже содержит данные (таблица «{table.name}» не пуста): демо-город "
                f"создаётся только в пустой базе. Укажите новую базу (--db)."
            )


def _write_users(w: BulkWriter, seed: int) -> dict[str, int]:
    w.declare(User.__table__, ("id", "login", "full_name", "password_hash", "active",
                               "created_at", "version"))
    w.declare(UserRole.__table__, ("user_id", "role"))
    ids: dict[str, int] = {}
    for login, full_name, role in USERS:
        uid = w.next_id(User.__table__)
        ids[login] = uid
        w.add(User.__table__, (uid, login, full_name, password_hash(login, seed), True,
                               datetime(2025, 6, 30, 6, 0), 1))
        w.add(UserRole.__table__, (uid, role.value))
    return ids


def _closed_at(period: Period) -> datetime:
    after = period.next()
    return datetime(after.year, after.month, 3, 9, 0)  # closed on the 3rd, before the bills


def _write_periods(w: BulkWriter, past: list[Period], closer: int, calculated_later: bool
                   ) -> None:
    t = BillingPeriod.__table__
    w.declare(t, ("code", "status", "closed_at", "closed_by_id"))
    if calculated_later:  # the history calculator walks the periods one by one
        w.add(t, (past[0].code if past else OPEN_PERIOD.code, PeriodStatus.OPEN.value, None,
                  None))
        return
    for p in past:
        w.add(t, (p.code, PeriodStatus.CLOSED.value, _closed_at(p), closer))
    w.add(t, (OPEN_PERIOD.code, PeriodStatus.OPEN.value, None, None))


def _close_and_open_next(db: Database, period: Period, closer: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(update(BillingPeriod).where(
            BillingPeriod.code == period.code, BillingPeriod.status == PeriodStatus.OPEN
        ).values(status=PeriodStatus.CLOSED.value,
                 closed_at=_closed_at(period).replace(tzinfo=UTC), closed_by_id=closer))
        nxt = period.next().code
        if conn.scalar(select(BillingPeriod.code).where(BillingPeriod.code == nxt)) is None:
            conn.execute(insert(BillingPeriod).values(code=nxt, status=PeriodStatus.OPEN.value))


def _audit(conn: Connection, accounts: int, seed: int, with_meters: bool,
           written: dict[str, int]) -> None:
    conn.execute(insert(AuditEntry).values(
        at=datetime(2025, 10, 31, 6, 0, tzinfo=UTC), user_id=None, action="demo.generate",
        entity="database", entity_id=None,
        after={"accounts": accounts, "seed": seed, "meters": with_meters,
               "rows": dict(sorted(written.items()))},
    ))
