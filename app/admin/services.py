"""Services and how each is charged: the method comes from the registry of charge methods
(`app.calc.methods.METHODS`), and what a method needs is checked — a metered service names its
resource, a service charged by a norm names what the norm is per. Create and edit (optimistic
version), audited. A service's code is its key in imports, tariffs and reports: set once."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from sqlalchemy import select

from app import titles
from app.admin.versioned import clean_text, length_problems, load_versioned, store
from app.calc.basis import Source
from app.calc.methods import METHODS, Need
from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import Service
from app.models.enums import CalcMethod, NormBase, PenaltyKind, Resource
from app.rights import Actor, Right
from app.usecase import transaction

TITLES = {"code": "Код", "name": "Наименование", "unit": "Единица", "method": "Способ расчёта",
          "resource": "Ресурс", "zones": "Тарифных зон", "norm_base": "Норматив",
          "penalty_kind": "Пени", "raising_applies": "Повышающий коэффициент",
          "absence_applies": "Перерасчёт за отсутствие",
          "permitted_hours_month": "Допустимый перерыв, ч в месяц",
          "permitted_hours_once": "Допустимый перерыв, ч подряд", "sort_order": "Порядок"}
_CODE = re.compile(r"[a-z][a-z0-9_]*")
MAX_ZONES = 3
MAX_HOURS = 24 * 31


@dataclass(frozen=True)
class ServiceData:
    code: str
    name: str
    unit: str
    method: str
    penalty_kind: str = PenaltyKind.HOUSING
    resource: str | None = None
    zones: int = 1
    norm_base: str | None = None
    raising_applies: bool = False
    absence_applies: bool = False
    permitted_hours_month: int | None = None
    permitted_hours_once: int | None = None
    sort_order: int = 0
    id: int | None = None
    version: int | None = None

    @property
    def method_title(self) -> str:
        return titles.CALC_METHOD.get(self.method, self.method)


_FIELDS = tuple(f.name for f in fields(ServiceData) if f.name not in ("id", "version"))


def method_choices() -> list[tuple[str, str]]:
    """The charge methods of the registry, as (value, Russian title)."""
    return [(m.value, spec.title) for m, spec in METHODS.items()]


def _data(svc: Service) -> ServiceData:
    return ServiceData(**{n: getattr(svc, n) for n in _FIELDS}, id=svc.id, version=svc.version)


def list_services(db: Database, actor: Actor) -> list[ServiceData]:
    actor.require(Right.ADMIN)
    with db.session() as s:
        return [_data(x) for x in s.scalars(select(Service).order_by(Service.sort_order,
                                                                     Service.id))]


def service_problems(d: ServiceData) -> list[Problem]:
    problems: list[Problem] = []

    def say(name: str, text: str) -> None:
        problems.append(Problem(TITLES[name], text))

    if not _CODE.fullmatch(d.code or ""):
        say("code", "латинские строчные буквы, цифры и «_», с буквы: cold_water")
    for name in ("name", "unit"):
        if not getattr(d, name):
            say(name, "не заполнено")
    spec = METHODS.get(CalcMethod(d.method)) if d.method in set(CalcMethod) else None
    if spec is None:
        say("method", f"нет такого способа расчёта: «{d.method}»")
    if d.resource is not None and d.resource not in set(Resource):
        say("resource", f"нет такого ресурса: «{d.resource}»")
    if d.norm_base is not None and d.norm_base not in set(NormBase):
        say("norm_base", f"нет такой базы норматива: «{d.norm_base}»")
    if d.penalty_kind not in set(PenaltyKind):
        say("penalty_kind", f"нет такого вида пеней: «{d.penalty_kind}»")
    if spec is not None:
        if Need.METERS in spec.needs and d.resource is None:
            say("resource", f"нужен: «{spec.title}» — показания приборов какого ресурса")
        if Source.NORM in spec.sources and d.norm_base is None:
            say("norm_base", f"нужен: «{spec.title}» считает по нормативу — на человека или "
                             "на м²")
    if not 1 <= d.zones <= MAX_ZONES:
        say("zones", f"от 1 до {MAX_ZONES}")
    elif d.zones > 1 and d.method != CalcMethod.METERED:
        say("zones", "несколько зон бывает только у услуги по прибору учёта")
    for name in ("permitted_hours_month", "permitted_hours_once"):
        value = getattr(d, name)
        if value is not None and not 0 <= value <= MAX_HOURS:
            say(name, f"от 0 до {MAX_HOURS}")
    if (d.permitted_hours_once or 0) > (d.permitted_hours_month or MAX_HOURS):
        say("permitted_hours_once", "больше, чем за месяц")
    problems += length_problems(Service, {n: getattr(d, n) for n in ("code", "name", "unit")},
                                TITLES)
    return problems


@reports(Change.REFERENCE | Change.TARIFFS)
def save_service(db: Database, actor: Actor, d: ServiceData) -> ServiceData:
    """Create (`d.id` None) or change a service as read at `d.version`."""
    actor.require(Right.ADMIN)
    values = {n: getattr(d, n) for n in _FIELDS}
    for name in ("code", "name", "unit"):
        values[name] = clean_text(values[name]) or ""
    d = ServiceData(**values, id=d.id, version=d.version)
    problems = service_problems(d)
    if problems:
        raise InvalidInput(problems, "Услуга не сохранена")
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        if d.id is None:
            if s.scalar(select(Service.id).where(Service.code == d.code)) is not None:
                raise InvalidInput([Problem("Код", f"услуга с кодом «{d.code}» уже есть")],
                                   "Услуга не сохранена")
            row = Service()
        else:
            row = load_versioned(s, Service, d.id, d.version,
                                 f"Услуга №{d.id} не найдена: возможно, её удалили")
            if row.code != d.code:
                raise InvalidInput([Problem("Код", (
                    f"код услуги «{row.code}» не меняется: по нему её находят загрузки, "
                    "тарифы и отчёты"))], "Услуга не сохранена")
        store(tx, row, d, _FIELDS, "service")
        return _data(row)
