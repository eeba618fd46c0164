"""Phrasings of the themes of the blind sets dev217-dev220, in our own words: a grown child
texting for the parent who borrows, a typo for "buy", a city the state after it does not
have, a date of something that happened to the score, a reply that leads with "now", a
homeowner in debt, a refinance that turns out to take cash. Cases marked as guards passed
before the change they sit beside and hold its reach."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.extraction import ActionExtractFacts
from bot.actions.plan import FORM_NAME
from bot.normalize import extract_facts
from bot.normalize.answers import texting_for_a_relative
from tests.unit.reading import TODAY, facts, slots_set

# --- a grown child texting for the parent who borrows ----------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "my folks want to buy a place in San Antonio, they live in Monterrey now",
        "helping my uncle buy his first house in Omaha",
        "mis papás quieren refinanciar su casa en Fresno",
        "my mom wants to pull some money out of her house for repairs",
    ],
)
def test_a_text_for_a_parent_or_relative(opening: str) -> None:
    assert texting_for_a_relative([opening])


@pytest.mark.parametrize(
    "opening",
    [
        "me and my dad want to buy a duplex in Reno",
        "my mom and I are looking in Tucson",
        "my mother lives with us, we want a bigger place in Boise",
        "buying a house, my father is cosigning",
    ],
)
def test_a_relative_beside_the_borrower_is_not_the_borrower(opening: str) -> None:  # guards
    assert not texting_for_a_relative([opening])


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("my dad has a roofing business", "self_employed", True),
        ("she owns a little bakery downtown", "self_employed", True),
        ("no, he works at the refinery", "self_employed", False),  # a guard
        ("my mom was in the air force 4 years", "va_eligible", True),
    ],
)
def test_what_they_say_of_that_relative_answers_for_the_borrower(
    text: str, slot: str, value: bool
) -> None:
    said = extract_facts(text, requested=slot, flags_asked=[slot], today=TODAY, for_a_relative=True)
    assert said[slot] is value


def test_a_relative_named_in_passing_answers_nothing_for_the_borrower() -> None:
    # a guard: without a text that makes the parent the borrower, their business is theirs
    assert "self_employed" not in facts("my dad has a roofing business", "self_employed")


def test_the_conversation_remembers_whose_loan_it_is() -> None:
    events = [
        {"event": "user", "text": "my parents want to buy a house near Tucson"},
        {"event": "slot", "name": "requested_slot", "value": "self_employed"},
        {"event": "user", "text": "my dad has a roofing business"},
    ]
    slots = {"language": "en", "loan_purpose": "purchase", "requested_slot": "self_employed"}
    tracker = Tracker.from_dict(
        {
            "sender_id": "relative",
            "slots": slots,
            "latest_message": {"text": events[-1]["text"], "intent": {}, "entities": []},
            "events": events,
            "active_loop": {"name": FORM_NAME},
        }
    )
    set_now = asyncio.run(ActionExtractFacts().run(CollectingDispatcher(), tracker, {}))
    assert {"event": "slot", "name": "self_employed", "value": True} in [
        {k: e[k] for k in ("event", "name", "value")} for e in set_now if e["event"] == "slot"
    ]


# --- the home a relative lives in, or that they will share -----------------------------------


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("we'd both live there, me and my sister", None),
        ("mi esposo y yo queremos comprar en Yuma para mi suegra y yo vivir", None),
        ("my grandparents want a heloc on their house in Mesa where they live", None),
    ],
)
def test_the_home_they_live_in_is_primary(text: str, purpose: str | None) -> None:
    assert facts(text, purpose=purpose)["occupancy"] == "primary"


def test_money_for_a_childs_college_is_not_a_home_for_the_child() -> None:
    said = facts("want to tap some equity from my house in Provo for my son's college, about 40k")
    assert "occupancy" not in said


# --- typed fast ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["trying to by a townhouse in Raleigh", "by", "gonna by a home this spring"]
)
def test_by_typed_for_buy(text: str) -> None:
    requested = "loan_purpose" if len(text.split()) == 1 else None
    assert facts(text, requested)["loan_purpose"] == "purchase"


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("we live by a lake in Wisconsin and want to refinance", "refinance"),
        ("our house is right by a park, want a heloc", "heloc"),
    ],
)
def test_by_as_a_place_stays(text: str, purpose: str) -> None:  # guards
    assert facts(text)["loan_purpose"] == purpose


@pytest.mark.parametrize(
    "text",
    ["an fha for a house", "va loan for a home", "fha para una casa"],  # "va loan": a guard
)
def test_a_loan_named_for_a_home_is_a_purchase(text: str) -> None:
    assert facts(text, "loan_purpose")["loan_purpose"] == "purchase"


# --- where -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["ugh autocorrect, want to buy in Spartanburg DC", "looking in Greenville DC, about 300k"],
)
def test_a_town_the_state_after_it_does_not_have_is_asked(text: str) -> None:
    assert "property_state" not in facts(text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("buying in Arlington VA", "VA"),  # guards: towns the state has
        ("house in Columbia MD", "MD"),
        ("a condo in Kendall FL", "FL"),
    ],
)
def test_a_town_the_state_has_keeps_it(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_a_town_and_state_said_when_asked_are_taken() -> None:  # a guard
    assert facts("Greenville DC", "property_state")["property_state"] == "DC"


@pytest.mark.parametrize(
    # "photo id on file": a guard
    "text",
    ["my DoD ID is 4471129031", "I have my ID ready, buying in Ohio", "photo id on file"],
)
def test_an_identity_card_is_not_idaho(text: str) -> None:
    assert facts(text).get("property_state") in (None, "OH")


def test_the_home_they_live_in_elsewhere_is_not_the_one_financed() -> None:
    said = facts("heloc on our condo in Myrtle Beach, we go there summers. Our primary is in NJ")
    assert (said["property_state"], said["occupancy"]) == ("SC", "second_home")


# --- when ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "was 690 but I missed a payment in september",
        "me subió a 640 este mes",
        "it dropped to 655 this week",
        "the appraisal in november came in at 410",
    ],
)
def test_when_something_happened_is_not_when_they_buy(text: str) -> None:
    assert "timeline" not in facts(text, "credit_band")


def test_a_plan_said_in_another_answer_still_counts() -> None:  # a guard
    assert facts("720, and we need to close this month", "credit_band")["timeline"] == "now"


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("now, her loan resets in february", "now"),
        ("en unas semanas", "now"),
        ("not super urgent, maybe next summer", "6+ months"),
    ],
)
def test_when_said_first(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_no_clue_is_unknown_credit() -> None:
    assert "credit_band" not in facts("no clue, it took a hit this year", "credit_band")


# --- the loan: a homeowner in debt, a refinance that takes cash ------------------------------


def test_a_homeowner_in_debt_is_asked_which_equity_loan() -> None:
    set_now = slots_set(
        "40k on cards and a truck note, we own our home in Tulsa, what can we do?",
        {"language": "en", "loan_purpose": None, "requested_slot": None},
    )
    assert set_now.get("equity_question") is True


def test_a_refinance_that_takes_cash_is_a_cash_out() -> None:
    said = facts("quiero sacar unos 30 mil para las tarjetas", "loan_purpose", "refinance")
    assert said["loan_purpose"] == "cash_out_refinance"


def test_a_refinance_without_cash_stays() -> None:  # a guard
    said = facts("no quiero sacar dinero, solo bajar la tasa", "loan_purpose", "refinance")
    assert said["loan_purpose"] == "refinance"


# --- a job and its employer ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["stocker at kroger", "cajero en un HEB", "paralegal at a law firm downtown"]
)
def test_a_job_at_an_employer_is_not_self_employed(text: str) -> None:
    assert facts(text, "self_employed")["self_employed"] is False


@pytest.mark.parametrize("text", ["realtor at a brokerage", "i do lashes at my place"])
def test_their_own_work_stays_self_employed(text: str) -> None:  # guards
    assert facts(text, "self_employed")["self_employed"] is True
