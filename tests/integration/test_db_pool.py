"""The pool's liveness check against the real PostgreSQL: a connection back in the pool a
moment ago is used without a round trip; one idle past the limit is pinged, and a dead one
(a server restart, here pg_terminate_backend) is replaced before use, never handed out."""

from __future__ import annotations

import time

import psycopg
import pytest
from sqlalchemy import text

from storage.db import make_engine, ping_after_idle

pytestmark = pytest.mark.integration


def backend_pid(engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def terminate(postgres_url: str, pid: int) -> None:
    with psycopg.connect(postgres_url.split("?")[0], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    time.sleep(0.2)  # the backend exits asynchronously


def test_a_connection_killed_while_idle_is_replaced_before_use(postgres_url):
    engine = make_engine(postgres_url)
    ping_after_idle(engine, 0.0)  # every checkout is "idle long enough" here
    try:
        engine.pool.dispose()
        first = backend_pid(engine)
        terminate(postgres_url, first)
        assert backend_pid(engine) != first  # a fresh backend, and no error
    finally:
        engine.dispose()


def test_a_connection_reused_at_once_is_not_pinged(postgres_url):
    engine = make_engine(postgres_url)
    pings = 0
    ping = engine.dialect.do_ping

    def counted(dbapi_conn):
        nonlocal pings
        pings += 1
        return ping(dbapi_conn)

    engine.dialect.do_ping = counted  # type: ignore[method-assign]
    try:
        for _ in range(5):
            backend_pid(engine)
        assert pings == 0
    finally:
        engine.dispose()
