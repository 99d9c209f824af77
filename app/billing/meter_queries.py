"""The meter half of the period loader: the meters in scope and the readings they need.

Most meters need only this month's and last month's readings; the rest (a reading missing this
month or last) get the history for an average, and a reading after a long silence the last one
before the loaded window. Mixed into `PeriodLoader`, which provides the connection and the
period's filters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, func, select, type_coerce
from sqlalchemy.engine import Connection

from app.billing.meters import HISTORY_MONTHS, MeterRow, ReadingBook
from app.calc.period import Period
from app.models import Account, Meter, Premise, Reading
from app.models.enums import MeterKind


class MeterQueries:
    c: Connection
    period: Period

    if TYPE_CHECKING:  # provided by PeriodLoader
        def _all(self, q: Any) -> Any: ...

        def _in_buildings(self, building_ids: list[int]) -> Any: ...

        def _overlap(self, col_from: Any, col_to: Any) -> Any: ...

    def _meters(self, building_ids: list[int]) -> tuple[list[MeterRow], ReadingBook]:
        m = Meter
        active = self._overlap(m.installed_on, m.removed_on)
        cols = (m.id, m.account_id, m.building_id, m.service_id, m.resource, m.zones,
                m.installed_on, m.removed_on, m.next_verification)
        own = (select(*cols).join(Account, Account.id == m.account_id)
               .join(Premise, Premise.id == Account.premise_id)
               .where(self._in_buildings(building_ids), m.kind == MeterKind.INDIVIDUAL, active))
        common = select(*cols).where(m.building_id.in_(building_ids),
                                     m.kind == MeterKind.BUILDING, active)
        meters = [MeterRow(*r) for q in (own, common) for r in self._all(q)]
        book = ReadingBook()
        if not meters:
            return meters, book
        code = self.period.code
        recent = self.period.prev().code
        oldest = self.period.shift(-HISTORY_MONTHS).code
        rd = Reading
        raw = type_coerce(rd.value, BigInteger)  # scaled integers; ReadingBook converts
        base = (select(rd.meter_id, rd.period, rd.zone, raw, rd.kind, rd.rollover, Meter.digits)
                .join(Meter, Meter.id == rd.meter_id))
        # most meters need only this month's and last month's readings
        book.add(self._all(
            base.join(Account, Account.id == Meter.account_id)
            .join(Premise, Premise.id == Account.premise_id)
            .where(self._in_buildings(building_ids), rd.period >= recent, rd.period <= code)))
        book.add(self._all(base.where(Meter.building_id.in_(building_ids),
                                           rd.period >= recent, rd.period <= code)))
        book.finish()
        # the others (no reading this month, or none last month) get the months for an average
        ids = sorted(m.id for m in meters if not book.complete(m.id, m.zones, code))
        for i in range(0, len(ids), 5000):
            book.add(self._all(
                select(rd.meter_id, rd.period, rd.zone, raw, rd.kind, rd.rollover, Meter.digits)
                .join(Meter, Meter.id == rd.meter_id)
                .where(rd.meter_id.in_(ids[i:i + 5000]), rd.period >= oldest,
                       rd.period < recent)))
        book.finish()
        self._older_readings(book, oldest)
        return meters, book

    def _older_readings(self, book: ReadingBook, oldest: int) -> None:
        """A reading after a long silence needs the last one before the loaded window."""
        meter_ids = sorted(book.needing_older(self.period.code))
        if not meter_ids:
            return
        rd = Reading
        latest = (select(rd.meter_id, rd.zone, func.max(rd.period).label("p"))
                  .where(rd.meter_id.in_(meter_ids), rd.period < oldest)
                  .group_by(rd.meter_id, rd.zone).subquery())
        q = (select(rd.meter_id, rd.period, rd.zone, type_coerce(rd.value, BigInteger), rd.kind,
                    rd.rollover, Meter.digits)
             .join(Meter, Meter.id == rd.meter_id)
             .join(latest, (latest.c.meter_id == rd.meter_id) & (latest.c.zone == rd.zone)
                   & (latest.c.p == rd.period)))
        book.add(self._all(q))
        book.finish()
