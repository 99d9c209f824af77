"""One registration per charge method, one enumeration of methods for the engine and the models."""

from __future__ import annotations

from datetime import date

from app.calc.inputs import BuildingData, MeterUsage, Method, ServiceInput, ServiceKind, ZoneReading
from app.calc.methods import METHOD_TITLES, METHODS, applicable_method
from app.models.enums import CalcMethod
from app.reference.services import STANDARD_SERVICES
from tests.calc.factories import LONG_AGO, D, account, calc, const, residents, rule


def test_the_models_store_the_engines_enumeration_and_every_value_is_registered() -> None:
    assert CalcMethod is Method
    assert set(METHODS) == set(Method)
    assert all(spec.method is m for m, spec in METHODS.items())
    titles = [spec.title for spec in METHODS.values()]
    assert all(titles) and len(set(titles)) == len(titles)
    assert METHOD_TITLES["metered"] == "по прибору учёта"
    assert {s.method for s in STANDARD_SERVICES} <= set(METHODS)


def _one_line_per_method() -> dict[Method, object]:
    building = BuildingData(D(1000), D(3000), D(950), D(400), const("0.03"))
    meter = MeterUsage("m", (ZoneReading("", D(1), D(5)),))
    inp = account(
        rule("norm", norm=const("4")),
        ServiceInput(rule("metered", Method.METERED, "5.00", kind=ServiceKind.ELECTRICITY),
                     (meter,)),
        rule("area", Method.AREA, "30.00", kind=ServiceKind.MAINTENANCE),
        rule("heat", Method.HEATING_AREA_NORM, "2000.00", kind=ServiceKind.HEATING,
             norm=const("0.02")),
        rule("heat_b", Method.HEATING_BUILDING_METER, "2000.00", kind=ServiceKind.HEATING,
             building=building),
        rule("odn", Method.COMMON_NEEDS, "40.00", building=building),
        rule("fixed", Method.FIXED, "55.00", kind=ServiceKind.OTHER),
        people=residents(LONG_AGO, date(2026, 11, 10)),
    )
    return {line.basis.method: line for line in calc(inp)}


def test_each_line_names_a_source_its_method_registers_and_reads_in_russian() -> None:
    lines = _one_line_per_method()
    for method, line in lines.items():
        basis = line.basis  # type: ignore[attr-defined]
        assert basis.source in METHODS[method].sources, method
        text = basis.explain()
        assert text.endswith("₽") and "None" not in text, text


def test_which_method_charges_heating_is_decided_by_the_engine() -> None:
    def heating(method: Method, **building: bool) -> Method | None:
        flags = {"individually_heated": False, "building_heat_meter": False} | building
        return applicable_method(method, ServiceKind.HEATING, **flags)

    assert heating(Method.HEATING_AREA_NORM, individually_heated=True) is None
    assert heating(Method.HEATING_AREA_NORM, building_heat_meter=True) \
        is Method.HEATING_BUILDING_METER
    assert heating(Method.HEATING_AREA_NORM) is Method.HEATING_AREA_NORM
    assert heating(Method.FIXED, building_heat_meter=True) is Method.FIXED
    # other services are charged as they are set up, whatever heats the building
    assert applicable_method(Method.HEATING_AREA_NORM, ServiceKind.MAINTENANCE,
                             individually_heated=True, building_heat_meter=True) \
        is Method.HEATING_AREA_NORM


def test_only_methods_that_declare_a_memo_key_share_lines() -> None:
    shared = {m for m, spec in METHODS.items() if spec.memo_key is not None}
    assert Method.METERED not in shared
    meters = [MeterUsage("a", (ZoneReading("", D(0), D(v)),)) for v in (1, 3)]
    r = rule("cold", Method.METERED, "10.00")
    amounts = [calc(account(ServiceInput(r, (m,))))[0].amount for m in meters]
    assert amounts == [1000, 3000]  # one rule, the same area: each account its own volume
