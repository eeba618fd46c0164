"""The conversation test set (tests/conversations/*.yml) and a runner for it.

Shared by tests/e2e/test_conversation_set.py (which asserts) and the benchmarks (which
score a model's accuracy and replay the scripts as load). `passes` applies the test's own
criteria to one outcome, so "accuracy" in docs/benchmarks.md means what the test means.
"""

from __future__ import annotations

import statistics
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.normalize import detect_language
from mm.converse import Conversation

CONVERSATIONS = Path(__file__).resolve().parents[1] / "tests" / "conversations"
MAX_REPLY_CHARS = 320  # two SMS segments, as the test asserts


@dataclass
class Script:
    id: str
    language: str
    messages: list[str]
    expect: dict[str, Any]
    phone: str


@dataclass
class Outcome:
    script: Script
    replies: list[list[str]] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    finished_after: int | None = None  # borrower messages until the form was done


def load_scripts() -> list[Script]:
    scripts = []
    for offset, path in enumerate(sorted(CONVERSATIONS.glob("*.yml"))):
        language = path.stem
        for i, item in enumerate(yaml.safe_load(path.read_text())):
            phone = f"+1512556{offset:01d}{i:03d}"
            scripts.append(
                Script(
                    item["id"], language, [str(m) for m in item["messages"]], item["expect"], phone
                )
            )
    return scripts


def finished(turn: dict[str, Any]) -> bool:
    """The form is done: no question pending and the borrower answered the consent one."""
    return turn["requested_slot"] is None and turn["slots"].get("consent") is not None


def run(url: str, script: Script) -> Outcome:
    """Text `script` to the sandbox gateway at `url`, one message per settled turn."""
    convo = Conversation(url, script.phone, auto_accept=False)
    outcome = Outcome(script)
    for n, text in enumerate(script.messages, start=1):
        turn = convo.say(text)
        outcome.replies.append(turn["replies"])
        outcome.slots = turn["slots"]
        if outcome.finished_after is None and finished(turn):
            outcome.finished_after = n
    return outcome


def passes(outcome: Outcome) -> bool:
    """The test's criteria: exact slots, finished, every message answered in <= 2 segments,
    Spanish answered in Spanish."""
    script = outcome.script
    if any(outcome.slots.get(slot) != want for slot, want in script.expect.items()):
        return False
    if outcome.finished_after is None or not all(outcome.replies):
        return False
    replies = [r for turn in outcome.replies for r in turn]
    if any(len(r) > MAX_REPLY_CHARS for r in replies):
        return False
    return script.language != "es" or all(detect_language(r)[0] != "en" for r in replies)


def score(url: str, parallel: int = 4, scripts: list[Script] | None = None) -> dict[str, Any]:
    """Run the set against the gateway at `url`; the share of conversations that pass."""
    scripts = scripts if scripts is not None else load_scripts()
    with ThreadPoolExecutor(parallel) as pool:
        outcomes = list(pool.map(lambda s: run(url, s), scripts))
    passed = [o for o in outcomes if passes(o)]
    slots = [(o, k, v) for o in outcomes for k, v in o.script.expect.items()]
    counts = [o.finished_after for o in outcomes if o.finished_after is not None]
    return {
        "conversations": len(outcomes),
        "passed": len(passed),
        "accuracy": round(len(passed) / len(outcomes), 3) if outcomes else 0.0,
        "slot_accuracy": round(sum(o.slots.get(k) == v for o, k, v in slots) / len(slots), 3)
        if slots
        else 0.0,
        "median_messages_to_finish": statistics.median(counts) if counts else None,
        "failed_ids": sorted(o.script.id for o in outcomes if not passes(o)),
    }
