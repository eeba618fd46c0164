"""Which questions the qualification still needs, and what a missed answer leads to.

- first_time_buyer only for a purchase; va_eligible and self_employed always (VA and
  bank-statement programs change which LO fits), each asked as its own yes-or-no question;
  occupancy is never asked, only kept when volunteered.
- fast_track ("can I just talk to a person?"): only what matching cannot do without.
- consent comes before first_name: its question asks for both in one reply.
- Never the same question three times in a row. An optional fact the borrower cannot give
  ("not sure", "prefer not to say", or two replies that miss it) becomes unknown and the
  form moves on; the matcher works without it. A required fact is asked once more with an
  example; then the purpose goes to a person (fast track), the state is asked as a ZIP code,
  and consent waits for the borrower's YES.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vocabulary import CLOSING_SLOTS, CORE_SLOTS, FAST_TRACK_SLOTS, FLAG_SLOTS

FORM_NAME = "qualification_form"
# Facts the matcher can do without: "not sure" is an answer for these.
OPTIONAL_SLOTS = frozenset(
    {"price_usd", "credit_band", "timeline", *FLAG_SLOTS, "first_name", "property_zip"}
)
MAX_MISSES = 2
# Intents that are not answers: the form answers them briefly and asks again.
DIGRESSIONS = frozenset(
    {
        "bot_challenge",
        "ask_why",
        "ask_rates",
        "human_handoff",
        "out_of_scope",
        "chitchat",
        "insult",
        "thank",
        "goodbye",
    }
)


def required_slots(slots: Mapping[str, Any]) -> list[str]:
    """The form's questions, in the order they are asked.

    The consent question also asks for the first name ("Reply YES and your first name"),
    so first_name is only asked on its own after a plain "yes"; after a "no" it is not
    asked at all (nobody will be introduced). Facts given up on are not asked again.
    """
    if slots.get("fast_track"):
        needed = list(FAST_TRACK_SLOTS)
    else:
        flags = [s for s in FLAG_SLOTS if s != "first_time_buyer" or _is_purchase(slots)]
        needed = [*CORE_SLOTS, *flags, *CLOSING_SLOTS]
    if slots.get("consent") is False:
        needed.remove("first_name")
    misses = miss_counts(slots)
    if slots.get("property_state") is None and misses.get("property_state", 0) >= MAX_MISSES:
        # The state asked twice: ask for a ZIP code instead; after that, wait for the borrower.
        needed[needed.index("property_state")] = "property_zip"
    waiting = waiting_for(slots)
    if waiting == "property_state":
        needed.remove("property_zip")
    elif waiting == "consent":
        needed = [s for s in needed if s not in CLOSING_SLOTS]
    given_up = set(slots.get("unknown_facts") or [])
    return [s for s in needed if s not in given_up]


def miss_counts(slots: Mapping[str, Any]) -> dict[str, int]:
    counts = slots.get("miss_counts")
    return {str(k): int(v) for k, v in counts.items()} if isinstance(counts, dict) else {}


def waiting_for(slots: Mapping[str, Any]) -> str | None:
    """The required fact the bot stopped asking for and waits on: the state or consent."""
    misses = miss_counts(slots)
    if slots.get("property_state") is None and misses.get("property_zip", 0) >= 1:
        return "property_state"
    if slots.get("consent") is None and misses.get("consent", 0) >= MAX_MISSES:
        return "consent"
    return None


def after_miss(slot: str, slots: Mapping[str, Any], unknown_said: bool) -> dict[str, Any]:
    """Slot changes after a reply that did not give `slot`, the fact just asked for.

    `unknown_said`: the reply said the borrower does not know or would rather not say.
    """
    misses = miss_counts(slots)
    count = misses.get(slot, 0) + 1
    changes: dict[str, Any] = {"miss_counts": misses | {slot: count}}
    if slot in OPTIONAL_SLOTS and (unknown_said or count >= MAX_MISSES):
        if slot == "property_zip":
            return changes  # the ZIP stood in for the state: wait for the borrower
        changes["unknown_facts"] = sorted({*(slots.get("unknown_facts") or []), slot})
    elif slot == "loan_purpose" and count >= MAX_MISSES:
        changes["fast_track"] = True  # a loan officer can go over the options
    return changes


def pending_flags(slots: Mapping[str, Any]) -> list[str]:
    """The yes-or-no facts still unknown, in the order they are asked."""
    needed = required_slots(slots)
    return [s for s in FLAG_SLOTS if s in needed and slots.get(s) is None]


def _is_purchase(slots: Mapping[str, Any]) -> bool:
    return slots.get("loan_purpose") in (None, "purchase")
