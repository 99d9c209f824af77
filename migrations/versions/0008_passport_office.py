"""Passport office: citizenship and the document's division code of a person; the reason and
document of a registration and of its end, who made and ended it; the queue of recalculations
that changes dated in closed periods wait in

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_USER_FKS = ("created_by_id", "ended_by_id")


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("citizenship", sa.String(60), nullable=True))
        batch.add_column(sa.Column("doc_code", sa.String(7), nullable=True))
    # batch: SQLite adds foreign keys only by rebuilding the table; PostgreSQL alters in place
    with op.batch_alter_table("registration") as batch:
        batch.add_column(sa.Column("reason", sa.String(200), nullable=True))
        batch.add_column(sa.Column("document", sa.String(300), nullable=True))
        batch.add_column(sa.Column("departure_reason", sa.String(200), nullable=True))
        batch.add_column(sa.Column("departure_document", sa.String(300), nullable=True))
        batch.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("ended_by_id", sa.Integer(), nullable=True))
        for column in _USER_FKS:
            batch.create_foreign_key(f"fk_registration_{column}_app_user", "app_user",
                                     [column], ["id"])
    op.create_table(
        "recalc_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("from_period", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name="fk_recalc_request_account_id_account"),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name="fk_recalc_request_created_by_id_app_user"),
        sa.ForeignKeyConstraint(["done_by_id"], ["app_user.id"],
                                name="fk_recalc_request_done_by_id_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_recalc_request"),
    )
    op.create_index("ix_recalc_request_account_id", "recalc_request", ["account_id"])
    op.create_index("ix_recalc_request_done_at", "recalc_request", ["done_at"])


def downgrade() -> None:
    op.drop_index("ix_recalc_request_done_at", "recalc_request")
    op.drop_index("ix_recalc_request_account_id", "recalc_request")
    op.drop_table("recalc_request")
    with op.batch_alter_table("registration") as batch:
        for column in _USER_FKS:
            batch.drop_constraint(f"fk_registration_{column}_app_user", type_="foreignkey")
        for column in ("ended_by_id", "ended_at", "created_by_id", "created_at",
                       "departure_document", "departure_reason", "document", "reason"):
            batch.drop_column(column)
    with op.batch_alter_table("person") as batch:
        batch.drop_column("doc_code")
        batch.drop_column("citizenship")
