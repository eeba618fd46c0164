"""Phrasings of farm-country buyers, border families and retirees (the themes of the blind
sets dev79-dev82), in our own words: what the home is for, a price left bare in a buyer's
first text, an opt-out joined to another."""

from __future__ import annotations

import pytest

from bot.normalize import parse_price
from introductions.keywords import STOP, classify
from tests.unit.reading import facts


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("looking at a double wide on 10 acres near Enid, 120k", "purchase"),
        ("we're looking at an acreage north of town, 4 bed", "purchase"),
        ("need a loan on a cabin up north for hunting season", "purchase"),
        ("a 3 bed outside Yankton, they want 210 for it", "purchase"),
        ("we bought on a land contract and the balloon is due, need a real mortgage", "refinance"),
        ("i have always rented and i want to finally own something small", "purchase"),
        ("buscamos una casita en Dodge City", "purchase"),
        ("dan lineas de credito sobre la casa?", "heloc"),
        ("do you do lines of credit on a paid off house", "heloc"),
        ("quiero refinansiar la casa", "refinance"),
    ],
)
def test_what_the_home_is_for_in_plain_words(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("want to buy a house in Garden City. 180-210", 210_000),
        ("quiero comprar una casa en Caldwell. Como 320.", 320_000),
        ("we want to buy near the lake, thinking 250-300", 300_000),
        ("20k down payment, house around 300k", 300_000),
    ],
)
def test_a_buyers_bare_price(text: str, price: int) -> None:
    assert facts(text)["price_usd"] == price


@pytest.mark.parametrize(
    "text",
    [
        "want to buy a house, 3 bed 2.5 bath",  # a size
        "want to buy a house close to the 287",  # a highway
        "quiero comprar, las casas empiezan en 310",  # the cheapest, not theirs
        "want to buy a house, credit is ok maybe 640",  # a score
        "buying a house, call me at 316-555-0142",  # a phone number
    ],
)
def test_numbers_in_a_buyers_first_text_that_are_no_price(text: str) -> None:
    assert "price_usd" not in facts(text)


def test_a_bare_number_is_no_price_for_a_refinance() -> None:
    assert parse_price("refinance my house in Salina. 380-420", asked=False) is None
    assert "price_usd" not in facts("refinance my house in Salina. 380-420")


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("Please remove my number and do not contact me again. Thank you, June", True),
        ("no me manden mensajes y no me llamen", True),
        ("stop and think about it for a second", False),
        ("quit my job and now I'm self-employed", False),
    ],
)
def test_an_opt_out_joined_to_another(text: str, stops: bool) -> None:
    keyword = classify(text)
    assert (keyword is not None and keyword.kind == STOP) is stops
