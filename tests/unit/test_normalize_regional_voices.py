"""Replies of the kinds dev29-dev30 (regional voices) found misread (our own phrasings).

A neighbour's sale beside the borrower's own value, a yes with a worry after it, a parent
of someone else who served, an owner beside a W-2 spouse, "the first of the year", the past
"a while back", "soon as y'all can".
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import parse_consent_reply, parse_flag_answer
from bot.normalize.money import parse_price
from bot.normalize.timeline import parse_timeline

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("place next door sold for 610, ours is maybe 590", 590_000),
        ("the one across the road went for 415 so call mine 400", 400_000),
        ("la de enfrente se vendio en 350, la mia vale unos 320", 320_000),
    ],
)
def test_a_neighbours_sale_is_not_the_homes_value(text: str, price: int) -> None:
    assert parse_price(text, asked=True) == price


@pytest.mark.parametrize(
    "text",
    [
        "yeah sure but it's just one lender right? don't want a bunch of calls",
        "ok ok but i don't want to be spammed",
    ],
)
def test_a_yes_with_a_worry_after_it_is_a_yes(text: str) -> None:
    assert parse_consent_reply(text)[0] is True


def test_someone_elses_parent_who_served_is_a_no() -> None:
    answer = parse_flag_answer("no but their dad was army does that count", ["va_eligible"])
    assert answer == {"va_eligible": False}


def test_an_owner_beside_a_w2_spouse_is_self_employed() -> None:
    text = "I own my chiropractic practice, my wife is W2 at the hospital"
    assert parse_flag_answer(text, ["self_employed"]) == {"self_employed": True}
    assert parse_flag_answer("No, my wife is self employed", ["self_employed"]) == {
        "self_employed": False
    }


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("sometime after the 1st of the year", True, "1-3 months"),
        ("soon as you guys can", True, "now"),
        ("soon as yall can get it done", True, "now"),
        ("around 700, missed a payment a while ago", False, None),
        ("we refinanced a good while back", False, None),
    ],
)
def test_new_year_soon_as_yall_can_and_the_past(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline
