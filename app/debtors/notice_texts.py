"""What a notice or a warning says, laid out as a document (`app.print.certificate`'s layout):
the addressee, the debt and the penalty on the day, the demand and what follows, and the
attached calculation — the debt by month and the penalty's pieces (days, debt, rate, 1/300 or
1/130). The penalty is shown by month, not by service, so a warning names no service but those
it warns about."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from app.calc.money import format_rub, round_kopecks
from app.calc.period import Period
from app.debtors.debts import AccountDebt
from app.debtors.notices import DAYS_TO_PAY, NoticeBatch, NoticeContent
from app.models.enums import NoticeKind
from app.penalties.rules import rate_text
from app.print.certificate import Certificate, TableBlock
from app.print.epd_data import Party

TITLES = {
    NoticeKind.DEBT_NOTICE: ("УВЕДОМЛЕНИЕ",
                             "о задолженности за жилое помещение и коммунальные услуги"),
    NoticeKind.LIMITATION_WARNING: ("ПРЕДУПРЕЖДЕНИЕ", "об ограничении (приостановлении) "
                                    "предоставления коммунальной услуги"),
}
SIGNER = "Специалист по работе с задолженностью"


def _money(kopecks: int) -> str:
    return format_rub(kopecks)


def months_text(debt: AccountDebt) -> str:
    """«с ноября 2026 по январь 2027» — the months the debt covers (as the ledger dates them)."""
    periods: list[Period] = [p.period for p in debt.by_period if p.period is not None]
    if not periods:
        return "за прошлые периоды"
    first, last = periods[0].title(), periods[-1].title()
    return f"за {first}" if first == last else f"за период {first} — {last}"


def _lead(c: NoticeContent, batch: NoticeBatch) -> str:
    d = c.debt
    return (f"По состоянию на {batch.on:%d.%m.%Y} по лицевому счёту № {d.number} "
            f"({d.address}) числится задолженность по оплате жилого помещения и коммунальных "
            f"услуг {months_text(d)} в размере {_money(d.debt)}. Пени за несвоевременную "
            f"оплату (ЖК РФ ст. 155 ч. 14) на эту дату — {_money(c.penalty_total)}. "
            f"Всего к оплате: {_money(d.debt + c.penalty_total)}.")


def _demand(c: NoticeContent, batch: NoticeBatch) -> list[str]:
    if batch.kind == NoticeKind.DEBT_NOTICE:
        return ["Просим погасить задолженность в течение 30 дней со дня получения настоящего "
                "уведомления. Если задолженность не будет погашена, она будет взыскана в "
                "судебном порядке (ГПК РФ ст. 121–122) вместе с пенями и судебными расходами; "
                "пени начисляются по день фактической оплаты включительно.",
                "Если задолженность уже оплачена, просим не учитывать настоящее уведомление."]
    names = ", ".join(f"«{batch.service_names[code]}»" for code in batch.services)
    return [*(check.text() + "." for check in c.checks),
            f"На основании пунктов 117 и 119 Правил предоставления коммунальных услуг "
            f"(постановление Правительства РФ от 06.05.2011 № 354) предупреждаем: если "
            f"задолженность не будет погашена в течение {DAYS_TO_PAY} дней со дня доставки "
            f"настоящего предупреждения, предоставление коммунальной услуги {names} будет "
            f"ограничено, а при отсутствии технической возможности ограничения — "
            f"приостановлено без предварительного введения ограничения.",
            "Расходы на введение ограничения, приостановление и возобновление предоставления "
            "услуги возмещаются за счёт потребителя. Если задолженность уже оплачена, просим "
            "не учитывать настоящее предупреждение."]


def _months(c: NoticeContent) -> TableBlock:
    rows = [((m.period.title() if m.period else "ранее"), _money(m.debt),
             f"{m.due:%d.%m.%Y}" if m.due else "", _money(m.penalty)) for m in c.months]
    rows.append(("Итого", _money(c.debt.debt), "", _money(c.penalty_total)))
    return TableBlock(headers=("Месяц", "Долг", "Срок оплаты", "Пени"), rows=tuple(rows),
                      widths=(50, 40, 40, 40), right=(1, 3), total_rows=1)


class _Piece(NamedTuple):
    period: Period
    date_from: date
    date_to: date
    days: int
    rate: Decimal
    divisor: int


def _pieces(c: NoticeContent) -> TableBlock | None:
    """The penalty's pieces by month: services of one month share a due date, so their pieces
    share the days and are shown summed."""
    debt: dict[_Piece, int] = defaultdict(int)
    exact: dict[_Piece, Decimal] = defaultdict(Decimal)
    for line in c.penalty:
        for p in line.pieces:
            key = _Piece(line.period, p.date_from, p.date_to, p.days, p.rate, p.divisor)
            debt[key] += p.debt
            exact[key] += p.exact
    if not debt:
        return None
    rows = [(k.period.title(), f"{k.date_from:%d.%m.%Y}–{k.date_to:%d.%m.%Y}", str(k.days),
             _money(debt[k]), f"{rate_text(k.rate)} %", f"1/{k.divisor}",
             _money(round_kopecks(exact[k])))
            for k in sorted(debt, key=lambda k: (k.period, k.date_from))]
    rows.append(("Итого пени", "", "", "", "", "", _money(c.penalty_total)))
    return TableBlock(headers=("Месяц", "Просрочка", "Дней", "Долг", "Ставка", "Доля", "Пени"),
                      rows=tuple(rows), widths=(30, 40, 14, 28, 18, 16, 28),
                      right=(2, 3, 6), total_rows=1)


def notice_document(c: NoticeContent, batch: NoticeBatch, number: str, issuer: Party,
                    signer_name: str) -> Certificate:
    title, subtitle = TITLES[batch.kind]
    d = c.debt
    blocks: list[str | TableBlock] = [
        f"Кому: {d.payer or 'собственнику (нанимателю)'}, {d.address}, лицевой счёт № {d.number}",
        _lead(c, batch), *_demand(c, batch),
        "Приложение: расчёт задолженности и пеней.",
        "Расчёт задолженности по месяцам", _months(c)]
    pieces = _pieces(c)
    if pieces is not None:
        blocks += ["Расчёт пеней (ЖК РФ ст. 155 ч. 14, 14.1): долг × дни × ставка Банка "
                   "России с учётом федеральных ограничений × доля 1/300 или 1/130", pieces]
    return Certificate(title=title, subtitle=subtitle, number=number, issued_on=batch.on,
                       issuer=issuer, blocks=tuple(blocks), signer_title=SIGNER,
                       signer_name=signer_name, recipient="", purpose="")
