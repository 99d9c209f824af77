"""CHECK constraints: spans of dates in order, no negative quantities, shares within the whole

Revision ID: 0004
Revises: 0003

Before the constraints are added, rows the demo generator of earlier versions could write and
that never were in force are removed, each with an audit entry: a registration that ends before
it starts (a child born after the household had left), a meter removed before it was installed
(installed after the flat was sold) with its readings. Any other row that breaks a rule stops
the upgrade with its table and ids — nothing is changed, and the data stays to be corrected.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SPAN = "date_to IS NULL OR date_to >= date_from"

# table → (constraint name without the ck_<table>_ prefix, SQL); the same as app/models/checks
CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    "building": (("areas_not_negative",
                  "total_area >= 0 AND living_area >= 0 AND common_area >= 0"),),
    "premise": (("areas_not_negative",
                 "total_area >= 0 AND (living_area IS NULL OR living_area >= 0)"),),
    "account": (("dates_in_order", "closed_on IS NULL OR closed_on >= opened_on"),
                ("area_not_negative", "area IS NULL OR area >= 0")),
    "account_service": (("dates_in_order", _SPAN),),
    "contract": (("dates_in_order", _SPAN),),
    "tariff": (("dates_in_order", _SPAN), ("value_not_negative", "value >= 0")),
    "norm": (("dates_in_order", _SPAN), ("value_not_negative", "value >= 0")),
    "key_rate": (("rate_not_negative", "rate >= 0"),),
    "rule_parameter": (("dates_in_order", _SPAN),),
    "ownership": (("dates_in_order", _SPAN),
                  ("share_within_whole",
                   "share_num >= 1 AND share_den >= 1 AND share_num <= share_den")),
    "registration": (("dates_in_order", _SPAN),),
    "absence": (("dates_in_order", "date_to >= date_from"),),
    "meter": (("removed_after_installed", "removed_on IS NULL OR removed_on >= installed_on"),
              ("verification_dates_in_order",
               "next_verification IS NULL OR verified_on IS NULL "
               "OR next_verification >= verified_on"),
              ("counts_positive",
               "zones >= 1 AND digits >= 1 AND "
               "(verification_interval_years IS NULL OR verification_interval_years >= 1)")),
    "reading": (("value_not_negative", "value >= 0"),),
}

_audit = sa.table("audit_entry", sa.column("at", sa.DateTime), sa.column("action", sa.String),
                  sa.column("entity", sa.String), sa.column("entity_id", sa.String),
                  sa.column("before", sa.JSON))


def upgrade() -> None:
    conn = op.get_bind()
    _remove_never_in_force(conn)
    _refuse_other_violations(conn)
    for table, checks in CHECKS.items():
        # SQLite adds a CHECK only by rebuilding the table (env.py holds foreign keys off while
        # it does); PostgreSQL adds it in place, checking the rows already there
        with op.batch_alter_table(table) as batch:
            for name, sql in checks:
                batch.create_check_constraint(op.f(f"ck_{table}_{name}"), sa.text(sql))


def downgrade() -> None:
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for name, _sql in checks:
                batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")


def _remove_never_in_force(conn: sa.Connection) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)

    def audit(entity: str, row: sa.Row) -> None:
        before = {k: None if v is None else str(v) for k, v in row._mapping.items()}
        conn.execute(_audit.insert().values(at=now, action="migration.0004.remove",
                                            entity=entity, entity_id=str(row.id),
                                            before=before))

    for row in conn.execute(sa.text(
            "SELECT id, person_id, premise_id, date_from, date_to FROM registration "
            "WHERE date_to < date_from")).all():
        audit("registration", row)
        conn.execute(sa.text("DELETE FROM registration WHERE id = :id"), {"id": row.id})
    for row in conn.execute(sa.text(
            "SELECT id, account_id, serial, installed_on, removed_on FROM meter "
            "WHERE removed_on < installed_on AND id NOT IN "
            "(SELECT replaced_by_id FROM meter WHERE replaced_by_id IS NOT NULL)")).all():
        audit("meter", row)
        conn.execute(sa.text("DELETE FROM reading WHERE meter_id = :id"), {"id": row.id})
        conn.execute(sa.text("DELETE FROM meter WHERE id = :id"), {"id": row.id})


def _refuse_other_violations(conn: sa.Connection) -> None:
    found = []
    for table, checks in CHECKS.items():
        for name, sql in checks:
            ids = [r[0] for r in conn.execute(sa.text(
                f"SELECT id FROM {table} WHERE NOT ({sql}) ORDER BY id LIMIT 20"))] \
                if table != "key_rate" else [r[0] for r in conn.execute(sa.text(
                    f"SELECT date_from FROM key_rate WHERE NOT ({sql}) LIMIT 20"))]
            if ids:
                found.append(f"{table} ({name}): {', '.join(str(i) for i in ids)}")
    if found:
        from app.errors import DatabaseProblem

        raise DatabaseProblem(
            "Обновление схемы не выполнено, ничего не изменено: в базе есть записи, "
            "нарушающие правила (даты окончания раньше начала, отрицательные количества, "
            "доли больше целого) — исправьте их в прежней версии программы:\n"
            + "\n".join(f"• {line}" for line in found))
