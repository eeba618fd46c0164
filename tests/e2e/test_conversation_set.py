"""The conversation test set (tests/conversations/*.yml) through the real gateway and model.

Every conversation must end with every expected slot normalized exactly; replies stay
within two SMS segments; Spanish conversations are answered in Spanish; and the median
number of borrower messages to a finished qualification stays at eight or fewer.
"""

from __future__ import annotations

import statistics
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.conversations import Outcome, Script, load_scripts, run
from bot.normalize import detect_language

pytestmark = pytest.mark.e2e

MAX_REPLY_CHARS = 320
MEDIAN_MESSAGES_AT_MOST = 8
PARALLEL = 4  # distinct borrowers at once, as real traffic; keeps the run near a minute

SCRIPTS = load_scripts()


@pytest.fixture(scope="module")
def outcomes(stack) -> dict[str, Outcome]:
    with ThreadPoolExecutor(PARALLEL) as pool:
        done = list(pool.map(lambda s: run(stack.url, s), SCRIPTS))
    return {o.script.id: o for o in done}


def test_the_set_has_enough_conversations_in_each_language() -> None:
    """At least 60 conversations, 20 of them in Spanish, each with a distinct phone."""
    assert len(SCRIPTS) >= 60
    assert sum(s.language == "es" for s in SCRIPTS) >= 20
    assert len({s.phone for s in SCRIPTS}) == len(SCRIPTS)
    assert len({s.id for s in SCRIPTS}) == len(SCRIPTS)


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.id for s in SCRIPTS])
def test_every_expected_slot_is_normalized_exactly(outcomes, script: Script) -> None:
    """Each conversation finishes, with each expected slot holding its exact contract value."""
    outcome = outcomes[script.id]
    wrong = {
        slot: (outcome.slots.get(slot), want)
        for slot, want in script.expect.items()
        if outcome.slots.get(slot) != want
    }
    assert not wrong, f"(got, expected): {wrong}\nreplies: {outcome.replies}"
    assert outcome.finished_after is not None, f"never finished: {outcome.replies}"


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.id for s in SCRIPTS])
def test_every_message_gets_short_replies_in_the_borrowers_language(
    outcomes, script: Script
) -> None:
    """Every message is answered, no reply is over two segments, Spanish gets Spanish."""
    outcome = outcomes[script.id]
    assert all(outcome.replies), f"a message went unanswered: {outcome.replies}"
    replies = [r for turn in outcome.replies for r in turn]
    assert all(len(r) <= MAX_REPLY_CHARS for r in replies), replies
    if script.language == "es":
        english = [r for r in replies if detect_language(r)[0] == "en"]
        assert not english, english


def test_median_messages_to_a_finished_qualification(outcomes) -> None:
    """Half the borrowers or more are qualified within eight messages. It was six while one
    numbered menu took the three yes-or-no facts at once; one short question each reads
    every answer right (docs/nlu-report.md) and costs the two messages the menu saved."""
    counts = [o.finished_after for o in outcomes.values() if o.finished_after is not None]
    assert len(counts) == len(SCRIPTS)
    median = statistics.median(counts)
    print(f"\nmedian borrower messages to a finished qualification: {median}")
    assert median <= MEDIAN_MESSAGES_AT_MOST
