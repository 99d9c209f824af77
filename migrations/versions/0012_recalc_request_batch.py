"""recalc_request.batch: the retroactive recalculation that worked a request

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recalc_request") as t:
        t.add_column(sa.Column("batch", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("recalc_request") as t:
        t.drop_column("batch")
