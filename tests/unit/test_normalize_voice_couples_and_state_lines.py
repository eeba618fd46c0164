"""Phrasings of the themes of the blind sets dev225-dev228, in our own words: numbers said to
a phone's dictation, a couple (or two siblings) who borrow together and say whose score and
whose service counts, a parent the sender texts for, exclamations that are not names, and a
city on a state line with "both sides" for its state. Cases marked as guards passed before
the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize import extract_facts
from tests.unit.reading import TODAY, facts, set_after, slots_set

# --- numbers as dictation writes them ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("probably between two seventy five and three hundred thousand", 300_000),
        ("between three twenty and three fifty", 350_000),
        ("for hundred fifty thousand or so", 450_000),  # "four", heard as "for"
        ("between 300 and 350", 350_000),  # a guard
    ],
)
def test_prices_said_aloud(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("como siete cientos diez", "680-739"),
        ("seis cientos cincuenta mas o menos", "620-679"),  # a guard
    ],
)
def test_spanish_hundreds_typed_apart(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


@pytest.mark.parametrize(
    ("text", "state", "zip_code"),
    [
        ("seven eight seven zero one", "TX", "78701"),
        ("es el tres tres uno tres cero", "FL", "33130"),
        ("Six Oh Six One Four", "IL", "60614"),
    ],
)
def test_a_zip_code_said_digit_by_digit(text: str, state: str, zip_code: str) -> None:
    said = facts(text, "property_zip")
    assert (said["property_state"], said["property_zip"]) == (state, zip_code)


def test_five_small_numbers_in_a_sentence_are_no_zip() -> None:  # a guard
    assert "property_zip" not in facts("two kids, one dog, three cats", "property_zip")


@pytest.mark.parametrize(
    "text",
    [
        "my guess is $350,000. paid off except about 45k.",
        "350k and it's paid off but like 25k",  # a guard
    ],
)
def test_what_is_left_to_pay_off_is_not_the_value(text: str) -> None:
    assert facts(text, "price_usd", purpose="heloc")["price_usd"] == 350_000


def test_a_month_o_two() -> None:
    assert facts("prob a month o two", "timeline")["timeline"] == "1-3 months"


def test_split_words_of_buying() -> None:
    assert facts("con prar", "loan_purpose")["loan_purpose"] == "purchase"
    assert facts("queremos con prar una casa en Tucson")["loan_purpose"] == "purchase"


# --- couples: whose score, whose service ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("i'm at 780, she's 640, the loan officer told us to use 640", "620-679"),
        ("mine's 700... no wait, that was last year, it's 668 now", "620-679"),
        ("yo tengo 590... mi esposo dice que ya subio a 630", "620-679"),
    ],
)
def test_the_score_a_couple_settles_on(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


@pytest.mark.parametrize(
    "text",
    ["entre 610 y 630", "720 I think, he's about 690", "mine 745 and hers 690"],  # 2 guards
)
def test_scores_in_the_credit_answer_are_no_price(text: str) -> None:
    assert "price_usd" not in facts(text, "credit_band")


@pytest.mark.parametrize(
    ("earlier", "reply"),
    [
        (["my wife and I want a townhouse in Reno, 420k"], "she is, navy 8 years. I never served"),
        (["mi hermana y yo queremos comprar juntas"], "mi hermana estuvo en la marina 6 años"),
        ([], "mi esposo y yo buscamos casa en San Antonio con VA, el es el veterano, yo no"),
    ],
)
def test_a_co_borrower_who_served_makes_the_loan_va_eligible(
    earlier: list[str], reply: str
) -> None:
    asked = "va_eligible" if earlier else None
    assert set_after(earlier, reply, asked)["va_eligible"] is True


@pytest.mark.parametrize(
    ("earlier", "reply"),
    [
        (["need a heloc on my house in Tulsa"], "My wife was in the Army. I was not."),
        (["me and my husband are buying"], "my husband served but he won't be on the loan"),
        (["mi esposo y yo queremos comprar"], "mi esposo estuvo en el ejercito de Mexico"),
        (["me and my wife are buying"], "my dad was a marine, he did 20 years. we didn't serve"),
    ],
)
def test_service_of_no_co_borrower_is_no(earlier: list[str], reply: str) -> None:
    assert set_after(earlier, reply, "va_eligible").get("va_eligible") is not True  # guards


# --- a parent the sender texts for, in Spanish ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "self_employed"),
    [
        ("mi papá tiene su propio taller", True),  # a guard
        ("mi mamá trabaja de enfermera en el hospital", False),
    ],
)
def test_what_a_parent_does_answers_for_them(text: str, self_employed: bool) -> None:
    said = extract_facts(
        text, requested="self_employed", flags_asked=["self_employed"], today=TODAY,
        known_purpose="heloc", for_a_relative=True,
    )  # fmt: skip
    assert said["self_employed"] is self_employed


# --- exclamations are not names --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("omg yes!! finally", None),
        ("wow ok yes, Priya", "Priya"),
        ("yesss lol", None),
    ],  # the last a guard,
)
def test_an_exclamation_before_the_yes(text: str, name: str | None) -> None:
    said = slots_set(text, {"language": "en", "requested_slot": "consent"})
    assert (said.get("consent"), said.get("first_name")) == (True, name)


def test_an_exclamation_before_the_name() -> None:
    assert facts("omg sorry its Keisha", "first_name")["first_name"] == "Keisha"


# --- where: a house we will live in; a city on a state line ------------------------------------


def test_a_house_they_will_live_in_is_their_home() -> None:
    assert facts("want to use my VA to buy a place we'll live in")["occupancy"] == "primary"


@pytest.mark.parametrize(
    ("earlier", "reply", "state"),
    [
        (
            ["want to buy a house in kansas city, 300k or so"],
            "honestly both sides of the line",
            "MO",
        ),
        (["hi, buying in KC"], "either side works, state line doesn't matter to us", "MO"),
        (["queremos comprar casa en Texarkana"], "de los dos lados, la verdad", "TX"),
    ],
)
def test_either_side_of_a_city_on_a_state_line_takes_its_bigger_half(
    earlier: list[str], reply: str, state: str
) -> None:
    assert set_after(earlier, reply, "property_state")["property_state"] == state


def test_either_side_answers_the_zip_question_too() -> None:
    said = set_after(
        ["moving to kansas city"], "we look on both sides of the state line", "property_zip"
    )
    assert said["property_state"] == "MO"


@pytest.mark.parametrize(
    ("earlier", "reply"),
    [
        (["buying a house, 300k"], "both sides of the state line"),  # no city on a line named
        (["want to buy in kansas city"], "not sure yet"),  # not an answer: asked again
    ],
)
def test_no_city_on_a_line_or_no_either_side_sets_no_state(earlier: list[str], reply: str) -> None:
    assert "property_state" not in set_after(earlier, reply, "property_state")  # guards
