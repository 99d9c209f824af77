"""Notes: the account's first write path — written with its audit row, or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.accounts.card import load_card
from app.accounts.notes import MAX_NOTE, add_note
from app.auth.login import login
from app.db import Database
from app.errors import AccessDenied, DomainError
from app.models import AccountNote, AuditEntry
from app.rights import SYSTEM, Actor
from tests.factories import TownFactory, make_user


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(AccountNote)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)
                         .where(AuditEntry.action == "note.add")) or 0)


def test_note_is_written_with_author_and_audit(db: Database) -> None:
    town = TownFactory(db).build()
    acc = town.account()
    make_user(db, "kassa", ["cashier"])
    cashier = login(db, "kassa", "test")

    note = add_note(db, cashier, acc.id, "  Просил перезвонить после 18:00  ")

    assert note.text == "Просил перезвонить после 18:00"
    assert note.author == "Пользователь kassa"
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "note.add")).one()
        assert (entry.entity, entry.entity_id, entry.user_id) == ("account", str(acc.id),
                                                                  cashier.user_id)
        assert entry.after is not None and entry.after["text"] == note.text
    card = load_card(db, SYSTEM, acc.number)
    assert [(n.note_id, n.text, n.author) for n in card.notes] == [
        (note.note_id, note.text, "Пользователь kassa")]


def test_notes_come_newest_first(db: Database) -> None:
    acc = TownFactory(db).build().account()
    add_note(db, SYSTEM, acc.id, "первая")
    add_note(db, SYSTEM, acc.id, "вторая")
    assert [n.text for n in load_card(db, SYSTEM, acc.number).notes] == ["вторая", "первая"]


@pytest.mark.parametrize("text, message", [("", "пустая"), ("   \n\t ", "пустая"),
                                           ("я" * (MAX_NOTE + 1), "слишком длинная")])
def test_bad_note_writes_nothing(db: Database, text: str, message: str) -> None:
    acc = TownFactory(db).build().account()
    with pytest.raises(DomainError, match=message):
        add_note(db, SYSTEM, acc.id, text)
    assert _counts(db) == (0, 0)


def test_note_without_the_right_writes_nothing(db: Database) -> None:
    acc = TownFactory(db).build().account()
    viewer = Actor(user_id=None, login="prosmotr", full_name="Просмотр",
                   roles=frozenset({"viewer"}))
    with pytest.raises(AccessDenied, match="заметки к лицевым счетам"):
        add_note(db, viewer, acc.id, "текст")
    assert _counts(db) == (0, 0)


def test_note_outside_the_scope_writes_nothing(db: Database) -> None:
    town = TownFactory(db).build()
    other = town.add_company()
    acc = town.account(building_id=town.add_building("9", company_id=other))
    clerk = Actor(user_id=None, login="k", full_name="К", roles=frozenset({"cashier"}),
                  company_ids=frozenset({town.company_id}))
    with pytest.raises(AccessDenied):
        add_note(db, clerk, acc.id, "текст")
    assert _counts(db) == (0, 0)


def test_note_to_a_missing_account_writes_nothing(db: Database) -> None:
    TownFactory(db).build()
    with pytest.raises(DomainError, match="не найден"):
        add_note(db, SYSTEM, 999_999, "текст")
    assert _counts(db) == (0, 0)


@pytest.mark.parametrize("text, message", [("Ив\x00анов", "управляющий символ"),
                                           ("Ив\ud800анов", "суррогат")])
def test_text_no_database_stores_is_refused_on_both(db: Database, text: str,
                                                    message: str) -> None:
    acc = TownFactory(db).build().account()
    with pytest.raises(DomainError, match=message):
        add_note(db, SYSTEM, acc.id, text)
    assert _counts(db) == (0, 0)
