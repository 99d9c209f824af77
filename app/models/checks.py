"""CHECK constraints of the facts that cannot be otherwise: spans of dates in order, quantities
that cannot be negative, counts that start at one, shares within the whole. The database refuses
a row that breaks one (on SQLite and PostgreSQL alike); `CHECK_MESSAGES` says why in Russian.

Each model lists its constraints in `__table_args__` through `check(name, sql)`; the naming
convention turns `dates_in_order` on `registration` into `ck_registration_dates_in_order`.
Migration 0004 creates the same ones (it keeps its own copy: a migration is frozen in time).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint


def check(name: str, sql: str) -> CheckConstraint:
    return CheckConstraint(sql, name=name)


def dates_in_order(start: str = "date_from", end: str = "date_to", *,
                   open_end: bool = True) -> CheckConstraint:
    """`end` on or after `start` (an open `end` — NULL — is in force without end)."""
    sql = f"{end} >= {start}"
    return check("dates_in_order", f"{end} IS NULL OR {sql}" if open_end else sql)


# constraint name (after the naming convention) → what the operator is told
CHECK_MESSAGES = {
    "ck_registration_dates_in_order": "регистрация заканчивается раньше, чем начинается",
    "ck_ownership_dates_in_order": "право собственности заканчивается раньше, чем начинается",
    "ck_ownership_share_within_whole": "доля собственности должна быть от 0 до 1 "
                                       "(числитель и знаменатель — не меньше 1, числитель не "
                                       "больше знаменателя)",
    "ck_absence_dates_in_order": "отсутствие заканчивается раньше, чем начинается",
    "ck_account_dates_in_order": "лицевой счёт закрыт раньше, чем открыт",
    "ck_account_area_not_negative": "площадь лицевого счёта не может быть отрицательной",
    "ck_account_service_dates_in_order": "услуга отключена раньше, чем подключена",
    "ck_contract_dates_in_order": "договор заканчивается раньше, чем начинается",
    "ck_tariff_dates_in_order": "тариф действует до даты, которая раньше его начала",
    "ck_tariff_value_not_negative": "тариф не может быть отрицательным",
    "ck_norm_dates_in_order": "норматив действует до даты, которая раньше его начала",
    "ck_norm_value_not_negative": "норматив не может быть отрицательным",
    "ck_rule_parameter_dates_in_order": "параметр действует до даты, которая раньше его начала",
    "ck_key_rate_rate_not_negative": "ключевая ставка не может быть отрицательной",
    "ck_meter_removed_after_installed": "прибор учёта снят раньше, чем установлен",
    "ck_meter_verification_dates_in_order": "следующая поверка прибора раньше последней",
    "ck_meter_counts_positive": "у прибора учёта должно быть не меньше одной зоны и одного "
                                "разряда, межповерочный интервал — не меньше года",
    "ck_reading_value_not_negative": "показание не может быть отрицательным",
    "ck_premise_areas_not_negative": "площадь помещения не может быть отрицательной",
    "ck_building_areas_not_negative": "площадь дома не может быть отрицательной",
}


def violated_check(error: BaseException) -> str | None:
    """The Russian reason of a refused row, if the driver's error names one of our checks."""
    text = str(getattr(error, "orig", error))
    for name, message in CHECK_MESSAGES.items():
        if name in text:
            return message
    return None
