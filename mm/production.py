"""The production processes, one command each (docs/production.md): Rasa servers and the
action server on Rasa's side; gateways, workers and the timers on ours, sharing PostgreSQL
and Redis."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette

from mm import rasa_env
from runtime.settings import ConfigError, Settings, rasa_auth_token

PRODUCTION_ENDPOINTS = "bot/endpoints.production.yml"
# Production: our turn channel alone, behind the token. The loopback harness (mm demo, the
# tests, the benchmarks) adds Rasa's REST channel, which the benchmarks drive.
PRODUCTION_CREDENTIALS = "bot/credentials.yml"
HARNESS_CREDENTIALS = "bot/credentials.harness.yml"
LOOPBACK = "127.0.0.1"
# `rasa run` with --auth-token taken from the environment, so the token never shows in the
# process list (argv is world-readable in /proc; the environment is not). One argument with
# "=": a token may start with "-" (token_urlsafe does 1 time in 64), which argparse would
# take for an option.
RASA_LAUNCHER = (
    "import os, sys; from rasa.__main__ import main; "
    "t = os.environ.get('MM_RASA_AUTH_TOKEN'); "
    "sys.argv = ['rasa', *sys.argv[1:], *(['--auth-token=' + t] if t else [])]; main()"
)


def rasa_redis_env(redis_url: str) -> dict[str, str]:
    """REDIS_URL as the host/port/db/password that Rasa's Redis stores take."""
    url = urlsplit(redis_url)
    if url.scheme not in ("redis", "rediss") or not url.hostname:
        raise ConfigError("REDIS_URL must look like redis://host:6379/0")
    return {
        "MM_RASA_REDIS_HOST": url.hostname,
        "MM_RASA_REDIS_PORT": str(url.port or 6379),
        "MM_RASA_REDIS_DB": url.path.strip("/") or "0",
        "MM_RASA_REDIS_PASSWORD": url.password or "",
    }


def rasa_command(
    model: Path, port: int, host: str, endpoints: str, credentials: str = PRODUCTION_CREDENTIALS
) -> list[str]:
    return [
        str(rasa_env.rasa_python()),
        "-c",
        RASA_LAUNCHER,
        "run",
        "--enable-api",
        "-m",
        str(model),
        "-i",
        host,
        "-p",
        str(port),
        "--endpoints",
        endpoints,
        "--credentials",
        credentials,
    ]


def rasa_process_env(
    action_url: str, redis_url: str | None, token: str | None = None
) -> dict[str, str]:
    """`token`: what Rasa's API and our turn channel require (`?token=`); None: nothing."""
    env = {**os.environ, "MM_ACTION_URL": action_url, "TF_CPP_MIN_LOG_LEVEL": "2"}
    env["MM_RASA_AUTH_TOKEN"] = token or ""
    if redis_url:
        env.update(rasa_redis_env(redis_url))
    return env


def action_server_env() -> dict[str, str]:
    """rasa-sdk listens on SANIC_HOST, all interfaces unless told: loopback unless set."""
    return {**os.environ, "SANIC_HOST": os.environ.get("SANIC_HOST") or LOOPBACK}


def exec_rasa(port: int, host: str) -> None:
    """Become a Rasa server whose trackers and locks live in REDIS_URL's Redis."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        raise ConfigError("REDIS_URL is not set: Rasa's servers share trackers through it")
    token = rasa_auth_token(os.environ)
    if token is None:
        raise ConfigError(
            "RASA_AUTH_TOKEN is not set: Rasa's API and turn channel require it (the same "
            "value in the environment of mm serve, mm worker and mm timers), e.g. from "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`"
        )
    action_url = os.environ.get("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")
    model = rasa_env.ensure_model()
    os.chdir(rasa_env.ROOT)
    cmd = rasa_command(model, port, host, PRODUCTION_ENDPOINTS)
    # exec, not a child: the process manager's signals reach Rasa itself.
    os.execve(cmd[0], cmd, rasa_process_env(action_url, redis_url, token))  # noqa: S606


def exec_actions(port: int) -> None:
    """Become the action server (rasa-sdk in this environment)."""
    os.chdir(rasa_env.ROOT)
    cmd = [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(port)]
    os.execve(sys.executable, cmd, action_server_env())  # noqa: S606


def gateway_app() -> Starlette:
    """The gateway of one `mm serve` worker process (uvicorn calls this in each)."""
    from channels.dedupe import Deduper, connect
    from channels.gateway import create_app
    from dashboard.app import Dashboard
    from mm.outcomes_api import OutcomesApi
    from runtime.services import Services

    settings = Settings.from_env()
    svc = Services.build(settings)
    dashboard, outcomes = Dashboard(svc), OutcomesApi(svc)
    return create_app(
        svc,
        Deduper(connect(settings.redis_url)),
        lambda _: dashboard.routes() + outcomes.routes(),
    )
