"""debtor work: repayment agreements with instalments, court cases with events, debt notices

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _stamp() -> sa.types.TypeEngine:
    from app.models.base import UtcDateTime

    return UtcDateTime()


def upgrade() -> None:
    op.create_table(
        "repayment_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("debt", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _stamp(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("debt > 0", name="ck_repayment_agreement_debt_positive"),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name="fk_repayment_agreement_account_id_account"),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name="fk_repayment_agreement_created_by_id_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_repayment_agreement"),
    )
    op.create_index("ix_repayment_agreement_account_id", "repayment_agreement", ["account_id"])
    op.create_table(
        "agreement_instalment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_agreement_instalment_amount_positive"),
        sa.ForeignKeyConstraint(["agreement_id"], ["repayment_agreement.id"],
                                name="fk_agreement_instalment_agreement_id_repayment_agreement"),
        sa.PrimaryKeyConstraint("id", name="pk_agreement_instalment"),
    )
    op.create_index("ix_agreement_instalment_agreement_id", "agreement_instalment",
                    ["agreement_id"])
    op.create_table(
        "court_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(24), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("period_from", sa.Integer(), nullable=False),
        sa.Column("period_to", sa.Integer(), nullable=False),
        sa.Column("debt_claimed", sa.BigInteger(), nullable=False),
        sa.Column("penalty_claimed", sa.BigInteger(), nullable=False),
        sa.Column("state_duty", sa.BigInteger(), nullable=False),
        sa.Column("recovered", sa.BigInteger(), nullable=False),
        sa.Column("court", sa.String(200), nullable=True),
        sa.Column("case_number", sa.String(60), nullable=True),
        sa.Column("next_action_on", sa.Date(), nullable=True),
        sa.Column("next_action", sa.String(300), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _stamp(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("period_from <= period_to", name="ck_court_case_periods_in_order"),
        sa.CheckConstraint("debt_claimed >= 0 AND penalty_claimed >= 0 AND state_duty >= 0 "
                           "AND recovered >= 0", name="ck_court_case_amounts_not_negative"),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name="fk_court_case_account_id_account"),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name="fk_court_case_created_by_id_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_court_case"),
    )
    op.create_index("ix_court_case_account_id", "court_case", ["account_id"])
    op.create_index("ix_court_case_next_action_on", "court_case", ["next_action_on"])
    op.create_table(
        "court_case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(24), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("document", sa.String(300), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["court_case.id"],
                                name="fk_court_case_event_case_id_court_case"),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"],
                                name="fk_court_case_event_user_id_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_court_case_event"),
    )
    op.create_index("ix_court_case_event_case_id", "court_case_event", ["case_id"])
    op.create_table(
        "debt_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("debt", sa.BigInteger(), nullable=False),
        sa.Column("penalty", sa.BigInteger(), nullable=False),
        sa.Column("services", sa.String(300), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("delivery_way", sa.String(24), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _stamp(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name="fk_debt_notice_account_id_account"),
        sa.ForeignKeyConstraint(["created_by_id"], ["app_user.id"],
                                name="fk_debt_notice_created_by_id_app_user"),
        sa.PrimaryKeyConstraint("id", name="pk_debt_notice"),
    )
    op.create_index("ix_debt_notice_account_id", "debt_notice", ["account_id"])


def downgrade() -> None:
    for table in ("debt_notice", "court_case_event", "court_case", "agreement_instalment",
                  "repayment_agreement"):
        op.drop_table(table)
