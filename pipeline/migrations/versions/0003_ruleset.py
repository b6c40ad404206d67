"""The rule-set version (hash of the effective campaign.toml) behind each verdict, and each pass's kind.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("ruleset", sa.String(16)))
    with op.batch_alter_table("passes") as batch:
        batch.add_column(sa.Column("kind", sa.String(12), nullable=False, server_default="intake"))
        batch.add_column(sa.Column("ruleset", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("passes") as batch:
        batch.drop_column("ruleset")
        batch.drop_column("kind")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("ruleset")
