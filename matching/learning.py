"""Learned conversion: a Beta posterior per LO and segment, sampled for exploration.

An introduction *converts* when it reaches an application (or a rate lock, or funding). It
fails when the borrower is lost or says nobody called. Each introduction counts once: later
outcomes only move it between success and failure (an intro that was "lost" and then came
back with an application is one success, not one of each).

Two-level shrinkage keeps sparse segments sensible:

    market rate   p0 = (S_all + m0 * base) / (N_all + m0)           empirical Bayes
    LO overall    Beta(m0 * p0 + S_lo,  m0 * (1 - p0) + F_lo)
    LO x segment  Beta(k * r_lo + S_seg, k * (1 - r_lo) + F_seg)    r_lo = LO overall mean,
                                                                    k = min(m0 + N_lo, m1)

The choice draws one sample from each eligible LO's segment posterior (Thompson sampling),
so uncertain LOs are tried in proportion to their chance of being best. The new-LO floor:
until an LO has `floor_n` resolved introductions, its draw is never below the market rate,
so a couple of early losses cannot starve a newcomer of introductions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.bayes import Weights
from vocabulary import FIT_PASS_REASONS, PASS_REASONS
from vocabulary import OUTCOMES as OUTCOMES  # matching/__init__.py and store.py read it here

SUCCESS = frozenset({"application", "locked", "funded"})
FAILURE = frozenset({"lost", "nobody_called"})
OVERALL = "*"


@dataclass(frozen=True)
class Prior:
    base_rate: float = 0.25  # what we believe before any outcome in the whole market
    market_strength: float = 4.0  # m0: pseudo-outcomes behind the market rate, per LO
    segment_strength: float = 8.0  # m1: at most this many pseudo-outcomes behind an LO's rate
    floor_n: int = 10  # resolved introductions before an LO leaves the new-LO floor
    model: str = "logistic"  # "logistic" (matching.bayes, shares strength) or "beta" (per cell)


def credit(previous: Iterable[str], outcome: str) -> tuple[float, float]:
    """The change (successes, failures) that `outcome` makes, given the intro's earlier ones."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; expected one of {', '.join(OUTCOMES)}")
    earlier = list(previous)
    before, after = _state(earlier), _state([*earlier, outcome])
    successes = float(after == "success") - float(before == "success")
    failures = float(after == "failure") - float(before == "failure")
    return successes, failures


def record_outcome(
    stats: Stats, lo_id: str, segment: str, earlier: Iterable[str], outcome: str
) -> tuple[float, float]:
    """Learn from one outcome of one introduction (pure; `matching.store.record_outcome` is
    the database version). `earlier` are the intro's previous outcomes."""
    successes, failures = credit(earlier, outcome)
    if successes or failures:
        stats.add(lo_id, segment, successes, failures)
    return successes, failures


def fit_keys(segment: str) -> tuple[str, str]:
    """(licence key, product key) of an introduction's segment: what a fit pass rules out.

    "state:TX" for "not licensed"; for "not my product" the loan the borrower needs, e.g.
    "product:refinance/fha" or "product:purchase/conv/jumbo/self_employed".
    """
    parts = segment.split("|")
    state, purpose, _, prog = (parts + ["any"] * 4)[:4]
    extras = parts[5].split(",") if len(parts) > 5 and parts[5] else []
    kind = [purpose, prog]
    kind += [x for x, flag in (("jumbo", "price:jumbo"), ("self_employed", "self_employed"))
             if flag in extras]  # fmt: skip
    return f"state:{state}", "product:" + "/".join(kind)


def record_pass(stats: Stats, lo_id: str, segment: str, reason: str | None) -> str | None:
    """Learn from an LO passing on an offer (pure; `matching.store.record_pass` is the
    database version). `segment` is the offer's `Decision.segment`.

    A fit reason ("not_my_product", "not_licensed") says the LO cannot serve borrowers like
    this one: they are not offered such a borrower again (the key returned: the borrower's
    loan, or their state). "too_busy", "other" and no reason teach nothing: a pass says
    nothing about how well the LO converts. Conversion counts never change here.
    """
    if reason is not None and reason not in PASS_REASONS:
        raise ValueError(
            f"unknown pass reason {reason!r}; expected one of {', '.join(PASS_REASONS)}"
        )
    if reason not in FIT_PASS_REASONS:
        return None
    state_key, product_key = fit_keys(segment)
    key = state_key if reason == "not_licensed" else product_key
    stats.unfit.setdefault(lo_id, set()).add(key)
    return key


def _state(outcomes: Iterable[str]) -> str:
    """success once any success was reported (the LO converted it); failure if only failures."""
    seen = set(outcomes)
    if seen & SUCCESS:
        return "success"
    if seen & FAILURE:
        return "failure"
    return "open"


def base_segment(segment: str) -> str:
    """The five-field key the counts are kept under (state|purpose|band|programme|language)."""
    return "|".join(segment.split("|")[:5])


@dataclass
class Stats:
    """What the matcher has learned: observed successes and failures per (LO, segment), with
    OVERALL the LO across segments, and the logistic model's weights (`matching.bayes`).

    Arrays for a pool are cached until the counts change (`version`).
    """

    counts: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # seg -> lo -> [s, f]
    version: int = 0
    weights: Weights = field(default_factory=Weights)
    unfit: dict[str, set[str]] = field(default_factory=dict)  # lo -> fit keys (`record_pass`)
    _total: list[float] = field(default_factory=lambda: [0.0, 0.0])
    _cache: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    _cache_key: tuple[object, int] | None = None
    _rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    _rows_key: tuple[object, int] | None = None

    def add(self, lo_id: str, segment: str, successes: float, failures: float) -> None:
        """Learn one introduction's change in outcome; `segment` is `Decision.segment`."""
        self.weights.update(lo_id, segment, successes, failures)
        for seg in (OVERALL, base_segment(segment)):
            row = self.counts.setdefault(seg, {}).setdefault(lo_id, [0.0, 0.0])
            row[0] += successes
            row[1] += failures
        self._total[0] += successes
        self._total[1] += failures
        self.version += 1

    def set(self, lo_id: str, segment: str, successes: float, failures: float) -> None:
        """Load one stored row (the store reads OVERALL and segment rows separately)."""
        rows = self.counts.setdefault(segment, {})
        if segment == OVERALL:
            old = rows.get(lo_id, [0.0, 0.0])
            self._total[0] += successes - old[0]
            self._total[1] += failures - old[1]
        rows[lo_id] = [successes, failures]
        self.version += 1

    def get(self, lo_id: str, segment: str = OVERALL) -> tuple[float, float]:
        s, f = self.counts.get(base_segment(segment), {}).get(lo_id, (0.0, 0.0))
        return s, f

    def lo_rows(self, ids: Sequence[str], index: dict[str, int]) -> np.ndarray:
        """Each pool LO's row in the weights (0: no outcomes yet), cached per pool until an
        LO gets their first outcome."""
        n = len(self.weights.rows)
        if self._rows_key is None or self._rows_key[0] is not index or self._rows_key[1] != n:
            rows = self.weights.rows
            self._rows = np.array([rows.get(i, 0) for i in ids], dtype=np.int64)
            self._rows_key = (index, n)
        return self._rows

    def totals(self) -> tuple[float, float]:
        return self._total[0], self._total[1]

    def arrays(
        self, ids: Sequence[str], index: dict[str, int], segment: str
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(S_lo, F_lo, S_seg, F_seg) aligned with `ids`, cached until the counts change."""
        segment = base_segment(segment)
        if (
            self._cache_key is None
            or self._cache_key[0] is not index
            or (self._cache_key[1] != self.version)
        ):
            self._cache, self._cache_key = {}, (index, self.version)
        for seg in (OVERALL, segment):
            if seg not in self._cache:
                if len(self._cache) > 4096:
                    self._cache = {k: v for k, v in self._cache.items() if k == OVERALL}
                self._cache[seg] = _fill(len(ids), index, self.counts.get(seg, {}))
        (s_lo, f_lo), (s_seg, f_seg) = self._cache[OVERALL], self._cache[segment]
        return s_lo, f_lo, s_seg, f_seg


def _fill(
    n: int, index: dict[str, int], rows: dict[str, list[float]]
) -> tuple[np.ndarray, np.ndarray]:
    s, f = np.zeros(n), np.zeros(n)
    for lo_id, (succ, fail) in rows.items():
        i = index.get(lo_id)
        if i is not None:
            s[i], f[i] = succ, fail
    return s, f


def market_rate(stats: Stats, prior: Prior) -> float:
    s, f = stats.totals()
    m = prior.market_strength
    return (s + m * prior.base_rate) / (s + f + m)


def posterior(
    s_lo: np.ndarray,
    f_lo: np.ndarray,
    s_seg: np.ndarray,
    f_seg: np.ndarray,
    p0: float,
    prior: Prior,
) -> tuple[np.ndarray, np.ndarray]:
    """Beta(alpha, beta) of each LO's conversion in the segment (see the module docstring)."""
    a_lo = prior.market_strength * p0 + s_lo
    b_lo = prior.market_strength * (1 - p0) + f_lo
    k = np.minimum(a_lo + b_lo, prior.segment_strength)
    r = a_lo / (a_lo + b_lo)
    return k * r + s_seg, k * (1 - r) + f_seg


def draw(
    alpha: np.ndarray,
    beta: np.ndarray,
    resolved: np.ndarray,
    p0: float,
    prior: Prior,
    gen: np.random.Generator,
) -> np.ndarray:
    """One Thompson sample per LO, with the new-LO floor applied."""
    theta = gen.beta(alpha, beta)
    return np.where(resolved < prior.floor_n, np.maximum(theta, p0), theta)
