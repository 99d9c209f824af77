"""Arrival and departure rules, on both databases: one permanent registration at a time, dates
in order, a stay ends by its date, a departure keeps the row; a refusal saves nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.errors import AccessDenied, InvalidInput
from app.models import AuditEntry, Person, Registration
from app.passport.flat import flat_history, flat_view
from app.passport.registration import register_arrival, register_departure
from app.passport.views import ArrivalInput, DepartureInput, Newcomer
from tests.passport.conftest import TODAY, Office, person


def arrival(number: str, *newcomers: Newcomer, kind: str = "permanent",
            date_from: date = date(2026, 11, 5), date_to: date | None = None) -> ArrivalInput:
    return ArrivalInput(account_number=number, kind=kind, date_from=date_from,
                        newcomers=newcomers, date_to=date_to,
                        arrived_from="г. Пермь, ул. Мира, д. 1, кв. 2", reason="по заявлению",
                        document="заявление от 05.11.2026")


def counts(office: Office) -> tuple[int, int, int]:
    with office.db.session() as s:
        return (s.scalar(select(func.count()).select_from(Person)) or 0,
                s.scalar(select(func.count()).select_from(Registration)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_arrival_registers_new_people_and_audits_each(office: Office) -> None:
    result = register_arrival(office.db, office.clerk, arrival(
        office.number, Newcomer("сын", identity=person()),
        Newcomer("дочь", identity=person(first="Ольга", sex="ж", birth=date(2015, 6, 1),
                                         doc_type="Свидетельство о рождении",
                                         doc_series="iv-аи", doc_number="654321",
                                         doc_code=None, snils=None,
                                         doc_issued_on=date(2015, 6, 9)))), TODAY)
    assert len(result.registration_ids) == 2 and result.queued == ()
    view = flat_view(office.db, office.clerk, office.number, TODAY)
    assert [r.full_name for r in view.current] == [
        "Хозяинов Имя0 Петрович", "Новиков Андрей Сергеевич", "Новиков Ольга Сергеевич"]
    with office.db.session() as s:
        andrey = s.get_one(Person, result.person_ids[0])
        olga = s.get_one(Person, result.person_ids[1])
        reg = s.get_one(Registration, result.registration_ids[0])
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.user_id
                                                            == office.clerk.user_id)).all()
        assert (andrey.doc_series, andrey.doc_number, andrey.doc_code, andrey.snils) == \
            ("65 05", "123456", "660-005", "11223344595")
        assert (olga.doc_series, olga.doc_code) == ("IV-АИ", None)
        assert (reg.relation, reg.reason, reg.created_by_id) == ("сын", "по заявлению",
                                                                office.clerk.user_id)
    assert sorted(actions) == ["person.add", "person.add", "registration.arrival",
                               "registration.arrival"]


def test_second_permanent_registration_is_refused_until_the_first_ends(office: Office) -> None:
    first = register_arrival(office.db, office.clerk, arrival(
        office.number, Newcomer(identity=person())), TODAY)
    pid = first.person_ids[0]
    other = office.town.account(flat="14", residents=1, surname="Соседов")
    before = counts(office)
    with pytest.raises(InvalidInput) as refused:
        register_arrival(office.db, office.clerk, arrival(
            other.number, Newcomer(person_id=pid), date_from=date(2026, 11, 10)), TODAY)
    assert "уже зарегистрирован по месту жительства" in refused.value.message
    assert "снятие с регистрации" in refused.value.message
    assert counts(office) == before
    # a stay elsewhere is allowed while the permanent registration lasts
    stay = register_arrival(office.db, office.clerk, arrival(
        other.number, Newcomer(person_id=pid), kind="temporary", date_from=date(2026, 11, 10),
        date_to=date(2027, 5, 9)), TODAY)
    # the stay's flat refuses a second registration while the stay lasts
    with pytest.raises(InvalidInput, match="по месту пребывания в этой квартире"):
        register_arrival(office.db, office.clerk, arrival(
            other.number, Newcomer(person_id=pid), kind="temporary",
            date_from=date(2026, 11, 12), date_to=date(2026, 12, 1)), TODAY)
    # after leaving the first flat and ending the stay, a new permanent registration is taken
    for reg_id in (first.registration_ids[0], stay.registration_ids[0]):
        register_departure(office.db, office.clerk, DepartureInput(
            reg_id, date(2026, 11, 15), departed_to="ул. Ленина, д. 5, кв. 14"), TODAY)
    register_arrival(office.db, office.clerk, arrival(
        other.number, Newcomer(person_id=pid), date_from=date(2026, 11, 16)), TODAY)
    with office.db.session() as s:
        regs = s.execute(select(Registration.kind, Registration.date_from, Registration.date_to)
                         .where(Registration.person_id == pid).order_by(Registration.id)).all()
    assert [tuple(r) for r in regs] == [
        ("permanent", date(2026, 11, 5), date(2026, 11, 15)),
        ("temporary", date(2026, 11, 10), date(2026, 11, 15)),
        ("permanent", date(2026, 11, 16), None)]


def test_departure_ends_a_registration_and_keeps_it_in_the_history(office: Office) -> None:
    result = register_arrival(office.db, office.clerk, arrival(
        office.number, Newcomer("муж", identity=person())), TODAY)
    register_departure(office.db, office.clerk, DepartureInput(
        result.registration_ids[0], date(2026, 11, 18), departed_to="г. Пермь",
        reason="по заявлению", document="заявление от 18.11.2026"), TODAY)
    view = flat_view(office.db, office.clerk, office.number, TODAY)
    gone = next(r for r in view.residents if r.person_id == result.person_ids[0])
    assert not gone.current and gone.date_to == date(2026, 11, 18)
    assert gone.departed_to == "г. Пермь"
    events = [(h.day, h.event) for h in flat_history(office.db, office.clerk, office.number)
              if h.person_id == result.person_ids[0]]
    assert events == [(date(2026, 11, 5), "Зарегистрирован по месту жительства"),
                      (date(2026, 11, 18), "Снят с регистрации")]
    with pytest.raises(InvalidInput, match="уже окончена"):
        register_departure(office.db, office.clerk, DepartureInput(
            result.registration_ids[0], date(2026, 11, 19)), TODAY)


def test_departure_before_arrival_or_in_the_future_is_refused(office: Office) -> None:
    result = register_arrival(office.db, office.clerk, arrival(
        office.number, Newcomer(identity=person())), TODAY)
    before = counts(office)
    with pytest.raises(InvalidInput, match=r"раньше даты регистрации 05\.11\.2026"):
        register_departure(office.db, office.clerk, DepartureInput(
            result.registration_ids[0], date(2026, 11, 1)), TODAY)
    with pytest.raises(InvalidInput, match="позже сегодняшнего дня"):
        register_departure(office.db, office.clerk, DepartureInput(
            result.registration_ids[0], date(2026, 12, 1)), TODAY)
    assert counts(office) == before
    with office.db.session() as s:
        assert s.get_one(Registration, result.registration_ids[0]).date_to is None


def test_stay_ends_by_its_date_and_needs_one(office: Office) -> None:
    with pytest.raises(InvalidInput, match="дату окончания"):
        register_arrival(office.db, office.clerk, arrival(
            office.number, Newcomer(identity=person()), kind="temporary"), TODAY)
    with pytest.raises(InvalidInput, match="раньше начала"):
        register_arrival(office.db, office.clerk, arrival(
            office.number, Newcomer(identity=person()), kind="temporary",
            date_to=date(2026, 11, 1)), TODAY)
    result = register_arrival(office.db, office.clerk, arrival(
        office.number, Newcomer(identity=person()), kind="temporary",
        date_from=date(2026, 11, 1), date_to=date(2026, 11, 10)), TODAY)
    view = flat_view(office.db, office.clerk, office.number, TODAY)
    stay = next(r for r in view.residents if r.person_id == result.person_ids[0])
    assert not stay.current  # ended on 10.11 by itself; nobody had to register a departure
    on_last_day = flat_view(office.db, office.clerk, office.number, date(2026, 11, 10))
    assert result.person_ids[0] in {r.person_id for r in on_last_day.current}
    history = [h.event for h in flat_history(office.db, office.clerk, office.number)
               if h.person_id == result.person_ids[0]]
    assert history == ["Зарегистрирован по месту пребывания", "Окончание срока пребывания"]


@pytest.mark.parametrize(("field", "kw", "message"), [
    ("snils", {"snils": "112-233-445 96"}, "Неверные контрольные цифры СНИЛС 112-233-445 96"),
    ("series", {"doc_series": "650"}, "Серия паспорта — 4 цифры"),
    ("number", {"doc_number": "12345"}, "Номер документа — 6 цифр"),
    ("code", {"doc_code": "66-005"}, "Код подразделения — 6 цифр"),
    ("birth", {"birth": date(2027, 1, 1)}, "Дата рождения: 01.01.2027 — позже сегодняшнего"),
    ("birth_after_arrival", {"birth": date(2026, 11, 10), "doc_issued_on": None},
     "раньше даты рождения 10.11.2026"),
    ("certificate", {"doc_type": "Свидетельство о рождении", "doc_series": "12-34",
                     "doc_code": None}, "римские цифры"),
])
def test_bad_identity_is_refused_in_russian_and_nothing_saved(
        office: Office, field: str, kw: dict[str, object], message: str) -> None:
    before = counts(office)
    with pytest.raises(InvalidInput) as refused:
        register_arrival(office.db, office.clerk, arrival(
            office.number, Newcomer(identity=person(**kw))), TODAY)
    assert message in refused.value.message, refused.value.message
    assert refused.value.message.startswith("Регистрация не оформлена")
    assert counts(office) == before


def test_one_bad_family_member_saves_nobody(office: Office) -> None:
    before = counts(office)
    with pytest.raises(InvalidInput, match="Прибывающий 2"):
        register_arrival(office.db, office.clerk, arrival(
            office.number, Newcomer(identity=person()),
            Newcomer(identity=person(first="Ольга", snils="11223344596"))), TODAY)
    assert counts(office) == before


def test_only_the_passport_right_registers(office: Office) -> None:
    before = counts(office)
    with pytest.raises(AccessDenied, match="паспортный стол"):
        register_arrival(office.db, office.cashier, arrival(
            office.number, Newcomer(identity=person())), TODAY)
    assert counts(office) == before


def test_nobody_is_registered_in_a_non_residential_premise(office: Office) -> None:
    from app.models import Account, Premise

    with office.db.sessions() as s, s.begin():
        premise_id = s.get_one(Account, office.town.account(flat="Н1").id).premise_id
        s.get_one(Premise, premise_id).kind = "non_residential"
        number = s.scalar(select(Account.number).where(Account.premise_id == premise_id))
    before = counts(office)
    with pytest.raises(InvalidInput, match="только в жилом помещении"):
        register_arrival(office.db, office.clerk, arrival(
            str(number), Newcomer(identity=person())), TODAY)
    assert counts(office) == before
