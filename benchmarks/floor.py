"""The least that #6's required parts add to one Rasa turn, with none of our code (#6).

    .venv/bin/python -m benchmarks.floor               # 500 of each step
    .venv/bin/python -m benchmarks.floor --n 100 --bare-ms 26

#6 asks for a full turn within 1.15x the bare Rasa REST round trip, and for a turn that is
durable and queued: the signed webhook answered at once, the text stored, the turn run by a
worker of a Redis job queue, the reply written to an outbox in the turn's transaction and
then sent by the Twilio client. This measures those parts alone, one borrower at a time,
on loopback, each step p50 of `--n`:

1. webhook: a signed form POST (httpx) to a Starlette app on uvicorn that checks the
   signature with twilio's RequestValidator and answers empty TwiML;
2. store: one INSERT and COMMIT of the text (SQLAlchemy Core, psycopg, PostgreSQL);
3. queue hop: RQ enqueue until the job has run in a `SimpleWorker` process (the job pushes
   to a Redis list the driver waits on, so this includes that one push);
4. outbox: one INSERT and COMMIT of the reply;
5. send: twilio's Client `messages.create` to the fake Twilio, then UPDATE and COMMIT.

Their sum is a floor: any design meeting #6 pays at least that on top of Rasa's turn.
With `--bare-ms` (or in `make bench`, the bare Rasa p50 of `benchmarks.scaled` at one
borrower) it is set against the 0.15x allowance.

Each step's CPU is counted too (#20): the webhook server and the RQ worker run in processes
of their own and are read from /proc, the steps the driver runs itself (the stores, the
enqueue, twilio's client) by the driver thread's CPU time (the fake Twilio answers from
another thread), PostgreSQL by its backends' pids and, apart, as every `postgres` process on
the machine (WAL writer and the rest, as `benchmarks.scaled` counts it), Redis by its
server's pid. Their sum is the CPU floor under #20's "outside Rasa <= 0.5x bare Rasa's CPU".
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import redis
from rq import Queue
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, event, insert, update
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from twilio.request_validator import RequestValidator

from benchmarks.load import postgres_schema
from benchmarks.measure import emit, percentile
from benchmarks.scaled import cpu_seconds, postgres_pids
from channels.twilio_signature import sign
from runtime.twilio_client import make_client
from sandbox.fakes import Fakes
from storage.db import make_engine

REDIS_URL = os.environ.get("MM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
QUEUE = "mm-floor"
DONE = "mm-floor:done"
TOKEN = os.environ.get("MM_FLOOR_TOKEN") or secrets.token_hex(16)
BOT, BORROWER = "+15555550100", "+15125550199"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

tables = MetaData()
texts = Table(
    "floor_texts",
    tables,
    Column("id", Integer, primary_key=True),
    Column("direction", String(3), nullable=False),
    Column("address", String(20), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(12), nullable=False),
    Column("provider_sid", String(64)),
)


_done: redis.Redis | None = None


def job_ran() -> None:
    """The queued job: tell the driver it ran (in the worker process, on one connection
    kept across jobs, as the worker's own is: a new one per job would inflate the hop)."""
    global _done
    if _done is None:
        _done = redis.Redis.from_url(REDIS_URL)
    _done.rpush(DONE, 1)


def webhook_app() -> Starlette:
    validator = RequestValidator(TOKEN)

    async def sms(request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        signature = request.headers.get("x-twilio-signature", "")
        if not validator.validate(str(request.url), form, signature):
            return Response("forbidden", status_code=403)
        return Response(EMPTY_TWIML, media_type="text/xml")

    return Starlette(routes=[Route("/sms", sms, methods=["POST"])])


Reader = Callable[[], float]  # cumulative CPU seconds of one part


def timed(step: Callable[[int], Any], n: int, cpu: dict[str, Reader]) -> dict[str, float]:
    """p50/p95/mean of the step, and each part's CPU per step in ms (`cpu_<part>_ms`)."""
    for i in range(min(20, n)):  # untimed: connections opened, statements prepared
        step(-1 - i)
    took = []
    before = {part: read() for part, read in cpu.items()}
    for i in range(n):
        t0 = time.perf_counter()
        step(i)
        took.append(time.perf_counter() - t0)
    spent = {
        f"cpu_{part}_ms": round((read() - before[part]) * 1e3 / n, 3) for part, read in cpu.items()
    }
    took.sort()
    return {
        "p50_ms": round(percentile(took, 50) * 1e3, 2),
        "p95_ms": round(percentile(took, 95) * 1e3, 2),
        "mean_ms": round(statistics.fmean(took) * 1e3, 2),
        **spent,
    }


def worker(redis_url: str) -> subprocess.Popen[bytes]:
    code = (
        "import redis, rq\n"
        f"c = redis.Redis.from_url({redis_url!r})\n"
        f"rq.SimpleWorker([{QUEUE!r}], connection=c).work(logging_level='WARNING')\n"
    )
    return subprocess.Popen([sys.executable, "-c", code])


def webhook_server(port: int) -> subprocess.Popen[bytes]:
    """The webhook in a process of its own, so that its CPU is read apart from the driver's."""
    code = (
        "import uvicorn\n"
        "from benchmarks.floor import webhook_app\n"
        f"uvicorn.run(webhook_app(), host='127.0.0.1', port={port}, log_level='warning')\n"
    )
    env = {**os.environ, "MM_FLOOR_TOKEN": TOKEN}
    return subprocess.Popen([sys.executable, "-c", code], env=env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not start") from None
            time.sleep(0.05)


def run(n: int, bare_ms: float | None, bare_cpu_ms: float | None = None) -> dict[str, Any]:
    steps: dict[str, dict[str, float]] = {}
    fakes = Fakes.start()
    r = redis.Redis.from_url(REDIS_URL)
    r.delete(QUEUE, DONE)
    redis_pid = int(r.info("server")["process_id"])
    port = free_port()
    procs = {"worker": worker(REDIS_URL), "webhook": webhook_server(port)}
    try:
        with postgres_schema() as url:
            engine = make_engine(url)
            backends: set[int] = set()
            event.listen(engine, "connect", lambda conn, _r: backends.add(conn.info.backend_pid))
            tables.create_all(engine)
            wait_for(f"http://127.0.0.1:{port}/")

            def postgres_backends() -> float:
                return sum(cpu_seconds(pid) for pid in backends)

            def postgres_rest() -> float:  # WAL writer, checkpointer, ...; other clients too
                return sum(cpu_seconds(pid) for pid in postgres_pids() if pid not in backends)

            parts: dict[str, Reader] = {
                "driver": time.thread_time,
                "webhook_server": lambda: cpu_seconds(procs["webhook"].pid),
                "rq_worker": lambda: cpu_seconds(procs["worker"].pid),
                "postgres_backends": postgres_backends,
                "postgres_rest": postgres_rest,
                "redis": lambda: cpu_seconds(redis_pid),
            }
            # The webhook step's driver thread is the load (httpx), not a part.
            webhook_parts = {k: v for k, v in parts.items() if k != "driver"}
            steps["webhook"] = webhook(f"http://127.0.0.1:{port}/sms", n, webhook_parts)
            steps["store"] = timed(lambda i: store(engine, "in", "hi"), n, parts)
            steps["queue_hop"] = queue_hop(r, n, parts)
            outbox = lambda i: store(engine, "out", "Hi! What's your name?")  # noqa: E731
            steps["outbox"] = timed(outbox, n, parts)
            steps["send"] = send(engine, fakes, n, parts)
            engine.dispose()
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                # RQ's warm shutdown can outlast 10 s on a busy host; the measurements are done.
                proc.kill()
                proc.wait()
        fakes.stop()
        r.delete(QUEUE, DONE)
    floor = round(sum(s["p50_ms"] for s in steps.values()), 2)
    cpu = {
        name: round(sum(v for k, v in s.items() if k.startswith("cpu_")), 3)
        for name, s in steps.items()
    }
    out: dict[str, Any] = {
        "n": n,
        "steps": steps,
        "floor_p50_ms": floor,
        "cpu_ms": cpu,
        "floor_cpu_ms": round(sum(cpu.values()), 2),
    }
    if bare_ms:
        out.update(against(floor, bare_ms))
    if bare_cpu_ms:
        out.update(against_cpu(out["floor_cpu_ms"], bare_cpu_ms))
    return out


def against(floor_ms: float, bare_ms: float) -> dict[str, float]:
    """The floor set against #6's allowance of 0.15x the bare Rasa turn."""
    return {
        "bare_rasa_p50_ms": bare_ms,
        "allowance_ms": round(0.15 * bare_ms, 2),
        "best_possible_ratio": round((bare_ms + floor_ms) / bare_ms, 2),
    }


def against_cpu(floor_cpu_ms: float, bare_cpu_ms: float) -> dict[str, float]:
    """The CPU floor set against #20's 0.5x of bare Rasa's CPU per turn."""
    return {
        "bare_rasa_cpu_ms": bare_cpu_ms,
        "cpu_allowance_ms": round(0.5 * bare_cpu_ms, 2),
        "floor_cpu_ratio": round(floor_cpu_ms / bare_cpu_ms, 2),
    }


def webhook(url: str, n: int, cpu: dict[str, Reader]) -> dict[str, float]:
    with httpx.Client(timeout=10) as http:

        def post(i: int) -> None:
            params = {"MessageSid": f"SM{i}", "From": BORROWER, "To": BOT, "Body": "hi"}
            sig = sign(TOKEN, url, params)
            resp = http.post(url, data=params, headers={"X-Twilio-Signature": sig})
            if resp.status_code != 200:
                raise RuntimeError(f"webhook answered {resp.status_code}")

        return timed(post, n, cpu)


def store(engine: Any, direction: str, body: str) -> None:
    status = "received" if direction == "in" else "queued"
    with engine.begin() as conn:
        conn.execute(
            insert(texts).values(direction=direction, address=BORROWER, body=body, status=status)
        )


def queue_hop(r: redis.Redis, n: int, cpu: dict[str, Reader]) -> dict[str, float]:
    q = Queue(QUEUE, connection=r)

    def hop(i: int) -> None:
        q.enqueue("benchmarks.floor.job_ran", result_ttl=0)
        if r.blpop([DONE], timeout=10) is None:
            raise RuntimeError("the RQ worker did not run the job")

    return timed(hop, n, cpu)


def send(engine: Any, fakes: Fakes, n: int, cpu: dict[str, Reader]) -> dict[str, float]:
    client = make_client(fakes.twilio.account_sid, fakes.twilio.auth_token, fakes.twilio_server.url)
    with engine.begin() as conn:
        row_id = conn.execute(
            insert(texts)
            .values(direction="out", address=BORROWER, body="hello", status="queued")
            .returning(texts.c.id)
        ).scalar_one()

    def one(i: int) -> None:
        msg = client.messages.create(to=BORROWER, from_=BOT, body="Hi! What's your name?")
        with engine.begin() as conn:
            conn.execute(
                update(texts)
                .where(texts.c.id == row_id)
                .values(status="sent", provider_sid=msg.sid)
            )

    return timed(one, n, cpu)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--n", type=int, default=500, help="timed repetitions of each step")
    p.add_argument("--bare-ms", type=float, help="bare Rasa REST p50 to set the floor against")
    p.add_argument(
        "--bare-cpu-ms", type=float, help="bare Rasa's CPU per turn (Rasa + action server)"
    )
    p.add_argument("--json", type=Path, help="write the result here")
    args = p.parse_args(argv)
    emit(run(args.n, args.bare_ms, args.bare_cpu_ms), args.json)


if __name__ == "__main__":
    main()
