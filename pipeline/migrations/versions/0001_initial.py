"""Initial schema: passes, documents, check results, similar-name pairs.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False, index=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("counts", sa.JSON),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False, index=True),
        sa.Column("pass_id", sa.Integer, sa.ForeignKey("passes.id")),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("detected", sa.String(40), nullable=False),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error", sa.Text),
        sa.Column("brand_name", sa.Text),
        sa.Column("branch_name", sa.Text),
        sa.Column("duplicate_of_id", sa.Integer, sa.ForeignKey("documents.id")),
        sa.Column("stored_path", sa.Text),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "check_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("check_id", sa.String(60), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("value", sa.JSON),
        sa.Column("limit", sa.JSON),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("where", sa.Text),
    )
    op.create_table(
        "similar_pairs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign", sa.String(100), nullable=False, index=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("other_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("same_branch", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("similar_pairs")
    op.drop_table("check_results")
    op.drop_table("documents")
    op.drop_table("passes")
