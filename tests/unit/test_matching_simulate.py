"""`mm simulate`: on a fixed seed the learning matcher beats round robin once it has learned."""

from __future__ import annotations

import pytest

from mm import simulate


@pytest.fixture(scope="module")
def rows():
    rows, results = simulate.compare(simulate.Settings(seed=7))
    return {r["policy"]: r for r in rows}, results


def test_the_matcher_converts_clearly_more_than_round_robin_after_learning(rows):
    by = rows[0]
    assert (
        by["matcher"]["conversion_after_learning"]
        > 1.1 * by["round_robin"]["conversion_after_learning"]
    )
    assert by["matcher"]["regret_per_intro"] < by["round_robin"]["regret_per_intro"]


def test_learning_is_what_makes_the_difference(rows):
    by = rows[0]
    assert by["matcher"]["conversion_after_learning"] > by["fit_only"]["conversion_after_learning"]


def test_one_lo_contacts_a_borrower_while_a_shared_lead_gets_several_calls(rows):
    by = rows[0]
    assert by["matcher"]["contacts_per_lead"] <= 1
    assert by["race"]["contacts_per_lead"] > 3


def test_every_policy_sees_the_same_borrowers(rows):
    assert len({r["leads"] for r in rows[0].values()}) == 1


@pytest.mark.parametrize(
    ("values", "expected"), [([5, 5, 5, 5], 0.0), ([0, 0, 0, 12], 0.75), ([], 0.0)]
)
def test_gini_is_zero_for_equal_shares_and_grows_with_concentration(values, expected):
    assert simulate.gini(values) == pytest.approx(expected)


def test_the_plot_is_written_as_a_png(rows, tmp_path):
    path = simulate.plot(rows[1], tmp_path / "sim.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_mm_simulate_prints_every_policy_as_json(capsys):
    import json

    from mm.cli import main

    assert main(["simulate", "--weeks", "2", "--los", "10", "--no-plot", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [p["policy"] for p in report["policies"]] == list(simulate.POLICIES)
