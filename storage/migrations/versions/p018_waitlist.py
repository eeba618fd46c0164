"""waitlist and paths: a no-match borrower's place on the waiting list, a Spanish-speaking
borrower's answer about an English-speaking LO

Revision ID: p018
Revises: m017
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "p018"
down_revision = "m017"
branch_labels = None
depends_on = None

OPEN = "status IN ('waiting', 'offered')"


def upgrade() -> None:
    op.create_table(
        "waitlist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('waiting', 'offered', 'matched', 'expired', 'left')",
            name=op.f("ck_waitlist_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrowers.id"], name=op.f("fk_waitlist_borrower_id_borrowers")
        ),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_waitlist_introduction_id_introductions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist")),
    )
    op.create_index(
        "uq_waitlist_open_borrower",
        "waitlist",
        ["borrower_id"],
        unique=True,
        sqlite_where=sa.text(OPEN),
        postgresql_where=sa.text(OPEN),
    )
    with op.batch_alter_table("borrowers") as batch:
        batch.add_column(sa.Column("english_ok", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("borrowers") as batch:
        batch.drop_column("english_ok")
    op.drop_index("uq_waitlist_open_borrower", table_name="waitlist")
    op.drop_table("waitlist")
