"""Every benchmark of the project in one run, written to docs/benchmarks.md.

    make bench                                   # = .venv/bin/python -m benchmarks
    .venv/bin/python -m benchmarks --smoke --out var/benchmarks-smoke.md   # = make bench-smoke

Parts, each in its own process so each process's peak memory is its own:
1. `benchmarks.turns`: Rasa turns, our pipeline against Rasa's default (both trained on our
   data and cached by hash; the default's first training takes several minutes);
2. `benchmarks.load`: the full SMS turn through the gateway next to bare Rasa REST, and
   `benchmarks.scaled`: the same through production mode scaled out (RQ workers, two Rasa
   servers on Redis, PostgreSQL), and `benchmarks.floor`: what #6's required parts alone
   add to a turn;
3. `benchmarks.matcher`: the matcher's choice latency and exclusive throughput (PostgreSQL).

The suite reports; it never fails on slow figures. It fails when a part fails. `--smoke`
runs every part at tiny sizes with our model only (no default-pipeline training), for CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.turns import CONFIGS
from mm import rasa_env

ROOT = rasa_env.ROOT
DOC = ROOT / "docs" / "benchmarks.md"
REDIS_URL = os.environ.get("MM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
PART_TIMEOUT = 45 * 60  # seconds; every part is bounded itself, this only stops a hang

PROFILES: dict[str, dict[str, list[str]]] = {
    "full": {
        "turns": ["--models", "ours,default", "--levels", "1,10,50"],
        "load": ["--borrowers", "10,50", "--duration", "30", "--postgres"],
        "scaled": ["--borrowers", "1,10,50", "--duration", "30", "--nice", "10"],
        "floor": [],
        "matcher": [],
    },
    "smoke": {
        "turns": ["--models", "ours", "--levels", "1,4", "--duration", "3", "--no-accuracy"],
        "load": ["--borrowers", "3", "--duration", "4"],
        "scaled": [
            "--borrowers",
            "2",
            "--duration",
            "4",
            "--gateways",
            "1",
            "--rasas",
            "1",
            "--workers",
            "2",
        ],
        "floor": ["--n", "20"],
        "matcher": ["--smoke"],
    },
}


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    mem_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(mem_kib / 2**20, 1),
        "python": platform.python_version(),
        "rasa": rasa_env.RASA_VERSION,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def models(names: list[str]) -> dict[str, Any]:
    """Train (or reuse) each model; what its training took when it was trained."""
    out = {}
    for name in names:
        model = rasa_env.ensure_model(CONFIGS[name])
        out[name] = {
            "config": str(CONFIGS[name].relative_to(ROOT)),
            "model": model.name,
            **(rasa_env.training_record(model) or {}),
        }
    return out


def timed_training(workdir: Path) -> dict[str, Any]:
    """Train config.yml once more from an empty Rasa cache: the training time to report."""
    model = workdir / "model.tar.gz"
    rasa_env.train(rasa_env.CONFIG, model, fresh_cache=True)
    return {**(rasa_env.training_record(model) or {}), "cache": "empty"}


def part(module: str, args: list[str], workdir: Path) -> dict[str, Any]:
    """Run `python -m benchmarks.<module>` with `args`; its JSON result."""
    out = workdir / f"{module}.json"
    cmd = [sys.executable, "-m", f"benchmarks.{module}", *args, "--json", str(out)]
    print(f"[suite] {' '.join(cmd[1:])}", flush=True)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, timeout=PART_TIMEOUT)
    result: dict[str, Any] = json.loads(out.read_text())
    result["part_seconds"] = round(time.perf_counter() - t0, 1)
    return result


def run(profile: str, redis_url: str | None) -> dict[str, Any]:
    steps = PROFILES[profile]
    names = steps["turns"][steps["turns"].index("--models") + 1].split(",")
    results: dict[str, Any] = {"profile": profile, "machine": machine()}
    results["models"] = models(names)
    load_args = steps["load"] + (["--redis-url", redis_url] if redis_url else [])
    with tempfile.TemporaryDirectory(prefix="mm-bench-") as tmp:
        if profile == "full":
            print("[suite] timing a whole training of config.yml (empty Rasa cache)", flush=True)
            results["training"] = timed_training(Path(tmp))
        results["turns"] = part("turns", steps["turns"], Path(tmp))
        results["load"] = part("load", load_args, Path(tmp))
        results["scaled"] = part("scaled", steps["scaled"], Path(tmp))
        results["floor"] = part("floor", steps["floor"], Path(tmp))
        results["matcher"] = part("matcher", steps["matcher"], Path(tmp))
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return results


def write(results: dict[str, Any], out: Path, note: str | None) -> None:
    """Replace what follows the results marker in `out` (the prose above it is kept)."""
    head = report.HEAD
    if out.exists() and report.MARKER in out.read_text():
        head = out.read_text().split(report.MARKER)[0]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"{head}{report.MARKER}\n\n{report.render(results, note)}")
    out.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny sizes, our model only (CI)")
    p.add_argument("--out", type=Path, help=f"default {DOC.relative_to(ROOT)}")
    p.add_argument("--note", help="a line for the report, e.g. what else ran on the machine")
    p.add_argument("--no-redis", action="store_true", help="in-process webhook dedupe")
    args = p.parse_args(argv)
    out = args.out or (ROOT / "var" / "benchmarks-smoke.md" if args.smoke else DOC)
    results = run("smoke" if args.smoke else "full", None if args.no_redis else REDIS_URL)
    write(results, out, args.note)
    print(f"[suite] wrote {out}", flush=True)


if __name__ == "__main__":
    main()
