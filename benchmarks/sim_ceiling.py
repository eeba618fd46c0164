"""How much of the oracle's lift is there to learn? The matcher's score with part of the
hidden truth handed to it, on the segmented market (issue 17's 70% target).

Each row runs the matcher unchanged (same score, bonuses, capacity, language preference,
same market and borrowers) except that its conversion draw is replaced by the LO's true
rate with only some of the hidden skill factors known (the others set to 1): the LO's base
skill; + Spanish skill; + loan purpose skill; + credit band skill (everything but the small
state and purpose x band noise); everything (`all`). The share of the oracle's lift over the
last 1,000 introductions that each reaches bounds what a learner who estimated those
factors perfectly could reach; the learned matcher is the first row.

    .venv/bin/python -m benchmarks.sim_ceiling --seeds 10

Diagnostics only: the simulator's market and oracle are not changed (the truth is read
through `SimLO.true_rate`); the matcher's draw is swapped in this process only.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np

import matching.core as core
from matching.core import Borrower
from mm import simulate

LADDER: dict[str, tuple[str, ...]] = {
    "learned (the matcher)": (),
    "knows base": ("base",),
    "knows base, Spanish": ("base", "spanish"),
    "knows base, Spanish, purpose": ("base", "spanish", "purpose"),
    "knows base, Spanish, purpose, band": ("base", "spanish", "purpose", "band"),
    "knows all": ("base", "spanish", "purpose", "band", "state", "cell"),
}


def partial_rate(lo: simulate.SimLO, b: Borrower, now: datetime, known: Sequence[str]) -> float:
    """The LO's true rate for b with the unknown skill factors set to 1 (products and
    language fit, which every LO's roster shows, stay)."""
    k = lo.drift[1] if lo.drift and now >= lo.drift[0] else lo.skill
    k = dataclasses.replace(
        k,
        by_purpose={p: v if "purpose" in known else 1.0 for p, v in k.by_purpose.items()},
        by_credit={c: v if "band" in known else 1.0 for c, v in k.by_credit.items()},
        by_state=k.by_state if "state" in known else {},
        cell=k.cell if "cell" in known else {},
        spanish=k.spanish if "spanish" in known else 1.0,
    )
    return dataclasses.replace(lo, skill=k, drift=None).true_rate(b, now)


def run_seed(seed: int, known: Sequence[str]) -> dict[str, float]:
    s = dataclasses.replace(simulate.SEGMENTED, seed=seed)
    seen: dict[str, Any] = {}
    original: dict[str, Callable[..., Any]] = {
        "pairs": core._pairs,
        "thompson": core.thompson,
        "make": simulate.make_market,
    }

    def pairs(pool: core.Pool, b: Borrower, e: np.ndarray) -> dict[str, np.ndarray]:
        seen["e"], seen["b"] = e, b
        return original["pairs"](pool, b, e)  # type: ignore[no-any-return]

    def thompson(*args: Any) -> tuple[np.ndarray, Any, np.ndarray]:
        _, logit, _ = original["thompson"](*args)  # drawn as usual: the rng stream stays
        los, b, now = seen["los"], seen["b"], seen["now"]
        true = np.array([partial_rate(los[i], b, now, known) for i in seen["e"]])
        return true, logit, np.zeros(len(true))  # no floor: the truth needs none

    def make(settings: simulate.Settings) -> Any:
        los, arrivals = original["make"](settings)
        seen["los"] = los
        return los, arrivals

    def choose(b: Borrower, *args: Any, **kw: Any) -> core.Decision:
        seen["now"] = args[1]
        return core.choose(b, *args, **kw)

    if known:
        core._pairs, core.thompson = pairs, thompson  # type: ignore[assignment]
        simulate.make_market, simulate.choose = make, choose  # type: ignore[assignment]
    try:
        rows, _ = simulate.compare(s, ("matcher", "round_robin", "oracle"))
    finally:
        core._pairs, core.thompson = original["pairs"], original["thompson"]  # type: ignore[assignment]
        simulate.make_market, simulate.choose = original["make"], core.choose
    by = {r["policy"]: r for r in rows}
    m, rr, o = by["matcher"], by["round_robin"], by["oracle"]
    gain = o["expected_last_1000"] - rr["expected_last_1000"]
    return {
        "share": (m["expected_last_1000"] - rr["expected_last_1000"]) / gain,
        "lift_last_1000": m["expected_last_1000"] / rr["expected_last_1000"],
        "gini": m["gini"],
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--first-seed", type=int, default=1)
    args = p.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    print(
        "| what the matcher's draw knows | share of the oracle's lift | lift, last 1,000 | Gini |"
    )
    print("|---|---|---|---|")
    for name, known in LADDER.items():
        runs = [run_seed(seed, known) for seed in seeds]
        cells = []
        for key in ("share", "lift_last_1000", "gini"):
            xs = [r[key] for r in runs]
            cells.append(f"{statistics.mean(xs):.3f} ± {statistics.stdev(xs):.3f}")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
