"""Custom actions, run directly: a Tracker built from a dict state, a CollectingDispatcher,
and assertions on the returned events and the dispatched responses."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionOutsideForm, ActionQualificationComplete
from bot.actions.validation import ValidateQualificationForm

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"
FORM = "qualification_form"
REQUIRED = [
    "loan_purpose",
    "property_state",
    "price_usd",
    "credit_band",
    "timeline",
    "first_name",
    "consent",
]
QUALIFIED = {
    "loan_purpose": "purchase",
    "property_state": "TX",
    "price_usd": 450_000,
    "credit_band": "740+",
    "timeline": "now",
    "first_name": "Ana",
}


def load_domain() -> dict[str, Any]:
    """The real domain, merged from its topic files the way Rasa merges a domain folder."""
    merged: dict[str, Any] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text()) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


DOMAIN = load_domain()


def user(text: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {"intent": {"name": "inform"}, "entities": entities or []},
    }


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def tracker(
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = FORM,
) -> Tracker:
    """A tracker as Rasa sends it: current slot values plus the event history."""
    events = events or []
    latest = next((e for e in reversed(events) if e["event"] == "user"), {"text": ""})
    return Tracker.from_dict(
        {
            "sender_id": "+15125550123",
            "slots": dict(slots or {}),
            "latest_message": {"text": latest["text"], **latest.get("parse_data", {})},
            "events": events,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


def reply_to(
    requested: str,
    text: str,
    earlier: dict[str, Any] | None = None,
    extracted: dict[str, Any] | None = None,
) -> Tracker:
    """The borrower answered `requested` with `text`; Rasa extracted `extracted` from it."""
    earlier = dict(earlier or {})
    extracted = extracted if extracted is not None else {requested: text}
    events = [slot(k, v) for k, v in earlier.items()]
    events += [slot("requested_slot", requested), user(text)]
    events += [slot(k, v) for k, v in extracted.items()]
    return tracker({**earlier, "requested_slot": requested, **extracted}, events)


async def validate(t: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateQualificationForm().run(dispatcher, t, DOMAIN)
    return events, dispatcher.messages


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def responses(messages: list[dict[str, Any]]) -> list[str]:
    return [m["response"] for m in messages]


# --- validate_qualification_form ------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "text", "expected"),
    [
        ("loan_purpose", "1", "purchase"),
        ("loan_purpose", "refi", "refinance"),
        ("property_state", "Austin TX", "TX"),
        ("price_usd", "450k", 450_000),
        ("price_usd", "375", 375_000),
        ("credit_band", "mid 700s", "740+"),
        ("timeline", "asap", "now"),
        ("first_name", "ana", "Ana"),
        ("consent", "yes", True),
        ("consent", "no", False),
    ],
)
async def test_an_answer_to_the_question_is_stored_normalized(
    requested: str, text: str, expected: Any
) -> None:
    """The reply to the open question is stored as the contract value, with no hint sent."""
    events, messages = await validate(reply_to(requested, text))
    assert slot_values(events)[requested] == expected
    assert messages == []


@pytest.mark.parametrize(
    ("requested", "text"),
    [
        ("loan_purpose", "hello"),
        ("property_state", "somewhere nice"),
        ("price_usd", "450l"),
        ("credit_band", "no idea"),
        ("timeline", "whenever"),
        ("first_name", "ana2"),
        ("consent", "maybe"),
    ],
)
async def test_an_unreadable_answer_is_cleared_with_a_hint(requested: str, text: str) -> None:
    """An answer that can't be read empties the slot and sends that slot's short hint."""
    events, messages = await validate(reply_to(requested, text))
    assert slot_values(events)[requested] is None
    assert responses(messages) == [f"utter_invalid_{requested}"]


async def test_a_zip_fills_the_state_and_the_zip() -> None:
    """A ZIP code answer gives both property_state and property_zip."""
    events, _ = await validate(reply_to("property_state", "78701"))
    assert slot_values(events) == {"property_state": "TX", "property_zip": "78701"}


async def test_the_same_state_again_keeps_its_zip_and_another_state_drops_it() -> None:
    """Repeating the state keeps the earlier ZIP; moving to another state clears it."""
    earlier = {"loan_purpose": "purchase", "property_state": "TX", "property_zip": "78701"}
    same, _ = await validate(reply_to("price_usd", "tx", earlier, {"property_state": "tx"}))
    other, _ = await validate(
        reply_to("price_usd", "florida", earlier, {"property_state": "florida"})
    )
    assert slot_values(same)["property_zip"] == "78701"
    assert slot_values(other) == {"property_state": "FL", "property_zip": None}


async def test_a_first_message_with_several_facts_fills_them_all() -> None:
    """Entities of the message that starts the form are normalized, with no hints."""
    text = "hi i want to buy a house in Round Rock TX for about 450k"
    extracted = {"loan_purpose": "buy", "property_state": "Round Rock TX", "price_usd": "450k"}
    events = [user(text), *[slot(k, v) for k, v in extracted.items()]]
    result, messages = await validate(tracker(extracted, events))
    assert slot_values(result) == {
        "loan_purpose": "purchase",
        "property_state": "TX",
        "property_zip": None,
        "price_usd": 450_000,
    }
    assert messages == []


async def test_a_correction_of_an_earlier_answer_replaces_it_without_a_hint() -> None:
    """Saying "actually 500k" to the credit question updates the price, with no hint."""
    earlier = {k: QUALIFIED[k] for k in ("loan_purpose", "property_state", "price_usd")}
    t = reply_to(
        "credit_band",
        "actually 500k",
        earlier,
        {"credit_band": "actually 500k", "price_usd": "500k"},
    )
    events, messages = await validate(t)
    assert slot_values(events) == {"credit_band": None, "price_usd": 500_000}
    assert messages == []


async def test_an_unreadable_entity_for_another_slot_keeps_the_earlier_answer() -> None:
    """A credit score mistaken for a price entity leaves the price the borrower gave."""
    earlier = {k: QUALIFIED[k] for k in ("loan_purpose", "property_state", "price_usd")}
    t = reply_to("credit_band", "720", earlier, {"credit_band": "720", "price_usd": "720"})
    events, messages = await validate(t)
    assert slot_values(events) == {"credit_band": "680-739", "price_usd": 450_000}
    assert messages == []


# --- action_qualification_complete ----------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "response"),
    [(True, "utter_finding_loan_officer"), (False, "utter_no_consent")],
)
async def test_completion_thanks_by_name_or_confirms_nothing_is_shared(
    consent: bool, response: str
) -> None:
    """With consent the borrower hears we are finding their loan officer, without it that
    nothing will be shared; the action sets no slots (the gateway reads the tracker)."""
    dispatcher = CollectingDispatcher()
    t = tracker({**QUALIFIED, "consent": consent}, active_loop=None)
    events = await ActionQualificationComplete().run(dispatcher, t, DOMAIN)
    assert events == []
    assert responses(dispatcher.messages) == [response]


# --- action_outside_form --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "expected_messages"),
    [
        ([user("yo whats this")], ["utter_greet"]),
        ([user("are you a bot"), {"event": "bot", "text": "Yes, I'm..."}], []),
    ],
)
async def test_outside_form_starts_the_qualification_greeting_only_once(
    history: list[dict[str, Any]], expected_messages: list[str]
) -> None:
    """Before the qualification is done, any message starts the form; the greeting is sent
    only if the bot has not spoken yet in this session."""
    dispatcher = CollectingDispatcher()
    events = await ActionOutsideForm().run(dispatcher, tracker({}, history, None), DOMAIN)
    assert events == [FollowupAction(FORM)]
    assert responses(dispatcher.messages) == expected_messages


async def test_outside_form_after_completion_answers_briefly() -> None:
    """A borrower texting after a qualification with consent gets one short status line."""
    dispatcher = CollectingDispatcher()
    t = tracker({**QUALIFIED, "consent": True}, [user("hello?")], None)
    events = await ActionOutsideForm().run(dispatcher, t, DOMAIN)
    assert events == []
    assert responses(dispatcher.messages) == ["utter_already_qualified"]


async def test_outside_form_after_a_no_asks_for_consent_again() -> None:
    """A borrower who declined and texts back is asked the consent question once more."""
    dispatcher = CollectingDispatcher()
    t = tracker({**QUALIFIED, "consent": False}, [user("actually can you introduce me")], None)
    events = await ActionOutsideForm().run(dispatcher, t, DOMAIN)
    assert events == [SlotSet("consent", None), FollowupAction(FORM)]
    assert dispatcher.messages == []


async def test_outside_form_inside_a_stuck_form_asks_its_question_again() -> None:
    """If the form turned a message down and no rule answered, the form is re-run to re-ask."""
    dispatcher = CollectingDispatcher()
    t = tracker({"requested_slot": "price_usd"}, [user("???")], FORM)
    events = await ActionOutsideForm().run(dispatcher, t, DOMAIN)
    assert events == [SlotSet("requested_slot", None), FollowupAction(FORM)]


# --- the SMS copy in the domain -------------------------------------------------------------


LONGEST_NAME = "X" * 40  # parse_first_name accepts at most 40 characters


def all_texts() -> list[Any]:
    return [
        pytest.param(variant["text"], id=name)
        for name, variants in DOMAIN["responses"].items()
        for variant in variants
    ]


@pytest.mark.parametrize("text", all_texts())
def test_every_reply_is_plain_sms_text(text: str) -> None:
    """Every response is plain text (no markdown) and fits one 160-character SMS, even with
    the longest first name filled in."""
    filled = text.replace("{first_name}", LONGEST_NAME)
    assert len(filled) <= 160
    assert not re.search(r"[*_`#{}]|\[.*\]\(", filled)


def test_the_form_asks_the_contract_slots_in_order_each_with_a_question_and_a_hint() -> None:
    """The form requires the contract's slots in order; each has a question and a hint."""
    assert DOMAIN["forms"][FORM]["required_slots"] == REQUIRED
    for name in REQUIRED:
        assert f"utter_ask_{name}" in DOMAIN["responses"]
        assert f"utter_invalid_{name}" in DOMAIN["responses"]


@pytest.mark.parametrize(
    ("question", "choices"),
    [("utter_ask_loan_purpose", 4), ("utter_ask_credit_band", 5), ("utter_ask_timeline", 4)],
)
def test_menu_questions_number_their_choices_in_the_text(question: str, choices: int) -> None:
    """SMS has no buttons, so each menu question writes "1) ... N)" into the text itself."""
    for variant in DOMAIN["responses"][question]:
        assert all(f"{n})" in variant["text"] for n in range(1, choices + 1))
