"""registration.account_id: residents of a communal flat's room

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


def upgrade() -> None:
    # batch: SQLite adds a foreign key only by rebuilding the table; PostgreSQL alters in place
    with op.batch_alter_table("registration") as batch:
        batch.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_registration_account_id_account", "account",
                                 ["account_id"], ["id"])
        batch.create_index("ix_registration_account_id", ["account_id"])


def downgrade() -> None:
    with op.batch_alter_table("registration") as batch:
        batch.drop_index("ix_registration_account_id")
        batch.drop_constraint("fk_registration_account_id_account", type_="foreignkey")
        batch.drop_column("account_id")
