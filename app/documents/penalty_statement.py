"""The penalty calculation of an account on a date as a printed statement (расчёт пеней).

The same calculation as `kvartal penalty --account N --date D` (`app.penalties.calculate`),
laid out as the certificates are: for each period and service the debt and its due date, then
each piece of days with one debt, rate and fraction (1/300 or 1/130) and what it accrued, the
debt's penalty rounded once, and the total in figures and in words. Not numbered in the issue
journal: a calculation, like the statement of the financial account.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.accounts.card import load_card
from app.calc.money import format_rub
from app.db import Database
from app.documents.certificate_texts import address_of
from app.documents.certificates import issuer_of
from app.penalties.calculate import PenaltyReport, account_penalty
from app.penalties.rules import rate_text
from app.print.certificate import Certificate, TableBlock, write_certificate
from app.print.money_words import rub_in_figures_and_words
from app.rights import Actor, Right

HEADERS = ("Период", "Услуга", "Долг", "Срок оплаты", "С", "По", "Дней", "Ставка, %", "Доля",
           "Пени")


def _money(kopecks: int) -> str:
    return format_rub(kopecks, currency=False)


def penalty_blocks(report: PenaltyReport, head: str) -> tuple[str | TableBlock, ...]:
    if not report.lines:
        return (head, f"На {report.on:%d.%m.%Y} пени не начисляются: просроченной "
                      "задолженности нет.")
    rows: list[tuple[str, ...]] = []
    subtotals: list[int] = []
    for line in report.lines:
        service = report.services[line.service_id].name
        for i, p in enumerate(line.pieces):
            first = i == 0
            rows.append((line.period.title() if first else "", service if first else "",
                         _money(line.debt) if first else "",
                         f"{line.due:%d.%m.%Y}" if first else "",
                         f"{p.date_from:%d.%m.%Y}", f"{p.date_to:%d.%m.%Y}", str(p.days),
                         rate_text(p.rate), f"1/{p.divisor}",
                         f"{p.exact / 100:.2f}".replace(".", ",")))
        subtotals.append(len(rows))
        rows.append(("", f"Итого по долгу за {line.period.title()}", _money(line.debt), "",
                     "", "", str(sum(p.days for p in line.pieces)), "", "",
                     _money(line.amount)))
    rows.append(("Всего", "", _money(sum(line.debt for line in report.lines)), "", "", "", "",
                 "", "", _money(report.total)))
    return (head,
            "Пени за каждый день просрочки: долг × ставка × доля; дни 1–30 после срока "
            "оплаты без пеней, с 31-го по 90-й — 1/300 ставки, с 91-го — 1/130 (ЖК РФ "
            "ст. 155 ч. 14); взносы на капитальный ремонт — 1/300 с первого дня (ч. 14.1). "
            "Пени по каждому долгу округляются до копейки один раз.",
            TableBlock(HEADERS, tuple(rows), (24, 46, 24, 22, 21, 21, 13, 18, 14, 22),
                       right=(2, 6, 7, 9), total_rows=1, bold_rows=tuple(subtotals)),
            f"Итого пени на {report.on:%d.%m.%Y}: {rub_in_figures_and_words(report.total)}.")


def penalty_statement(db: Database, actor: Actor, number: str, on: date,
                      today: date | None = None) -> Certificate:
    """The penalty calculation of account `number` accrued up to `on` inclusive."""
    actor.require(Right.ACCOUNT_VIEW)
    today = today or date.today()
    report = account_penalty(db, actor, number, on)
    card = load_card(db, actor, number, today)
    g = card.general
    head = (f"Лицевой счёт {g.number}, плательщик {g.payer_name}, адрес: {address_of(card)}. "
            f"Расчёт на {on:%d.%m.%Y} включительно.")
    return Certificate(title="РАСЧЁТ ПЕНЕЙ", subtitle=f"на {on:%d.%m.%Y}", number="",
                       issued_on=today, issuer=issuer_of(db, g.account_id),
                       blocks=penalty_blocks(report, head),
                       signer_title="Специалист расчётного отдела", signer_name=actor.full_name,
                       purpose="", wide=True, made="сформирован")


def print_penalty_statement(db: Database, actor: Actor, number: str, on: date, out: Path,
                            today: date | None = None) -> Certificate:
    cert = penalty_statement(db, actor, number, on, today)
    write_certificate(out, cert)
    return cert
