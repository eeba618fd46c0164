"""Many borrowers texting production mode, scaled out, next to bare Rasa in the same run (#6).

    .venv/bin/python -m benchmarks.scaled --borrowers 10,50 --duration 30
    .venv/bin/python -m benchmarks.scaled --borrowers 3 --duration 4 --workers 2   # a smoke run

It starts the production layout of docs/production.md on loopback (tests/cluster.py):
`--gateways` `mm serve` processes, `--rasas` Rasa servers with trackers and locks in Redis,
`--workers` `mm worker` processes, `mm timers`, the action server, a Redis server of its own,
a fresh PostgreSQL schema, and the fake Twilio and Slack in this process. Then, for each
number of borrowers, two phases of `--duration` s and a burst:

1. bare Rasa: the conversation scripts straight to the Rasa servers' REST channel (each
   sender sticking to one server, as the product's RasaClient does);
2. the product: each message as Twilio delivers it, a form POST signed with the account's
   auth token to one of the gateways. The webhook stores the text and enqueues the borrower's
   lane (the acknowledgement: target p99 < 50 ms); a worker runs the turn and sends its
   replies (runtime/outbox.py: deliver_to). A turn ends when the text is processed and its
   replies have reached the fake Twilio; its latency is from the POST to the last reply's
   arrival (target: within 1.15x the bare round trip). Every borrower sends the next text
   when the turn has ended;
   their first texts are spread over the first `--ramp` s (independent borrowers do not
   text in the same millisecond), and the first texts' acknowledgements are kept apart;
3. the burst: every borrower's first text at the same instant, acknowledgements apart.

Twilio's one-segment-a-second pacing per long code is switched off here: the figures are
the product's cost per turn, and a brokerage at tens of turns a second sends from a
messaging service; pacing has its own test (tests/integration/test_scaled_out.py).
Bounded: no new turn after `--duration` s or `--max-turns` turns per phase, a turn waits at
most 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from benchmarks.conversations import Script, load_scripts
from benchmarks.load import postgres_schema, ratio
from benchmarks.measure import Latencies, emit, memory_mib
from benchmarks.turns import ROSTER, TURN_TIMEOUT, drive
from channels.twilio_signature import sign
from sandbox.fakes import Fakes
from storage.db import make_engine, session_factory, upgrade
from storage.roster import import_roster
from tests.cluster import BOT_NUMBER, PUBLIC_URL, Cluster

PRODUCT_ENV = {
    "TWILIO_SEGMENTS_PER_SECOND": "0",  # see the module's docstring
    "SLACK_POSTS_PER_SECOND": "0",
    "OUTBOX_LEASE_SECONDS": "30",
}

# Is the text processed and nothing due left unsent to its sender?
SETTLED = text(
    """
    SELECT m.status,
           (SELECT count(*) FROM messages o
             WHERE o.direction = 'out' AND o.address = :phone
               AND o.status IN ('queued', 'sending')
               AND (o.not_before IS NULL OR o.not_before <= now())) AS unsent
      FROM messages m WHERE m.provider_sid = :sid
    """
)


# Where a turn's time goes, from the rows' own timestamps (medians and p95s in ms).
STAGES = text(
    """
    WITH t AS (
      SELECT extract(epoch FROM m.done_at - m.created_at) * 1000 AS stored_to_processed,
             extract(epoch FROM o.done_at - m.done_at) * 1000 AS processed_to_sent
        FROM messages m
        JOIN LATERAL (
          SELECT max(o.done_at) AS done_at FROM messages o
           WHERE o.direction = 'out' AND o.address = m.address AND o.status = 'sent'
             AND o.created_at >= m.created_at
             AND o.created_at < coalesce((
               SELECT min(n.created_at) FROM messages n
                WHERE n.direction = 'in' AND n.address = m.address AND n.id > m.id
             ), 'infinity')
        ) o ON true
       WHERE m.direction = 'in' AND m.status = 'processed' AND m.address LIKE :phones
    )
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY stored_to_processed),
           percentile_cont(0.95) WITHIN GROUP (ORDER BY stored_to_processed),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY processed_to_sent),
           percentile_cont(0.95) WITHIN GROUP (ORDER BY processed_to_sent)
      FROM t
    """
)


def stages(engine: Any, tag: str) -> dict[str, float | None]:
    with engine.connect() as conn:
        row = conn.execute(STAGES, {"phones": f"+1512{tag}%"}).one()
    names = (
        "stored_to_processed_p50_ms",
        "stored_to_processed_p95_ms",
        "processed_to_sent_p50_ms",
        "processed_to_sent_p95_ms",
    )
    return {k: round(v, 1) if v is not None else None for k, v in zip(names, row, strict=True)}


class Arrivals:
    """Texts arriving at the fake Twilio, by number, with the time each arrived."""

    def __init__(self, fakes: Fakes, loop: asyncio.AbstractEventLoop) -> None:
        self.recorder, self.loop = fakes.twilio.messages, loop
        self.times: dict[str, list[float]] = defaultdict(list)
        self.events: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    def __enter__(self) -> Arrivals:
        record = self.recorder.add

        def add(item: dict[str, Any]) -> dict[str, Any]:
            arrived = time.perf_counter()
            out = record(item)
            self.loop.call_soon_threadsafe(self._arrived, item["to"], arrived)
            return out

        self.recorder.add = add  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        del self.recorder.add

    def _arrived(self, phone: str, at: float) -> None:
        self.times[phone].append(at)
        self.events[phone].set()


class Borrowers:
    """Simulated borrowers texting the gateways' Twilio webhook."""

    def __init__(self, cluster: Cluster, arrivals: Arrivals, engine: Any) -> None:
        self.cluster, self.arrivals, self.engine = cluster, arrivals, engine
        self.gateways = [f"http://127.0.0.1:{cluster.ports[n]}" for n in cluster.names("gateway")]
        self.ack, self.turn, self.first = Latencies(), Latencies(), Latencies()
        self.new_ack = Latencies()  # the first text of each conversation: a new borrower
        self.unanswered = 0

    def signed(self, phone: str, body: str) -> tuple[str, dict[str, str], dict[str, str]]:
        twilio = self.cluster.fakes.twilio
        sid = "SM" + secrets.token_hex(16)
        params = {
            "MessageSid": sid,
            "AccountSid": twilio.account_sid,
            "From": phone,
            "To": BOT_NUMBER,
            "Body": body,
            "NumMedia": "0",
        }
        signature = sign(twilio.auth_token, PUBLIC_URL + "/twilio/sms", params)
        return sid, params, {"X-Twilio-Signature": signature}

    def settled(self, sid: str, phone: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(SETTLED, {"sid": sid, "phone": phone}).one_or_none()
        return row is not None and row.status != "received" and row.unsent == 0

    async def ended(self, sid: str, phone: str, t0: float) -> bool:
        """Wait for the turn to end: woken by each reply's arrival, checked in the database
        (soon after an arrival, as a reply is marked sent just after it arrives; while
        nothing arrives, after a quarter second, then at most every second, for a turn
        without replies: this driver shares the cores it measures, so it polls little).
        A turn's latency is its last reply's arrival, never when a poll noticed it."""
        event, deadline, delay = self.arrivals.events[phone], t0 + TURN_TIMEOUT, 0.25
        while time.perf_counter() < deadline:
            try:
                await asyncio.wait_for(event.wait(), delay)
                event.clear()
                delay = 0.01
            except TimeoutError:
                delay = min(delay * 2, 1.0)
            if await asyncio.to_thread(self.settled, sid, phone):
                return True
        return False

    async def text(
        self, http: httpx.AsyncClient, gateway: str, phone: str, body: str, new: bool = False
    ) -> bool:
        sid, params, headers = self.signed(phone, body)
        self.arrivals.events[phone].clear()
        t0 = time.perf_counter()
        try:
            r = await http.post(gateway + "/twilio/sms", data=params, headers=headers)
        except httpx.HTTPError:
            self.ack.errors += 1
            return False
        if r.status_code != 200:
            self.ack.errors += 1
            return False
        took = self.ack.add(t0)
        if new:
            self.new_ack.seconds.append(took)
        if not await self.ended(sid, phone, t0):
            self.turn.errors += 1
            return False
        replies = [t for t in self.arrivals.times[phone] if t >= t0]
        if not replies:
            self.unanswered += 1
            return True
        self.first.seconds.append(replies[0] - t0)
        self.turn.seconds.append(replies[-1] - t0)
        self.turn.finished = time.perf_counter()
        return True

    async def run(
        self,
        scripts: list[Script],
        borrowers: int,
        duration: float,
        max_turns: int,
        tag: str,
        ramp: float = 0.0,
    ) -> None:
        deadline = time.perf_counter() + duration
        self.turn.started = self.ack.started = time.perf_counter()
        limits = httpx.Limits(max_connections=borrowers, max_keepalive_connections=borrowers)
        assert borrowers <= 99  # two digits of the phone number
        async with httpx.AsyncClient(timeout=30, limits=limits) as http:

            async def borrower(k: int) -> None:
                gateway, n = self.gateways[k % len(self.gateways)], 0
                await asyncio.sleep(ramp * k / borrowers)
                while True:
                    script = scripts[(k * 7 + n) % len(scripts)]
                    phone = f"+1512{tag}{k:02d}{n:04d}"  # Austin, TX
                    for i, body in enumerate(script.messages):
                        done = len(self.turn.seconds) + self.turn.errors
                        if time.perf_counter() >= deadline or done >= max_turns:
                            return
                        if not await self.text(http, gateway, phone, body, new=i == 0):
                            break  # this conversation is off track: a new one
                    n += 1

            await asyncio.gather(*(borrower(k) for k in range(borrowers)))
        self.first.started, self.first.finished = self.turn.started, self.turn.finished

    async def burst(self, scripts: list[Script], borrowers: int, tag: str) -> None:
        """Every borrower's first text at the same instant, each on a connection opened
        before: the thundering herd a synchronized start makes (and real traffic does not)."""
        limits = httpx.Limits(max_connections=borrowers, max_keepalive_connections=borrowers)
        async with httpx.AsyncClient(timeout=30, limits=limits) as http:
            gateways = [self.gateways[k % len(self.gateways)] for k in range(borrowers)]
            await asyncio.gather(*(http.get(g + "/healthz") for g in gateways))
            self.ack.started = self.turn.started = time.perf_counter()
            await asyncio.gather(
                *(
                    self.text(
                        http,
                        g,
                        f"+1512{tag}{k:02d}9999",
                        scripts[k % len(scripts)].messages[0],
                        new=True,
                    )
                    for k, g in enumerate(gateways)
                )
            )


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far, from /proc/PID/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def postgres_pids() -> list[int]:
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
        except OSError:
            continue
    return pids


def with_descendants(pid: int) -> list[int]:
    """The process and every process under it (Sanic and uvicorn may fork workers)."""
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children[ppid].append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        tree.append(todo.pop())
        todo.extend(children[tree[-1]])
    return tree


def cpu_by_role(cluster: Cluster) -> dict[str, float]:
    """CPU seconds so far by role (gateways, workers, Rasa servers, ..., each with the
    processes it forked) and PostgreSQL (every backend on the machine: the benchmark is its
    only client while it runs)."""
    out: dict[str, float] = defaultdict(float)
    seen: set[int] = set()
    for name, p in cluster.processes.items():
        tree = with_descendants(p.proc.pid)
        out[name.rstrip("0123456789")] += sum(cpu_seconds(pid) for pid in tree)
        seen.update(tree)
    if cluster.redis is not None and cluster.redis.process is not None:
        out["redis"] += cpu_seconds(cluster.redis.process.proc.pid)
        seen.add(cluster.redis.process.proc.pid)
    out["postgres"] = sum(cpu_seconds(pid) for pid in postgres_pids())
    driver = [pid for pid in with_descendants(os.getpid()) if pid not in seen]
    out["driver + fakes"] = sum(cpu_seconds(pid) for pid in driver)
    return out


def cpu_per_turn(before: dict[str, float], after: dict[str, float], turns: int) -> dict[str, float]:
    """Milliseconds of CPU per turn, by role."""
    return {
        role: round((after[role] - before.get(role, 0.0)) / max(turns, 1) * 1e3, 1)
        for role in after
    }


def rasa_urls(cluster: Cluster) -> list[str]:
    return [f"http://127.0.0.1:{cluster.ports[n]}" for n in cluster.names("rasa")]


def measure(
    cluster: Cluster,
    engine: Any,
    borrowers: int,
    duration: float,
    max_turns: int,
    tag: str,
    scripts: list[Script] | None = None,
    ramp: float = 1.0,
) -> dict[str, Any]:
    scripts = scripts or load_scripts()
    urls = rasa_urls(cluster)
    print(f"[scaled] bare Rasa REST ({len(urls)} servers): {borrowers} senders", flush=True)
    cpu0 = cpu_by_role(cluster)
    bare = asyncio.run(drive(urls, scripts, borrowers, duration, max_turns, f"bare{tag}"))
    cpu1 = cpu_by_role(cluster)
    bare_summary = bare.summary()
    bare_cpu = cpu_per_turn(cpu0, cpu1, len(bare.seconds))
    print(f"[scaled]   {bare_summary}\n[scaled]   cpu ms/turn {bare_cpu}", flush=True)
    print(f"[scaled] the product: {borrowers} borrowers", flush=True)

    async def product() -> Borrowers:
        with Arrivals(cluster.fakes, asyncio.get_running_loop()) as arrivals:
            b = Borrowers(cluster, arrivals, engine)
            await b.run(scripts, borrowers, duration, max_turns, tag, ramp)
        return b

    async def herd() -> Borrowers:
        with Arrivals(cluster.fakes, asyncio.get_running_loop()) as arrivals:
            b = Borrowers(cluster, arrivals, engine)
            await b.burst(scripts, borrowers, tag)
        return b

    cpu0 = cpu_by_role(cluster)
    b = asyncio.run(product())
    product_cpu = cpu_per_turn(cpu0, cpu_by_role(cluster), len(b.turn.seconds) + b.unanswered)
    print(f"[scaled]   cpu ms/turn {product_cpu}", flush=True)
    turn, ack = b.turn.summary(), b.ack.summary()
    print(f"[scaled]   turn {turn}\n[scaled]   ack {ack}", flush=True)
    new_ack = b.new_ack.summary()
    where = stages(engine, tag)
    print(f"[scaled]   first texts' ack {new_ack}\n[scaled]   stages {where}", flush=True)
    burst = asyncio.run(herd())
    burst_ack, burst_turn = burst.ack.summary(), burst.turn.summary()
    print(f"[scaled]   burst of {borrowers} first texts: ack {burst_ack}", flush=True)
    return {
        "borrowers": borrowers,
        "duration_s": duration,
        "bare_rasa": bare_summary,
        "gateway_turn": turn,
        "gateway_first_reply": b.first.summary(),
        "webhook_ack": ack,
        "webhook_ack_first_texts": new_ack,
        "ramp_s": ramp,
        "burst": {"webhook_ack": burst_ack, "turn": burst_turn},
        "unanswered_turns": b.unanswered,
        "turn_over_bare": ratio(turn, bare_summary),
        "stages": where,
        "cpu_ms_per_turn": {"bare_rasa": bare_cpu, "product": product_cpu},
    }


def memory(cluster: Cluster) -> dict[str, Any]:
    out = {name: memory_mib(p.proc.pid) for name, p in cluster.processes.items()}
    if cluster.redis is not None and cluster.redis.process is not None:
        out["redis"] = memory_mib(cluster.redis.process.proc.pid)
    out["driver + fakes"] = memory_mib()
    return out


@contextmanager
def started(
    database_url: str, log_dir: Path, gateways: int, rasas: int, workers: int, nice: int
) -> Iterator[Cluster]:
    fakes = Fakes.start()
    cluster = Cluster(
        fakes,
        database_url,
        log_dir,
        gateways=gateways,
        rasas=rasas,
        workers=workers,
        slowable_actions=False,
        extra_env=PRODUCT_ENV,
        background_nice=nice,
    )
    try:
        t0 = time.perf_counter()
        cluster.start()
        print(f"[scaled] started in {time.perf_counter() - t0:.0f}s", flush=True)
        yield cluster
    finally:
        cluster.stop()
        fakes.stop()


def warm_up(cluster: Cluster) -> None:
    """Untimed: every Rasa server compiles its TF functions, every worker connects."""
    scripts = load_scripts()[:4]
    asyncio.run(drive(rasa_urls(cluster), scripts, 4, 30.0, 40, "warmup"))


def run(
    levels: list[int],
    duration: float,
    max_turns: int,
    gateways: int,
    rasas: int,
    workers: int,
    nice: int = 0,
    ramp: float = 1.0,
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mm-bench-scaled-") as tmp, postgres_schema() as url:
        engine = make_engine(url)
        upgrade(engine)
        import_roster(session_factory(engine), ROSTER)
        with started(url, Path(tmp), gateways, rasas, workers, nice) as cluster:
            warm_up(cluster)
            runs = [
                measure(cluster, engine, n, duration, max_turns, str(2 + i), ramp=ramp)
                for i, n in enumerate(levels)
            ]
            mem = memory(cluster)
        engine.dispose()
    return {
        "layout": {"gateways": gateways, "rasa_servers": rasas, "workers": workers, "nice": nice},
        "database": "postgresql",
        "runs": runs,
        "memory": mem,
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--borrowers", default="10,50", help="borrowers at once; a comma list runs each")
    p.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    p.add_argument("--max-turns", type=int, default=20_000, help="turn cap per phase")
    p.add_argument("--gateways", type=int, default=2, help="`mm serve` processes")
    p.add_argument("--rasas", type=int, default=2, help="Rasa servers")
    p.add_argument("--workers", type=int, default=8, help="`mm worker` processes")
    p.add_argument(
        "--nice",
        type=int,
        default=0,
        help="nice value of all but the gateways (docs/production.md: a shared host)",
    )
    p.add_argument(
        "--ramp",
        type=float,
        default=1.0,
        help="seconds over which the borrowers' first texts are spread (0: all at once)",
    )
    p.add_argument("--json", type=Path, help="write the result here")
    args = p.parse_args(argv)
    result = run(
        [int(n) for n in args.borrowers.split(",")],
        args.duration,
        args.max_turns,
        args.gateways,
        args.rasas,
        args.workers,
        args.nice,
        args.ramp,
    )
    emit(result, args.json)


if __name__ == "__main__":
    main()
