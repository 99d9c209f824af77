"""Issue #21 «done when», as the demo's passport clerk: a family's arrival dated two months back
posts the recalculation of the two closed months the clerk is shown, form №10 and the family
certificate name everyone, and the views of their documents are in the audit log."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.lookup import lookup
from app.auth.login import login
from app.billing.history import calculate_history
from app.db import Database
from app.demo import generate
from app.documents.certificates import print_certificate
from app.models import Account, Operation, Premise
from app.passport.billing_effect import open_requests
from app.passport.flat import flat_view
from app.passport.forms import form10
from app.passport.people import person_card, personal_data_log
from app.passport.registration import register_arrival
from app.passport.views import ArrivalInput, Newcomer
from tests.passport.conftest import person

TODAY = date(2026, 10, 20)  # the demo town's open period is October 2026


def test_demo_clerk_registers_a_backdated_family_and_finds_it_everywhere(
        db: Database, tmp_path: Path) -> None:
    for _ in generate(db, accounts=12, seed=5, history_calculator=calculate_history):
        pass  # the demo as `kvartal demo` makes it: a year of calculated, closed history
    clerk = login(db, "pasport", "pasport")
    accountant = login(db, "nach", "nach")
    with db.session() as s:  # a flat with one account, as the clerk finds it by address
        premise = s.scalars(select(Account.premise_id).join(Premise)
                            .where(Premise.kind == "flat").group_by(Account.premise_id)
                            .having(func.count() == 1).order_by(Account.premise_id)).first()
        number = s.scalar(select(Account.number).where(Account.premise_id == premise))
    assert number is not None
    flat = next(h for h in lookup(db, clerk, number))
    before = flat_view(db, clerk, flat.number, TODAY)

    family = (Newcomer("муж", identity=person("Громов", "Павел", "Игоревич")),
              Newcomer("жена", identity=person("Громова", "Ирина", "Олеговна", sex="ж",
                                               birth=date(1988, 7, 2), snils=None,
                                               doc_series="6510", doc_number="777888")),
              Newcomer("сын", identity=person("Громов", "Артём", "Павлович",
                                              birth=date(2019, 1, 9), snils=None,
                                              doc_type="Свидетельство о рождении",
                                              doc_series="IV-АИ", doc_number="111222",
                                              doc_code=None, doc_issued_on=date(2019, 1, 20))))
    result = register_arrival(db, clerk, ArrivalInput(
        flat.number, "permanent", date(2026, 8, 14), family,
        arrived_from="г. Екатеринбург, ул. Мира, д. 3, кв. 7", reason="по заявлению",
        document="заявление от 14.08.2026"), TODAY)

    # August and September are recalculated, the difference posted in October, and the clerk
    # is shown the accounts, periods and amounts; nothing is left for the accrual specialist
    assert {q.from_period for q in result.queued} == {202608}
    assert flat.number in {q.account_number for q in result.queued}
    done = result.recalculation
    assert done.error is None and done.batch is not None and done.total > 0
    assert {line.period.code for line in done.lines} == {202608, 202609}
    assert {line.account_number for line in done.lines} == {flat.number}
    with db.session() as s:
        posted = dict(s.execute(
            select(Operation.ref_period, func.sum(Operation.amount))
            .where(Operation.cause == f"recalc:{done.batch}", Operation.period == 202610)
            .group_by(Operation.ref_period)).all())
    assert posted == {p: sum(ln.amount for ln in done.lines if ln.period.code == p)
                      for p in (202608, 202609)}
    text = result.summary()
    assert "начиная с «август 2026»" in text and "Перерасчёт записан в период «октябрь 2026»" \
        in text and f"л/с {flat.number}, август 2026" in text
    assert open_requests(db, accountant) == []
    # the family is found by the lookup and counted in the flat
    assert flat.number in {h.number for h in lookup(db, clerk, "Громова Ирина")}
    after = flat_view(db, clerk, flat.number, TODAY)
    assert len(after.current) == len(before.current) + 3

    # form №10 names everyone registered in the flat
    pdf = tmp_path / "form10.pdf"
    pdf.write_bytes(form10(db, clerk, flat.number, TODAY))
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for r in after.residents:
        assert r.full_name in text, r.full_name
    # and so does the family certificate (состав семьи), entered in the issue journal
    cert = tmp_path / "family.pdf"
    issued = print_certificate(db, clerk, "family", flat.number, cert, today=TODAY)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(cert), "-"],
                                   capture_output=True, text=True, check=True).stdout.split())
    assert "о составе семьи" in text and issued.number in text
    for r in after.current:
        assert r.full_name in text, r.full_name

    # viewing a document is in the audit log, with who and what
    ira = next(r.person_id for r in after.residents if r.full_name.startswith("Громова"))
    assert person_card(db, clerk, ira).doc_number == "777888"
    log = personal_data_log(db, clerk, ira)
    actions = [line.action for line in log]
    assert actions == ["просмотр документов", "печать документа", "регистрация",
                       "новый человек"]
    assert all(line.user == "Лебедева Ольга Николаевна (pasport)" for line in log)
