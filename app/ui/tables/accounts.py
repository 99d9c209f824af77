"""Column sets for account lookup hits and the account card's tables."""

from __future__ import annotations

from app.accounts.views import MeterRow, OperationRow
from app.calc.money import format_rub
from app.ui import labels as L
from app.ui.tables.rows import CENTER, RIGHT, Column


def _money(attr: str) -> Column:
    return Column(_MONEY_TITLES[attr], lambda r: format_rub(getattr(r, attr)), RIGHT)


_MONEY_TITLES = {
    "opening": "Вх. сальдо", "charged": "Начислено", "recalculated": "Перерасчёт",
    "penalty": "Пени", "paid": "Оплачено", "corrected": "Корректировки", "closing": "Исх. сальдо",
}

HIT_COLUMNS = [
    Column("Л/с", lambda h: h.number),
    Column("Плательщик", lambda h: h.payer_name, width=280),
    Column("Адрес", lambda h: h.address, stretch=True),
    Column("Состояние", lambda h: L.title(L.ACCOUNT_STATUS, h.status)),
]

SERVICE_COLUMNS = [
    Column("Услуга", lambda s: s.name, stretch=True, tooltip=lambda s: s.name),
    Column("Поставщик", lambda s: s.supplier_name),
    Column("Способ расчёта", lambda s: L.title(L.CALC_METHOD, s.method)),
    Column("С", lambda s: L.day(s.date_from), CENTER),
    Column("По", lambda s: L.day(s.date_to) or "—", CENTER),
]

RESIDENT_COLUMNS = [
    Column("ФИО", lambda r: r.full_name, stretch=True),
    Column("Дата рождения", lambda r: L.day(r.birth_date), CENTER),
    Column("Регистрация", lambda r: L.title(L.REGISTRATION_KIND, r.kind)),
    Column("С", lambda r: L.day(r.date_from), CENTER),
    Column("По", lambda r: L.day(r.date_to) or "—", CENTER),
    Column("Родство", lambda r: r.relation or ""),
]

OWNER_COLUMNS = [
    Column("Собственник", lambda o: o.name, stretch=True),
    Column("Доля", lambda o: o.share, CENTER),
    Column("С", lambda o: L.day(o.date_from), CENTER),
    Column("По", lambda o: L.day(o.date_to) or "—", CENTER),
]


def _readings(m: MeterRow) -> str:
    return " / ".join(L.quantity(v) for v in m.last_values) or "нет показаний"


METER_COLUMNS = [
    Column("Ресурс", lambda m: L.title(L.RESOURCE, m.resource)),
    Column("Услуга", lambda m: m.service_name or "", stretch=True),
    Column("Заводской №", lambda m: m.serial),
    Column("Тарифов", lambda m: str(m.zones), CENTER),
    Column("Поверка до", lambda m: L.day(m.next_verification), CENTER),
    Column("Состояние", lambda m: L.title(L.METER_STATUS, m.status)),
    Column("Последние показания", _readings, RIGHT),
    Column("За период", lambda m: L.period(m.last_period)),
    Column("Дата снятия", lambda m: L.day(m.last_taken_on), CENTER),
]

BALANCE_COLUMNS = [
    Column("Период", lambda b: L.period(b.period)),
    Column("Услуга", lambda b: b.service_name, stretch=True, tooltip=lambda b: b.service_name),
    Column("Поставщик", lambda b: b.supplier_name),
    *(_money(a) for a in ("opening", "charged", "recalculated", "penalty", "paid",
                          "corrected", "closing")),
]


def _explanation_tip(o: OperationRow) -> str | None:
    return o.explanation or None


OPERATION_COLUMNS = [
    Column("Дата", lambda o: L.day(o.op_date), CENTER),
    Column("Период", lambda o: L.period(o.period)),
    Column("За период", lambda o: L.period(o.ref_period) if o.ref_period != o.period else ""),
    Column("Операция", lambda o: L.title(L.OPERATION_KIND, o.kind)),
    Column("Услуга", lambda o: o.service_name, width=180, tooltip=lambda o: o.service_name),
    Column("Поставщик", lambda o: o.supplier_name or "", width=150),
    Column("Сумма", lambda o: format_rub(o.amount), RIGHT),
    Column("Основание", lambda o: o.cause or "", width=160, tooltip=lambda o: o.cause or None),
    Column("Как рассчитано", lambda o: (o.explanation or "").replace("\n", " "), stretch=True,
           tooltip=_explanation_tip),
]

NOTE_COLUMNS = [
    Column("Когда", lambda n: L.moment(n.created_at), CENTER),
    Column("Автор", lambda n: n.author),
    Column("Заметка", lambda n: n.text, tooltip=lambda n: n.text, stretch=True),
]
