"""Any report to PDF: landscape pages, the header on every page, the totals line; read back with
pdftotext; an unwritable path refused with nothing left behind (issue #22)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.calc.money import format_rub
from app.cli import main
from app.reports.catalogue import REPORTS
from app.reports.pdf import write_pdf
from app.reports.table import Column, ReportTable


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def _long_table(rows: int) -> ReportTable:
    return ReportTable(
        title="Оборотно-сальдовая ведомость по лицевым счетам", subtitle="декабрь 2026",
        columns=(Column("account", "Лицевой счёт", width=13),
                 Column("address", "Адрес", width=36), Column("paid", "Оплачено", "money")),
        rows=[(f"{1000000 + i}", f"ул. Ленина, д. 5, кв. {i}", 12_345 * i) for i in range(rows)],
        totals=("Итого", "", sum(12_345 * i for i in range(rows))), notes=["Сверено."])


def test_a_long_report_runs_over_landscape_pages_with_the_header_on_each(
        tmp_path: Path) -> None:
    table = _long_table(120)
    path = write_pdf(table, tmp_path / "osv.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    pages = [page.extract_text() for page in reader.pages]
    assert all("Лицевой счёт" in page and "Оплачено" in page for page in pages)
    text = _text(path)
    assert "Оборотно-сальдовая ведомость по лицевым счетам" in text
    assert "1000119" in text and "ул. Ленина, д. 5, кв. 119" in text
    total = format_rub(table.total_of("paid"), currency=False).replace("\xa0", " ")
    last = [line for line in text.splitlines() if "Итого" in line]
    assert last and total in last[-1].replace("\xa0", " ")
    assert "Сверено." in text


def test_an_unwritable_pdf_path_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    from app.errors import DomainError

    with pytest.raises(DomainError, match="Папки"):
        write_pdf(_long_table(3), tmp_path / "нет" / "x.pdf")
    taken = tmp_path / "taken.pdf"
    taken.mkdir()  # a folder where the file should go: the rename fails
    with pytest.raises(DomainError, match="Не удалось записать"):
        write_pdf(_long_table(3), taken)
    assert [p.name for p in tmp_path.iterdir()] == ["taken.pdf"]
    assert list(taken.iterdir()) == []


def test_cli_writes_every_report_to_pdf(sqlite_db, tmp_path: Path) -> None:
    from app.billing.run import calculate
    from app.rights import SYSTEM
    from tests.factories import TownFactory

    town = TownFactory(sqlite_db).build()
    town.account(flat="1")
    calculate(sqlite_db, SYSTEM)
    url = sqlite_db.engine.url.render_as_string(hide_password=False)
    for name in REPORTS:
        out = tmp_path / f"{name}.pdf"
        assert main(["report", name, "--from", "2026-11", "--pdf", str(out), "--db", url]) == 0
        assert REPORTS[name].title.split(" (")[0] in _text(out).replace("\n", " ")
    assert "Тариф" in _text(tmp_path / "tariffs.pdf")
