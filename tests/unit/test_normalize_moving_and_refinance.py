"""Replies of the kinds the dev18-dev21 sets found misread on first look (our own phrasings).

Refinancers who talk in balances, rates and old prices; people moving between states and
military families naming bases; "no rush" beside a real date; signatures; Spanglish.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import (
    flags_in,
    name_at_the_end,
    parse_consent_reply,
    parse_flag_answer,
    volunteered_first_name,
)
from bot.normalize.credit import parse_credit_band
from bot.normalize.facts import extract_facts
from bot.normalize.language import language_after
from bot.normalize.money import parse_price
from bot.normalize.place import names_a_place, parse_state
from bot.normalize.purpose import parse_loan_purpose
from bot.normalize.timeline import parse_timeline

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "known_purpose", "price"),
    [
        (
            "refi question, we bought it for 310,000 back in 2021, probably worth more now",
            None,
            None,
        ),
        ("want to refinance, my balance is around 280k and the rate is 7.1", None, None),
        ("what are refi rates, im at 6.9 on 240k", None, None),
        ("need a home equity line of credit, about $40,000 for my daughter's tuition", None, None),
        ("heloc to pay off a 401k loan and some bills, like 30k total", None, None),
        ("owe about 150k on it", "refinance", None),
        ("cash out refi to pay off my truck (18k), house is about 390, owe 200", None, 390_000),
        ("refinance my home in Dayton, valued at $280,000, about $90,000 remaining", None, 280_000),
        ("want to refi, 350k house in tampa", None, 350_000),
        ("colorado springs. 500k-ish home, want a heloc", None, 500_000),
        ("need cash out to pay off cards. house in denver worth maybe 550-600k", None, 600_000),
        ("BAH is around 2100 so whatever that gets us", None, None),
        ("queremos comprar, juntamos como 12 mil de enganche", None, None),
        ("correction the house is more like 425 now", "cash_out_refinance", 425_000),
        ("la casa vale como 500 mil y debo 200", "cash_out_refinance", 500_000),
        ("looking to buy in Austin, budget about 400k", None, 400_000),
    ],
)
def test_a_refinance_takes_only_the_homes_value_from_unasked_text(
    text: str, known_purpose: str | None, price: int | None
) -> None:
    facts = extract_facts(text, known_purpose=known_purpose, today=TODAY)
    assert facts.get("price_usd") == price


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("vale un millón trescientos mil", True, 1_300_000),
        ("vale como 280 o 300 mil", True, 300_000),
        ("We have approximately $60,000 remaining on the mortgage", False, None),
        ("we bought it for 250 ten years ago", True, None),
    ],
)
def test_prices_said_in_spanish_or_beside_a_balance(text: str, asked: bool, price: int) -> None:
    assert parse_price(text, asked=asked) == price


def test_a_price_after_a_score_given_by_mistake() -> None:
    text = "650 - perdón, pensé que era el credit score. the house is like 280"
    facts = extract_facts(text, requested="credit_band", today=TODAY)
    assert facts["price_usd"] == 280_000
    assert facts["credit_band"] == "620-679"


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("No rush, after the new year", "1-3 months"),
        ("there's no hurry, next few months", "3-6 months"),
        ("Not urgent. Maybe in the spring", "3-6 months"),
        ("not urgent", "6+ months"),
        ("Sometime in the first half of next year would be fine", "3-6 months"),
        ("Whenever, the sooner the better", "now"),
        ("lo ante posible", "now"),
        ("en 2 o 3 mese", "1-3 months"),
        ("our lease ends may 31", "3-6 months"),
        ("idk like 6 months", "6+ months"),
        ("before it adjusts again in march", "1-3 months"),
        ("antes del verano", "3-6 months"),
        ("im ready now been saving 5 years, just need to find the right one", "now"),
        ("ya estoy en contrato, cierro el 15 de enero", "now"),
        ("want to close by end of january", "1-3 months"),
        ("touring now, want to be under contract in the next month or two", "1-3 months"),
    ],
)
def test_timelines_beside_no_rush_and_in_typos(text: str, timeline: str) -> None:
    assert parse_timeline(text, asked=True, today=TODAY) == timeline


def test_the_buying_clause_of_a_timeline_answer_wins_over_another_events_date() -> None:
    text = "I start the new job January 5th. We'll rent first and buy in the spring."
    assert extract_facts(text, requested="timeline", today=TODAY)["timeline"] == "3-6 months"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("moving from NJ to charlotte, need to sell our NJ house first", "NC"),
        ("relocating from chicago to raleigh, own a condo in chicago to sell", "NC"),
        ("PCS orders to Fort Knox, we're at Drum in NY right now", "KY"),
        ("me mudan de Lackland a Moody AFB", "GA"),
        ("info de prestamos VA, me mudan a Fort Bragg", "NC"),
        ("me estoy mudando de Puerto Rico a Kissimmee", "FL"),
        ("quiero una casita en Kissimmee, me estoy mudando de Puerto Rico", "FL"),
        ("stationed at fort cavazos TX but my house is in virginia beach", "VA"),
        ("buying in Arlington, VA", "VA"),
        ("Levittown NY", "NY"),
        ("somewhere por Whittier o Pico Rivera, en el condado de LA", "CA"),
    ],
)
def test_the_state_they_move_to_not_the_one_they_leave(text: str, state: str) -> None:
    assert parse_state(text, asked=False) == (state, None)


@pytest.mark.parametrize(
    "text",
    [
        "my home base is dayton ohio but im ready to put down roots in tennessee",
        "want to refi my place in levittown",
        "downsizing to something near the beach. We'd sell our house in Dayton first",
    ],
)
def test_a_first_text_naming_two_possible_states_leaves_the_state_to_its_question(
    text: str,
) -> None:
    assert parse_state(text, asked=False) is None


def test_a_place_named_but_not_taken_keeps_the_entity_extractor_out() -> None:
    assert names_a_place("home base is dayton ohio but buying near nashville tennessee")
    assert names_a_place("We'd sell our house in Dayton first")
    assert not names_a_place("hi, want to buy a house, what do you need")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "We are selling our home and purchasing a condo in Naples. Best regards, Richard",
            "Richard",
        ),
        ("Quiero refinanciar mi casa en Miami. Saludos, Ramón", "Ramón"),
        ("call me after 5 - Tom", "Tom"),
        ("thanks so much", None),
    ],
)
def test_a_signature_gives_the_first_name(text: str, name: str | None) -> None:
    assert volunteered_first_name(text) == name


def test_a_name_after_a_question_back_and_proceed_is_not_a_name() -> None:
    assert name_at_the_end("why do you need my name. its Dale") == "Dale"
    assert parse_consent_reply("Yes, please proceed.") == (True, None)


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("bout 700. and actually make that a cash out refi not a heloc", "cash_out_refinance"),
        ("I would like to refinance and take out some cash for the roof", "cash_out_refinance"),
        ("need a heloc, not a cash out", "heloc"),
        ("want to tap the equity, keep the first mortgage as is, its at 3.1", "heloc"),
        ("quiero sacar dinero pero no quiero cambiar mi hipoteca porque tengo el 3%", "heloc"),
        (
            "quería consultar por un refinanciamiento, quiero sacar algo de plata",
            "cash_out_refinance",
        ),
        ("refinanciar y sacar para pagarle a él, como 40 mil", "cash_out_refinance"),
        ("we want to get rid of the MIP and the rate, bought in 2023", "refinance"),
    ],
)
def test_a_product_taken_back_is_not_the_purpose(text: str, purpose: str) -> None:
    assert parse_loan_purpose(text, asked=False) == purpose


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("she still runs her little bakery", "self_employed", {"self_employed": True}),
        (
            "aquí nunca ha comprado pero tenía la casa de Caguas",
            "first_time_buyer",
            {"first_time_buyer": False},
        ),
        ("mi difunto esposo fue del army, yo no", "va_eligible", {"va_eligible": False}),
        (
            "trabajo en construcción pero me pagan por fuera",
            "self_employed",
            {"self_employed": True},
        ),
        ("tengo mi propia barbería", "self_employed", {"self_employed": True}),
    ],
)
def test_yes_or_no_facts_in_their_own_words(text: str, asked: str, expected: dict) -> None:
    assert parse_flag_answer(text, [asked]) == expected


def test_a_house_already_seen_is_not_a_house_owned() -> None:
    assert "first_time_buyer" not in flags_in("ya tenemos una casa vista y queremos ofertar")


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("I think we're both in the 740s", "740+"),
        ("the bank said our scores were exceptional", "740+"),
    ],
)
def test_credit_said_as_a_decade_or_a_word(text: str, band: str) -> None:
    assert parse_credit_band(text, asked=True) == band


@pytest.mark.parametrize(
    "text",
    [
        "no quiero cambiar mi hipoteca porque tengo el 3%",
        "we want to keep the first mortgage as is",
    ],
)
def test_a_rate_or_a_first_mortgage_is_not_a_day_of_the_month(text: str) -> None:
    assert parse_timeline(text, asked=False, today=TODAY) is None


def test_a_score_a_few_words_after_credit_beats_the_word() -> None:
    text = "Credit is good, I think we're both in the 740s."
    assert parse_credit_band(text, asked=False) == "740+"


def test_a_budget_under_a_number_is_not_a_credit_score() -> None:
    assert parse_credit_band("need to buy by march, budget a little under 400", asked=False) is None
    assert parse_credit_band("my score is below 580", asked=False) == "<580"


def test_spanglish_stays_spanish() -> None:
    assert language_after("busco house en metairie, 2 bedrooms, budget 300", None) == "es"
    assert (
        language_after("ah perdón, pensé que era el credit score. the house is like 280", "es")
        == "es"
    )
