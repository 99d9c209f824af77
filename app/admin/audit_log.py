"""The audit log read back: who did what, when, to which record, with the values before and
after — filtered by user, date range, object and action, and saved to Excel.

The query lives here, not in the screen: `kvartal`-side code and tests call `audit_entries`
as the viewer does. Dates are the operator's local days; entries are stored in UTC.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from app.admin.organizations import TITLES as ORGANIZATION_TITLES
from app.db import Database
from app.errors import InvalidInput, Problem
from app.models import AuditEntry, User
from app.rights import Actor, Right
from app.xlsx import save, write_row

LIMIT = 5000  # newest first; a wider search is narrowed by the filter


@dataclass(frozen=True)
class AuditFilter:
    user_id: int | None = None
    login: str | None = None  # the user by login (the command line names users so)
    system: bool = False  # entries with no user: commands, imports, batch jobs
    date_from: date | None = None
    date_to: date | None = None
    entity: str | None = None  # "organization", "tariff", …
    entity_id: str | None = None
    action: str | None = None  # exact ("organization.update") or a prefix ending in "."


# the fields of audited records as the forms name them; a field not here shows its code
FIELD_TITLES: dict[str, str] = {
    **ORGANIZATION_TITLES,
    "login": "Логин", "full_name": "ФИО", "roles": "Роли", "active": "Активен",
    "value": "Значение", "date_from": "Действует с", "date_to": "Действует по",
    "number": "Номер", "status": "Состояние", "opened_on": "Открыт", "closed_on": "Закрыт",
    "area": "Площадь", "payer_name": "Плательщик", "method": "Способ расчёта",
    "unit": "Единица", "code": "Код", "path": "Файл", "size": "Размер", "at": "Время",
}


@dataclass(frozen=True)
class Difference:
    field: str
    before: Any
    after: Any

    @property
    def title(self) -> str:
        return FIELD_TITLES.get(self.field, self.field)


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # local time
    user: str  # «login (Full Name)», «система» for none
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def differences(self) -> list[Difference]:
        """The fields whose value changed (all of them for a creation or a removal)."""
        before, after = self.before or {}, self.after or {}
        names = list(dict.fromkeys([*before, *after]))
        return [Difference(n, before.get(n), after.get(n)) for n in names
                if before.get(n) != after.get(n)]

    @property
    def summary(self) -> str:
        return "; ".join(f"{d.title}: {value_text(d.before)} → {value_text(d.after)}"
                         for d in self.differences)


@dataclass(frozen=True)
class AuditChoices:
    users: list[tuple[int, str]]
    entities: list[str]
    actions: list[str]


def value_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _local_bound(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()


def filter_problems(f: AuditFilter) -> list[Problem]:
    if f.date_from and f.date_to and f.date_from > f.date_to:
        return [Problem("Даты", f"«с» {f.date_from:%d.%m.%Y} позже «по» {f.date_to:%d.%m.%Y}")]
    return []


def audit_entries(db: Database, actor: Actor, f: AuditFilter, limit: int = LIMIT
                  ) -> list[AuditRow]:
    """The entries matching `f`, newest first, at most `limit`."""
    actor.require(Right.ADMIN)
    problems = filter_problems(f)
    if problems:
        raise InvalidInput(problems, "Журнал не показан")
    q = (select(AuditEntry, User.login, User.full_name)
         .outerjoin(User, User.id == AuditEntry.user_id)
         .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    if f.system:
        q = q.where(AuditEntry.user_id.is_(None))
    elif f.user_id is not None:
        q = q.where(AuditEntry.user_id == f.user_id)
    elif f.login is not None:
        q = q.where(User.login == f.login)
    if f.date_from is not None:
        q = q.where(AuditEntry.at >= _local_bound(f.date_from))
    if f.date_to is not None:
        q = q.where(AuditEntry.at < _local_bound(f.date_to + timedelta(days=1)))
    if f.entity:
        q = q.where(AuditEntry.entity == f.entity)
    if f.entity_id:
        q = q.where(AuditEntry.entity_id == f.entity_id.strip())
    if f.action:
        q = q.where(AuditEntry.action.startswith(f.action, autoescape=True)
                    if f.action.endswith(".") else AuditEntry.action == f.action)
    with db.session() as s:
        return [AuditRow(id=e.id, at=e.at.astimezone(),
                         user=f"{login} ({name})" if login else "система",
                         action=e.action, entity=e.entity, entity_id=e.entity_id,
                         before=e.before, after=e.after)
                for e, login, name in s.execute(q)]


def audit_choices(db: Database, actor: Actor) -> AuditChoices:
    """What the filter offers: users, and the objects and actions that occur in the log."""
    actor.require(Right.ADMIN)
    with db.session() as s:
        users = [(i, f"{login} ({name})") for i, login, name in
                 s.execute(select(User.id, User.login, User.full_name).order_by(User.login))]
        entities = list(s.scalars(select(AuditEntry.entity).distinct()))
        actions = list(s.scalars(select(AuditEntry.action).distinct()))
    return AuditChoices(users=users, entities=sorted(entities), actions=sorted(actions))


HEADERS = ("№", "Когда", "Пользователь", "Действие", "Объект", "Код объекта", "Что изменилось",
           "До", "После")


def write_audit_xlsx(rows: list[AuditRow], path: Path, subtitle: str = "") -> Path:
    """The rows as a workbook: one line per entry, the changed fields and the full values."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Журнал аудита"
    write_row(ws, ["Журнал аудита"])
    write_row(ws, [subtitle])
    write_row(ws, list(HEADERS))
    for r in rows:
        write_row(ws, [r.id, r.at.replace(tzinfo=None), r.user, r.action, r.entity,
                       r.entity_id or "", r.summary, value_text(r.before), value_text(r.after)])
    for column, width in zip("ABCDEFGHI", (8, 18, 28, 24, 16, 12, 60, 40, 40), strict=True):
        ws.column_dimensions[column].width = width
    for cell in ws["B"][3:]:
        cell.number_format = "DD.MM.YYYY HH:MM:SS"
    ws.freeze_panes = "A4"
    return save(wb, Path(path))
