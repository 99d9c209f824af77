"""shift totals from payments: the running totals stored on cash_shift dropped (the shift's
payments are the one source; reports and the desk compute them)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cash_shift") as batch:
        batch.drop_column("cash_total")
        batch.drop_column("card_total")
        batch.drop_column("payments")


def downgrade() -> None:
    with op.batch_alter_table("cash_shift") as batch:
        batch.add_column(sa.Column("cash_total", sa.BigInteger(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("card_total", sa.BigInteger(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("payments", sa.Integer(), server_default="0",
                                   nullable=False))
