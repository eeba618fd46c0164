"""action_extract_facts: reads every user message for the qualification's facts.

It is the `custom` slot mapping of every qualification slot (bot/domain/qualification.yml),
so Rasa's action_extract_slots runs it after each message, before the next action is
chosen: the language is known before the greeting, a first message with five facts fills
five slots, and a correction replaces the earlier value whatever question is open (the
form's validation then says so: Rasa drops messages sent from a slot mapping action).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from bot.actions.intents import wants_a_person
from bot.actions.plan import DIGRESSIONS, FLAG_SLOTS, FORM_NAME, after_miss, waiting_for
from bot.normalize import (
    band_for_score,
    extract_facts,
    language_after,
    parse_equity_kind,
    parse_state,
    picked_price,
    says_unknown,
    wants_equity,
)
from bot.normalize.answers import co_borrower_served, name_at_the_end, texting_for_a_relative
from bot.normalize.place import names_a_place, state_across_the_line
from bot.normalize.products import requested_product
from bot.normalize.purpose import debts_on_an_owned_home
from bot.normalize.text import fold
from vocabulary import QUALIFICATION_SLOTS

DIGRESSION_CONFIDENCE = 0.7
_ANSWERED_TOGETHER = {
    ("property_zip", "property_state"),
    ("property_state", "property_zip"),
    ("first_name", "consent"),
}
# The facts of the slot contract a reply can give (contact_time is kept, never parsed).
CONTRACT_SLOTS = frozenset({*QUALIFICATION_SLOTS, "consent"} - {"contact_time"})


class ActionExtractFacts(Action):
    def name(self) -> str:
        return "action_extract_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = str(message.get("text") or "")
        slots = tracker.current_slot_values()
        events: list[EventType] = []
        earlier = [
            str(e.get("text") or "")
            for e in tracker.events
            if e.get("event") == "user" and e.get("text")
        ][:-1]  # the borrower's texts before this one
        lang = (
            language_after(text, slots.get("language"), earlier) if text else slots.get("language")
        )
        if lang and lang != slots.get("language"):
            events.append(SlotSet("language", lang))
        if not text or text.startswith("/"):
            return events
        form_active = tracker.active_loop_name == FORM_NAME
        if not form_active and slots.get("consent") is not None:
            return events  # the qualification is over; later texts change nothing
        intent = (message.get("intent") or {}).get("name")
        confidence = float((message.get("intent") or {}).get("confidence") or 0)
        if wants_a_person(text, intent) and not slots.get("fast_track"):
            events.append(SlotSet("fast_track", True))
        requested = slots.get(REQUESTED_SLOT) if form_active else waiting_for(slots)
        asks = _asks_something(text, intent, confidence)
        named_late = name_at_the_end(text) if requested == "first_name" and asks else None
        if requested == "first_name" and asks:
            requested = None  # the other answers are parsed strictly; a name is any word
        facts = extract_facts(
            text,
            requested=requested,
            flags_asked=[requested] if requested in FLAG_SLOTS else [],
            known_purpose=slots.get("loan_purpose"),
            for_a_relative=texting_for_a_relative([*earlier, text]),
        )
        if requested == "price_usd" and "price_usd" not in facts:
            picked = picked_price(text, earlier)  # "the 2nd one": of the homes listed before
            if picked:
                facts["price_usd"] = picked
        late = _LATE_SCORE.match(fold(text))
        if (
            late
            and "credit_band" not in facts
            and "credit_band" in (slots.get("unknown_facts") or [])
        ):
            facts["credit_band"] = band_for_score(int(late.group(1)))  # "ok its 712": found it
        if named_late and "first_name" not in facts:
            facts["first_name"] = named_late  # "why do you need my name. its Dale"
        if requested == "loan_purpose" and slots.get("equity_question"):
            kind = parse_equity_kind(text)
            if kind:
                facts["loan_purpose"] = kind
        if "property_state" not in facts and not names_a_place(text):
            facts.update(_place_from_entities(message))
        if "property_state" not in facts and requested in ("property_state", "property_zip"):
            across = state_across_the_line(text, earlier)  # "kansas city" + "both sides"
            if across:
                facts["property_state"] = across
        if (requested == "va_eligible" or "va_eligible" in facts) and co_borrower_served(
            text, earlier
        ):
            facts["va_eligible"] = True  # "me and my husband" ... "he served, I didn't"
        product = requested_product(text)
        if product:
            facts["requested_product"] = product  # outside the contract: the matcher's rule
        corrected_price = _price_taken_back(text, slots.get("price_usd"))
        if corrected_price:
            facts["price_usd"] = corrected_price
        if (
            "loan_purpose" not in facts
            and slots.get("loan_purpose") is None
            and not slots.get("equity_question")
            and (wants_equity(text) or debts_on_an_owned_home(text))
        ):
            facts["equity_question"] = True  # cash-out refinance or HELOC: ask which
        changed = _changes(facts, slots, requested, text)
        if corrected_price:
            changed["price_usd"] = corrected_price  # the old number named: a correction
        if form_active and requested and slots.get(requested) is None:
            answered = (
                requested in facts
                or (requested == "property_zip" and "property_state" in facts)
                # "no sé cómo se llama, sacar dinero de la casa": equity, asked which way next
                or (requested == "loan_purpose" and bool(facts.get("equity_question")))
            )
            unknown_said = says_unknown(text) and not asks
            # A reply that corrects or adds other facts is not a miss: the question comes again.
            if not answered and (unknown_said or not set(changed) & CONTRACT_SLOTS):
                changed |= after_miss(requested, slots, unknown_said)
        given_up = changed.get("unknown_facts", slots.get("unknown_facts")) or []
        if set(given_up) & set(changed):  # a fact given up on and then said after all
            changed["unknown_facts"] = [s for s in given_up if s not in changed]
        events += [SlotSet(slot, value) for slot, value in changed.items()]
        return events


# The score a borrower who could not say it goes and finds: "ok its 712. and we want to move by
# march", answering the next question too
_LATE_SCORE = re.compile(
    r"\W*(?:ok(?:ay)?\W+|so\W+|found it\W+|(?:just )?checked\W+|update\W+)*"
    r"(?:its|it'?s|it is|es|son|mine is|mine'?s|my score is)\s+([5-8]\d\d)\b(?!\s*k|\s*mil|,\d)"
)


_A_NOT_B = re.compile(
    r"\b(\d{3}|\d\.\d{1,2})\s*(?:k|m|mil|mill?ion)?\s*,?\s*(?:not|no|instead of|en vez de|y no)"
    r"\s+(?:the\s+)?\$?(\d{3}|\d\.\d{1,2})\s*(?:k|m|mil|mill?ion)?\b"
)


_SAID_MEANT = re.compile(
    r"\b(?:said|put|dije|puse)\s+\$?(\d{3})\s*k?\b.{0,30}?\b(?:meant|mean|should be|quise decir"
    r"|era|es|son)\s+\$?(\d{3})\s*k?\b"
)


# "scratch the 180 I said... the one I'm looking at now is 215"
_SCRATCH_THEN = re.compile(
    r"\b(?:scratch|forget|ignore|olvid[ae]|olvidate de)\s+(?:the\s+|that\s+|el\s+|lo\s+de\s+)?"
    r"\$?(\d{3})\s*k?\b.{0,80}?\b(?:is|es|now|ahora|more like|son)\s+\$?(\d{3})\s*k?\b"
)


def _price_taken_back(text: str, known: Any) -> int | None:
    """ "actually 480 not 450", "I said 240 earlier I meant 265", while another question is
    open: the number taken back is the price said before."""
    if not known:
        return None
    folded = fold(text)
    pairs = _A_NOT_B.findall(folded) + [
        (new, old) for old, new in _SAID_MEANT.findall(folded) + _SCRATCH_THEN.findall(folded)
    ]
    for new, old in pairs:
        if _dollars(old) == int(float(known)):
            return _dollars(new)
    return None


def _dollars(said: str) -> int:
    """ "480" is thousands, "1.02" millions (the forms _A_NOT_B and its kin match)."""
    return round(float(said) * (1_000_000 if "." in said else 1000))


def _asks_something(text: str, intent: str | None, confidence: float) -> bool:
    """A question or remark rather than an answer: "bot?", "why do you need my name"."""
    if intent not in DIGRESSIONS or confidence < DIGRESSION_CONFIDENCE:
        return False
    return "?" in text or len(text.split()) > 2


def _place_from_entities(message: dict[str, Any]) -> dict[str, Any]:
    """A place the entity tagger found that the text rules did not (a smaller city + state)."""
    for entity in message.get("entities") or []:
        if entity.get("entity") == "property_state" and entity.get("value"):
            value = str(entity["value"])
            if value.upper() == "LA":
                continue  # "a condo in LA": Los Angeles as often as Louisiana, so asked
            if re.search(
                rf"\b{re.escape(value)}\s+(?:county|co\b|parish)", str(message.get("text")), re.I
            ):
                continue  # "our place in washington county": a county of many states, asked
            # Not `asked`: a lone lowercase "pa" tagged as a place is Spanish "para", not PA.
            place = parse_state(value, asked=False)
            if place:
                return {"property_state": place[0]} | (
                    {"property_zip": place[1]} if place[1] else {}
                )
    return {}


# A known fact changes outside its own question only when the borrower says it changed:
# "we own our current home in ohio" does not move a Chicago search to Ohio.
_CORRECTION = re.compile(
    r"\b(?:actually|oops|sorry|i meant|meant to say|instead|wrong|correction"
    r"|scratch (?:that|what i said|what i told you)"
    r"|messed up|my bad|typo|i mean|me equivoque|me confundi"
    r"|no wait|wait|update|changed|perdon|mejor dicho|me equivoque|en realidad|digo|no,? es|cambio"
    r"|quise decir|make (?:that|it) (?:a|an)|change (?:that|it) to|cambialo a|more like"
    r"|on (?:second thought|reflection)|misstated|pensandolo bien|mejor|cambie|preferimos"
    r"|change of plans?|lo del (?:precio|tiempo)|(?:oh|and) on (?:the )?(?:price|value)"
    r"|now,? not|dropped to|went (?:up|down) to|(?:bajo|subio) a"  # "675 now not 695"
    r"|switched (?:to|over to)|(?:now|instead) (?:looking|buying) (?:in|at))\b",
    re.IGNORECASE,
)


# A plain refinance said first, a cash-out refinance or a HELOC named later: a refinement.
_REFINED = {"refinance": {"cash_out_refinance", "heloc"}}


def _changes(
    facts: dict[str, Any], slots: dict[str, Any], requested: str | None = None, text: str = ""
) -> dict[str, Any]:
    changed = {slot: value for slot, value in facts.items() if slots.get(slot) != value}
    if not _CORRECTION.search(fold(text)):
        for slot in list(changed):
            old = slots.get(slot)
            if slot == "loan_purpose" and changed[slot] in _REFINED.get(str(old), ()):
                continue  # "refinance", then "a HELOC would suit me better": more precise
            asked = slot == requested or (slot, requested) in _ANSWERED_TOGETHER
            if slots.get(slot) is not None and slot in CONTRACT_SLOTS and not asked:
                del changed[slot]
    if "property_state" in changed and "property_zip" not in facts:
        if slots.get("property_zip") is not None:
            changed["property_zip"] = None  # a new state without a ZIP: the old ZIP is stale
    if facts.get("loan_purpose", slots.get("loan_purpose")) not in (None, "purchase"):
        changed.pop("first_time_buyer", None)  # only asked, and kept, for a purchase
    return changed
