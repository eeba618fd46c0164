"""qualifications.requested_product: a loan program the borrower asked for by name

Revision ID: r018
Revises: p018
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "r018"
down_revision = "p018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("qualifications") as batch:
        batch.add_column(sa.Column("requested_product", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("qualifications") as batch:
        batch.drop_column("requested_product")
