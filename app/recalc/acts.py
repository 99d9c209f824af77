"""Acts of interruption and poor quality (ПП 354 разд. X, приложение 1) and the reduction they
cause, posted as a recalculation with its basis.

For a month, a service and an account, the hours of every interruption act covering it (its own
and its building's) are added up; each hour beyond the permitted monthly total reduces the
month's charge by 0.15 %; hot water below the norm: 0.1 % per 3 °C per hour. The permitted hours
are the service's own, or the federal values (water 8 h a month / 4 h at once, heating 24 / 16)
when the service has none. An interruption longer than the permitted single one is a violation
named in the basis of the reduction (DOMAIN.md counts the reduction's hours beyond the monthly
total). The posting is the month's reduction minus what acts already posted for that month, so
every new act of a month corrects the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.accounts.scope import visible_account_or_none
from app.calc.inputs import ServiceKind
from app.calc.money import format_rub
from app.calc.period import Period
from app.calc.quality import (
    FEDERAL_INTERRUPTION_RULES,
    InterruptionRule,
    TemperatureEpisode,
    hot_water_temperature_reduction,
    interruption_reduction,
)
from app.db import Database
from app.errors import DomainError, InvalidInput, Problem
from app.ledger.periods import ensure_open, open_period
from app.models import Account, Building, Premise, Service, UnderSupplyAct
from app.models.enums import OperationKind as K
from app.recalc.ledger import (
    NewOperation,
    num,
    period_charges_of,
    post,
    posted_by_cause_of,
    service_kind,
)
from app.rights import Actor, Right
from app.usecase import transaction

INTERRUPTION, TEMPERATURE = "interruption", "temperature"
HOUR = Decimal(3600)


@dataclass(frozen=True)
class ActInput:
    service_code: str
    started_at: datetime
    ended_at: datetime
    building_id: int | None = None
    account_number: str | None = None
    kind: str = INTERRUPTION
    degrees_below: Decimal | None = None  # hot water: degrees below the permitted deviation
    document: str = ""


@dataclass(frozen=True)
class ActLine:
    account_number: str
    charge: int
    hours: Decimal
    amount: int  # posted now (negative: a reduction)


@dataclass
class ActResult:
    act_id: int
    period: Period
    lines: list[ActLine] = field(default_factory=list)
    message: str = ""

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def interruption_rule(svc: Service) -> InterruptionRule:
    """The service's permitted hours, the federal ones where it has none."""
    kind = service_kind(svc.code, svc.resource)
    federal = FEDERAL_INTERRUPTION_RULES.get(kind)
    month = svc.permitted_hours_month
    once = svc.permitted_hours_once
    if month is not None:
        return InterruptionRule(Decimal(month), Decimal(once) if once is not None else (
            federal.permitted_hours_once if federal else None))
    if federal is None:
        raise DomainError(f"Для услуги «{svc.name}» не заданы допустимые часы перерыва: укажите "
                          "их в справочнике услуг")
    return InterruptionRule(federal.permitted_hours_month, Decimal(once) if once is not None
                            else federal.permitted_hours_once)


def register_act(db: Database, actor: Actor, inp: ActInput) -> ActResult:
    with transaction(db, actor, Right.BILLING_RUN) as tx:
        s = tx.session
        svc = s.scalar(select(Service).where(Service.code == inp.service_code))
        account = _check(s, actor, inp, svc)
        assert svc is not None
        period = Period.of(inp.started_at.astimezone(UTC).date())
        current = open_period(s)
        if period > current:
            raise DomainError(f"Акт за {period}: этот период ещё не наступил")
        act = UnderSupplyAct(building_id=inp.building_id, account_id=account,
                             service_id=svc.id, kind=inp.kind, started_at=inp.started_at,
                             ended_at=inp.ended_at, degrees_below=inp.degrees_below,
                             document=inp.document.strip() or None, period=period.code,
                             created_at=tx.now, user_id=actor.user_id)
        s.add(act)
        s.flush()
        result = _post_month(s, actor, svc, period, act)
        tx.audit("act.add", "under_supply_act", act.id, after={
            "service": svc.code, "building_id": inp.building_id, "account": inp.account_number,
            "kind": inp.kind, "from": inp.started_at, "to": inp.ended_at,
            "degrees_below": inp.degrees_below, "reduction": result.total})
    return result


def _check(s: Session, actor: Actor, inp: ActInput, svc: Service | None) -> int | None:
    problems = []
    if svc is None:
        problems.append(Problem("Услуга", f"нет услуги {inp.service_code}"))
    if inp.ended_at <= inp.started_at:
        problems.append(Problem("Окончание", "акт заканчивается раньше, чем начинается"))
    elif Period.of(inp.started_at.astimezone(UTC).date()) != \
            Period.of((inp.ended_at.astimezone(UTC) - _SECOND).date()):
        problems.append(Problem("Окончание", "интервал выходит за календарный месяц: "
                                              "составьте акт на каждый месяц"))
    if (inp.building_id is None) == (inp.account_number is None):
        problems.append(Problem("Где", "укажите дом или лицевой счёт (одно из двух)"))
    if inp.kind not in (INTERRUPTION, TEMPERATURE):
        problems.append(Problem("Вид", "перерыв или ненадлежащая температура"))
    elif inp.kind == TEMPERATURE and (inp.degrees_below is None or inp.degrees_below <= 0):
        problems.append(Problem("Отклонение", "укажите, на сколько градусов ниже допустимого"))
    elif inp.kind == TEMPERATURE and svc is not None and \
            service_kind(svc.code, svc.resource) != ServiceKind.HOT_WATER:
        problems.append(Problem("Вид", "акт о температуре составляется на горячую воду"))
    account = None
    if inp.account_number is not None:
        found = visible_account_or_none(s, actor, inp.account_number)
        account = found[0].id if found else None
        if account is None:
            problems.append(Problem("Лицевой счёт", f"нет счёта {inp.account_number}"))
    if inp.building_id is not None and s.get(Building, inp.building_id) is None:
        problems.append(Problem("Дом", f"нет дома {inp.building_id}"))
    if problems:
        raise InvalidInput(problems, "Акт не записан")
    if svc is not None and inp.kind == INTERRUPTION:
        interruption_rule(svc)  # a service without permitted hours is refused here
    return account


_SECOND = datetime(2000, 1, 1, 0, 0, 1) - datetime(2000, 1, 1)


def _hours(a: UnderSupplyAct) -> Decimal:
    return Decimal(int((a.ended_at - a.started_at).total_seconds())) / HOUR


def _post_month(s: Session, actor: Actor, svc: Service, period: Period,
                act: UnderSupplyAct) -> ActResult:
    """The month's reduction of every account the act covers; a building's act reads its
    accounts, acts, charges and earlier reductions in a few queries, not a few per account."""
    where = (Account.id == act.account_id if act.account_id is not None
             else Premise.building_id == act.building_id)
    accounts = s.execute(select(Account.id, Account.number, Premise.building_id)
                         .join(Premise, Premise.id == Account.premise_id)
                         .where(where).order_by(Account.id)).all()
    ids = [a for a, _n, _b in accounts]
    result = ActResult(act.id, period)
    target = ensure_open(s, open_period(s))
    cause = f"quality:{svc.code}"
    acts = _acts_of(s, ids, {b for _a, _n, b in accounts}, svc.id, period)
    charges_of = period_charges_of(s, ids, period, svc.id)
    posted_of = posted_by_cause_of(s, [a for a in ids if a in charges_of], cause)
    ops = []
    for acc, number, building in accounts:
        charges = charges_of.get(acc)
        if not charges:
            continue
        mine = [a for a in acts if a.account_id == acc or a.building_id == building]
        posted = posted_of.get(acc, {})
        for ch in charges:
            want, hours, text = _reduction(svc, ch.amount, mine)
            amount = -want - posted.get((period.code, ch.service_id, ch.supplier_id), 0)
            if amount:
                ops.append(NewOperation(acc, ch.service_id, ch.supplier_id, ch.company_id,
                                        period.code, amount, text,
                                        {"acts": [a.id for a in mine]}))
                result.lines.append(ActLine(number or str(acc), ch.amount, hours, amount))
    post(s, actor, K.RECALCULATION, target, cause, ops)
    result.message = (f"Снижение платы за {period}: {format_rub(-result.total)}" if result.lines
                      else f"Снижения нет: допустимое время не превышено или начислений за "
                           f"{period} ещё нет")
    return result


def _acts_of(s: Session, account_ids: list[int], building_ids: set[int], service_id: int,
             period: Period) -> list[UnderSupplyAct]:
    """The service's acts of the month for these accounts or their buildings."""
    found: dict[int, UnderSupplyAct] = {}
    for i in range(0, max(len(account_ids), 1), 1000):
        for a in s.scalars(select(UnderSupplyAct).where(
                UnderSupplyAct.service_id == service_id, UnderSupplyAct.period == period.code,
                or_(UnderSupplyAct.account_id.in_(account_ids[i:i + 1000]),
                    UnderSupplyAct.building_id.in_(sorted(building_ids))))):
            found[a.id] = a
    return sorted(found.values(), key=lambda a: (a.started_at, a.id))


def _reduction(svc: Service, charge: int, acts: list[UnderSupplyAct]
               ) -> tuple[int, Decimal, str]:
    breaks = [a for a in acts if a.kind == INTERRUPTION]
    cold = [a for a in acts if a.kind == TEMPERATURE]
    hours = sum((_hours(a) for a in breaks), Decimal(0))
    parts = []
    amount = 0
    if breaks:
        rule = interruption_rule(svc)
        amount += interruption_reduction(charge, hours, rule)
        excess = max(hours - rule.permitted_hours_month, Decimal(0))
        parts.append(f"перерывы {num(hours)} ч при допустимых "
                     f"{num(rule.permitted_hours_month)} ч в месяц: {num(excess)} ч × "
                     f"{num(rule.percent_per_hour)} % от {format_rub(charge)}")
        if rule.permitted_hours_once is not None:
            long = [a for a in breaks if _hours(a) > rule.permitted_hours_once]
            parts.extend(f"перерыв {a.started_at:%d.%m.%Y %H:%M} — {num(_hours(a))} ч при "
                         f"допустимых {num(rule.permitted_hours_once)} ч единовременно"
                         for a in long)
    if cold and service_kind(svc.code, svc.resource) == ServiceKind.HOT_WATER:
        episodes = [TemperatureEpisode(_hours(a), a.degrees_below or Decimal(0)) for a in cold]
        amount += hot_water_temperature_reduction(charge, episodes)
        parts.append("температура ниже допустимой: " + ", ".join(
            f"{num(e.hours)} ч на {num(e.degrees_below)} °C" for e in episodes))
    amount = min(amount, charge)
    acts_text = ", ".join(f"№{a.id}" for a in acts)
    return amount, hours, (f"Акты {acts_text}: " + "; ".join(parts)
                           + f"; снижение {format_rub(amount)}")
