"""Arrivals: one row per inbox file (or mail) taken in — the claim that makes intake exactly-once.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE = "state IN ('claimed', 'committed')"


def upgrade() -> None:
    op.create_table(
        "arrivals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("inode", sa.BigInteger, nullable=False),
        sa.Column("pass_id", sa.Integer, sa.ForeignKey("passes.id")),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_arrivals_source_key", "arrivals", ["source", "key"])
    op.create_index("ix_arrivals_state", "arrivals", ["state"])
    op.create_index("uq_arrivals_active", "arrivals", ["source", "key"], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("arrival_id", sa.Integer, sa.ForeignKey("arrivals.id", name="fk_documents_arrival")))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("arrival_id")
    op.drop_index("uq_arrivals_active", "arrivals")
    op.drop_table("arrivals")
