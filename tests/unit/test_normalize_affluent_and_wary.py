"""Replies of the kinds dev43 (jumbo buyers, physicians, RSUs, trusts, homes kept in other
places) and dev44 (skeptical, worried, distracted borrowers) found misread, in our own
phrasings.

Dots between thousands, decimals before "millones", "un millón ciento cincuenta"; student
loans, reserves and another person's home are no price; "oops" and "... no," correct one; the
lender's limit in Spanish; "Dr. Cho - Hannah", "Dra.", a role before "here"; "in the seven
twenties", "was 690 now like 640ish"; the second quarter; a question about fees or sites is no
timeline; a season planned before a deadline; "so the next couple of months"; a spouse on
the loan whose business counts; savings called reserves are no service; a TN visa, a home
kept elsewhere, "in Ohio until June"; "refinancing and now I get 15 calls" is no cash-out;
"probably cash out"; a range and a maximum are not an SSN.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import parse_first_name, parse_flag_answer, volunteered_first_name
from bot.normalize.credit import parse_credit_band
from bot.normalize.money import parse_price
from bot.normalize.place import parse_state
from bot.normalize.purpose import parse_loan_purpose
from bot.normalize.timeline import parse_timeline
from channels.redact import redact

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("queremos algo en Coral Gables, como $2.350.000", False, 2_350_000),
        ("entre 1,4 y 1,65 millones", True, 1_650_000),
        ("Un millón doscientos cincuenta más o menos", True, 1_250_000),
        ("dentist here with $350k in student loans. looking in Frisco", False, None),
        ("queremos comprar en Kendall, tenemos 80 mil de reserva", False, None),
        ("worth maybe 31k whoops 310k", True, 310_000),
        ("vale 610... no, 590, el de 610 es la de mi vecino", True, 590_000),
        ("el banco me aprobó hasta 420 pero quiero gastar como 380", True, 380_000),
    ],
)
def test_amounts_written_as_borrowers_write_them(text: str, asked: bool, price: int | None) -> None:
    assert parse_price(text, asked=asked) == price


def test_a_value_said_as_somewhere_in_a_range() -> None:
    said = "Worth somewhere 1.9-2.1M, want to refi out of 7%"
    assert parse_price(said, asked=False, value_only=True) == 2_100_000


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dr. Okafor - Chidi", "Chidi"),
        ("Dra. Paula Méndez, Paula", "Paula"),
        ("Lic. Ramón Pérez", "Ramón"),
    ],
)
def test_a_title_and_surname_before_the_first_name(text: str, name: str) -> None:
    assert parse_first_name(text) == name


def test_a_role_before_here_is_no_name() -> None:
    assert volunteered_first_name("Realtor here, buying my own place in Boise") is None
    assert volunteered_first_name("Nurse here, looking in Tulsa") is None


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("is this a hard pull question mark its somewhere in the six eighties", "680-739"),
        ("it was 710 but now like 655ish after the holidays", "620-679"),
    ],
)
def test_a_score_in_words_or_said_again_lower(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("Q3 probably", True, "6+ months"),
        ("second quarter", True, "3-6 months"),
        ("the semester starts in September, we need the cash by May", True, "3-6 months"),
        (
            "I want to close before my rate resets in May, so within the next couple months",
            True,
            "1-3 months",
        ),
        ("we'd like to move in the spring, before the school year for sure", True, "3-6 months"),
        ("looking in Tulsa around 240. What fees do I pay at closing?", False, None),
        ("refi on my place in Provo. Why do these sites need my SSN right away?", False, None),
    ],
)
def test_quarters_plans_before_deadlines_and_questions_about_other_things(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "slot", "answer"),
    [
        (
            "W2 here but my husband owns his HVAC company and he's on the loan",
            "self_employed",
            True,
        ),
        (
            "Yo soy W2, pero mi esposa tiene su propia estética y los dos vamos en el préstamo",
            "self_employed",
            True,
        ),
        ("W2 for me. my wife has her own salon but she isn't on the loan", "self_employed", False),
    ],
)
def test_a_spouse_on_the_loan_brings_their_business(text: str, slot: str, answer: bool) -> None:
    assert parse_flag_answer(text, [slot]) == {slot: answer}


def test_money_called_reserves_is_no_service() -> None:
    said = parse_flag_answer("about 400k for the down and 200k in reserves", [])
    assert "va_eligible" not in said
    assert parse_flag_answer("I was in the Army Reserve 6 years", ["va_eligible"]) == {
        "va_eligible": True
    }


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Nashville, we're in Ohio until June", "TN"),
        ("on an H-1B now, TN visa before that, buying in Boise", "ID"),
        ("vivimos en Dallas, tenemos un condo en Orlando que no vamos a vender", "TX"),
    ],
)
def test_where_they_are_until_a_move_or_keep_a_home_is_not_the_place(text: str, state: str) -> None:
    assert parse_state(text)[0] == state


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        (
            "looked into refinancing once and now I get 20 calls a day. anyway want to refi",
            "refinance",
        ),
        ("cash out or a heloc? probably the heloc, I like my rate", "heloc"),
        ("cash out refi or heloc, i think the heloc", "heloc"),
    ],
)
def test_calls_are_no_cash_and_a_lean_decides(text: str, purpose: str) -> None:
    assert parse_loan_purpose(text, asked=False) == purpose


def test_a_range_then_a_maximum_is_not_an_ssn() -> None:
    assert redact("Somewhere 300-350. 350 max") == ("Somewhere 300-350. 350 max", False)
    assert redact("my ssn 078.05.1120") == ("my ssn [redacted]", True)
