"""Matching against the database: load candidates, record the decision, make one offer.

Exclusivity is enforced by the database: the partial unique index on live introductions
(one per borrower) and a row lock on the chosen LO while its capacity is re-checked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from matching.core import Borrower, Candidate, Decision, choose
from storage.models import (
    LIVE_INTRO_STATUSES,
    Introduction,
    License,
    LoanOfficer,
    MatchDecision,
    Qualification,
)


class OfferConflict(Exception):
    """Another offer for this borrower, or the LO's last slot, was taken concurrently."""


def borrower_facts(q: Qualification, language: str) -> Borrower:
    assert q.loan_purpose and q.property_state and q.price_usd and q.credit_band
    return Borrower(
        loan_purpose=q.loan_purpose,
        property_state=q.property_state,
        price_usd=q.price_usd,
        credit_band=q.credit_band,
        language=language,
    )


def live_intro_counts(session: Session, lo_ids: list[str]) -> dict[str, int]:
    rows = session.execute(
        select(Introduction.lo_id, func.count())
        .where(Introduction.lo_id.in_(lo_ids), Introduction.status.in_(LIVE_INTRO_STATUSES))
        .group_by(Introduction.lo_id)
    )
    return {lo_id: n for lo_id, n in rows}


def candidates_in(session: Session, state: str) -> list[Candidate]:
    los = session.scalars(
        select(LoanOfficer)
        .join(License)
        .where(License.state == state)
        .options(selectinload(LoanOfficer.licenses))
        .order_by(LoanOfficer.id)
    ).all()
    counts = live_intro_counts(session, [lo.id for lo in los])
    return [
        Candidate(
            id=lo.id,
            name=lo.name,
            licensed_states=frozenset(lo.licensed_states),
            active=lo.active,
            active_intros=counts.get(lo.id, 0),
            max_active_intros=lo.max_active_intros,
            languages=frozenset(lo.languages),
            products=frozenset(lo.products),
        )
        for lo in los
    ]


def previously_offered(session: Session, borrower_id: int) -> list[str]:
    return list(
        session.scalars(select(Introduction.lo_id).where(Introduction.borrower_id == borrower_id))
    )


def decide(session: Session, borrower_id: int, facts: Borrower) -> tuple[Decision, MatchDecision]:
    decision = choose(
        facts,
        candidates_in(session, facts.property_state),
        exclude=previously_offered(session, borrower_id),
    )
    record = MatchDecision(
        borrower_id=borrower_id,
        chosen_lo_id=decision.chosen_id,
        inputs=facts.__dict__,
        candidates=decision.as_record(),
        reason=decision.reason,
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
        raise OfferConflict(f"{lo.id} reached capacity")
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
    except IntegrityError as exc:  # the live-introduction index said no
        raise OfferConflict(f"borrower {borrower_id} already has a live introduction") from exc
    return intro
