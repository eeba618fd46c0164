"""The seventh development set's conversations (tests/corpus_dev7), on a stack of their own.

Its roster licenses states the other sets expect nobody in (HI), so it cannot share
test_personas.py's stack; the rules are the same (benchmarks/personas.py).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.personas import Played, load, play_all, summary
from mm.stack import Stack
from tests.conftest import us_daytime_offset

pytestmark = pytest.mark.e2e

DEV7 = Path(__file__).resolve().parents[2] / "tests" / "corpus_dev7"
# Measured with check-personas (docs/nlu-report.md), less two for the clock's day and hour.
EXACT_AT_LEAST = 32
MEDIAN_AT_MOST = 8


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Played]]:
    tmp = tmp_path_factory.mktemp("personas-dev7")
    db = tmp / "personas.db"
    with Stack(
        database_url=f"sqlite:///{db}", log_dir=tmp / "logs", roster=DEV7 / "roster-dev7.yaml"
    ) as s:
        minutes = us_daytime_offset().total_seconds() / 60
        httpx.post(s.url + "/sandbox/api/clock", json={"minutes": minutes}).raise_for_status()

        def stored(text: str) -> bool:
            files = [f for f in (db, Path(f"{db}-wal")) if f.exists()]
            return any(text.encode() in f.read_bytes() for f in files)

        results = play_all(s.url, load(DEV7 / "personas-dev7.jsonl"), "070", stored)
        out = Path(__file__).resolve().parents[2] / "var" / "personas-summary-dev7.txt"
        out.parent.mkdir(exist_ok=True)
        out.write_text(f"dev7: {summary(results)}\n")
        yield results


def test_dev7_conversations_end_with_the_right_facts_and_state(played: list[Played]) -> None:
    exact = sum(not p.misses for p in played)
    misses = {p.id: p.misses for p in played if p.misses}
    assert exact >= EXACT_AT_LEAST, f"{exact}/{len(played)} exact; {misses}"


def test_dev7_never_asks_a_question_three_times_and_stays_short(played: list[Played]) -> None:
    assert not [p.id for p in played if p.loops]
    assert statistics.median(len(p.sent) for p in played) <= MEDIAN_AT_MOST
