"""Learned conversion that shares strength: hierarchical Bayesian logistic regression.

    logit P(convert) = sum_f x_f * (w_f + d_lo,f)

`w` are population effects of the borrower's features (purpose, credit band, language, VA,
FHA fit, price bucket, first-time buyer, timeline, state, self-employed) and of the
introduction's fit (the LO speaks the borrower's language, lacks the VA / bank-statement /
FHA product the borrower would prefer). `d_lo` are each LO's deviations on the borrower
features (bias, purpose, band, language, ...), with prior N(0, tau^2): an LO with no outcomes
is the population, and what one LO's refinances teach is shared by every state and band.

The posterior is Gaussian, updated online one outcome at a time by a Laplace step (Chapelle
& Li 2011, "An Empirical Evaluation of Thompson Sampling", algorithm 3, done per observation):
the mode of prior x likelihood lies on the line m + t * (Sigma x), so a 1-D Newton solve finds
it, and the precision gains p (1 - p) x x^T (a rank-one update). Population effects are
independent (diagonal); each LO's deviations keep a full covariance (block-diagonal
assumed-density filtering). Before an LO's update its covariance relaxes a little towards the
prior (`forget`), so skill that drifts is followed. Thompson sampling draws the population
effects once per choice and each LO's linear predictor from N(x'm, x'Sigma x).
See docs/matching.md for why.
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
    lo_bias_sd: float = 0.5  # how far one LO's overall skill may sit from the market
    lo_sd: float = 0.65  # one LO's deviation on one feature (refinances, Spanish, ...)
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
    """Population effects: independent Gaussians in a dict. LO deviations: one Gaussian with a
    full covariance per LO (an outcome always touches the LO's bias and its purpose, band...
    together; a diagonal would credit each of them with the whole outcome and overstate what
    is known about none of them).

    Arrays are feature x (feature x) LO, so a choice gathers a few contiguous rows. LO 0 is
    never written: an LO without outcomes reads it (the prior).
    """

    hyper: Hyper = field(default_factory=Hyper)
    pop: dict[str, list[float]] = field(default_factory=dict)  # feature -> [mean, var]
    rows: dict[str, int] = field(default_factory=dict)  # lo_id -> LO index
    cols: dict[str, int] = field(default_factory=dict)  # LO-level feature -> index
    mean: np.ndarray = field(default_factory=lambda: np.zeros((0, 1)))  # feature, LO
    cov: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, 1)))  # feature, feature, LO
    prior_var: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per feature
    version: int = 0
    _sums: dict[tuple[int, ...], tuple[int, np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False
    )

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
            d, n = self.cov.shape[0], self.cov.shape[2]
            self.mean = np.vstack([self.mean, np.zeros((1, n))])
            cov = np.zeros((d + 1, d + 1, n))
            cov[:d, :d] = self.cov
            cov[d, d] = pv
            self.cov = cov
        return c

    def row(self, lo_id: str) -> int:
        r = self.rows.get(lo_id)
        if r is None:
            r = self.rows[lo_id] = len(self.rows) + 1
            n = self.mean.shape[1]
            if r >= n:  # grow by doubling: amortised O(1) per new LO
                grow = max(8, n)
                self.mean = np.concatenate([self.mean, np.zeros((len(self.cols), grow))], 1)
                prior = np.repeat(np.diag(self.prior_var)[:, :, None], grow, axis=2)
                self.cov = np.concatenate([self.cov, prior], 2)
        return r

    def lo_get(self, lo_id: str, feature: str, other: str | None = None) -> tuple[float, float]:
        """(mean, variance) of one LO weight; with `other`, (0, their covariance)."""
        r, c = self.rows.get(lo_id), self.cols.get(feature)
        c2 = c if other is None else self.cols.get(other)
        if r is None or c is None or c2 is None:
            return 0.0, self.lo_prior_var(feature) if other is None else 0.0
        return (float(self.mean[c, r]) if other is None else 0.0), float(self.cov[c, c2, r])

    def set(self, owner: str, feature: str, mean: float, var: float) -> None:
        """Load one stored weight (`owner` an LO id, or POP for the population). A feature
        `a&b` is the covariance of an LO's weights a and b (in `var`)."""
        if owner == POP:
            self.pop[feature] = [mean, var]
        elif "&" in feature:
            a, b = feature.split("&", 1)
            ca, cb, r = self.col(a), self.col(b), self.row(owner)
            self.cov[ca, cb, r] = self.cov[cb, ca, r] = var
        else:
            c, r = self.col(feature), self.row(owner)
            self.mean[c, r], self.cov[c, c, r] = mean, var
        self.version += 1

    def lo_items(self, lo_id: str) -> Iterable[tuple[str, float, float]]:
        """An LO's stored form: (feature, mean, variance) and (a&b, 0, covariance)."""
        r = self.rows.get(lo_id)
        if r is None:
            return
        names = sorted(self.cols, key=self.cols.__getitem__)
        for i, a in enumerate(names):
            yield a, float(self.mean[i, r]), float(self.cov[i, i, r])
            for j in range(i + 1, len(names)):
                if self.cov[i, j, r] != 0.0:
                    yield pair_name(a, names[j]), 0.0, float(self.cov[i, j, r])

    def sums(self, cols: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """x'm and x'Sigma x of every LO for the features `cols`, cached until a weight
        changes (a choice then gathers two numbers per LO, not one per feature pair)."""
        hit = self._sums.get(cols)
        if hit is not None and hit[0] == self.version:
            return hit[1], hit[2]
        n = self.mean.shape[1]
        m, v = np.zeros(n), np.zeros(n)
        for i, a in enumerate(cols):
            m += self.mean[a]
            v += self.cov[a, a]
            for b in cols[i + 1 :]:
                v += 2 * self.cov[a, b]
        v = np.maximum(v, 1e-9)
        if len(self._sums) > 256:
            self._sums.clear()
        self._sums[cols] = (self.version, m, v)
        return m, v

    # --- learning --------------------------------------------------------------------------

    def update(self, lo_id: str, segment: str, successes: float, failures: float) -> None:
        """Learn from a change in (successes, failures) of this LO in this segment.

        Whole counts are learned one outcome at a time, successes and failures interleaved,
        so a batch teaches what the same outcomes arriving one by one would.
        """
        n_s, n_f = int(successes), int(failures)
        if n_s == successes >= 0 and n_f == failures >= 0 and n_s + n_f > 1:
            n = n_s + n_f
            for i in range(n):  # success i*S/n crosses an integer: spread them evenly
                won = (i + 1) * n_s // n > i * n_s // n
                self._step(lo_id, segment, float(won), float(not won))
        else:
            self._step(lo_id, segment, successes, failures)

    def _step(self, lo_id: str, segment: str, successes: float, failures: float) -> None:
        """One online Laplace step (see `laplace_t`) on the population's and this LO's
        Gaussians together; the cross-covariance of the two blocks is dropped (block-diagonal
        assumed-density filtering)."""
        pop_f, lo_f = parse(segment)
        cs = [self.col(f) for f in lo_f]
        r = self.row(lo_id)
        pm = np.array([self.pop_get(f)[0] for f in pop_f])
        pv = np.array([self.pop_get(f)[1] for f in pop_f])
        cov = self.cov[:, :, r]  # a view: updated in place
        eps = self.hyper.forget  # drift: the LO's block relaxes towards the prior
        cov *= 1 - eps
        cov[np.diag_indices_from(cov)] += eps * self.prior_var
        cx = cov[:, cs].sum(axis=1)
        z0 = float(pm.sum() + self.mean[cs, r].sum())
        s = float(pv.sum() + cx[cs].sum())
        t, h = laplace_t(z0, s, successes, failures)
        shrink = h / (1 + h * s)
        for i, f in enumerate(pop_f):
            self.pop[f] = [float(pm[i] + t * pv[i]), float(pv[i] - shrink * pv[i] ** 2)]
        self.mean[:, r] += t * cx
        cov -= shrink * np.outer(cx, cx)
        self.version += 1


def pair_name(a: str, b: str) -> str:
    """The stored name of the covariance of an LO's weights a and b (either order)."""
    return "&".join(sorted((a, b)))


def laplace_t(z0: float, s: float, successes: float, failures: float) -> tuple[float, float]:
    """One observation's online Laplace step for a Gaussian logit N(z0, s).

    The posterior mode of the weights moves along (covariance x features), so the logit's
    mode z solves the 1-D equation (z - z0) / s = S (1 - p(z)) - F p(z) (Newton). Returns
    t = (z - z0) / s (the step along covariance x features) and h, the curvature
    (S + F) p (1 - p) that the precision gains. A negative count (an outcome that moved from
    failure to success) gives h = 0 there: the mean moves, the uncertainty stays.
    """
    z = z0
    for _ in range(20):
        p = _sig(z)
        f = (z - z0) / s - (successes * (1 - p) - failures * p)
        df = 1 / s + (successes + failures) * p * (1 - p)
        if df <= 0:
            break
        step = f / df
        z -= step
        if abs(step) < 1e-9:
            break
    p = _sig(z)
    return (z - z0) / s, max(0.0, (successes + failures) * p * (1 - p))


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
    unknown = 0.0
    known = []
    for f in segment_lo:
        c = w.cols.get(f)
        if c is None:
            unknown += w.lo_prior_var(f)
        else:
            known.append(c)
    m_all, v_all = w.sums(tuple(known))
    return pm, pv, m_all.take(lo_rows), v_all.take(lo_rows) + unknown


# Features of the introduction (borrower x LO fit), population effects only.
PAIRS = ("no_language", "no_va", "no_bank_statement", "no_fha", "no_jumbo")


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
