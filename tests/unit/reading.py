"""What the parsers read from one text, as the conversation reads it: shared by the tests of
borrowers' phrasings."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from benchmarks.replies import _tracker
from bot.actions.extraction import ActionExtractFacts
from bot.actions.plan import FORM_NAME
from bot.normalize import extract_facts
from bot.normalize.answers import FLAG_SLOTS

# relative times ("in a few weeks") are read as of one fixed day
TODAY = date(2026, 12, 5)


def facts(text: str, requested: str | None = None, purpose: str | None = None) -> dict[str, object]:
    """The facts in `text`, answered to the question `requested` (None: an opening)."""
    flags = [requested] if requested in FLAG_SLOTS else []
    return extract_facts(
        text, requested=requested, flags_asked=flags, today=TODAY, known_purpose=purpose
    )


def slots_set(text: str, slots: dict[str, object]) -> dict[str, object]:
    """The slots the extraction action sets for `text` in a conversation holding `slots`."""
    events = asyncio.run(
        ActionExtractFacts().run(CollectingDispatcher(), _tracker(text, slots), {})
    )
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def set_after(earlier: list[str], reply: str, asked: str | None) -> dict[str, Any]:
    """The slots the extraction sets for `reply` to the question `asked` (None: the opening),
    after the borrower's `earlier` texts."""
    slots = {"language": "en", "loan_purpose": "purchase", "requested_slot": asked}
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()] + [
        {"event": "user", "text": t, "parse_data": {"intent": {}, "entities": []}}
        for t in [*earlier, reply]
    ]
    tracker = Tracker.from_dict(
        {
            "sender_id": "reading",
            "slots": slots,
            "latest_message": {"text": reply, "intent": {}, "entities": []},
            "events": events,
            "active_loop": {"name": FORM_NAME},
        }
    )
    run = ActionExtractFacts().run(CollectingDispatcher(), tracker, {})
    return {e["name"]: e["value"] for e in asyncio.run(run) if e["event"] == "slot"}
