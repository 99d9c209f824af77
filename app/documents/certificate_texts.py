"""What each certificate says, built from the account card: paragraphs and tables.

Pure functions of the card and the dates; the use cases (`app.documents.certificates`) read the
card, number the certificate in the journal and hand the result to the renderer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.accounts.views import AccountCard, BalanceRow, ResidentRow
from app.calc.explain import num
from app.calc.money import format_rub
from app.calc.period import Period
from app.print.certificate import TableBlock
from app.print.money_words import rub_in_figures_and_words
from app.titles import REGISTRATION_KIND

Blocks = tuple[str | TableBlock, ...]

REGISTRATION = REGISTRATION_KIND


@dataclass(frozen=True)
class Span:
    first: Period
    last: Period

    @property
    def title(self) -> str:
        if self.first == self.last:
            return self.first.title()
        return f"{self.first.title()} — {self.last.title()}"


def _money(amount: int) -> str:
    return format_rub(amount, currency=False)


def _day(d: date | None) -> str:
    return f"{d:%d.%m.%Y}" if d else ""


def address_of(card: AccountCard) -> str:
    g = card.general
    return f"{g.city}, {g.address}"


def _current(r: ResidentRow, today: date) -> bool:
    return r.date_from <= today and (r.date_to is None or r.date_to >= today)


def _premise(card: AccountCard) -> str:
    g = card.general
    text = f"Общая площадь помещения {num(g.total_area, 0, 2)} м²"
    if g.living_area is not None:
        text += f", жилая {num(g.living_area, 0, 2)} м²"
    if g.account_area != g.total_area:
        text += f", по лицевому счёту {num(g.account_area, 0, 2)} м²"
    if g.rooms:
        text += f", комнат: {g.rooms}"
    return text + "."


def family(card: AccountCard, today: date) -> Blocks:
    """Состав семьи: who is registered in the premise today."""
    people = [r for r in card.residents if _current(r, today)]
    rows = tuple((str(i), r.full_name, r.relation or "", _day(r.birth_date),
                  REGISTRATION.get(r.kind, r.kind), _day(r.date_from))
                 for i, r in enumerate(people, 1))
    head = (f"Дана в том, что по адресу: {address_of(card)} (лицевой счёт "
            f"{card.general.number}, плательщик {card.general.payer_name}) на {_day(today)} "
            "зарегистрированы:")
    if not rows:
        return (f"По адресу: {address_of(card)} на {_day(today)} никто не зарегистрирован.",
                _premise(card))
    return (head,
            TableBlock(("№", "Фамилия, имя, отчество", "Родство", "Дата рождения",
                        "Регистрация", "С какого числа"), rows, (8, 62, 26, 24, 30, 24)),
            f"Всего зарегистрировано: {len(rows)} чел.", _premise(card))


def house_book(card: AccountCard, today: date) -> Blocks:
    """Выписка из домовой книги (поквартирной карточки): every registration, past too."""
    rows = tuple((str(i), r.full_name, _day(r.birth_date), r.relation or "",
                  REGISTRATION.get(r.kind, r.kind), _day(r.date_from), _day(r.date_to))
                 for i, r in enumerate(sorted(card.residents,
                                              key=lambda r: (r.date_from, r.full_name)), 1))
    owners = "; ".join(f"{o.name} — {o.share}" for o in card.owners
                       if o.date_from <= today and (o.date_to is None or o.date_to >= today))
    blocks: list[str | TableBlock] = [
        f"Адрес: {address_of(card)}. Лицевой счёт {card.general.number}, плательщик "
        f"{card.general.payer_name}.",
        _premise(card),
        f"Собственники: {owners or 'сведений нет'}.",
    ]
    if rows:
        blocks.append(TableBlock(("№", "Фамилия, имя, отчество", "Дата рождения", "Родство",
                                  "Регистрация", "Дата регистрации", "Дата снятия"), rows,
                                 (8, 46, 21, 22, 25, 26, 23)))
        now = sum(1 for r in card.residents if _current(r, today))
        blocks.append(f"Зарегистрировано на {_day(today)}: {now} чел.")
    else:
        blocks.append("Записей о регистрации по этому адресу нет.")
    return tuple(blocks)


def _latest(card: AccountCard) -> tuple[Period | None, list[BalanceRow]]:
    last = max((b.period for b in card.balances), default=None)
    if last is None:
        return None, []
    return Period.from_code(last), [b for b in card.balances if b.period == last]


def debt(card: AccountCard, today: date) -> Blocks:
    """Об отсутствии (наличии) задолженности: the closing balance of the latest period."""
    period, rows = _latest(card)
    who = (f"Дана в том, что по лицевому счёту {card.general.number} (плательщик "
           f"{card.general.payer_name}, адрес: {address_of(card)})")
    if period is None:
        return (f"{who} начислений и оплат не было; задолженности нет.",)
    total = sum(b.closing for b in rows)
    on = f"по состоянию на {_day(period.last_day)} (расчётный период {period.title()})"
    if total <= 0:
        text = f"{who} {on} задолженности по оплате жилого помещения и коммунальных услуг нет."
        if total < 0:
            text += f" Переплата (аванс): {rub_in_figures_and_words(-total)}."
        return (text,)
    debts = tuple((b.service_name, b.supplier_name, _money(b.closing))
                  for b in rows if b.closing > 0)
    return (f"{who} {on} имеется задолженность по оплате жилого помещения и коммунальных "
            f"услуг в сумме {rub_in_figures_and_words(total)}.",
            TableBlock(("Услуга", "Получатель", "Задолженность, ₽"),
                       (*debts, ("Итого", "", _money(total))), (80, 60, 36), right=(2,),
                       total_rows=1))


def account_copy(card: AccountCard, today: date) -> Blocks:
    """Копия финансово-лицевого счёта: the account, premise, people, services and balances."""
    g = card.general
    period, rows = _latest(card)
    blocks: list[str | TableBlock] = [
        f"Лицевой счёт {g.number}, открыт {_day(g.opened_on)}"
        + (f", закрыт {_day(g.closed_on)}" if g.closed_on else "") + ".",
        f"Плательщик: {g.payer_name}. Адрес: {address_of(card)}.",
        _premise(card),
        f"Управляющая организация: {g.company_name or '—'}. "
        f"Зарегистрировано: {sum(1 for r in card.residents if _current(r, today))} чел.",
        "Собственники: " + ("; ".join(f"{o.name} — {o.share}" for o in card.owners)
                            or "сведений нет") + ".",
    ]
    services = tuple((s.name, s.supplier_name, _day(s.date_from), _day(s.date_to))
                     for s in card.services)
    if services:
        blocks.append(TableBlock(("Услуга", "Поставщик", "Подключена", "Отключена"), services,
                                 (72, 56, 24, 24)))
    if card.meters:
        blocks.append(TableBlock(
            ("Прибор учёта", "Номер", "Поверка до", "Последние показания"),
            tuple((m.service_name or m.resource, m.serial, _day(m.next_verification),
                   " / ".join(num(v, 0, 3) for v in m.last_values)) for m in card.meters),
            (62, 40, 26, 48)))
    if period is not None:
        blocks.append(f"Расчёты за {period.title()}:")
        blocks.append(_balance_table(rows))
    return tuple(blocks)


def _balance_table(rows: list[BalanceRow]) -> TableBlock:
    body = tuple((b.service_name, _money(b.opening), _money(b.charged + b.recalculated),
                  _money(b.penalty), _money(b.paid), _money(b.closing)) for b in rows)
    total = ("Итого", *(_money(sum(getattr(b, f) for b in rows)) for f in ("opening",)),
             _money(sum(b.charged + b.recalculated for b in rows)),
             _money(sum(b.penalty for b in rows)), _money(sum(b.paid for b in rows)),
             _money(sum(b.closing for b in rows)))
    return TableBlock(("Услуга", "Сальдо на начало", "Начислено", "Пени", "Оплачено",
                       "Сальдо на конец"), (*body, total), (56, 24, 24, 24, 24, 24),
                      right=(1, 2, 3, 4, 5), total_rows=1)


def default_span(card: AccountCard, months: int = 12) -> Span | None:
    """The last `months` periods that have balances (for turnover and statements)."""
    last = max((b.period for b in card.balances), default=None)
    if last is None:
        return None
    end = Period.from_code(last)
    first = max(end.shift(-(months - 1)), Period.from_code(min(b.period for b in card.balances)))
    return Span(first, end)


def turnover(card: AccountCard, span: Span | None) -> Blocks:
    """О начислениях и оплатах за период: a month per row, totals in figures and words."""
    who = (f"Дана в том, что по лицевому счёту {card.general.number} (плательщик "
           f"{card.general.payer_name}, адрес: {address_of(card)})")
    if span is None:
        return (f"{who} начислений и оплат не было.",)
    months: dict[int, list[BalanceRow]] = defaultdict(list)
    for b in card.balances:
        if span.first.code <= b.period <= span.last.code:
            months[b.period].append(b)
    rows = []
    for code in sorted(months):
        bs = months[code]
        rows.append((Period.from_code(code).title(), _money(sum(b.opening for b in bs)),
                     _money(sum(b.charged + b.recalculated + b.corrected for b in bs)),
                     _money(sum(b.penalty for b in bs)), _money(sum(b.paid for b in bs)),
                     _money(sum(b.closing for b in bs))))
    all_rows = [b for bs in months.values() for b in bs]
    charged = sum(b.charged + b.recalculated + b.corrected for b in all_rows)
    penalty = sum(b.penalty for b in all_rows)
    paid = sum(b.paid for b in all_rows)
    rows.append(("Итого", "", _money(charged), _money(penalty), _money(paid), ""))
    return (f"{who} за {span.title} начислено и оплачено:",
            TableBlock(("Месяц", "Сальдо на начало", "Начислено", "Пени", "Оплачено",
                        "Сальдо на конец"), tuple(rows), (36, 28, 28, 24, 28, 28),
                       right=(1, 2, 3, 4, 5), total_rows=1),
            f"Начислено за период: {rub_in_figures_and_words(charged)}.",
            f"Пени за период: {rub_in_figures_and_words(penalty)}.",
            f"Оплачено за период: {rub_in_figures_and_words(paid)}.")


def statement(card: AccountCard, span: Span | None) -> Blocks:
    """Выписка из финансового лицевого счёта: by month and service, with month totals."""
    g = card.general
    head = (f"Лицевой счёт {g.number}, плательщик {g.payer_name}, адрес: {address_of(card)}, "
            f"площадь {num(g.account_area, 0, 2)} м².")
    if span is None:
        return (head, "Начислений и оплат по лицевому счёту не было.")
    fields = ("opening", "charged", "recalculated", "penalty", "paid", "corrected", "closing")
    rows: list[tuple[str, ...]] = []
    subtotals: list[int] = []
    totals = dict.fromkeys(fields, 0)
    by_month: dict[int, list[BalanceRow]] = defaultdict(list)
    for b in card.balances:
        if span.first.code <= b.period <= span.last.code:
            by_month[b.period].append(b)
    for code in sorted(by_month):
        title = Period.from_code(code).title()
        bs = sorted(by_month[code], key=lambda b: b.service_code)
        for b in bs:
            rows.append((title, b.service_name, b.supplier_name,
                         *(_money(getattr(b, f)) for f in fields)))
        subtotals.append(len(rows))
        rows.append((title, "Итого за месяц", "",
                     *(_money(sum(getattr(b, f) for b in bs)) for f in fields)))
        for f in ("charged", "recalculated", "penalty", "paid", "corrected"):
            totals[f] += sum(getattr(b, f) for b in bs)
    first = by_month[min(by_month)] if by_month else []
    last = by_month[max(by_month)] if by_month else []
    totals["opening"] = sum(b.opening for b in first)
    totals["closing"] = sum(b.closing for b in last)
    rows.append(("Всего", span.title, "", *(_money(totals[f]) for f in fields)))
    return (head,
            TableBlock(("Месяц", "Услуга", "Получатель", "Сальдо на начало", "Начислено",
                        "Перерасчёт", "Пени", "Оплачено", "Корректировки", "Сальдо на конец"),
                       tuple(rows), (24, 46, 30, 23, 23, 22, 18, 23, 28, 23),
                       right=(3, 4, 5, 6, 7, 8, 9), total_rows=1, bold_rows=tuple(subtotals)),
            f"Сальдо на конец периода: {rub_in_figures_and_words(totals['closing'])}.")
