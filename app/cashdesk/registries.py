"""Bank registries: preview with control totals, posting with the desk's split (all good lines
or none), readings carried in the lines posted through the meters' own checks, the accruals
registry exported for banks, and what is owed to each supplier per day less the bank's
commission. The same file twice posts nothing (its SHA-256), and so does the same bank
operation in another file (the payment's key is the bank and its operation number).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.exc import IntegrityError

from app.calc.money import format_rub, round_kopecks
from app.calc.period import Period
from app.cashdesk.bulk import BulkPayment, ledger_sums, post_bulk
from app.cashdesk.debts import connected_services
from app.cashdesk.registry_format import (
    PROFILES,
    ParsedRegistry,
    RegistryLine,
    parse_registry,
    profile,
)
from app.changes import Change, reports
from app.db import Database
from app.errors import DomainError, InvalidInput, Problem
from app.ledger.periods import ensure_open, open_period
from app.models import (
    Account,
    Building,
    Operation,
    Organization,
    Payment,
    PaymentRegistry,
    Premise,
)
from app.models.enums import AccountStatus, OrgKind, PaymentChannel
from app.rights import Actor, Right
from app.usecase import transaction


def line_key(bank: str, op: str) -> str:
    return f"reg:{bank}:{op}"[:80]


@dataclass
class RegistryPreview:
    file: str
    bank: str
    lines: list[RegistryLine]  # the lines that will post
    rejected: list[Problem]
    file_problems: list[Problem]
    declared_lines: int | None
    declared_total: int | None
    already_imported: str | None = None
    readings: int = 0

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def can_post(self) -> bool:
        return not self.file_problems and not self.already_imported and bool(self.lines)

    def summary(self) -> list[str]:
        out = [f"Реестр {self.file} ({self.bank})",
               f"По итоговой строке: платежей {self.declared_lines}, сумма "
               f"{format_rub(self.declared_total or 0)}",
               f"Будет проведено: {len(self.lines)} на {format_rub(self.total)}; "
               f"показаний в строках: {self.readings}",
               f"Отклонено строк: {len(self.rejected)}"]
        out += [f"  {p}" for p in self.rejected[:50]]
        out += [f"Реестр не принимается: {p.message}" for p in self.file_problems]
        if self.already_imported:
            out.append(self.already_imported)
        return out


@dataclass
class RegistryResult:
    preview: RegistryPreview
    registry_id: int
    posted: int
    total: int
    readings_summary: str = ""
    unplaced: list[str] = field(default_factory=list)


def read_file(path: Path, bank: str) -> ParsedRegistry:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(f"Не удалось прочитать файл {path}: {exc.strerror}") from None
    return parse_registry(path.name, data, profile(bank))


def _check(conn: Connection, parsed: ParsedRegistry, actor: Actor) -> RegistryPreview:
    from app.accounts.scope import visible

    prof = parsed.profile
    rejected = [p for p in parsed.problems if p.where != "файл"]
    imported = conn.execute(select(PaymentRegistry.received_at).where(
        PaymentRegistry.file_hash == parsed.digest)).scalar()
    numbers = {line.account for line in parsed.lines}
    accounts = {n: (status, company, building) for n, status, company, building in
                conn.execute(select(Account.number, Account.status, Building.company_id,
                                    Building.id)
                             .join(Premise, Premise.id == Account.premise_id)
                             .join(Building, Building.id == Premise.building_id)
                             .where(Account.number.in_(numbers)))} if numbers else {}
    keys = [line_key(prof.code, line.op) for line in parsed.lines]
    posted = set(conn.execute(select(Payment.idempotency_key)
                              .where(Payment.idempotency_key.in_(keys))).scalars()) \
        if keys else set()
    good: list[RegistryLine] = []
    seen: set[str] = set()
    for line, key in zip(parsed.lines, keys, strict=True):
        where = f"строка {line.number}"
        found = accounts.get(line.account)
        if found is None:
            rejected.append(Problem(where, f"лицевой счёт {line.account} не найден"))
        elif found[0] != AccountStatus.OPEN:
            rejected.append(Problem(where, f"лицевой счёт {line.account} закрыт"))
        elif not visible(actor, found[1], found[2]):
            rejected.append(Problem(where, f"лицевой счёт {line.account} вне вашей зоны"))
        elif key in posted or key in seen:
            rejected.append(Problem(where, f"операция {line.op} уже проведена"))
        else:
            seen.add(key)
            good.append(line)
    rejected.sort(key=lambda p: int(p.where.split()[-1]) if p.where[-1:].isdigit() else 0)
    note = (f"Этот реестр уже загружен {imported.astimezone():%d.%m.%Y %H:%M}: повторно "
            "ничего не проводится") if imported else None
    return RegistryPreview(parsed.name, prof.title, good, rejected, parsed.file_problems,
                           parsed.declared_lines, parsed.declared_total, note,
                           sum(len(line.readings) for line in good))


Progress = tuple[int, int, str]


def preview_steps(db: Database, actor: Actor, path: Path, bank: str
                  ) -> Generator[Progress, None, RegistryPreview]:
    """`preview_registry` as a job's steps (the desk runs it off the UI thread)."""
    actor.require(Right.CASH_TAKE)
    yield 0, 3, f"Чтение реестра {path.name}"
    parsed = read_file(path, bank)
    yield 1, 3, f"Проверка строк: {len(parsed.lines)}"
    with db.engine.connect() as conn:
        preview = _check(conn, parsed, actor)
    yield 3, 3, f"Проверено строк: {len(parsed.lines)}"
    return preview


def preview_registry(db: Database, actor: Actor, path: Path, bank: str) -> RegistryPreview:
    """What the file would post: control totals, lines, sum, rejected lines with reasons."""
    steps = preview_steps(db, actor, path, bank)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def import_steps(db: Database, actor: Actor, path: Path, bank: str
                 ) -> Generator[Progress, None, RegistryResult]:
    """`import_registry` as a job's steps: all or nothing, so nothing is yielded after it
    commits (a cancel before the posting posts nothing)."""
    actor.require(Right.CASH_TAKE)
    yield 0, 1, f"Проведение реестра {path.name}: платежи и показания"
    return import_registry(db, actor, path, bank)


@reports(Change.CHARGES | Change.READINGS)
def import_registry(db: Database, actor: Actor, path: Path, bank: str,
                    today: date | None = None) -> RegistryResult:
    """Post the registry's good lines in one transaction (refused whole when its control
    totals do not match or it was loaded before), then its readings through the meters."""
    actor.require(Right.CASH_TAKE)
    parsed = read_file(path, bank)
    prof = parsed.profile
    try:
        with transaction(db, actor, Right.CASH_TAKE) as tx:
            s = tx.session
            bank_id = s.scalar(select(Organization.id).where(
                Organization.kind == OrgKind.BANK, Organization.inn == prof.inn))
            # a write first: the registry row takes SQLite's write lock, and the unique hash
            # refuses a file imported meanwhile by another workstation
            reg = PaymentRegistry(file_name=parsed.name[:260], file_hash=parsed.digest,
                                  bank_id=bank_id, received_at=tx.now, lines=0, total=0)
            s.add(reg)
            s.flush()
            conn = s.connection()
            preview = _check(conn, parsed, actor)
            preview.already_imported = None  # our own row; a real repeat failed on the hash
            if preview.file_problems:
                raise InvalidInput(preview.file_problems, "Реестр не принят, ничего не "
                                                          "проведено")
            if not preview.lines:
                raise DomainError("В реестре нет строк, которые можно провести:\n"
                                  + "\n".join(str(p) for p in preview.rejected[:20]))
            posting = ensure_open(s, open_period(s))
            result = _post(conn, preview, prof.code, reg.id, posting, actor)
            reg.lines, reg.total = result
            tx.audit("registry.import", "payment_registry", reg.id, after={
                "file": parsed.name, "sha256": parsed.digest, "bank": prof.code,
                "lines": reg.lines, "total": reg.total,
                "rejected": [str(p) for p in preview.rejected[:100]]})
            registry_id, posted, total = reg.id, reg.lines, reg.total
    except IntegrityError:
        with db.session() as s2:
            when = s2.scalar(select(PaymentRegistry.received_at)
                             .where(PaymentRegistry.file_hash == parsed.digest))
        if when is None:
            raise
        raise DomainError(f"Этот реестр уже загружен {when.astimezone():%d.%m.%Y %H:%M}: "
                          "повторно ничего не проведено") from None
    readings = _post_readings(db, actor, preview, today or date.today())
    return RegistryResult(preview, registry_id, posted, total, readings)


def _post(conn: Connection, preview: RegistryPreview, bank: str, registry_id: int,
          posting: Period, actor: Actor) -> tuple[int, int]:
    numbers = {line.account for line in preview.lines}
    ids = dict(conn.execute(select(Account.number, Account.id)
                            .where(Account.number.in_(numbers))).all())
    if conn.dialect.name == "postgresql":  # cashiers paying these accounts wait for us
        ordered = sorted(ids.values())
        for i in range(0, len(ordered), 5000):
            conn.execute(select(Account.id).where(Account.id.in_(ordered[i:i + 5000]))
                         .order_by(Account.id).with_for_update())
    # (SQLite: the registry row written first already holds the database's write lock)
    company_of = dict(conn.execute(
        select(Account.id, Building.company_id)
        .join(Premise, Premise.id == Account.premise_id)
        .join(Building, Building.id == Premise.building_id)
        .where(Account.id.in_(list(ids.values())))).all())
    items = [BulkPayment(
        key=line_key(bank, line.op), account_id=ids[line.account], account=line.account,
        amount=line.amount, paid_on=line.paid_on,
        created_at=datetime.combine(line.paid_on, time(12, 0), UTC),
        channel=PaymentChannel.BANK.value, period=line.period, created_by_id=actor.user_id,
        registry_id=registry_id) for line in preview.lines]
    sums = ledger_sums(conn, ids.values())
    placed, unplaced = post_bulk(conn, items, posting, company_of, sums,
                                 connected_services(conn, ids.values()))
    if unplaced:
        raise DomainError("Аванс некуда зачислить (к счёту не подключено услуг на день "
                          "платежа): "
                          + ", ".join(sorted({p.account for p in unplaced})[:20]))
    return len(placed), sum(i.amount for i in items)


def _post_readings(db: Database, actor: Actor, preview: RegistryPreview, today: date) -> str:
    """The readings in the posted lines, through the meters' import (the same checks as the
    entry grid; a repeat is «уже загружено»)."""
    from app.meters.importing import ParsedFile, ParsedRow, import_readings

    rows = [ParsedRow(where=f"строка {line.number}", period=Period.of(line.paid_on),
                      value=value, account=line.account, serial=serial, taken_on=line.paid_on,
                      order=line.number)
            for line in preview.lines for serial, value in line.readings]
    if not rows:
        return ""
    report = import_readings(db, actor, ParsedFile(preview.file, rows), today=today,
                             source="import")
    return report.summary()


# ------------------------------------------------------------------ export and supplier report

def export_registry(db: Database, actor: Actor, period: Period, bank: str, out: Path) -> int:
    """The accruals registry for a bank: what each account owes by the end of `period`, in
    the bank's format (encoding, totals line). Returns the number of lines."""
    _require_reports(actor)
    prof = profile(bank)
    with db.session() as s:
        rows = s.execute(
            select(Account.number, Account.payer_name, Building.street, Building.house,
                   Premise.number, func.sum(Operation.amount))
            .join(Premise, Premise.id == Account.premise_id)
            .join(Building, Building.id == Premise.building_id)
            .join(Operation, Operation.account_id == Account.id)
            .where(Operation.period <= period.code, Account.status == AccountStatus.OPEN)
            .group_by(Account.number, Account.payer_name, Building.street, Building.house,
                      Premise.number)
            .having(func.sum(Operation.amount) > 0).order_by(Account.number)).all()
    kop = prof.amount_in_kopecks
    per = f"{period.month:02d}{'.' if kop else ''}{period.year}"
    lines = [f"{n};{payer};{street}, д. {house}, кв. {flat};{per};"
             f"{amount if kop else format_rub(int(amount), currency=False).replace(chr(160), '')}"
             for n, payer, street, house, flat, amount in rows]
    total = sum(int(r[5]) for r in rows)
    total_text = str(total) if kop else format_rub(total, currency=False).replace("\xa0", "")
    if prof.totals == "header":
        lines.insert(0, f"#НАЧИСЛЕНИЯ;{period.last_day:{prof.date_format}};{len(rows)};"
                        f"{total_text}")
    else:
        lines.append(f"={len(rows)};{total_text}")
    try:
        out.write_bytes(("\r\n".join(lines) + "\r\n").encode(prof.encoding, errors="replace"))
    except OSError as exc:
        raise DomainError(f"Не удалось записать {out}: {exc.strerror}") from None
    return len(rows)


@dataclass(frozen=True)
class OwedRow:
    day: date
    supplier: str
    inn: str
    collected: int
    commission: int

    @property
    def owed(self) -> int:
        return self.collected - self.commission


def supplier_owed(db: Database, actor: Actor, date_from: date, date_to: date,
                  narrow: Callable[[Select], Select] | None = None) -> list[OwedRow]:
    """Money collected for each supplier per day (desk and banks), less each bank's commission
    by its profile; refunds and cancellations reduce the day they were made. `narrow` limits
    the payment operations further (the reports' filter and the user's scope)."""
    _require_reports(actor)
    rates = {p.inn: p.commission_bp for p in PROFILES.values()}
    bank = Organization.__table__.alias("bank")
    q = (select(Operation.op_date, Organization.short_name, Organization.inn, bank.c.inn,
                func.sum(-Operation.amount))
         .select_from(Operation)
         .join(Payment, Payment.id == Operation.payment_id)
         .outerjoin(PaymentRegistry, PaymentRegistry.id == Payment.registry_id)
         .outerjoin(bank, bank.c.id == PaymentRegistry.bank_id)
         .outerjoin(Organization, Organization.id == Operation.supplier_id)
         .where(Operation.kind == "payment", Operation.op_date >= date_from,
                Operation.op_date <= date_to))
    if narrow is not None:
        q = narrow(q)
    with db.session() as s:
        rows = s.execute(q.group_by(Operation.op_date, Organization.short_name,
                                    Organization.inn, bank.c.inn)).all()
    acc: dict[tuple[date, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for day, name, inn, bank_inn, amount in rows:
        cell = acc[(day, name or "без поставщика", inn or "")]
        cell[0] += int(amount)
        bp = rates.get(bank_inn or "", 0)
        cell[1] += int(round_kopecks(Decimal(int(amount)) * bp / 10000)) if bp else 0
    return [OwedRow(d, n, i, c, k) for (d, n, i), (c, k) in sorted(acc.items())]


def _require_reports(actor: Actor) -> None:
    """Cashiers see their registries and supplier sums; others need the reports right."""
    if not actor.can(Right.CASH_TAKE):
        actor.require(Right.REPORTS)
