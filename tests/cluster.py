"""The product scaled out as in production (docs/production.md), on loopback: two gateway
processes, two Rasa servers sharing trackers and locks in Redis, two RQ workers, the timers,
one action server behind a proxy that can be slowed, fake Twilio and Slack, real PostgreSQL,
and a Redis server of its own (with an append-only file, as production's must have) so a
test can stop and restart it without touching the machine's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mm import rasa_env
from mm.stack import Process, free_port, start_action_server, start_rasa, wait_until
from sandbox.fakes import Fakes, ServerThread
from tests.signing import twilio_form

BOT_NUMBER = "+15555550100"
PUBLIC_URL = "https://mm.example.test"


class DelayProxy:
    """Rasa -> action server, with a delay a test can set (a slow dialogue)."""

    def __init__(self, target: str) -> None:
        self.target, self.delay = target, 0.0
        self.client = httpx.AsyncClient(base_url=target, timeout=120)
        app = Starlette(routes=[Route("/{path:path}", self.forward, methods=["GET", "POST"])])
        self.server = ServerThread(app).start()

    async def forward(self, request: Request) -> Response:
        import anyio

        if self.delay and request.method == "POST":
            await anyio.sleep(self.delay)
        r = await self.client.request(
            request.method,
            "/" + request.path_params["path"],
            content=await request.body(),
            headers={"content-type": request.headers.get("content-type", "application/json")},
        )
        return Response(r.content, r.status_code, media_type=r.headers.get("content-type"))

    @property
    def port(self) -> int:
        return int(self.server.url.rsplit(":", 1)[1])


@dataclass
class RedisServer:
    port: int
    data_dir: Path
    log_dir: Path
    process: Process | None = None

    def start(self) -> None:
        log = (self.log_dir / "redis.log").open("ab")
        proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.data_dir),
                "--appendonly",
                "yes",
                "--appendfsync",
                "everysec",
                "--save",
                "",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.process = Process("redis", proc, log)
        client = redis.Redis(port=self.port)

        def up() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_until(up, "redis", 20, proc)

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@dataclass
class Cluster:
    fakes: Fakes
    database_url: str
    log_dir: Path
    processes: dict[str, Process] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    redis: RedisServer | None = None
    proxy: DelayProxy | None = None
    sent: int = 0
    # How many of each; the benchmark (benchmarks.scaled) sizes them, the tests use these.
    gateways: int = 2
    rasas: int = 2
    workers: int = 2
    slowable_actions: bool = True  # Rasa reaches the action server through DelayProxy
    # Nice value of everything but the gateways, as docs/production.md advises for a host
    # the gateways share: the webhook's answer first, turns with the CPU that is left.
    background_nice: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)

    def names(self, kind: str) -> list[str]:
        count = {"gateway": self.gateways, "rasa": self.rasas, "worker": self.workers}[kind]
        return [f"{kind}{i}" for i in range(1, count + 1)]

    def env(self) -> dict[str, str]:
        assert self.redis is not None
        rasa = ",".join(f"http://127.0.0.1:{self.ports[name]}" for name in self.names("rasa"))
        return {
            **os.environ,
            "PUBLIC_BASE_URL": PUBLIC_URL,
            "TWILIO_ACCOUNT_SID": self.fakes.twilio.account_sid,
            "TWILIO_AUTH_TOKEN": self.fakes.twilio.auth_token,
            "TWILIO_FROM_NUMBER": BOT_NUMBER,
            "TWILIO_API_BASE": self.fakes.twilio_server.url,
            "SLACK_BOT_TOKEN": self.fakes.slack.bot_token,
            "SLACK_SIGNING_SECRET": "cluster-signing-secret",
            "SLACK_API_BASE": self.fakes.slack_server.url + "/api/",
            "SLACK_TEAM_CHANNEL": "C0TEAM",
            "RASA_URL": rasa,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "JOB_QUEUE": "redis",
            "DASHBOARD_TOKEN": "cluster-dashboard-token",
            "TWILIO_SEGMENTS_PER_SECOND": "20",
            "SLACK_POSTS_PER_SECOND": "20",
            "OUTBOX_LEASE_SECONDS": "5",
            "MM_LOG_LEVEL": "WARNING",
            **self.extra_env,
        }

    def _mm(self, name: str, *args: str) -> Process:
        log = (self.log_dir / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "mm.cli", *args],
            cwd=rasa_env.ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes[name] = Process(name, proc, log)
        return self.processes[name]

    def start(self) -> Cluster:
        model = rasa_env.ensure_model()
        for name in ("redis", "actions", *self.names("rasa"), *self.names("gateway")):
            self.ports[name] = free_port()
        self.redis = RedisServer(self.ports["redis"], self.log_dir, self.log_dir)
        self.redis.start()
        self.processes["actions"] = start_action_server(self.ports["actions"], self.log_dir)
        if self.slowable_actions:
            self.proxy = DelayProxy(f"http://127.0.0.1:{self.ports['actions']}")
        for name in self.names("rasa"):
            self.processes[name] = start_rasa(
                model, self.ports[name], self.actions_port, self.log_dir, self.redis.url, name
            )
        for name in self.names("gateway"):
            self._mm(name, "serve", "--port", str(self.ports[name]))
        self.start_workers()
        self._mm("timers", "timers", "--every", "1")
        for name in self.names("gateway"):
            self.wait_http(name, "/healthz", 240)
        for name in self.names("rasa"):
            self.wait_rasa(name)
        if self.background_nice:
            for name, p in self.processes.items():
                if not name.startswith("gateway"):
                    renice(p.proc.pid, self.background_nice)
        return self

    @property
    def actions_port(self) -> int:
        return self.proxy.port if self.proxy is not None else self.ports["actions"]

    def start_workers(self) -> None:
        for name in self.names("worker"):
            self._mm(name, "worker")

    def wait_http(self, name: str, path: str, timeout: float) -> None:
        url = f"http://127.0.0.1:{self.ports[name]}{path}"
        proc = self.processes[name].proc
        wait_until(lambda: httpx.get(url).status_code == 200, name, timeout, proc)

    def wait_rasa(self, name: str) -> None:
        def loaded() -> bool:
            r = httpx.get(f"http://127.0.0.1:{self.ports[name]}/status")
            return r.status_code == 200 and bool(r.json().get("model_file"))

        wait_until(loaded, name, 600, self.processes[name].proc)

    def kill(self, name: str) -> None:
        """SIGKILL: no clean shutdown, as when a machine or the OOM killer takes a process."""
        p = self.processes.pop(name)
        p.proc.send_signal(signal.SIGKILL)
        p.proc.wait()
        p.log.close()

    def restart_rasa(self, name: str) -> None:
        assert self.redis is not None
        self.processes[name] = start_rasa(
            rasa_env.ensure_model(),
            self.ports[name],
            self.actions_port,
            self.log_dir,
            self.redis.url,
            name,
        )

    def text(self, gateway: str, phone: str, body: str) -> tuple[int, float]:
        """A signed Twilio webhook to one gateway; returns (status, seconds to the answer)."""
        self.sent += 1
        settings = _SigningSettings(self.fakes.twilio.account_sid, self.fakes.twilio.auth_token)
        params, headers = twilio_form(settings, f"SM{self.sent:032d}", body, phone)  # type: ignore[arg-type]
        start = time.monotonic()
        r = httpx.post(
            f"http://127.0.0.1:{self.ports[gateway]}/twilio/sms",
            data=params,
            headers=headers,
            timeout=10,
        )
        return r.status_code, time.monotonic() - start

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.log_dir.glob("*.log"))

    def stop(self) -> None:
        for p in reversed(list(self.processes.values())):
            p.stop()
        self.processes.clear()
        if self.proxy is not None:
            self.proxy.server.stop()
        if self.redis is not None:
            self.redis.stop()


def renice(pid: int, nice: int) -> None:
    """Every thread of a running process (Linux's priority is per thread)."""
    for tid in Path(f"/proc/{pid}/task").iterdir():
        os.setpriority(os.PRIO_PROCESS, int(tid.name), nice)


@dataclass(frozen=True)
class _SigningSettings:
    """What tests.signing.twilio_form reads from Settings."""

    twilio_account_sid: str
    twilio_auth_token: str
    twilio_from_number: str = BOT_NUMBER
    public_base_url: str = PUBLIC_URL


def eventually(check: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.25)
