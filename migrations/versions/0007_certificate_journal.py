"""certificate_issue: the journal of issued certificates (number, date, kind, account, who, to whom)

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificate_issue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("issued_by_name", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("created_at", app.models.base.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name=op.f("fk_certificate_issue_account_id_account")),
        sa.ForeignKeyConstraint(["issued_by_id"], ["app_user.id"],
                                name=op.f("fk_certificate_issue_issued_by_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_issue")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_certificate_issue_year_seq")),
    )
    op.create_index(op.f("ix_certificate_issue_account_id"), "certificate_issue",
                    ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_certificate_issue_account_id"), table_name="certificate_issue")
    op.drop_table("certificate_issue")
