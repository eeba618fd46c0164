"""Benchmark the matcher: choice latency at 1k / 10k / 100k LOs (the shared-strength model
and issue 4's per-cell model in the same run), the time to learn one outcome, exclusive
matching throughput on PostgreSQL (1,000 borrowers at once across 4 worker processes), and
the simulated markets (10 seeds of the segmented market; the classic market).

    .venv/bin/python -m benchmarks.matching            # everything; prints Markdown
    .venv/bin/python -m benchmarks.matching --write    # and writes docs/benchmarks-matching.md
    .venv/bin/python -m benchmarks.matching --no-postgres --no-simulate   # latency only

PostgreSQL: MM_BENCH_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/test; the run
creates its own schema and drops it afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from matching.core import Borrower, Candidate, Pool, choose, seeded
from matching.learning import Prior, Stats
from matching.rules import CREDIT_BANDS, PRODUCTS

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks-matching.md"
STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH "
    "NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
HOURS = (None, {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "18:00"})
NOW = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)


def roster(n: int, all_in: str | None, r: random.Random) -> list[Candidate]:
    """n synthetic LOs; all licensed in `all_in` (worst case) or in 1-3 random states."""
    out = []
    for i in range(n):
        states = {all_in} if all_in else set(r.sample(STATES, r.randint(1, 3)))
        out.append(
            Candidate(
                id=f"lo{i:06d}",
                name=f"LO {i}",
                licensed_states=frozenset(states),
                active=r.random() > 0.05,
                active_intros=r.randint(0, 6),
                max_active_intros=r.randint(3, 10),
                languages=frozenset({"en", "es"} if r.random() < 0.3 else {"en"}),
                products=frozenset({"conventional", *(p for p in PRODUCTS if r.random() < 0.4)}),
                timezone=r.choice(ZONES),
                working_hours=r.choice(HOURS),
                price_min_usd=r.choice((None, 100_000, 250_000)),
                price_max_usd=r.choice((None, 1_000_000, 3_000_000)),
                credit_bands=frozenset(r.sample(CREDIT_BANDS, 3)) if r.random() < 0.3 else (),
                zip_prefixes=(f"{r.randint(750, 799)}",) if r.random() < 0.3 else (),
                daily_cap=r.choice((None, None, 5)),
                offers_today=r.randint(0, 3),
                minutes_to_accept=r.choice((None, r.uniform(2, 90))),
            )
        )
    return out


def borrowers(state: str | None, r: random.Random, k: int = 200) -> list[Borrower]:
    return [
        Borrower(
            loan_purpose=r.choice(("purchase", "refinance", "cash_out_refinance", None)),
            property_state=state or r.choice(STATES),
            price_usd=r.choice((None, r.randint(150_000, 1_500_000))),
            credit_band=r.choice((None, *CREDIT_BANDS[:4])),
            language=r.choice(("en", "en", "es")),
            property_zip=f"{r.randint(75000, 79999)}",
            timeline=r.choice(("now", "1-3 months")),
        )
        for _ in range(k)
    ]


def learned(cands: list[Candidate], bs: list[Borrower], r: random.Random) -> Stats:
    """Every LO with outcomes in three segments (each outcome learned one at a time)."""
    stats = Stats()
    pool = Pool(cands)
    segments = [choose(b, pool, NOW, r, stats).segment for b in bs[:40]]
    for c in cands:
        for seg in r.sample(segments, 3):
            stats.add(c.id, seg, r.randint(0, 4), r.randint(0, 8))
    return stats


def update_time(n: int, iterations: int = 2_000) -> dict[str, float]:
    """Microseconds to learn one outcome (`Stats.add`, what `record_outcome` does in memory)
    with n LOs already learned."""
    r = seeded(n + 1)
    cands = roster(n, None, r)
    bs = borrowers(None, r)
    stats = learned(cands, bs, r)
    pool = Pool(cands)
    segments = [(d.chosen_id, d.segment) for b in bs if (d := choose(b, pool, NOW, r, stats))]
    pairs = [(lo, seg) for lo, seg in segments if lo is not None]
    times, cpu = [], []
    for k in range(iterations):
        lo_id, seg = pairs[k % len(pairs)]
        won = r.random() < 0.3
        t, c = time.perf_counter(), time.process_time()
        stats.add(lo_id, seg, float(won), float(not won))
        cpu.append((time.process_time() - c) * 1e6)
        times.append((time.perf_counter() - t) * 1e6)
    times.sort()
    cpu.sort()
    return {
        "los": n,
        "p50_us": round(times[len(times) // 2], 1),
        "p99_us": round(times[int(len(times) * 0.99) - 1], 1),
        "mean_us": round(statistics.mean(times), 1),
        "cpu_p50_us": round(cpu[len(cpu) // 2], 1),
        "cpu_p99_us": round(cpu[int(len(cpu) * 0.99) - 1], 1),
    }


def latency(n: int, worst_case: bool, iterations: int, model: str = "logistic") -> dict[str, float]:
    r = seeded(n)
    state = "TX" if worst_case else None
    cands = roster(n, state, r)
    t0 = time.perf_counter()
    pool = Pool(cands)
    build_ms = (time.perf_counter() - t0) * 1e3
    bs = borrowers(state, r)
    stats = learned(cands, bs, r)
    rng = seeded(0)
    prior = Prior(model=model)
    considered, times, cpu = [], [], []
    for k in range(iterations + 20):
        b = bs[k % len(bs)]
        t, c = time.perf_counter(), time.process_time()
        choose(b, pool, NOW, rng, stats, prior=prior)
        if k >= 20:  # warm-up
            cpu.append((time.process_time() - c) * 1e3)
            times.append((time.perf_counter() - t) * 1e3)
            considered.append(len(pool.by_state.get(b.property_state, ())))
    times.sort()
    cpu.sort()
    return {
        "los": n,
        "candidates": round(statistics.mean(considered)),
        "p50_ms": round(times[len(times) // 2], 3),
        "p99_ms": round(times[int(len(times) * 0.99) - 1], 3),
        "mean_ms": round(statistics.mean(times), 3),
        "cpu_p50_ms": round(cpu[len(cpu) // 2], 3),
        "cpu_p99_ms": round(cpu[int(len(cpu) * 0.99) - 1], 3),
        "pool_build_ms": round(build_ms, 1),
    }


def throughput(base_url: str) -> dict[str, object]:
    from benchmarks import exclusive

    schema, url = exclusive.create_schema(base_url)
    try:
        m = exclusive.Market()
        ids = exclusive.seed(url, m)
        result: dict[str, object] = exclusive.run(url, ids, workers=4, copies=2)
        result |= exclusive.audit(url)
        result["market"] = f"{m.borrowers} borrowers, {m.los} LOs x {m.capacity} slots"
        return result
    finally:
        exclusive.drop_schema(base_url, schema)


def machine() -> str:
    def sh(*cmd: str) -> str:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.rstrip()

    free = sh("free", "-g").splitlines()
    return "\n".join(
        [
            f"- date: {sh('date')}",
            f"- nproc: {sh('nproc')}",
            f"- cpu: {platform.processor() or platform.machine()}",
            "- free -g:",
            "```",
            *free,
            "```",
            f"- python: {platform.python_version()}",
        ]
    )


def md_table(rows: list[dict[str, object]], cols: list[str]) -> str:
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(row.get(c, "")) for c in cols) + " |" for row in rows]
    return "\n".join(lines)


def markdown(
    lat: list[dict[str, float]], upd: list[dict[str, float]], thr: dict[str, object] | None
) -> str:
    cols = ["scenario", "model", "los", "candidates", "p50_ms", "p99_ms", "mean_ms"]
    cols += ["cpu_p50_ms", "cpu_p99_ms", "pool_build_ms"]
    out = (
        "### Choice latency\n\nWall time (perf_counter) and CPU time of the process "
        "(process_time, which preemption on a shared machine inflates less).\n\n"
    )
    out += md_table(lat, cols)  # type: ignore[arg-type]
    out += "\n\n### Learning one outcome (`Stats.add`, in memory)\n\n"
    ucols = ["los", "p50_us", "p99_us", "mean_us", "cpu_p50_us", "cpu_p99_us"]
    out += md_table(upd, ucols)  # type: ignore[arg-type]
    if thr is not None:
        out += "\n\n### Exclusive matching throughput (PostgreSQL, 4 processes)\n\n"
        out += "\n".join(f"- {k}: {v}" for k, v in thr.items())
    return out


def simulated(seeds: range, write_png: bool) -> str:
    """The segmented market over `seeds` (mean ± sd [min, max]) and the classic market."""
    from mm import simulate

    t = time.perf_counter()
    rows, weekly = simulate.over_seeds(simulate.SEGMENTED, seeds)
    png = ROOT / "docs" / "simulation-segmented.png"
    if write_png:
        simulate.plot_weekly(weekly, png, f"segmented market, {len(seeds)} seeds")
    cols = ["policy", "lift", "lift_last_1000", "oracle_share", "gini", "es_en_ratio"]
    out = (
        f"### Segmented market, seeds {seeds.start}-{seeds.stop - 1} "
        f"(`mm simulate --market segmented --seeds {len(seeds)}`, "
        f"{time.perf_counter() - t:.0f} s)\n\n"
        "Mean ± sd [min, max] over seeds. lift: expected conversion per introduction over "
        "round robin's on the same seed (overall, and over the last 1,000 introductions); "
        "oracle_share: the last-1,000 lift as a share of the oracle's; gini: introductions "
        "per LO; es_en_ratio: Spanish-speaking borrowers' expected conversion per lead over "
        "English-speaking borrowers'.\n\n"
        + md_table(rows, cols)
        + "\n\n"
        + md_table(
            rows, ["policy", "expected", "expected_last_1000", "intro_rate_es", "intro_rate_en"]
        )
        + (f"\n\n![weekly expected conversion]({png.name})" if write_png else "")
    )
    classic, _ = simulate.compare(
        simulate.Settings(seed=7), ("matcher", "current", "fit_only", "round_robin", "random")
    )
    cols = ["policy", "expected", "expected_after_learning", "conversion_after_learning",
            "gini", "regret_per_intro", "es_en_ratio"]  # fmt: skip
    out += "\n\n### Classic market (issue 4's `mm simulate`, seed 7)\n\n" + md_table(classic, cols)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--no-postgres", action="store_true")
    p.add_argument("--no-simulate", action="store_true")
    p.add_argument("--seeds", type=int, default=10, help="seeds of the segmented market")
    p.add_argument("--write", action="store_true", help=f"write {DOC.relative_to(ROOT)}")
    p.add_argument("--no-100k", action="store_true", help="skip the 100,000-LO latency rows")
    args = p.parse_args()
    lat = []
    sizes = ((1_000, 3_000), (10_000, 2_000), *(() if args.no_100k else ((100_000, 300),)))
    for n, its in sizes:
        for worst in (True, False):
            for model in ("logistic", "beta") if n <= 10_000 else ("logistic",):
                row = latency(n, worst, its, model)
                row["scenario"] = "all licensed in TX" if worst else "1-3 states each"  # type: ignore[assignment]
                row["model"] = model  # type: ignore[assignment]
                lat.append(row)
                print(row, flush=True)
    upd = [update_time(n) for n in (1_000, 10_000)]
    print(upd, flush=True)
    thr = None
    if not args.no_postgres:
        url = os.environ.get("MM_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
        thr = throughput(url)
        print(thr, flush=True)
    report = markdown(lat, upd, thr)
    if not args.no_simulate:
        report += "\n\n" + simulated(range(1, args.seeds + 1), args.write)
    report += f"\n\n### Machine\n\n{machine()}\n"
    print(report)
    if args.write:
        head = DOC.read_text().split("<!-- results -->")[0] if DOC.exists() else ""
        DOC.write_text(f"{head}<!-- results -->\n\n{report}")


if __name__ == "__main__":
    main()
