"""Alembic environment: runs against the engine the caller hands over (storage.db.upgrade)."""

from alembic import context
from sqlalchemy import create_engine, text

from storage.models import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(
    config.get_main_option("sqlalchemy.url", "")
)

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        # Several processes may start at once; one upgrades, the others wait and find it done.
        connection.execute(text("SELECT pg_advisory_xact_lock(7263001)"))
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
