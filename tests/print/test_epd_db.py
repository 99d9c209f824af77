"""The payment document of a calculated account: printed, rasterised, both codes decoded, the
text read back — with the payments, penalties and opening balance the ledger holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from app.billing.run import calculate
from app.calc.money import format_rub
from app.calc.period import Period
from app.cashdesk.codes import parse_desk_code, parse_gost_qr
from app.db import Database
from app.documents.epd_print import EpdFilter, epd_document, print_epd, print_epds
from app.errors import DomainError
from app.models import Operation, Organization
from app.models.enums import OperationKind as K
from app.rights import SYSTEM
from tests.factories import TestTown, TownFactory
from tests.print.reading import codes_on, page_png, pdf_text

P = Period(2026, 11)


def _post(db: Database, town: TestTown, account_id: int, kind: K, amount: int,
          day: date = date(2026, 11, 20), service: str = "maintenance") -> None:
    with db.sessions() as s, s.begin():
        s.add(Operation(kind=kind.value, op_date=day, period=P.code, account_id=account_id,
                        service_id=town.services[service], supplier_id=town.supplier_id,
                        company_id=town.company_id, amount=amount,
                        created_at=datetime.now(UTC)))


def _town(db: Database) -> tuple[TestTown, str]:
    town = TownFactory(db).build()
    acc = town.account(flat="12", area="54.3", residents=2, surname="Смирнова")
    town.meter(acc.id, "cold_water", serial="ХВ-777", readings={202610: "100", 202611: "106"})
    calculate(db, SYSTEM)
    _post(db, town, acc.id, K.OPENING_BALANCE, 50000)  # a debt brought from the old system
    _post(db, town, acc.id, K.PAYMENT, -120000, date(2026, 11, 14))
    _post(db, town, acc.id, K.PENALTY, 1234)
    return town, acc.number


def test_epd_prints_both_codes_and_reads_back(db: Database, tmp_path: Path) -> None:
    _, number = _town(db)
    doc = epd_document(db, SYSTEM, number, P)
    assert doc.opening == 50000 and doc.paid == 120000 and doc.penalty == 1234
    assert doc.closing == doc.opening + doc.charged + doc.recalculated + doc.penalty - doc.paid
    assert doc.to_pay == max(doc.closing, 0) and doc.to_pay > 0
    assert [m.serial for m in doc.meters] == ["ХВ-777"] and doc.meters[0].volume == 6
    assert doc.residents == 2 and doc.pay_by is None  # no due-day rule in this town

    pdf = print_epd(db, SYSTEM, number, P, tmp_path / "epd.pdf")
    codes = codes_on(page_png(pdf))
    assert codes["QR-Code"] == [doc.qr_payload]
    assert codes["CODE-128"] == [doc.desk_code]
    qr = parse_gost_qr(codes["QR-Code"][0])
    assert qr.sum == doc.to_pay and qr.pers_acc == number and qr.paym_period == P
    assert qr.fields["LastName"] == "Смирнова" and qr.fields["TechCode"] == "02"
    desk = parse_desk_code(codes["CODE-128"][0])
    assert (desk.account, desk.period, desk.amount) == (number, P, doc.to_pay)

    text = pdf_text(pdf).replace("\xa0", " ")
    due = format_rub(doc.to_pay).replace("\xa0", " ")
    for expected in (number, "Смирнова Имя0 Петрович", "ул. Ленина, д. 5, кв. 12",
                     "за ноябрь 2026 г.", "ООО «УК Тестовая»", "АО «Водоканал»", "ХВ-777",
                     "Холодное водоснабжение", "Содержание жилого помещения",
                     due, "14.11.2026 — 1 200,00 ₽", "12,34"):
        assert expected in text, expected


def test_an_account_without_charges_or_requisites_says_what_is_missing(db: Database) -> None:
    town, number = _town(db)
    empty = town.account(flat="3", services=())
    with pytest.raises(DomainError, match="нет начислений за ноябрь 2026"):
        epd_document(db, SYSTEM, empty.number, P)
    with db.sessions() as s, s.begin():
        s.execute(update(Organization).where(Organization.id == town.supplier_id)
                  .values(bik=None, settlement_account=""))
    with pytest.raises(DomainError, match=r"«АО «Водоканал»».*БИК, расчётный счёт"):
        epd_document(db, SYSTEM, number, P)


def test_mass_print_in_delivery_order_lists_the_skipped(db: Database, tmp_path: Path) -> None:
    town = TownFactory(db).build()
    numbers = {flat: town.account(flat=flat, surname=f"Жилец{flat}").number
               for flat in ("10", "2", "1А")}
    idle = town.account(flat="7", services=())
    calculate(db, SYSTEM)
    steps = print_epds(db, SYSTEM, P, EpdFilter(building_id=town.building_id),
                       tmp_path / "all.pdf")
    progress = []
    try:
        while True:
            progress.append(next(steps))
    except StopIteration as stop:
        result = stop.value
    assert progress[-1][0] == progress[-1][1] == 4
    assert result.pages == 3
    assert [s.account_number for s in result.skipped] == [idle.number]
    assert "нет начислений" in result.skipped[0].reason
    text = pdf_text(result.path)
    pages = text.split("\f")
    order = [next(f for f, n in numbers.items() if n in page) for page in pages if page.strip()]
    assert order == ["1А", "2", "10"]


def test_cancelled_mass_print_leaves_no_file(db: Database, tmp_path: Path) -> None:
    town = TownFactory(db).build()
    town.account(flat="1")
    calculate(db, SYSTEM)
    out = tmp_path / "cancelled.pdf"
    steps = print_epds(db, SYSTEM, P, EpdFilter(), out)
    next(steps)
    next(steps)
    steps.close()
    assert not out.exists()


def test_worker_processes_print_the_same_pages_in_the_same_order(db: Database,
                                                                 tmp_path: Path) -> None:
    town = TownFactory(db).build()
    for flat in ("3", "1", "2"):
        town.account(flat=flat, surname=f"Жилец{flat}")
    calculate(db, SYSTEM)
    outputs = {}
    for workers in (0, 2):
        steps = print_epds(db, SYSTEM, P, EpdFilter(), tmp_path / f"w{workers}.pdf", workers)
        for _ in steps:
            pass
        outputs[workers] = pdf_text(tmp_path / f"w{workers}.pdf")
    assert outputs[0] == outputs[2]
    assert outputs[2].count("ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ") == 3
    codes = codes_on(page_png(tmp_path / "w2.pdf", 3))
    assert parse_gost_qr(codes["QR-Code"][0]).pers_acc == parse_desk_code(
        codes["CODE-128"][0]).account


def test_debtors_only_leaves_out_those_who_paid(db: Database, tmp_path: Path) -> None:
    town = TownFactory(db).build()
    paid = town.account(flat="1", surname="Платящий")
    owes = town.account(flat="2", surname="Должник")
    calculate(db, SYSTEM)
    _post(db, town, paid.id, K.PAYMENT, -10_000_000)
    steps = print_epds(db, SYSTEM, P, EpdFilter(debtors_only=True), tmp_path / "d.pdf")
    for _ in steps:
        pass
    text = pdf_text(tmp_path / "d.pdf")
    assert owes.number in text and paid.number not in text


def test_an_agreement_in_force_shows_its_next_instalment(db: Database, tmp_path: Path) -> None:
    from app.calc.debt import Instalment
    from app.debtors.agreements import sign_agreement

    _, number = _town(db)
    sign_agreement(db, SYSTEM, number, "Р-7", date(2026, 10, 20),
                   [Instalment(date(2026, 11, 25), 30000), Instalment(date(2026, 12, 25), 30000),
                    Instalment(date(2027, 1, 25), 40000)])
    doc = epd_document(db, SYSTEM, number, P)
    assert doc.instalment is not None and doc.instalment.remaining == 70000
    pdf = print_epd(db, SYSTEM, number, P, tmp_path / "epd.pdf")
    text = " ".join(pdf_text(pdf).replace("\xa0", " ").split())
    assert "РАССРОЧКА соглашение о рассрочке № Р-7 от 20.10.2026 на 1 000,00 ₽: платёж до " \
           "25.12.2026 — 300,00 ₽, всего по графику осталось 700,00 ₽" in text
    assert codes_on(page_png(pdf))["QR-Code"] == [doc.qr_payload]
