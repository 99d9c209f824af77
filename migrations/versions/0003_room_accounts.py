"""registration.account_id, ownership.account_id: residents and owners of a communal flat's room

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


TABLES = ("registration", "ownership")


def upgrade() -> None:
    # batch: SQLite adds a foreign key only by rebuilding the table; PostgreSQL alters in place
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(f"fk_{table}_account_id_account", "account",
                                     ["account_id"], ["id"])
            batch.create_index(f"ix_{table}_account_id", ["account_id"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_account_id")
            batch.drop_constraint(f"fk_{table}_account_id_account", type_="foreignkey")
            batch.drop_column("account_id")
