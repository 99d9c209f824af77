"""The penalty rules from the database (DOMAIN.md «Penalties»): key rates, rate caps, moratoria
and due days, each a dated table.

Layers, the later winning on its dates: the federal table `penalty_rule` (loaded by migration
0006, editable), then general `rule_parameter` rows (`penalty_rate_cap`, `payment_due_day`; an
import of a contract's terms), then a company's own `payment_due_day` for its buildings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.calc.penalty import due_date
from app.calc.penalty_tables import Moratorium, PenaltyRules, steps
from app.calc.period import Period
from app.calc.timeline import DatedValue, Timeline
from app.errors import DomainError
from app.models import KeyRate, PenaltyRule, RuleParameter
from app.penalties.federal import DUE_DAY, MORATORIUM, RATE_CAP

ONE_DAY = timedelta(days=1)
DUE_DAY_PARAMETER = "payment_due_day"
RATE_CAP_PARAMETER = "penalty_rate_cap"


def rate_text(rate: Decimal) -> str:
    """«9,5» for Decimal("9.5")."""
    return f"{rate.normalize():f}".replace(".", ",")


def overlay(items: Sequence[DatedValue]) -> Timeline:
    """One timeline from dated values in order of precedence (a later item wins on its days)."""
    if not items:
        return Timeline(())
    bounds = sorted({b for it in items for b in (
        it.date_from, *(() if it.date_to is None else (it.date_to + ONE_DAY,)))})
    out: list[DatedValue] = []
    for i, start in enumerate(bounds):
        end = bounds[i + 1] - ONE_DAY if i + 1 < len(bounds) else None
        winner = None
        for it in items:
            if it.date_from <= start and (it.date_to is None or it.date_to >= start):
                winner = it
        if winner is None:
            continue
        if end is None and winner.date_to is not None:
            end = winner.date_to
        last = out[-1] if out else None
        if last is not None and last.value == winner.value and last.date_to is not None \
                and last.date_to + ONE_DAY == start:
            out[-1] = DatedValue(last.date_from, end, last.value)
        else:
            out.append(DatedValue(start, end, winner.value))
    return Timeline(tuple(out))


@dataclass(frozen=True)
class RuleBook:
    """The penalty rules in force, and the due day of each company that set its own."""

    rules: PenaltyRules
    company_due_days: dict[int, PenaltyRules] = field(default_factory=dict)

    def for_company(self, company_id: int | None) -> PenaltyRules:
        return self.company_due_days.get(company_id or 0, self.rules)

    def due(self, period: Period, company_id: int | None) -> date:
        try:
            return due_date(period, self.for_company(company_id))
        except ValueError as exc:
            raise DomainError(f"{exc}: задайте срок оплаты в правилах пеней") from None


def _items(rows: Iterable[tuple[date, date | None, object]]) -> list[DatedValue]:
    from decimal import Decimal

    return [DatedValue(a, b, Decimal(str(v))) for a, b, v in rows if v is not None]


def load_rules(s: Session) -> RuleBook:
    rates = [(d, str(r)) for d, r in s.execute(select(KeyRate.date_from, KeyRate.rate))]
    federal = s.execute(select(PenaltyRule.kind, PenaltyRule.date_from, PenaltyRule.date_to,
                               PenaltyRule.value, PenaltyRule.debts_due_before,
                               PenaltyRule.enabled).order_by(PenaltyRule.id)).all()
    params = s.execute(select(RuleParameter.code, RuleParameter.company_id,
                              RuleParameter.date_from, RuleParameter.date_to,
                              RuleParameter.value)
                       .where(RuleParameter.code.in_((DUE_DAY_PARAMETER, RATE_CAP_PARAMETER)),
                              RuleParameter.service_id.is_(None))
                       .order_by(RuleParameter.id)).all()

    def general(kind: str, code: str) -> list[DatedValue]:
        return [*_items((a, b, v) for k, a, b, v, _d, on in federal if k == kind and on),
                *_items((a, b, v) for c, comp, a, b, v in params if c == code and comp is None)]

    moratoria = tuple(Moratorium(a, b, before) for k, a, b, _v, before, on in federal
                      if k == MORATORIUM and on and b is not None)
    due = general(DUE_DAY, DUE_DAY_PARAMETER)
    base = PenaltyRules(steps(rates), overlay(general(RATE_CAP, RATE_CAP_PARAMETER)),
                        overlay(due), moratoria)
    own: dict[int, list[DatedValue]] = {}
    for c, comp, a, b, v in params:
        if c == DUE_DAY_PARAMETER and comp is not None:
            own.setdefault(comp, []).extend(_items([(a, b, v)]))
    companies = {comp: PenaltyRules(base.key_rates, base.rate_caps, overlay([*due, *items]),
                                    moratoria) for comp, items in own.items()}
    return RuleBook(base, companies)
