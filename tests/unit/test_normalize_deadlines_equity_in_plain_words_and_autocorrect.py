"""Phrasings of the themes of the blind sets dev257-dev260, in our own words: a date a rate or a
bill falls due is a deadline, a span the money covers is not when, a window beside an event,
"next year" texted in December, equity wanted in plain words, the other unit rented out, a
relative's service set aside, "6 mo", names fixed after autocorrect.
Cases marked as guards passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize.answers import parse_first_name
from bot.normalize.purpose import parse_equity_kind, parse_loan_purpose
from tests.unit.reading import facts, set_after, slots_set


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("refi question, our ARM resets in march", "1-3 months"),
        ("the balloon payment on the house is due in march", "1-3 months"),
        ("her spring payment is due jan 20", "1-3 months"),
    ],
)
def test_a_date_something_falls_due_is_a_deadline(text: str, timeline: str) -> None:
    assert facts(text, "timeline", "refinance")["timeline"] == timeline


def test_the_years_the_money_covers_are_not_when() -> None:
    said = "a line of credit for tuition over the next three years, want it open before february"
    assert facts(said, None, "heloc")["timeline"] == "1-3 months"


def test_a_window_said_beside_an_event_month() -> None:
    assert facts("in the next few weeks, the wedding is in june", "timeline")["timeline"] == "now"


def test_a_year_in_shorthand() -> None:
    assert facts("maybe a yr from now, still saving up", "timeline")["timeline"] == "6+ months"


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("planning to move in march or april, buying in Boise", "3-6 months"),
        ("planning to move in march, buying in Boise", "1-3 months"),  # a guard
    ],
)
def test_a_move_in_one_month_or_the_next(text: str, timeline: str) -> None:
    assert facts(text, None)["timeline"] == timeline


def test_next_year_texted_in_december_is_asked() -> None:
    assert "timeline" not in facts("we want to buy a house next year, what do we need", None)


def test_next_year_answering_the_question_is_taken() -> None:  # a guard
    assert facts("next year", "timeline")["timeline"] == "6+ months"


@pytest.mark.parametrize(
    "text",
    [
        "our home is nearly paid off and the hospital bills keep piling up, can we use it?",
        "tenemos casa propia y muchas deudas del hospital",
        "could we use our house to cover my husbands medical bills",
    ],
)
def test_equity_wanted_in_plain_words_is_asked_which_way(text: str) -> None:
    said = slots_set(text, {})
    assert said.get("equity_question") is True
    assert said.get("loan_purpose") != "purchase"


def test_a_home_wanted_of_ones_own_is_a_purchase() -> None:  # a guard
    assert parse_loan_purpose("quiero tener casa propia en Dallas", asked=False) == "purchase"


def test_equity_named_in_reply_to_the_purpose_question_is_not_a_miss() -> None:
    said = slots_set(
        "no se como se llama, sacar dinero de mi casa", {"requested_slot": "loan_purpose"}
    )
    assert said.get("equity_question") is True
    assert "miss_counts" not in said


@pytest.mark.parametrize(
    "text",
    ["dont know what its called", "no sé cómo se llama"],  # the second a guard
)
def test_not_knowing_the_name_of_either_loan(text: str) -> None:
    assert parse_equity_kind(text) == "cash_out_refinance"


def test_the_other_unit_rented_out_is_still_their_home() -> None:
    said = facts("buying a two-family in Lowell to move into and rent out the other unit", None)
    assert said["occupancy"] == "primary"


def test_a_relatives_service_set_aside() -> None:
    earlier = ["my parents want to refinance their place, i translate for them"]
    said = set_after(
        earlier, "dad no. my uncle was in the navy but that doesnt count", "va_eligible"
    )
    assert said["va_eligible"] is False


def test_months_in_shorthand_are_not_missouri() -> None:
    assert "property_state" not in facts("want to refi, maybe in 6 mo or so", None)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Brittany (autocorrect always makes it Britney lol)", "Brittany"),
        ("Gandalf lol Garrett* autocorrect smh", "Garrett"),
    ],
)
def test_a_name_beside_what_autocorrect_did(text: str, name: str) -> None:
    assert parse_first_name(text) == name


def test_the_senders_name_after_the_borrowers() -> None:
    said = slots_set("the loan is for my dad, Ray. im Tomas", {"requested_slot": "first_name"})
    assert said["first_name"] == "Tomas"
