"""Learning from outcomes: each introduction counts once, the posterior shrinks sensibly."""

from __future__ import annotations

import numpy as np
import pytest

from matching.learning import OVERALL, Prior, Stats, credit, market_rate, posterior


@pytest.mark.parametrize(
    ("earlier", "outcome", "change"),
    [
        ([], "accepted", (0, 0)),
        (["accepted"], "contacted", (0, 0)),
        (["accepted", "contacted"], "application", (1, 0)),
        (["application"], "funded", (0, 0)),  # already a success: funding adds nothing
        (["application"], "locked", (0, 0)),
        ([], "lost", (0, 1)),
        ([], "nobody_called", (0, 1)),
        (["lost"], "application", (1, -1)),  # came back: one success, not one of each
        (["application"], "lost", (0, 0)),  # the LO converted it; a later loss is underwriting
        (["lost"], "nobody_called", (0, 0)),
    ],
)
def test_each_introduction_counts_once_as_success_or_failure(earlier, outcome, change):
    assert credit(earlier, outcome) == change


def test_an_unknown_outcome_is_refused():
    with pytest.raises(ValueError, match="unknown outcome 'closed'"):
        credit([], "closed")


def test_stats_keep_the_lo_overall_and_per_segment():
    stats = Stats()
    stats.add("alice", "TX|purchase|740+|conv|en", 1, 0)
    stats.add("alice", "TX|refinance|740+|conv|en", 0, 1)
    assert stats.get("alice") == (1, 1)
    assert stats.get("alice", "TX|purchase|740+|conv|en") == (1, 0)
    assert stats.totals() == (1, 1)


def test_set_replaces_a_stored_row_and_keeps_the_market_total_right():
    stats = Stats()
    stats.set("alice", OVERALL, 3, 1)
    stats.set("alice", OVERALL, 4, 2)
    stats.set("bob", OVERALL, 1, 1)
    assert stats.totals() == (5, 3)


def test_the_market_rate_moves_from_the_prior_to_the_data():
    prior = Prior(base_rate=0.25, market_strength=4)
    stats = Stats()
    assert market_rate(stats, prior) == pytest.approx(0.25)
    stats.add("a", "s", 60, 40)
    assert market_rate(stats, prior) == pytest.approx((60 + 1) / (100 + 4))


def test_the_posterior_mean_is_shrunk_from_segment_to_lo_to_market():
    prior = Prior(base_rate=0.25, market_strength=4, segment_strength=8)
    one = np.array([1.0])
    # An LO with 10 of 20 overall and 3 of 3 in this segment:
    a, b = posterior(one * 10, one * 10, one * 3, one * 0, p0=0.25, prior=prior)
    lo_mean = (4 * 0.25 + 10) / (4 + 20)
    assert a[0] == pytest.approx(8 * lo_mean + 3)
    assert b[0] == pytest.approx(8 * (1 - lo_mean))
    # With no data at all, the posterior is the market prior.
    a, b = posterior(one * 0, one * 0, one * 0, one * 0, p0=0.25, prior=prior)
    assert a[0] / (a[0] + b[0]) == pytest.approx(0.25)
    assert a[0] + b[0] == pytest.approx(4)
