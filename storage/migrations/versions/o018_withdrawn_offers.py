"""withdrawn offers: an introduction may end "withdrawn" (the borrower opted out while the
offer was open)

Revision ID: o018
Revises: r018
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "o018"
down_revision = "r018"
branch_labels = None
depends_on = None

BEFORE = ("offered", "passed", "expired", "introduced", "closed")
AFTER = (*BEFORE, "withdrawn")
NAME = "ck_introductions_status_known"


def _check(statuses: tuple[str, ...]) -> str:
    return "status IN ({})".format(", ".join(f"'{s}'" for s in statuses))


def _sqlite_rebuild(old: str, new: str) -> None:
    """SQLite changes a CHECK only by rebuilding the table. Its children (messages, timers,
    outcomes) point at it, so its rows are put back into the rebuilt table itself (not a
    renamed copy) with the foreign keys deferred to commit; its indexes (the partial unique
    index of live introductions) and triggers (LO capacity) are re-created as they were."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT type, sql FROM sqlite_master WHERE tbl_name = 'introductions'")
    ).all()
    table_sql = next(sql for kind, sql in rows if kind == "table")
    if old not in table_sql:
        raise RuntimeError(f"introductions' CHECK is not {old!r}; not rebuilding it")
    others = [sql for kind, sql in rows if kind in ("index", "trigger") and sql]
    # The pragma lasts one transaction, and Python's sqlite3 opens one only at a data change.
    op.execute("UPDATE introductions SET status = status WHERE 0")
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("CREATE TABLE _o018_introductions AS SELECT * FROM introductions")
    op.execute("DROP TABLE introductions")
    op.execute(table_sql.replace(old, new))
    op.execute("INSERT INTO introductions SELECT * FROM _o018_introductions")
    op.execute("DROP TABLE _o018_introductions")
    for sql in others:
        op.execute(sql)


def _set_statuses(before: tuple[str, ...], after: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_rebuild(_check(before), _check(after))
        return
    op.drop_constraint(op.f(NAME), "introductions", type_="check")
    op.create_check_constraint(op.f(NAME), "introductions", _check(after))


def upgrade() -> None:
    _set_statuses(BEFORE, AFTER)


def downgrade() -> None:
    op.execute("UPDATE introductions SET status = 'expired' WHERE status = 'withdrawn'")
    _set_statuses(AFTER, BEFORE)
