"""Personal data (152-ФЗ): documents only for the right, masks for the rest, every view and
change of documents in the audit log with who, when and whose."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.errors import AccessDenied, InvalidInput
from app.models import AuditEntry, Person
from app.passport.flat import flat_view
from app.passport.people import (
    change_documents,
    find_persons,
    person_card,
    person_history,
    personal_data_log,
)
from app.passport.registration import register_arrival
from app.passport.views import ArrivalInput, DocumentInput, Newcomer
from tests.passport.conftest import TODAY, Office, person


def _arrived(office: Office) -> int:
    result = register_arrival(office.db, office.clerk, ArrivalInput(
        office.number, "permanent", date(2026, 11, 5), (Newcomer("сын", identity=person(
            doc_series="4507", snils="11223344595")),)), TODAY)
    return result.person_ids[0]


def _audit(office: Office, action: str) -> list[tuple[int | None, str | None]]:
    with office.db.session() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(AuditEntry.user_id, AuditEntry.entity_id)
            .where(AuditEntry.action == action).order_by(AuditEntry.id)).all()]


def test_clerk_sees_documents_in_full_and_the_view_is_logged(office: Office) -> None:
    pid = _arrived(office)
    card = person_card(office.db, office.clerk, pid)
    assert card.revealed and (card.doc_series, card.doc_number) == ("45 07", "123456")
    assert card.snils == "112-233-445 95" and card.doc_code == "660-005"
    assert card.birth_date == date(1985, 3, 14)
    assert _audit(office, "person.documents.view") == [(office.clerk.user_id, str(pid))]


def test_roles_without_the_right_see_masks_and_leave_no_view(office: Office) -> None:
    pid = _arrived(office)
    card = person_card(office.db, office.cashier, pid)
    assert not card.revealed
    assert (card.doc_series, card.doc_number) == ("45 **", "******")
    assert card.snils == "***-***-*** 95"
    assert card.birth_date is None and card.doc_issued_by is None and card.doc_code is None
    view = flat_view(office.db, office.accountant, office.number, TODAY, reveal=True)
    newcomer = next(r for r in view.residents if r.person_id == pid)
    assert not view.revealed
    assert newcomer.doc_text == "Паспорт гражданина РФ 45 ** ******"
    assert newcomer.snils_text == "***-***-*** 95" and newcomer.birth_date is None
    assert _audit(office, "person.documents.view") == []
    assert _audit(office, "flat.documents.view") == []


def test_lists_are_masked_for_the_clerk_too_until_revealed_which_is_logged(
        office: Office) -> None:
    pid = _arrived(office)
    masked = flat_view(office.db, office.clerk, office.number, TODAY)
    assert all("123456" not in r.doc_text for r in masked.residents)
    assert _audit(office, "flat.documents.view") == []
    full = flat_view(office.db, office.clerk, office.number, TODAY, reveal=True)
    assert next(r for r in full.residents if r.person_id == pid).doc_text == \
        "Паспорт гражданина РФ 45 07 123456"
    assert _audit(office, "flat.documents.view") == [(office.clerk.user_id,
                                                      str(full.premise_id))]
    log = personal_data_log(office.db, office.clerk, pid)
    assert [line.action for line in log][:1] == ["просмотр документов жильцов"]


def test_document_change_keeps_the_old_values_in_the_audit(office: Office) -> None:
    pid = _arrived(office)
    with office.db.session() as s:
        version = s.get_one(Person, pid).version
    card = change_documents(office.db, office.clerk, pid, DocumentInput(
        "Паспорт гражданина РФ", "6530", "654321", "ГУ МВД России по Свердловской области",
        date(2025, 3, 20), "660-005", "11223344595",
        "Российская Федерация"), version=version, today=TODAY)
    assert (card.doc_series, card.doc_number) == ("65 30", "654321")
    with office.db.session() as s:
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "person.documents.change")).one()
        assert entry.user_id == office.clerk.user_id and entry.entity_id == str(pid)
        assert entry.before is not None and entry.after is not None
        assert (entry.before["doc_series"], entry.after["doc_series"]) == ("45 07", "65 30")
    history = person_history(office.db, office.clerk, pid)
    assert [h.event for h in history] == ["Зарегистрирован по месту жительства",
                                          "Изменены данные документа"]
    log = personal_data_log(office.db, office.clerk, pid)
    assert {line.action for line in log} >= {"изменение документов", "регистрация",
                                              "новый человек"}
    assert all(line.user == "Пользователь pasport (pasport)" for line in log)


def test_a_bad_document_change_or_a_stale_card_saves_nothing(office: Office) -> None:
    pid = _arrived(office)
    with office.db.session() as s:
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(InvalidInput, match="Серия паспорта"):
        change_documents(office.db, office.clerk, pid, DocumentInput(
            "Паспорт гражданина РФ", "65", "654321", "ГУ МВД", date(2025, 3, 20)),
            today=TODAY)
    with pytest.raises(InvalidInput, match="СНИЛС"):
        change_documents(office.db, office.clerk, pid, DocumentInput(
            "Паспорт гражданина РФ", "6530", "654321", "ГУ МВД", date(2025, 3, 20),
            snils="11223344596"), today=TODAY)
    with pytest.raises(Exception, match="изменил другой пользователь"):
        change_documents(office.db, office.clerk, pid, DocumentInput(
            "Паспорт гражданина РФ", "6530", "654321", "ГУ МВД", date(2025, 3, 20)),
            version=99, today=TODAY)
    with pytest.raises(AccessDenied):
        change_documents(office.db, office.accountant, pid, DocumentInput(
            "Паспорт гражданина РФ", "6530", "654321", "ГУ МВД", date(2025, 3, 20)),
            today=TODAY)
    with office.db.session() as s:
        assert s.get_one(Person, pid).doc_series == "45 07"
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_the_log_of_views_is_for_the_right_only(office: Office) -> None:
    pid = _arrived(office)
    with pytest.raises(AccessDenied):
        personal_data_log(office.db, office.cashier, pid)


def test_find_a_person_by_name_shows_birth_only_with_the_right(office: Office) -> None:
    pid = _arrived(office)
    hits = find_persons(office.db, office.clerk, "новиков андр")
    assert [(h.person_id, h.birth_date, h.registered) for h in hits] == \
        [(pid, date(1985, 3, 14), True)]
    assert hits[0].account_number == office.number and "кв. 12" in hits[0].address
    assert find_persons(office.db, office.cashier, "Новиков")[0].birth_date is None
    assert find_persons(office.db, office.clerk, "новиков ольга") == []


def test_the_personal_data_log_reads_only_the_flats_of_the_person(
        office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.passport import people
    from app.passport.forms import form10

    pid = _arrived(office)
    other = office.town.account(flat="40", surname="Соседов")
    for _ in range(5):  # the neighbours' flat cards printed: rows about other people
        form10(office.db, office.clerk, other.number, TODAY)
    form10(office.db, office.clerk, office.number, TODAY)
    read: list[tuple[str, str | None]] = []
    concerns = people._concerns

    def counting(entry: AuditEntry, person_id: int) -> bool:
        read.append((entry.entity, entry.entity_id))
        return concerns(entry, person_id)

    monkeypatch.setattr(people, "_concerns", counting)
    log = personal_data_log(office.db, office.clerk, pid)
    assert log[0].action == "печать документа"
    assert ("premise", str(other.premise_id)) not in read and len(read) == len(log)
