"""Replies of the kinds the dev24-dev26 sets found misread on first look (our own phrasings).

Numbers said the way voice dictation writes them, a second value that corrects the first,
a year beside a price, a place then "LA", negated strong words, the past "in a while".
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import (
    parse_consent_reply,
    parse_first_name,
    parse_flag_answer,
    parse_yes_no,
)
from bot.normalize.credit import parse_credit_band
from bot.normalize.money import parse_price
from bot.normalize.place import parse_state
from bot.normalize.purpose import parse_loan_purpose
from bot.normalize.timeline import parse_timeline

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("i think it was seven thirty five last month", "680-739"),
        ("credit karma says six oh two", "580-619"),
        ("like five seventy five", "<580"),
        ("eight twelve", "740+"),
        ("the fifth one", "<580"),  # an ordinal still picks a menu item
    ],
)
def test_a_score_said_in_words(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("a million three, prices are nuts here", True, 1_300_000),
        ("two million five is the list price", True, 2_500_000),
        ("one million, 3 bedrooms", True, 1_000_000),
        ("i'd say one point four, maybe one point five these days", True, 1_500_000),
        ("we paid 250 in 2019, probably 340 now", True, 340_000),
        ("about 1,800 a month, so homes around 300 out there", True, 300_000),
    ],
)
def test_prices_in_words_corrections_and_years(text: str, asked: bool, price: int) -> None:
    assert parse_price(text, asked=asked) == price


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("a bungalow in Echo Park LA", "CA"),
        ("Highland Park LA, near York Blvd", "CA"),
        ("Kenner LA, by the airport", "LA"),
        ("Shreveport, LA", "LA"),
        ("buscamos en el Valle de San Fernando", "CA"),
    ],
)
def test_a_place_then_la(text: str, state: str) -> None:
    found = parse_state(text, asked=False)
    assert found is not None and found[0] == state


def test_a_negated_self_employed_is_a_no() -> None:
    reply = "No, never served. And nobody here is self employed, we both get W2s"
    assert parse_flag_answer(reply, ["va_eligible"]) == {
        "va_eligible": False,
        "self_employed": False,
    }


def test_owning_the_truck_one_works_from_is_self_employed() -> None:
    reply = "tengo mi propia camioneta pero trabajo con mi propia troca haciendo fletes"
    assert parse_flag_answer(reply, ["self_employed"]) == {"self_employed": True}


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("offer got accepted last week, closing is in 6 weeks", "now"),
        ("despues del dia de reyes", "1-3 months"),
        ("right after three kings day", "1-3 months"),
        ("haven't checked in a while but i think it's good", None),
    ],
)
def test_contracts_holidays_and_the_past(text: str, timeline: str | None) -> None:
    assert parse_timeline(text, asked=False, today=TODAY) == timeline


def test_island_and_caribbean_words_for_yes_and_buddy() -> None:
    assert parse_yes_no("shoots") is True
    assert parse_first_name("dale chamo") is None
    assert parse_first_name("listo pana") is None


@pytest.mark.parametrize(
    ("text", "asked", "answer"),
    [
        ("Good lord no, this would be our third home", ["first_time_buyer"], False),
        ("I do bookkeeping for myself, LLC. my husband is a W2 teacher", ["self_employed"], True),
        ("freelance designer, yes. my partner is retired", ["self_employed"], True),
        ("used to be 1099, now I'm salaried", ["self_employed"], False),
        ("why would that matter. no", ["va_eligible"], False),
        ("my wife did 8 years in the Navy and she's on the loan with me", ["va_eligible"], True),
        ("i bake cakes out of my house, all cash", ["self_employed"], True),
    ],
)
def test_yes_no_answers_that_explain(text: str, asked: list[str], answer: bool) -> None:
    assert parse_flag_answer(text, asked) == {asked[0]: answer}


def test_a_yes_after_a_condition_is_a_yes() -> None:
    assert parse_consent_reply("only if they text first. sure") == (True, None)


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("we want a summer house on the lake up north", False, None),
        ("no idea honestly, hopefully before fall", True, "6+ months"),
        ("whenever, but right now if the numbers work", True, "now"),
        ("I retired in june and have been freelancing for 5 months now", False, None),
        ("closing by May would be perfect", True, "3-6 months"),
    ],
)
def test_second_homes_hopes_and_how_long_so_far(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("no more than 300k, realistically 270-290", 290_000),
        ("redfin says 610 but that's generous, say 580", 580_000),
        ("el codigo postal es 60629 y la casa como 310", 310_000),
        ("trecientos veinte mil", 320_000),
        ("duplex ~ 410k, the rental side pays half", 410_000),
        ("homes in the 1.4-1.6M range, will put 20% down", 1_600_000),
    ],
)
def test_the_number_the_borrower_settles_on(text: str, price: int) -> None:
    assert parse_price(text) == price


def test_a_corrected_value_after_an_appraisal_came_in() -> None:
    text = "sorry, that was the tax value. the appraisal came in at $415,000 last month"
    assert parse_price(text, asked=False, value_only=True) == 415_000


@pytest.mark.parametrize(
    ("text", "asked", "state"),
    [
        ("we want something in texarkana", False, None),
        ("looking around kansas city", False, None),
        ("Kansas City", True, "MO"),
        ("kansas city, kansas side", False, "KS"),
        ("orders near richmond va, buying this time", False, "VA"),
        ("Greenville", True, None),
        ("our house in Bend, and a rental in Redmond", False, "OR"),
        ("a condo near Mobile", False, "AL"),
        ("i'll bend on the price", False, None),
    ],
)
def test_cities_real_in_two_states(text: str, asked: bool, state: str | None) -> None:
    found = parse_state(text, asked=asked)
    assert (found[0] if found else None) == state


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("the sooner the better honestly", "now"),
        ("sometime in q1, no major rush", "1-3 months"),
        ("a finales del primer trimestre", "3-6 months"),
        ("closing before memorial day ideally", "3-6 months"),
        ("right after graduation in april", "3-6 months"),
    ],
)
def test_quarters_holidays_and_months(text: str, timeline: str) -> None:
    assert parse_timeline(text, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "asked", "answer"),
    [
        ("sin W2, vendo comida", ["self_employed"], True),
        ("me pagan con cheque cada viernes", ["self_employed"], False),
        ("tengo una compañía con 5 empleados", ["self_employed"], True),
        ("my cousin is a marine but he isn't on the loan, so no", ["va_eligible"], False),
        ("mi esposo trabaja con cheque y yo cuido niños en mi casa", ["self_employed"], True),
    ],
)
def test_jobs_described_not_named(text: str, asked: list[str], answer: bool) -> None:
    assert parse_flag_answer(text, asked) == {asked[0]: answer}


@pytest.mark.parametrize("text", ["jaja ok", "wepa, si", "ya pe, si", "dale, pueden llamarme"])
def test_laughs_and_particles_are_not_names(text: str) -> None:
    assert parse_consent_reply(text) == (True, None)


def test_you_have_my_consent_is_a_yes() -> None:
    assert parse_yes_no("You have my consent.") is True


def test_a_new_target_price_and_a_refinance_taking_cash_said_later() -> None:
    assert parse_price("perdon, lo del precio: vamos a apuntar mas a 420", asked=False) == 420_000
    assert parse_loan_purpose("al final mejor refinanciar sacando dinero", asked=False) == (
        "cash_out_refinance"
    )


@pytest.mark.parametrize("text", ["fine by me", "Yah that's fine", "yeh sure", "ok with me"])
def test_regional_yeses_are_not_names(text: str) -> None:
    assert parse_consent_reply(text) == (True, None)
