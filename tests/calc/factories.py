"""Builders for engine inputs: short, readable test stories (STYLE.md: test data from factories)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.accrual import calculate_account
from app.calc.basis import ChargeLine
from app.calc.errors import CalcError
from app.calc.inputs import (
    AccountPeriodInput,
    Method,
    ResidentSpan,
    ServiceInput,
    ServiceKind,
    ServiceRule,
)
from app.calc.period import Period
from app.calc.timeline import DatedValue, Timeline

NOV = Period(2026, 11)
LONG_AGO = date(2020, 1, 1)


def D(text: str | int) -> Decimal:
    return Decimal(str(text))


def const(value: str | int) -> Timeline:
    return Timeline.const(D(value), LONG_AGO)


def steps(*pieces: tuple[date, date | None, str]) -> Timeline:
    return Timeline.of(*(DatedValue(a, b, D(v)) for a, b, v in pieces))


def rule(
    code: str = "cold_water",
    method: Method = Method.NORM,
    tariff: Timeline | str = "45.20",
    **kw: object,
) -> ServiceRule:
    t = tariff if isinstance(tariff, Timeline) else const(tariff)
    kw.setdefault("kind", ServiceKind.COLD_WATER)
    return ServiceRule(code, method, t, **kw)  # type: ignore[arg-type]


def residents(*starts: date, ends: tuple[date | None, ...] = ()) -> tuple[ResidentSpan, ...]:
    out = []
    for i, start in enumerate(starts):
        end = ends[i] if i < len(ends) else None
        out.append(ResidentSpan(f"p{i + 1}", start, end))
    return tuple(out)


def account(
    *services: ServiceInput | ServiceRule,
    area: str | Timeline | None = "54.3",
    people: tuple[ResidentSpan, ...] = (),
    owners: int = 0,
    opened: date | None = None,
    closed: date | None = None,
) -> AccountPeriodInput:
    svcs = tuple(s if isinstance(s, ServiceInput) else ServiceInput(s) for s in services)
    a = area if isinstance(area, Timeline) or area is None else const(area)
    return AccountPeriodInput("0000000013", a, svcs, people, owners, opened, closed)


def calc(inp: AccountPeriodInput, period: Period = NOV) -> list[ChargeLine]:
    lines, errors = calculate_account(inp, period)
    assert errors == [], errors
    return lines


def one(inp: AccountPeriodInput, period: Period = NOV) -> ChargeLine:
    lines = calc(inp, period)
    assert len(lines) == 1, lines
    return lines[0]


def errors_of(inp: AccountPeriodInput, period: Period = NOV) -> list[CalcError]:
    return calculate_account(inp, period).errors
