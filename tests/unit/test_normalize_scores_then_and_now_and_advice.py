"""Phrasings of the themes of the blind sets dev245-dev248, in our own words: a score then and
now, a score put right inside another answer, a decimal value beside a value in hundreds,
"after" a date within the month, advice to talk to a loan officer, a leading "I'm not", a
tagged "LA".
Cases marked as guards passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.extraction import ActionExtractFacts
from bot.actions.plan import FORM_NAME
from tests.unit.reading import facts, slots_set


@pytest.mark.parametrize(
    ("text", "band"),
    [("was 601 last yr, now 655", "620-679"), ("era 610, ahora 690", "680-739")],
)
def test_the_score_now_after_the_score_then(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


def test_a_score_put_right_in_the_price_answer() -> None:
    said = facts("unos 250 mil. ah y el credito es 702, no 720", "price_usd")
    assert said["price_usd"] == 250000
    assert said["credit_band"] == "680-739"


def test_a_price_answer_alone_sets_no_score() -> None:  # a guard
    assert "credit_band" not in facts("around 650 for the house", "price_usd")


@pytest.mark.parametrize(
    ("text", "words"),
    [("mom says six something, she isnt sure", "620-679"), ("he thinks eight something", "740+")],
)
def test_hundreds_in_a_word_and_something(text: str, words: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == words


def test_a_decimal_value_beside_one_in_hundreds() -> None:
    said = facts("appraised at 4.5 last yr prob 520 now", "price_usd", "refinance")
    assert said["price_usd"] == 520000


def test_a_decimal_value_alone_in_millions() -> None:  # a guard
    assert facts("worth about 2.5, maybe 2.7", "price_usd", "refinance")["price_usd"] == 2700000


@pytest.mark.parametrize(
    ("text", "timeline"),
    [("after the 2nd of january", "1-3 months"), ("de aqui a 6 meses", "3-6 months")],
)
def test_dates_after_and_within(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_money_for_down_and_closing_is_not_when() -> None:
    said = facts(
        "i have 10k saved, is that enough for down + closing? want to buy in a couple months"
    )
    assert said["timeline"] == "1-3 months"


def test_a_date_after_a_month_away_stays() -> None:  # a guard
    assert facts("lease ends march 1, so right after that", "timeline")["timeline"] == "1-3 months"


def test_advice_to_talk_to_a_loan_officer_is_not_a_request_for_one() -> None:
    text = "my coworker said i need to talk to a loan officer first, what is that? want a condo"
    assert not slots_set(text, {"language": "en", "requested_slot": None}).get("fast_track")


def test_asking_for_a_loan_officer_is() -> None:  # a guard
    text = "can i just talk to a loan officer"
    assert slots_set(text, {"language": "en", "requested_slot": None}).get("fast_track") is True


def test_a_leading_im_not_answers_for_the_sender() -> None:
    reply = "im not, im hourly. does that matter?"
    assert facts(reply, "self_employed")["self_employed"] is False


def _slots_with_a_tagged_place(text: str, value: str) -> dict[str, object]:
    """The slots set for an opening whose place the entity tagger tagged as `value`."""
    tracker = Tracker.from_dict(
        {
            "sender_id": "tagged",
            "slots": {"language": "en", "requested_slot": None},
            "latest_message": {
                "text": text,
                "intent": {},
                "entities": [{"entity": "property_state", "value": value}],
            },
            "events": [{"event": "user", "text": text, "parse_data": {"intent": {}}}],
            "active_loop": {"name": FORM_NAME},
        }
    )
    events = asyncio.run(ActionExtractFacts().run(CollectingDispatcher(), tracker, {}))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_a_tagged_la_is_asked_not_louisiana() -> None:
    said = _slots_with_a_tagged_place("want a condo in LA for me and my daughter", "LA")
    assert "property_state" not in said


def test_a_tagged_town_and_state_is_read() -> None:  # a guard
    said = _slots_with_a_tagged_place("want a house out in Olive Branch MS", "Olive Branch MS")
    assert said["property_state"] == "MS"


@pytest.mark.parametrize(
    "text", ["50% VA disability rating, want to take cash out of my house", "tengo VA disability"]
)
def test_the_va_agency_is_not_virginia(text: str) -> None:
    assert "property_state" not in facts(text)


def test_the_va_loan_program_in_spanish_is_not_virginia() -> None:
    said = facts("quiero comprar en Tucson, ¿hacen préstamos del VA?")
    assert said["property_state"] == "AZ"


def test_virginia_after_a_town_stays() -> None:  # a guard
    assert facts("want a townhouse in Norfolk VA")["property_state"] == "VA"
