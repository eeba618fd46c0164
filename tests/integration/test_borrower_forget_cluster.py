"""A deletion request in the production layout (docs/production.md): a borrower qualifies and
opts out through a real gateway, worker and Rasa server whose trackers live in Redis; then
`mm borrower forget` runs with the production environment, and PostgreSQL, Redis and Rasa's
tracker store are scanned for anything left of them."""

from __future__ import annotations

import subprocess
import sys
import zlib
from collections.abc import Iterator

import httpx
import psycopg
import pytest
import redis
from psycopg import sql
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from introductions.inbound import rasa_sender
from mm import rasa_env
from storage.models import Borrower, Message
from tests.cluster import Cluster, eventually
from tests.conftest import FIXTURES, POSTGRES_URL, fresh_schema, migrated

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.timeout(900)]
PHONE = "+15125550163"
NAME = "Quillon"
SCRIPT = ["hi", "I want to buy", "Austin TX", "450k", "mid 700s", "asap", "0", f"yes, {NAME}"]


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with fresh_schema("mm_forget") as url:
        yield url


@pytest.fixture(scope="module")
def db(database_url: str) -> sessionmaker[Session]:
    return migrated(database_url, FIXTURES / "roster" / "e2e.yml")


@pytest.fixture(scope="module")
def cluster(fakes, database_url, db, tmp_path_factory) -> Iterator[Cluster]:
    c = Cluster(
        fakes, database_url, tmp_path_factory.mktemp("forget"), gateways=1, rasas=1, workers=1
    )
    c.slowable_actions = False
    try:
        yield c.start()
    finally:
        c.stop()


def answered(db: sessionmaker[Session], count: int) -> bool:
    with db() as s:
        ins = s.scalars(
            select(Message.status).where(Message.direction == "in", Message.address == PHONE)
        ).all()
    return len(ins) == count and all(status == "processed" for status in ins)


def postgres_rows(database_url: str) -> str:
    """Every row of every table in the test's schema, as text."""
    schema = database_url.split("search_path%3D", 1)[1]
    out = []
    with psycopg.connect(POSTGRES_URL) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
        for (table,) in tables:
            query = sql.SQL("SELECT t::text FROM {}.{} t")
            for row in conn.execute(query.format(sql.Identifier(schema), sql.Identifier(table))):
                out.append(f"{table}: {row[0]}")
    return "\n".join(out)


def redis_contents(client: redis.Redis) -> str:
    """Every key and value in Redis, as text (RQ's job data unzipped)."""
    out = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key).decode()
        values: list[bytes] = []
        if kind == "string":
            values = [client.get(key) or b""]
        elif kind == "hash":
            values = [v for kv in client.hgetall(key).items() for v in kv]
        elif kind == "list":
            values = client.lrange(key, 0, -1)
        elif kind == "set":
            values = list(client.smembers(key))
        elif kind == "zset":
            values = client.zrange(key, 0, -1)
        texts = [key.decode(errors="replace")]
        for v in values:
            texts.append(v.decode(errors="replace"))
            try:
                texts.append(zlib.decompress(v).decode(errors="replace"))
            except zlib.error:
                pass
        out.append(" ".join(texts))
    return "\n".join(out)


def test_forget_erases_the_borrower_from_postgres_redis_and_rasas_trackers(cluster, db):
    for step, words in enumerate(SCRIPT, start=1):
        assert cluster.text("gateway1", PHONE, words)[0] == 200
        eventually(lambda step=step: answered(db, step), f"turn {step}", 120)
    assert cluster.text("gateway1", PHONE, "STOP")[0] == 200
    eventually(lambda: answered(db, len(SCRIPT) + 1), "the opt-out", 60)
    with db() as s:
        borrower_id = s.scalars(select(Borrower.id).where(Borrower.phone == PHONE)).one()
    rasa = f"http://127.0.0.1:{cluster.ports['rasa1']}"
    sender = rasa_sender(borrower_id)
    assert cluster.redis is not None
    client = redis.Redis.from_url(cluster.redis.url)
    # Before: the borrower is in all three places (so the scans below can see them).
    assert PHONE in postgres_rows(cluster.database_url)
    assert NAME in postgres_rows(cluster.database_url)
    assert sender in redis_contents(client) and NAME in redis_contents(client)
    events = httpx.get(f"{rasa}/conversations/{sender}/tracker", timeout=30).json()["events"]
    assert any(e.get("text") == "Austin TX" for e in events)

    env = cluster.env()
    r = subprocess.run(
        [sys.executable, "-m", "mm.cli", "borrower", "forget", PHONE, "--by", "dpo@brokerage"],
        cwd=rasa_env.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert "redis keys" in r.stdout, r.stdout

    rows, kept = postgres_rows(cluster.database_url), redis_contents(client)
    for trace in (PHONE, PHONE[2:], NAME, "Austin TX", "mid 700s"):
        assert trace not in rows, (trace, [line for line in rows.splitlines() if trace in line])
        assert trace not in kept, (trace, [line for line in kept.splitlines() if trace in line])
    assert sender not in kept
    assert "dpo@brokerage" in rows  # the deletion record: who asked
    events = httpx.get(f"{rasa}/conversations/{sender}/tracker", timeout=30).json()["events"]
    assert not [e for e in events if e.get("event") in ("user", "bot", "slot")], events

    # The number opted out before it was forgotten: a new text gets no reply.
    before = len(cluster.fakes.twilio.messages.since(0, to=PHONE))
    assert cluster.text("gateway1", PHONE, "hello?")[0] == 200
    eventually(lambda: answered(db, 1), "the new text", 60)
    with db() as s:
        assert s.scalars(select(Borrower.opted_out_at).where(Borrower.phone == PHONE)).one()
    assert len(cluster.fakes.twilio.messages.since(0, to=PHONE)) == before


def test_mm_doctor_finds_nothing_wrong_with_this_production_layout(cluster):
    """Real PostgreSQL (migrated), Redis with its append-only file, a Rasa server with its
    model: `mm doctor` says so; then Redis stops keeping its data and it says that."""
    env = cluster.env() | {
        "PUBLIC_BASE_URL": "https://mm.example.test",
        "SLACK_SIGNING_SECRET": "0123456789abcdef" * 2,  # the cluster's is not Slack-shaped
        "PRIVACY_HASH_KEY": "k" * 32,
    }

    def doctor() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mm.cli", "doctor"],
            cwd=rasa_env.ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    healthy = doctor()
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert healthy.stdout == "mm doctor: no problems found (4 groups of checks)\n"
    assert cluster.redis is not None
    redis.Redis.from_url(cluster.redis.url).config_set("appendonly", "no")
    try:
        sick = doctor()
    finally:
        redis.Redis.from_url(cluster.redis.url).config_set("appendonly", "yes")
    assert sick.returncode == 1
    assert sick.stdout.splitlines() == [
        "Redis does not keep its data: set appendonly yes (Rasa's trackers, jobs)"
    ]
