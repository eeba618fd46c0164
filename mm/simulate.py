"""`mm simulate`: a synthetic mortgage market to compare matching policies on the same seed.

Borrowers arrive over simulated weeks. LOs have hidden true conversion rates by segment
(a base skill, multipliers by loan purpose and credit band, and a steep drop when they do not
speak the borrower's language), a hidden chance of accepting an offer, and limited capacity:
an accepted introduction holds one of the LO's slots until its outcome, days later.

Policies, each run on an identical market and arrival stream:
- matcher: `matching.core.choose`, learning only from outcomes (never the hidden rates);
- fit_only: the same matcher with learning switched off (what learning adds);
- round_robin: the next eligible LO in a fixed rotation;
- random: any eligible LO;
- race: the shared lead: five eligible LOs all get it and all dial; the fastest wins.

Every policy sees the same hard filters (licensed, active, product, capacity). Reported:
conversion per introduction (overall and after learning), borrower contacts per lead,
introductions per LO with a Gini coefficient, regret against an oracle that knows the
hidden rates (per introduction: best hidden rate among that moment's eligible LOs minus the
chosen LO's), and a PNG of weekly conversion per policy.
"""

from __future__ import annotations

import heapq
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from matching.core import Borrower, Candidate, Pool, choose, seeded
from matching.learning import Stats
from matching.rules import product_needs, segment_of
from vocabulary import CREDIT_BANDS

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
STATES = ("TX", "FL", "CA", "AZ", "CO", "NY")
SPANISH_SHARE = {"TX": 0.3, "FL": 0.25, "CA": 0.3, "AZ": 0.2, "CO": 0.1, "NY": 0.1}
PURPOSES = (("purchase", 0.6), ("refinance", 0.22), ("cash_out_refinance", 0.12), ("heloc", 0.06))
CREDIT_MIX = (0.35, 0.3, 0.2, 0.1, 0.05)  # 740+ ... <580
EXTRA_PRODUCTS = ("fha", "va", "jumbo", "heloc", "usda", "bank_statement")
POLICIES = ("matcher", "fit_only", "round_robin", "random", "race")
RACE_SIZE = 5
MAX_TRIES = 3  # offers per borrower before giving up (pass or timeout moves to the next)


@dataclass
class SimLO:
    public: Candidate
    base: float  # hidden
    by_purpose: dict[str, float]  # hidden multipliers
    by_credit: dict[str, float]
    accept: float  # hidden chance of accepting an offer
    dial_minutes: float  # hidden mean time to call a shared lead

    def true_rate(self, b: Borrower) -> float:
        p = self.base * self.by_purpose[b.loan_purpose or "purchase"]
        p *= self.by_credit[b.credit_band or "680-739"]
        if b.language not in self.public.languages:
            p *= 0.35
        return min(0.9, max(0.01, p))


@dataclass(frozen=True)
class Settings:
    seed: int = 7
    weeks: int = 12
    borrowers_per_day: int = 20
    los: int = 40


def make_market(s: Settings) -> tuple[list[SimLO], list[tuple[datetime, Borrower]]]:
    """The LOs (public fields + hidden truth) and the borrowers' arrivals, from the seed."""
    r = seeded(s.seed)
    los = []
    for n in range(s.los):
        states = frozenset(r.sample(STATES, r.choice((1, 2, 2, 3))))
        extra = {p for p in EXTRA_PRODUCTS if r.random() < 0.45}
        public = Candidate(
            id=f"lo{n:03d}",
            name=f"LO {n}",
            licensed_states=states,
            active=True,
            active_intros=0,
            max_active_intros=r.randint(3, 8),
            languages=frozenset({"en", "es"} if r.random() < 0.4 else {"en"}),
            products=frozenset({"conventional", *extra}),
        )
        los.append(
            SimLO(
                public=public,
                base=r.betavariate(2, 5),
                by_purpose={p: math.exp(r.gauss(0, 0.3)) for p, _ in PURPOSES},
                by_credit={c: math.exp(r.gauss(0, 0.3)) for c in CREDIT_BANDS},
                accept=r.uniform(0.6, 0.98),
                dial_minutes=r.uniform(1, 30),
            )
        )
    arrivals = []
    for day in range(7 * s.weeks):
        for _ in range(s.borrowers_per_day):
            at = START + timedelta(days=day, seconds=r.uniform(0, 86_400))
            arrivals.append((at, _borrower(r)))
    arrivals.sort(key=lambda t: t[0])
    return los, arrivals


def _borrower(r: random.Random) -> Borrower:
    state = r.choice(STATES)
    purpose = r.choices([p for p, _ in PURPOSES], [w for _, w in PURPOSES])[0]
    return Borrower(
        loan_purpose=purpose,
        property_state=state,
        price_usd=int(math.exp(r.gauss(math.log(420_000), 0.45))),
        credit_band=r.choices(CREDIT_BANDS, CREDIT_MIX)[0],
        language="es" if r.random() < SPANISH_SHARE[state] else "en",
        timeline=r.choice(("now", "1-3 months", "3-6 months", "6+ months")),
        first_time_buyer=(r.random() < 0.4) if purpose == "purchase" else None,
        va_eligible=r.random() < 0.08,
        self_employed=r.random() < 0.08,
    )


@dataclass
class Result:
    policy: str
    leads: int = 0
    intros: int = 0
    conversions: int = 0
    late_intros: int = 0  # introductions in the second half (after learning)
    late_conversions: int = 0
    contacts: int = 0
    unmatched: int = 0
    regret: float = 0.0
    per_lo: dict[str, int] = field(default_factory=dict)
    weekly: list[tuple[int, int]] = field(default_factory=list)  # (intros, conversions)

    def summary(self, lo_ids: list[str]) -> dict[str, Any]:
        counts = [self.per_lo.get(i, 0) for i in lo_ids]
        return {
            "policy": self.policy,
            "leads": self.leads,
            "introductions": self.intros,
            "unmatched": self.unmatched,
            "conversion_per_intro": _ratio(self.conversions, self.intros),
            "conversion_after_learning": _ratio(self.late_conversions, self.late_intros),
            "contacts_per_lead": _ratio(self.contacts, self.leads),
            "intros_per_lo_mean": round(sum(counts) / len(counts), 2),
            "intros_per_lo_max": max(counts),
            "gini": round(gini(counts), 3),
            "regret_per_intro": _ratio(self.regret, self.intros),
        }


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def gini(values: list[int]) -> float:
    """0 when every LO gets the same number of introductions, towards 1 when one gets all."""
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if not n or not total:
        return 0.0
    return sum((2 * i - n + 1) * x for i, x in enumerate(xs)) / (n * total)


Chooser = Callable[[Borrower, list[SimLO], datetime, set[str]], SimLO | None]


def run(policy: str, s: Settings) -> Result:
    """One policy over the whole simulated market; the seed fixes market and arrivals."""
    los, arrivals = make_market(s)
    by_id = {lo.public.id: lo for lo in los}
    live = dict.fromkeys(by_id, 0)
    fate = seeded(s.seed * 1_000 + 1)  # offers, outcomes: same stream for every policy
    pick = seeded(s.seed * 1_000 + 2)
    stats = Stats()
    rotation = [0]
    pending: list[tuple[datetime, int, str, str, bool, int]] = []
    res = Result(policy, weekly=[(0, 0) for _ in range(s.weeks)])
    half = START + timedelta(weeks=s.weeks / 2)

    def eligible(b: Borrower, tried: set[str]) -> list[SimLO]:
        needs = product_needs(b)
        return [
            lo
            for lo in los
            if b.property_state in lo.public.licensed_states
            and lo.public.id not in tried
            and live[lo.public.id] < lo.public.max_active_intros
            and all(lo.public.products & group for _, group in needs)
        ]

    def matcher(b: Borrower, now: datetime, tried: set[str]) -> SimLO | None:
        cands = [
            replace(lo.public, active_intros=live[lo.public.id])
            for lo in los
            if b.property_state in lo.public.licensed_states
        ]
        d = choose(b, Pool(cands), now, pick, stats, exclude=tried)
        return by_id[d.chosen_id] if d.chosen_id else None

    def simple(b: Borrower, now: datetime, tried: set[str]) -> SimLO | None:
        ok = eligible(b, tried)
        if not ok:
            return None
        if policy == "random":
            return pick.choice(ok)
        rotation[0] += 1
        return ok[rotation[0] % len(ok)]

    choose_one = matcher if policy in ("matcher", "fit_only") else simple
    seq = 0
    for now, b in arrivals:
        while pending and pending[0][0] <= now:
            _, _, lo_id, seg, won, _week = heapq.heappop(pending)
            live[lo_id] -= 1
            if policy == "matcher":
                stats.add(lo_id, seg, float(won), float(not won))
        res.leads += 1
        week = min((now - START).days // 7, s.weeks - 1)
        hold = timedelta(days=fate.uniform(3, 10))
        accept_draws = [fate.random() for _ in range(RACE_SIZE * MAX_TRIES)]
        outcome_draw = fate.random()
        chosen: SimLO | None = None
        if policy == "race":
            ok = eligible(b, set())
            if ok:
                racers = pick.sample(ok, min(RACE_SIZE, len(ok)))
                res.contacts += len(racers)
                chosen = min(racers, key=lambda lo: pick.expovariate(1 / lo.dial_minutes))
                res.regret += max(lo.true_rate(b) for lo in ok) - chosen.true_rate(b)
        else:
            tried: set[str] = set()
            for attempt in range(MAX_TRIES):
                ok = eligible(b, tried)
                lo = choose_one(b, now, tried) if ok else None
                if lo is None:
                    break
                if accept_draws[attempt] < lo.accept:
                    chosen = lo
                    res.contacts += 1
                    res.regret += max(x.true_rate(b) for x in ok) - lo.true_rate(b)
                    break
                tried.add(lo.public.id)
        if chosen is None:
            res.unmatched += 1
            continue
        won = outcome_draw < chosen.true_rate(b)
        lo_id = chosen.public.id
        live[lo_id] += 1
        res.per_lo[lo_id] = res.per_lo.get(lo_id, 0) + 1
        res.intros += 1
        res.conversions += won
        if now >= half:
            res.late_intros += 1
            res.late_conversions += won
        i, c = res.weekly[week]
        res.weekly[week] = (i + 1, c + won)
        seq += 1
        heapq.heappush(pending, (now + hold, seq, lo_id, segment_of(b), won, week))
    return res


def compare(s: Settings) -> tuple[list[dict[str, Any]], dict[str, Result]]:
    lo_ids = [lo.public.id for lo in make_market(s)[0]]
    results = {p: run(p, s) for p in POLICIES}
    return [r.summary(lo_ids) for r in results.values()], results


def plot(results: dict[str, Result], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, r in results.items():
        rates = [c / i if i else float("nan") for i, c in r.weekly]
        ax.plot(range(1, len(rates) + 1), rates, marker="o", label=name)
    ax.set_xlabel("simulated week")
    ax.set_ylabel("conversion per introduction")
    ax.set_title("Conversion over time by matching policy (same market, same seed)")
    ax.grid(alpha=0.3)
    ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def table(rows: list[dict[str, Any]]) -> str:
    cols = list(rows[0])
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines += [
        "  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)) for r in rows
    ]
    return "\n".join(lines)


def main(s: Settings, plot_path: Path | None, as_json: bool) -> str:
    rows, results = compare(s)
    if plot_path is not None:
        plot(results, plot_path)
    if as_json:
        return json.dumps({"settings": s.__dict__, "policies": rows}, indent=2)
    out = table(rows)
    if plot_path is not None:
        out += f"\nplot: {plot_path}"
    return out
