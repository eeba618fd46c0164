"""The whole product on loopback: fakes, action server, Rasa server, gateway.

Used by `mm demo`, `mm converse` and the end-to-end tests, so all three run the same code.
"""

from __future__ import annotations

import contextlib
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import IO

import httpx

from channels.dedupe import Deduper, connect
from channels.gateway import create_app
from dashboard.app import Dashboard
from mm import rasa_env
from mm.outcomes_api import OutcomesApi
from mm.production import (
    HARNESS_CREDENTIALS,
    PRODUCTION_ENDPOINTS,
    action_server_env,
    rasa_command,
    rasa_process_env,
)
from runtime.services import Services
from runtime.settings import DEFAULT_DATABASE_URL, Settings
from sandbox.app import LocalOnly, Sandbox
from sandbox.fakes import Fakes, ServerThread
from storage.models import LoanOfficer

SANDBOX_PHONE_NUMBER = "+15555550100"  # the bot's number in the sandbox (fictional range)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


PORT_ATTEMPTS = 3


def _port_was_taken(p: Process) -> bool:
    text = Path(p.log.name).read_text(errors="replace").lower()
    return "address already in use" in text


def _action_server_up(port: int) -> bool:
    return httpx.get(f"http://127.0.0.1:{port}/health").is_success


def _rasa_loaded(port: int, token: str) -> bool:
    r = httpx.get(f"http://127.0.0.1:{port}/status", params={"token": token}, timeout=2)
    try:
        return r.is_success and bool(r.json().get("model_file"))
    except ValueError:  # not Rasa's JSON yet
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    check: Callable[[], bool],
    what: str,
    timeout: float,
    proc: subprocess.Popen[bytes] | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if check():
                return
        time.sleep(0.5)
    raise RuntimeError(f"{what} was not ready after {timeout:.0f}s")


@dataclass
class Process:
    name: str
    proc: subprocess.Popen[bytes]
    log: IO[bytes]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def start_action_server(port: int, log_dir: Path) -> Process:
    log = (log_dir / "actions.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rasa_sdk", "--actions", "bot.actions", "--port", str(port)],
        cwd=rasa_env.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=action_server_env(),
    )
    return Process("action server", proc, log)


def start_rasa(
    model: Path,
    port: int,
    action_port: int,
    log_dir: Path,
    redis_url: str | None = None,
    name: str = "rasa",
    token: str | None = None,
) -> Process:
    """A Rasa server on loopback; with `redis_url`, its trackers and locks live in Redis
    (production); with `token`, its API and turn channel require `?token=`."""
    log = (log_dir / f"{name}.log").open("wb")
    endpoints = PRODUCTION_ENDPOINTS if redis_url else "bot/endpoints.yml"
    proc = subprocess.Popen(
        rasa_command(model, port, "127.0.0.1", endpoints, HARNESS_CREDENTIALS),
        cwd=rasa_env.ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=rasa_process_env(f"http://127.0.0.1:{action_port}/webhook", redis_url, token),
    )
    return Process(name, proc, log)


def load_default_roster(svc: Services, roster: Path) -> None:
    from storage.roster import import_roster

    with svc.sessions() as s:
        if s.query(LoanOfficer).first() is not None:
            return
    import_roster(svc.sessions, roster)


@dataclass
class Backends:
    """The action server and Rasa, ready, on free ports. A Stack starts its own unless given
    one: the end-to-end suite shares one across the many stacks of its conversation sets,
    since Rasa takes about 20 seconds to load and keeps nothing per stack but trackers keyed
    by the borrower's phone."""

    log_dir: Path
    model: Path | None = None  # None: the project's model
    processes: list[Process] = field(default_factory=list)
    rasa_port: int = 0
    rasa_token: str = ""

    def start(self) -> Backends:
        try:
            self.rasa_token = secrets.token_urlsafe(18)  # fresh per run, like the dashboard's
            self.rasa_port = self._start(self.model or rasa_env.ensure_model())
            return self
        except BaseException:
            self.stop()  # no orphaned Rasa or action server when start-up fails
            raise

    def _start(self, model: Path) -> int:
        """A port found free can be taken by another program before our server binds it
        (concurrent stacks do this), so servers that exit with their port taken are started
        again on fresh ports. Returns Rasa's port."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for attempt in range(1, PORT_ATTEMPTS + 1):
            action_port, rasa_port = free_port(), free_port()
            _say(f"Starting the action server and Rasa (logs in {self.log_dir})")
            action = start_action_server(action_port, self.log_dir)
            rasa = start_rasa(model, rasa_port, action_port, self.log_dir, token=self.rasa_token)
            self.processes += [action, rasa]
            try:
                wait_until(
                    partial(_action_server_up, action_port),
                    "action server",
                    60,
                    action.proc,
                )
                _say("Loading the Rasa model (about 20 seconds)")
                wait_until(
                    partial(_rasa_loaded, rasa_port, self.rasa_token),
                    "rasa server",
                    240,
                    rasa.proc,
                )
                return rasa_port
            except RuntimeError:
                port_taken = _port_was_taken(action) or _port_was_taken(rasa)
                if not port_taken or attempt == PORT_ATTEMPTS:
                    raise
                for p in (rasa, action):
                    p.stop()
                    self.processes.remove(p)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def stop(self) -> None:
        for p in reversed(self.processes):
            p.stop()
        self.processes.clear()

    def __enter__(self) -> Backends:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Stack:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    roster: Path | None = rasa_env.ROOT / "roster.example.yml"
    log_dir: Path = rasa_env.ROOT / "var" / "logs"
    port: int = 0
    offer_sla_minutes: float = 5
    model: Path | None = None  # None: the project's model; the benchmarks run other ones
    backends: Backends | None = None  # None: the stack starts (and stops) its own
    own_backends: Backends | None = None
    fakes: Fakes | None = None
    server: ServerThread | None = None
    svc: Services | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def processes(self) -> list[Process]:
        """The action server and Rasa this stack talks to."""
        backends = self.backends or self.own_backends
        return backends.processes if backends is not None else []

    @property
    def dashboard_url(self) -> str:
        """The dashboard with this run's token (a fresh random one each start)."""
        assert self.svc is not None
        return f"{self.url}/dashboard?token={self.svc.settings.dashboard_token}"

    def start(self) -> Stack:
        try:
            return self._start()
        except BaseException:
            self.stop()  # no orphaned Rasa or action server when start-up fails
            raise

    def _start(self) -> Stack:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.fakes = Fakes.start()
        backends = self.backends
        if backends is None:
            self.own_backends = Backends(self.log_dir, self.model)
            backends = self.own_backends.start()
        port = self.port or free_port()
        settings = self._settings(port, backends.rasa_port)
        settings = settings.with_(rasa_auth_token=backends.rasa_token)
        self.svc = Services.build(settings)
        if self.roster is not None:
            load_default_roster(self.svc, self.roster)
        sandbox, dashboard = (
            Sandbox(self.svc, self.fakes, SANDBOX_PHONE_NUMBER),
            Dashboard(self.svc),
        )
        outcomes = OutcomesApi(self.svc)
        app = create_app(
            self.svc,
            Deduper(connect(self.redis_url)),
            lambda gateway: sandbox.routes(gateway) + dashboard.routes() + outcomes.routes(),
        )
        app.add_middleware(LocalOnly)  # no other site's page may drive or read the sandbox
        self.server = ServerThread(app, port=port).start()
        return self

    def _settings(self, port: int, rasa_port: int) -> Settings:
        assert self.fakes is not None
        return Settings(
            public_base_url=f"http://127.0.0.1:{port}",
            twilio_account_sid=self.fakes.twilio.account_sid,
            twilio_auth_token=self.fakes.twilio.auth_token,
            twilio_from_number=SANDBOX_PHONE_NUMBER,
            slack_bot_token=self.fakes.slack.bot_token,
            slack_signing_secret=secrets.token_hex(16),  # fresh per run; only the sandbox signs
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            database_url=self.database_url,
            redis_url=self.redis_url,
            twilio_api_base=self.fakes.twilio_server.url,
            slack_api_base=self.fakes.slack_server.url + "/api/",
            slack_team_channel="C0TEAM",
            brokerage_name="Mortgage Matchmaking (sandbox)",
            offer_sla=timedelta(minutes=self.offer_sla_minutes),
            sandbox=True,
            dashboard_token=secrets.token_urlsafe(18),  # fresh per run, printed by `mm demo`
        )

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        if self.svc is not None:
            self.svc.close()
        if self.own_backends is not None:
            self.own_backends.stop()
        if self.fakes is not None:
            self.fakes.stop()

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
