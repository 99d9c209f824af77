"""money transferred on to suppliers (payment orders), for the supplier report's remainder

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "supplier_transfer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("supplier_id", sa.Integer(), sa.ForeignKey("organization.id"), nullable=False),
        sa.Column("transferred_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("document", sa.String(60), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.UniqueConstraint("supplier_id", "document"),
    )
    op.create_index(op.f("ix_supplier_transfer_supplier_id"), "supplier_transfer",
                    ["supplier_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_supplier_transfer_supplier_id"), table_name="supplier_transfer")
    op.drop_table("supplier_transfer")
