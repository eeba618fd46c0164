"""The pure matcher: hard rules, the score's parts, missing facts, reasons in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matching.core import Borrower, Candidate, Pool, choose, seeded
from matching.explain import explain
from matching.learning import Prior, Stats
from matching.rules import hours_until_open, segment_of

TX_BUYER = Borrower("purchase", "TX", 450_000, "680-739", "en")
# Friday 27 Nov 2026, 10:00 in Chicago.
NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
WEEKDAYS = {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}
WEEKENDS = {"days": ["sat", "sun"], "start": "09:00", "end": "17:00"}


def lo(id: str, **kw) -> Candidate:
    base = dict(
        name=id.title(),
        licensed_states={"TX"},
        active=True,
        active_intros=0,
        max_active_intros=5,
        languages={"en"},
        products={"conventional", "fha"},
        timezone="America/Chicago",
    )
    return Candidate(id=id, **{**base, **kw})


def pick(b: Borrower, cands, seed: int = 1, **kw):
    return choose(b, cands, kw.pop("now", NOW), seeded(seed), **kw)


# --- hard rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidate", "why"),
    [
        (lo("ca", licensed_states={"CA"}), "not licensed in TX"),
        (lo("paused", active=False), "paused"),
        (lo("full", active_intros=5, max_active_intros=5), "at capacity (5 of 5"),
        (lo("capped", daily_cap=2, offers_today=2), "daily cap reached (2 of 2"),
        (lo("helocs", products={"heloc"}), "offers no a first-mortgage product"),
    ],
)
def test_a_hard_rule_excludes_the_lo_and_says_why(candidate, why):
    decision = pick(TX_BUYER, [candidate])
    assert decision.chosen_id is None
    assert why in decision.assessments[0].excluded
    assert "TX" in decision.reason


@pytest.mark.parametrize(
    ("borrower", "products", "eligible"),
    [
        (Borrower("purchase", "TX", 1_800_000, "740+"), {"conventional"}, False),
        (Borrower("purchase", "TX", 1_800_000, "740+"), {"jumbo"}, True),
        (Borrower("purchase", "TX", 850_000, "740+"), {"conventional"}, True),
        (Borrower("refinance", "TX", 1_800_000, "740+"), {"conventional"}, True),
        (Borrower("heloc", "TX", 500_000, "740+"), {"conventional", "fha"}, False),
        (Borrower("heloc", "TX", 500_000, "740+"), {"heloc"}, True),
        (Borrower("purchase", "TX", 300_000, "<580"), {"conventional"}, False),
        (Borrower("purchase", "TX", 300_000, "<580"), {"fha"}, True),
        (Borrower("purchase", "TX", 350_000, "580-619"), {"conventional"}, True),
        (Borrower("purchase", "TX", 300_000, "740+", va_eligible=True), {"conventional"}, True),
        (
            Borrower("purchase", "TX", 300_000, "740+", va_eligible=True, requested_product="va"),
            {"conventional"},
            False,
        ),
        (Borrower("purchase", "TX", 300_000, "<580", va_eligible=True), {"va"}, True),
        (Borrower("purchase", "TX", 300_000, "<580", va_eligible=True), {"conventional"}, False),
        (Borrower("refinance", "TX", 300_000, "740+", self_employed=True), {"conventional"}, True),
        (
            Borrower(
                "refinance",
                "TX",
                300_000,
                "740+",
                self_employed=True,
                requested_product="bank_statement",
            ),
            {"conventional"},
            False,
        ),
        (
            Borrower("refinance", "TX", 300_000, "740+", self_employed=True),
            {"bank_statement"},
            True,
        ),
    ],
    ids=[
        "jumbo-needed-at-twice-the-limit",
        "jumbo-offered",
        "jumbo-preferred-just-above-the-limit",
        "jumbo-not-needed-for-a-refinance",
        "heloc-needed",
        "heloc-offered",
        "fha-needed-below-580",
        "fha-offered",
        "fha-preferred-at-580-619",
        "va-preferred-not-required",
        "va-required-when-asked-for",
        "va-covers-low-credit",
        "low-credit-needs-fha-or-va",
        "bank-statement-preferred-not-required",
        "bank-statement-required-when-asked-for",
        "bank-statement-offered",
    ],
)
def test_the_lo_must_offer_a_product_that_fits(borrower, products, eligible):
    assert (pick(borrower, [lo("x", products=products)]).chosen_id == "x") is eligible


@pytest.mark.parametrize(
    ("borrower", "product", "words"),
    [
        (
            Borrower("refinance", "TX", 300_000, "740+", self_employed=True),
            "bank_statement",
            "does not offer bank-statement loans (the borrower is self-employed",
        ),
        (
            Borrower("purchase", "TX", 300_000, "740+", va_eligible=True),
            "va",
            "does not offer VA loans (the borrower is VA-eligible",
        ),
        (
            Borrower("purchase", "TX", 900_000, "740+"),
            "jumbo",
            "does not offer jumbo loans (price $900,000 is above the conforming limit",
        ),
        (
            Borrower("purchase", "TX", 350_000, "580-619"),
            "fha",
            "does not offer FHA loans (credit band 580-619",
        ),
    ],
    ids=["self-employed", "veteran", "jumbo-just-above-the-limit", "fha-at-580-619"],
)
def test_a_preferred_product_is_a_preference_with_its_reason_not_an_exclusion(
    borrower, product, words
):
    """Only conventional LOs in the state: the borrower is still served, and told why not the
    preferred product; next to an LO who offers it, that LO is preferred."""
    alone = pick(borrower, [lo("conv", products={"conventional"})])
    assert alone.chosen_id == "conv"
    assert words in alone.reason
    both = [lo("conv", products={"conventional"}), lo("fits", products={"conventional", product})]
    wins = sum(pick(borrower, both, seed=s).chosen_id == "fits" for s in range(60))
    assert wins > 40


def test_a_fast_track_borrower_with_only_a_state_is_held_to_no_product_or_price_rule():
    fast = Borrower(None, "TX")
    decision = pick(fast, [lo("helocs_only", products={"heloc"}, price_min_usd=900_000)])
    assert decision.chosen_id == "helocs_only"
    assert decision.as_record()["needs"] == []


def test_los_already_offered_this_borrower_are_not_offered_again():
    decision = pick(TX_BUYER, [lo("a"), lo("b")], exclude=["a"])
    assert decision.chosen_id == "b"
    assert decision.assessments[0].excluded == "already offered this borrower"


# --- the score ------------------------------------------------------------------------------------


def test_the_borrowers_language_wins_over_an_otherwise_equal_lo():
    es = Borrower("purchase", "TX", 450_000, "680-739", "es")
    decision = pick(es, [lo("english_only"), lo("bilingual", languages={"en", "es"})])
    assert decision.chosen_id == "bilingual"
    assert "speaks es" in decision.reason


@pytest.mark.parametrize(
    ("preferred", "other", "borrower"),
    [
        (
            lo("austin", zip_prefixes=("787",)),
            lo("dallas", zip_prefixes=("752",)),
            Borrower("purchase", "TX", 450_000, "740+", property_zip="78704"),
        ),
        (
            lo("in_range", price_min_usd=300_000, price_max_usd=600_000),
            lo("luxury", price_min_usd=800_000),
            TX_BUYER,
        ),
        (
            lo("serves", credit_bands={"680-739", "740+"}),
            lo("prime_only", credit_bands={"740+"}),
            TX_BUYER,
        ),
        (lo("open_now", working_hours=WEEKDAYS), lo("weekends", working_hours=WEEKENDS), TX_BUYER),
        (lo("idle", active_intros=0), lo("busy", active_intros=4), TX_BUYER),
        (lo("quick", minutes_to_accept=3.0), lo("slow", minutes_to_accept=240.0), TX_BUYER),
    ],
    ids=["zip-preference", "price-range", "credit-band", "working-hours", "load", "speed"],
)
def test_each_part_of_the_score_prefers_the_better_fit_when_all_else_is_equal(
    preferred, other, borrower
):
    # Both LOs share one learned history, so the conversion draws are equal in expectation;
    # many draws show the fit decides.
    wins = sum(
        pick(borrower, [preferred, other], seed=s).chosen_id == preferred.id for s in range(200)
    )
    assert wins > 133


def test_working_hours_are_read_in_the_los_own_timezone():
    assert hours_until_open(WEEKDAYS, "America/Chicago", NOW) == 0.0  # 10:00 in Chicago
    assert hours_until_open(WEEKDAYS, "Asia/Tokyo", NOW) > 0  # 01:00 Saturday in Tokyo
    assert hours_until_open(None, "UTC", NOW) == 0.0


def test_learned_conversion_decides_between_two_equal_fits():
    stats = Stats()
    seg = segment_of(TX_BUYER)
    stats.add("good", seg, 30, 20)
    stats.add("poor", seg, 5, 45)
    wins = sum(
        pick(TX_BUYER, [lo("good"), lo("poor")], seed=s, stats=stats).chosen_id == "good"
        for s in range(50)
    )
    assert wins == 50


def test_a_new_lo_still_gets_introductions_next_to_a_proven_one():
    """The new-LO floor: a newcomer whose first three introductions were lost (bad luck) is
    still drawn no lower than the market, so a solid, known LO does not starve them."""
    stats = Stats()
    segment = pick(TX_BUYER, [lo("veteran")]).segment
    stats.add("veteran", segment, 12, 28)  # 30%: a solid, known LO
    for _ in range(3):
        stats.add("newcomer", segment, 0, 1)
    chosen = [
        pick(TX_BUYER, [lo("veteran"), lo("newcomer")], seed=s, stats=stats).chosen_id
        for s in range(200)
    ]
    assert 80 < chosen.count("newcomer") < 180


def test_the_same_inputs_and_seed_give_the_same_choice_whatever_the_candidate_order():
    cands = [lo(name) for name in "dcbaefgh"]
    first = {pick(TX_BUYER, cands, seed=5).chosen_id for _ in range(5)}
    assert first == {pick(TX_BUYER, list(reversed(cands)), seed=5).chosen_id}


def test_a_prebuilt_pool_gives_the_same_choice_as_a_candidate_list():
    cands = [lo(name, active_intros=i % 5) for i, name in enumerate("abcdefg")]
    assert pick(TX_BUYER, Pool(cands), seed=3).chosen_id == pick(TX_BUYER, cands, seed=3).chosen_id


# --- explanations ---------------------------------------------------------------------------------


def test_the_record_keeps_inputs_every_candidate_and_why_each_was_excluded():
    cands = [lo("a"), lo("b", active=False), lo("c", licensed_states={"CA"})]
    record = pick(TX_BUYER, cands).as_record()
    assert record["inputs"]["property_state"] == "TX"
    assert record["chosen"] == "a"
    by_id = {c["id"]: c for c in record["candidates"]}
    assert by_id["a"]["eligible"] and by_id["a"]["why"]
    assert set(by_id["a"]["bonuses"]) >= {"language", "hours", "room", "speed"}
    assert by_id["b"]["excluded"].startswith("paused")
    assert by_id["c"]["excluded"] == "not licensed in TX"


def test_the_report_for_a_manager_names_the_winner_and_every_exclusion_in_words():
    text = explain(pick(TX_BUYER, [lo("a"), lo("full", active_intros=5)]).as_record())
    assert "A (a): CHOSEN" in text
    assert "Full (full): excluded, at capacity (5 of 5 introductions live)." in text
    assert "expected conversion" in text


def test_nobody_licensed_is_said_plainly():
    decision = pick(Borrower("purchase", "WY", 300_000, "740+"), [lo("a")])
    assert decision.chosen_id is None
    assert decision.reason == "No LO licensed in WY."


def test_nobody_with_room_counts_the_reasons():
    decision = pick(TX_BUYER, [lo("a", active=False), lo("b", active_intros=5)])
    assert decision.reason == (
        "No active LO licensed in TX has room (2 licensed: 1 paused, 1 at capacity)."
    )


def test_a_stronger_prior_is_accepted():
    decision = pick(TX_BUYER, [lo("a")], prior=Prior(base_rate=0.1, market_strength=50))
    assert decision.as_record()["market_rate"] == pytest.approx(0.1)


# --- the public API -------------------------------------------------------------------------------


def test_the_documented_example_runs_and_chooses_the_spanish_speaker():
    import textwrap

    import matching

    doc = matching.__doc__ or ""
    block = doc.split("drive it without our database)::", 1)[1].split("With the database", 1)[0]
    scope: dict = {}
    exec(textwrap.dedent(block), scope)  # noqa: S102 - our own docstring
    assert scope["decision"].chosen_id == "alice"
    assert scope["decision"].language_fallback is False
    assert scope["stats"].get("alice") == (1.0, 0.0)
    assert scope["stats"].unfit == {}  # a "too_busy" pass teaches nothing


def test_the_core_imports_no_web_slack_twilio_rasa_or_database_code():
    import subprocess
    import sys

    probe = (
        "import sys, matching.core, matching.learning, matching.explain, matching.rules\n"
        "import matching.bayes\n"
        "bad = {'starlette', 'slack_sdk', 'slack_bolt', 'twilio', 'rasa_sdk', 'rasa',\n"
        "       'channels', 'sqlalchemy', 'httpx', 'storage'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
