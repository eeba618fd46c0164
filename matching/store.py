"""Matching against the database: load candidates and learned stats, record the decision,
make one exclusive offer, record outcomes.

Exclusivity is enforced by the database, whatever the caller does:
- one live introduction per borrower: a partial unique index (migration 0001);
- never more live introductions than an LO's max_active_intros: a trigger on introductions
  that locks the LO row and counts (migration 0002), on PostgreSQL and SQLite alike;
- the daily cap is checked here while the LO row is locked (FOR NO KEY UPDATE), so
  concurrent offers to one LO are counted one after the other.
"""

from __future__ import annotations

import random
import statistics
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matching.bayes import POP, Weights, borrower_extras, intro_segment, pair_name, parse
from matching.core import ALLOWED_INPUTS, Borrower, Candidate, Decision, choose, seeded
from matching.explain import explain
from matching.learning import OUTCOMES, OVERALL, Stats, base_segment, credit, fit_keys
from matching.learning import record_pass as learn_pass
from matching.rules import segment_of
from storage.models import (
    LIVE_INTRO_STATUSES,
    Introduction,
    IntroOutcome,
    License,
    LoanOfficer,
    LoAvailability,
    LoSegmentStat,
    LoWeight,
    MatchDecision,
    Qualification,
)
from vocabulary import CLOSING_OUTCOMES

SPEED_WINDOW = timedelta(days=30)  # "recent" speed to accept
# An LO's fit passes live in lo_segment_stats as segment "unfit:<key>" (successes: how many),
# next to the conversion counts but never read as them (`record_pass`).
UNFIT = "unfit:"


class OfferConflict(Exception):
    """Another offer for this borrower, or the LO's last slot, was taken concurrently.

    `kind` is "borrower" (the borrower already has a live introduction) or "capacity".
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def borrower_facts(q: Qualification, language: str) -> Borrower:
    """The allowed inputs of a qualification; name, phone, consent text never leave here."""
    assert q.property_state, "matching needs the property's state"
    facts = {name: getattr(q, name, None) for name in ALLOWED_INPUTS if name != "language"}
    return Borrower.from_facts({**facts, "language": language})


def live_intro_counts(session: Session, lo_ids: list[str] | Select[Any]) -> dict[str, int]:
    rows = session.execute(
        select(Introduction.lo_id, func.count())
        .where(Introduction.lo_id.in_(lo_ids), Introduction.status.in_(LIVE_INTRO_STATUSES))
        .group_by(Introduction.lo_id)
    )
    return {lo_id: n for lo_id, n in rows}


def offers_today(
    session: Session, zones: dict[str, str], lo_ids: list[str] | Select[Any], now: datetime
) -> dict[str, int]:
    """Offers made to each LO since midnight in the LO's own timezone (`zones`: id -> tz)."""
    rows = session.execute(
        select(Introduction.lo_id, Introduction.offered_at).where(
            Introduction.lo_id.in_(lo_ids), Introduction.offered_at >= now - timedelta(days=2)
        )
    )
    out: dict[str, int] = {}
    for lo_id, at in rows:
        tz = ZoneInfo(zones[lo_id])
        if at.astimezone(tz).date() == now.astimezone(tz).date():
            out[lo_id] = out.get(lo_id, 0) + 1
    return out


def minutes_to_accept(
    session: Session, lo_ids: list[str] | Select[Any], now: datetime
) -> dict[str, float]:
    """Median minutes from offer to acceptance over the last 30 days, per LO."""
    rows = session.execute(
        select(Introduction.lo_id, Introduction.offered_at, Introduction.responded_at).where(
            Introduction.lo_id.in_(lo_ids),
            Introduction.status.in_(("introduced", "closed")),
            Introduction.responded_at.is_not(None),
            Introduction.offered_at >= now - SPEED_WINDOW,
        )
    )
    waits: dict[str, list[float]] = {}
    for lo_id, offered, responded in rows:
        if responded is not None:  # the query asks for it; the column type allows None
            waits.setdefault(lo_id, []).append((responded - offered).total_seconds() / 60)
    return {lo_id: statistics.median(w) for lo_id, w in waits.items()}


def licensed_in(state: str) -> Select[Any]:
    """The ids of LOs licensed in `state` (the licenses.state index), as a subquery."""
    return select(License.lo_id).where(License.state == state)


def candidates_in(session: Session, state: str, now: datetime) -> list[Candidate]:
    """Every LO licensed in `state`, with live load and speed: a few fixed queries, no
    per-LO objects (only the borrower's state matters, so it stands for their licences)."""
    ids = licensed_in(state)
    lo = LoanOfficer
    rows = session.execute(
        select(
            lo.id, lo.name, lo.active, lo.max_active_intros, lo.languages, lo.products,
            lo.timezone, lo.working_hours, lo.price_min_usd, lo.price_max_usd,
            lo.credit_bands, lo.zip_prefixes, lo.daily_cap,
        )
        .where(lo.id.in_(ids))
        .order_by(lo.id)
    ).all()  # fmt: skip
    away = set(
        session.scalars(
            select(LoAvailability.lo_id).where(
                LoAvailability.lo_id.in_(ids), LoAvailability.available.is_(False)
            )
        )
    )
    live = live_intro_counts(session, ids)
    today = offers_today(session, {r.id: r.timezone for r in rows}, ids, now)
    speed = minutes_to_accept(session, ids, now)
    return [
        Candidate(
            id=r.id,
            name=r.name,
            licensed_states=frozenset({state}),
            active=r.active and r.id not in away,
            active_intros=live.get(r.id, 0),
            max_active_intros=r.max_active_intros,
            languages=frozenset(r.languages),
            products=frozenset(r.products),
            timezone=r.timezone,
            working_hours=r.working_hours,
            price_min_usd=r.price_min_usd,
            price_max_usd=r.price_max_usd,
            credit_bands=frozenset(r.credit_bands or ()),
            zip_prefixes=tuple(r.zip_prefixes or ()),
            daily_cap=r.daily_cap,
            offers_today=today.get(r.id, 0),
            minutes_to_accept=speed.get(r.id),
        )
        for r in rows
    ]


def borrower_segment(facts: Borrower) -> str:
    """The borrower's segment key with their extra features (no LO's fit flags yet)."""
    extras = borrower_extras(
        facts.price_usd, facts.credit_band, facts.first_time_buyer, facts.timeline,
        facts.self_employed,
    )  # fmt: skip
    return intro_segment(segment_of(facts), extras)


def load_stats(session: Session, lo_ids: list[str] | Select[Any], segment: str) -> Stats:
    """What was learned about these LOs: counts overall and in `segment`, the population's
    weights, and each LO's weights on the segment's features."""
    stats = Stats()
    _, lo_f = parse(segment)
    names = [*lo_f, *(pair_name(a, b) for i, a in enumerate(lo_f) for b in lo_f[i + 1 :])]
    weights = session.execute(
        select(LoWeight.owner, LoWeight.feature, LoWeight.mean, LoWeight.var).where(
            (LoWeight.owner == POP) | (LoWeight.owner.in_(lo_ids) & LoWeight.feature.in_(names))
        )
    )
    for owner, feature, mean, var in weights:
        stats.weights.set(owner, feature, mean, var)
    unfit = [UNFIT + key for key in fit_keys(segment)]
    rows = session.execute(
        select(
            LoSegmentStat.lo_id,
            LoSegmentStat.segment,
            LoSegmentStat.successes,
            LoSegmentStat.failures,
        ).where(
            LoSegmentStat.lo_id.in_(lo_ids),
            LoSegmentStat.segment.in_((OVERALL, base_segment(segment), *unfit)),
        )
    )
    for lo_id, seg, successes, failures in rows:
        if seg.startswith(UNFIT):
            stats.unfit.setdefault(lo_id, set()).add(seg.removeprefix(UNFIT))
        else:
            stats.set(lo_id, seg, successes, failures)
    return stats


def previously_offered(session: Session, borrower_id: int) -> list[str]:
    return list(
        session.scalars(select(Introduction.lo_id).where(Introduction.borrower_id == borrower_id))
    )


def decide(
    session: Session,
    borrower_id: int,
    facts: Borrower,
    now: datetime,
    rng: random.Random | None = None,
) -> tuple[Decision, MatchDecision]:
    """Choose among the LOs licensed in the borrower's state and store the decision."""
    candidates = candidates_in(session, facts.property_state, now)
    stats = load_stats(session, licensed_in(facts.property_state), borrower_segment(facts))
    decision = choose(
        facts,
        candidates,
        now,
        rng or seeded(),
        stats,
        exclude=previously_offered(session, borrower_id),
    )
    record = MatchDecision(
        borrower_id=borrower_id,
        chosen_lo_id=decision.chosen_id,
        inputs=facts.as_inputs(),
        candidates=decision.as_record(),
        reason=decision.reason,
        created_at=now,
    )
    session.add(record)
    session.flush()
    return decision, record


def make_offer(
    session: Session, borrower_id: int, record: MatchDecision, now: datetime, sla: timedelta
) -> Introduction:
    """Insert the offer; raises OfferConflict instead of breaking exclusivity or capacity."""
    assert record.chosen_lo_id is not None
    lo = session.scalars(
        select(LoanOfficer)
        .where(LoanOfficer.id == record.chosen_lo_id)
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE: no deadlock with FK checks
    ).one()
    if live_intro_counts(session, [lo.id]).get(lo.id, 0) >= lo.max_active_intros:
        raise OfferConflict(f"{lo.id} reached capacity", "capacity")
    today = offers_today(session, {lo.id: lo.timezone}, [lo.id], now) if lo.daily_cap else {}
    if lo.daily_cap is not None and today.get(lo.id, 0) >= lo.daily_cap:
        raise OfferConflict(f"{lo.id} reached the daily cap", "capacity")
    intro = Introduction(
        borrower_id=borrower_id,
        lo_id=lo.id,
        decision_id=record.id,
        status="offered",
        offered_at=now,
        deadline_at=now + sla,
    )
    session.add(intro)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # the savepoint's rollback discards the pending intro
        if "lo_capacity" in str(exc.orig):  # the capacity trigger said no
            raise OfferConflict(f"{lo.id} reached capacity", "capacity") from exc
        raise OfferConflict(  # the live-introduction index said no
            f"borrower {borrower_id} already has a live introduction", "borrower"
        ) from exc
    return intro


def offer(
    session: Session,
    borrower_id: int,
    facts: Borrower,
    now: datetime,
    sla: timedelta,
    rng: random.Random | None = None,
    attempts: int = 5,
) -> tuple[Decision, MatchDecision, Introduction | None]:
    """Decide and offer; when the chosen LO fills up concurrently, decide again.

    Returns the intro, or None when nobody eligible has room (the decision says why).
    Raises OfferConflict(kind="borrower") when a concurrent turn already made the offer.
    """
    if session.scalar(
        select(Introduction.id).where(
            Introduction.borrower_id == borrower_id,
            Introduction.status.in_(LIVE_INTRO_STATUSES),
        )
    ):
        raise OfferConflict(f"borrower {borrower_id} already has a live introduction", "borrower")
    for _ in range(attempts):
        decision, record = decide(session, borrower_id, facts, now, rng)
        if decision.chosen_id is None:
            return decision, record, None
        try:
            return decision, record, make_offer(session, borrower_id, record, now, sla)
        except OfferConflict as exc:
            if exc.kind != "capacity":
                raise
            record.reason += f" [not offered: {exc}; decided again]"
    raise OfferConflict(f"every choice filled up concurrently ({attempts} tries)", "capacity")


def record_outcome(
    session: Session, introduction_id: int, outcome: str, now: datetime
) -> IntroOutcome:
    """Record what happened after an introduction and update the LO's learned conversion.

    "accepted" when the LO accepts; "contacted", "application", "locked", "funded", "lost" from the
    LO's Slack buttons; "nobody_called" when the borrower says nobody reached them. Funded,
    lost and nobody_called close an accepted introduction, which frees the LO's slot.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; expected one of {', '.join(OUTCOMES)}")
    intro = session.scalars(
        select(Introduction).where(Introduction.id == introduction_id).with_for_update()
    ).one()
    previous = list(
        session.scalars(
            select(IntroOutcome.outcome).where(IntroOutcome.introduction_id == introduction_id)
        )
    )
    stored = intro.decision.candidates
    segment = (  # the decision's key names the chosen LO's fit (record version 3 on)
        stored.get("segment") or segment_of(Borrower.from_facts(intro.decision.inputs))
        if stored.get("chosen") == intro.lo_id
        else borrower_segment(Borrower.from_facts(intro.decision.inputs))
    )
    row = IntroOutcome(
        introduction_id=intro.id,
        lo_id=intro.lo_id,
        outcome=outcome,
        segment=base_segment(segment),
        recorded_at=now,
    )
    session.add(row)
    successes, failures = credit(previous, outcome)
    if successes or failures:
        for seg in (OVERALL, base_segment(segment)):
            _bump(session, intro.lo_id, seg, successes, failures, now)
        _learn(session, intro.lo_id, segment, successes, failures, now)
    if outcome in CLOSING_OUTCOMES and intro.status == "introduced":
        intro.status = "closed"
    session.flush()
    return row


def record_pass(
    session: Session, introduction_id: int, now: datetime, reason: str | None = None
) -> str | None:
    """Learn from the LO's pass on this offer: its reason (`reason`, else the introduction's
    stored `pass_reason`). A fit reason keeps the LO from borrowers like this one (returns
    the key learned, see `matching.learning.record_pass`); "too_busy", "other" or none teach
    nothing, conversion counts never change. Raises ValueError for an unknown reason."""
    intro = session.get_one(Introduction, introduction_id)
    reason = reason if reason is not None else intro.pass_reason
    stored = intro.decision.candidates
    segment = str(
        stored.get("segment")
        if stored.get("chosen") == intro.lo_id and stored.get("segment")
        else borrower_segment(Borrower.from_facts(intro.decision.inputs))
    )
    key = learn_pass(Stats(), intro.lo_id, segment, reason)
    if key is not None:
        _bump(session, intro.lo_id, UNFIT + key, 1.0, 0.0, now)
    return key


def _bump(
    session: Session, lo_id: str, segment: str, successes: float, failures: float, now: datetime
) -> None:
    """Add to one stats row atomically (INSERT ... ON CONFLICT DO UPDATE)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = LoSegmentStat.__table__
    stmt = insert(LoSegmentStat).values(
        lo_id=lo_id, segment=segment, successes=successes, failures=failures, updated_at=now
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.lo_id, table.c.segment],
        set_={
            "successes": table.c.successes + stmt.excluded.successes,
            "failures": table.c.failures + stmt.excluded.failures,
            "updated_at": stmt.excluded.updated_at,
        },
    )
    session.execute(stmt)


def _learn(
    session: Session, lo_id: str, segment: str, successes: float, failures: float, now: datetime
) -> None:
    """Update the stored weights this outcome touches (the population's and the LO's).

    The rows are locked (FOR UPDATE, in one order), so concurrent outcomes apply one after
    the other; a weight seen for the first time by two outcomes at once keeps the later one.
    Off-diagonal rows `a&b` hold the covariance of the LO's weights a and b.
    """
    pop_f, _ = parse(segment)
    weights = Weights()
    rows = session.execute(  # the LO's whole block (its covariance links every feature)
        select(LoWeight.owner, LoWeight.feature, LoWeight.mean, LoWeight.var)
        .where((LoWeight.owner == lo_id) | ((LoWeight.owner == POP) & LoWeight.feature.in_(pop_f)))
        .order_by(LoWeight.owner, LoWeight.feature)
        .with_for_update()
    )
    for owner, feature, mean, var in rows:
        weights.set(owner, feature, mean, var)
    weights.update(lo_id, segment, successes, failures)
    values = [
        {"owner": POP, "feature": f, "mean": m, "var": v, "updated_at": now}
        for f in pop_f
        for m, v in [weights.pop_get(f)]
    ] + [
        {"owner": lo_id, "feature": f, "mean": m, "var": v, "updated_at": now}
        for f, m, v in weights.lo_items(lo_id)
    ]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = insert(LoWeight)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["owner", "feature"],
            set_={
                "mean": stmt.excluded.mean,
                "var": stmt.excluded.var,
                "updated_at": stmt.excluded.updated_at,
            },
        ),
        values,
    )


def explain_decision(session: Session, decision_id: int) -> str:
    """The stored decision as a short report for an LO manager."""
    record = session.get_one(MatchDecision, decision_id)
    return explain(record.candidates)


__all__ = [
    "OfferConflict",
    "borrower_facts",
    "candidates_in",
    "decide",
    "explain_decision",
    "make_offer",
    "offer",
    "record_outcome",
    "record_pass",
]
