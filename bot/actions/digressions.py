"""action_answer_digression: a short, honest answer to a question asked mid-form.

The rules in bot/rules/digressions.yml run it for "are you a bot?", "why do you need
this?", rates and fees, off-topic and rude messages; the form then asks its question
again. When the message also answered the open question (DIET took "good" for small talk
while the credit question was open), it says nothing: the answer was taken and the form
moves on.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.intents import effective_intent
from bot.actions.plan import required_slots

RESPONSES = {
    "bot_challenge": "utter_iamabot",
    "ask_why": "utter_why",
    "ask_rates": "utter_rates",
    "human_handoff": "utter_fast_track",
    "out_of_scope": "utter_out_of_scope",
    "insult": "utter_insult",
    "chitchat": "utter_chitchat",
    "thank": "utter_you_are_welcome",
    "goodbye": "utter_goodbye_midway",
}
# Always answered: the borrower asked for a person, so say the bot heard it.
ALWAYS = {"human_handoff"}


def slots_set_by_latest_message(tracker: Tracker) -> set[str]:
    """Slots that the latest user message filled (set after it, by slot extraction)."""
    names: set[str] = set()
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("value") is not None:
            names.add(str(event.get("name")))
    return names


class ActionAnswerDigression(Action):
    def name(self) -> str:
        return "action_answer_digression"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        intent = effective_intent(
            str(tracker.latest_message.get("text") or ""),
            (tracker.latest_message.get("intent") or {}).get("name"),
        )
        response = RESPONSES.get(str(intent))
        # A fact given up on ("not sure") is an answer too: the form says so and moves on.
        answered = slots_set_by_latest_message(tracker) & {
            *required_slots(tracker.current_slot_values()),
            "unknown_facts",
        }
        if response and (intent in ALWAYS or not answered):
            dispatcher.utter_message(response=response)
        return []
