"""Every corpus conversation's texts read one by one, to compare two versions of the parsers.

`dump` reads each opening (nothing asked) and each answer (its question asked) of every
`personas-*.jsonl` under tests/ and ../shared/corpus with the code it runs from, and writes
the facts found as JSON. `compare` lines up two dumps against each conversation's `expect`
and prints each changed reading as better, WORSE, both wrong or same-ok (held-out sets:
counts only). `dump OUT SRC` reads with the parsers of another checkout, such as a
worktree of an older commit:

    git worktree add /tmp/old <commit>
    .venv/bin/python -m benchmarks.readings dump /tmp/old.json /tmp/old
    .venv/bin/python -m benchmarks.readings dump /tmp/new.json
    .venv/bin/python -m benchmarks.readings compare /tmp/old.json /tmp/new.json
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 12, 5)  # relative dates are read as of one day, the same for both
FLAGS = ("first_time_buyer", "va_eligible", "self_employed")
HELD_OUT = "personas-blind"


def _sets() -> list[Path]:
    shared = ROOT.parent / "shared" / "corpus" / "personas-dev.jsonl"
    return [*sorted(ROOT.glob("tests/corpus_*/personas-*.jsonl")), shared]


def _conversations() -> dict[str, dict[str, Any]]:
    found = {}
    for path in _sets():
        for line in path.read_text().splitlines():
            person = json.loads(line)
            found[f"{path.name}:{person['id']}"] = person
    return found


def dump(out: str, source: str | None = None) -> None:
    if source:  # that checkout's parsers, not this one's
        sys.path.insert(0, str(Path(source).resolve()))
        for name in [m for m in sys.modules if m == "bot" or m.startswith(("bot.", "vocabulary"))]:
            del sys.modules[name]
    from bot.normalize.facts import extract_facts

    readings: dict[str, Any] = {}
    for key, person in _conversations().items():
        readings[f"{key}:open"] = extract_facts(person["opening"], today=TODAY)
        for answered, text in person["answers"].items():
            if not isinstance(text, str):
                continue
            slot = "credit_band" if answered == "credit_score" else answered
            flags = [slot] if slot in FLAGS else []
            readings[f"{key}:{answered}"] = extract_facts(
                text, requested=slot, flags_asked=flags, today=TODAY
            )
    Path(out).write_text(json.dumps(readings, default=str))


def _right(expected: Any, got: Any) -> bool:
    if isinstance(expected, list):
        return got in expected
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        return isinstance(got, int | float) and abs(got - expected) <= 0.02 * expected
    return bool(got == expected)


def compare(old_path: str, new_path: str) -> Counter[str]:
    old, new = json.loads(Path(old_path).read_text()), json.loads(Path(new_path).read_text())
    people = _conversations()
    verdicts: Counter[str] = Counter()
    for key, now in new.items():
        if key not in old:
            continue  # a set the older dump did not have
        before = old[key]
        if before == now:
            continue
        expect = people[key.rsplit(":", 1)[0]]["expect"]
        for slot in sorted(set(before) | set(now)):
            if before.get(slot) == now.get(slot) or slot not in expect:
                continue
            was, isnt = _right(expect[slot], before.get(slot)), _right(expect[slot], now.get(slot))
            verdict = {
                (True, False): "WORSE",
                (False, True): "better",
                (True, True): "same-ok",
                (False, False): "both wrong",
            }[(was, isnt)]
            verdicts[verdict] += 1
            if HELD_OUT not in key:
                print(f"{verdict}\t{key}\t{slot}\t{before.get(slot)!r} -> {now.get(slot)!r}")
    print(dict(verdicts))
    return verdicts


if __name__ == "__main__":
    command, *paths = sys.argv[1:]
    if command == "dump" and len(paths) in (1, 2):
        dump(*paths)
    elif command == "compare" and len(paths) == 2:
        compare(*paths)
    else:
        sys.exit(
            "usage: python -m benchmarks.readings dump OUT.json [SRC] | compare OLD.json NEW.json"
        )
