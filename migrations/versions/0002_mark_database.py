"""mark the database as Kvartal's

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_meta = sa.table("app_meta", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    op.bulk_insert(_meta, [{"key": "app", "value": "kvartal"}])


def downgrade() -> None:
    op.execute(_meta.delete().where(_meta.c.key == "app"))
