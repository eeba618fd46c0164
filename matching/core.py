"""Choose one LO: hard filters, then fit x territory x timing x learned conversion.

Pure: no I/O, no clock (``now`` is passed in), no hidden randomness (``rng`` is passed in).
Only the allowed borrower facts (``ALLOWED_INPUTS``) can reach this module: ``Borrower`` has
no other fields and ``Borrower.from_facts`` drops anything else (name, phone, consent text).

Candidates are held as arrays in a ``Pool`` indexed by licensed state, so one choice among
10,000 LOs costs a few vector operations, not 10,000 Python objects.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from functools import cached_property
from typing import Any

import numpy as np

from matching import explain
from matching.bayes import borrower_extras, expected, intro_segment, parse, thompson
from matching.learning import Prior, Stats, draw, fit_keys, market_rate, posterior
from matching.rules import (
    CREDIT_BANDS,
    FHA_BANDS,
    LANGUAGES,
    PRODUCTS,
    hours_until_open,
    preferred_products,
    product_needs,
    product_preferences,
    segment_of,
)

ALLOWED_INPUTS = (
    "loan_purpose",
    "property_state",
    "property_zip",
    "price_usd",
    "credit_band",
    "timeline",
    "first_time_buyer",
    "va_eligible",
    "occupancy",
    "self_employed",
    "language",
    "requested_product",  # a product the borrower asked for by name: then it is required
)

# Score = conversion draw x (1 + sum of bonuses). Each bonus is in words in explain.py.
WEIGHTS = {
    "language": 0.60,  # speaks the language the borrower chose to write in
    # Speaks a language other than English that this borrower does not need: few LOs do, so
    # their slots are kept for the borrowers who need it when others fit as well.
    "language_reserve": -0.80,
    "price_in_range": 0.10,  # price inside the LO's listed range
    "price_out_of_range": -0.20,
    "credit_served": 0.10,  # borrower's credit band among the bands the LO lists
    "credit_not_served": -0.20,
    "products": 0.10,  # offers the products that suit the borrower (FHA for first-timers...)
    "product_gap": -0.15,  # per preferred product missing: VA for a veteran, bank-statement...
    "zip_match": 0.15,  # the borrower's ZIP is in the LO's metro / ZIP preference
    "zip_elsewhere": -0.05,
    "hours": 0.15,  # inside working hours now (decays with the wait); doubled for timeline "now"
    "room": 0.25,  # share of intro slots free (spreads load: the Gini target, see docs)
    "speed": 0.10,  # recent minutes to accept an offer (unknown: half)
}
HOURS_DECAY = 8.0  # hours of waiting that cut the working-hours bonus to 1/e
SPEED_HALF = 30.0  # minutes to accept at which the speed bonus halves

# Why an LO is excluded, in the order the filters apply (new codes go at the end: stored
# records and `Workings.why_out` index this tuple).
EXCLUSIONS = (
    *("excluded", "unlicensed", "paused", "full", "daily_cap", "product"),
    *("unfit", "language"),  # a fit pass (matching.learning.record_pass); another language
)


@dataclass(frozen=True)
class Borrower:
    """The inputs the matcher may use, and nothing else (see ALLOWED_INPUTS)."""

    loan_purpose: str | None
    property_state: str
    price_usd: int | None = None
    credit_band: str | None = None
    language: str = "en"
    property_zip: str | None = None
    timeline: str | None = None
    first_time_buyer: bool | None = None
    va_eligible: bool | None = None
    occupancy: str | None = None
    self_employed: bool | None = None
    requested_product: str | None = None

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> Borrower:
        """Keep only the allowed inputs of `facts`; everything else is dropped unread."""
        kept = {k: facts[k] for k in ALLOWED_INPUTS if facts.get(k) is not None}
        return cls(**{"loan_purpose": None, **kept})

    def as_inputs(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Candidate:
    """One LO as the matcher sees it: roster fields plus their live load and speed."""

    id: str
    name: str
    licensed_states: frozenset[str] | set[str]
    active: bool
    active_intros: int
    max_active_intros: int
    languages: frozenset[str] | set[str]
    products: frozenset[str] | set[str]
    timezone: str = "UTC"
    working_hours: Mapping[str, Any] | None = None
    price_min_usd: int | None = None
    price_max_usd: int | None = None
    credit_bands: frozenset[str] | set[str] = frozenset()  # empty: every band
    zip_prefixes: tuple[str, ...] = ()  # empty: the whole state
    daily_cap: int | None = None
    offers_today: int = 0
    minutes_to_accept: float | None = None  # recent median; None when unknown


def seeded(seed: int | None = None) -> random.Random:
    """The matcher's randomness (Thompson sampling): seed it for a reproducible choice."""
    return random.Random(seed)  # noqa: S311 - exploration and simulation, never security


def _bits(values: Iterable[str], universe: Sequence[str]) -> int:
    return sum(1 << universe.index(v) for v in values if v in universe)


class Pool:
    """Candidates as arrays, indexed by licensed state. Build once, choose many times.

    Loads change between choices: `set_load` updates one LO in place.
    """

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        cands = sorted(candidates, key=lambda c: c.id)
        self.candidates = cands
        self.ids = [c.id for c in cands]
        self.index = {lo_id: i for i, lo_id in enumerate(self.ids)}
        states: dict[str, list[int]] = {}
        zips: dict[str, list[int]] = {}
        schedules: dict[tuple[str, str], int] = {}
        sched = []
        for i, c in enumerate(cands):
            for st in c.licensed_states:
                states.setdefault(st, []).append(i)
            for prefix in c.zip_prefixes:
                zips.setdefault(prefix, []).append(i)
            key = (c.timezone, repr(sorted(c.working_hours.items())) if c.working_hours else "")
            sched.append(schedules.setdefault(key, len(schedules)))
        self.by_state = {st: np.array(ix, dtype=np.int64) for st, ix in states.items()}
        self.by_zip = {p: np.array(ix, dtype=np.int64) for p, ix in zips.items()}
        self.schedule = np.array(sched, dtype=np.int64)
        self.schedules: list[tuple[str, Mapping[str, Any] | None]] = [None] * len(schedules)  # type: ignore[list-item]
        for i, c in enumerate(cands):
            self.schedules[sched[i]] = (c.timezone, c.working_hours)
        self.active = np.array([c.active for c in cands], dtype=bool)
        self.live = np.array([c.active_intros for c in cands], dtype=np.int64)
        self.cap = np.array([c.max_active_intros for c in cands], dtype=np.int64)
        self.today = np.array([c.offers_today for c in cands], dtype=np.int64)
        self.daily = np.array([-1 if c.daily_cap is None else c.daily_cap for c in cands])
        self.products = np.array([_bits(c.products, PRODUCTS) for c in cands], dtype=np.int64)
        self.languages = np.array([_bits(c.languages, LANGUAGES) for c in cands], dtype=np.int64)
        self.bands = np.array([_bits(c.credit_bands, CREDIT_BANDS) for c in cands], dtype=np.int64)
        nan = math.nan
        self.price_min = np.array(
            [nan if c.price_min_usd is None else c.price_min_usd for c in cands]
        )
        self.price_max = np.array(
            [nan if c.price_max_usd is None else c.price_max_usd for c in cands]
        )
        self.has_zip = np.array([bool(c.zip_prefixes) for c in cands], dtype=bool)
        self.speed = np.array(
            [nan if c.minutes_to_accept is None else c.minutes_to_accept for c in cands]
        )

        # Borrower-independent parts of the score, computed once per pool.
        self.language_bonus = {
            lang: np.where(
                (self.languages & _bits([lang], LANGUAGES)) != 0, WEIGHTS["language"], 0.0
            )
            for lang in LANGUAGES
        }
        # Speaks a language besides English that a borrower writing in `lang` does not need.
        self.reserve_bonus = {
            lang: np.where(
                (self.languages & _bits([x for x in LANGUAGES if x not in (lang, "en")], LANGUAGES))
                != 0,
                WEIGHTS["language_reserve"],
                0.0,
            )
            for lang in LANGUAGES
        }
        self.speed_bonus = np.where(
            np.isnan(self.speed),
            WEIGHTS["speed"] / 2,
            WEIGHTS["speed"] / (1.0 + np.nan_to_num(self.speed) / SPEED_HALF),
        )
        self.price_listed = ~np.isnan(self.price_min) | ~np.isnan(self.price_max)

    def __len__(self) -> int:
        return len(self.ids)

    def set_load(self, lo_id: str, active_intros: int, offers_today: int | None = None) -> None:
        i = self.index[lo_id]
        self.live[i] = active_intros
        if offers_today is not None:
            self.today[i] = offers_today


@dataclass(frozen=True)
class Workings:
    """The arrays behind one choice, kept so the explanation can be written afterwards."""

    pool: Pool
    borrower: Borrower
    now: datetime
    licensed: np.ndarray  # pool indices licensed in the borrower's state
    why_out: np.ndarray  # per licensed LO: index into EXCLUSIONS, or -1 when eligible
    eligible: np.ndarray  # pool indices
    bonuses: dict[str, np.ndarray]  # per eligible LO
    posterior: tuple[np.ndarray, np.ndarray]  # per eligible LO: (alpha, beta) or logit (mean, var)
    market: np.ndarray  # what the market converts for this borrower and this LO's fit
    resolved: np.ndarray
    theta: np.ndarray
    score: np.ndarray
    hours_wait: np.ndarray
    p0: float
    needs: list[tuple[str, frozenset[str]]]
    stats: Stats
    prior: Prior
    pairs: dict[str, np.ndarray]  # fit flags per eligible LO (matching.bayes.PAIRS)
    extras: list[str]  # the borrower's features beyond the five segment fields
    language_fallback: bool = False  # nobody eligible speaks the borrower's language

    def expected(self, k: int) -> float:
        """Expected conversion of eligible LO number k (the posterior mean)."""
        a, b = float(self.posterior[0][k]), float(self.posterior[1][k])
        if self.prior.model == "beta":
            return a / (a + b)
        return float(expected(a, b))


@dataclass(frozen=True)
class Assessment:
    lo_id: str
    name: str
    eligible: bool
    score: float
    notes: list[str] = field(default_factory=list)
    excluded: str | None = None  # why the hard filters ruled the LO out, in words


@dataclass(frozen=True)
class Decision:
    chosen_id: str | None
    reason: str
    segment: str
    workings: Workings = field(repr=False, compare=False)
    # A borrower writing in another language than English goes only to LOs who speak it
    # while one is eligible; True when none was, and the choice fell back to the others.
    language_fallback: bool = False

    @cached_property
    def assessments(self) -> list[Assessment]:
        """Every candidate in the pool with its verdict in words (written on demand)."""
        return explain.assessments(self.workings)

    def as_record(self) -> dict[str, Any]:
        """Inputs, every candidate considered, why each was excluded, why the winner won."""
        return explain.record(self)


def choose(
    b: Borrower,
    candidates: Pool | Iterable[Candidate],
    now: datetime,
    rng: random.Random,
    stats: Stats | None = None,
    exclude: Iterable[str] = (),
    prior: Prior = Prior(),  # noqa: B008 - frozen and immutable
) -> Decision:
    """Exactly one eligible LO with the best score, or nobody; the same inputs and rng state
    give the same choice."""
    pool = candidates if isinstance(candidates, Pool) else Pool(candidates)
    stats = stats if stats is not None else Stats()
    segment = segment_of(b)
    extras = borrower_extras(
        b.price_usd, b.credit_band, b.first_time_buyer, b.timeline, b.self_employed
    )
    licensed = pool.by_state.get(b.property_state, np.empty(0, dtype=np.int64))
    keys = fit_keys(intro_segment(segment, extras))
    why_out = _filter(pool, b, licensed, exclude, stats, keys)
    fallback = _prefer_language(pool, b, licensed, why_out)
    eligible = licensed[why_out < 0]
    needs = product_needs(b)

    s_lo, f_lo, s_seg, f_seg = stats.arrays(pool.ids, pool.index, segment)
    p0 = market_rate(stats, prior)
    gen = np.random.default_rng(rng.getrandbits(64))
    resolved = s_lo[eligible] + f_lo[eligible]
    pairs = _pairs(pool, b, eligible)
    if prior.model == "beta":
        alpha, beta = posterior(
            s_lo[eligible], f_lo[eligible], s_seg[eligible], f_seg[eligible], p0, prior
        )
        theta = draw(alpha, beta, resolved, p0, prior, gen) if len(eligible) else np.empty(0)
        logit, market = (alpha, beta), np.full(len(eligible), p0)
    else:
        pop_f, lo_f = parse(intro_segment(segment, extras))
        rows = stats.lo_rows(pool.ids, pool.index)[eligible]
        theta, logit, market = thompson(stats.weights, rows, pop_f, lo_f, pairs, gen)
        theta = np.where(resolved < prior.floor_n, np.maximum(theta, market), theta)
    bonuses, wait = _bonuses(pool, b, eligible, now)
    total = np.zeros(len(eligible))
    for v in bonuses.values():
        total += v
    score = theta * np.maximum(1.0 + total, 0.05)  # many penalties never make it negative
    w = Workings(
        pool, b, now, licensed, why_out, eligible, bonuses, logit, market, resolved, theta,
        score, wait, p0, needs, stats, prior, pairs, extras, fallback,
    )  # fmt: skip
    if not len(eligible):
        return Decision(None, explain.nobody(w), segment, w)
    best = int(np.argmax(score))  # ties go to the first id in order: stable
    chosen = pool.ids[int(eligible[best])]
    flags = [f for f, x in pairs.items() if x[best]]
    key = intro_segment(segment, extras + flags)
    return Decision(chosen, explain.winner(w, best), key, w, fallback)


def _prefer_language(pool: Pool, b: Borrower, ix: np.ndarray, why: np.ndarray) -> bool:
    """A borrower writing in another language than English is offered only to eligible LOs
    who speak it, before any score; returns True when none does (the others stay eligible)."""
    if b.language == "en" or b.language not in LANGUAGES:
        return False
    ok = why < 0
    speaks = (pool.languages[ix] & _bits([b.language], LANGUAGES)) != 0
    if not (ok & speaks).any():
        return bool(ok.any())
    why[ok & ~speaks] = EXCLUSIONS.index("language")
    return False


def _pairs(pool: Pool, b: Borrower, e: np.ndarray) -> dict[str, np.ndarray]:
    """The fit flags of each eligible LO for this borrower (learned as population effects)."""
    out = {"no_language": ((pool.languages[e] & _bits([b.language], LANGUAGES)) == 0) * 1.0}
    for product, _ in product_preferences(b):
        out[f"no_{product}"] = ((pool.products[e] & _bits([product], PRODUCTS)) == 0) * 1.0
    if b.credit_band in FHA_BANDS or b.credit_band == "620-679":
        out["no_fha"] = ((pool.products[e] & _bits(["fha"], PRODUCTS)) == 0) * 1.0
    return out


def _filter(
    pool: Pool,
    b: Borrower,
    ix: np.ndarray,
    exclude: Iterable[str],
    stats: Stats,
    keys: tuple[str, str],
) -> np.ndarray:
    why = np.full(len(ix), -1, dtype=np.int64)

    def mark(code: str, bad: np.ndarray) -> None:
        why[(why < 0) & bad] = EXCLUSIONS.index(code)

    skip = [pool.index[x] for x in exclude if x in pool.index]
    if skip:
        mark("excluded", np.isin(ix, skip))
    mark("paused", ~pool.active[ix])
    mark("full", pool.live[ix] >= pool.cap[ix])
    daily = pool.daily[ix]
    mark("daily_cap", (daily >= 0) & (pool.today[ix] >= daily))
    offered = pool.products[ix]
    ok = np.ones(len(ix), dtype=bool)
    for _, group in product_needs(b):
        ok &= (offered & _bits(group, PRODUCTS)) != 0
    mark("product", ~ok)
    unfit = [
        pool.index[lo] for lo, seen in stats.unfit.items() if lo in pool.index and seen & {*keys}
    ]
    if unfit:
        mark("unfit", np.isin(ix, unfit))
    return why


def _bonuses(
    pool: Pool, b: Borrower, e: np.ndarray, now: datetime
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    n, zero = len(e), np.zeros(len(e))
    out: dict[str, np.ndarray] = {}
    by_lang = pool.language_bonus.get(b.language)
    out["language"] = by_lang[e] if by_lang is not None else zero
    by_reserve = pool.reserve_bonus.get(b.language)
    out["language_reserve"] = by_reserve[e] if by_reserve is not None else zero

    if b.price_usd is not None:
        lo, hi = pool.price_min[e], pool.price_max[e]
        inside = ~(lo > b.price_usd) & ~(hi < b.price_usd)  # NaN compares False: no limit
        out["price"] = np.where(
            pool.price_listed[e],
            np.where(inside, WEIGHTS["price_in_range"], WEIGHTS["price_out_of_range"]),
            0.0,
        )
    else:
        out["price"] = zero

    if b.credit_band is not None:
        bands = pool.bands[e]
        served = (bands & _bits([b.credit_band], CREDIT_BANDS)) != 0
        out["credit"] = np.where(
            bands != 0,
            np.where(served, WEIGHTS["credit_served"], WEIGHTS["credit_not_served"]),
            0.0,
        )
    else:
        out["credit"] = zero

    if preferred := preferred_products(b):
        share = np.zeros(n)
        for p in preferred:
            share += (pool.products[e] & _bits([p], PRODUCTS)) != 0
        out["products"] = WEIGHTS["products"] * share / len(preferred)
    else:
        out["products"] = zero
    out["product_gap"] = zero.copy()
    for product, _ in product_preferences(b):
        lacks = (pool.products[e] & _bits([product], PRODUCTS)) == 0
        out["product_gap"] += np.where(lacks, WEIGHTS["product_gap"], 0.0)

    if b.property_zip:
        hit = np.zeros(len(pool), dtype=bool)
        for k in range(3, len(b.property_zip) + 1):
            ix = pool.by_zip.get(b.property_zip[:k])
            if ix is not None:
                hit[ix] = True
        out["zip"] = np.where(
            pool.has_zip[e],
            np.where(hit[e], WEIGHTS["zip_match"], WEIGHTS["zip_elsewhere"]),
            0.0,
        )
    else:
        out["zip"] = zero

    per_schedule = np.array([hours_until_open(h, tz, now) for tz, h in pool.schedules])
    hours_weight = WEIGHTS["hours"] * (2.0 if b.timeline == "now" else 1.0)
    if len(pool.schedules):  # a few schedules: the decay is computed per schedule
        sched = pool.schedule[e]
        wait = per_schedule[sched]
        out["hours"] = (hours_weight * np.exp(-per_schedule / HOURS_DECAY))[sched]
    else:
        wait, out["hours"] = zero, zero

    cap = pool.cap[e]
    free = np.where(cap > 0, 1.0 - pool.live[e] / np.maximum(cap, 1), 0.0)
    out["room"] = WEIGHTS["room"] * free
    out["speed"] = pool.speed_bonus[e]
    return out, wait
