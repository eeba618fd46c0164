"""What the parsers read from one text, as the conversation reads it: shared by the tests of
borrowers' phrasings."""

from __future__ import annotations

import asyncio
from datetime import date

from rasa_sdk.executor import CollectingDispatcher

from benchmarks.replies import _tracker
from bot.actions.extraction import ActionExtractFacts
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
