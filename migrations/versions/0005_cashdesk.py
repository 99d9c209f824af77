"""Cash desk: shift float, receipt numbering and drawer count; cash in/out; cancellations and
refunds of payments; the fiscal documents queue

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cash_shift") as batch:
        batch.add_column(sa.Column("opening_cash", sa.BigInteger(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("last_receipt", sa.Integer(), server_default="0",
                                   nullable=False))
        batch.add_column(sa.Column("expected_cash", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("counted_cash", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("counted", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("difference_reason", sa.String(length=300), nullable=True))
    with op.batch_alter_table("payment") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=24), server_default="payment",
                                   nullable=False))
        batch.add_column(sa.Column("refund_of_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("tendered", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("cancelled_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("cancelled_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_payment_refund_of_id_payment", "payment",
                                 ["refund_of_id"], ["id"])
        batch.create_foreign_key("fk_payment_cancelled_by_id_app_user", "app_user",
                                 ["cancelled_by_id"], ["id"])
    op.create_table(
        "cash_move",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name=op.f("fk_cash_move_created_by_id_app_user")),
        sa.ForeignKeyConstraint(["shift_id"], ["cash_shift.id"],
                                name=op.f("fk_cash_move_shift_id_cash_shift")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_move")),
    )
    op.create_index(op.f("ix_cash_move_shift_id"), "cash_move", ["shift_id"])
    op.create_table(
        "fiscal_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("fiscal_sign", sa.String(length=40), nullable=True),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"],
                                name=op.f("fk_fiscal_document_payment_id_payment")),
        sa.ForeignKeyConstraint(["shift_id"], ["cash_shift.id"],
                                name=op.f("fk_fiscal_document_shift_id_cash_shift")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fiscal_document")),
    )
    op.create_index(op.f("ix_fiscal_document_shift_id"), "fiscal_document", ["shift_id"])
    op.create_index(op.f("ix_fiscal_document_payment_id"), "fiscal_document", ["payment_id"])
    op.create_index(op.f("ix_fiscal_document_status"), "fiscal_document", ["status"])


def downgrade() -> None:
    op.drop_table("fiscal_document")
    op.drop_table("cash_move")
    with op.batch_alter_table("payment") as batch:
        batch.drop_constraint("fk_payment_cancelled_by_id_app_user", type_="foreignkey")
        batch.drop_constraint("fk_payment_refund_of_id_payment", type_="foreignkey")
        for col in ("cancelled_by_id", "cancelled_at", "reason", "tendered", "refund_of_id",
                    "kind"):
            batch.drop_column(col)
    with op.batch_alter_table("cash_shift") as batch:
        for col in ("difference_reason", "counted", "counted_cash", "expected_cash",
                    "last_receipt", "opening_cash"):
            batch.drop_column(col)
