"""Pure reading rules: parsing, consumption, replacement split, average and the checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.calc.period import Period
from app.meters.rules import (
    ReadingFacts,
    SeriesReading,
    average,
    check_reading,
    consumption,
    monthly_history,
    parse_value,
    parse_zone,
    period_consumption,
    verification_due,
)
from app.models.enums import MeterStatus

NOV = Period(2026, 11)


def facts(**kw: object) -> ReadingFacts:
    base: dict[str, object] = dict(period=NOV, value=D("120"), taken_on=date(2026, 11, 25),
                                   today=date(2026, 11, 26), previous=D("110"))
    base.update(kw)
    return ReadingFacts(**base)  # type: ignore[arg-type]


def messages(f: ReadingFacts) -> list[tuple[str, bool]]:
    return [(p.message, p.warning) for p in check_reading(f)[1]]


def test_parse_value_accepts_russian_and_excel_forms() -> None:
    assert parse_value("1 234,5") == D("1234.5")
    assert parse_value("00120") == D("120")
    assert parse_value(123.45) == D("123.45")
    assert parse_value(7) == D("7")
    assert parse_value("0") == D("0")


@pytest.mark.parametrize("text,fragment", [
    ("", "не указано"), ("abc", "не число"), ("-5", "отрицательным"),
    ("1.1234567", "знаков после запятой"), ("nan", "не число"),
])
def test_parse_value_refuses_with_a_russian_message(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        parse_value(text)


def test_parse_zone() -> None:
    assert [parse_zone(t) for t in ("", "1", "Т2", "t3", "ночь", "пик", "полупик")] == \
        [1, 1, 2, 3, 2, 3, 1]
    with pytest.raises(ValueError, match="зону"):
        parse_zone("4")


def test_a_good_reading_has_its_consumption_and_no_problems() -> None:
    used, problems = check_reading(facts())
    assert used == D("10") and problems == []


def test_lower_than_previous_is_an_error_that_names_both_values() -> None:
    used, problems = check_reading(facts(value=D("100")))
    assert used is None
    assert len(problems) == 1 and not problems[0].warning
    assert "100 меньше предыдущего 110" in problems[0].message


def test_declared_rollover_counts_through_zero() -> None:
    used, problems = check_reading(facts(value=D("15"), previous=D("99990"), rollover=True))
    assert problems == [] and used == D("25")
    assert consumption(D("99990"), D("15"), rollover=True, digits=5) == D("25")
    _, problems = check_reading(facts(rollover=True))  # 120 after 110 is no rollover
    assert "переход через ноль" in problems[0].message


def test_spike_above_the_configured_multiple_is_a_warning() -> None:
    used, problems = check_reading(facts(value=D("150"), average=D("10"),
                                         spike_factor=D("3")))
    assert used == D("40")
    assert [p.warning for p in problems] == [True]
    assert problems[0].message == "Расход 40 больше среднего 10 (×4, допустимо до ×3)"
    assert check_reading(facts(value=D("140"), average=D("10")))[1] == []  # exactly 3×


def test_future_date_closed_period_and_removed_meter_are_errors() -> None:
    got = messages(facts(taken_on=date(2026, 11, 27), period_closed=True,
                         meter_status=MeterStatus.REPLACED))
    assert all(not w for _, w in got) and len(got) == 3
    text = " ".join(m for m, _ in got)
    assert "27.11.2026 ещё не наступила" in text
    assert "ноябрь 2026 закрыт" in text
    assert "снят или заменён" in text


def test_expired_verification_is_a_warning_saying_when_the_meter_stops_counting() -> None:
    got = messages(facts(next_verification=date(2026, 9, 15)))
    assert got == [("Срок поверки истёк 15.09.2026: с периода октябрь 2026 прибор не считается "
                    "прибором учёта — начисление по среднему, затем по нормативу", True)]
    assert messages(facts(next_verification=date(2026, 11, 25))) == []


def test_more_than_the_counter_holds_and_above_a_later_reading_are_errors() -> None:
    assert "не помещается" in messages(facts(value=D("100000"), previous=D("1")))[0][0]
    assert "более поздний" in messages(facts(following=D("115")))[0][0]


def test_replacement_splits_the_month_between_old_and_new_meter() -> None:
    old = [SeriesReading(202610, "regular", D("500")), SeriesReading(202611, "final", D("512"))]
    new = [SeriesReading(202611, "initial", D("0")), SeriesReading(202611, "regular", D("7"))]
    assert period_consumption(old, 202611) == D("12")
    assert period_consumption(new, 202611) == D("7")
    # the new meter's next month is measured from its November reading
    new.append(SeriesReading(202612, "regular", D("16")))
    assert period_consumption(new, 202612) == D("9")
    assert period_consumption(old, 202612) == D("0")


@given(prev=st.integers(0, 10**5), old_used=st.integers(0, 10**4),
       initial=st.integers(0, 100), new_used=st.integers(0, 10**4))
def test_replacement_total_equals_old_plus_new_portions(prev: int, old_used: int, initial: int,
                                                        new_used: int) -> None:
    old = [SeriesReading(202610, "regular", D(prev)),
           SeriesReading(202611, "final", D(prev + old_used))]
    new = [SeriesReading(202611, "initial", D(initial)),
           SeriesReading(202611, "regular", D(initial + new_used))]
    total = period_consumption(old, 202611) + period_consumption(new, 202611)
    assert total == D(old_used + new_used)


def test_average_over_the_last_six_months_of_actual_readings() -> None:
    series = [SeriesReading(p, "regular", D(v)) for p, v in
              [(202603, 0), (202604, 10), (202605, 22), (202606, 30), (202607, 40),
               (202608, 52), (202609, 60), (202610, 70)]]
    hist = monthly_history(series, 202611)
    assert [p for p, _ in hist] == [202604, 202605, 202606, 202607, 202608, 202609, 202610]
    assert average(hist) == D("10.000")  # 12+8+10+12+8+10 over the last six
    assert average([]) is None


def test_verification_due_adds_the_interval() -> None:
    assert verification_due(date(2020, 2, 29), 6) == date(2026, 2, 28)
    assert verification_due(date(2021, 3, 1), 4) == date(2025, 3, 1)
    assert verification_due(None, 4) is None
