"""Questions composed per borrower: the yes-or-no facts, and consent (with the name).

action_ask_first_time_buyer / _va_eligible / _self_employed: one short yes-or-no question
each. A numbered menu of all three was tried first: a reply that answers one item ("no, we
sold our condo") says nothing about the others, and "yes" to a menu is ambiguous, so one
question each reads better in SMS and costs no extra message for borrowers who answer one
fact at a time (docs/nlu-report.md). Facts volunteered on the way are kept and not asked.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.plan import FLAG_SLOTS
from bot.actions.texts import EQUITY_QUESTION, flags_question, lang_of


class _AskFlags(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = lang_of(tracker.get_slot("language"))
        dispatcher.utter_message(text=flags_question([self.slot], lang))
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


class ActionAskLoanPurpose(Action):
    """The purpose menu; after "take some equity out", which of the two ways (never a guess:
    a cash-out refinance and a HELOC are offered by different LOs)."""

    def name(self) -> str:
        return "action_ask_loan_purpose"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("equity_question"):
            lang = lang_of(tracker.get_slot("language"))
            dispatcher.utter_message(text=EQUITY_QUESTION[lang])
        else:
            dispatcher.utter_message(response="utter_ask_loan_purpose")
        return []
