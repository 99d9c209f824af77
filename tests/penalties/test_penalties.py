"""Penalties from the ledger and the rules in the database (DOMAIN.md «Penalties»)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from app.calc.basis import explain_stored
from app.calc.period import Period
from app.cli import main
from app.db import Database
from app.errors import DomainError
from app.models import Operation, PenaltyRule, RuleParameter
from app.models.enums import OperationKind as K
from app.penalties.calculate import account_penalty
from app.penalties.posting import post_penalties
from app.penalties.tables import key_rates, set_key_rate, set_rule_enabled
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory
from tests.penalties.ledger_factory import charge, payment, post

SCENARIOS = Path(__file__).parent.parent / "scenarios"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def months(town: TestTown, first: int, last: int, open_code: int) -> None:
    """Billing periods first..last, closed except `open_code`."""
    p = Period.from_code(first)
    while p.code <= last:
        town.period(p.code, closed=p.code != open_code)
        p = p.next()


def penalty_ops(db: Database, account_id: int) -> list[tuple[int, int | None, int]]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(Operation.period, Operation.ref_period, Operation.amount)
            .where(Operation.account_id == account_id, Operation.kind == K.PENALTY.value)
            .order_by(Operation.period))]


def test_worked_example_3_from_an_imported_scenario(db: Database,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    db.engine.dispose()
    cli(capsys, "import", str(SCENARIOS / "penalty.json"), "--db", url)
    data = json.loads(cli(capsys, "penalty", "--account", "0000000013", "--date", "2026-06-30",
                          "--json", "--db", url))
    assert data["total"] == 31423
    (line,) = data["lines"]
    assert (line["period"], line["service"], line["debt"], line["due"]) == (
        "2026-02", "maintenance", 1000000, "2026-03-15")
    assert [(p["from"], p["to"], p["days"], p["rate"], p["fraction"]) for p in line["pieces"]] \
        == [("2026-04-15", "2026-06-13", 60, "9.5", "1/300"),
            ("2026-06-14", "2026-06-30", 17, "9.5", "1/130")]
    # posted in the open period (June 2026) as its own operation; posting again replaces it
    cli(capsys, "penalties", "--db", url)
    cli(capsys, "penalties", "--period", "2026-06", "--db", url)
    card = json.loads(cli(capsys, "account", "0000000013", "--json", "--db", url))
    assert sum(r["penalty"] for r in card["balances"]) == 31423


def test_monthly_postings_add_up_to_the_calculation_to_the_kopeck(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    svc = town.services["maintenance"]
    months(town, 202602, 202604, 202604)
    charge(db, acc.id, svc, 1_000_000, 202602, town.supplier_id)
    for code in (202604, 202605, 202606):
        if code > 202604:
            town.period(code - 1, closed=True)
            town.period(code)
        post_penalties(db, SYSTEM)
    ops = penalty_ops(db, acc.id)
    # one operation per service a month, for the month it is posted in; the basis names the debt
    assert [(p, r) for p, r, _a in ops] == [(202604, 202604), (202605, 202605), (202606, 202606)]
    with db.session() as s:
        basis = s.scalars(select(Operation.basis).where(
            Operation.account_id == acc.id, Operation.kind == K.PENALTY.value,
            Operation.period == 202606)).one()
    assert basis["debts"] == [[202602, 1_000_000, 1_000_000, "2026-03-15", 31423]]
    assert basis["penalty_total"] == 31423
    why = explain_stored(basis)  # «почему столько» of the operation
    assert why is not None
    assert "февраль 2026: долг 10\xa0000,00" in why and "срок оплаты 15.03.2026" in why
    assert "итого 314,23" in why
    assert sum(a for _p, _r, a in ops) == 31423  # not 314.24: one rounding per period/service
    assert account_penalty(db, SYSTEM, acc.number, date(2026, 6, 30)).total == 31423


def test_no_penalty_accrues_in_the_2020_moratorium(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202001, 202101, 202101)
    charge(db, acc.id, town.services["maintenance"], 100_000, 202001)
    report = account_penalty(db, SYSTEM, acc.number, date(2021, 1, 31))
    (line,) = report.lines
    assert line.due == date(2020, 2, 10)
    spans = [(p.date_from, p.date_to, p.days, p.divisor) for p in line.pieces]
    # days 31..55 (12.03–05.04.2020) at 1/300, nothing 06.04–31.12.2020, then 1/130
    assert spans == [(date(2020, 3, 12), date(2020, 4, 5), 25, 300),
                     (date(2021, 1, 1), date(2021, 1, 31), 31, 130)]
    assert all(p.rate == 4.25 for p in line.pieces)  # the key rate on the calculation date
    assert line.amount == 1368  # 100 000 × 4.25 % × (25/300 + 31/130) = 1 367.63 kopecks


def test_the_2022_moratorium_is_a_setting(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202201, 202212, 202212)
    charge(db, acc.id, town.services["maintenance"], 100_000, 202201)
    on = date(2022, 12, 31)
    without = account_penalty(db, SYSTEM, acc.number, on).total
    with db.session() as s:
        rule = s.scalar(select(PenaltyRule.id).where(PenaltyRule.kind == "moratorium",
                                                     PenaltyRule.enabled.is_(False)))
    assert rule is not None
    set_rule_enabled(db, SYSTEM, rule, True)
    (line,) = account_penalty(db, SYSTEM, acc.number, on).lines
    assert line.amount < without
    assert not any(p.date_from <= date(2022, 10, 1) and p.date_to >= date(2022, 4, 1)
                   for p in line.pieces)


def test_a_company_contract_sets_its_own_due_day(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202501, 202506, 202506)
    charge(db, acc.id, town.services["maintenance"], 100_000, 202501)
    assert account_penalty(db, SYSTEM, acc.number, date(2025, 6, 30)).lines[0].due \
        == date(2025, 2, 10)
    with db.sessions() as s, s.begin():
        s.add(RuleParameter(code="payment_due_day", company_id=town.company_id,
                            value=Decimal(20), date_from=date(2020, 1, 1),
                            source="договор управления"))
    assert account_penalty(db, SYSTEM, acc.number, date(2025, 6, 30)).lines[0].due \
        == date(2025, 2, 20)


def test_february_2026_is_due_on_the_15th_of_march(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202601, 202606, 202606)
    charge(db, acc.id, town.services["maintenance"], 100_000, 202601)
    charge(db, acc.id, town.services["maintenance"], 100_000, 202602)
    dues = [line.due for line in account_penalty(db, SYSTEM, acc.number,
                                                 date(2026, 6, 30)).lines]
    assert dues == [date(2026, 2, 10), date(2026, 3, 15)]


def test_a_missing_key_rate_is_an_error_naming_the_date(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 201510, 201512, 201512)
    charge(db, acc.id, town.services["maintenance"], 100_000, 201510)
    with pytest.raises(DomainError, match=r"31\.12\.2015"):
        account_penalty(db, SYSTEM, acc.number, date(2015, 12, 31))
    with pytest.raises(DomainError, match=r"31\.12\.2015"):
        post_penalties(db, SYSTEM)
    assert penalty_ops(db, acc.id) == []


def test_payment_operations_from_the_ledger_stop_the_clock(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance", "cold_water"))
    months(town, 202602, 202606, 202606)
    m, w = town.services["maintenance"], town.services["cold_water"]
    charge(db, acc.id, m, 1_000_000, 202602, town.supplier_id)
    charge(db, acc.id, w, 200_000, 202602, town.supplier_id)
    # cold water paid in full on 20.05.2026 (day 66), maintenance half on the same day
    payment(db, acc.id, w, 200_000, date(2026, 5, 20), 202602, town.supplier_id)
    payment(db, acc.id, m, 500_000, date(2026, 5, 20), 202602, town.supplier_id)
    lines = {line.service_id: line for line in
             account_penalty(db, SYSTEM, acc.number, date(2026, 6, 30)).lines}
    # water: days 31–66 on 2 000,00 ₽ at 9.5 %/300 → 36 × 200 000 × 0.095 / 300 = 2 280.00
    assert lines[w].amount == 2280
    water = [(p.date_from, p.date_to, p.debt) for p in lines[w].pieces]
    assert water == [(date(2026, 4, 15), date(2026, 5, 20), 200_000)]
    # maintenance: 5 000 paid on day 66, 5 000 still owed on the calculation date
    # maintenance: 5 000 ₽ paid on day 66 (36 days × /300 = 57.00), 5 000 ₽ unpaid on 30.06
    # (60 days × /300 = 95.00, 17 days × /130 = 62.115…) → 214.115… → 214.12
    assert [(p.debt, p.days, p.divisor) for p in lines[m].pieces] == [
        (500_000, 36, 300), (500_000, 60, 300), (500_000, 17, 130)]
    assert lines[m].amount == 21412


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(debt=st.integers(1, 10_000_000), early=st.integers(0, 40),
       later=st.integers(1, 400))
def test_no_penalty_on_a_debt_paid_by_its_due_date(db: Database, debt: int, early: int,
                                                   later: int) -> None:
    town = _town(db)
    acc, svc = town.accounts[0], town.services["maintenance"]
    due = date(2025, 2, 10)
    with db.sessions() as s, s.begin():
        s.execute(delete(Operation))
    charge(db, acc, svc, debt, 202501)
    payment(db, acc, svc, debt, due - timedelta(days=early), 202501)
    on = due + timedelta(days=later)
    number = _number(db, acc)
    assert account_penalty(db, SYSTEM, number, on).lines == []


_TOWNS: dict[int, tuple[Database, TestTown]] = {}


def _town(db: Database) -> TestTown:
    """One town per test database (hypothesis runs its examples on one fixture)."""
    if id(db) not in _TOWNS or _TOWNS[id(db)][0] is not db:
        town = TownFactory(db).build()
        town.account(services=("maintenance",))
        months(town, 202412, 202602, 202602)
        _TOWNS[id(db)] = (db, town)
    return _TOWNS[id(db)][1]


def _number(db: Database, account_id: int) -> str:
    from app.models import Account

    with db.session() as s:
        number = s.scalar(select(Account.number).where(Account.id == account_id))
    assert number is not None
    return number


def test_key_rates_are_preloaded_from_2016_and_editable(db: Database) -> None:
    rows = key_rates(db, SYSTEM)
    assert rows[-1].date_from == date(2016, 1, 1) and rows[-1].rate == 11
    assert {(r.date_from, r.rate) for r in rows} >= {
        (date(2022, 2, 28), 20), (date(2024, 10, 28), 21), (date(2025, 10, 27), 16.5)}
    set_key_rate(db, SYSTEM, date(2026, 12, 1), "14,5")
    assert key_rates(db, SYSTEM)[0].date_from == date(2026, 12, 1)
    with pytest.raises(DomainError):
        set_key_rate(db, SYSTEM, date(2026, 12, 2), "сто")


def test_a_debt_without_a_supplier_beside_one_with_a_supplier_is_calculated(db: Database) -> None:
    """A correction or a transfer carries no supplier; the same period and service may also
    owe a supplier — the two debts are ordered, not compared as None and a number."""
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202602, 202606, 202606)
    m = town.services["maintenance"]
    charge(db, acc.id, m, 1_000_000, 202602, town.supplier_id)
    charge(db, acc.id, m, 100_000, 202602)  # no supplier
    lines = account_penalty(db, SYSTEM, acc.number, date(2026, 6, 30)).lines
    assert sorted(line.debt for line in lines) == [100_000, 1_000_000]


def test_each_months_posting_leaves_the_ledger_holding_the_whole_calculation(db: Database
                                                                            ) -> None:
    """Month after month — late payments, one dated back into a closed month, a key rate
    entered for a past date (the kept state is rebuilt) — the penalties posted per service add
    up to the full calculation from the whole ledger on the month's last day; posting a month
    again changes nothing."""
    town = TownFactory(db).build()
    acc = town.account(services=("maintenance", "cold_water"))
    m, w = town.services["maintenance"], town.services["cold_water"]
    months(town, 202601, 202603, 202603)
    for code in (202601, 202602, 202603):
        charge(db, acc.id, m, 300_000, code, town.supplier_id)
        charge(db, acc.id, w, 80_000, code, town.supplier_id)
    payments = {202604: [(w, 80_000, date(2026, 4, 20), 202601)],
                202605: [(m, 250_000, date(2026, 5, 3), None), (w, 40_000, date(2026, 4, 8),
                                                                  202602)],  # dated back
                202606: [(m, 900_000, date(2026, 6, 9), 202603)],
                202607: []}
    for code in (202603, 202604, 202605, 202606, 202607):
        if code > 202603:
            town.period(code - 1 if code % 100 != 1 else code - 89, closed=True)
            town.period(code)
            charge(db, acc.id, m, 300_000, code, town.supplier_id)
            for svc, amount, day, named in payments[code]:  # arrived in the open month
                post(db, K.PAYMENT, acc.id, svc, -amount, period=code, ref_period=named,
                     day=day, supplier_id=town.supplier_id)
        if code == 202606:
            set_key_rate(db, SYSTEM, date(2026, 6, 1), "12")  # the rules changed: rebuilt
        post_penalties(db, SYSTEM)
        on = Period.from_code(code).last_day
        calculated: dict[int, int] = {}
        for line in account_penalty(db, SYSTEM, acc.number, on).lines:
            calculated[line.service_id] = calculated.get(line.service_id, 0) + line.amount
        posted: dict[int, int] = {}
        with db.session() as s:
            for svc, amount in s.execute(select(Operation.service_id, Operation.amount).where(
                    Operation.account_id == acc.id, Operation.kind == K.PENALTY.value)):
                posted[svc] = posted.get(svc, 0) + amount
        assert {k: v for k, v in posted.items() if v} == {
            k: v for k, v in calculated.items() if v}, code
        before = penalty_ops(db, acc.id)
        post_penalties(db, SYSTEM)
        assert penalty_ops(db, acc.id) == before
    assert sum(calculated.values()) > 0


def test_the_billing_run_posts_the_months_penalties_with_its_charges(
        db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    from app.billing.run import calculate

    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202602, 202604, 202604)
    charge(db, acc.id, town.services["maintenance"], 1_000_000, 202602, town.supplier_id)
    plain = calculate(db, SYSTEM, on_error="skip")
    assert plain.penalties is None and penalty_ops(db, acc.id) == []
    result = calculate(db, SYSTEM, on_error="skip", penalties=True)
    on = date(2026, 4, 30)
    expected = account_penalty(db, SYSTEM, acc.number, on).total
    assert expected > 0
    assert result.penalties is not None and result.penalties.total == expected
    assert [a for _p, _r, a in penalty_ops(db, acc.id)] == [expected]
    assert any(line.startswith("Пени:") for line in result.summary())
    url = db.engine.url.render_as_string(hide_password=False)
    out = cli(capsys, "calc", "--penalties", "--skip-errors", "--quiet", "--db", url)
    assert "Пени:" in out
    assert [a for _p, _r, a in penalty_ops(db, acc.id)] == [expected]  # replaced, not doubled


def test_closing_a_month_brings_the_kept_penalty_states_through_it(db: Database) -> None:
    from app.ledger.periods import close_period
    from app.models import PenaltyState

    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202602, 202604, 202604)
    charge(db, acc.id, town.services["maintenance"], 1_000_000, 202602, town.supplier_id)
    post_penalties(db, SYSTEM)

    def kept() -> list[int]:
        with db.session() as s:
            return list(s.scalars(select(PenaltyState.period)))

    assert kept() == [202603]
    post(db, K.PAYMENT, acc.id, town.services["maintenance"], -400_000, period=202604,
         ref_period=202602, day=date(2026, 4, 20), supplier_id=town.supplier_id)
    close_period(db, SYSTEM)
    assert kept() == [202604]
    post_penalties(db, SYSTEM)
    calculated = account_penalty(db, SYSTEM, acc.number, date(2026, 5, 31)).total
    assert sum(a for _p, _r, a in penalty_ops(db, acc.id)) == calculated > 0


def test_the_runs_penalties_report_progress_and_a_cancel_there_writes_nothing(db: Database
                                                                             ) -> None:
    from app.billing.run import run_billing

    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202602, 202604, 202604)
    charge(db, acc.id, town.services["maintenance"], 1_000_000, 202602, town.supplier_id)
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Operation))
    job = run_billing(db, SYSTEM, on_error="skip", penalties=True)
    for _done, _total, message in job:
        if message.startswith("Пени за"):
            job.close()  # cancelled while the penalties are posted
            break
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Operation)) == before
    job = run_billing(db, SYSTEM, on_error="skip", penalties=True)
    messages = [m for _d, _t, m in job]
    assert any(m.startswith("Пени за апрель 2026: 0 из") for m in messages)
    assert job.result is not None and job.result.penalties is not None
    assert job.result.penalties.total > 0


def test_penalties_are_not_posted_while_a_run_of_the_period_is_writing(db: Database) -> None:
    import threading

    from app.billing.run import run_billing
    from app.errors import Conflict

    town = TownFactory(db).build()
    acc = town.account(services=("maintenance",))
    months(town, 202602, 202604, 202604)
    charge(db, acc.id, town.services["maintenance"], 1_000_000, 202602, town.supplier_id)
    run = run_billing(db, SYSTEM, on_error="skip")
    next(run), next(run)  # loaded, and the charges written: the transaction holds them
    if db.dialect == "postgresql":  # refused at once, with the reason
        with pytest.raises(Conflict, match="уже выполняется на другом рабочем месте"):
            post_penalties(db, SYSTEM)
        run.close()
    else:  # SQLite has one writer: the posting waits for the run to end
        posted: list[object] = []
        waiting = threading.Thread(target=lambda: posted.append(post_penalties(db, SYSTEM)))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and not posted
        run.close()
        waiting.join(10)
        assert posted
    post_penalties(db, SYSTEM)  # nothing is left locked
    assert sum(a for _p, _r, a in penalty_ops(db, acc.id)) > 0
