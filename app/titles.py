"""One catalogue of the Russian titles of stored values: roles, rights, scopes, methods, statuses,
resources, operation kinds, channels — for the workstation, the command line and printing alike.

Keys are the stored strings (every enumeration here is a `StrEnum`, so its members are keys too);
`VOCABULARIES` names each table by its enumeration, and a test checks that every value of every
enumeration in `app/models/enums.py` and `app/rights.py` has a title here. An enumeration added
without titles fails that test, not the user. Pure: no Qt, no database, no other app package.
"""

from __future__ import annotations

from collections.abc import Mapping

ORG_KIND = {
    "management_company": "Управляющая организация", "supplier": "Ресурсоснабжающая организация",
    "settlement_centre": "Расчётный центр", "bank": "Банк", "payment_agent": "Платёжный агент",
    "other": "Прочая организация",
}
CONTRACT_KIND = {"two_party": "двусторонний", "three_party": "трёхсторонний"}
HEATING_TYPE = {
    "central_metered": "центральное, с общедомовым прибором",
    "central_unmetered": "центральное, без общедомового прибора",
    "individual": "индивидуальное",
}
HEATING_MODE = {"season": "в отопительный период", "even": "равномерно в течение года"}
PREMISE_KIND = {"flat": "Квартира", "non_residential": "Нежилое помещение"}
ACCOUNT_STATUS = {"open": "Открыт", "closed": "Закрыт"}
REGISTRATION_KIND = {"permanent": "по месту жительства", "temporary": "по месту пребывания"}
REGISTRATION_PLACE = {"permanent": "жительства", "temporary": "пребывания"}  # «место …»
CALC_METHOD = {
    "metered": "по прибору учёта", "norm": "по нормативу", "area": "по площади",
    "heating_area_norm": "отопление по нормативу", "heating_building_meter": "отопление по ОДПУ",
    "common_needs": "на общедомовые нужды", "fixed": "фиксированная сумма",
    "meter_fee": "по числу приборов учёта",
}
RESOURCE = {
    "cold_water": "Холодная вода", "hot_water": "Горячая вода", "electricity": "Электроэнергия",
    "gas": "Газ", "heat": "Тепловая энергия", "sewerage": "Водоотведение",
}
RESOURCE_SHORT = {  # in narrow columns and messages about a meter; the order is the display order
    "cold_water": "ХВС", "hot_water": "ГВС", "electricity": "Электроэнергия", "gas": "Газ",
    "heat": "Тепло", "sewerage": "Водоотведение",
}
NORM_BASE = {"per_person": "на человека", "per_m2": "на м² площади"}
PENALTY_KIND = {"housing": "пени за жилищно-коммунальные услуги",
                "capital_repair": "пени за взносы на капитальный ремонт"}
METER_KIND = {"individual": "индивидуальный", "common_apartment": "общеквартирный",
              "building": "общедомовой"}
METER_STATUS = {"active": "действует", "replaced": "заменён", "removed": "снят"}
READING_SOURCE = {"operator": "оператор", "consumer": "житель", "controller": "контролёр",
                  "import": "другая организация"}
READING_KIND = {"regular": "текущее", "initial": "начальное", "final": "конечное"}
PERIOD_STATUS = {"open": "открыт", "closed": "закрыт"}
OPERATION_KIND = {
    "opening_balance": "Входящее сальдо", "charge": "Начисление", "recalculation": "Перерасчёт",
    "penalty": "Пени", "payment": "Оплата", "correction": "Корректировка",
    "balance_transfer": "Перенос сальдо",
}
RUN_STATUS = {"running": "выполняется", "done": "выполнен", "failed": "с ошибкой",
              "cancelled": "отменён"}
PAYMENT_CHANNEL = {"cash": "наличные", "card": "банковская карта", "bank": "через банк"}
PAYMENT_STATUS = {"posted": "проведён", "cancelled": "отменён"}
SHIFT_STATUS = {"open": "открыта", "closed": "закрыта"}

ROLE = {
    "cashier": "Кассир", "accrual": "Специалист по начислениям", "passport": "Паспортист",
    "lawyer": "Юрист", "admin": "Администратор", "viewer": "Просмотр",
}
RIGHT = {
    "account.view": "просмотр лицевых счетов",
    "account.note": "заметки к лицевым счетам",
    "account.edit": "изменение лицевых счетов",
    "personal_data.view": "просмотр персональных данных",
    "readings.enter": "ввод показаний",
    "meters.edit": "ведение приборов учёта",
    "billing.run": "расчёт начислений",
    "period.close": "закрытие периода",
    "tariffs.edit": "изменение тарифов и нормативов",
    "ledger.correction": "ручные корректировки",
    "cash.take": "приём платежей",
    "cash.cancel": "отмена и возврат платежей",
    "transfers.record": "перечисления поставщикам",
    "certificates.issue": "выдача справок",
    "passport.edit": "паспортный стол",
    "reports.view": "отчёты",
    "debtors.work": "работа с должниками",
    "admin": "администрирование",
    "data.import": "загрузка данных",
}

TARIFF_SCOPE = {"everywhere": "везде", "supplier": "поставщик", "building": "дом",
                "account_list": "список счетов"}
NORM_KIND = {"individual": "индивидуальное потребление", "common_needs": "общедомовые нужды"}
TARIFF_ZONE = {0: "одноставочный", 1: "день (T1)", 2: "ночь (T2)", 3: "пик (T3)"}
AGREEMENT_STATUS = {"active": "действует", "broken": "нарушено", "finished": "исполнено",
                    "cancelled": "расторгнуто"}
CASE_STAGE = {"claim_letter": "Претензия", "court_order": "Судебный приказ",
              "lawsuit": "Исковое заявление", "enforcement": "Исполнительное производство",
              "closed": "Закрыто"}
NOTICE_KIND = {"debt_notice": "уведомление о задолженности",
               "limitation_warning": "предупреждение об ограничении или приостановлении услуги"}
# a printed notice's number: «У-2027/15» (уведомление), «П-2027/3» (предупреждение)
NOTICE_NUMBER_PREFIX = {"debt_notice": "У", "limitation_warning": "П"}
DELIVERY_WAY = {"in_person": "лично под подпись", "post": "почтой", "epd": "в платёжном документе",
                "messenger": "мессенджер или электронная почта"}
PAYMENT_KIND = {"payment": "платёж", "refund": "возврат"}
CASH_MOVE_KIND = {"in": "внесение", "out": "выплата"}
FISCAL_KIND = {"income": "Приход", "income_return": "Возврат прихода",
               "shift_open": "Открытие смены", "shift_close": "Закрытие смены"}
FISCAL_STATUS = {"queued": "в очереди", "sent": "отправлен"}
RECEIPT_PAYMENT_FORM = {"cash": "Наличными", "card": "Безналичными (карта)"}  # on the receipt
PAYMENT_SOURCE = {"cash": "Касса, наличные", "card": "Касса, карта", "bank": "Банк, агент"}

# each table by the enumeration whose values it titles (the test walks these)
# what an audit entry's object is (AuditEntry.entity), for the audit viewer; others show the code
AUDIT_ENTITY = {
    "organization": "Организация", "contract": "Договор", "service": "Услуга",
    "building": "Дом", "premise": "Помещение", "account": "Лицевой счёт",
    "tariff": "Тариф", "norm": "Норматив", "key_rate": "Ключевая ставка",
    "penalty_rule": "Правило пеней", "person": "Человек", "meter": "Прибор учёта",
    "reading": "Показание", "payment": "Платёж", "payment_registry": "Реестр платежей",
    "cash_shift": "Кассовая смена", "billing_run": "Расчёт начислений",
    "billing_period": "Период", "recalculation": "Перерасчёт", "absence": "Отсутствие",
    "under_supply_act": "Акт о недопоставке", "claim": "Обращение",
    "repayment_agreement": "Соглашение о рассрочке", "court_case": "Судебное дело",
    "debt_notice": "Уведомление о долге", "certificate_issue": "Справка",
    "database": "База данных", "setting": "Настройка", "file": "Файл",
    "balance_snapshot": "Сальдо", "user": "Пользователь",
}


VOCABULARIES: dict[str, Mapping[str, str]] = {
    "OrgKind": ORG_KIND, "ContractKind": CONTRACT_KIND, "HeatingType": HEATING_TYPE,
    "HeatingMode": HEATING_MODE, "PremiseKind": PREMISE_KIND, "AccountStatus": ACCOUNT_STATUS,
    "RegistrationKind": REGISTRATION_KIND, "CalcMethod": CALC_METHOD, "Resource": RESOURCE,
    "NormBase": NORM_BASE, "PenaltyKind": PENALTY_KIND, "MeterKind": METER_KIND,
    "MeterStatus": METER_STATUS, "ReadingSource": READING_SOURCE, "ReadingKind": READING_KIND,
    "PeriodStatus": PERIOD_STATUS, "OperationKind": OPERATION_KIND, "RunStatus": RUN_STATUS,
    "PaymentChannel": PAYMENT_CHANNEL, "PaymentStatus": PAYMENT_STATUS,
    "ShiftStatus": SHIFT_STATUS, "Role": ROLE, "Right": RIGHT, "Scope": TARIFF_SCOPE,
    "AgreementStatus": AGREEMENT_STATUS, "CaseStage": CASE_STAGE, "NoticeKind": NOTICE_KIND,
    "DeliveryWay": DELIVERY_WAY, "PaymentKind": PAYMENT_KIND, "CashMoveKind": CASH_MOVE_KIND,
    "FiscalKind": FISCAL_KIND, "FiscalStatus": FISCAL_STATUS,
}


def title(vocabulary: Mapping[str, str], value: str | None) -> str:
    """The Russian title of a stored value; an unknown value is shown as is, never hidden."""
    if value is None:
        return ""
    return vocabulary.get(value, value)
