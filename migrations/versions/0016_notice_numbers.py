"""debt notices numbered per kind and year (the journal of printed notices and warnings)

Revision ID: 0016
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("debt_notice") as batch:
        batch.add_column(sa.Column("number", sa.String(30), nullable=True))
        batch.create_unique_constraint("uq_debt_notice_number", ["number"])


def downgrade() -> None:
    with op.batch_alter_table("debt_notice") as batch:
        batch.drop_constraint("uq_debt_notice_number", type_="unique")
        batch.drop_column("number")
