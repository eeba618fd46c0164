"""Questions composed per borrower: the yes-or-no facts, and consent (with the name).

action_ask_first_time_buyer / _va_eligible / _self_employed: one question for all three.

Whichever of them the form asks first, the borrower gets one numbered question listing
every yes-or-no fact still unknown ("1) first-time buyer 2) served in the US military
(VA loans) 3) self-employed"), and one reply ("1 3", "0", "none") answers them all.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.plan import FLAG_SLOTS, pending_flags
from bot.actions.texts import flags_question, lang_of


class _AskFlags(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slots = tracker.current_slot_values()
        flags = pending_flags(slots) or [self.slot]
        dispatcher.utter_message(text=flags_question(flags, lang_of(slots.get("language"))))
        return []


class ActionAskFirstTimeBuyer(_AskFlags):
    slot = FLAG_SLOTS[0]


class ActionAskVaEligible(_AskFlags):
    slot = FLAG_SLOTS[1]


class ActionAskSelfEmployed(_AskFlags):
    slot = FLAG_SLOTS[2]


class ActionAskConsent(Action):
    """The consent question; it also asks for the first name unless the borrower gave it."""

    def name(self) -> str:
        return "action_ask_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        named = tracker.get_slot("first_name") is not None
        dispatcher.utter_message(
            response="utter_ask_consent_named" if named else "utter_ask_consent"
        )
        return []
