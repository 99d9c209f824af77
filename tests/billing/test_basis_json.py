"""The stored basis is the engine's `to_json()`, for every kind of line the demo town produces
(area, norm by days, metered with readings and by average, ОДН, fixed, zones), and it reads back
into the very same basis, so the explanation rendered from it is the engine's own."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D

from app.billing.basis_json import BasisTexts, basis_dict, basis_text
from app.calc.accrual import calculate_account
from app.calc.basis import Basis, Source, basis_from_json, explain_stored
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
from app.calc.timeline import DatedValue, Timeline

T = Timeline.const


def test_stored_basis_equals_to_json_and_reads_back() -> None:
    split = Timeline.of(DatedValue(date(2026, 1, 1), date(2026, 11, 14), D("45.20")),
                        DatedValue(date(2026, 11, 15), None, D("50.96")))
    rules = [
        ServiceRule("maintenance", Method.AREA, T("32.15"), 1, ServiceKind.MAINTENANCE),
        ServiceRule("cold_water", Method.METERED, split, 1, ServiceKind.COLD_WATER,
                    norm=T("4.745")),
        ServiceRule("electricity", Method.METERED, T("6.01"), 1, ServiceKind.ELECTRICITY,
                    norm=T("94"), zone_tariffs={"T1": T("6.63"), "T2": T("3.45")}),
        ServiceRule("sewerage", Method.NORM, T("38.70"), 1, ServiceKind.SEWERAGE,
                    norm=T("7.845")),
        ServiceRule("common_cold_water", Method.COMMON_NEEDS, T("45.83"), 1,
                    ServiceKind.COLD_WATER,
                    building=BuildingData(D("120"), D("3000"), D("100"), D("400"), T("0.0264"))),
        ServiceRule("intercom", Method.FIXED, T("45"), 1),
    ]
    meters = {
        "cold_water": (MeterUsage(7, None, {"": [D(5), D(6), D(7)]}, 1),),
        "electricity": (MeterUsage(8, (ZoneReading("T1", D(1000), D(1100)),
                                       ZoneReading("T2", D(500), D(550)))),),
    }
    inp = AccountPeriodInput(
        1, T("54.3"), tuple(ServiceInput(r, meters.get(r.service_code, ())) for r in rules),
        (ResidentSpan(1, date(2020, 1, 1)), ResidentSpan(2, date(2026, 11, 16))), 1)
    result = calculate_account(inp, Period(2026, 11))
    assert not result.errors and len(result.lines) == len(rules)
    for line in result.lines:
        assert basis_dict(line.basis) == line.basis.to_json()
        stored = json.loads(basis_text(line.basis))
        assert stored == line.basis.to_json()
        assert basis_from_json(stored) == line.basis
        assert explain_stored(stored) == line.basis.explain()
    assert any(line.basis.pieces for line in result.lines)  # split months and zones included
    assert any(line.basis.building for line in result.lines)
    assert any(line.basis.readings for line in result.lines)


def test_stored_explanation_wins_and_broken_bases_explain_nothing() -> None:
    assert explain_stored({"method": "area", "explanation": "Из старой программы"}) \
        == "Из старой программы"
    assert explain_stored({"method": "area"}) is None  # figures missing
    assert explain_stored({"method": "nonsense", "source": "area"}) is None
    assert explain_stored("text") is None and explain_stored(None) is None


def test_chunk_texts_are_made_once_per_basis_and_keep_decimal_forms() -> None:
    def area(volume: D) -> Basis:
        return Basis(Method.AREA, Source.AREA, "м²", 30, 30, D("3215.00"), D("32.15"), volume,
                     area=volume)

    texts = BasisTexts()
    first, equal, written_apart = area(D("100.0")), area(D("100.0")), area(D("100.00"))
    assert equal is not first and equal == first == written_apart  # equal as values
    assert texts(first) == texts(equal) == basis_text(first)
    assert texts(first) is texts(first)  # the same object: the text is made once
    assert texts(written_apart) == basis_text(written_apart) != texts(first)
    assert '"volume":"100.00"' in texts(written_apart)
