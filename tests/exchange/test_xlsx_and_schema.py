"""XLSX templates, filled-template import with cell paths, and the committed JSON Schema."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import models as M
from app.db import Database
from app.errors import InvalidInput
from app.exchange import format as fmt
from app.exchange.importer import import_path
from app.exchange.schema import markdown, render
from app.exchange.templates import write_templates
from app.rights import SYSTEM
from tests.exchange.sample import base_doc

ROOT = Path(__file__).resolve().parents[2]


def fill(template: Path, target: Path, rows: list[dict[str, Any]]) -> None:
    wb = load_workbook(template)
    ws = wb[template.stem]
    header = [c.value for c in ws[1]]
    for r, rec in enumerate(rows, start=2):
        for name, value in rec.items():
            ws.cell(row=r, column=header.index(name) + 1, value=value)
    wb.save(target)


def typed_like_a_person(entity: str, rec: dict[str, Any]) -> dict[str, Any]:
    """What a spreadsheet holds after typing: numbers, dates as dates or "ДД.ММ.ГГГГ", да/нет."""
    out = dict(rec)
    for f in fmt.BY_NAME[entity].fields:
        v = out.get(f.name)
        if v is None:
            continue
        if f.kind == fmt.QTY:
            out[f.name] = float(v) if "." in v else int(v)
        elif f.kind == fmt.DATE:
            d = date.fromisoformat(v)
            out[f.name] = datetime(d.year, d.month, d.day) if d.day % 2 else f"{d:%d.%m.%Y}"
        elif f.kind == fmt.BOOL:
            out[f.name] = "да" if v else "нет"
    return out


def test_templates_one_per_entity_with_field_headers(tmp_path: Path) -> None:
    written = write_templates(tmp_path)
    assert [p.stem for p in written] == [e.name for e in fmt.ENTITIES]
    wb = load_workbook(tmp_path / "accounts.xlsx")
    header = [c.value for c in wb["accounts"][1]]
    assert header == list(fmt.ACCOUNTS.field_names)
    assert "ссылка на «Помещения»" in (wb["accounts"]["B1"].comment.text or "")


def test_filled_templates_import(db: Database, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write_templates(templates)
    doc = base_doc(2)
    upload = tmp_path / "upload"
    upload.mkdir()
    for entity in ("organizations", "services", "buildings", "premises", "persons", "accounts",
                   "account_services", "registrations", "tariffs", "norms", "meters",
                   "readings"):
        fill(templates / f"{entity}.xlsx", upload / f"{entity}.xlsx",
             [typed_like_a_person(entity, r) for r in doc[entity]])
    result = import_path(db, SYSTEM, upload)
    assert result.counts["accounts"] == 2 and result.counts["readings"] == 2
    with db.session() as s:
        area = s.scalar(select(M.Premise.total_area).where(M.Premise.number == "1"))
        opened = s.scalar(select(M.Account.opened_on).where(M.Account.number == "0000000013"))
    assert str(area) == "54.3" and opened == date(2020, 1, 1)


def test_xlsx_problems_name_the_cell_and_nothing_is_written(db: Database,
                                                            tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    write_templates(templates)
    doc = base_doc(2)
    doc["accounts"][1]["premise"] = "Ленина 5-77"
    doc["premises"][0]["total_area"] = "-5"
    upload = tmp_path / "upload"
    upload.mkdir()
    for entity in ("organizations", "services", "buildings", "premises", "persons", "accounts"):
        fill(templates / f"{entity}.xlsx", upload / f"{entity}.xlsx", doc[entity])
    with pytest.raises(InvalidInput) as err:
        import_path(db, SYSTEM, upload)
    found = [str(p) for p in err.value.problems]
    assert "accounts.xlsx!B3: нет такого помещения «Ленина 5-77»" in found
    assert "premises.xlsx!D2: не может быть отрицательным: -5" in found
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(M.Organization)) == 0


def test_schema_file_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "import-format.schema.json").read_text(encoding="utf-8")
    assert committed == render(), (
        "docs/import-format.schema.json is stale: "
        "python -m app.exchange.schema > docs/import-format.schema.json")


def test_field_reference_in_docs_is_up_to_date() -> None:
    doc = (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    assert markdown() in doc, "python -m app.exchange.schema --markdown"


def test_scenario_files_follow_the_schema_rules() -> None:
    """Every key of every scenario record is a field of its entity (the schema's
    additionalProperties: false), checked without a JSON Schema library."""
    import json

    for path in sorted((ROOT / "tests" / "scenarios").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for name, records in doc.items():
            if name in fmt.META_KEYS:
                continue
            fields = set(fmt.BY_NAME[name].field_names)
            for rec in records:
                assert set(rec) <= fields, (path.name, name, set(rec) - fields)


def test_one_workbook_with_a_sheet_per_entity(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    doc = base_doc(1)
    doc["accounts"][0]["premise"] = "Ленина 5-9"
    wb = Workbook()
    wb.remove(wb.active)
    for entity in ("organizations", "services", "buildings", "premises", "persons",
                   "accounts"):
        ws = wb.create_sheet(entity)
        names = list(fmt.BY_NAME[entity].field_names)
        ws.append(names)
        for rec in doc[entity]:
            ws.append([rec.get(n) for n in names])
    path = tmp_path / "migration.xlsx"
    wb.save(path)
    with pytest.raises(InvalidInput) as err:
        import_path(db, SYSTEM, path)
    assert [str(p) for p in err.value.problems] == [
        "migration.xlsx:accounts!B2: нет такого помещения «Ленина 5-9»"]
