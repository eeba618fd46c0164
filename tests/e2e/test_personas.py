"""Whole conversations written by people who never read bot/, played as they are judged.

The development corpus (../shared/corpus), the blind set (tests/corpus_blind) and a second
development set (tests/corpus_dev2) go through the real gateway, Rasa model and action
server, one stack holding both rosters (their LO ids and states do not overlap). The rules
are ../shared/tools/check-personas' (benchmarks/personas.py). The blind set is asserted by
its counts only; its conversations are not looked at one by one here.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from benchmarks.personas import Played, load, play_all, summary
from mm.stack import Stack
from storage.roster import import_roster
from tests.conftest import us_daytime_offset

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpus"
BLIND = ROOT / "tests" / "corpus_blind"
SETS = {
    "dev": (SHARED / "personas-dev.jsonl", "010"),
    "blind": (BLIND / "personas-blind.jsonl", "020"),
    "dev2": (ROOT / "tests" / "corpus_dev2" / "personas-dev2.jsonl", "030"),
}
# At least this many exact per set: the target on the development set (58/60); on
# the others what was measured (docs/nlu-report.md: blind 37/44, dev2 30/30 on Dec 4), less
# two for the clock, so that a regression fails.
EXACT_AT_LEAST = {"dev": 58, "blind": 35, "dev2": 28}
MEDIAN_AT_MOST = 8
CONVERSE = [sys.executable, "-m", "mm.cli", "converse", "--jsonl", "--auto-accept"]


@pytest.fixture(scope="module")
def persona_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Path]]:
    for path, _ in SETS.values():
        if not path.exists():
            pytest.fail(f"{path} is missing: the corpus is laid beside the project (../shared)")
    tmp: Path = tmp_path_factory.mktemp("personas")
    db = tmp / "personas.db"
    roster = SHARED / "roster-dev.yaml"
    with Stack(database_url=f"sqlite:///{db}", log_dir=tmp / "logs", roster=roster) as s:
        assert s.svc is not None
        import_roster(s.svc.sessions, BLIND / "roster-blind.yaml")
        minutes = us_daytime_offset().total_seconds() / 60
        httpx.post(s.url + "/sandbox/api/clock", json={"minutes": minutes}).raise_for_status()
        yield s, db


@pytest.fixture(scope="module")
def played(persona_stack: tuple[Stack, Path]) -> dict[str, list[Played]]:
    stack, db = persona_stack

    def stored(text: str) -> bool:
        files = [f for f in (db, Path(f"{db}-wal")) if f.exists()]
        return any(text.encode() in f.read_bytes() for f in files)

    results = {}
    lines = []
    for name, (path, prefix) in SETS.items():
        results[name] = play_all(stack.url, load(path), prefix, stored)
        lines.append(f"{name}: {summary(results[name])}")
    # The counts, for docs/nlu-report.md (the blind set's conversations are not listed).
    out = ROOT / "var" / "personas-summary.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    return results


@pytest.mark.parametrize("name", list(SETS))
def test_no_question_is_asked_three_times_in_a_row(played, name: str) -> None:
    looped = [p.id for p in played[name] if p.loops]
    assert not looped


@pytest.mark.parametrize("name", list(SETS))
def test_conversations_end_with_the_right_facts_and_state(played, name: str) -> None:
    exact = sum(not p.misses for p in played[name])
    misses = {p.id: p.misses for p in played[name] if p.misses} if name != "blind" else {}
    assert exact >= EXACT_AT_LEAST[name], f"{exact}/{len(played[name])} exact; {misses}"


@pytest.mark.parametrize("name", list(SETS))
def test_median_borrower_messages(played, name: str) -> None:
    median = statistics.median(len(p.sent) for p in played[name])
    assert median <= MEDIAN_AT_MOST


def test_auto_accept_in_the_borrowers_quiet_hours_reports_the_held_introduction(
    persona_stack: tuple[Stack, Path], played
) -> None:
    """At 2 am in Texas the warm introduction waits for 8 am: `mm converse --auto-accept`
    says `introduced` with the time it is held until, at once and without a traceback.
    (Runs after the personas: it moves this module's clock into the night.)"""
    stack, _ = persona_stack
    clock = httpx.post(stack.url + "/sandbox/api/clock", json={"minutes": 0}).json()
    now = datetime.fromisoformat(clock["now"])
    two_am_chicago = (now + timedelta(days=1)).replace(hour=8, minute=0, second=0)
    minutes = (two_am_chicago - now).total_seconds() / 60 % (24 * 60)
    # The jump runs every timer due over ~20 hours for ~150 conversations (check-backs,
    # expiries, the waiting list's sweeps): more than httpx's default 5 s on a busy host.
    jumped = httpx.post(stack.url + "/sandbox/api/clock", json={"minutes": minutes}, timeout=300)
    jumped.raise_for_status()
    script = ["buying in Austin TX", "450k", "720", "asap", "no", "no", "no", "yes, Ana"]
    proc = subprocess.run(
        [*CONVERSE, "--attach", stack.url, "--phone", "+15125550777"],
        input="\n".join(script) + "\n",
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    final = json.loads(proc.stdout.splitlines()[-1])
    assert final["state"] == "introduced"
    held = datetime.fromisoformat(final["held_until"])
    assert held.utcoffset() == timedelta(hours=-6)  # the borrower's (Texas) time
    assert 8 <= held.hour < 21 and held > two_am_chicago
