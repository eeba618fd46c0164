"""matcher weights: the learned logistic model's Gaussians per owner (LO or population)

Revision ID: m017
Revises: 0005
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "m017"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lo_weights",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("feature", sa.String(length=64), nullable=False),
        sa.Column("mean", sa.Float(), nullable=False),
        sa.Column("var", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "feature", name=op.f("pk_lo_weights")),
    )


def downgrade() -> None:
    op.drop_table("lo_weights")
