"""Rasa turn throughput and latency: our pipeline against Rasa's default, same data, same run.

    .venv/bin/python -m benchmarks.turns               # both models, 1/10/50 senders, 20 s each
    .venv/bin/python -m benchmarks.turns --models ours --levels 1,5 --duration 3 --no-accuracy

Each model is trained on exactly our domain and data (`mm.rasa_env.ensure_model(config=...)`,
cached by hash; Rasa's default config is benchmarks/rasa_default_config.yml) and served the
same way: `mm.stack.Stack`, so `rasa run` has the same flags and our action server answers
the custom actions. Senders text realistic qualification scripts (tests/conversations, English
and Spanish, each conversation under a new sender id) to Rasa's REST channel
/webhooks/rest/webhook, one message after the other's answer, for `--duration` seconds per
concurrency level (and at most `--max-turns` turns). Both servers are loaded before the first
measurement and driven one at a time, alternating model by level, so a busy moment on a shared
machine does not land on one model only. Then each model's stack runs the conversation test
set through the gateway for accuracy (benchmarks.conversations.score).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx

import mm.stack
from benchmarks.conversations import Script, load_scripts, score
from benchmarks.measure import Latencies, emit, memory_mib, seconds_since_start
from mm import rasa_env
from mm.stack import Process, Stack

ROOT = rasa_env.ROOT
CONFIGS = {
    "ours": rasa_env.CONFIG,
    "default": ROOT / "benchmarks" / "rasa_default_config.yml",
}
ROSTER = ROOT / "tests" / "fixtures" / "roster" / "e2e.yml"  # LOs with room for every match
TURN_TIMEOUT = 60.0  # seconds; a turn slower than this counts as an error


async def drive(
    rasa_url: str | list[str],
    scripts: list[Script],
    senders: int,
    duration: float,
    max_turns: int,
    tag: str,
) -> Latencies:
    """`senders` conversations at once against Rasa's REST channel; each sender sends its
    next message when the last one is answered and starts a new conversation (a new sender
    id) after the last message. Stops starting turns after `duration` s or `max_turns`.
    Several servers: each sender sticks to one, chosen as our RasaClient chooses."""
    lat = Latencies()
    deadline = time.perf_counter() + duration
    urls = [rasa_url] if isinstance(rasa_url, str) else rasa_url
    limits = httpx.Limits(max_connections=senders, max_keepalive_connections=senders)
    async with contextlib.AsyncExitStack() as clients:
        servers = [
            await clients.enter_async_context(
                httpx.AsyncClient(base_url=url, timeout=TURN_TIMEOUT, limits=limits)
            )
            for url in urls
        ]

        async def sender(k: int) -> None:
            n = 0
            while True:
                script = scripts[(k * 7 + n) % len(scripts)]
                sender_id = f"{tag}-{k}-{n}"
                http = servers[zlib.crc32(sender_id.encode()) % len(servers)]
                for text in script.messages:
                    if time.perf_counter() >= deadline or len(lat.seconds) >= max_turns:
                        return
                    t0 = time.perf_counter()
                    try:
                        r = await http.post(
                            "/webhooks/rest/webhook", json={"sender": sender_id, "message": text}
                        )
                        r.raise_for_status()
                        r.json()
                    except (httpx.HTTPError, ValueError):
                        lat.errors += 1
                        continue
                    lat.add(t0)
                n += 1

        await asyncio.gather(*(sender(k) for k in range(senders)))
    return lat


def warm_up(rasa_url: str, scripts: list[Script], tag: str) -> None:
    """Two untimed conversations: the first turns of a fresh server compile TF functions."""
    asyncio.run(drive(rasa_url, scripts[:2], 2, 30.0, 20, f"warmup-{tag}"))


@contextmanager
def patient_start(seconds: float = 900) -> Iterator[None]:
    """Let `Stack.start` wait up to `seconds` for each server instead of its 240 s.

    Loading a TensorFlow model takes ~20 s on a quiet machine but minutes while other work
    shares the 2 cores, and a benchmark should then report slow figures, not fail. Only the
    benchmark processes (`main` here and in benchmarks.load) use this; the product and the
    tests keep Stack's own limit.
    """
    wait_until = mm.stack.wait_until

    def patient(check: Any, what: str, timeout: float, proc: Any = None) -> None:
        wait_until(check, what, max(timeout, seconds), proc)

    mm.stack.wait_until = patient
    try:
        yield
    finally:
        mm.stack.wait_until = wait_until


def rasa_url(stack: Stack) -> str:
    """The stack's (first) Rasa server: bare REST turns go straight to it."""
    assert stack.svc is not None
    return stack.svc.settings.rasa_url.split(",")[0].strip()


def describe(stack: Stack, model: Path, just_started: bool) -> dict[str, Any]:
    """The model's size and training time; Rasa's load time and memory when just started."""
    rasa_pid = rasa_process(stack).proc.pid
    record = rasa_env.training_record(model) or {}
    return {
        "model": model.name,
        "model_mib": round(model.stat().st_size / 2**20, 1),
        "train_seconds": record.get("train_seconds"),
        # `rasa run` start to /status answering with the model: imports + model load.
        "load_seconds": seconds_since_start(rasa_pid) if just_started else None,
        "rasa_idle": memory_mib(rasa_pid),
    }


def start_stack(name: str, workdir: Path) -> tuple[Stack, dict[str, Any]]:
    """Train (or reuse) the model for `name` and start a stack with it; time the load."""
    model = rasa_env.ensure_model(CONFIGS[name])
    stack = Stack(
        database_url=f"sqlite:///{workdir}/{name}.db",
        log_dir=workdir / f"logs-{name}",
        roster=ROSTER,
        model=model,
    ).start()
    return stack, describe(stack, model, just_started=True)


def rasa_process(stack: Stack) -> Process:
    return next(p for p in stack.processes if p.name.startswith("rasa"))


def memory(stack: Stack) -> dict[str, Any]:
    """Peak and current memory of each process the stack started, by its name."""
    return {p.name: memory_mib(p.proc.pid) for p in stack.processes}


def measure(
    stacks: dict[str, Stack],
    levels: list[int],
    duration: float,
    max_turns: int,
    accuracy: bool,
) -> dict[str, Any]:
    """Drive each started stack's Rasa at each level, alternating models level by level,
    then (optionally) score each on the conversation test set through its gateway."""
    scripts = load_scripts()
    models: dict[str, dict[str, Any]] = {name: {"levels": {}} for name in stacks}
    for name, stack in stacks.items():
        warm_up(rasa_url(stack), scripts, name)
    for senders in levels:
        for name, stack in stacks.items():
            print(f"[turns] {name}: {senders} senders for {duration:.0f}s", flush=True)
            tag = f"{name}-{senders}-{time.time_ns()}"  # fresh conversations every run
            lat = asyncio.run(drive(rasa_url(stack), scripts, senders, duration, max_turns, tag))
            models[name]["levels"][str(senders)] = lat.summary()
            print(f"[turns]   {lat.summary()}", flush=True)
    for name, stack in stacks.items():
        if accuracy:
            print(f"[turns] {name}: conversation test set through the gateway", flush=True)
            t0 = time.perf_counter()
            models[name]["accuracy"] = score(stack.url)
            models[name]["accuracy"]["seconds"] = round(time.perf_counter() - t0, 1)
            print(f"[turns]   {models[name]['accuracy']}", flush=True)
        models[name]["memory"] = memory(stack)
    result = {"levels": levels, "duration_s": duration, "max_turns": max_turns, "models": models}
    result["ratio_over_default"] = ratios(result)
    result["driver_memory"] = memory_mib()  # this process: the gateways, fakes and senders
    return result


def compare(
    names: list[str],
    levels: list[int],
    duration: float,
    max_turns: int,
    accuracy: bool,
    workdir: Path,
) -> dict[str, Any]:
    """Start a stack per model, one after the other (so load times are not contended), keep
    them all up and measure; everything item 1 of docs/benchmarks.md reports."""
    stacks: dict[str, Stack] = {}
    described: dict[str, dict[str, Any]] = {}
    with ExitStack() as cleanup:
        for name in names:
            print(f"[turns] starting Rasa with the {name} model", flush=True)
            stacks[name], described[name] = start_stack(name, workdir)
            cleanup.callback(stacks[name].stop)
        result = measure(stacks, levels, duration, max_turns, accuracy)
    for name, info in described.items():
        result["models"][name].update(info)
    return result


def ratios(result: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Each model's throughput over Rasa's default one, per concurrency level."""
    models = result["models"]
    default = models.get("default", {}).get("levels", {})
    return {
        name: {
            level: round(s["per_s"] / default[level]["per_s"], 2)
            for level, s in m["levels"].items()
            if default.get(level, {}).get("per_s")
        }
        for name, m in models.items()
        if name != "default" and default
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--models", default="ours,default", help=f"comma list of: {', '.join(CONFIGS)}")
    p.add_argument("--levels", default="1,10,50", help="concurrent senders, comma list")
    p.add_argument("--duration", type=float, default=20.0, help="seconds per level and model")
    p.add_argument("--max-turns", type=int, default=5000, help="turn cap per level and model")
    p.add_argument("--no-accuracy", action="store_true", help="skip the conversation test set")
    p.add_argument("--json", type=Path, help="write the result here")
    args = p.parse_args(argv)
    names = [n for n in args.models.split(",") if n]
    unknown = set(names) - set(CONFIGS)
    if unknown:
        p.error(f"unknown model(s): {', '.join(sorted(unknown))}")
    levels = [int(x) for x in args.levels.split(",")]
    with tempfile.TemporaryDirectory(prefix="mm-bench-turns-") as tmp, patient_start():
        result = compare(
            names, levels, args.duration, args.max_turns, not args.no_accuracy, Path(tmp)
        )
    emit(result, args.json)


if __name__ == "__main__":
    main()
