"""What one SMS turn costs outside Rasa, in one process, counted rather than timed (#20).

    .venv/bin/python -m benchmarks.turn_cost --turns 300 [--profile var/turn.prof]

The production path of a turn without HTTP in front and without Rasa's own work: the
webhook's blocking part (`Gateway._take`: dedupe, rate limit, store, kick the lane), then
what RQ's job runs in `mm worker` (`run_borrower`: the lane, the turn, Rasa's call, the
reply's send to the fake Twilio; RQ's own job handling is not in it), against PostgreSQL,
Redis and a canned Rasa in a process of its own. It reports, per turn and apart for the
acknowledgement and the worker: CPU of the thread doing it, CPU of the PostgreSQL backends
it opened (read from /proc by their pids, so other clients of the machine's PostgreSQL do
not count), SQL statements, pool pings (SELECT 1), commits, checkouts and Redis round
trips. Counts do not depend on how busy the machine is; CPU less than latency does. Every
fifth text is a new borrower's first.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import event, select

from benchmarks.conversations import load_scripts
from benchmarks.load import postgres_schema
from benchmarks.measure import emit
from benchmarks.scaled import cpu_seconds
from benchmarks.turns import ROSTER
from channels import worker
from channels.dedupe import Deduper, connect
from channels.gateway import Gateway
from channels.ratelimit import InboundLimiter
from runtime.services import Services
from runtime.settings import Settings
from sandbox.fakes import Fakes
from storage.db import upgrade
from storage.models import Borrower
from storage.roster import import_roster
from tests.cluster import BOT_NUMBER, free_port

REDIS_URL = os.environ.get("MM_BENCH_TURN_REDIS_URL", "redis://127.0.0.1:6379/12")

# A Rasa that answers every turn at once with one question and a form still open.
CANNED_RASA = """
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
ANSWER = json.dumps({
    "messages": [{"text": "Got it. Which state is the home in?"}],
    "tracker": {"slots": {"loan_purpose": "purchase", "language": "en"},
                "active_loop": {"name": "qualification_form"}},
}).encode()
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)
    def log_message(self, *a):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


class Counts:
    """Statements, commits and checkouts on one engine; Redis round trips in this process
    (each command or pipeline takes a connection from its client's pool)."""

    def __init__(self, engine: Any) -> None:
        self.n = {"sql": 0, "pings": 0, "commits": 0, "checkouts": 0, "redis": 0}
        self.backends: set[int] = set()
        event.listen(engine, "before_cursor_execute", lambda *a: self._add("sql"))
        event.listen(engine, "commit", lambda *a: self._add("commits"))
        event.listen(engine, "checkout", lambda *a: self._add("checkouts"))
        event.listen(engine, "connect", lambda conn, _r: self.backends.add(conn.info.backend_pid))
        ping = engine.dialect.do_ping

        def pinged(dbapi_conn: Any) -> Any:
            self._add("pings")
            return ping(dbapi_conn)

        engine.dialect.do_ping = pinged
        get = redis.ConnectionPool.get_connection

        def counted(pool: Any, *args: Any, **kwargs: Any) -> Any:
            self._add("redis")
            return get(pool, *args, **kwargs)

        redis.ConnectionPool.get_connection = counted  # type: ignore[method-assign,assignment]

    def _add(self, key: str) -> None:
        self.n[key] += 1

    def snapshot(self) -> dict[str, float]:
        out: dict[str, float] = dict(self.n)
        out["cpu_s"] = time.thread_time()  # this thread: not the fakes' server threads
        out["postgres_cpu_s"] = sum(cpu_seconds(pid) for pid in self.backends)
        return out


def per_turn(a: dict[str, float], b: dict[str, float], turns: int) -> dict[str, float]:
    out = {
        k: round((b[k] - a[k]) / turns, 2)
        for k in ("sql", "pings", "commits", "checkouts", "redis")
    }
    out["cpu_ms"] = round((b["cpu_s"] - a["cpu_s"]) / turns * 1e3, 2)
    out["postgres_cpu_ms"] = round((b["postgres_cpu_s"] - a["postgres_cpu_s"]) / turns * 1e3, 2)
    return out


def run(turns: int, profile: Path | None = None) -> dict[str, Any]:
    fakes = Fakes.start()
    port = free_port()
    rasa = subprocess.Popen([sys.executable, "-c", CANNED_RASA, str(port)])
    try:
        with postgres_schema() as url:
            settings = Settings(
                public_base_url="https://mm.example.test",
                twilio_account_sid=fakes.twilio.account_sid,
                twilio_auth_token=fakes.twilio.auth_token,
                twilio_from_number=BOT_NUMBER,
                slack_bot_token=fakes.slack.bot_token,
                slack_signing_secret=secrets.token_hex(16),
                rasa_url=f"http://127.0.0.1:{port}",
                database_url=url,
                twilio_api_base=fakes.twilio_server.url,
                slack_api_base=fakes.slack_server.url + "/api/",
                slack_team_channel="C0TEAM",
                redis_url=REDIS_URL,
                job_queue=True,
            )
            svc = Services.build(settings)
            engine = svc.sessions.kw["bind"]
            upgrade(engine)
            import_roster(svc.sessions, ROSTER)
            worker._services = svc  # run_borrower's process-wide Services
            queue = svc.queue
            assert queue is not None
            queue.inbound.empty()
            queue.outbox.empty()
            gateway = Gateway(
                svc, Deduper(connect(REDIS_URL)), InboundLimiter.from_settings(settings)
            )
            getattr(worker, "warm_up", lambda svc: None)(svc)  # absent before #20
            counts = Counts(engine)
            engine.dispose()  # new connections, so their backends are known
            bodies = [m for s in load_scripts() for m in s.messages]
            tag = secrets.randbelow(10**4)

            def turn(i: int) -> tuple[dict[str, float], ...]:
                phone = f"+1737{tag:04d}{i // 5:03d}"  # a new borrower every fifth text
                t0 = counts.snapshot()
                gateway._take("SM" + secrets.token_hex(16), phone, bodies[i % len(bodies)])
                t1 = counts.snapshot()
                with svc.sessions() as s:
                    borrower_id = s.scalars(
                        select(Borrower.id).where(Borrower.phone == phone)
                    ).one()
                queue.inbound.empty()  # the job RQ would run: its own overhead is not counted
                t1b = counts.snapshot()
                worker.run_borrower(borrower_id)
                return t0, t1, t1b, counts.snapshot()

            for i in range(20):  # untimed: compile the ORM's statements, fill the pools
                turn(1000 + i)
            ack: list[dict[str, float]] = []
            work: list[dict[str, float]] = []
            profiler = cProfile.Profile(time.thread_time) if profile else None
            run_borrower = worker.run_borrower
            if profiler is not None:  # CPU time of the worker's turns only, not the webhook's
                worker.run_borrower = lambda b: profiler.runcall(run_borrower, b)  # type: ignore[assignment]
            for i in range(turns):
                t0, t1, t1b, t2 = turn(i)
                ack.append(per_turn(t0, t1, 1))
                work.append(per_turn(t1b, t2, 1))
            worker.run_borrower = run_borrower  # type: ignore[assignment]
            if profiler is not None and profile is not None:
                profiler.dump_stats(profile)
            with svc.sessions() as s:
                borrowers = s.scalar(select(Borrower.id).order_by(Borrower.id.desc()).limit(1))
            svc.close()
    finally:
        rasa.terminate()
        fakes.stop()

    def mean(rows: list[dict[str, float]]) -> dict[str, float]:
        return {k: round(sum(r[k] for r in rows) / len(rows), 2) for k in rows[0]}

    return {
        "turns": turns,
        "last_borrower_id": borrowers,
        "ack": mean(ack),
        "ack_first_texts": mean(ack[::5]),
        "worker": mean(work),
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--turns", type=int, default=300)
    p.add_argument("--json", type=Path)
    p.add_argument("--profile", type=Path, help="cProfile (CPU time) of the worker's turns")
    args = p.parse_args(argv)
    result = run(args.turns, args.profile)
    if args.json is None:
        print(json.dumps(result, indent=2))
    else:
        emit(result, args.json)


if __name__ == "__main__":
    main()
