"""Phrasings of the themes of the blind sets dev233-dev236, in our own words: a city named
after a state, a month when something else happened, "on the first time buyer" forum, a
vague hundreds then exact scores, a family business in Spanish. Cases marked as guards passed
before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize import parse_state
from tests.unit.reading import facts


@pytest.mark.parametrize(
    "text", ["we found a little house in Arkansas City, 140k", "moving to Nevada City next year"]
)
def test_a_city_named_for_a_state_is_not_that_state(text: str) -> None:
    assert parse_state(text, asked=False) is None  # asked, not guessed


@pytest.mark.parametrize(
    ("text", "state"),
    [("Arkansas City, Kansas", "KS"), ("a condo in iowa city", "IA"), ("oklahoma city", "OK")],
)  # the last two guards
def test_a_city_named_for_a_state_with_its_state(text: str, state: str) -> None:
    assert parse_state(text, asked=False) == (state, None)


def test_a_month_when_a_card_was_opened_is_not_when() -> None:
    assert "timeline" not in facts("no score yet, only got my first card in October", "credit_band")


def test_a_month_to_buy_stays() -> None:  # a guard
    assert facts("we want to close in march", "timeline")["timeline"] == "3-6 months"


def test_a_first_time_buyer_forum_is_no_date() -> None:
    said = facts("read about you on the first time buyer forum, want a condo in Tampa")
    assert "timeline" not in said


def test_hundreds_and_something_then_exact_scores() -> None:
    assert facts("como en los 600 y algo, 640 o 650", "credit_band")["credit_band"] == "620-679"


def test_a_family_taqueria_is_self_employment() -> None:
    said = facts("mi esposa y yo tenemos una taqueria en la pulga", "self_employed")
    assert said["self_employed"] is True
