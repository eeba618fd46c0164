"""Whole conversations of the corpus (`personas-*.jsonl`), played the way they are judged.

The rules are those of ../shared/tools/converse_check.py, run in process against a sandbox
URL so the e2e suite can use them: the persona answers whatever the bot asks for (its
`requested_slot`; a credit question is answered by `credit_score`, a state question by the
ZIP answer and back), once per slot; with nothing left to say it answers "not sure" / "no
sé", and "yes" / "sí" when no question is open; at most 15 messages. Exact means every
expected slot matches (prices within 2%), the conversation ends in the expected state
(offered or introduced; opted out; an honest no-match), a volunteered SSN is not stored,
and no question was asked three times in a row.

    .venv/bin/python -m benchmarks.personas URL personas.jsonl [...]
"""

from __future__ import annotations

import json
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mm.converse import Conversation

MAX_TURNS = 15
ALIASES = {
    "credit_band": ["credit_score"],
    "property_state": ["property_state", "property_zip"],
    "property_zip": ["property_zip", "property_state"],
}
LIVE = ("introduced", "offered")


@dataclass
class Played:
    persona: dict[str, Any]
    sent: list[str] = field(default_factory=list)
    asked: list[str | None] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    state: str = "qualifying"
    misses: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.persona["id"])

    @property
    def loops(self) -> int:
        a = self.asked
        return sum(1 for i in range(2, len(a)) if a[i] and a[i] == a[i - 1] == a[i - 2])


def load(path: str | Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


def _answer(slot: str | None, persona: dict[str, Any], used: set[tuple[str, str]]) -> str:
    spanish = persona["lang"] == "es"
    if slot is None:
        return "sí" if spanish else "yes"
    for key in ALIASES.get(slot, [slot]):
        if key in persona["answers"] and (key, slot) not in used:
            used.add((key, slot))
            return str(persona["answers"][key])
    return "no sé" if spanish else "not sure"


def _close(expected: Any, got: Any) -> bool:
    if isinstance(expected, list):
        return got in expected
    if isinstance(expected, bool | str) or expected is None:
        return got == expected
    try:
        return abs(float(got) - expected) <= 0.02 * expected
    except (TypeError, ValueError):
        return False


def play(url: str, persona: dict[str, Any], phone: str, stored: Any = None) -> Played:
    """`stored(text) -> bool` answers whether a text is found in the database."""
    convo = Conversation(url, phone, auto_accept=False)
    out, used = Played(persona), set[tuple[str, str]]()
    message = str(persona["opening"])
    while len(out.sent) < MAX_TURNS:
        turn = convo.say(message.replace("\n", " "))
        out.sent.append(message)
        out.slots, out.state = turn["slots"], turn["state"]
        if out.state != "qualifying":
            break
        out.asked.append(turn["requested_slot"])
        message = _answer(turn["requested_slot"], persona, used)
    said = " ".join(out.sent)
    for key, want in persona["expect"].items():
        if key == "opted_out":
            if out.state != "opted_out":
                out.misses.append("not opted out")
        elif key == "ssn_not_stored":
            if stored is not None and stored(str(want)):
                out.misses.append("SSN stored")
        elif key.startswith("note_"):
            if out.state != "no_match":
                out.misses.append(f"expected an honest no_match, state={out.state}")
        elif key == "property_zip" and str(want) not in said:
            continue
        elif not _close(want, out.slots.get(key)):
            out.misses.append(f"{key}={out.slots.get(key)!r} want {want!r}")
    if out.loops:
        out.misses.append(f"a question asked 3+ times in a row ({out.loops}x)")
    expect = persona["expect"]
    if "opted_out" not in expect and not any(k.startswith("note_") for k in expect):
        if out.state not in LIVE:
            out.misses.append(f"state={out.state}")
    return out


def play_all(
    url: str, personas: list[dict[str, Any]], prefix: str, stored: Any = None, parallel: int = 4
) -> list[Played]:
    def one(item: tuple[int, dict[str, Any]]) -> Played:
        i, persona = item
        return play(url, persona, f"+1555{prefix}{i:04d}", stored)

    with ThreadPoolExecutor(parallel) as pool:
        return list(pool.map(one, enumerate(personas)))


def summary(played: list[Played]) -> str:
    exact = sum(not p.misses for p in played)
    median = statistics.median(len(p.sent) for p in played) if played else 0
    looped = sum(1 for p in played if p.loops)
    return (
        f"personas exact: {exact}/{len(played)}, median borrower messages {median}, "
        f"conversations with a question asked 3+ times in a row: {looped}"
    )


def main() -> None:
    url, paths = sys.argv[1], sys.argv[2:]
    for n, path in enumerate(paths):
        played = play_all(url, load(path), f"{n + 1:03d}")
        for p in played:
            status = "ok" if not p.misses else "MISS " + "; ".join(p.misses)
            print(f"{p.id}: {status} ({len(p.sent)} msgs)")
        print(f"{Path(path).name}: {summary(played)}")


if __name__ == "__main__":
    main()
