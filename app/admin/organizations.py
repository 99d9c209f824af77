"""Organisations a settlement centre works with — management companies, suppliers, banks,
payment agents — with their requisites: list, create, edit (optimistic version), audited.

Requisites are checked where a check digit or key is defined (`app.calc.requisites`): ИНН, ОГРН,
the settlement and correspondent accounts against the БИК; all problems are reported together.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from sqlalchemy import select

from app import titles
from app.admin.versioned import clean_text, length_problems, load_versioned, store
from app.calc import requisites as req
from app.changes import Change, reports
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import Organization
from app.models.enums import OrgKind
from app.rights import Actor, Right
from app.usecase import transaction

TITLES = {"kind": "Вид", "name": "Полное наименование", "short_name": "Краткое наименование",
          "inn": "ИНН", "kpp": "КПП", "ogrn": "ОГРН", "address": "Адрес", "phone": "Телефон",
          "email": "Эл. почта", "bank_name": "Банк", "bik": "БИК",
          "settlement_account": "Расчётный счёт", "corr_account": "Корр. счёт",
          "dispatcher_phone": "Телефон диспетчерской"}


@dataclass(frozen=True)
class OrganizationData:
    """An organisation as a form holds it; `id` None for a new one, `version` as read."""

    kind: str
    name: str
    short_name: str
    inn: str
    kpp: str | None = None
    ogrn: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    bank_name: str | None = None
    bik: str | None = None
    settlement_account: str | None = None
    corr_account: str | None = None
    dispatcher_phone: str | None = None
    id: int | None = None
    version: int | None = None

    @property
    def kind_title(self) -> str:
        return titles.ORG_KIND.get(self.kind, self.kind)


_FIELDS = tuple(f.name for f in fields(OrganizationData) if f.name not in ("id", "version"))
_DIGITS_ONLY = ("inn", "ogrn", "bik", "settlement_account", "corr_account")


def _row(o: Organization) -> OrganizationData:
    return OrganizationData(**{name: getattr(o, name) for name in _FIELDS}, id=o.id,
                            version=o.version)


def list_organizations(db: Database, actor: Actor, kind: str | None = None
                       ) -> list[OrganizationData]:
    actor.require(Right.ADMIN)
    q = select(Organization).order_by(Organization.kind, Organization.short_name, Organization.id)
    if kind is not None:
        q = q.where(Organization.kind == kind)
    with db.session() as s:
        return [_row(o) for o in s.scalars(q)]


def normalized(data: OrganizationData) -> OrganizationData:
    """Spaces collapsed; in numbers, spaces and dashes dropped («40702 810 …»)."""
    values: dict[str, Any] = {name: clean_text(getattr(data, name)) for name in _FIELDS}
    for name in _DIGITS_ONLY:
        if values[name]:
            values[name] = values[name].replace(" ", "").replace("-", "")
    if values["kpp"]:
        values["kpp"] = values["kpp"].replace(" ", "").upper()
    return replace(data, **values)


def organization_problems(data: OrganizationData) -> list[Problem]:
    """Everything wrong with a (normalized) organisation, in the form's words."""
    problems: list[Problem] = []

    def check(name: str, reason: str | None) -> None:
        if reason:
            problems.append(Problem(TITLES[name], reason))

    if data.kind not in set(OrgKind):
        check("kind", f"нет такого вида организации: «{data.kind}»")
    for name in ("name", "short_name", "inn"):
        if not getattr(data, name):
            check(name, "не заполнено")
    if data.inn:
        check("inn", req.inn_problem(data.inn))
    if data.kpp:
        check("kpp", req.kpp_problem(data.kpp))
    if data.ogrn:
        check("ogrn", req.ogrn_problem(data.ogrn))
    if data.bik:
        check("bik", req.bik_problem(data.bik))
    if (data.settlement_account or data.corr_account) and not data.bik:
        check("bik", "нужен, чтобы проверить счета")
    if data.settlement_account:
        check("settlement_account", req.settlement_account_problem(data.bik or "",
                                                                   data.settlement_account))
    if data.corr_account:
        check("corr_account", req.corr_account_problem(data.bik or "", data.corr_account))
    if data.email and ("@" not in data.email or " " in data.email):
        check("email", "адрес вида name@example.ru")
    problems += length_problems(Organization, {n: getattr(data, n) for n in _FIELDS}, TITLES)
    return problems


@reports(Change.REFERENCE)
def save_organization(db: Database, actor: Actor, data: OrganizationData) -> OrganizationData:
    """Create (`data.id` None) or change an organisation as read at `data.version`: a record
    changed meanwhile is a Conflict and nothing is written. Returns it as saved."""
    actor.require(Right.ADMIN)
    data = normalized(data)
    problems = organization_problems(data)
    if problems:
        raise InvalidInput(problems, "Организация не сохранена")
    with transaction(db, actor, Right.ADMIN) as tx:
        s = tx.session
        row = Organization() if data.id is None else load_versioned(
            s, Organization, data.id, data.version,
            f"Организация №{data.id} не найдена: возможно, её удалили")
        same_inn = s.scalar(select(Organization.short_name).where(
            Organization.inn == data.inn, Organization.kpp.is_(None) if data.kpp is None
            else Organization.kpp == data.kpp, Organization.id != (data.id or 0)))
        if same_inn is not None:
            raise InvalidInput([Problem("ИНН", f"такие ИНН и КПП уже у организации «{same_inn}»")],
                               "Организация не сохранена")
        store(tx, row, data, _FIELDS, "organization")
        return _row(row)
