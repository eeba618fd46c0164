"""validate_qualification_form: every answer becomes the contract's normalized value.

A slot arrives here either as the whole reply to its own question (from_text) or as an
entity from any message while the form runs (from_entity). An answer that cannot be read
is cleared and the borrower gets a short hint before the form asks again; an entity that
cannot be read, picked up while another question was open, leaves the earlier answer alone.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from bot.normalize import (
    parse_credit_band,
    parse_first_name,
    parse_loan_purpose,
    parse_price,
    parse_state,
    parse_timeline,
    parse_yes_no,
)

FORM_NAME = "qualification_form"


def value_before_this_turn(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message was extracted."""
    events = tracker.events
    last_user = max(
        (i for i, event in enumerate(events) if event.get("event") == "user"), default=len(events)
    )
    for event in reversed(events[:last_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def _other_slots_given(tracker: Tracker, slot: str, domain: DomainDict) -> bool:
    required = domain.get("forms", {}).get(FORM_NAME, {}).get("required_slots", [])
    return any(name != slot and name in required for name in tracker.slots_to_validate())


class ValidateQualificationForm(FormValidationAction):
    def name(self) -> str:
        return f"validate_{FORM_NAME}"

    def _checked(
        self,
        slot: str,
        parsed: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if parsed is not None:
            return {slot: parsed}
        if tracker.get_slot(REQUESTED_SLOT) != slot:
            return {slot: value_before_this_turn(tracker, slot)}
        if not _other_slots_given(tracker, slot, domain):
            # Only hint when this reply was meant for the question; "actually it's 500k"
            # while we ask for credit corrected the price, and the form simply asks again.
            dispatcher.utter_message(response=f"utter_invalid_{slot}")
        return {slot: None}

    def validate_loan_purpose(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._checked("loan_purpose", parse_loan_purpose(value), dispatcher, tracker, domain)

    def validate_property_state(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        parsed = parse_state(value)
        if parsed is None:
            return self._checked("property_state", None, dispatcher, tracker, domain)
        state, zip_code = parsed
        if zip_code is None and value_before_this_turn(tracker, "property_state") == state:
            zip_code = tracker.get_slot("property_zip")  # same state again: keep its ZIP
        return {"property_state": state, "property_zip": zip_code}

    def validate_price_usd(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # A bare "375" is 375k only as the answer to the price question.
        asked = tracker.get_slot(REQUESTED_SLOT) == "price_usd"
        price = parse_price(value, asked=asked)
        return self._checked("price_usd", price, dispatcher, tracker, domain)

    def validate_credit_band(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._checked("credit_band", parse_credit_band(value), dispatcher, tracker, domain)

    def validate_timeline(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._checked("timeline", parse_timeline(value), dispatcher, tracker, domain)

    def validate_first_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._checked("first_name", parse_first_name(value), dispatcher, tracker, domain)

    def validate_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # False is an answer too: the form ends and action_qualification_complete says
        # nothing will be shared.
        return self._checked("consent", parse_yes_no(value), dispatcher, tracker, domain)
