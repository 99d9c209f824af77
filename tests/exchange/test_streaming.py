"""A JSON file is read a record at a time, its big sections left in the file and read again:
the same problems (with the same places) as the whole document held in memory, the same data
written, nothing written from a cut or changed file."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.db import Database
from app.errors import Conflict, InvalidInput
from app.exchange import json_stream
from app.exchange.importer import check_source, import_path, import_source
from app.exchange.reader_json import pairs_hook, read_input
from app.exchange.source import STREAMED
from app.rights import SYSTEM
from tests.exchange.sample import full_doc, source_of
from tests.exchange.test_import import count, nothing_written

Mutation = Callable[[dict[str, Any]], None]


def _bad_reading_value(d: dict[str, Any]) -> None:
    d["readings"][1]["value"] = "-3"


def _reading_twice(d: dict[str, Any]) -> None:
    d["readings"].append(copy.deepcopy(d["readings"][1]))


def _unknown_meter(d: dict[str, Any]) -> None:
    d["readings"][0]["meter"] = "НЕТ-ТАКОГО"


def _future_reading(d: dict[str, Any]) -> None:
    d["readings"].append({"meter": "CW-1", "period": "2027-05", "taken_on": "2027-05-25",
                          "value": "200"})


def _zone_beyond_meter(d: dict[str, Any]) -> None:
    d["readings"][1]["zone"] = 3


def _person_twice(d: dict[str, Any]) -> None:
    d["persons"].append(dict(d["persons"][0]))


def _broken_person_is_reported_once(d: dict[str, Any]) -> None:
    d["persons"][1]["birth_date"] = "31.02.1990"


def _premise_of_unknown_building(d: dict[str, Any]) -> None:
    d["premises"][0]["building"] = "Нет дома 1"


def _operation_of_unknown_account(d: dict[str, Any]) -> None:
    d["operations"][3]["account"] = "0000000019"


def _registration_span_backwards(d: dict[str, Any]) -> None:
    d["registrations"][0]["date_to"] = "2019-01-01"


def _room_account_elsewhere(d: dict[str, Any]) -> None:
    d["registrations"][1]["account"] = d["accounts"][0]["number"]


def _ledger_beyond_bounds(d: dict[str, Any]) -> None:
    for op in d["operations"][:4]:
        op["amount_kop"] = 4_000_000_000_000_000


def _unknown_field_in_a_history_record(d: dict[str, Any]) -> None:
    d["operations"][0]["sum"] = 5


MUTATIONS: list[Mutation] = [
    _bad_reading_value, _reading_twice, _unknown_meter, _future_reading, _zone_beyond_meter,
    _person_twice, _broken_person_is_reported_once, _premise_of_unknown_building,
    _operation_of_unknown_account, _registration_span_backwards, _room_account_elsewhere,
    _ledger_beyond_bounds, _unknown_field_in_a_history_record,
]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__.strip("_"))
def test_a_file_read_in_pieces_has_the_problems_of_the_whole_document(
        sqlite_db: Database, tmp_path: Path, mutate: Mutation) -> None:
    doc = full_doc()
    mutate(doc)
    path = tmp_path / "input.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    streamed = read_input(path)
    assert set(streamed.deferred) & STREAMED  # the big sections were left in the file
    from_file = check_source(sqlite_db, streamed)
    whole = check_source(sqlite_db, source_of(doc))
    assert not whole.ok and not from_file.ok
    assert sorted(map(str, from_file.problems)) == sorted(map(str, whole.problems))


def test_a_file_read_in_pieces_writes_what_the_whole_document_writes(
        db: Database, tmp_path: Path) -> None:
    from app import models as M

    path = tmp_path / "input.json"
    path.write_text(json.dumps(full_doc(), ensure_ascii=False), encoding="utf-8")
    result = import_path(db, SYSTEM, path)
    expected = {name: len(rows) for name, rows in full_doc().items()
                if isinstance(rows, list) and name != "periods"}
    assert {k: v for k, v in result.counts.items() if k != "periods"} == expected
    assert count(db, M.Operation) == len(full_doc()["operations"]) + len(
        full_doc()["opening_balances"])


def test_a_file_cut_off_in_the_middle_is_refused_with_its_place(sqlite_db: Database,
                                                                 tmp_path: Path) -> None:
    text = json.dumps(full_doc(), ensure_ascii=False, indent=1)
    cut = text[: text.index('"operations"') + 300]
    path = tmp_path / "cut.json"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        import_path(sqlite_db, SYSTEM, path)
    (problem,) = err.value.problems
    line = cut.count("\n") + 1
    assert str(problem).startswith(f"cut.json:{line}:") and "JSON не читается" in str(problem)
    nothing_written(sqlite_db)


def test_a_file_changed_after_its_check_writes_nothing(sqlite_db: Database,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(full_doc(), ensure_ascii=False), encoding="utf-8")
    source = read_input(path)
    assert check_source(sqlite_db, source).ok
    path.write_text(json.dumps(full_doc(), ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(Conflict, match="изменился после проверки"):
        import_source(sqlite_db, SYSTEM, source)
    nothing_written(sqlite_db)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10**30, 10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                               max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(doc=st.dictionaries(st.text(min_size=1, max_size=8),
                           st.lists(JSON, max_size=5) | JSON, max_size=5),
       block=st.integers(1, 40), indent=st.sampled_from([None, 0, 2]))
def test_records_read_through_a_small_window_equal_the_whole_parse(
        doc: dict[str, Any], block: int, indent: int | None) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_stream, "BLOCK", block)  # every value cut by a window edge
        _same_as_whole_parse(doc, indent)


def _same_as_whole_parse(doc: dict[str, Any], indent: int | None) -> None:
    raw = json.dumps(doc, ensure_ascii=False, indent=indent).encode()
    got: dict[str, Any] = {}

    def visit(section: json_stream.Section, records: Any, value: Any) -> None:
        got[section.name] = list(records) if records is not None else value
        if records is not None:  # read again from its offset, as the writer does
            again = list(json_stream._records(json_stream._Window(
                io.BytesIO(raw), section.offset, None, pairs_hook)))
            assert again == got[section.name]

    seen: list[bytes] = []
    assert json_stream.sections(io.BytesIO(raw), seen.append, pairs_hook, visit)
    assert got == json.loads(raw, object_pairs_hook=pairs_hook)
    assert b"".join(seen) == raw
