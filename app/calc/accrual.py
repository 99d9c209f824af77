"""One account's charges for one period: the engine's entry point.

`calculate_account(inp, period)` returns `CalcResult(lines, errors)`: one `ChargeLine` per service
that has days in the period, and a `CalcError` per service that could not be computed (the other
services are still charged). Nothing here reads a clock or a database.
"""

from __future__ import annotations

from datetime import date
from decimal import Context, localcontext
from typing import NamedTuple, cast

from app.calc.basis import ChargeLine
from app.calc.bounds import MAX_AMOUNT
from app.calc.context import AccountContext
from app.calc.errors import CalcError, CalcErrors, ErrorCode
from app.calc.inputs import AccountPeriodInput, ServiceInput
from app.calc.methods import METHODS
from app.calc.money import round_kopecks
from app.calc.period import Period
from app.calc.pricing import check_timeline
from app.calc.proration import active_span
from app.calc.timeline import Timeline

# Products of exact inputs stay exact and the few divisions (days, averages, area shares) keep far
# more digits than a kopeck needs, whatever context the caller runs in.
ENGINE_CONTEXT = Context(prec=50)
MEMO_LIMIT = 2_048  # lines kept per service rule; cleared when full (few: retained lines cost GC)


class CalcResult(NamedTuple):
    lines: list[ChargeLine]
    errors: list[CalcError]


def calculate_account(inp: AccountPeriodInput, period: Period) -> CalcResult:
    """Charges of one account for one period, with the errors of the services that failed."""
    lines: list[ChargeLine] = []
    errors: list[CalcError] = []
    if inp.opened is not None and inp.closed is not None and inp.closed < inp.opened:
        errors.append(CalcError(ErrorCode.BAD_DATES, "Лицевой счёт закрыт раньше, чем открыт"))
        return CalcResult(lines, errors)
    span = active_span(period, inp.opened, inp.closed)
    if span is None:
        return CalcResult(lines, errors)
    ctx = AccountContext(inp, period, span[0], span[1])
    with localcontext(ENGINE_CONTEXT):
        for svc in inp.services:
            try:
                line = charge_service(svc, ctx)
            except CalcError as err:
                errors.append(err.with_service(svc.rule.service_code))
                continue
            except CalcErrors as group:
                errors.extend(e.with_service(svc.rule.service_code) for e in group.errors)
                continue
            if line is not None:
                lines.append(line)
    return CalcResult(lines, errors)


def charge_service(svc: ServiceInput, ctx: AccountContext) -> ChargeLine | None:
    rule = svc.rule
    start, end = ctx.start, ctx.end
    if rule.provided_from is not None or rule.provided_to is not None:
        lo = max(start, rule.provided_from) if rule.provided_from is not None else start
        hi = min(end, rule.provided_to) if rule.provided_to is not None else end
        if lo > hi:
            return None
        start, end = lo, hi
    if rule.tariff.overlap is not None or (rule.norm is not None and rule.norm.overlap is not None):
        raise CalcErrors(_input_problems(svc, ctx, start, end))
    spec = METHODS.get(rule.method)
    if spec is None:
        raise CalcError(ErrorCode.UNKNOWN_METHOD, f"Неизвестный способ расчёта {rule.method}")
    # only a method that declares what its line depends on shares lines between accounts
    key = spec.memo_key(svc, ctx, start, end) if spec.memo_key is not None else None
    if key is not None:
        found = rule.memo.get(key)
        if found is not None:
            return cast(ChargeLine, found)
    basis = spec.charge(svc, ctx, start, end)
    line = ChargeLine(rule.service_code, rule.supplier_key, round_kopecks(basis.exact), basis)
    if abs(line.amount) > MAX_AMOUNT:  # the ledger's bound (app.calc.bounds): a typing slip
        raise CalcError(ErrorCode.BAD_VALUE, f"Начисление {line.amount} коп. больше допустимых "
                        f"{MAX_AMOUNT} коп. в одной операции: проверьте показания, площадь и тариф")
    if key is not None:
        if len(rule.memo) >= MEMO_LIMIT:
            rule.memo.clear()
        rule.memo[key] = line
    return line


def _input_problems(
    svc: ServiceInput, ctx: AccountContext, start: date, end: date
) -> list[CalcError]:
    """Every bad input of a service at once (only called when one was found)."""
    rule = svc.rule
    found: list[CalcError] = []
    checks: list[tuple[Timeline | None, str]] = [(rule.tariff, "тариф"), (rule.norm, "норматив")]
    for tl, what in checks:
        if tl is not None:
            try:
                check_timeline(tl, what)
            except CalcError as err:
                found.append(err)
    spec = METHODS.get(rule.method)
    if spec is not None and spec.uses_area:
        try:
            ctx.area(svc, start, end)
        except CalcError as err:
            found.append(err)
    return found
