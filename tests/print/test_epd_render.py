"""The renderer alone, from plain data: both codes decode to exactly what was composed, even
at a modest resolution for the QR; the page reads back as text."""

from __future__ import annotations

from pathlib import Path

from app.print.epd import write_epds
from tests.print.reading import codes_on, page_png, pdf_text
from tests.print.samples import DESK, QR, sample_epd


def test_qr_decodes_at_150_dpi_and_both_codes_at_300(tmp_path: Path) -> None:
    pdf = tmp_path / "epd.pdf"
    assert write_epds(pdf, [sample_epd(), sample_epd()]) == 2
    assert codes_on(page_png(pdf, 2, dpi=150))["QR-Code"] == [QR]
    assert codes_on(page_png(pdf, 1, dpi=300)) == {"QR-Code": [QR], "CODE-128": [DESK]}


def test_the_page_reads_back(tmp_path: Path) -> None:
    pdf = tmp_path / "epd.pdf"
    write_epds(pdf, [sample_epd()])
    text = pdf_text(pdf).replace("\xa0", " ")
    for expected in ("ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ", "за сентябрь 2026 г.", "0000010019",
                     "Иванова Анна Петровна", "4 123,35 ₽", "15.10.2026", "−50,96",
                     "Холодное водоснабжение за август 2026: −50,96 ₽ — показания переданы позже",
                     "12.09.2026 — 1 000,00 ₽", "Платёж по QR-коду принимает МУП «ЕРЦ»",
                     "40702810364990831970", "Норматив «Водоотведение»: 7,845 м³/чел.",
                     "ОДПУ «ХВС на содержание общего имущества»: 412,5 м³, помещения 398 м³"):
        assert expected in text, expected
