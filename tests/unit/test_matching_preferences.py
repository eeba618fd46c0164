"""Issue 16's matcher pieces: a borrower's language as a hard preference, and what an LO's
pass teaches (fit, never conversion)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from matching import Borrower, Candidate, Stats, choose, record_outcome, seeded
from matching.learning import record_pass

NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # Friday 10:00 in Chicago
ES_BUYER = Borrower("purchase", "TX", 450_000, "680-739", "es")
EN_BUYER = Borrower("purchase", "TX", 450_000, "680-739", "en")


def lo(id: str, **kw) -> Candidate:
    base = dict(
        name=id.title(), licensed_states={"TX"}, active=True, active_intros=0,
        max_active_intros=5, languages={"en"}, products={"conventional", "fha"},
        timezone="America/Chicago",
    )  # fmt: skip
    return Candidate(id=id, **{**base, **kw})


def star_and_weak_speaker() -> tuple[list[Candidate], Stats]:
    """An English-only star and a Spanish speaker whose record is poor."""
    stats = Stats()
    seg = choose(ES_BUYER, [lo("star")], NOW, seeded(0), stats).segment
    for k in range(60):  # the star converts 55 of 60, the speaker 3 of 60
        record_outcome(stats, "star", seg, [], "application" if k < 55 else "lost")
        record_outcome(stats, "speaker", seg, [], "application" if k < 3 else "lost")
    cands = [lo("star", max_active_intros=20), lo("speaker", languages={"en", "es"})]
    return cands, stats


def test_a_spanish_speaking_borrower_goes_only_to_spanish_speakers_while_one_is_eligible():
    cands, stats = star_and_weak_speaker()
    picks = [choose(ES_BUYER, cands, NOW, seeded(s), stats) for s in range(40)]
    assert {d.chosen_id for d in picks} == {"speaker"}
    assert not any(d.language_fallback for d in picks)
    star = next(a for a in picks[0].assessments if a.lo_id == "star")
    assert star.excluded == "does not speak Spanish, and an eligible LO who does is available"
    # The preference is for the borrower's language only: an English speaker may get the star.
    assert choose(EN_BUYER, cands, NOW, seeded(1), stats).chosen_id == "star"


def test_with_no_spanish_speaker_eligible_the_choice_falls_back_and_says_so():
    cands = [lo("english"), lo("speaker", languages={"en", "es"}, active_intros=5)]
    decision = choose(ES_BUYER, cands, NOW, seeded(1), Stats())
    assert decision.chosen_id == "english"
    assert decision.language_fallback is True
    assert decision.reason.startswith("No eligible LO speaks Spanish, so one who does not was")
    assert decision.as_record()["language_fallback"] is True
    english = choose(EN_BUYER, cands, NOW, seeded(1), Stats())
    assert english.language_fallback is False


@pytest.mark.parametrize(
    ("reason", "excluded"),
    [
        ("not_my_product", "passed an earlier offer of a borrower like this as not their product"),
        ("not_licensed", "passed an earlier offer saying they are not licensed in TX"),
    ],
)
def test_a_fit_pass_keeps_the_lo_from_borrowers_like_this_and_teaches_no_conversion(
    reason, excluded
):
    refi = Borrower("refinance", "TX", 300_000, "<580", "en")  # an FHA refinance
    cands = [lo("passer"), lo("other")]
    stats = Stats()
    first = choose(refi, cands, NOW, seeded(3), stats, exclude=["other"])
    assert first.chosen_id == "passer"
    before = (stats.get("passer"), stats.weights.version)
    assert record_pass(stats, "passer", first.segment, reason)
    assert (stats.get("passer"), stats.weights.version) == before  # no conversion signal
    again = [choose(refi, cands, NOW, seeded(s), stats) for s in range(30)]
    assert {d.chosen_id for d in again} == {"other"}
    passer = next(a for a in again[0].assessments if a.lo_id == "passer")
    assert passer.excluded == excluded
    # Not their product: a conventional purchase is still theirs. Not licensed: nothing in TX.
    buyer = choose(EN_BUYER, cands, NOW, seeded(1), stats, exclude=["other"])
    assert (buyer.chosen_id == "passer") is (reason == "not_my_product")


@pytest.mark.parametrize("reason", ["too_busy", "other", None])
def test_a_pass_for_any_other_reason_teaches_nothing(reason):
    stats = Stats()
    segment = choose(EN_BUYER, [lo("a")], NOW, seeded(1), stats).segment
    assert record_pass(stats, "a", segment, reason) is None
    assert stats.unfit == {} and stats.get("a") == (0.0, 0.0) and stats.weights.version == 0
    assert choose(EN_BUYER, [lo("a")], NOW, seeded(1), stats).chosen_id == "a"


def test_an_unknown_pass_reason_is_refused():
    with pytest.raises(ValueError, match="unknown pass reason 'bored'"):
        record_pass(Stats(), "a", "TX|purchase|740+|conv|en", "bored")
