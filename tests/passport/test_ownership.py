"""Change of ownership (owners with shares and a document; history kept) and of payer; both
refresh the lookup; a change dated in a closed period is recalculated like an arrival."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.lookup import lookup
from app.errors import AccessDenied, Conflict, InvalidInput
from app.models import AuditEntry, Ownership
from app.passport.flat import owners_of
from app.passport.ownership import NewOwner, OwnershipInput, change_ownership, change_payer
from tests.passport.conftest import TODAY, Office, person


def _owners(office: Office) -> list[tuple[str, str, date, date | None]]:
    return [(o.name, o.share, o.date_from, o.date_to)
            for o in owners_of(office.db, office.clerk, office.number)]


def test_new_owners_with_shares_end_the_previous_ownership_and_are_found(
        office: Office) -> None:
    result = change_ownership(office.db, office.clerk, OwnershipInput(
        office.number, date(2026, 11, 10), (
            NewOwner(1, 2, identity=person("Покупателев", "Иван", "Петрович")),
            NewOwner(1, 2, identity=person("Покупателева", "Анна", "Петровна", sex="ж",
                                           snils=None, doc_number="654321"))),
        "Выписка ЕГРН от 09.11.2026 № 66-01/123"), TODAY)
    assert result.recalculation.request_ids == ()  # November is open: nothing closed changed
    assert sorted(_owners(office)) == sorted([
        ("Хозяинов Имя0 Петрович", "1/1", date(2020, 1, 1), date(2026, 11, 9)),
        ("Покупателев Иван Петрович", "1/2", date(2026, 11, 10), None),
        ("Покупателева Анна Петровна", "1/2", date(2026, 11, 10), None)])
    with office.db.session() as s:
        assert set(s.scalars(select(Ownership.document).where(
            Ownership.date_from == date(2026, 11, 10)))) == {
            "Выписка ЕГРН от 09.11.2026 № 66-01/123"}
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "ownership.change")
                          ).one()
        assert entry.user_id == office.clerk.user_id and len(entry.after["owners"]) == 2
    payer = next(o for o in owners_of(office.db, office.clerk, office.number)
                 if o.name.startswith("Покупателева"))
    with office.db.session() as s:
        pid = s.scalar(select(Ownership.person_id).where(Ownership.id == payer.owner_id))
    assert lookup(office.db, office.clerk, "Покупателева") == []
    changed = change_payer(office.db, office.clerk, office.number, pid, today=TODAY)
    assert changed.payer_name == "Покупателева Анна Петровна"
    assert [h.number for h in lookup(office.db, office.clerk, "Покупателева Анна")] == \
        [office.number]
    with pytest.raises(Conflict):
        change_payer(office.db, office.clerk, office.number, pid, changed.version - 1,
                     today=TODAY)


@pytest.mark.parametrize(("shares", "date_from", "document", "says"), [
    (((1, 2), (1, 3)), date(2026, 11, 10), "Выписка", "в сумме дают 5/6"),
    (((3, 2),), date(2026, 11, 10), "Выписка", "не часть целого"),
    (((1, 1),), date(2026, 12, 1), "Выписка", "позже сегодняшнего дня"),
    (((1, 1),), date(2026, 11, 10), "  ", "документ о праве собственности"),
])
def test_bad_ownership_saves_nothing(office: Office, shares: tuple[tuple[int, int], ...],
                                     date_from: date, document: str, says: str) -> None:
    before = _owners(office)
    with pytest.raises(InvalidInput, match=says):
        change_ownership(office.db, office.clerk, OwnershipInput(
            office.number, date_from, tuple(NewOwner(n, d, identity=person(f"Новый{i}"))
                                            for i, (n, d) in enumerate(shares)), document),
            TODAY)
    assert _owners(office) == before


def test_only_the_passport_right_changes_owners_or_payer(office: Office) -> None:
    with pytest.raises(AccessDenied):
        change_ownership(office.db, office.cashier, OwnershipInput(
            office.number, date(2026, 11, 10), (NewOwner(1, 1, identity=person()),),
            "Выписка"), TODAY)
    with pytest.raises(AccessDenied):
        change_payer(office.db, office.cashier, office.number, 1, today=TODAY)


def test_owners_changed_in_a_closed_month_of_an_empty_flat_are_recalculated(
        office: Office) -> None:
    from app.billing.run import calculate
    from app.calc.period import Period
    from app.rights import SYSTEM

    empty = office.town.account(flat="44", residents=0, surname="Одинокий")
    office.town.period(202610)
    calculate(office.db, SYSTEM, Period(2026, 10))
    office.town.period(202610, closed=True)
    result = change_ownership(office.db, office.clerk, OwnershipInput(
        empty.number, date(2026, 10, 1), (NewOwner(1, 2, identity=person("Первый")),
                                          NewOwner(1, 2, identity=person("Второй", snils=None,
                                                                         doc_number="222333"))),
        "Договор купли-продажи от 30.09.2026"), TODAY)
    done = result.recalculation
    assert done.error is None and done.batch is not None
    # nobody registered: the owners are counted (ПП 354 п. 56(2)), one → two for October
    [line] = [ln for ln in done.lines if ln.service == "Холодное водоснабжение"]
    assert line.period == Period(2026, 10) and abs(line.new - 2 * line.old) <= 1
