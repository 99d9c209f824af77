"""Per-account facts shared by the services of one calculation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.calc.errors import CalcError, ErrorCode
from app.calc.inputs import AccountPeriodInput, ServiceInput
from app.calc.period import Period
from app.calc.pricing import check_timeline
from app.calc.proration import Residents, month_bounds, residents_over
from app.calc.timeline import Timeline

MAX_AREA = Decimal(100_000)  # m²: anything larger for one premise is a data error


class AccountContext:
    """Per-account facts shared by its services (residents are built once per span)."""

    __slots__ = ("_checked_area", "_residents", "den", "end", "inp", "period", "start")

    def __init__(self, inp: AccountPeriodInput, period: Period, start: date, end: date) -> None:
        self.inp = inp
        self.period = period
        self.den = month_bounds(period)[2]
        self.start = start
        self.end = end
        self._residents: dict[tuple[date, date], Residents] = {}
        self._checked_area: tuple[Timeline, date, date] | None = None

    def residents(self, start: date, end: date) -> Residents:
        key = (start, end)
        found = self._residents.get(key)
        if found is None:
            found = residents_over(self.inp.residents, self.inp.owners_count, start, end)
            self._residents[key] = found
        return found

    def area(self, svc: ServiceInput, start: date, end: date) -> Timeline:
        area = svc.area if svc.area is not None else self.inp.area
        if area is None:
            raise CalcError(ErrorCode.NO_AREA, "Не указана площадь помещения")
        checked = self._checked_area
        if checked is not None and checked[0] is area and checked[1] == start and checked[2] == end:
            return area  # the account's area was already checked for another service
        check_timeline(area, "площадь")
        for value in area.values_in(start, end):
            if not 0 < value <= MAX_AREA:
                raise CalcError(ErrorCode.BAD_AREA, f"Недопустимая площадь {value} м²")
        self._checked_area = (area, start, end)
        return area
