"""Bad input never leaves half a write (issue #23): a valid exchange document with one field
replaced by junk is imported whole or refused whole — on refusal (a Russian domain error) not
one row has been added to any table."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.db import Database
from app.errors import DomainError
from app.exchange.importer import import_source
from app.models import Base
from app.rights import SYSTEM
from tests.exchange.sample import base_doc, source_of

junk = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                 st.floats(allow_nan=False), st.text(max_size=20),
                 st.sampled_from(["", "2026-13", "2026-02-30", "-1", "1e999", "0000000000",
                                  "12,5", "NaN", "\x00", "ё" * 300]),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                      st.integers(), max_size=2))


def _counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {t.name: s.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables}


@pytest.mark.slow
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_document_with_one_bad_field_is_imported_whole_or_not_at_all(
        sqlite_db: Database, data: st.DataObject) -> None:
    doc: dict[str, Any] = copy.deepcopy(base_doc(2))
    sections = sorted(k for k, v in doc.items() if isinstance(v, list) and v
                      and isinstance(v[0], dict))
    section = data.draw(st.sampled_from(sections), label="section")
    record = data.draw(st.sampled_from(doc[section]), label="record")
    field = data.draw(st.sampled_from(sorted(record)), label="field")
    record[field] = data.draw(junk, label="value")
    before = _counts(sqlite_db)
    try:
        import_source(sqlite_db, SYSTEM, source_of(json.dumps(doc, ensure_ascii=False)),
                      renumber=True)
    except DomainError as exc:
        assert exc.message.strip()
        assert _counts(sqlite_db) == before, f"{section}.{field} = {record[field]!r}"
