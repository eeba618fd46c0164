"""Many borrowers texting at once through the whole stack, next to bare Rasa.

    .venv/bin/python -m benchmarks.load --borrowers 50 --duration 60
    .venv/bin/python -m benchmarks.load --borrowers 5 --duration 10 --postgres --redis-url URL

It starts `mm.stack.Stack` (our model, the action server, the gateway, fake Twilio and Slack,
all on loopback) and runs two phases of `--duration` seconds with `--borrowers` simulated
borrowers each, one message after the bot's answer, a new conversation (and number) after
the last message of a script from tests/conversations:

1. bare Rasa: the scripts straight to Rasa's REST channel, as `benchmarks.turns` does;
2. the gateway: each message as Twilio delivers it, a form POST to /twilio/sms signed with
   the account's auth token. The webhook answers at once (the acknowledgement, target p99
   < 50 ms) and the dialogue runs in the borrower's lane; the turn ends when the lane's job
   is done, and its latency is from the POST to the last reply's arrival at the fake Twilio
   (target: within 1.15x the bare Rasa round trip).

Bounded: no new turn after `--duration` s or `--max-turns` turns per phase, and a turn
waits at most 60 s. The database is a fresh SQLite file (the sandbox's) unless
`--database-url` or `--postgres` (a fresh schema in MM_BENCH_POSTGRES_URL, dropped after).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from benchmarks.conversations import Script, load_scripts
from benchmarks.measure import Latencies, emit, memory_mib
from benchmarks.turns import (
    ROSTER,
    TURN_TIMEOUT,
    drive,
    memory,
    patient_start,
    rasa_url,
    warm_up,
)
from channels.twilio_signature import sign
from mm import rasa_env
from mm.stack import Stack
from storage.models import Borrower

POSTGRES_URL = os.environ.get("MM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


class Watch:
    """What the gateway did, seen from outside: texts arriving at the fake Twilio (by number,
    with the time they arrived) and dialogue jobs finishing (by borrower). The hooks only
    observe, cross into the driver's event loop thread-safely, and are removed on exit, so a
    shared stack (the tests' one) is left as it was."""

    def __init__(self, stack: Stack, loop: asyncio.AbstractEventLoop) -> None:
        assert stack.fakes is not None and stack.svc is not None
        self.recorder, self.lanes, self.loop = stack.fakes.twilio.messages, stack.svc.lanes, loop
        self.arrivals: dict[str, list[float]] = defaultdict(list)
        self.jobs_done: Counter[int] = Counter()
        self.changed: dict[int, asyncio.Event] = defaultdict(asyncio.Event)

    def __enter__(self) -> Watch:
        record, submit, loop = self.recorder.add, self.lanes.submit, self.loop

        def add(item: dict[str, Any]) -> dict[str, Any]:
            arrived = time.perf_counter()
            out = record(item)
            loop.call_soon_threadsafe(self.arrivals[item["to"]].append, arrived)
            return out

        def submit_watched(key: Any, job: Any) -> Any:
            future = submit(key, job)
            future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._job_done, key))
            return future

        self.recorder.add = add  # type: ignore[method-assign]
        self.lanes.submit = submit_watched  # type: ignore[method-assign]
        return self

    async def settled(self, timeout: float) -> None:
        """Wait (bounded) for jobs still running, so no hook fires after the loop is gone."""
        deadline = time.perf_counter() + timeout
        while not self.lanes.idle() and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        del self.recorder.add, self.lanes.submit  # the instance attributes: back to the class's

    def _job_done(self, borrower_id: int) -> None:
        self.jobs_done[borrower_id] += 1
        self.changed[borrower_id].set()

    async def jobs(self, borrower_id: int, count: int) -> None:
        """Wait until `count` dialogue jobs of this borrower have finished."""
        while self.jobs_done[borrower_id] < count:
            event = self.changed[borrower_id]
            event.clear()
            await event.wait()


class Gateway:
    """Simulated borrowers texting the gateway's Twilio webhook."""

    def __init__(self, stack: Stack, watch: Watch) -> None:
        assert stack.svc is not None
        self.stack, self.watch, self.settings = stack, watch, stack.svc.settings
        self.ack, self.turn, self.first = Latencies(), Latencies(), Latencies()
        self.unanswered = 0
        self.ids: dict[str, int] = {}

    def signed(self, phone: str, body: str) -> tuple[dict[str, str], dict[str, str]]:
        params = {
            "MessageSid": "SM" + secrets.token_hex(16),
            "AccountSid": self.settings.twilio_account_sid,
            "From": phone,
            "To": self.settings.twilio_from_number,
            "Body": body,
            "NumMedia": "0",
        }
        url = self.settings.public_base_url + "/twilio/sms"
        return params, {"X-Twilio-Signature": sign(self.settings.twilio_auth_token, url, params)}

    def borrower_id(self, phone: str) -> int:
        assert self.stack.svc is not None
        with self.stack.svc.sessions() as s:
            return s.scalars(select(Borrower.id).where(Borrower.phone == phone)).one()

    async def text(self, http: httpx.AsyncClient, phone: str, body: str, nth: int) -> int | None:
        """One turn; returns the borrower's id (known after the first message) or None."""
        params, headers = self.signed(phone, body)
        t0 = time.perf_counter()
        try:
            r = await http.post("/twilio/sms", data=params, headers=headers)
        except httpx.HTTPError:
            self.ack.errors += 1
            return None
        if r.status_code != 200:
            self.ack.errors += 1
            return None
        self.ack.add(t0)
        borrower_id = self.ids.get(phone)
        if borrower_id is None:  # stored by the webhook before it answered
            borrower_id = self.ids[phone] = await asyncio.to_thread(self.borrower_id, phone)
        try:
            await asyncio.wait_for(self.watch.jobs(borrower_id, nth), TURN_TIMEOUT)
        except TimeoutError:
            self.turn.errors += 1
            return borrower_id
        replies = [t for t in self.watch.arrivals[phone] if t >= t0]
        if not replies:
            self.unanswered += 1
            return borrower_id
        self.first.seconds.append(replies[0] - t0)
        self.turn.seconds.append(replies[-1] - t0)
        self.turn.finished = time.perf_counter()
        return borrower_id

    async def run(
        self, scripts: list[Script], borrowers: int, duration: float, max_turns: int
    ) -> None:
        deadline = time.perf_counter() + duration
        self.turn.started = time.perf_counter()
        limits = httpx.Limits(max_connections=borrowers, max_keepalive_connections=borrowers)
        async with httpx.AsyncClient(base_url=self.stack.url, timeout=30, limits=limits) as http:

            async def borrower(k: int) -> None:
                n = 0
                while True:
                    script = scripts[(k * 7 + n) % len(scripts)]
                    phone = f"+1737{k:03d}{n:04d}"
                    for nth, body in enumerate(script.messages, start=1):
                        done = len(self.turn.seconds) + self.turn.errors
                        if time.perf_counter() >= deadline or done >= max_turns:
                            return
                        if await self.text(http, phone, body, nth) is None:
                            break  # not accepted: this number's job count is off, move on
                    n += 1

            await asyncio.gather(*(borrower(k) for k in range(borrowers)))


def ratio(ours: dict[str, float], bare: dict[str, float]) -> dict[str, float]:
    return {
        key: round(ours[key] / bare[key], 2) if bare.get(key) else 0.0
        for key in ("p50_ms", "p95_ms", "p99_ms", "mean_ms")
    }


def measure(
    stack: Stack,
    borrowers: int,
    duration: float,
    max_turns: int,
    scripts: list[Script] | None = None,
) -> dict[str, Any]:
    """Both phases against a started stack; returns the figures as a JSON-able dict."""
    scripts = scripts or load_scripts()
    url = rasa_url(stack)
    warm_up(url, scripts, "load")
    print(f"[load] bare Rasa REST: {borrowers} senders for {duration:.0f}s", flush=True)
    bare = asyncio.run(drive(url, scripts, borrowers, duration, max_turns, "bare")).summary()
    print(f"[load]   {bare}", flush=True)
    print(f"[load] gateway: {borrowers} borrowers for {duration:.0f}s", flush=True)

    async def through_gateway() -> Gateway:
        with Watch(stack, asyncio.get_running_loop()) as watch:
            gateway = Gateway(stack, watch)
            await gateway.run(scripts, borrowers, duration, max_turns)
            await watch.settled(TURN_TIMEOUT)
        return gateway

    gw = asyncio.run(through_gateway())
    turn, ack = gw.turn.summary(), gw.ack.summary()
    first = gw.first
    first.started, first.finished = gw.turn.started, gw.turn.finished
    print(f"[load]   turn {turn}\n[load]   ack {ack}", flush=True)
    return {
        "borrowers": borrowers,
        "duration_s": duration,
        "bare_rasa": bare,
        "gateway_turn": turn,
        "gateway_first_reply": first.summary(),
        "webhook_ack": ack,
        "unanswered_turns": gw.unanswered,
        "turn_over_bare": ratio(turn, bare),
        "memory": {"gateway + fakes + driver": memory_mib(), **memory(stack)},
    }


@contextmanager
def postgres_schema() -> Iterator[str]:
    from benchmarks import exclusive

    schema, url = exclusive.create_schema(POSTGRES_URL)
    try:
        yield url
    finally:
        exclusive.drop_schema(POSTGRES_URL, schema)


def run(
    levels: list[int],
    duration: float,
    max_turns: int,
    database_url: str | None = None,
    redis_url: str | None = None,
    postgres: bool = False,
) -> dict[str, Any]:
    """Start a stack with our model, measure each number of borrowers in turn, stop."""
    with tempfile.TemporaryDirectory(prefix="mm-bench-load-") as tmp:
        with postgres_schema() if postgres else _given(database_url, tmp) as url:
            stack = Stack(
                database_url=url,
                redis_url=redis_url,
                roster=ROSTER,
                log_dir=Path(tmp) / "logs",
                model=rasa_env.ensure_model(),
            )
            with stack:
                runs = [measure(stack, n, duration, max_turns) for n in levels]
    return {
        "runs": runs,
        "database": "postgresql" if url.startswith("postgres") else "sqlite",
        "dedupe": "redis" if redis_url else "in-process",
    }


@contextmanager
def _given(database_url: str | None, tmp: str) -> Iterator[str]:
    yield database_url or f"sqlite:///{tmp}/load.db"


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--borrowers", default="50", help="borrowers at once; a comma list runs each")
    p.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    p.add_argument("--max-turns", type=int, default=20_000, help="turn cap per phase")
    p.add_argument("--database-url", help="default: a fresh SQLite file in a temp dir")
    p.add_argument("--postgres", action="store_true", help="a fresh PostgreSQL schema instead")
    p.add_argument("--redis-url", help="webhook dedupe in this Redis (default: in-process)")
    p.add_argument("--json", type=Path, help="write the result here")
    args = p.parse_args(argv)
    with patient_start():
        result = run(
            [int(n) for n in args.borrowers.split(",")],
            args.duration,
            args.max_turns,
            args.database_url,
            args.redis_url,
            args.postgres,
        )
    emit(result, args.json)


if __name__ == "__main__":
    main()
