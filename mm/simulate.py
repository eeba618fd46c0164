"""`mm simulate`: synthetic mortgage markets to compare matching policies on the same seeds.

Borrowers arrive over simulated weeks. LOs have hidden true conversion rates, a hidden chance
of accepting an offer, and limited capacity: an accepted introduction holds one of the LO's
slots until its outcome, days later. Two markets:

- `classic` (the market of issue 4): skill = base x purpose x credit band, x0.35 when the LO
  does not speak the borrower's language;
- `segmented` (issue 17): 60 LOs, ~3,000 borrowers over 12 weeks; skill varies with loan
  purpose, credit band, language (Spanish skill of its own), state and a little noise per
  purpose x band cell, and with the LO's products (a self-employed borrower without a
  bank-statement LO, a veteran without VA, an FHA-fit borrower without FHA convert less);
  drift (a quarter of the LOs change skill half-way); cold start (1 in 6 LOs, 10 of 60,
  join at week 4).

Policies, each run on an identical market and arrival stream:
- matcher: `matching.core.choose` with the default model, learning only from outcomes;
- current: the same with the per-cell Beta model of issue 4 (`Prior(model="beta")`);
- fit_only: the matcher with learning switched off (what learning adds);
- round_robin, random: the next / any eligible LO;
- oracle: the eligible LO with the highest hidden rate (what there is to learn);
- race: the shared lead: five eligible LOs all get it and all dial; the fastest wins.

Reported per policy: expected conversion per introduction (the mean hidden rate of the
chosen LOs, free of outcome noise) overall, after learning and over the last 1,000
introductions; realised conversion; contacts per lead; introductions per LO (Gini); regret
against the oracle; by borrower language: introduction rate and expected conversion per lead,
and the Spanish / English ratio of expected conversion per lead (disparate-impact style).
"""

from __future__ import annotations

import heapq
import json
import math
import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from matching.core import Borrower, Candidate, Pool, choose, seeded
from matching.learning import Prior, Stats
from matching.rules import FHA_BANDS, product_needs
from vocabulary import CREDIT_BANDS

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
STATES = ("TX", "FL", "CA", "AZ", "CO", "NY")
SEG_STATES = ("TX", "OK", "FL", "CA")
SPANISH_SHARE = {"TX": 0.3, "FL": 0.25, "CA": 0.3, "AZ": 0.2, "CO": 0.1, "NY": 0.1, "OK": 0.1}
PURPOSES = (("purchase", 0.6), ("refinance", 0.22), ("cash_out_refinance", 0.12), ("heloc", 0.06))
CREDIT_MIX = (0.35, 0.3, 0.2, 0.1, 0.05)  # 740+ ... <580
EXTRA_PRODUCTS = ("fha", "va", "jumbo", "heloc", "usda", "bank_statement")
POLICIES = ("matcher", "current", "fit_only", "round_robin", "random", "oracle", "race")
SEEDS_POLICIES = ("matcher", "current", "round_robin", "random", "oracle")
RACE_SIZE = 5
MAX_TRIES = 3  # offers per borrower before giving up (pass or timeout moves to the next)
LAST = 1_000  # "the last 1,000 introductions"


@dataclass
class Skill:
    """An LO's hidden conversion: multipliers on a base rate."""

    base: float
    by_purpose: dict[str, float]
    by_credit: dict[str, float]
    spanish: float = 1.0  # skill with Spanish-speaking borrowers (when they speak Spanish)
    by_state: dict[str, float] = field(default_factory=dict)
    cell: dict[tuple[str, str], float] = field(default_factory=dict)  # purpose x band noise
    product_gaps: bool = False  # segmented market: missing preferred products cost conversion


@dataclass
class SimLO:
    public: Candidate
    skill: Skill  # hidden
    accept: float  # hidden chance of accepting an offer
    dial_minutes: float  # hidden mean time to call a shared lead
    joins: datetime = START
    drift: tuple[datetime, Skill] | None = None  # from then on, this skill

    def true_rate(self, b: Borrower, now: datetime = START) -> float:
        k = self.drift[1] if self.drift and now >= self.drift[0] else self.skill
        purpose, band = b.loan_purpose or "purchase", b.credit_band or "680-739"
        p = k.base * k.by_purpose[purpose] * k.by_credit[band]
        p *= k.by_state.get(b.property_state, 1.0) * k.cell.get((purpose, band), 1.0)
        products = self.public.products
        if b.language not in self.public.languages:
            p *= 0.35
        elif b.language == "es":
            p *= k.spanish
        if k.product_gaps:
            if b.self_employed and "bank_statement" not in products:
                p *= 0.75
            if b.va_eligible and "va" not in products:
                p *= 0.8
            if (b.credit_band in FHA_BANDS or b.credit_band == "620-679") and "fha" not in products:
                p *= 0.85
        return min(0.9, max(0.01, p))


@dataclass(frozen=True)
class Settings:
    seed: int = 7
    weeks: int = 12
    borrowers_per_day: int = 20
    los: int = 40
    market: str = "classic"  # or "segmented"


SEGMENTED = Settings(weeks=12, borrowers_per_day=36, los=60, market="segmented")


def _skill(r: random.Random, segmented: bool) -> Skill:
    sd = 0.35 if segmented else 0.3
    skill = Skill(
        base=r.betavariate(2, 5),
        by_purpose={p: math.exp(r.gauss(0, sd)) for p, _ in PURPOSES},
        by_credit={c: math.exp(r.gauss(0, sd)) for c in CREDIT_BANDS},
    )
    if segmented:
        skill.spanish = math.exp(r.gauss(0, 0.35))
        skill.by_state = {st: math.exp(r.gauss(0, 0.15)) for st in SEG_STATES}
        skill.cell = {(p, c): math.exp(r.gauss(0, 0.15)) for p, _ in PURPOSES for c in CREDIT_BANDS}
        skill.product_gaps = True
    return skill


def make_market(s: Settings) -> tuple[list[SimLO], list[tuple[datetime, Borrower]]]:
    """The LOs (public fields + hidden truth) and the borrowers' arrivals, from the seed."""
    r = seeded(s.seed)
    segmented = s.market == "segmented"
    states = SEG_STATES if segmented else STATES
    los = []
    for n in range(s.los):
        public = Candidate(
            id=f"lo{n:03d}",
            name=f"LO {n}",
            licensed_states=frozenset(r.sample(states, r.choice((1, 2, 2, 3)))),
            active=True,
            active_intros=0,
            max_active_intros=r.randint(3, 8),
            languages=frozenset({"en", "es"} if r.random() < 0.4 else {"en"}),
            products=frozenset({"conventional", *(p for p in EXTRA_PRODUCTS if r.random() < 0.45)}),
        )
        lo = SimLO(public, _skill(r, segmented), r.uniform(0.6, 0.98), r.uniform(1, 30))
        if segmented:
            if n >= s.los - s.los // 6:  # 10 of 60 join late
                lo.joins = START + timedelta(weeks=4)
            elif r.random() < 0.25:
                lo.drift = (START + timedelta(weeks=s.weeks / 2), _skill(r, segmented))
        los.append(lo)
    arrivals = []
    for day in range(7 * s.weeks):
        for _ in range(s.borrowers_per_day):
            at = START + timedelta(days=day, seconds=r.uniform(0, 86_400))
            arrivals.append((at, _borrower(r, states)))
    arrivals.sort(key=lambda t: t[0])
    return los, arrivals


def _borrower(r: random.Random, states: Sequence[str]) -> Borrower:
    state = r.choice(states)
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
    expected: list[float] = field(default_factory=list)  # hidden rate of each introduction
    late_intros: int = 0  # introductions in the second half (after learning)
    late_conversions: int = 0
    late_expected: float = 0.0
    contacts: int = 0
    unmatched: int = 0
    regret: float = 0.0
    per_lo: dict[str, int] = field(default_factory=dict)
    weekly: list[tuple[int, int, float]] = field(default_factory=list)  # intros, conv, expected
    by_language: dict[str, list[float]] = field(default_factory=dict)  # leads, intros, expected

    def summary(self, lo_ids: list[str]) -> dict[str, Any]:
        counts = [self.per_lo.get(i, 0) for i in lo_ids]
        lang = {k: v for k, v in self.by_language.items() if v[0]}
        per_lead = {k: v[2] / v[0] for k, v in lang.items()}
        return {
            "policy": self.policy,
            "leads": self.leads,
            "introductions": self.intros,
            "unmatched": self.unmatched,
            "conversion_per_intro": _ratio(self.conversions, self.intros),
            "conversion_after_learning": _ratio(self.late_conversions, self.late_intros),
            "expected": _ratio(sum(self.expected), self.intros),
            "expected_after_learning": _ratio(self.late_expected, self.late_intros),
            "expected_last_1000": _ratio(sum(self.expected[-LAST:]), len(self.expected[-LAST:])),
            "contacts_per_lead": _ratio(self.contacts, self.leads),
            "intros_per_lo_mean": round(sum(counts) / len(counts), 2),
            "intros_per_lo_max": max(counts),
            "gini": round(gini(counts), 3),
            "regret_per_intro": _ratio(self.regret, self.intros),
            "intro_rate_en": _ratio(lang.get("en", [0, 0])[1], lang.get("en", [1])[0]),
            "intro_rate_es": _ratio(lang.get("es", [0, 0])[1], lang.get("es", [1])[0]),
            "es_en_ratio": round(per_lead["es"] / per_lead["en"], 3)
            if per_lead.get("en") and "es" in per_lead
            else None,
        }


def language_ratio(results: Sequence[Result], minority: str = "es", majority: str = "en") -> float:
    """Expected conversion per lead of `minority`-language borrowers over `majority`'s,
    pooled over runs (disparate-impact style: below 0.8 is the usual warning line)."""
    lo = [sum(r.by_language.get(lang, [0.0, 0.0, 0.0])[k] for r in results) for lang in
          (minority, majority) for k in (0, 2)]  # fmt: skip
    return (lo[1] / lo[0]) / (lo[3] / lo[2])


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def gini(values: list[int]) -> float:
    """0 when every LO gets the same number of introductions, towards 1 when one gets all."""
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if not n or not total:
        return 0.0
    return sum((2 * i - n + 1) * x for i, x in enumerate(xs)) / (n * total)


def run(policy: str, s: Settings) -> Result:
    """One policy over the whole simulated market; the seed fixes market and arrivals."""
    los, arrivals = make_market(s)
    pool = Pool(lo.public for lo in los)  # sorted by id, as `los` is
    live = pool.live  # the pool reads loads from this array; it changes in place
    fate = seeded(s.seed * 1_000 + 1)  # offers, outcomes: same stream for every policy
    pick = seeded(s.seed * 1_000 + 2)
    stats = Stats()
    prior = Prior(model="beta") if policy == "current" else Prior()
    rotation = [0]
    pending: list[tuple[datetime, int, int, str, bool]] = []
    res = Result(policy, weekly=[(0, 0, 0.0) for _ in range(s.weeks)])
    half = START + timedelta(weeks=s.weeks / 2)
    learns = policy in ("matcher", "current")

    def eligible(b: Borrower, tried: set[str]) -> list[int]:
        needs = product_needs(b)
        return [
            i
            for i in pool.by_state.get(b.property_state, ())
            if pool.active[i]
            and los[i].public.id not in tried
            and live[i] < pool.cap[i]
            and all(los[i].public.products & group for _, group in needs)
        ]

    def one(b: Borrower, now: datetime, tried: set[str], ok: list[int]) -> tuple[int, str]:
        if policy in ("matcher", "current", "fit_only"):
            d = choose(b, pool, now, pick, stats, exclude=tried, prior=prior)
            return pool.index[d.chosen_id or ""], d.segment
        if policy == "oracle":
            return max(ok, key=lambda i: los[i].true_rate(b, now)), ""
        if policy == "random":
            return pick.choice(ok), ""
        rotation[0] += 1
        return ok[rotation[0] % len(ok)], ""

    seq = 0
    for now, b in arrivals:
        while pending and pending[0][0] <= now:
            _, _, i, seg, won = heapq.heappop(pending)
            live[i] -= 1
            if learns:
                stats.add(los[i].public.id, seg, float(won), float(not won))
        pool.active[:] = [lo.joins <= now for lo in los]
        res.leads += 1
        lang = res.by_language.setdefault(b.language, [0.0, 0.0, 0.0])
        lang[0] += 1
        week = min((now - START).days // 7, s.weeks - 1)
        hold = timedelta(days=fate.uniform(3, 10))
        accept_draws = [fate.random() for _ in range(RACE_SIZE * MAX_TRIES)]
        outcome_draw = fate.random()
        chosen, segment = -1, ""
        if policy == "race":
            ok = eligible(b, set())
            if ok:
                racers = pick.sample(ok, min(RACE_SIZE, len(ok)))
                res.contacts += len(racers)
                chosen = min(racers, key=lambda i: pick.expovariate(1 / los[i].dial_minutes))
                res.regret += max(los[i].true_rate(b, now) for i in ok)
                res.regret -= los[chosen].true_rate(b, now)
        else:
            tried: set[str] = set()
            for attempt in range(MAX_TRIES):
                ok = eligible(b, tried)
                if not ok:
                    break
                i, segment = one(b, now, tried, ok)
                if accept_draws[attempt] < los[i].accept:
                    chosen = i
                    res.contacts += 1
                    res.regret += max(los[j].true_rate(b, now) for j in ok)
                    res.regret -= los[i].true_rate(b, now)
                    break
                tried.add(los[i].public.id)
        if chosen < 0:
            res.unmatched += 1
            continue
        rate = los[chosen].true_rate(b, now)
        won = outcome_draw < rate
        lo_id = los[chosen].public.id
        live[chosen] += 1
        res.per_lo[lo_id] = res.per_lo.get(lo_id, 0) + 1
        res.intros += 1
        res.conversions += won
        res.expected.append(rate)
        lang[1] += 1
        lang[2] += rate
        if now >= half:
            res.late_intros += 1
            res.late_conversions += won
            res.late_expected += rate
        n, c, e = res.weekly[week]
        res.weekly[week] = (n + 1, c + won, e + rate)
        seq += 1
        heapq.heappush(pending, (now + hold, seq, chosen, segment, won))
    return res


def compare(
    s: Settings, policies: Sequence[str] = POLICIES
) -> tuple[list[dict[str, Any]], dict[str, Result]]:
    lo_ids = [lo.public.id for lo in make_market(s)[0]]
    results = {p: run(p, s) for p in policies}
    return [r.summary(lo_ids) for r in results.values()], results


SEED_METRICS = (
    "expected", "expected_last_1000", "lift", "lift_last_1000", "oracle_share",
    "gini", "es_en_ratio", "intro_rate_es", "intro_rate_en",
)  # fmt: skip


def over_seeds(
    s: Settings, seeds: Sequence[int], policies: Sequence[str] = SEEDS_POLICIES
) -> tuple[list[dict[str, Any]], dict[str, list[list[float]]]]:
    """Every policy on every seed; per policy the mean and spread (sd, min, max) of each
    metric. Lift is against round robin on the same seed; oracle_share is the policy's lift
    over the last 1,000 introductions as a share of the oracle's."""
    per: dict[str, dict[str, list[float]]] = {p: {m: [] for m in SEED_METRICS} for p in policies}
    weekly: dict[str, list[list[float]]] = {p: [] for p in policies}
    for seed in seeds:
        rows, results = compare(Settings(**{**s.__dict__, "seed": seed}), policies)
        by = {r["policy"]: r for r in rows}
        rr, oracle = by.get("round_robin"), by.get("oracle")
        for p, r in by.items():
            weekly[p].append([e / n if n else math.nan for n, _, e in results[p].weekly])
            if rr:
                r["lift"] = r["expected"] / rr["expected"]
                r["lift_last_1000"] = r["expected_last_1000"] / rr["expected_last_1000"]
            if rr and oracle:
                gain = oracle["expected_last_1000"] - rr["expected_last_1000"]
                if gain > 0:
                    r["oracle_share"] = (r["expected_last_1000"] - rr["expected_last_1000"]) / gain
            for m in SEED_METRICS:
                if r.get(m) is not None:
                    per[p][m].append(float(r[m]))
    table_rows = []
    for p in policies:
        row: dict[str, Any] = {"policy": p}
        for m, xs in per[p].items():
            if xs:
                sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
                row[m] = f"{statistics.mean(xs):.3f} ± {sd:.3f} [{min(xs):.3f}, {max(xs):.3f}]"
        table_rows.append(row)
    return table_rows, weekly


def plot(results: dict[str, Result], path: Path) -> Path:
    weekly = {p: [[e / n if n else math.nan for n, _, e in r.weekly]] for p, r in results.items()}
    return plot_weekly(weekly, path, "same market, same seed")


def plot_weekly(weekly: dict[str, list[list[float]]], path: Path, what: str) -> Path:
    """Mean weekly expected conversion per policy; the band is the min-max over seeds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, runs in weekly.items():
        arr = np.array(runs)
        weeks = range(1, arr.shape[1] + 1)
        ax.plot(weeks, np.nanmean(arr, axis=0), marker="o", label=name)
        if len(runs) > 1:
            ax.fill_between(weeks, np.nanmin(arr, axis=0), np.nanmax(arr, axis=0), alpha=0.15)
    ax.set_xlabel("simulated week")
    ax.set_ylabel("expected conversion per introduction")
    ax.set_title(f"Conversion over time by matching policy ({what})")
    ax.grid(alpha=0.3)
    ax.legend()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def table(rows: list[dict[str, Any]]) -> str:
    cols = list(dict.fromkeys(c for r in rows for c in r))
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True))]
    lines += [
        "  ".join(str(r.get(c, "")).ljust(w) for c, w in zip(cols, widths, strict=True))
        for r in rows
    ]
    return "\n".join(lines)


def main(s: Settings, plot_path: Path | None, as_json: bool, seeds: Sequence[int] = ()) -> str:
    if seeds:
        rows, weekly = over_seeds(s, seeds)
        if plot_path is not None:
            plot_weekly(weekly, plot_path, f"{s.market} market, {len(seeds)} seeds")
    else:
        rows, results = compare(s)
        if plot_path is not None:
            plot(results, plot_path)
    if as_json:
        return json.dumps(
            {"settings": s.__dict__, "seeds": list(seeds), "policies": rows}, indent=2
        )
    out = table(rows)
    if plot_path is not None:
        out += f"\nplot: {plot_path}"
    return out
