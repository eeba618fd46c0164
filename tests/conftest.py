"""Shared fixtures: a sandbox-wired gateway on SQLite, the real PostgreSQL and Redis, and one
real stack (Rasa included) that the end-to-end and browser tests share per run."""

from __future__ import annotations

import contextlib
import os
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
import redis
from sqlalchemy.orm import Session, sessionmaker

from channels.dedupe import Deduper, connect
from channels.gateway import create_app
from mm.stack import Stack
from runtime.services import Services
from runtime.settings import Settings
from sandbox.fakes import Fakes
from storage.db import make_engine, session_factory, upgrade
from storage.roster import import_roster

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).with_name("fixtures")
POSTGRES_URL = os.environ.get("MM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("MM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BOT_NUMBER = "+15555550100"


@pytest.fixture(scope="session")
def fakes() -> Iterator[Fakes]:
    f = Fakes.start()
    yield f
    f.stop()


def us_daytime_offset(now: datetime | None = None) -> timedelta:
    """How far to move a test's clock so that it is daytime in every US zone, Hawaii's too
    (19:00-24:00 UTC), on the same UTC date. Texts the bot starts (the warm introduction,
    check-backs) wait out quiet hours, so a test must not depend on the hour it runs at."""
    now = now or datetime.now(UTC)
    if now.hour >= 19:
        return timedelta(0)
    return now.replace(hour=19, minute=0, second=0, microsecond=0) - now


def sandbox_settings(fakes: Fakes, database_url: str, rasa_url: str, **extra: object) -> Settings:
    return Settings(
        public_base_url="https://mm.example.test",
        twilio_account_sid=fakes.twilio.account_sid,
        twilio_auth_token=fakes.twilio.auth_token,
        twilio_from_number=BOT_NUMBER,
        slack_bot_token=fakes.slack.bot_token,
        slack_signing_secret=secrets.token_hex(16),
        rasa_url=rasa_url,
        database_url=database_url,
        twilio_api_base=fakes.twilio_server.url,
        slack_api_base=fakes.slack_server.url + "/api/",
        slack_team_channel="C0TEAM",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/mm.db"


@dataclass
class Wired:
    svc: Services
    app: object
    fakes: Fakes


@pytest.fixture
def wired(fakes: Fakes, sqlite_url: str) -> Iterator[Wired]:
    """The gateway on a fresh SQLite database with the example roster; Rasa is not running."""
    settings = sandbox_settings(fakes, sqlite_url, rasa_url="http://127.0.0.1:9")
    svc = Services.build(settings)
    offset, base_clock = us_daytime_offset(), svc.clock
    svc.clock = lambda: base_clock() + offset
    import_roster(svc.sessions, ROOT / "roster.example.yml")
    app = create_app(svc, Deduper(connect(None)))
    yield Wired(svc, app, fakes)
    svc.close()


@contextlib.contextmanager
def fresh_schema(prefix: str) -> Iterator[str]:
    """A new schema in the machine's PostgreSQL, dropped after; fails (never skips) when
    PostgreSQL is down. Yields a database URL whose search_path is that schema."""
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required at {POSTGRES_URL}: {exc}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with fresh_schema("mm_test") as url:
        yield url


def migrated(database_url: str, roster: Path) -> sessionmaker[Session]:
    """Sessions on a database brought to the newest schema, with `roster` imported."""
    engine = make_engine(database_url)
    upgrade(engine)
    sessions = session_factory(engine)
    import_roster(sessions, roster)
    return sessions


@pytest.fixture(scope="session")
def pg_sessions(postgres_url: str) -> sessionmaker[Session]:
    return migrated(postgres_url, ROOT / "roster.example.yml")


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    """The machine's Redis (database 15, flushed); fails (never skips) when it is down."""
    client = connect(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis is required at {REDIS_URL}: {exc}")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole product on loopback: trained Rasa model, actions, gateway, fakes. Starting
    Rasa costs ~25 s, so tests/e2e and tests/browser share this one per pytest run."""
    tmp: Path = tmp_path_factory.mktemp("e2e")
    roster = FIXTURES / "roster" / "e2e.yml"
    with Stack(database_url=f"sqlite:///{tmp}/e2e.db", log_dir=tmp / "logs", roster=roster) as s:
        minutes = us_daytime_offset().total_seconds() / 60
        httpx.post(s.url + "/sandbox/api/clock", json={"minutes": minutes}).raise_for_status()
        yield s
