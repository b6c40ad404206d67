"""The brand library (党建品牌资源库): brands of earlier years imported from a spreadsheet (pipeline.library),
one row per distinct brand (its key).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "library_brands",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("brand_name", sa.Text, nullable=False),
        sa.Column("branch_name", sa.Text),
        sa.Column("year", sa.Integer),
        sa.Column("source", sa.Text),
        sa.Column("parent_org", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("imported_from", sa.Text),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key", name="uq_library_brands_key"),
    )


def downgrade() -> None:
    op.drop_table("library_brands")
