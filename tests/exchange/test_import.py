"""Import: the whole input validated first, written in one transaction or not at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app import models as M
from app.db import Database
from app.errors import Conflict, InvalidInput
from app.exchange.exporter import export_all
from app.exchange.importer import import_path, import_source
from app.ledger.balances import account_balances
from app.ledger.snapshots import verify
from app.rights import SYSTEM
from tests.exchange.sample import SUPPLIER, base_doc, full_doc, source_of, with_history


def count(db: Database, model: Any) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def problems_of(db: Database, doc: Any, **kw: Any) -> list[str]:
    with pytest.raises(InvalidInput) as err:
        import_source(db, SYSTEM, source_of(doc), **kw)
    return [str(p) for p in err.value.problems]


def nothing_written(db: Database) -> None:
    for model in (M.Organization, M.Service, M.Account, M.Premise, M.Person, M.Operation,
                  M.Reading, M.BillingPeriod, M.AuditEntry):
        assert count(db, model) == 0, model.__tablename__


def test_import_writes_everything_with_history(db: Database) -> None:
    result = import_source(db, SYSTEM, source_of(with_history(base_doc())))
    assert result.counts["accounts"] == 3
    assert count(db, M.Account) == 3
    assert count(db, M.Reading) == 3
    with db.session() as s:
        periods = {c: st for c, st in s.execute(select(M.BillingPeriod.code,
                                                       M.BillingPeriod.status))}
        acc = s.scalar(select(M.Account.id).where(M.Account.number == "0000000013"))
        assert acc is not None
        bal = account_balances(s, acc)
    # history periods closed, the next one open
    assert periods[202511] == "closed" and periods[202610] == "closed"
    assert periods[202611] == "open" and len(periods) == 13
    first = [b for b in bal if b.period == 202511]
    assert sum(b.opening for b in first) == 10_000
    assert verify(db) == []  # snapshots of the imported closed periods equal the ledger


def test_second_import_is_refused_and_changes_nothing(db: Database) -> None:
    doc = with_history(base_doc())
    import_source(db, SYSTEM, source_of(doc))
    before = count(db, M.Operation), count(db, M.Account), count(db, M.AuditEntry)
    with pytest.raises(Conflict, match="уже загружены"):
        import_source(db, SYSTEM, source_of(doc))
    # the same records in another file (other bytes): every key is reported as present
    doc["comment"] = "другой файл"
    found = problems_of(db, doc)
    assert "accounts[0].number: «0000000013» уже есть в базе данных" in found
    assert (count(db, M.Operation), count(db, M.Account), count(db, M.AuditEntry)) == before


def test_every_bad_input_is_reported_with_its_path_and_nothing_written(db: Database) -> None:
    doc = base_doc()
    doc["premises"][0]["total_area"] = 54.3  # a float quantity
    doc["premises"][1]["rooms"] = "два"  # a wrong type
    doc["accounts"][2]["premise"] = "Ленина 5-99"  # a missing reference
    doc["accounts"][1]["number"] = "0000000022"  # a bad check digit
    doc["tariffs"].append({"service": "cold_water", "value": "46.00",
                           "date_from": "2026-06-01"})  # overlaps the 2026-01-01 one
    doc["readings"][1]["value"] = "-3"  # a negative reading
    doc["services"].append(dict(doc["services"][0]))  # a duplicate natural key
    text = json.dumps(doc, ensure_ascii=False)
    # a key twice in one object: json.load would silently keep the last
    text = text.replace('"payer_name": "Иванов Имя0"',
                        '"payer_name": "Иванов Имя0", "payer_name": "Петров"', 1)
    found = problems_of(db, text)
    expected = [
        "premises[0].total_area: количество указывается строкой",
        "premises[1].rooms: значение — целое число, а указано: строка",
        "accounts[2].premise: нет такого помещения «Ленина 5-99»",
        "accounts[1].number: неверная контрольная цифра номера «0000000022»",
        "tariffs[2].date_from: пересекается по датам с tariffs[1]",
        "readings[1].value: не может быть отрицательным",
        "services[2].code: ключ «maintenance» повторяется (уже в services[0])",
        "accounts[0].payer_name: поле указано дважды",
    ]
    for e in expected:
        assert any(f.startswith(e) for f in found), (e, found)
    nothing_written(db)


def test_malformed_json_is_reported_with_line_and_column(db: Database) -> None:
    found = problems_of(db, '{"accounts": [\n  {"number": "0000000013",}\n]}')
    assert found == ["input.json:2:27: JSON не читается: имя поля должно быть в двойных кавычках"]
    nothing_written(db)


def test_unknown_sections_fields_and_missing_required(db: Database) -> None:
    doc = base_doc(1)
    doc["acounts"] = []
    doc["persons"][0]["surname"] = "Иванов"
    del doc["accounts"][0]["opened_on"]
    found = problems_of(db, doc)
    assert any(f.startswith("acounts: неизвестный раздел") for f in found)
    assert "persons[0].surname: неизвестное поле «surname»" in found
    assert "accounts[0].opened_on: обязательное поле не заполнено" in found
    nothing_written(db)


def test_renumber_recomputes_check_digits_and_follows_references(db: Database) -> None:
    doc = with_history(base_doc(2), months=2)
    old = "0000000022"
    for section in ("accounts", "account_services", "meters", "operations",
                    "opening_balances"):
        for rec in doc[section]:
            for f in ("number", "account"):
                if rec.get(f) == "0000000021":
                    rec[f] = old
    assert any("контрольная цифра" in p for p in problems_of(db, doc))
    result = import_source(db, SYSTEM, source_of(doc), renumber=True)
    assert result.renumbered == {old: "0000000021"}
    with db.session() as s:
        acc = s.scalar(select(M.Account.id).where(M.Account.number == "0000000021"))
        assert s.scalar(select(func.count()).select_from(M.Operation)
                        .where(M.Operation.account_id == acc)) == 9


def test_references_resolve_against_the_database(db: Database) -> None:
    doc = base_doc(1)
    first = {k: doc[k] for k in ("organizations", "services", "buildings")}
    import_source(db, SYSTEM, source_of(first))
    # rows already in the database are named by their database keys: "street house"
    rest = json.loads(json.dumps({k: v for k, v in doc.items() if k not in first},
                                 ensure_ascii=False)
                      .replace("Ленина 5", "ул. Ленина 5"))
    result = import_source(db, SYSTEM, source_of(rest))
    assert result.counts["accounts"] == 1
    with db.session() as s:
        supplier = s.scalar(select(M.AccountService.supplier_id))
        assert s.scalar(select(M.Organization.inn).where(M.Organization.id == supplier)) \
            == SUPPLIER


def test_operations_into_a_closed_period_of_the_database_are_refused(db: Database) -> None:
    doc = with_history(base_doc(1), months=2)
    import_source(db, SYSTEM, source_of(doc))
    late = {"operations": [{"kind": "charge", "period": "2026-10", "account": "0000000013",
                            "service": "maintenance", "amount_kop": 100}]}
    found = problems_of(db, late)
    assert found == ["operations[0].period: период закрыт в базе данных; закрытый период "
                     "не меняется"]


def test_every_entity_survives_export_and_import(db: Database, tmp_path: Path,
                                                 sqlite_template: Path) -> None:
    import_source(db, SYSTEM, source_of(full_doc()))
    first = tmp_path / "first"
    list(export_all(db, first))
    other = tmp_path / "other.db"
    shutil.copy(sqlite_template, other)
    copy = Database(f"sqlite:///{other}")
    import_path(copy, SYSTEM, first)
    second = tmp_path / "second"
    list(export_all(copy, second))
    copy.engine.dispose()
    names = sorted(p.name for p in first.glob("*.json"))
    assert len(names) == 23  # every entity but opening_balances (exported as operations)
    assert names == sorted(p.name for p in second.glob("*.json"))
    for name in names:
        assert (first / name).read_text(encoding="utf-8") == \
            (second / name).read_text(encoding="utf-8"), name
    meters = json.loads((first / "meters.json").read_text(encoding="utf-8"))["meters"]
    # the serial is not unique, so both meters got keys; the replacement follows them
    assert [m.get("key") for m in meters] == ["CW-0@1", None, "CW-0@3"]
    assert meters[0]["replaced_by"] == "CW-0@3"


def test_a_failure_while_writing_rolls_everything_back(db: Database,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk rows go through the driver (executemany / COPY) on the transaction's connection:
    an error after they are written takes them away with everything else."""
    from app.exchange import importer

    def boom(self: object, session: object) -> None:
        raise RuntimeError("сбой после записи")

    monkeypatch.setattr(importer._Writer, "snapshots", boom)
    with pytest.raises(RuntimeError):
        import_source(db, SYSTEM, source_of(with_history(base_doc())))
    nothing_written(db)


def test_a_registration_names_its_room_of_the_same_premise(db: Database) -> None:
    doc = base_doc()
    numbers = [a["number"] for a in doc["accounts"]]
    doc["registrations"][0]["account"] = numbers[1]  # the account of another flat
    found = problems_of(db, doc)
    assert any(f.startswith(f"registrations[0].account: лицевой счёт «{numbers[1]}» открыт "
                            "на другое помещение") for f in found), found
    nothing_written(db)
    doc["registrations"][0]["account"] = numbers[0]
    import_source(db, SYSTEM, source_of(doc))
    with db.session() as s:
        rooms = s.execute(select(M.Account.number).join(
            M.Registration, M.Registration.account_id == M.Account.id)).scalars().all()
    assert rooms == [numbers[0]]
