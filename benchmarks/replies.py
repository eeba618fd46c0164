"""Single replies (the corpus' `answers-*.jsonl`) read the way the bot reads them.

Each reply answers one question (`slot`). It goes through the real slot extraction action
(bot/actions/extraction.py) with that question open, and the result is compared with what a
person wrote down as the meaning (`expect`): exact for words, within 2% for prices; a list
means any of those readings; `null` means the bot must record nothing for it (it then counts
the reply as unknown or as a miss, so the question is not asked a third time). A reply to
the cash-out-or-HELOC ambiguity is right when the bot asks which instead of guessing.
`checklist` replies answer the three yes-or-no facts at once; they are read by the same
reader the yes-or-no questions use, with all three items asked.

    .venv/bin/python -m benchmarks.replies ../shared/corpus/answers-dev.jsonl \\
        tests/corpus_blind/answers-blind.jsonl
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.extraction import ActionExtractFacts
from bot.actions.plan import FLAG_SLOTS, FORM_NAME
from bot.normalize import parse_flag_answer

EQUITY_READINGS = {"cash_out_refinance", "heloc"}


@dataclass(frozen=True)
class Reply:
    slot: str
    lang: str
    text: str
    expect: Any
    source: str

    @property
    def id(self) -> str:
        return f"{self.source}:{self.slot}:{self.lang}:{self.text}"


# The corpus README: a `credit_score` answer answers the `credit_band` question.
SLOT_ALIASES = {"credit_score": "credit_band"}


def load(path: str | Path) -> list[Reply]:
    rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]
    source = Path(path).stem
    return [
        Reply(SLOT_ALIASES.get(r["slot"], r["slot"]), r["lang"], r["text"], r["expect"], source)
        for r in rows
    ]


def _tracker(text: str, slots: dict[str, Any]) -> Tracker:
    events = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events.append({"event": "user", "text": text, "parse_data": {"intent": {}, "entities": []}})
    return Tracker.from_dict(
        {
            "sender_id": "corpus",
            "slots": slots,
            "latest_message": {"text": text, "intent": {}, "entities": []},
            "events": events,
            "active_loop": {"name": FORM_NAME},
        }
    )


def extracted(text: str, slot: str, lang: str) -> dict[str, Any]:
    """The slots the extraction action sets for `text` while `slot`'s question is open."""
    slots = {"language": lang, "loan_purpose": None if slot == "loan_purpose" else "purchase"}
    slots["requested_slot"] = slot
    events = asyncio.run(
        ActionExtractFacts().run(CollectingDispatcher(), _tracker(text, slots), {})
    )
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def _close(expected: Any, got: Any) -> bool:
    if isinstance(expected, list):
        return got in expected
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return got == expected
    try:
        return abs(float(got) - expected) <= 0.02 * expected
    except (TypeError, ValueError):
        return False


def reading(reply: Reply) -> Any:
    """What the bot takes from the reply for its slot (a dict of the three for checklist)."""
    if reply.slot == "checklist":
        facts = parse_flag_answer(reply.text, list(FLAG_SLOTS))
        return {slot: facts.get(slot) for slot in FLAG_SLOTS}
    filled = extracted(reply.text, reply.slot, reply.lang)
    if reply.slot == "loan_purpose" and filled.get("equity_question"):
        return "asks: cash-out or HELOC"
    return filled.get(reply.slot)


def is_right(reply: Reply, got: Any) -> bool:
    if reply.slot == "checklist":
        if reply.expect is None:
            return all(v is None for v in got.values())
        return all(got[slot] == reply.expect[slot] for slot in FLAG_SLOTS)
    if got == "asks: cash-out or HELOC":
        return isinstance(reply.expect, list) and set(reply.expect) == EQUITY_READINGS
    return _close(reply.expect, got)


def opening_misses(path: str | Path) -> list[tuple[str, str, Any, Any]]:
    """First texts (`openings-*.jsonl`: `text`, `expect` holds every fact stated): the
    facts the extraction action misses, as (text, slot, got, want)."""
    misses = []
    for line in Path(path).read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        filled = extracted_opening(row["text"], row["lang"])
        for slot, want in row["expect"].items():
            got = filled.get(slot)
            if slot == "loan_purpose" and got is None and filled.get("equity_question"):
                got = "asks: cash-out or HELOC"
                if isinstance(want, list) and set(want) == EQUITY_READINGS:
                    continue
            if slot != "language" and not _close(want, got):
                misses.append((row["text"], slot, got, want))
    return misses


def extracted_opening(text: str, lang: str) -> dict[str, Any]:
    """The slots a borrower's first text fills (no question open yet)."""
    tracker = _tracker(text, {})
    tracker.active_loop = {}
    events = asyncio.run(ActionExtractFacts().run(CollectingDispatcher(), tracker, {}))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def report(paths: list[str]) -> tuple[str, list[tuple[Reply, Any]]]:
    lines, misses = [], []
    for path in paths:
        right: Counter[tuple[str, str]] = Counter()
        total: Counter[tuple[str, str]] = Counter()
        for reply in load(path):
            got = reading(reply)
            key = (reply.slot, reply.lang)
            total[key] += 1
            if is_right(reply, got):
                right[key] += 1
            else:
                misses.append((reply, got))
        lines += [f"### {Path(path).name}", "", "| slot | en | es | all |", "|---|---|---|---|"]
        for slot in sorted({s for s, _ in total}):
            cells = []
            for langs in (("en",), ("es",), ("en", "es")):
                r = sum(right[(slot, lang)] for lang in langs)
                t = sum(total[(slot, lang)] for lang in langs)
                cells.append(f"{r}/{t} ({100 * r / t:.0f}%)" if t else "-")
            lines.append(f"| {slot} | " + " | ".join(cells) + " |")
        r, t = sum(right.values()), sum(total.values())
        lines += [f"| **all** | | | **{r}/{t} ({100 * r / t:.1f}%)** |", ""]
    return "\n".join(lines), misses


def main() -> None:
    table, misses = report([a for a in sys.argv[1:] if not a.startswith("--")])
    print(table)
    if "--misses" in sys.argv:
        for reply, got in misses:
            print(f"MISS {reply.source} {reply.slot} {reply.lang} {reply.text!r}: got {got!r}")


if __name__ == "__main__":
    main()
