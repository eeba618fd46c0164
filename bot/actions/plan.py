"""Which questions the qualification still needs, given what the borrower has said.

- first_time_buyer only for a purchase; va_eligible and self_employed always (VA and
  bank-statement programs change which LO fits); occupancy is never asked, only kept when
  volunteered.
- fast_track ("can I just talk to a person?"): only what matching cannot do without.
- consent comes before first_name: its question asks for both in one reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vocabulary import CLOSING_SLOTS, CORE_SLOTS, FAST_TRACK_SLOTS, FLAG_SLOTS

FORM_NAME = "qualification_form"
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
    asked at all (nobody will be introduced).
    """
    if slots.get("fast_track"):
        needed = list(FAST_TRACK_SLOTS)
    else:
        flags = [s for s in FLAG_SLOTS if s != "first_time_buyer" or _is_purchase(slots)]
        needed = [*CORE_SLOTS, *flags, *CLOSING_SLOTS]
    if slots.get("consent") is False:
        needed.remove("first_name")
    return needed


def pending_flags(slots: Mapping[str, Any]) -> list[str]:
    """The yes-or-no facts still unknown, asked together in one numbered question."""
    needed = required_slots(slots)
    return [s for s in FLAG_SLOTS if s in needed and slots.get(s) is None]


def _is_purchase(slots: Mapping[str, Any]) -> bool:
    return slots.get("loan_purpose") in (None, "purchase")
