"""The fee per meter (meter servicing): meters × rate, prorated by days like a fixed sum."""

from __future__ import annotations

from datetime import date

from app.calc.inputs import MeterUsage, Method, ServiceInput, ServiceKind
from tests.calc.factories import account, calc, rule

FEE = rule("meter_service", Method.METER_FEE, "50.00", kind=ServiceKind.OTHER)


def _meters(n: int) -> tuple[MeterUsage, ...]:
    return tuple(MeterUsage(f"m{i}", None) for i in range(n))


def test_three_meters_pay_three_times_what_one_pays_on_the_same_area() -> None:
    one, three, one_again = (calc(account(ServiceInput(FEE, _meters(n)), area="54.3"))[0]
                             for n in (1, 3, 1))
    assert (one.amount, three.amount, one_again.amount) == (5000, 15000, 5000)
    assert three.basis.explain() == "Приборов учёта 3 × 50,00 ₽ за прибор = 150,00\xa0₽"


def test_part_of_the_month_pays_its_days() -> None:
    line = calc(account(ServiceInput(FEE, _meters(3)), opened=date(2026, 11, 11)))[0]
    assert line.amount == 10000  # 3 × 50.00 × 20/30
    assert line.basis.explain() == ("Приборов учёта 3 × 50,00 ₽ за прибор × 20/30 дн. "
                                    "= 100,00\xa0₽")


def test_no_meter_no_fee() -> None:
    assert calc(account(ServiceInput(FEE, ())))[0].amount == 0


def test_a_meter_replaced_on_a_day_counts_once() -> None:
    old = MeterUsage("old", None, installed_on=date(2020, 1, 1), removed_on=date(2026, 11, 15))
    new = MeterUsage("new", None, installed_on=date(2026, 11, 15))
    line = calc(account(ServiceInput(FEE, (old, new))))[0]
    assert line.amount == 5000
    assert line.basis.explain() == "Приборов учёта 1 × 50,00 ₽ за прибор = 50,00\xa0₽"


def test_a_meter_added_mid_month_counts_from_its_day() -> None:
    first = MeterUsage("a", None)
    second = MeterUsage("b", None, installed_on=date(2026, 11, 16))
    line = calc(account(ServiceInput(FEE, (first, second))))[0]
    assert line.amount == 7500  # 1 × 50 × 15/30 + 2 × 50 × 15/30
    assert line.basis.explain() == (
        "Приборов учёта по частям месяца: 01.11–15.11 (15 дн.): 1 × 50,00 ₽ × 15/30 = "
        "25,00\xa0₽; 16.11–30.11 (15 дн.): 2 × 50,00 ₽ × 15/30 = 50,00\xa0₽; итого = "
        "75,00\xa0₽")
