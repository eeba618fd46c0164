"""Replies of the kinds dev45 (co-buyers: whose facts count) and dev46 (the Northeast and
the Gulf Coast) found misread, in our own phrasings.

Another borrower's service or business counts when they are on the loan and not when they
are not; a grandparent's service never; a question is no answer; "first for both"; a yes
relayed; the home they already have is not where they buy; a storm named like a town; "in
contract" is now whatever the lawyer's deadline; local events as dates; a lender's limit
beside a wish, but the borrower's own maximum over it.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import flags_in, parse_consent_reply, parse_flag_answer
from bot.normalize.credit import parse_credit_band
from bot.normalize.money import parse_price
from bot.normalize.place import parse_state
from bot.normalize.timeline import parse_timeline
from introductions.keywords import classify

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "slot", "answer"),
    [
        ("yo no, mi esposa tampoco. mi abuelo sí fue marine", "va_eligible", False),
        (
            "yo no, mi esposa sí estuvo en la marina pero no va a estar en el préstamo",
            "va_eligible",
            False,
        ),
        ("mi hija está en el ejército, ella también firma", "va_eligible", True),
        ("Dana is in the Navy Reserve, does that count? shes on the loan", "va_eligible", True),
        (
            "i'm a barista, is that self employed? i get a w2. she sells cakes but shes not on it",
            "self_employed",
            False,
        ),
        ("he is, he owns a tile company", "self_employed", True),
        ("yo plancho ropa por mi cuenta. mis hijas tienen trabajo normal", "self_employed", True),
        ("tengo una guardería, es mía", "self_employed", True),
        ("I got my own pressure washing business, he works at the airport", "self_employed", True),
        ("first for both of us", "first_time_buyer", True),
        ("me and my husband yes, my dad owned before", "first_time_buyer", True),
    ],
)
def test_whose_fact_it_is(text: str, slot: str, answer: bool) -> None:
    assert parse_flag_answer(text, [slot]) == {slot: answer}


def test_a_yes_relayed_for_the_borrower() -> None:
    assert parse_consent_reply("he said yes go ahead") == (True, None)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("casa de vacaciones en Orlando, ya tenemos casa en Atlanta", "FL"),
        ("our place got flooded in Sandy, we're buying in Hoboken now", "NJ"),
    ],
)
def test_the_home_they_have_and_a_storm_are_not_the_place(text: str, state: str) -> None:
    assert parse_state(text, asked=False)[0] == state


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("we're in contract, the lender needs the appraisal in 45 days", True, "now"),
        ("estamos bajo contrato para un condo, el banco pide 60 días", False, "now"),
        ("want to be moved in by jazz fest", True, "3-6 months"),
        ("We waited til after hurricane season to start looking. Around 350", False, None),
        # dev46 x02 wrote "Ideally under contract by spring ..." for 3-6 months
        ("hoping to be under contract by spring, have to sell the condo first", True, "3-6 months"),
    ],
)
def test_a_contract_local_events_and_a_wait_already_over(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("pre-approved up to 500k but we want to stay around 450", 450_000),
        ("Budget up to 500k but would love to stay around 450", 500_000),
    ],
)
def test_a_lenders_limit_yields_to_the_wish_the_borrowers_own_maximum_does_not(
    text: str, price: int
) -> None:
    assert parse_price(text) == price


def test_a_spouses_business_said_in_passing_is_not_the_borrowers() -> None:
    said = flags_in(
        "buying in Tulsa, my wife is self-employed so the loan will be in my name", asked=False
    )
    assert "self_employed" not in said
    assert flags_in("I'm self-employed, buying in Tulsa", asked=False) == {"self_employed": True}


def test_whose_score_it_is() -> None:
    assert parse_credit_band("yo como 640, mi esposo 710 y algo") == "620-679"
    assert parse_credit_band("buying in Reno, his credit is 540 lol", asked=False) is None
    assert parse_credit_band("mi esposa tiene mal crédito, busco en Dallas", asked=False) is None


@pytest.mark.parametrize(
    "text", ["this is too much ngl. STOP texting me pls lol", "ugh. stop texting me bro"]
)
def test_an_opt_out_with_the_tone_words_young_people_add(text: str) -> None:
    found = classify(text)
    assert found is not None and found.kind == "stop"
