"""Timing of `calculate_account` over generated accounts (not a test; move to bench/ if wanted).

    .venv/bin/python -m tests.calc.bench_accrual [ACCOUNTS] [--unique-areas] [--no-memo]

Eight services per account: metered cold water, hot water by norm with the raising coefficient,
sewerage by norm, two-zone electricity, maintenance and capital repair by area, waste by norm,
common-house cold water. A tenth of the accounts gain a resident mid-month. `--unique-areas` gives
every premise its own area (the worst case for the per-rule memo), `--no-memo` disables it.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from decimal import Decimal

import app.calc.accrual as accrual
from app.calc.inputs import (
    AccountPeriodInput,
    BuildingData,
    MeterUsage,
    Method,
    ResidentSpan,
    ServiceInput,
    ServiceKind,
    ServiceRule,
    ZoneReading,
)
from app.calc.period import Period
from app.calc.timeline import Timeline

PERIOD = Period(2026, 11)
SINCE = date(2025, 7, 1)


def _t(value: str) -> Timeline:
    return Timeline.const(Decimal(value), SINCE)


def rules() -> dict[str, ServiceRule]:
    k15 = Timeline.const(Decimal("1.5"), date(2017, 1, 1))
    building = BuildingData(Decimal(1200), Decimal(3200), Decimal(1150), Decimal(400), _t("0.03"))
    cold, water = ServiceKind.COLD_WATER, ServiceKind.HOT_WATER
    return {
        "cold": ServiceRule("cold", Method.METERED, _t("45.20"), 1, cold, norm=_t("4.745"),
                            meter_required=True, raising_coefficient=k15),
        "hot": ServiceRule("hot", Method.NORM, _t("210.50"), 1, water, norm=_t("3.1"),
                           meter_required=True, raising_coefficient=k15),
        "sew": ServiceRule("sew", Method.NORM, _t("38.10"), 1, ServiceKind.SEWERAGE,
                           norm=_t("7.845")),
        "el": ServiceRule("el", Method.METERED, _t("6.50"), 2, ServiceKind.ELECTRICITY,
                          norm=_t("110"), zone_tariffs={"T1": _t("7.10"), "T2": _t("3.40")}),
        "maint": ServiceRule("maint", Method.AREA, _t("32.15"), 3, ServiceKind.MAINTENANCE),
        "cap": ServiceRule("cap", Method.AREA, _t("12.40"), 4, ServiceKind.CAPITAL_REPAIR),
        "tko": ServiceRule("tko", Method.NORM, _t("120.30"), 5, ServiceKind.SOLID_WASTE,
                           norm=_t("0.15")),
        "odn": ServiceRule("odn", Method.COMMON_NEEDS, _t("45.20"), 1, cold, building=building),
    }


def account(i: int, r: dict[str, ServiceRule], unique_areas: bool) -> AccountPeriodInput:
    area = Decimal(30) + Decimal(i) / 1000 if unique_areas else Decimal(40 + i % 50)
    people = tuple(ResidentSpan(k, date(2010, 1, 1)) for k in range(1 + i % 3))
    if i % 10 == 0:
        people += (ResidentSpan(99, date(2026, 11, 16)),)
    cold = MeterUsage(1, (ZoneReading("", Decimal(100 + i % 7), Decimal(106 + i % 13)),),
                      verification_due=date(2030, 1, 1))
    power = MeterUsage(2, (ZoneReading("T1", Decimal(1000), Decimal(1150)),
                           ZoneReading("T2", Decimal(500), Decimal(560))),
                       verification_due=date(2031, 1, 1))
    services = (ServiceInput(r["cold"], (cold,)), ServiceInput(r["hot"]), ServiceInput(r["sew"]),
                ServiceInput(r["el"], (power,)), ServiceInput(r["maint"]),
                ServiceInput(r["cap"]), ServiceInput(r["tko"]), ServiceInput(r["odn"]))
    return AccountPeriodInput(i, Timeline.const(area), services, people, 1)


def main(argv: list[str]) -> None:
    count = next((int(a) for a in argv if a.isdigit()), 100_000)
    if "--no-memo" in argv:
        accrual.MEMO_LIMIT = 1
    r = rules()
    inputs = [account(i, r, "--unique-areas" in argv) for i in range(count)]
    started = time.process_time()
    lines = 0
    for inp in inputs:
        result = accrual.calculate_account(inp, PERIOD)
        assert not result.errors, result.errors
        lines += len(result.lines)
    spent = time.process_time() - started
    print(f"{count} accounts, {lines} lines: {spent:.2f} s CPU, "
          f"{spent / lines * 1e6:.2f} µs a line, {spent / count * 1e6:.1f} µs an account")


if __name__ == "__main__":
    main(sys.argv[1:])
