"""validate_qualification_form: which questions remain, and a last check of every value.

The values arrive already normalized by action_extract_facts (extraction.py); validating
them again is harmless (every parser maps a contract value to itself) and keeps a value
that somehow is not a contract value out of the tracker. `required_slots` shrinks or grows
the form: first_time_buyer only for a purchase, and a fast-tracked borrower ("can I just
talk to a person?") is only asked what matching cannot do without (plan.py). A value that
replaces an earlier answer while another question is open gets a short "Got it, I updated
the price." so the borrower knows the correction landed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.plan import FORM_NAME, miss_counts, required_slots
from bot.actions.texts import lang_of, skipped, updated
from bot.normalize import (
    parse_credit_band,
    parse_first_name,
    parse_loan_purpose,
    parse_price,
    parse_state,
    parse_timeline,
    parse_yes_no,
)


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else parse_yes_no(value)


def _state(value: Any) -> str | None:
    place = parse_state(value)
    return place[0] if place else None


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "loan_purpose": parse_loan_purpose,
    "property_state": _state,
    "price_usd": parse_price,
    "credit_band": parse_credit_band,
    "timeline": parse_timeline,
    "first_name": parse_first_name,
    "consent": _bool,
    "first_time_buyer": _bool,
    "va_eligible": _bool,
    "self_employed": _bool,
}


def value_before_this_turn(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message."""
    events = tracker.events
    last_user = max(
        (i for i, event in enumerate(events) if event.get("event") == "user"), default=len(events)
    )
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


class ValidateQualificationForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM_NAME}"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return required_slots(tracker.current_slot_values())

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Every contract slot set this turn is checked, also one the form does not ask now.
        checked: list[EventType] = []
        given = tracker.slots_to_validate()
        corrected = [
            slot
            for slot, value in given.items()
            if slot in _CHECKS
            and slot != tracker.get_slot("requested_slot")
            and value_before_this_turn(tracker, slot) not in (None, value)
        ]
        if corrected:
            lang = lang_of(tracker.get_slot("language"))
            dispatcher.utter_message(text=updated(corrected, lang))
        for slot, value in given.items():
            check = _CHECKS.get(slot)
            if check is None or value is None:
                continue
            normalized = check(value)
            checked.append(SlotSet(slot, normalized))
            tracker.slots[slot] = normalized
        checked += self._moved_on(dispatcher, tracker)
        return checked

    def _moved_on(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """A fact given up on this turn: say so kindly, once, and let the form move on.

        The SlotSet it returns counts as a validated slot, so Rasa asks the next question
        instead of rejecting the form for a reply that filled nothing.
        """
        set_now = set_this_turn(tracker)
        lang = lang_of(tracker.get_slot("language"))
        before = set(value_before_this_turn(tracker, "unknown_facts") or [])
        unknown = set_now.get("unknown_facts")
        if unknown is not None and set(unknown) - before:
            self._say_once(dispatcher, tracker, skipped(lang))
            return [SlotSet("unknown_facts", unknown)]
        if set_now.get("fast_track") and miss_counts(set_now).get("loan_purpose", 0) >= 2:
            self._say_once(dispatcher, tracker, skipped(lang, to_a_person=True))
            return [SlotSet("fast_track", True)]
        return []

    @staticmethod
    def _say_once(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> None:
        if text not in bot_texts_this_turn(tracker):
            dispatcher.utter_message(text=text)


def set_this_turn(tracker: Tracker) -> dict[str, Any]:
    """Slots set since the latest user message (by extraction, validation or actions)."""
    values: dict[str, Any] = {}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") not in values:
            values[str(event.get("name"))] = event.get("value")
    return values


def bot_texts_this_turn(tracker: Tracker) -> list[str]:
    texts: list[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot" and event.get("text"):
            texts.append(str(event["text"]))
    return texts
