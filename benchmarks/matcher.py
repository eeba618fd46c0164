"""The matcher's figures for the suite, from the matcher's own benchmarks.

    .venv/bin/python -m benchmarks.matcher --json var/matcher.json          # full sizes
    .venv/bin/python -m benchmarks.matcher --smoke                          # small, for CI

Choice latency comes from `benchmarks.matching.latency` (1,000 / 10,000 / 100,000 LOs, both
rosters), exclusive matching throughput from `benchmarks.exclusive` on PostgreSQL (a fresh
schema, dropped after), exactly as `python -m benchmarks.matching` runs them; this module only
picks the sizes and adds the peak memory of this process and of the largest worker process.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from benchmarks import exclusive, matching
from benchmarks.measure import ChildrenPeak, emit, memory_mib

POSTGRES_URL = os.environ.get("MM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
FULL = {
    "sizes": [(1_000, 3_000), (10_000, 2_000), (100_000, 300)],  # (LOs, timed choices)
    "market": exclusive.Market(),  # 1,000 borrowers, 150 LOs x 6 slots
    "workers": 4,
}
SMOKE = {
    "sizes": [(1_000, 100)],
    "market": exclusive.Market(los=10, capacity=3, borrowers=40),
    "workers": 2,
}


def latencies(sizes: list[tuple[int, int]]) -> list[dict[str, Any]]:
    rows = []
    for los, iterations in sizes:
        for worst in (True, False):
            row: dict[str, Any] = matching.latency(los, worst, iterations)
            row["scenario"] = "all licensed in TX" if worst else "1-3 states each"
            rows.append(row)
            print(f"[matcher] {row}", flush=True)
    return rows


def throughput(market: exclusive.Market, workers: int) -> dict[str, Any]:
    schema, url = exclusive.create_schema(POSTGRES_URL)
    try:
        ids = exclusive.seed(url, market)
        with ChildrenPeak() as children:
            result: dict[str, Any] = exclusive.run(url, ids, workers=workers, copies=2)
        result |= exclusive.audit(url)
        result["worker_peak_mib"] = children.mib()
    finally:
        exclusive.drop_schema(POSTGRES_URL, schema)
    result["market"] = (
        f"{market.borrowers} borrowers, {market.los} LOs x {market.capacity} slots, "
        f"{workers} processes"
    )
    print(f"[matcher] {result}", flush=True)
    return result


def run(profile: dict[str, Any]) -> dict[str, Any]:
    rows = latencies(profile["sizes"])
    exclusive_result = throughput(profile["market"], profile["workers"])
    return {
        "latency": rows,
        "exclusive": exclusive_result,
        "memory": {
            "matcher_process": memory_mib(),
            "exclusive_worker_peak_mib": exclusive_result.pop("worker_peak_mib"),
        },
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="1,000 LOs and a 40-borrower market")
    p.add_argument("--json", type=Path, help="write the result here")
    args = p.parse_args(argv)
    result = run(SMOKE if args.smoke else FULL)
    emit(result, args.json)


if __name__ == "__main__":
    main()
