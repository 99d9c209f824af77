"""The audit log read back: filters by user, dates, object and action; values before and after;
the workbook holds what the screen shows, text stays text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.admin.audit_log import (
    AuditFilter,
    audit_choices,
    audit_entries,
    write_audit_xlsx,
)
from app.admin.organizations import save_organization
from app.auth.login import login
from app.db import Database
from app.errors import AccessDenied, InvalidInput
from tests.admin.test_organizations import CASHIER, supplier
from tests.factories import make_user


@pytest.fixture
def logged(db: Database) -> Database:
    """Two administrators, each saving an organisation; one then edits hers."""
    make_user(db, "anna", ["admin"], password="пароль-1")
    make_user(db, "boris", ["admin"], password="пароль-1")
    anna, boris = login(db, "anna", "пароль-1"), login(db, "boris", "пароль-1")
    first = save_organization(db, anna, supplier())
    save_organization(db, boris, supplier(short_name="=HYPERLINK(\"x\")", kpp="773602001"))
    save_organization(db, anna, replace(first, phone="+7 343 000-00-01"))
    return db


def admin(db: Database):
    return login(db, "anna", "пароль-1")


def test_every_entry_newest_first_with_its_user(logged: Database) -> None:
    rows = [r for r in audit_entries(logged, admin(logged), AuditFilter())
            if r.entity == "organization"]
    assert [r.action for r in rows] == ["organization.update", "organization.create",
                                        "organization.create"]
    assert rows[0].user.startswith("anna (") and rows[1].user.startswith("boris (")


def test_filter_by_user_object_and_action(logged: Database) -> None:
    actor = admin(logged)
    choices = audit_choices(logged, actor)
    boris_id = next(i for i, name in choices.users if name.startswith("boris"))
    assert "organization" in choices.entities and "organization.update" in choices.actions
    by_boris = audit_entries(logged, actor, AuditFilter(user_id=boris_id))
    assert {r.user for r in by_boris} == {next(n for i, n in choices.users if i == boris_id)}
    updates = audit_entries(logged, actor, AuditFilter(action="organization.update"))
    assert len(updates) == 1
    creates = audit_entries(logged, actor, AuditFilter(entity="organization",
                                                       action="organization."))
    assert len(creates) == 3
    one = audit_entries(logged, actor, AuditFilter(entity="organization",
                                                   entity_id=updates[0].entity_id))
    assert [r.action for r in one] == ["organization.update", "organization.create"]


def test_the_changed_fields_with_before_and_after(logged: Database) -> None:
    [update] = audit_entries(logged, admin(logged), AuditFilter(action="organization.update"))
    [diff] = update.differences
    assert (diff.field, diff.before, diff.after) == ("phone", None, "+7 343 000-00-01")
    assert update.summary == "Телефон: — → +7 343 000-00-01"


def test_filter_by_dates(logged: Database) -> None:
    actor, today = admin(logged), date.today()
    assert len(audit_entries(logged, actor, AuditFilter(date_from=today, date_to=today))) >= 3
    assert audit_entries(logged, actor, AuditFilter(date_to=today - timedelta(days=1))) == []
    assert audit_entries(logged, actor, AuditFilter(date_from=today + timedelta(days=1))) == []
    with pytest.raises(InvalidInput, match="позже"):
        audit_entries(logged, actor, AuditFilter(date_from=today, date_to=today - timedelta(1)))


def test_the_workbook_holds_the_rows_and_text_stays_text(logged: Database, tmp_path: Path
                                                        ) -> None:
    rows = audit_entries(logged, admin(logged), AuditFilter(entity="organization"))
    path = write_audit_xlsx(rows, tmp_path / "audit.xlsx", "все записи")
    ws = load_workbook(path).active
    assert ws is not None
    assert ws["A1"].value == "Журнал аудита" and ws["C3"].value == "Пользователь"
    assert [ws.cell(4 + i, 4).value for i in range(3)] == [r.action for r in rows]
    assert ws["G4"].value == "Телефон: — → +7 343 000-00-01"
    created_by_boris = next(i for i, r in enumerate(rows) if r.user.startswith("boris"))
    after = ws.cell(4 + created_by_boris, 9)
    assert after.data_type == "s" and "=HYPERLINK" in str(after.value)


def test_only_an_administrator_reads_the_log(logged: Database) -> None:
    with pytest.raises(AccessDenied):
        audit_entries(logged, CASHIER, AuditFilter())


def test_the_command_filters_by_login_and_writes_json_and_a_workbook(
        sqlite_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from app.cli import main

    make_user(sqlite_db, "anna", ["admin"], password="пароль-1")
    anna = login(sqlite_db, "anna", "пароль-1")
    first = save_organization(sqlite_db, anna, supplier())
    save_organization(sqlite_db, anna, replace(first, phone="+7 343 000-00-01"))
    url = f"sqlite:///{sqlite_db.engine.url.database}"
    assert main(["audit", "--db", url, "--by", "anna", "--action", "organization.",
                 "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows] == ["organization.update", "organization.create"]
    assert rows[0]["before"]["phone"] is None and rows[0]["after"]["phone"] == "+7 343 000-00-01"
    assert main(["audit", "--db", url, "--by", "system", "--entity", "organization"]) == 0
    assert capsys.readouterr().out.strip() == "Записей: 0"
    assert main(["audit", "--db", url, "--xlsx", str(tmp_path / "a.xlsx")]) == 0
    assert load_workbook(tmp_path / "a.xlsx").active.max_row >= 3 + 3
    assert main(["audit", "--db", url, "--from", "31.02.2026"]) == 2
