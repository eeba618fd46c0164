"""`mm doctor`: check a production environment and say what is wrong, one line each.

Variables (present, well formed), the database (reachable, migrations current), Redis
(reachable, keeps its data: append-only file, no eviction), every Rasa server (model
loaded), and the shapes of the Twilio and Slack credentials. It changes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

import httpx
import redis
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from runtime.crm import config_from_env as crm_config
from runtime.settings import MIN_DASHBOARD_TOKEN, REQUIRED_IN_PRODUCTION, ConfigError
from storage.db import alembic_config, make_engine
from storage.privacy import PrivacyError, retention_days

SHAPES: dict[str, tuple[str, str]] = {
    "TWILIO_ACCOUNT_SID": (r"AC[0-9a-f]{32}", "AC followed by 32 hex digits"),
    "TWILIO_AUTH_TOKEN": (r"[0-9a-f]{32}", "32 hex digits"),
    "TWILIO_FROM_NUMBER": (r"\+[1-9][0-9]{7,14}", "E.164, e.g. +15125550100"),
    "SLACK_BOT_TOKEN": (r"xoxb-[0-9A-Za-z-]+", "a bot token, xoxb-..."),
    "SLACK_SIGNING_SECRET": (r"[0-9a-f]{32}", "32 hex digits (the app's Signing Secret)"),
    "PUBLIC_BASE_URL": (r"https://[^/\s]+(/\S*)?", "an https:// URL"),
}


def check_variables(env: Mapping[str, str]) -> list[str]:
    problems = [
        f"{name} is not set: {why}"
        for name, why in REQUIRED_IN_PRODUCTION.items()
        if not env.get(name)
    ]
    for name, (pattern, shape) in SHAPES.items():
        value = env.get(name, "")
        if value and not re.fullmatch(pattern, value):
            problems.append(f"{name} does not look right: expected {shape}")
    for name in ("DASHBOARD_TOKEN", "METRICS_TOKEN", "OUTCOMES_API_TOKEN"):
        if 0 < len(env.get(name, "")) < MIN_DASHBOARD_TOKEN:
            problems.append(f"{name} is too short: use {MIN_DASHBOARD_TOKEN}+ random characters")
    if not env.get("DATABASE_URL", "").startswith("postgresql"):
        problems.append("DATABASE_URL is not a postgresql:// URL (production runs on PostgreSQL)")
    if not env.get("REDIS_URL"):
        problems.append("REDIS_URL is not set (workers, Rasa's trackers and locks live there)")
    if not env.get("PRIVACY_HASH_KEY"):
        problems.append(
            "PRIVACY_HASH_KEY is not set: forgotten opt-outs are hashed with the built-in key"
        )
    for check in (lambda: crm_config(env), lambda: retention_days(env)):
        try:
            check()
        except (ConfigError, PrivacyError) as exc:
            problems.append(str(exc))
    return problems


def check_database(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(conn).get_current_heads())
        heads = set(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
    except SQLAlchemyError as exc:
        return [f"the database does not answer: {_first_line(exc)}"]
    finally:
        engine.dispose()
    if current != heads:
        have, want = ", ".join(sorted(current)) or "none", ", ".join(sorted(heads))
        return [f"the database schema is not current ({have}; want {want}): run `mm migrate`"]
    return []


def check_redis(url: str) -> list[str]:
    client = redis.Redis.from_url(url, socket_timeout=3, socket_connect_timeout=3)
    try:
        client.ping()
        config = {
            **client.config_get("appendonly"),
            **client.config_get("appendfsync"),
            **client.config_get("maxmemory-policy"),
        }
    except redis.ResponseError as exc:  # CONFIG may be disabled on a managed Redis
        return [f"cannot read Redis's persistence settings ({exc}): check appendonly by hand"]
    except redis.RedisError as exc:
        return [f"Redis does not answer at {_safe(url)}: {exc}"]
    finally:
        client.close()
    problems = []
    if config.get("appendonly") != "yes":
        problems.append("Redis does not keep its data: set appendonly yes (Rasa's trackers, jobs)")
    elif config.get("appendfsync") not in ("everysec", "always"):
        problems.append(f"Redis appendfsync is {config.get('appendfsync')}: use everysec")
    if config.get("maxmemory-policy", "noeviction") != "noeviction":
        problems.append(
            f"Redis maxmemory-policy is {config['maxmemory-policy']}: use noeviction "
            "(an evicted tracker or job is a lost conversation)"
        )
    return problems


def check_rasa(urls: str) -> list[str]:
    problems = []
    for url in [u.strip().rstrip("/") for u in urls.split(",") if u.strip()]:
        try:
            r = httpx.get(url + "/status", timeout=5)
            loaded = r.status_code == 200 and bool(r.json().get("model_file"))
        except (httpx.HTTPError, ValueError) as exc:
            problems.append(f"Rasa at {url} does not answer: {exc}")
            continue
        if not loaded:
            problems.append(f"Rasa at {url} has no model loaded (yet?)")
    return problems


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _safe(url: str) -> str:
    """The URL without its password."""
    parts = urlsplit(url)
    return url.replace(f":{parts.password}@", ":***@") if parts.password else url


def diagnose(env: Mapping[str, str] | None = None) -> tuple[list[str], int]:
    """Every problem found, and how many checks ran."""
    env = os.environ if env is None else env
    checks: list[Callable[[], list[str]]] = [lambda: check_variables(env)]
    if env.get("DATABASE_URL"):
        checks.append(lambda: check_database(env["DATABASE_URL"]))
    if env.get("REDIS_URL"):
        checks.append(lambda: check_redis(env["REDIS_URL"]))
    if env.get("RASA_URL"):
        checks.append(lambda: check_rasa(env["RASA_URL"]))
    problems = [p for check in checks for p in check()]
    return problems, len(checks)
