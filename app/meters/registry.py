"""The meter registry: add, edit, replace and remove meters; list them by account or building.

A replacement is one action: the old meter's final reading and the new meter's initial reading on
the same date, in the period of that date; the month's consumption is then old (final − previous)
plus new (current − initial), see `rules.period_consumption`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calc import bounds
from app.calc.period import Period
from app.changes import Change, reports
from app.db import Database
from app.errors import Conflict, InvalidInput, NotFound, Problem
from app.meters.rules import qty, verification_due
from app.meters.state import MeterInfo, load_states, meters_by_id, period_closed, select_meters
from app.models import Account, Building, Meter, Premise, Reading, Service
from app.models.enums import (
    CalcMethod,
    MeterKind,
    MeterStatus,
    ReadingKind,
    ReadingSource,
    Resource,
)
from app.rights import Actor, Right
from app.usecase import Tx, transaction

Values = Mapping[int, Decimal]  # zone → reading
# what a flat's meter can measure (nobody meters the drain), and what may have tariff zones
METERED_RESOURCES = tuple(r for r in Resource if r != Resource.SEWERAGE)
ZONED_RESOURCES = frozenset({Resource.ELECTRICITY})


@dataclass(frozen=True)
class MeterData:
    """What an operator fills in for a meter."""

    kind: str
    resource: str
    serial: str
    installed_on: date
    account_id: int | None = None
    premise_id: int | None = None
    building_id: int | None = None
    model: str | None = None
    zones: int = 1
    digits: int = 5
    seal_number: str | None = None
    sealed_on: date | None = None
    verified_on: date | None = None
    verification_interval_years: int | None = None
    next_verification: date | None = None
    service_id: int | None = None


@dataclass(frozen=True)
class MeterCard(MeterData):
    meter_id: int = 0
    status: str = MeterStatus.ACTIVE
    removed_on: date | None = None
    replaced_by_id: int | None = None
    version: int = 1


_FIELDS = tuple(MeterData.__dataclass_fields__)


def _check_data(d: MeterData, today: date) -> list[Problem]:
    p: list[Problem] = []
    if d.kind not in MeterKind._value2member_map_:
        p.append(Problem("вид", f"Неизвестный вид прибора «{d.kind}»"))
    if d.resource not in Resource._value2member_map_:
        p.append(Problem("ресурс", f"Неизвестный ресурс «{d.resource}»"))
    if not d.serial.strip():
        p.append(Problem("заводской номер", "Не указан заводской номер"))
    place = {MeterKind.INDIVIDUAL: d.account_id, MeterKind.COMMON_APARTMENT: d.premise_id,
             MeterKind.BUILDING: d.building_id}.get(MeterKind(d.kind)) \
        if d.kind in MeterKind._value2member_map_ else 0
    if place is None:
        p.append(Problem("место", {MeterKind.INDIVIDUAL: "Не указан лицевой счёт",
                                   MeterKind.COMMON_APARTMENT: "Не указана квартира",
                                   MeterKind.BUILDING: "Не указан дом"}[MeterKind(d.kind)]))
    if not 1 <= d.zones <= 3 or (d.zones > 1 and d.resource not in ZONED_RESOURCES):
        p.append(Problem("зоны", "Зон может быть 1; у электроэнергии — 1, 2 или 3"))
    if not 3 <= d.digits <= 9:
        p.append(Problem("разрядность", "Разрядность счётчика — от 3 до 9 знаков"))
    if d.installed_on > today:
        p.append(Problem("дата установки", f"Дата установки {d.installed_on:%d.%m.%Y} "
                                           "ещё не наступила"))
    if d.verified_on and d.verified_on > today:
        p.append(Problem("дата поверки", "Дата поверки ещё не наступила"))
    nv = d.next_verification
    if nv is not None and d.verified_on is not None and nv <= d.verified_on:
        p.append(Problem("следующая поверка", "Следующая поверка раньше последней"))
    return p + _bound_problems(d)


# the columns' own lengths: one source of truth for the form, the import and the table
_TEXTS = {"serial": "заводской номер", "model": "модель", "seal_number": "пломба"}
_DATES = {"installed_on": "дата установки", "sealed_on": "дата опломбирования",
          "verified_on": "дата поверки", "next_verification": "следующая поверка"}
MAX_INTERVAL_YEARS = 50


def _bound_problems(d: MeterData) -> list[Problem]:
    """Texts a database can store within the column, dates and the interval within bounds."""
    p: list[Problem] = []
    for name, title in _TEXTS.items():
        text = getattr(d, name)
        if text is not None:
            column: Any = Meter.__table__.c[name].type
            problem = bounds.text_problem(text, column.length)
            if problem is not None:
                p.append(Problem(title, problem))
    for name, title in _DATES.items():
        day = getattr(d, name)
        if day is not None:
            try:
                bounds.check_date(day)
            except ValueError as exc:
                p.append(Problem(title, str(exc)))
    years = d.verification_interval_years
    if years is not None and not 1 <= years <= MAX_INTERVAL_YEARS:
        p.append(Problem("межповерочный интервал", f"от 1 до {MAX_INTERVAL_YEARS} лет"))
    return p


def _value_problems(values: Values | None, on: date) -> list[Problem]:
    out = []
    try:
        bounds.check_date(on)
    except ValueError as exc:
        out.append(Problem("дата", str(exc)))
    for zone, value in (values or {}).items():
        try:
            bounds.check_quantity(Decimal(value))
            if value < 0:
                raise ValueError(f"не может быть отрицательным: {qty(value)}")
        except (ValueError, ArithmeticError) as exc:
            out.append(Problem(f"зона {zone}", f"Показание: {exc}"))
    return out


def _normalised(d: MeterData) -> MeterData:
    nv = d.next_verification or verification_due(d.verified_on, d.verification_interval_years)
    return replace(d, serial=d.serial.strip(), next_verification=nv)


def _default_service(s: Session, d: MeterData) -> int | None:
    """An individual meter counts for the metered service of its resource."""
    if d.service_id is not None or d.kind == MeterKind.BUILDING:
        return d.service_id
    return s.scalar(select(Service.id).where(Service.resource == d.resource,
                                             Service.method == CalcMethod.METERED)
                    .order_by(Service.sort_order).limit(1))


def _check_place(s: Session, d: MeterData) -> None:
    for model, key, title in ((Account, d.account_id, "Лицевой счёт"),
                              (Premise, d.premise_id, "Помещение"),
                              (Building, d.building_id, "Дом")):
        if key is not None and s.get(model, key) is None:
            raise NotFound(f"{title} {key} не найден")


def _initial(tx: Tx, meter: Meter, on: date, values: Values | None, kind: ReadingKind) -> None:
    if values is None:
        return
    problems = _value_problems(values, on)
    if problems:
        raise InvalidInput(problems, "Показания прибора не приняты")
    missing = [z for z in range(1, meter.zones + 1) if z not in values]
    if missing:
        raise InvalidInput([Problem("показания", f"Нет показания зоны {z}") for z in missing])
    for zone in range(1, meter.zones + 1):
        tx.session.add(Reading(meter_id=meter.id, period=Period.of(on).code, taken_on=on,
                               zone=zone, value=Decimal(values[zone]), kind=kind,
                               source=ReadingSource.OPERATOR, rollover=False,
                               entered_by_id=tx.actor.user_id, entered_at=tx.now))


def _open_period_on(s: Session, on: date) -> None:
    period = Period.of(on)
    if period_closed(s, period):
        raise InvalidInput([Problem("дата", f"Период {period.title()} закрыт: замену или снятие "
                                            "этой датой оформить нельзя")])


@reports(Change.METERS | Change.READINGS)
def add_meter(db: Database, actor: Actor, data: MeterData, *, today: date,
              initial: Values | None = None) -> int:
    """Register a meter, with its initial reading(s) on the installation date if given."""
    actor.require(Right.METERS_EDIT)
    d = _normalised(data)
    problems = _check_data(d, today)
    if problems:
        raise InvalidInput(problems, "Прибор не сохранён")
    with transaction(db, actor, Right.METERS_EDIT) as tx:
        _check_place(tx.session, d)
        if initial is not None:
            _open_period_on(tx.session, d.installed_on)
        meter = Meter(**{**asdict(d), "service_id": _default_service(tx.session, d)},
                      status=MeterStatus.ACTIVE)
        tx.session.add(meter)
        tx.session.flush()
        _initial(tx, meter, d.installed_on, initial, ReadingKind.INITIAL)
        tx.audit("meter.add", "meter", meter.id, after={**asdict(d), "initial": initial})
        return meter.id


@reports(Change.METERS | Change.READINGS)
def edit_meter(db: Database, actor: Actor, meter_id: int, data: MeterData, *, version: int,
               today: date) -> None:
    """Change a meter's details; `version` is the one the operator saw (optimistic check)."""
    actor.require(Right.METERS_EDIT)
    d = _normalised(data)
    problems = _check_data(d, today)
    if problems:
        raise InvalidInput(problems, "Прибор не сохранён")
    with transaction(db, actor, Right.METERS_EDIT) as tx:
        meter = _get(tx.session, meter_id)
        if meter.version != version:
            raise Conflict("Прибор изменил другой пользователь. Откройте его заново")
        before = {f: getattr(meter, f) for f in _FIELDS}
        _check_place(tx.session, d)
        for f in _FIELDS:
            setattr(meter, f, getattr(d, f))
        meter.service_id = _default_service(tx.session, d)
        tx.audit("meter.edit", "meter", meter_id, before=before, after=asdict(d))


def _get(s: Session, meter_id: int) -> Meter:
    meter = s.get(Meter, meter_id)
    if meter is None:
        raise NotFound(f"Прибор {meter_id} не найден")
    return meter


def _final(tx: Tx, meter: Meter, on: date, final: Values, today: date) -> None:
    """Check and write the old meter's final reading(s)."""
    if meter.status != MeterStatus.ACTIVE:
        raise InvalidInput([Problem(f"прибор №{meter.serial}", "Прибор уже снят или заменён")])
    problems = _value_problems(final, on)
    if problems:
        raise InvalidInput(problems, "Снятие прибора не оформлено")
    if on > today:
        problems.append(Problem("дата", f"Дата {on:%d.%m.%Y} ещё не наступила"))
    if on < meter.installed_on:
        problems.append(Problem("дата", "Дата снятия раньше установки прибора"))
    info = meters_by_id(tx.session, tx.actor, [meter.id])[meter.id]
    states = load_states(tx.session, [info], Period.of(on))
    for zone in range(1, meter.zones + 1):
        if zone not in final:
            problems.append(Problem(f"зона {zone}", "Нет конечного показания"))
            continue
        st = states[(meter.id, zone)]
        last = st.current or st.previous  # the latest reading before the final one
        if last is not None and final[zone] < last.value:
            problems.append(Problem(f"зона {zone}", f"Конечное показание {qty(final[zone])} "
                                                    f"меньше последнего {qty(last.value)}"))
    if problems:
        raise InvalidInput(problems, "Снятие прибора не оформлено")
    _open_period_on(tx.session, on)
    _initial(tx, meter, on, final, ReadingKind.FINAL)


@reports(Change.METERS | Change.READINGS)
def replace_meter(db: Database, actor: Actor, old_id: int, *, on: date, final: Values,
                  new: MeterData, initial: Values, today: date) -> int:
    """Replace a meter on `on`: final reading of the old, initial reading of the new."""
    with transaction(db, actor, Right.METERS_EDIT) as tx:
        old = _get(tx.session, old_id)
        d = _normalised(replace(new, kind=old.kind, resource=old.resource,
                                account_id=old.account_id, premise_id=old.premise_id,
                                building_id=old.building_id, service_id=old.service_id,
                                installed_on=on))
        problems = _check_data(d, today)
        if problems:
            raise InvalidInput(problems, "Новый прибор не сохранён")
        _final(tx, old, on, final, today)
        meter = Meter(**asdict(d), status=MeterStatus.ACTIVE)
        tx.session.add(meter)
        tx.session.flush()
        _initial(tx, meter, on, initial, ReadingKind.INITIAL)
        before = {"status": old.status}
        old.status, old.removed_on, old.replaced_by_id = MeterStatus.REPLACED, on, meter.id
        tx.audit("meter.replace", "meter", old_id, before=before,
                 after={"on": on, "final": dict(final), "new_meter_id": meter.id,
                        "new": asdict(d), "initial": dict(initial)})
        return meter.id


@reports(Change.METERS | Change.READINGS)
def remove_meter(db: Database, actor: Actor, meter_id: int, *, on: date, final: Values,
                 today: date) -> None:
    """Take a meter out of service without a replacement (the service goes by norm)."""
    with transaction(db, actor, Right.METERS_EDIT) as tx:
        meter = _get(tx.session, meter_id)
        _final(tx, meter, on, final, today)
        meter.status, meter.removed_on = MeterStatus.REMOVED, on
        tx.audit("meter.remove", "meter", meter_id, before={"status": MeterStatus.ACTIVE},
                 after={"status": MeterStatus.REMOVED, "on": on, "final": dict(final)})


def meter_card(db: Database, actor: Actor, meter_id: int) -> MeterCard:
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        m = _get(s, meter_id)
        return MeterCard(**{f: getattr(m, f) for f in _FIELDS}, meter_id=m.id, status=m.status,
                         removed_on=m.removed_on, replaced_by_id=m.replaced_by_id,
                         version=m.version)


def list_meters(db: Database, actor: Actor, *, account_id: int | None = None,
                building_id: int | None = None, on: date) -> list[MeterInfo]:
    """Active meters of an account (with its flat's common meters) or of a whole building."""
    actor.require(Right.ACCOUNT_VIEW)
    with db.session() as s:
        return select_meters(s, actor, Period.of(on), account_id=account_id,
                             building_id=building_id)
