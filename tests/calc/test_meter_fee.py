"""The fee per meter (meter servicing): meters × rate, prorated by days like a fixed sum."""

from __future__ import annotations

from datetime import date

from app.calc.inputs import MeterUsage, Method, ServiceInput, ServiceKind
from tests.calc.factories import account, calc, rule


def _meters(n: int) -> tuple[MeterUsage, ...]:
    return tuple(MeterUsage(f"m{i}", None) for i in range(n))


def test_three_meters_pay_three_times_what_one_pays_on_the_same_area() -> None:
    fee = rule("meter_service", Method.METER_FEE, "50.00", kind=ServiceKind.OTHER)
    one, three, one_again = (calc(account(ServiceInput(fee, _meters(n)), area="54.3"))[0]
                             for n in (1, 3, 1))
    assert (one.amount, three.amount, one_again.amount) == (5000, 15000, 5000)
    assert three.basis.explain() == "Приборов учёта 3 × 50,00 ₽ за прибор = 150,00\xa0₽"


def test_part_of_the_month_pays_its_days() -> None:
    fee = rule("meter_service", Method.METER_FEE, "50.00", kind=ServiceKind.OTHER)
    line = calc(account(ServiceInput(fee, _meters(3)), opened=date(2026, 11, 11)))[0]
    assert line.amount == 10000  # 3 × 50.00 × 20/30
    assert line.basis.explain() == ("Приборов учёта 3 × 50,00 ₽ за прибор × 20/30 дн. "
                                    "= 100,00\xa0₽")


def test_no_meter_no_fee() -> None:
    fee = rule("meter_service", Method.METER_FEE, "50.00", kind=ServiceKind.OTHER)
    assert calc(account(ServiceInput(fee, ())))[0].amount == 0
