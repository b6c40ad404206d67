"""Resubmissions as versions: each document's series (branch and kind), its version number and whether it is
the current one; and the extraction key its record was made under (the nightly run re-reads a document only
when that key changed).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("series", sa.Text()))
        batch.add_column(sa.Column("version", sa.Integer()))
        batch.add_column(sa.Column("current", sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column("extraction", sa.String(16)))
    op.create_index("ix_documents_campaign_series", "documents", ["campaign", "series"])


def downgrade() -> None:
    op.drop_index("ix_documents_campaign_series", "documents")
    with op.batch_alter_table("documents") as batch:
        for column in ("extraction", "current", "version", "series"):
            batch.drop_column(column)
