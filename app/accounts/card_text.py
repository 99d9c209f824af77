"""The account card as plain Russian text, for `kvartal account NUMBER` in a terminal."""

from __future__ import annotations

from decimal import Decimal

from app.accounts.views import AccountCard
from app.calc.money import format_rub
from app.titles import REGISTRATION_KIND, title

OPERATIONS_SHOWN = 20


def _period(code: int) -> str:
    return f"{code % 100:02d}.{code // 100}"


def _qty(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:f}".replace(".", ",")


def card_text(card: AccountCard) -> str:
    g = card.general
    lines = [
        f"Лицевой счёт {g.number} — закрыт {g.closed_on:%d.%m.%Y} (открыт {g.opened_on:%d.%m.%Y})"
        if g.closed_on else f"Лицевой счёт {g.number} — открыт с {g.opened_on:%d.%m.%Y}",
        f"Адрес: {g.city}, {g.address}",
        f"Плательщик: {g.payer_name}",
        f"Управляющая организация: {g.company_name or '—'}",
        f"Площадь: общая {_qty(g.total_area)} м², жилая {_qty(g.living_area)} м², "
        f"по счёту {_qty(g.account_area)} м²; комнат: {g.rooms or '—'}",
        f"Зарегистрировано: {g.residents_count}",
        f"Долг: {format_rub(card.debt)}" if card.debt >= 0
        else f"Переплата: {format_rub(-card.debt)}",
    ]
    if card.residents:
        lines += ["", "Жильцы:"]
        lines += [f"  {r.full_name} — {title(REGISTRATION_KIND, r.kind)} с {r.date_from:%d.%m.%Y}"
                  + (f" по {r.date_to:%d.%m.%Y}" if r.date_to else "") for r in card.residents]
    if card.owners:
        lines += ["", "Собственники:"]
        lines += [f"  {o.name}, доля {o.share}" for o in card.owners]
    if card.services:
        lines += ["", "Услуги:"]
        lines += [f"  {s.name} — {s.supplier_name}" for s in card.services]
    if card.meters:
        lines += ["", "Приборы учёта:"]
        for m in card.meters:
            last = " / ".join(_qty(v) for v in m.last_values) or "нет показаний"
            when = f" за {_period(m.last_period)}" if m.last_period else ""
            lines.append(f"  № {m.serial} ({m.service_name or m.resource}): {last}{when}")
    if card.balances:
        latest = card.balances[0].period
        lines += ["", f"Сальдо за {_period(latest)}:"]
        lines += [f"  {b.service_name}: начислено {format_rub(b.charged)}, оплачено "
                  f"{format_rub(b.paid)}, на конец {format_rub(b.closing)}"
                  for b in card.balances if b.period == latest]
    if card.operations:
        lines += ["", f"Операции (последние {min(OPERATIONS_SHOWN, len(card.operations))} "
                      f"из {len(card.operations)}):"]
        lines += [f"  {o.op_date:%d.%m.%Y} {o.service_name}: {format_rub(o.amount, sign=True)}"
                  for o in card.operations[:OPERATIONS_SHOWN]]
    if card.notes:
        lines += ["", "Заметки:"]
        lines += [f"  {n.created_at:%d.%m.%Y} {n.author}: {n.text}" for n in card.notes]
    return "\n".join(lines)
