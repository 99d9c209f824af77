"""penalty_rule: the federal penalty rules with dates, the key rate history from 2016;
under_supply_act, claim: acts of interruption or poor quality and citizens' claims

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "penalty_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=True),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("debts_due_before", sa.Date(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_penalty_rule")),
    )
    op.create_table(
        "under_supply_act",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("degrees_below", sa.BigInteger(), nullable=True),
        sa.Column("document", sa.String(length=300), nullable=True),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name=op.f("fk_under_supply_act_account_id_account")),
        sa.ForeignKeyConstraint(["building_id"], ["building.id"],
                                name=op.f("fk_under_supply_act_building_id_building")),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"],
                                name=op.f("fk_under_supply_act_service_id_service")),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"],
                                name=op.f("fk_under_supply_act_user_id_app_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_under_supply_act")),
    )
    op.create_index("ix_under_supply_act_account_id", "under_supply_act", ["account_id"])
    op.create_index("ix_under_supply_act_building_id", "under_supply_act", ["building_id"])
    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("applicant", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("act_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name=op.f("fk_claim_account_id_account")),
        sa.ForeignKeyConstraint(["act_id"], ["under_supply_act.id"],
                                name=op.f("fk_claim_act_id_under_supply_act")),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"],
                                name=op.f("fk_claim_service_id_service")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
    )
    op.create_index("ix_claim_account_id", "claim", ["account_id"])
    from app.penalties.federal import seed

    seed(op.get_bind())


def downgrade() -> None:
    op.drop_table("claim")
    op.drop_table("under_supply_act")
    op.drop_table("penalty_rule")
