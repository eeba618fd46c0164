"""matching: LO fit fields, learned stats, outcomes, capacity enforced by a trigger

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LIVE = "('offered', 'introduced')"

# The database, not only Python, refuses a live introduction beyond the LO's
# max_active_intros. PostgreSQL locks the LO row (FOR NO KEY UPDATE, which does not conflict
# with foreign-key checks) so concurrent offers to one LO are counted one after the other.
PG_FUNCTION = f"""
CREATE FUNCTION mm_intro_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cap integer;
    live integer;
BEGIN
    IF NEW.status NOT IN {LIVE} THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status IN {LIVE} AND OLD.lo_id = NEW.lo_id THEN
        RETURN NEW;
    END IF;
    SELECT max_active_intros INTO cap FROM loan_officers WHERE id = NEW.lo_id
        FOR NO KEY UPDATE;
    SELECT count(*) INTO live FROM introductions
        WHERE lo_id = NEW.lo_id AND status IN {LIVE} AND id IS DISTINCT FROM NEW.id;
    IF live >= cap THEN
        RAISE EXCEPTION 'lo_capacity: % has % live introductions (max %)', NEW.lo_id, live, cap
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$
"""  # noqa: S608 - DDL built from constants only
PG_TRIGGER = """
CREATE TRIGGER trg_introductions_lo_capacity
BEFORE INSERT OR UPDATE OF status, lo_id ON introductions
FOR EACH ROW EXECUTE FUNCTION mm_intro_capacity()
"""
# SQLite has one writer at a time, so counting inside the trigger is enough.
SQLITE_FULL = f"""
    SELECT RAISE(ABORT, 'lo_capacity: the loan officer has no free introduction slot')
    WHERE (SELECT count(*) FROM introductions
           WHERE lo_id = NEW.lo_id AND status IN {LIVE} AND id IS NOT NEW.id)
       >= (SELECT max_active_intros FROM loan_officers WHERE id = NEW.lo_id);
"""  # noqa: S608 - DDL built from constants only
SQLITE_TRIGGERS = (
    f"""
CREATE TRIGGER trg_introductions_lo_capacity_insert BEFORE INSERT ON introductions
WHEN NEW.status IN {LIVE}
BEGIN {SQLITE_FULL} END
""",
    f"""
CREATE TRIGGER trg_introductions_lo_capacity_update BEFORE UPDATE OF status, lo_id
ON introductions
WHEN NEW.status IN {LIVE} AND (OLD.status NOT IN {LIVE} OR OLD.lo_id <> NEW.lo_id)
BEGIN {SQLITE_FULL} END
""",
)


def upgrade() -> None:
    with op.batch_alter_table("loan_officers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price_min_usd", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("price_max_usd", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("credit_bands", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("zip_prefixes", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("daily_cap", sa.Integer(), nullable=True))
    with op.batch_alter_table("licenses", schema=None) as batch_op:
        batch_op.create_index("ix_licenses_state", ["state"], unique=False)

    op.create_table(
        "intro_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("lo_id", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("segment", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('accepted', 'contacted', 'application', 'locked', 'funded', "
            "'lost', 'nobody_called')",
            name=op.f("ck_intro_outcomes_outcome_known"),
        ),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introductions.id"],
            name=op.f("fk_intro_outcomes_introduction_id_introductions"),
        ),
        sa.ForeignKeyConstraint(
            ["lo_id"],
            ["loan_officers.id"],
            name=op.f("fk_intro_outcomes_lo_id_loan_officers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_outcomes")),
    )
    with op.batch_alter_table("intro_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_intro_outcomes_introduction_id", ["introduction_id"], unique=False
        )
    op.create_table(
        "lo_segment_stats",
        sa.Column("lo_id", sa.String(length=64), nullable=False),
        sa.Column("segment", sa.String(length=80), nullable=False),
        sa.Column("successes", sa.Float(), nullable=False),
        sa.Column("failures", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lo_id"],
            ["loan_officers.id"],
            name=op.f("fk_lo_segment_stats_lo_id_loan_officers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lo_id", "segment", name=op.f("pk_lo_segment_stats")),
    )

    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute(PG_TRIGGER)
    else:
        for ddl in SQLITE_TRIGGERS:
            op.execute(ddl)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_introductions_lo_capacity ON introductions")
        op.execute("DROP FUNCTION IF EXISTS mm_intro_capacity()")
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_introductions_lo_capacity_insert")
        op.execute("DROP TRIGGER IF EXISTS trg_introductions_lo_capacity_update")
    op.drop_table("lo_segment_stats")
    with op.batch_alter_table("intro_outcomes", schema=None) as batch_op:
        batch_op.drop_index("ix_intro_outcomes_introduction_id")
    op.drop_table("intro_outcomes")
    with op.batch_alter_table("licenses", schema=None) as batch_op:
        batch_op.drop_index("ix_licenses_state")
    with op.batch_alter_table("loan_officers", schema=None) as batch_op:
        batch_op.drop_column("daily_cap")
        batch_op.drop_column("zip_prefixes")
        batch_op.drop_column("credit_bands")
        batch_op.drop_column("price_max_usd")
        batch_op.drop_column("price_min_usd")
