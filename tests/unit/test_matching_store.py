"""The matcher against the database (SQLite): decisions, offers, capacity, outcomes, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from matching.core import seeded
from matching.store import (
    OfferConflict,
    borrower_facts,
    decide,
    explain_decision,
    load_stats,
    offer,
    record_outcome,
    record_pass,
)
from storage.db import make_engine, session_factory, upgrade
from storage.models import (
    Borrower,
    Introduction,
    IntroOutcome,
    LoanOfficer,
    LoSegmentStat,
    MatchDecision,
    Qualification,
)
from storage.roster import import_roster

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)  # Friday 10:00 in Chicago
SLA = timedelta(minutes=15)


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path}/m.db"
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    import_roster(sessions, ROOT / "roster.example.yml")
    yield url, sessions
    engine.dispose()


def add_borrower(sessions, phone: str, state: str = "TX", **q) -> int:
    with sessions.begin() as s:
        b = Borrower(phone=phone, language=q.pop("language", "en"))
        fields = dict(
            loan_purpose="purchase",
            property_state=state,
            price_usd=450_000,
            credit_band="680-739",
            timeline="now",
            first_name="Ana",
            consent=True,
            consent_text="yes, introduce me",
        )
        b.qualification = Qualification(**{**fields, **q})
        s.add(b)
        s.flush()
        return b.id


def match(sessions, borrower_id: int, seed: int = 1, now: datetime = NOW):
    with sessions.begin() as s:
        b = s.get_one(Borrower, borrower_id)
        facts = borrower_facts(b.qualification, b.language)
        decision, record, intro = offer(s, b.id, facts, now, SLA, seeded(seed))
        return decision, record.id, (intro.id if intro else None), (intro.lo_id if intro else None)


def test_the_decision_is_stored_with_allowed_inputs_only_and_every_candidates_verdict(db):
    _, sessions = db
    borrower_id = add_borrower(sessions, "+15125550401")
    _, record_id, intro_id, lo_id = match(sessions, borrower_id)
    assert intro_id is not None and lo_id in {"alice", "bob", "dave"}
    with sessions() as s:
        record = s.get_one(MatchDecision, record_id)
        assert "first_name" not in record.inputs and "consent_text" not in record.inputs
        assert record.inputs["property_state"] == "TX"
        assert {c["id"] for c in record.candidates["candidates"]} == {"alice", "bob", "dave"}
        assert "licensed in TX" in record.reason
        report = explain_decision(s, record_id)
    assert "CHOSEN" in report and "Considered 3 LOs" in report


def test_a_second_offer_for_a_borrower_with_a_live_one_is_a_conflict(db):
    _, sessions = db
    borrower_id = add_borrower(sessions, "+15125550402")
    match(sessions, borrower_id)
    with pytest.raises(OfferConflict) as caught:
        match(sessions, borrower_id)
    assert caught.value.kind == "borrower"


def test_the_database_refuses_an_introduction_beyond_capacity_even_without_python(db):
    """The capacity trigger, not the Python check, stops the insert."""
    _, sessions = db
    with sessions.begin() as s:
        s.get_one(LoanOfficer, "bob").max_active_intros = 1
    first = add_borrower(sessions, "+15125550403")
    second = add_borrower(sessions, "+15125550404")
    _, record_id, _, _ = match(sessions, first)
    with sessions.begin() as s:
        s.execute(
            Introduction.__table__.update()
            .where(Introduction.borrower_id == first)
            .values(lo_id="bob")
        )
    with pytest.raises(IntegrityError, match="lo_capacity"), sessions.begin() as s:
        s.add(
            Introduction(
                borrower_id=second, lo_id="bob", decision_id=record_id, status="offered",
                offered_at=NOW, deadline_at=NOW + SLA,
            )
        )  # fmt: skip


def test_a_full_daily_cap_excludes_the_lo_and_says_so(db):
    _, sessions = db
    with sessions.begin() as s:  # dave (FL, TX) has daily_cap 2; make him the only FL LO
        s.get_one(LoanOfficer, "erin").active = False
    got = [match(sessions, add_borrower(sessions, f"+1305555041{i}", "FL"))[3] for i in range(3)]
    assert got[:2] == ["dave", "dave"] and got[2] is None
    decision, *_ = match(sessions, add_borrower(sessions, "+13055550420", "FL"))
    assert "1 at their daily cap" in decision.reason
    later = NOW + timedelta(days=1)
    assert match(sessions, add_borrower(sessions, "+13055550421", "FL"), now=later)[3] == "dave"


def test_outcomes_update_learning_once_per_introduction_and_close_it(db):
    _, sessions = db
    _, _, intro_id, lo_id = match(sessions, add_borrower(sessions, "+15125550405"))
    with sessions.begin() as s:
        s.get_one(Introduction, intro_id).status = "introduced"
        for outcome in ("accepted", "contacted", "application", "funded"):
            record_outcome(s, intro_id, outcome, NOW)
    with sessions() as s:
        segment = "TX|purchase|680-739|conv|en"
        stats = load_stats(s, [lo_id], segment)
        assert stats.get(lo_id) == (1.0, 0.0)
        assert stats.get(lo_id, segment) == (1.0, 0.0)
        assert s.get_one(Introduction, intro_id).status == "closed"
        outcomes = s.scalars(select(IntroOutcome.outcome).order_by(IntroOutcome.id)).all()
        assert outcomes == ["accepted", "contacted", "application", "funded"]


def test_an_unknown_outcome_is_refused(db):
    _, sessions = db
    _, _, intro_id, _ = match(sessions, add_borrower(sessions, "+15125550406"))
    with pytest.raises(ValueError, match="unknown outcome"), sessions.begin() as s:
        record_outcome(s, intro_id, "ghosted", NOW)


def test_a_pass_reason_is_read_and_a_fit_pass_keeps_the_lo_from_the_next_borrower_like_it(db):
    """The card stores why the LO passed; a "not my product" pass is learned as fit (the
    next borrower like this one does not go to them), not as a lost introduction; a "too
    busy" pass teaches nothing."""
    _, sessions = db
    _, _, busy_intro, _ = match(sessions, add_borrower(sessions, "+15125550412"))
    with sessions.begin() as s:
        intro = s.get_one(Introduction, busy_intro)
        intro.status, intro.pass_reason = "passed", "too_busy"
        assert record_pass(s, busy_intro, NOW) is None
        assert s.scalars(select(LoSegmentStat)).all() == []
    _, _, intro_id, lo_id = match(sessions, add_borrower(sessions, "+15125550413"))
    with sessions.begin() as s:
        intro = s.get_one(Introduction, intro_id)
        intro.status, intro.pass_reason = "passed", "not_my_product"
        assert record_pass(s, intro_id, NOW) == "product:purchase/conv"
    with sessions() as s:
        stats = load_stats(s, [lo_id], "TX|purchase|680-739|conv|en")
        assert stats.get(lo_id) == (0.0, 0.0)  # no conversion signal
        assert stats.unfit == {lo_id: {"product:purchase/conv"}}
    _, record_id, _, _ = match(sessions, add_borrower(sessions, "+15125550414"))
    with sessions() as s:
        cands = s.get_one(MatchDecision, record_id).candidates["candidates"]
    passer = next(c for c in cands if c["id"] == lo_id)
    assert passer["excluded"].startswith("passed an earlier offer of a borrower like this")


def test_an_unknown_pass_reason_is_refused_and_nothing_is_stored(db):
    _, sessions = db
    _, _, intro_id, _ = match(sessions, add_borrower(sessions, "+15125550415"))
    with pytest.raises(ValueError, match="unknown pass reason"), sessions.begin() as s:
        record_pass(s, intro_id, NOW, "bored")
    with sessions() as s:
        assert s.scalars(select(LoSegmentStat)).all() == []


def test_learning_survives_a_restart(db):
    url, sessions = db
    _, _, intro_id, lo_id = match(sessions, add_borrower(sessions, "+15125550407"))
    with sessions.begin() as s:
        record_outcome(s, intro_id, "lost", NOW)
    sessions.kw["bind"].dispose()
    fresh = make_engine(url)
    with session_factory(fresh)() as s:
        assert load_stats(s, [lo_id], "x").get(lo_id) == (0.0, 1.0)
    fresh.dispose()


def test_the_learned_weights_survive_a_restart_and_reach_the_next_decision(db):
    """An outcome moves the population's and the LO's weights in the database; a fresh engine
    reads them back, and the next decision's record shows the LO's outcome."""
    url, sessions = db
    _, _, intro_id, lo_id = match(sessions, add_borrower(sessions, "+15125550410"))
    with sessions.begin() as s:
        s.get_one(Introduction, intro_id).status = "introduced"
        record_outcome(s, intro_id, "application", NOW)
    sessions.kw["bind"].dispose()
    fresh = make_engine(url)
    with session_factory(fresh)() as s:
        segment = "TX|purchase|680-739|conv|en|price:250k_500k,fha_fit,timeline:now"
        weights = load_stats(s, [lo_id], segment).weights
        bias, bias_var = weights.lo_get(lo_id, "bias")
        assert bias > 0 and bias_var < weights.lo_prior_var("bias")
        assert weights.pop_get("purpose:purchase")[0] > 0
    fresh_sessions = session_factory(fresh)
    _, record_id, _, _ = match(fresh_sessions, add_borrower(fresh_sessions, "+15125550411"))
    with fresh_sessions() as s:
        cands = s.get_one(MatchDecision, record_id).candidates["candidates"]
    learned = next(c for c in cands if c["id"] == lo_id)
    assert learned["conversion"]["resolved"] == 1
    fresh.dispose()


def test_the_lo_who_lists_the_borrowers_metro_gets_the_zip_bonus_in_the_record(db):
    _, sessions = db
    borrower_id = add_borrower(sessions, "+15125550408", language="es", property_zip="78704")
    _, record_id, _, _ = match(sessions, borrower_id, seed=3)
    with sessions() as s:
        cands = s.get_one(MatchDecision, record_id).candidates["candidates"]
    zip_bonus = {c["id"]: c["bonuses"]["zip"] for c in cands if c["eligible"]}
    assert zip_bonus == {"alice": 0.15, "bob": 0.0, "dave": 0.0}
    alice = next(c for c in cands if c["id"] == "alice")
    assert "prefers ZIP 78704 (metro preference)" in alice["why"]
    assert "speaks es" in alice["why"]


def test_decide_with_a_fast_track_borrower_needs_only_the_state(db):
    _, sessions = db
    borrower_id = add_borrower(
        sessions, "+15125550409", loan_purpose=None, price_usd=None, credit_band=None
    )
    with sessions.begin() as s:
        b = s.get_one(Borrower, borrower_id)
        decision, _ = decide(s, b.id, borrower_facts(b.qualification, "en"), NOW)
    assert decision.chosen_id in {"alice", "bob", "dave"}
