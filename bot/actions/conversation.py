"""What the bot says when the qualification ends, and to messages outside the form."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from bot.actions.validation import FORM_NAME


def required_slots(domain: DomainDict) -> list[str]:
    return list(domain.get("forms", {}).get(FORM_NAME, {}).get("required_slots", []))


def qualification_done(tracker: Tracker, domain: DomainDict) -> bool:
    """Every required slot is filled (consent may be False: that is an answer too)."""
    return all(tracker.get_slot(slot) is not None for slot in required_slots(domain))


def _bot_spoke_this_session(tracker: Tracker) -> bool:
    spoke = False
    for event in tracker.events:
        if event.get("event") == "session_started":
            spoke = False
        elif event.get("event") == "bot":
            spoke = True
    return spoke


class ActionQualificationComplete(Action):
    """After the form: thank the borrower by name, or confirm that nothing is shared.

    The gateway reads the tracker after this turn and runs the matching itself.
    """

    def name(self) -> str:
        return "action_qualification_complete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("consent") is True:
            dispatcher.utter_message(response="utter_finding_loan_officer")
        else:
            dispatcher.utter_message(response="utter_no_consent")
        return []


class ActionOutsideForm(Action):
    """RulePolicy's core fallback: any message that no rule answers.

    Before or without a finished qualification it (re)starts the form, greeting first if the
    bot has not spoken yet. Once the qualification is done it says the loan officer will be
    in touch; a borrower who declined and texts back is asked the consent question again.
    """

    def name(self) -> str:
        return "action_outside_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.active_loop_name == FORM_NAME:
            # The form turned the message down and no rule answered it: ask its question
            # again rather than leave the form stuck.
            return [SlotSet(REQUESTED_SLOT, None), FollowupAction(FORM_NAME)]
        if qualification_done(tracker, domain):
            if tracker.get_slot("consent") is True:
                dispatcher.utter_message(response="utter_already_qualified")
                return []
            # They said no and texted back ("text us anytime"): ask the consent question again.
            return [SlotSet("consent", None), FollowupAction(FORM_NAME)]
        if not _bot_spoke_this_session(tracker):
            dispatcher.utter_message(response="utter_greet")
        return [FollowupAction(FORM_NAME)]
