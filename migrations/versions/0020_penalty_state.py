"""what the monthly penalty posting keeps of each account through the last closed period

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "penalty_state",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("account.id"), primary_key=True),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("rules", sa.String(32), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("penalty_state")
