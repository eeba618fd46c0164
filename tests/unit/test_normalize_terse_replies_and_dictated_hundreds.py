"""Phrasings of the themes of the blind sets dev241-dev244, in our own words: terse replies
("self", "1st", "few wks", "3-4"), hundreds dictated as a word before digits, a county's code,
a service or a signing gone by, PMI with equity, a Spanish speaker whose first texts had no
language. Cases marked as guards passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize import parse_state
from bot.normalize.language import language_after
from tests.unit.reading import facts, slots_set


@pytest.mark.parametrize(
    ("text", "value"),
    [("self", True), ("roofing, self", True), ("self emp", True), ("both", True),
     ("i do hvac, i work for myself", True), ("not self emp", False)],
)  # fmt: skip
def test_terse_self_employment(text: str, value: bool) -> None:
    assert facts(text, "self_employed")["self_employed"] is value


@pytest.mark.parametrize("text", ["1st", "first one", "primera"])
def test_terse_first_time(text: str) -> None:
    assert facts(text, "first_time_buyer")["first_time_buyer"] is True


def test_terse_reserves() -> None:
    assert facts("reserves", "va_eligible")["va_eligible"] is True


def test_a_parent_and_me_too() -> None:
    assert facts("my mom was navy, me too", "va_eligible")["va_eligible"] is True


def test_a_parents_service_alone_is_not_theirs() -> None:  # a guard
    assert facts("my mom was navy", "va_eligible")["va_eligible"] is False


@pytest.mark.parametrize(("text", "price"), [("3-4", 400000), ("like 5 to 6", 600000)])
def test_a_range_of_two_digits_is_hundreds_of_thousands(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


@pytest.mark.parametrize(
    ("text", "price"),
    [("three hundred and 40,000", 340000), ("unos doscientos 75 mil", 275000),
     ("two hundred fifty thousand", 250000)],  # the last a guard
)  # fmt: skip
def test_hundreds_as_a_word_then_digits(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_a_value_now_said_with_ish() -> None:
    said = facts("it appraised at 410 when we refid in 2020, prob 450ish now", "price_usd", "heloc")
    assert said["price_usd"] == 450000


def test_months_is_not_a_credit_menu_pick() -> None:
    assert "credit_band" not in facts("4 mo", "credit_band")


def test_a_credit_menu_pick_stays() -> None:  # a guard
    assert facts("the 3rd one", "credit_band")["credit_band"] == "620-679"


def test_a_hundreds_digit_after_idk() -> None:
    assert facts("idk maybe 7 something", "credit_band")["credit_band"] == "740+"


@pytest.mark.parametrize(
    ("text", "timeline"),
    [("few wks", "now"), ("couple mos", "1-3 months"), ("en los proximos meses", "3-6 months"),
     ("soon as posible, the cards are at 27%", "now"),
     ("ahorita we're just looking, maybe summer", "6+ months"),
     ("pronto, antes del verano tiene que estar", "1-3 months"),
     ("the judge signed it oct 20 so i have until mid may", "3-6 months")],
)  # fmt: skip
def test_terse_and_mixed_times(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_a_service_gone_by_is_not_when() -> None:
    said = facts("want a condo in Tampa by spring break. my husband did 8 yrs in the Navy")
    assert said["timeline"] == "3-6 months"


def test_a_code_after_a_county_and_a_word_after_one() -> None:
    assert parse_state("we bought in Aurora CO (80013) in 2019", asked=False)[0] == "CO"
    assert parse_state("bucks county pa", asked=False)[0] == "PA"  # a guard


def test_pmi_off_with_equity_is_a_refinance() -> None:
    text = "pagamos PMI de 150 y ya tenemos mucho equity, lo podemos quitar?"
    assert facts(text)["loan_purpose"] == "refinance"
    assert not slots_set(text, {"language": "es", "requested_slot": None}).get("equity_question")


def test_thanks_is_not_a_name() -> None:
    assert "first_name" not in facts("ok tx", "consent")


def test_spanish_after_texts_with_no_language() -> None:
    assert language_after("sí, troca propia", "en", ["heloc", "colorado", "450"]) == "es"
    assert language_after("sí, tengo taller", "en", ["refi", "texas", "300"]) == "es"
    assert language_after("700 y algo", "en", ["info", "refi", "fl", "350.000"]) == "es"


def test_a_lone_letter_after_texts_with_no_language() -> None:  # a guard
    assert language_after("Y", "en", ["heloc", "AZ"]) == "en"
