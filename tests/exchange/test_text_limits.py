"""Text limits of the import are the application's own (issue 16, item 5): one source of truth —
the column's length, or for free text the limit of the use case that edits it."""

from __future__ import annotations

from sqlalchemy import String, Text, func, select

from app import models as M
from app.accounts import notes
from app.calc import bounds
from app.db import Database
from app.exchange import format as fmt
from app.exchange.importer import import_source
from app.exchange.mapping import MAPPINGS
from app.rights import SYSTEM
from tests.exchange.sample import base_doc, source_of
from tests.exchange.test_import import nothing_written, problems_of

# Text columns and the use case that limits what goes in them
FREE_TEXT = {("account_notes", "text"): notes.MAX_NOTE}


def test_every_text_field_is_limited_like_its_column_or_its_use_case() -> None:
    for entity in fmt.ENTITIES:
        mapping = MAPPINGS[entity.name]
        for f in entity.fields:
            if f.kind != fmt.STR:
                continue
            if f.ref is not None:  # a key, resolved and never stored as text
                assert f.max_len == fmt.MAX_REF, (entity.name, f.name)
                continue
            column = mapping.column(f)
            if column is None:  # a source-system key, not stored
                assert f.max_len is not None, (entity.name, f.name)
                continue
            ctype = mapping.table.c[column].type
            if isinstance(ctype, Text):
                assert f.max_len == FREE_TEXT[(entity.name, f.name)], (entity.name, f.name)
            else:
                assert isinstance(ctype, String) and f.max_len == ctype.length, (
                    entity.name, f.name, f.max_len, ctype)
    assert notes.MAX_NOTE == bounds.MAX_NOTE == 4000


def _with_note(text: str) -> dict:  # type: ignore[type-arg]
    doc = base_doc(1)
    doc["account_notes"] = [{"account": doc["accounts"][0]["number"],
                             "created_on": "2026-10-02", "text": text}]
    return doc


def test_a_ten_megabyte_note_is_refused_and_one_of_4000_characters_imports(
        db: Database) -> None:
    got = problems_of(db, _with_note("x" * 10_000_000))
    assert got == ["account_notes[0].text: длиннее 4000 символов (10000000)"]
    nothing_written(db)
    import_source(db, SYSTEM, source_of(_with_note("ж" * 4000)))
    with db.session() as s:
        assert s.scalar(select(func.length(M.AccountNote.text))) == 4000


def test_a_field_longer_than_its_column_is_refused(db: Database) -> None:
    doc = base_doc(1)
    doc["buildings"][0]["street"] = "у" * 161
    assert problems_of(db, doc) == ["buildings[0].street: длиннее 160 символов (161)"]
