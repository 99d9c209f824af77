"""The import/export format: one table of entity specs drives validation, XLSX templates,
the JSON Schema in docs/ and the exporter.

A file is a JSON object whose keys are entity names (below), each a list of records. Records
refer to each other by natural keys, never by database ids: organisations by `key` (default:
ИНН), services by `code`, buildings by `key` (default "street house"), premises by
"building key-number" ("ул. Ленина 5-12"), persons by the source system's `key`, accounts by
number, meters by `key` (default: serial), payments by `key`.
Money is integer kopecks (fields ending in `_kop`); quantities are decimal strings ("4.745");
dates ISO "YYYY-MM-DD"; periods "YYYY-MM".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.calc import bounds
from app.models import enums as E

FORMAT_NAME = "kvartal-exchange"
FORMAT_VERSION = 1
# top-level keys that are not entities
META_KEYS = ("format", "version", "scenario", "$schema", "comment")

MAX_REF = 400  # characters of a reference (a natural key)
MAX_ZONES = 3  # tariff zones of a meter: day, night, peak

# field kinds
STR, INT, KOP, QTY, DATE, PERIOD, BOOL, ENUM, OBJECT = (
    "str", "int", "kop", "qty", "date", "period", "bool", "enum", "object",
)


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = STR
    required: bool = False
    ref: str | None = None  # the entity whose key this names
    choices: tuple[str, ...] = ()
    max_len: int | None = None
    min_value: int | None = None  # for int/kop/qty: the smallest allowed value
    title: str = ""
    default: Any = None
    max_value: int | None = None  # for int: the largest (else app.calc.bounds.MAX_COUNT)


def _choices(enum: Any) -> tuple[str, ...]:
    return tuple(e.value for e in enum)


@dataclass(frozen=True)
class Entity:
    name: str
    title: str
    fields: tuple[Field, ...]
    # natural key of a record (after conversion); None = nothing refers to it
    key: Callable[[dict[str, Any]], str] | None = None
    key_title: str = ""

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def F(name: str, kind: str = STR, req: bool = False, ref: str | None = None,
      choices: tuple[str, ...] = (), n: int | None = None, lo: int | None = None,
      title: str = "", default: Any = None, hi: int | None = None) -> Field:
    if ref is not None and n is None:
        n = MAX_REF  # a key is not stored, but a message may quote it
    return Field(name, kind, req, ref, choices, n, lo, title, default, hi)


def _span(req_from: bool = True) -> tuple[Field, ...]:
    return (F("date_from", DATE, req_from, title="действует с"),
            F("date_to", DATE, title="действует по (включительно)"))


def org_key(r: dict[str, Any]) -> str:
    return str(r.get("key") or r["inn"])


def building_key(r: dict[str, Any]) -> str:
    return str(r.get("key") or f"{r['street']} {r['house']}")


def premise_key(r: dict[str, Any]) -> str:
    return f"{r['building']}-{r['number']}"


def meter_key(r: dict[str, Any]) -> str:
    return str(r.get("key") or r["serial"])


ORGANIZATIONS = Entity("organizations", "Организации", (
    F("key", n=60, title="ключ для ссылок (по умолчанию ИНН)"),
    F("kind", ENUM, True, choices=_choices(E.OrgKind), title="вид"),
    F("name", req=True, n=300, title="полное наименование"),
    F("short_name", n=120, title="краткое наименование"),
    F("inn", req=True, n=12, title="ИНН"),
    F("kpp", n=9, title="КПП"),
    F("ogrn", n=15, title="ОГРН"),
    F("address", n=300, title="адрес"),
    F("phone", n=60, title="телефон"),
    F("email", n=120, title="эл. почта"),
    F("bank_name", n=200, title="банк"),
    F("bik", n=9, title="БИК"),
    F("settlement_account", n=20, title="расчётный счёт"),
    F("corr_account", n=20, title="корр. счёт"),
    F("dispatcher_phone", n=60, title="телефон диспетчерской"),
), org_key, "key или ИНН")

SERVICES = Entity("services", "Услуги", (
    F("code", req=True, n=40, title="код услуги"),
    F("name", req=True, n=120, title="наименование"),
    F("unit", req=True, n=20, title="единица"),
    F("method", ENUM, True, choices=_choices(E.CalcMethod), title="способ расчёта"),
    F("resource", ENUM, choices=_choices(E.Resource), title="ресурс"),
    F("zones", INT, lo=1, hi=MAX_ZONES, title="тарифных зон", default=1),
    F("norm_base", ENUM, choices=_choices(E.NormBase), title="база норматива"),
    F("penalty_kind", ENUM, choices=_choices(E.PenaltyKind), title="вид пени",
      default=E.PenaltyKind.HOUSING.value),
    F("raising_applies", BOOL, title="повышающий коэффициент", default=False),
    F("absence_applies", BOOL, title="перерасчёт за отсутствие", default=False),
    F("permitted_hours_month", INT, lo=0, hi=744, title="допустимый перерыв, ч в месяц"),
    F("permitted_hours_once", INT, lo=0, hi=744, title="допустимый перерыв, ч подряд"),
    F("sort_order", INT, title="порядок", default=0),
), lambda r: str(r["code"]), "code")

ACCOUNT_LISTS = Entity("account_lists", "Списки лицевых счетов", (
    F("name", req=True, n=200, title="название списка"),
), lambda r: str(r["name"]), "name")

BUILDINGS = Entity("buildings", "Дома", (
    F("key", n=80, title="ключ для ссылок (по умолчанию «улица дом»)"),
    F("company", ref="organizations", title="управляющая организация"),
    F("city", req=True, n=120, title="населённый пункт"),
    F("street", req=True, n=160, title="улица"),
    F("house", req=True, n=20, title="дом"),
    F("postcode", n=6, title="индекс"),
    F("fias_guid", n=36, title="ФИАС"),
    F("year_built", INT, lo=bounds.MIN_BUILT, hi=bounds.MAX_BUILT, title="год постройки"),
    F("floors", INT, lo=0, title="этажей"),
    F("entrances", INT, lo=0, title="подъездов"),
    F("total_area", QTY, lo=0, title="общая площадь, м²", default="0"),
    F("living_area", QTY, lo=0, title="жилая площадь, м²", default="0"),
    F("common_area", QTY, lo=0, title="площадь общего имущества, м²", default="0"),
    F("heating_type", ENUM, True, choices=_choices(E.HeatingType), title="отопление"),
    F("heating_mode", ENUM, True, choices=_choices(E.HeatingMode), title="начисление отопления"),
), building_key, "key или «улица дом»")

PREMISES = Entity("premises", "Помещения", (
    F("building", req=True, ref="buildings", title="дом"),
    F("number", req=True, n=20, title="номер помещения"),
    F("kind", ENUM, choices=_choices(E.PremiseKind), title="вид",
      default=E.PremiseKind.FLAT.value),
    F("total_area", QTY, True, lo=0, title="общая площадь, м²"),
    F("living_area", QTY, lo=0, title="жилая площадь, м²"),
    F("rooms", INT, lo=0, title="комнат"),
    F("entrance", INT, lo=0, title="подъезд"),
    F("floor", INT, title="этаж"),
), premise_key, "«дом-номер»")

PERSONS = Entity("persons", "Граждане", (
    F("key", req=True, n=60, title="ключ из исходной системы"),
    F("last_name", req=True, n=80, title="фамилия"),
    F("first_name", req=True, n=80, title="имя"),
    F("middle_name", n=80, title="отчество"),
    F("birth_date", DATE, title="дата рождения"),
    F("sex", choices=("м", "ж"), kind=ENUM, title="пол"),
    F("birth_place", n=200, title="место рождения"),
    F("snils", n=11, title="СНИЛС"),
    F("doc_type", n=60, title="документ"),
    F("doc_series", n=10, title="серия"),
    F("doc_number", n=20, title="номер"),
    F("doc_issued_by", n=200, title="кем выдан"),
    F("doc_issued_on", DATE, title="дата выдачи"),
    F("phone", n=40, title="телефон"),
), lambda r: str(r["key"]), "key")

ACCOUNTS = Entity("accounts", "Лицевые счета", (
    F("number", req=True, n=10, title="номер ЛС (10 цифр с контрольной)"),
    F("premise", req=True, ref="premises", title="помещение"),
    F("payer", ref="persons", title="плательщик (ключ гражданина)"),
    F("payer_name", req=True, n=200, title="ФИО плательщика"),
    F("status", ENUM, choices=_choices(E.AccountStatus), title="состояние",
      default=E.AccountStatus.OPEN.value),
    F("opened_on", DATE, True, title="открыт"),
    F("closed_on", DATE, title="закрыт"),
    F("area", QTY, lo=0, title="площадь части помещения, м²"),
), lambda r: str(r["number"]), "number")

ACCOUNT_LIST_MEMBERS = Entity("account_list_members", "Состав списков", (
    F("list", req=True, ref="account_lists", title="список"),
    F("account", req=True, ref="accounts", title="лицевой счёт"),
))

CONTRACTS = Entity("contracts", "Договоры", (
    F("number", req=True, n=60, title="номер договора"),
    F("signed_on", DATE, title="дата подписания"),
    F("kind", ENUM, True, choices=_choices(E.ContractKind), title="вид"),
    F("company", req=True, ref="organizations", title="управляющая организация"),
    F("supplier", req=True, ref="organizations", title="поставщик"),
    F("agent", ref="organizations", title="агент (РКЦ)"),
    F("service", req=True, ref="services", title="услуга"),
    F("commission_bp", INT, lo=0, hi=10_000, title="комиссия, сотые доли процента",
      default=0),
    *_span(),
))

TARIFFS = Entity("tariffs", "Тарифы", (
    F("service", req=True, ref="services", title="услуга"),
    F("supplier", ref="organizations", title="поставщик"),
    F("building", ref="buildings", title="дом"),
    F("account_list", ref="account_lists", title="список ЛС"),
    F("zone", INT, lo=0, hi=MAX_ZONES, title="зона (0 — одна, 1 день, 2 ночь, 3 пик)",
      default=0),
    F("value", QTY, True, lo=0, title="тариф, ₽ за единицу"),
    *_span(),
))

NORMS = Entity("norms", "Нормативы", (
    F("service", req=True, ref="services", title="услуга"),
    F("building", ref="buildings", title="дом"),
    F("kind", ENUM, choices=("individual", "common_needs"), title="вид",
      default="individual"),
    F("value", QTY, True, lo=0, title="норматив"),
    *_span(),
))

KEY_RATES = Entity("key_rates", "Ключевая ставка", (
    F("date_from", DATE, True, title="действует с"),
    F("rate", QTY, True, lo=0, title="ставка, %"),
))

RULE_PARAMETERS = Entity("rule_parameters", "Параметры правил", (
    F("code", req=True, n=60, title="код параметра"),
    F("company", ref="organizations", title="организация"),
    F("service", ref="services", title="услуга"),
    F("value", QTY, True, title="значение"),
    *_span(),
    F("source", n=200, title="основание"),
))

ACCOUNT_SERVICES = Entity("account_services", "Услуги лицевых счетов", (
    F("account", req=True, ref="accounts", title="лицевой счёт"),
    F("service", req=True, ref="services", title="услуга"),
    F("supplier", req=True, ref="organizations", title="поставщик"),
    F("method", ENUM, choices=_choices(E.CalcMethod), title="способ расчёта (иначе услуги)"),
    *_span(),
    F("fixed_amount_kop", KOP, lo=0, title="фиксированная сумма, коп."),
    F("meter_required", BOOL, title="прибор обязателен", default=False),
))

def _room_account() -> Field:
    """A registration's or an ownership's room in a communal flat (each room its own account)."""
    return F("account", ref="accounts",
             title="лицевой счёт комнаты в коммунальной квартире (пусто — всё помещение)")


OWNERSHIPS = Entity("ownerships", "Собственность", (
    F("premise", req=True, ref="premises", title="помещение"),
    F("person", ref="persons", title="собственник-гражданин"),
    F("organization", ref="organizations", title="собственник-организация"),
    F("share_num", INT, lo=1, title="доля: числитель", default=1),
    F("share_den", INT, lo=1, title="доля: знаменатель", default=1),
    *_span(),
    F("document", n=200, title="документ"),
    _room_account(),
))

REGISTRATIONS = Entity("registrations", "Регистрации", (
    F("person", req=True, ref="persons", title="гражданин"),
    F("premise", req=True, ref="premises", title="помещение"),
    F("kind", ENUM, choices=_choices(E.RegistrationKind), title="вид",
      default=E.RegistrationKind.PERMANENT.value),
    *_span(),
    F("relation", n=60, title="отношение к собственнику"),
    F("arrived_from", n=300, title="прибыл из"),
    F("departed_to", n=300, title="убыл в"),
    _room_account(),
))

ABSENCES = Entity("absences", "Временные отсутствия", (
    F("person", req=True, ref="persons", title="гражданин"),
    F("premise", req=True, ref="premises", title="помещение"),
    F("date_from", DATE, True, title="первый полный день отсутствия"),
    F("date_to", DATE, True, title="последний полный день отсутствия"),
    F("document", n=300, title="документ"),
))

METERS = Entity("meters", "Приборы учёта", (
    F("key", n=80, title="ключ для ссылок (по умолчанию заводской номер)"),
    F("serial", req=True, n=40, title="заводской номер"),
    F("kind", ENUM, choices=_choices(E.MeterKind), title="вид",
      default=E.MeterKind.INDIVIDUAL.value),
    F("resource", ENUM, True, choices=_choices(E.Resource), title="ресурс"),
    F("service", ref="services", title="услуга"),
    F("account", ref="accounts", title="лицевой счёт (ИПУ)"),
    F("premise", ref="premises", title="помещение (общеквартирный)"),
    F("building", ref="buildings", title="дом (ОДПУ)"),
    F("model", n=80, title="модель"),
    F("zones", INT, lo=1, hi=MAX_ZONES, title="зон", default=1),
    F("digits", INT, lo=1, hi=bounds.MAX_METER_DIGITS, title="разрядов до запятой", default=5),
    F("installed_on", DATE, True, title="установлен"),
    F("seal_number", n=40, title="пломба"),
    F("sealed_on", DATE, title="опломбирован"),
    F("verified_on", DATE, title="поверен"),
    F("verification_interval_years", INT, lo=1, hi=50, title="межповерочный интервал, лет"),
    F("next_verification", DATE, title="следующая поверка"),
    F("status", ENUM, choices=_choices(E.MeterStatus), title="состояние",
      default=E.MeterStatus.ACTIVE.value),
    F("removed_on", DATE, title="снят"),
    F("replaced_by", ref="meters", title="заменён прибором"),
), meter_key, "key или заводской номер")

READINGS = Entity("readings", "Показания", (
    F("meter", req=True, ref="meters", title="прибор учёта"),
    F("period", PERIOD, True, title="период"),
    F("taken_on", DATE, True, title="дата снятия"),
    F("zone", INT, lo=1, hi=MAX_ZONES, title="зона", default=1),
    F("value", QTY, True, lo=0, title="показание"),
    F("kind", ENUM, choices=_choices(E.ReadingKind), title="вид",
      default=E.ReadingKind.REGULAR.value),
    F("source", ENUM, choices=_choices(E.ReadingSource), title="источник",
      default=E.ReadingSource.IMPORT.value),
    F("rollover", BOOL, title="переход через ноль", default=False),
))

PERIODS = Entity("periods", "Расчётные периоды", (
    F("period", PERIOD, True, title="период"),
    F("status", ENUM, True, choices=_choices(E.PeriodStatus), title="состояние"),
), lambda r: str(r["period"]), "period")

PAYMENTS = Entity("payments", "Платежи", (
    F("key", req=True, n=80, title="уникальный ключ платежа"),
    F("account", req=True, ref="accounts", title="лицевой счёт"),
    F("amount_kop", KOP, True, lo=1, title="сумма, коп."),
    F("penalty_kop", KOP, lo=0, title="в т. ч. пени, коп.", default=0),
    F("paid_on", DATE, True, title="дата оплаты"),
    F("period", PERIOD, title="оплачиваемый период (из квитанции)"),
    F("channel", ENUM, choices=_choices(E.PaymentChannel), title="канал",
      default=E.PaymentChannel.BANK.value),
    F("status", ENUM, choices=_choices(E.PaymentStatus), title="состояние",
      default=E.PaymentStatus.POSTED.value),
    F("payer_name", n=200, title="плательщик"),
    F("receipt_number", INT, title="номер чека"),
), lambda r: str(r["key"]), "key")

OPENING_BALANCES = Entity("opening_balances", "Входящие сальдо", (
    F("account", req=True, ref="accounts", title="лицевой счёт"),
    F("service", req=True, ref="services", title="услуга"),
    F("supplier", ref="organizations", title="поставщик"),
    F("period", PERIOD, True, title="период, на начало которого"),
    F("amount_kop", KOP, True, title="сальдо, коп. (долг +, аванс −)"),
))

OPERATIONS = Entity("operations", "Операции (история начислений и оплат)", (
    F("kind", ENUM, True, choices=_choices(E.OperationKind), title="вид"),
    F("period", PERIOD, True, title="период проведения"),
    F("ref_period", PERIOD, title="период, к которому относится"),
    F("date", DATE, title="дата (по умолчанию — первое число периода)"),
    F("account", req=True, ref="accounts", title="лицевой счёт"),
    F("service", req=True, ref="services", title="услуга"),
    F("supplier", ref="organizations", title="поставщик"),
    F("company", ref="organizations", title="управляющая организация"),
    F("amount_kop", KOP, True, title="сумма, коп. (долг +, оплата −)"),
    F("payment", ref="payments", title="платёж"),
    F("cause", n=120, title="основание"),
    F("basis", OBJECT, title="расчёт (объект JSON)"),
))

ACCOUNT_NOTES = Entity("account_notes", "Заметки к лицевым счетам", (
    F("account", req=True, ref="accounts", title="лицевой счёт"),
    F("created_on", DATE, True, title="дата"),
    F("text", req=True, n=bounds.MAX_NOTE, title="текст"),
))

# dependency order: an entity only refers to those before it (meters also to meters)
ENTITIES: tuple[Entity, ...] = (
    ORGANIZATIONS, SERVICES, ACCOUNT_LISTS, BUILDINGS, PREMISES, PERSONS, ACCOUNTS,
    ACCOUNT_LIST_MEMBERS, CONTRACTS, TARIFFS, NORMS, KEY_RATES, RULE_PARAMETERS,
    ACCOUNT_SERVICES, OWNERSHIPS, REGISTRATIONS, ABSENCES, METERS, READINGS, PERIODS,
    PAYMENTS, OPENING_BALANCES, OPERATIONS, ACCOUNT_NOTES,
)
BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
