"""roster audit trail and an optional LO team

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN needs no table rebuild on SQLite, so the introductions triggers are untouched.
    with op.batch_alter_table("loan_officers") as batch:
        batch.add_column(sa.Column("team", sa.String(length=64), nullable=True))
    op.create_table(
        "roster_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("lo_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_audit")),
    )
    op.create_index("ix_roster_audit_lo_id_at", "roster_audit", ["lo_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_roster_audit_lo_id_at", table_name="roster_audit")
    op.drop_table("roster_audit")
    with op.batch_alter_table("loan_officers") as batch:
        batch.drop_column("team")
