"""Learned conversion that shares strength: hierarchical Bayesian logistic regression.

    logit P(convert) = sum_f x_f * (w_f + d_lo,f)

`w` are population effects of the borrower's features (purpose, credit band, language, VA,
FHA fit, price bucket, first-time buyer, timeline, state, self-employed) and of the
introduction's fit (the LO speaks the borrower's language, lacks the VA / bank-statement /
FHA product the borrower would prefer). `d_lo` are each LO's deviations on the borrower
features (bias, purpose, band, language, ...), with prior N(0, tau^2): an LO with no outcomes
is the population, and what one LO's refinances teach is shared by every state and band.

The posterior is a diagonal Gaussian updated online, one outcome at a time, by a Laplace
step (Chapelle & Li 2011, "An Empirical Evaluation of Thompson Sampling", algorithm 3, done
per observation): the mode of prior x likelihood lies on the line m + t * (v * x), so a 1-D
Newton solve finds it, then each touched precision grows by x^2 p (1 - p). Before an LO's
update its variances relax a little towards the prior (`forget`), so skill that drifts is
followed. Thompson sampling draws the population effects once per choice and each LO's
linear predictor from N(sum of means, sum of variances). See docs/matching.md for why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from matching.rules import CONFORMING_LIMIT_USD, FHA_BANDS

POP = "*"  # the population's owner id in stored weights


@dataclass(frozen=True)
class Hyper:
    """The model's prior; docs/matching.md says how these were chosen (simulator runs)."""

    base_rate: float = 0.25  # prior conversion for a borrower we know nothing about
    bias_sd: float = 1.0  # the market's overall rate: anywhere from ~8% to ~50%
    pop_sd: float = 0.5  # one population effect (refinances, Spanish, ...): e^0.5 odds either way
    lo_bias_sd: float = 0.7  # how far one LO's overall skill may sit from the market
    lo_sd: float = 0.35  # one LO's deviation on one feature (refinances, Spanish, ...)
    forget: float = 0.01  # share of the prior variance an LO's weight regains per outcome
    explore: float = 0.5  # scale of the Thompson draw's spread (1: plain Thompson sampling)
    no_language: float = -0.7  # prior: half the odds when the LO cannot speak with them


# Borrower features on which each LO has a deviation of their own (prefixes).
LO_LEVEL = ("bias", "purpose:", "band:", "lang:", "va", "self_employed")


def price_bucket(price: int) -> str:
    if price < 250_000:
        return "under_250k"
    if price < 500_000:
        return "250k_500k"
    if price <= CONFORMING_LIMIT_USD:
        return "500k_conforming"
    return "jumbo"


@lru_cache(maxsize=8192)
def parse(segment: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(population features, LO-level features) of an introduction's segment key.

    The key is `state|purpose|band|programme|language[|extra,extra,...]` (see
    `matching.rules.segment_of` and `intro_segment`); a five-field key from before the extras
    existed still parses.
    """
    parts = segment.split("|")
    state, purpose, band, prog, lang = (parts + ["any"] * 5)[:5]
    feats = ["bias", f"state:{state}", f"lang:{lang}"]
    if purpose != "any":
        feats.append(f"purpose:{purpose}")
    if band != "any":
        feats.append(f"band:{band}")
    if prog == "va":
        feats.append("va")
    if len(parts) > 5 and parts[5]:
        feats.extend(parts[5].split(","))
    pop = tuple(feats)
    lo = tuple(f for f in pop if f.startswith(LO_LEVEL))
    return pop, lo


def borrower_extras(
    price_usd: int | None,
    credit_band: str | None,
    first_time_buyer: bool | None,
    timeline: str | None,
    self_employed: bool | None,
) -> list[str]:
    """The borrower's features beyond the five segment fields."""
    out = []
    if price_usd is not None:
        out.append(f"price:{price_bucket(price_usd)}")
    if credit_band in FHA_BANDS or credit_band == "620-679":
        out.append("fha_fit")
    if first_time_buyer:
        out.append("first_time")
    if timeline:
        out.append(f"timeline:{timeline}")
    if self_employed:
        out.append("self_employed")
    return out


def sigmoid(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-x))
    return out


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-35.0, min(35.0, x))))


@dataclass
class Weights:
    """Means and variances: population effects in dicts, LO deviations in dense arrays.

    The LO arrays are feature x LO (one contiguous row per feature, so a choice gathers a
    few rows). LO 0 is never written: an LO without outcomes reads it (the prior).
    """

    hyper: Hyper = field(default_factory=Hyper)
    pop: dict[str, list[float]] = field(default_factory=dict)  # feature -> [mean, var]
    rows: dict[str, int] = field(default_factory=dict)  # lo_id -> row
    cols: dict[str, int] = field(default_factory=dict)  # LO-level feature -> column
    mean: np.ndarray = field(default_factory=lambda: np.zeros((0, 1)))
    var: np.ndarray = field(default_factory=lambda: np.zeros((0, 1)))
    prior_var: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per column
    version: int = 0

    # --- the prior -------------------------------------------------------------------------

    def pop_prior(self, feature: str) -> tuple[float, float]:
        h = self.hyper
        if feature == "bias":
            return math.log(h.base_rate / (1 - h.base_rate)), h.bias_sd**2
        if feature == "no_language":
            return h.no_language, h.pop_sd**2
        return 0.0, h.pop_sd**2

    def lo_prior_var(self, feature: str) -> float:
        return self.hyper.lo_bias_sd**2 if feature == "bias" else self.hyper.lo_sd**2

    # --- storage ---------------------------------------------------------------------------

    def pop_get(self, feature: str) -> tuple[float, float]:
        row = self.pop.get(feature)
        return (row[0], row[1]) if row else self.pop_prior(feature)

    def col(self, feature: str) -> int:
        c = self.cols.get(feature)
        if c is None:
            c = self.cols[feature] = len(self.cols)
            pv = self.lo_prior_var(feature)
            self.prior_var = np.append(self.prior_var, pv)
            self.mean = np.vstack([self.mean, np.zeros((1, self.mean.shape[1]))])
            self.var = np.vstack([self.var, np.full((1, self.var.shape[1]), pv)])
        return c

    def row(self, lo_id: str) -> int:
        r = self.rows.get(lo_id)
        if r is None:
            r = self.rows[lo_id] = len(self.rows) + 1
            if r >= self.mean.shape[1]:  # grow by doubling: amortised O(1) per new LO
                grow = max(8, self.mean.shape[1])
                self.mean = np.hstack([self.mean, np.zeros((self.mean.shape[0], grow))])
                prior = np.repeat(self.prior_var[:, None], grow, axis=1)
                self.var = np.hstack([self.var, prior])
        return r

    def lo_get(self, lo_id: str, feature: str) -> tuple[float, float]:
        r, c = self.rows.get(lo_id), self.cols.get(feature)
        if r is None or c is None:
            return 0.0, self.lo_prior_var(feature)
        return float(self.mean[c, r]), float(self.var[c, r])

    def set(self, owner: str, feature: str, mean: float, var: float) -> None:
        """Load one stored weight (`owner` is an LO id, or POP for the population)."""
        if owner == POP:
            self.pop[feature] = [mean, var]
        else:
            c, r = self.col(feature), self.row(owner)
            self.mean[c, r], self.var[c, r] = mean, var
        self.version += 1

    def items(self) -> Iterable[tuple[str, str, float, float]]:
        """Every weight that differs from the prior: (owner, feature, mean, var)."""
        for f, (m, v) in self.pop.items():
            yield POP, f, m, v
        for lo_id, r in self.rows.items():
            for f, c in self.cols.items():
                m, v = float(self.mean[c, r]), float(self.var[c, r])
                if m != 0.0 or v != self.prior_var[c]:
                    yield lo_id, f, m, v

    # --- learning --------------------------------------------------------------------------

    def update(self, lo_id: str, segment: str, successes: float, failures: float) -> None:
        """Learn from one introduction's change in (successes, failures); see `laplace_step`."""
        pop_f, lo_f = parse(segment)
        before = [self.pop_get(f) for f in pop_f] + [self.lo_get(lo_id, f) for f in lo_f]
        means = np.array([m for m, _ in before])
        var = np.array([v for _, v in before])
        priors = np.array(
            [self.pop_prior(f)[1] for f in pop_f] + [self.lo_prior_var(f) for f in lo_f]
        )
        k = len(pop_f)
        var[k:] += self.hyper.forget * np.maximum(priors[k:] - var[k:], 0.0)
        means, var = laplace_step(means, var, successes, failures, priors)
        for i, f in enumerate(pop_f):
            self.pop[f] = [float(means[i]), float(var[i])]
        r = self.row(lo_id)
        for j, f in enumerate(lo_f):
            c = self.col(f)
            self.mean[c, r], self.var[c, r] = means[k + j], var[k + j]
        self.version += 1


def laplace_step(
    mean: np.ndarray, var: np.ndarray, successes: float, failures: float, prior_var: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One online Laplace update of a diagonal Gaussian on weights whose features are all 1.

    The posterior mode moves along var (the prior's shape): z = sum(mean) + t * sum(var), with
    t solving t = g(z) where g is the log-likelihood's slope. A negative count (an outcome
    that moved from failure to success) is an approximate removal, so precisions never drop
    below the prior's.
    """
    z0, s = float(mean.sum()), float(var.sum())
    z = z0
    for _ in range(20):  # Newton on f(z) = (z - z0) / s - (S (1 - p) - F p)
        p = _sig(z)
        f = (z - z0) / s - (successes * (1 - p) - failures * p)
        df = 1 / s + (successes + failures) * p * (1 - p)
        if df <= 0:
            break
        step = f / df
        z -= step
        if abs(step) < 1e-9:
            break
    t = (z - z0) / s
    p = _sig(z)
    new_mean = mean + t * var
    precision = 1 / var + (successes + failures) * p * (1 - p)
    new_var = np.minimum(1 / np.maximum(precision, 1e-12), prior_var)
    return new_mean, new_var


def predict(
    w: Weights, lo_rows: np.ndarray, segment_pop: Sequence[str], segment_lo: Sequence[str]
) -> tuple[float, float, np.ndarray, np.ndarray]:
    """(population mean, population variance, LO means, LO variances) of the linear
    predictor over the LO-independent features, for the LOs in `lo_rows` (0: no outcomes)."""
    pm = pv = 0.0
    for f in segment_pop:
        m, v = w.pop_get(f)
        pm += m
        pv += v
    lo_m = np.zeros(len(lo_rows))
    lo_v = np.zeros(len(lo_rows))
    unknown = 0.0
    for f in segment_lo:
        c = w.cols.get(f)
        if c is None:
            unknown += w.lo_prior_var(f)
        else:
            lo_m += w.mean[c].take(lo_rows)
            lo_v += w.var[c].take(lo_rows)
    return pm, pv, lo_m, lo_v + unknown


# Features of the introduction (borrower x LO fit), population effects only.
PAIRS = ("no_language", "no_va", "no_bank_statement", "no_fha")


def intro_segment(base: str, extras: Sequence[str]) -> str:
    """The key `Decision.segment` carries to `record_outcome`: the five-field segment, then
    the borrower's extra features and the chosen LO's fit flags."""
    return f"{base}|{','.join(extras)}"


def thompson(
    w: Weights,
    rows: np.ndarray,
    pop_f: Sequence[str],
    lo_f: Sequence[str],
    pairs: dict[str, np.ndarray],
    gen: np.random.Generator,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], np.ndarray]:
    """(sampled conversion, (logit mean, logit variance), market) per LO: one Thompson draw
    (population effects drawn once for all LOs, as one draw of the joint posterior), the
    posterior of the logit (`expected` turns it into a rate), and what the population alone
    expects for an LO with this fit (the new-LO floor)."""
    n = len(rows)
    pm, pv, lo_m, lo_v = predict(w, rows, pop_f, lo_f)
    c = w.hyper.explore
    pair_m, pair_v, pair_draw = np.zeros(n), np.zeros(n), np.zeros(n)
    for f, x in pairs.items():
        m, v = w.pop_get(f)
        pair_m += m * x
        pair_v += v * x
        pair_draw += gen.normal(m, c * math.sqrt(v)) * x
    eta = gen.normal(pm, c * math.sqrt(pv)) + pair_draw + lo_m
    eta += c * np.sqrt(lo_v) * gen.standard_normal(n)
    mu, var = pm + pair_m + lo_m, pv + pair_v + lo_v
    return sigmoid(eta), (mu, var), expected(pm + pair_m, pv + pair_v)


def expected(mu: np.ndarray | float, var: np.ndarray | float) -> np.ndarray:
    """Posterior predictive P(convert) of a Gaussian logit (MacKay's probit approximation)."""
    return sigmoid(np.asarray(mu) / np.sqrt(1 + math.pi * np.asarray(var) / 8))
