"""What the bot says when the qualification ends, and to messages outside the form."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from bot.actions.intents import effective_intent
from bot.actions.plan import FORM_NAME, required_slots, waiting_for
from bot.actions.texts import CONTACT_TIME_NOTED, WAITING, hint, lang_of
from bot.normalize.contact_time import contact_time


def qualification_done(tracker: Tracker) -> bool:
    """Every required slot is filled (consent may be False: that is an answer too), and the
    bot is not waiting for the state or a YES it stopped asking for."""
    slots = tracker.current_slot_values()
    if waiting_for(slots):
        return False
    return all(slots.get(slot) is not None for slot in required_slots(slots))


def _bot_spoke_this_session(tracker: Tracker) -> bool:
    spoke = False
    for event in tracker.events:
        if event.get("event") == "session_started":
            spoke = False
        elif event.get("event") == "bot":
            spoke = True
    return spoke


def _new_contact_time(tracker: Tracker) -> str | None:
    if tracker.get_slot("contact_time"):
        return None
    return contact_time(tracker.latest_message.get("text") or "")


class ActionQualificationComplete(Action):
    """After the form: thank the borrower by name, or confirm that nothing is shared.

    The gateway reads the tracker after this turn and runs the matching itself.
    """

    def name(self) -> str:
        return "action_qualification_complete"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        waiting = waiting_for(tracker.current_slot_values())
        if waiting:
            dispatcher.utter_message(text=WAITING[waiting][lang_of(tracker.get_slot("language"))])
        elif tracker.get_slot("consent") is True:
            dispatcher.utter_message(response=_named("utter_finding_loan_officer", tracker))
        else:
            dispatcher.utter_message(response="utter_no_consent")
        return []


def _named(response: str, tracker: Tracker) -> str:
    """The thank-you with the borrower's name, or without one ("Thanks!", not "Thanks, None!")
    when they gave none."""
    return response if tracker.get_slot("first_name") else f"{response}_unnamed"


class ActionOutsideForm(Action):
    """RulePolicy's core fallback: any message that no rule answers.

    In the form, the reply did not answer the question: a short hint, then the question
    again. Before or without a finished qualification it (re)starts the form, greeting
    first if the bot has not spoken yet. Once the qualification is done it says the loan
    officer will be in touch; a borrower who declined and texts back is asked the consent
    question again.
    """

    def name(self) -> str:
        return "action_outside_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.active_loop_name == FORM_NAME:
            slots = tracker.current_slot_values()
            asked = tracker.get_slot(REQUESTED_SLOT)
            if asked in required_slots(slots) and slots.get(asked) is None:
                # Missed once (a second miss gives the fact up, plan.after_miss): a hint with
                # an example, then the question one last time.
                text = hint(str(asked), lang_of(slots.get("language")))
                if text:
                    dispatcher.utter_message(text=text)
            return [SlotSet(REQUESTED_SLOT, None), FollowupAction(FORM_NAME)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        text = str(tracker.latest_message.get("text") or "")
        wants_a_person = effective_intent(text, intent) == "human_handoff"
        if qualification_done(tracker):
            if tracker.get_slot("consent") is True:
                # The thank-you asked, optionally, for a good time to call: the reply is kept
                # in the borrower's words for the LO's card and first contact.
                when = None if wants_a_person else _new_contact_time(tracker)
                if when:
                    lang = lang_of(tracker.get_slot("language"))
                    dispatcher.utter_message(text=CONTACT_TIME_NOTED[lang])
                    return [SlotSet("contact_time", when)]
                dispatcher.utter_message(
                    response="utter_fast_track_done"
                    if wants_a_person
                    else _named("utter_already_qualified", tracker)
                )
                return []
            # They said no and texted back ("text us anytime"): ask the consent question again.
            return [SlotSet("consent", None), FollowupAction(FORM_NAME)]
        if not _bot_spoke_this_session(tracker):
            dispatcher.utter_message(response="utter_greet")
        if wants_a_person:
            dispatcher.utter_message(response="utter_fast_track")
        elif intent == "human_handoff":  # "is this a real person or a bot?": say what it is
            dispatcher.utter_message(response="utter_iamabot")
        return [FollowupAction(FORM_NAME)]
