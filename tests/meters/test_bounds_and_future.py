"""Readings within the domain bounds (issue 16, item 3) and never for a period after the open one
(item 8) — on every entry path: the grid's use case, the XLSX/CSV import, the exchange import."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.db import Database
from app.errors import InvalidInput
from app.exchange.importer import import_source
from app.meters.entry import enter_readings
from app.meters.importing import RowStatus, import_readings, parse_file
from app.meters.registry import MeterData, add_meter, remove_meter
from app.meters.validation import ReadingEntry
from app.models import Reading
from app.models.enums import MeterKind
from app.rights import SYSTEM
from tests.exchange.sample import base_doc, source_of
from tests.meters.conftest import NOV, TODAY, MeterWorld
from tests.meters.test_import_export import count_readings


def stored(world: MeterWorld, meter_id: int) -> dict[int, D]:
    with world.db.session() as s:
        return dict(s.execute(select(Reading.period, Reading.value)
                              .where(Reading.meter_id == meter_id)).all())


def test_absurd_numbers_reject_their_row_only_and_the_rest_is_loaded(
        world: MeterWorld, tmp_path: Path) -> None:
    path = tmp_path / "показания.csv"
    path.write_text("Заводской номер;Показание;Период\n"
                    "ХВ-1;1E+30;2026-11\nХВ-1;1e400;2026-11\nХВ-1;NaN;2026-11\n"
                    "ХВ-1;-inf;2026-11\nХВ-1;1e-400;2026-11\nХВ-2;999999999999999;2026-11\n"
                    "ХВ-10;165,5;2026-11\n", encoding="utf-8")
    report = import_readings(world.db, world.actor, parse_file(path), today=TODAY)
    got = {r.where: (r.status, r.message) for r in report.rows}
    assert [got[f"строка {n}"][0] for n in range(2, 9)] == [RowStatus.REJECTED] * 6 + [
        RowStatus.ACCEPTED]
    assert "«1E+30» слишком большое" in got["строка 2"][1]
    assert "«1e400» слишком большое" in got["строка 3"][1]
    assert "не число" in got["строка 4"][1] and "не число" in got["строка 5"][1]
    assert "знаков после запятой" in got["строка 6"][1]
    assert "слишком большое" in got["строка 7"][1]
    assert count_readings(world) == 1


@pytest.mark.parametrize("value, message", [
    (D("1E+30"), "не больше 12 цифр"), (D("NaN"), "не число"), (D("Infinity"), "не число"),
    (D("1e-9"), "знаков после запятой"),
])
def test_the_grid_use_case_refuses_what_no_meter_shows(world: MeterWorld, value: D,
                                                       message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        enter_readings(world.db, world.actor, NOV, [ReadingEntry(world.cold["1"], value)],
                       today=TODAY)
    assert count_readings(world) == 0


def test_a_reading_for_a_period_after_the_open_one_is_refused_in_the_grid(
        world: MeterWorld) -> None:
    cold = world.cold["1"]
    with pytest.raises(InvalidInput, match="Период январь 2030 ещё не открыт"):
        enter_readings(world.db, world.actor, NOV.shift(38), [ReadingEntry(cold, D("900"))],
                       today=TODAY)
    # nothing stands in the way of the open period's reading
    enter_readings(world.db, world.actor, NOV, [ReadingEntry(cold, D("158"))], today=TODAY)
    assert stored(world, cold)[NOV.code] == D("158")


def test_a_reading_for_a_future_period_is_refused_in_the_file_import(
        world: MeterWorld, tmp_path: Path) -> None:
    path = tmp_path / "показания.csv"
    path.write_text("Заводской номер;Показание;Период\nХВ-1;900;2030-01\nХВ-1;158;2026-11\n",
                    encoding="utf-8")
    report = import_readings(world.db, world.actor, parse_file(path), today=TODAY)
    got = {r.where: (r.status, r.message) for r in report.rows}
    assert got["строка 2"][0] == RowStatus.REJECTED
    assert "январь 2030 ещё не открыт" in got["строка 2"][1]
    assert got["строка 3"][0] == RowStatus.ACCEPTED
    assert stored(world, world.cold["1"]).get(203001) is None


def test_a_reading_for_a_future_period_is_refused_in_the_exchange_import(
        db: Database) -> None:
    doc = base_doc(1)
    doc["periods"] = [{"period": "2026-10", "status": "open"}]
    doc["readings"][0]["period"] = "2030-01"
    with pytest.raises(InvalidInput) as err:
        import_source(db, SYSTEM, source_of(doc))
    assert [str(p) for p in err.value.problems] == [
        "readings[0].period: период 2030-01 ещё не открыт: показания принимаются по открытый "
        "период (2026-10)"]
    doc["readings"][0]["period"] = "2026-10"
    import_source(db, SYSTEM, source_of(doc))


def test_the_future_period_probe_from_the_command_line(
        world: MeterWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.json"
    doc = base_doc(1)
    doc["readings"][0]["period"] = "2030-01"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", world.db.url, "import", str(path)]) == 2
    assert "период 2030-01 ещё не открыт" in capsys.readouterr().err


def test_the_meter_registry_keeps_texts_dates_and_readings_within_bounds(
        world: MeterWorld) -> None:
    data = MeterData(kind=MeterKind.INDIVIDUAL, resource="hot_water", serial="ГВ\x00-77",
                     installed_on=date(1, 1, 1), account_id=world.accounts["2"],
                     model="м" * 81, verification_interval_years=9999)
    with pytest.raises(InvalidInput) as err:
        add_meter(world.db, world.actor, data, today=TODAY)
    text = err.value.message
    for fragment in ("заводской номер: недопустимый управляющий символ (код 0)",
                     "модель: длиннее 80 символов", "дата установки: дата 01.01.0001 вне",
                     "межповерочный интервал: от 1 до 50 лет"):
        assert fragment in text
    good = replace(data, serial="ГВ-77", installed_on=date(2026, 11, 3), model=None,
                   verification_interval_years=4)
    with pytest.raises(InvalidInput, match="не больше 12 цифр"):
        add_meter(world.db, world.actor, good, today=TODAY, initial={1: D("1E+30")})
    with pytest.raises(InvalidInput, match="не больше 12 цифр"):
        remove_meter(world.db, world.actor, world.cold["1"], on=TODAY, final={1: D("1e400")},
                     today=TODAY)
    assert count_readings(world) == 0
