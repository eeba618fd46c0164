"""Matching v0: only licensed, active LOs with room; one winner; reasons in words."""

from __future__ import annotations

import pytest

from matching.core import Borrower, Candidate, choose

TX_BUYER = Borrower("purchase", "TX", 450_000, "680-739", "en")


def lo(id: str, **kw) -> Candidate:
    base = dict(
        name=id.title(),
        licensed_states={"TX"},
        active=True,
        active_intros=0,
        max_active_intros=5,
        languages={"en"},
        products={"conventional", "fha"},
    )
    return Candidate(id=id, **{**base, **kw})


@pytest.mark.parametrize(
    ("candidate", "why"),
    [
        (lo("ca", licensed_states={"CA"}), "not licensed in TX"),
        (lo("paused", active=False), "paused"),
        (lo("full", active_intros=5, max_active_intros=5), "at capacity"),
        (lo("helocs", products={"heloc"}), "offers no"),
    ],
)
def test_a_hard_filter_excludes_the_lo_and_says_why(candidate, why):
    decision = choose(TX_BUYER, [candidate])
    assert decision.chosen_id is None
    assert why in decision.assessments[0].notes[0]


def test_exactly_one_lo_is_chosen_among_several_eligible():
    decision = choose(TX_BUYER, [lo("a"), lo("b"), lo("c")])
    assert decision.chosen_id in {"a", "b", "c"}
    assert sum(a.eligible for a in decision.assessments) == 3


def test_the_borrowers_language_and_free_capacity_win_ties():
    es_buyer = Borrower("purchase", "TX", 450_000, "680-739", "es")
    busy_bilingual = lo("busy", languages={"en", "es"}, active_intros=4)
    free_bilingual = lo("free", languages={"en", "es"})
    decision = choose(es_buyer, [lo("english_only"), busy_bilingual, free_bilingual])
    assert decision.chosen_id == "free"
    assert "speaks es" in decision.reason


@pytest.mark.parametrize(
    ("borrower", "products", "eligible"),
    [
        (Borrower("purchase", "TX", 1_200_000, "740+"), {"conventional"}, False),
        (Borrower("purchase", "TX", 1_200_000, "740+"), {"jumbo"}, True),
        (Borrower("heloc", "TX", 500_000, "740+"), {"conventional", "fha"}, False),
        (Borrower("heloc", "TX", 500_000, "740+"), {"heloc"}, True),
        (Borrower("purchase", "TX", 300_000, "580-619"), {"conventional"}, False),
        (Borrower("purchase", "TX", 300_000, "580-619"), {"fha"}, True),
    ],
    ids=[
        "jumbo-needed",
        "jumbo-offered",
        "heloc-needed",
        "heloc-offered",
        "fha-needed",
        "fha-offered",
    ],
)
def test_the_lo_must_offer_a_product_that_fits(borrower, products, eligible):
    assert (choose(borrower, [lo("x", products=products)]).chosen_id == "x") is eligible


def test_excluded_los_are_not_offered_again():
    decision = choose(TX_BUYER, [lo("a"), lo("b")], exclude=["a"])
    assert decision.chosen_id == "b"


def test_the_choice_is_stable_for_the_same_inputs():
    cands = [lo(name) for name in "dcba"]
    assert {choose(TX_BUYER, cands).chosen_id for _ in range(5)} == {"a"}
