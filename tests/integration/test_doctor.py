"""`mm doctor`: what is wrong with a production environment, one line each, against a real
PostgreSQL and a real Redis server (its own, so its settings can be changed)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
import redis

from mm.doctor import check_database, check_redis, check_variables, diagnose
from mm.stack import free_port
from storage.db import make_engine, upgrade
from tests.cluster import RedisServer
from tests.conftest import fresh_schema

pytestmark = pytest.mark.integration

GOOD = {
    "PUBLIC_BASE_URL": "https://mm.example.com",
    "TWILIO_ACCOUNT_SID": "AC" + "0123456789abcdef" * 2,
    "TWILIO_AUTH_TOKEN": "fedcba9876543210" * 2,
    "TWILIO_FROM_NUMBER": "+15125550100",
    "SLACK_BOT_TOKEN": "xoxb-1234-5678-abcdef",
    "SLACK_SIGNING_SECRET": "0123456789abcdef" * 2,
    "RASA_URL": "http://127.0.0.1:9",
    "DASHBOARD_TOKEN": "d" * 24,
    "DATABASE_URL": "postgresql://mm@127.0.0.1:9/mm",
    "REDIS_URL": "redis://127.0.0.1:9/0",
    "PRIVACY_HASH_KEY": "k" * 32,
}


@pytest.fixture
def redis_server(tmp_path) -> Iterator[RedisServer]:
    server = RedisServer(free_port(), tmp_path, tmp_path)
    server.start()
    yield server
    server.stop()


def test_well_shaped_variables_pass_and_each_bad_one_is_one_line():
    assert check_variables(GOOD) == []
    bad = GOOD | {
        "TWILIO_ACCOUNT_SID": "SK123",
        "SLACK_BOT_TOKEN": "xoxp-user-token",
        "PUBLIC_BASE_URL": "http://mm.example.com",
        "DATABASE_URL": "sqlite:///var/mm.db",
        "CRM_WEBHOOK_URL": "https://crm.example.com/hook",
        "RETENTION_DAYS": "forever",
        "OUTCOMES_API_TOKEN": "short",
    }
    del bad["SLACK_SIGNING_SECRET"]
    problems = check_variables(bad)
    assert [p.split(" ")[0] for p in problems] == [
        "SLACK_SIGNING_SECRET",
        "TWILIO_ACCOUNT_SID",
        "SLACK_BOT_TOKEN",
        "PUBLIC_BASE_URL",
        "OUTCOMES_API_TOKEN",
        "DATABASE_URL",
        "CRM_WEBHOOK_SECRET",
        "RETENTION_DAYS",
    ]


def test_the_database_must_answer_and_be_migrated():
    assert check_database(GOOD["DATABASE_URL"])[0].startswith("the database does not answer")
    with fresh_schema("mm_doctor") as url:
        [stale] = check_database(url)
        assert stale.startswith("the database schema is not current (none; want ")
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        assert check_database(url) == []


def test_redis_must_keep_its_data_and_never_evict(redis_server):
    url = redis_server.url
    assert check_redis(url) == []  # appendonly yes, everysec: as docs/production.md asks
    client = redis.Redis.from_url(url)
    client.config_set("appendonly", "no")
    client.config_set("maxmemory-policy", "allkeys-lru")
    problems = check_redis(url)
    assert len(problems) == 2
    assert problems[0].startswith("Redis does not keep its data: set appendonly yes")
    assert "maxmemory-policy is allkeys-lru" in problems[1]
    assert check_redis("redis://127.0.0.1:9/0")[0].startswith("Redis does not answer")


def test_the_command_prints_every_problem_one_line_each(redis_server):
    with fresh_schema("mm_doctor") as url:
        env = GOOD | {"DATABASE_URL": url, "REDIS_URL": redis_server.url}
        del env["DASHBOARD_TOKEN"]
        problems, checks = diagnose(env)
        r = subprocess.run(
            [sys.executable, "-m", "mm.cli", "doctor"],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert checks == 4
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines == problems
    assert [line.split(" ")[0] for line in lines] == ["DASHBOARD_TOKEN", "the", "Rasa"]
    assert "schema is not current" in lines[1]
    assert lines[2].startswith("Rasa at http://127.0.0.1:9 does not answer")
    assert r.stderr == "mm doctor: 3 problem(s) found\n"
