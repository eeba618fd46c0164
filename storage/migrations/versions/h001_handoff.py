"""handoff: durable timers, deferred sends, outcomes, LO availability

Revision ID: h001
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "h001"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("introductions") as batch:
        batch.add_column(
            sa.Column("snoozed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("check_backs_missed", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("outcome_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("group_sid", sa.String(length=64), nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "scheduled_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_scheduled_jobs_introduction_id_introductions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_jobs")),
    )
    op.create_index("ix_scheduled_jobs_due", "scheduled_jobs", ["status", "due_at"])
    op.create_table(
        "lo_availability",
        sa.Column("lo_id", sa.String(length=64), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lo_id"],
            ["loan_officers.id"],
            name=op.f("fk_lo_availability_lo_id_loan_officers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lo_id", name=op.f("pk_lo_availability")),
    )


def downgrade() -> None:
    op.drop_table("lo_availability")
    op.drop_index("ix_scheduled_jobs_due", table_name="scheduled_jobs")
    op.drop_table("scheduled_jobs")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("not_before")
    with op.batch_alter_table("introductions") as batch:
        for col in (
            "group_sid",
            "outcome_at",
            "outcome_note",
            "outcome",
            "check_backs_missed",
            "snoozed",
        ):
            batch.drop_column(col)
