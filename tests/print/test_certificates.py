"""Certificates of a calculated account: numbered in the journal, amounts in figures and words,
the text read back from the PDF equal to the reviewed golden file; who may issue which."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.billing.run import calculate
from app.calc.period import Period
from app.db import Database
from app.documents.certificates import (
    certificate_journal,
    kinds_for,
    print_certificate,
    print_statement,
)
from app.errors import AccessDenied, DomainError
from app.models import AuditEntry, CertificateIssue, Operation
from app.models.enums import OperationKind as K
from app.rights import SYSTEM, Actor, Role
from tests.factories import TestTown, TownFactory
from tests.print.golden import assert_golden
from tests.print.reading import pdf_text

TODAY = date(2026, 12, 1)
CLERK = Actor(user_id=None, login="pasport", full_name="Лебедева Ольга Игоревна",
              roles=frozenset({Role.PASSPORT}))
ACCRUAL = Actor(user_id=None, login="nach", full_name="Кузнецова Анна Петровна",
                roles=frozenset({Role.ACCRUAL}))


def _town(db: Database) -> tuple[TestTown, str]:
    town = TownFactory(db).build()
    acc = town.account(flat="12", area="54.3", residents=2, surname="Смирнова")
    town.resident(acc.id, date(2024, 3, 1), date(2026, 6, 30), surname="Выбывший")
    town.meter(acc.id, "cold_water", serial="ХВ-777", readings={202610: "100", 202611: "106"})
    calculate(db, SYSTEM)
    with db.sessions() as s, s.begin():
        s.add(Operation(kind=K.PAYMENT.value, op_date=date(2026, 11, 14), period=202611,
                        account_id=acc.id, service_id=town.services["maintenance"],
                        supplier_id=town.supplier_id, company_id=town.company_id,
                        amount=-100000, created_at=datetime.now(UTC)))
    return town, acc.number


KINDS = [("family", CLERK), ("house-book", CLERK), ("debt", ACCRUAL),
         ("account-copy", ACCRUAL), ("turnover", ACCRUAL)]


def test_each_certificate_reads_back_as_its_golden_file(db: Database, tmp_path: Path) -> None:
    _, number = _town(db)
    for n, (kind, actor) in enumerate(KINDS, 1):
        pdf = tmp_path / f"{kind}.pdf"
        cert = print_certificate(db, actor, kind, number, pdf, today=TODAY)
        assert cert.number == f"{n}/2026"
        assert_golden(f"certificate_{kind}.txt", pdf_text(pdf, layout=True))
    journal = certificate_journal(db, SYSTEM, number)
    assert [(j.number, j.kind, j.issued_by, j.recipient) for j in journal][-1] == \
        ("1/2026", "family", "Лебедева Ольга Игоревна", "Смирнова Имя0 Петрович")
    assert len(journal) == 5
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "certificate.issue")) == 5


def test_statement_by_month_and_service(db: Database, tmp_path: Path) -> None:
    _, number = _town(db)
    pdf = tmp_path / "statement.pdf"
    print_statement(db, ACCRUAL, number, pdf, first=Period(2026, 11), today=TODAY)
    assert_golden("statement.txt", pdf_text(pdf, layout=True))
    with db.session() as s:  # a statement is not a certificate: nothing journaled
        assert s.scalar(select(func.count()).select_from(CertificateIssue)) == 0


def test_who_may_issue_which_and_bad_kinds(db: Database, tmp_path: Path) -> None:
    _, number = _town(db)
    cashier = Actor(user_id=None, login="kassa", full_name="Кассир",
                    roles=frozenset({Role.CASHIER}))
    viewer = Actor(user_id=None, login="v", full_name="Просмотр", roles=frozenset({Role.VIEWER}))
    assert [k.code for k in kinds_for(CLERK)] == ["family", "house-book", "debt",
                                                  "account-copy", "turnover"]
    assert [k.code for k in kinds_for(cashier)] == ["debt", "account-copy", "turnover"]
    assert kinds_for(viewer) == []
    with pytest.raises(AccessDenied, match="просмотр персональных данных"):
        print_certificate(db, cashier, "family", number, tmp_path / "x.pdf", today=TODAY)
    with pytest.raises(DomainError, match="Неизвестный вид справки «pension»"):
        print_certificate(db, SYSTEM, "pension", number, tmp_path / "x.pdf", today=TODAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(CertificateIssue)) == 0
