"""users: lockout after failed logins, last login; custom roles composed from rights

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from app.models.base import UtcDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_logins", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.add_column(sa.Column("locked_until", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_login_at", UtcDateTime(), nullable=True))
    op.create_table(
        "custom_role",
        sa.Column("name", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_custom_role")),
        sa.UniqueConstraint("title", name=op.f("uq_custom_role_title")),
    )
    op.create_table(
        "custom_role_right",
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("right", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["role"], ["custom_role.name"], ondelete="CASCADE",
                                name=op.f("fk_custom_role_right_role_custom_role")),
        sa.PrimaryKeyConstraint("role", "right", name=op.f("pk_custom_role_right")),
    )


def downgrade() -> None:
    op.drop_table("custom_role_right")
    op.drop_table("custom_role")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
