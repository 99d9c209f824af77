"""Bases are JSON-safe and read in plain Russian."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from app.calc.explain import num
from app.calc.inputs import MeterUsage, Method, ServiceInput, ServiceKind, ZoneReading
from tests.calc.factories import LONG_AGO, D, account, calc, const, residents, rule, steps


def test_num_format() -> None:
    assert num(Decimal("4.745")) == "4,745"
    assert num(Decimal("2.50")) == "2,5"
    assert num(Decimal("45.2"), 2) == "45,20"
    assert num(Decimal("100")) == "100"
    assert num(Decimal("1E+2")) == "100"
    assert num(Decimal(4) / 3) == "1,3333"


def test_every_method_serialises_to_json_and_explains() -> None:
    from app.calc.inputs import BuildingData

    building = BuildingData(D(1000), D(3000), D(950), D(400), const("0.03"))
    tariff = steps((LONG_AGO, date(2026, 11, 15), "40.00"), (date(2026, 11, 16), None, "50.00"))
    meter = MeterUsage("m", (ZoneReading("T1", D(1), D(5)), ZoneReading("T2", D(1), D(3))))
    inp = account(
        rule("norm", norm=const("4")),
        rule("split", tariff=tariff, norm=const("4")),
        ServiceInput(rule("metered", Method.METERED, "5.00", kind=ServiceKind.ELECTRICITY,
                          zone_tariffs={"T1": const("6.00")}), (meter,)),
        rule("area", Method.AREA, "30.00", kind=ServiceKind.MAINTENANCE),
        rule("heat", Method.HEATING_AREA_NORM, "2000.00", kind=ServiceKind.HEATING,
             norm=const("0.02")),
        rule("heat_b", Method.HEATING_BUILDING_METER, "2000.00", kind=ServiceKind.HEATING,
             building=building),
        rule("odn", Method.COMMON_NEEDS, "40.00", building=building),
        rule("fixed", Method.FIXED, "55.00", kind=ServiceKind.OTHER),
        people=residents(LONG_AGO, date(2026, 11, 10)),
        opened=date(2026, 11, 3),
    )
    lines = calc(inp)
    assert [line.service_code for line in lines] == [
        "norm", "split", "metered", "area", "heat", "heat_b", "odn", "fixed"]
    for line in lines:
        data = line.basis.to_json()
        assert json.loads(json.dumps(data)) == data
        text = line.basis.explain()
        assert text.endswith("₽") and "None" not in text, text
        assert all(ch not in text for ch in "[]{}"), text
