"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "borrowers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_borrowers")),
        sa.UniqueConstraint("phone", name=op.f("uq_borrowers_phone")),
    )
    op.create_table(
        "loan_officers",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("nmls_id", sa.String(length=12), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("products", sa.JSON(), nullable=False),
        sa.Column("max_active_intros", sa.Integer(), nullable=False),
        sa.Column("working_hours", sa.JSON(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "max_active_intros >= 0", name=op.f("ck_loan_officers_capacity_non_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_officers")),
        sa.UniqueConstraint("nmls_id", name=op.f("uq_loan_officers_nmls_id")),
    )
    op.create_table(
        "licenses",
        sa.Column("lo_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["lo_id"],
            ["loan_officers.id"],
            name=op.f("fk_licenses_lo_id_loan_officers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lo_id", "state", name=op.f("pk_licenses")),
    )
    op.create_table(
        "match_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("chosen_lo_id", sa.String(length=64), nullable=True),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrowers.id"], name=op.f("fk_match_decisions_borrower_id_borrowers")
        ),
        sa.ForeignKeyConstraint(
            ["chosen_lo_id"],
            ["loan_officers.id"],
            name=op.f("fk_match_decisions_chosen_lo_id_loan_officers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_decisions")),
    )
    op.create_table(
        "qualifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("loan_purpose", sa.String(length=32), nullable=True),
        sa.Column("property_state", sa.String(length=2), nullable=True),
        sa.Column("property_zip", sa.String(length=5), nullable=True),
        sa.Column("price_usd", sa.Integer(), nullable=True),
        sa.Column("credit_band", sa.String(length=16), nullable=True),
        sa.Column("timeline", sa.String(length=16), nullable=True),
        sa.Column("first_time_buyer", sa.Boolean(), nullable=True),
        sa.Column("va_eligible", sa.Boolean(), nullable=True),
        sa.Column("occupancy", sa.String(length=16), nullable=True),
        sa.Column("self_employed", sa.Boolean(), nullable=True),
        sa.Column("first_name", sa.String(length=64), nullable=True),
        sa.Column("contact_time", sa.String(length=200), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrowers.id"], name=op.f("fk_qualifications_borrower_id_borrowers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qualifications")),
        sa.UniqueConstraint("borrower_id", name=op.f("uq_qualifications_borrower_id")),
    )
    op.create_table(
        "introductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("borrower_id", sa.Integer(), nullable=False),
        sa.Column("lo_id", sa.String(length=64), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("pass_reason", sa.Text(), nullable=True),
        sa.Column("slack_channel", sa.String(length=32), nullable=True),
        sa.Column("slack_ts", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "status IN ('offered', 'passed', 'expired', 'introduced', 'closed')",
            name=op.f("ck_introductions_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrowers.id"], name=op.f("fk_introductions_borrower_id_borrowers")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["match_decisions.id"],
            name=op.f("fk_introductions_decision_id_match_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["lo_id"], ["loan_officers.id"], name=op.f("fk_introductions_lo_id_loan_officers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introductions")),
    )
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.create_index("ix_introductions_lo_status", ["lo_id", "status"], unique=False)
        batch_op.create_index(
            "uq_introductions_live_borrower",
            ["borrower_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('offered', 'introduced')"),
            postgresql_where=sa.text("status IN ('offered', 'introduced')"),
        )

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("borrower_id", sa.Integer(), nullable=True),
        sa.Column("introduction_id", sa.Integer(), nullable=True),
        sa.Column("provider_sid", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("purpose", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("direction IN ('in', 'out')", name=op.f("ck_messages_direction_known")),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrowers.id"], name=op.f("fk_messages_borrower_id_borrowers")
        ),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_messages_introduction_id_introductions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messages")),
        sa.UniqueConstraint("provider_sid", name=op.f("uq_messages_provider_sid")),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_outbox", ["direction", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_outbox")

    op.drop_table("messages")
    with op.batch_alter_table("introductions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_introductions_live_borrower",
            sqlite_where=sa.text("status IN ('offered', 'introduced')"),
            postgresql_where=sa.text("status IN ('offered', 'introduced')"),
        )
        batch_op.drop_index("ix_introductions_lo_status")

    op.drop_table("introductions")
    op.drop_table("qualifications")
    op.drop_table("match_decisions")
    op.drop_table("licenses")
    op.drop_table("loan_officers")
    op.drop_table("borrowers")
