"""The exclusive offer and the warm introduction: offer, accept, pass, expire.

Every function here runs inside one transaction and only queues messages (outbox); the
caller delivers them after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from channels import messages
from channels.outbox import queue_slack, queue_sms
from matching.store import OfferConflict, borrower_facts, decide, make_offer
from storage.models import Borrower, Introduction, Qualification


@dataclass(frozen=True)
class HandoffSettings:
    offer_sla: timedelta
    team_channel: str | None = None


def offer_next(
    s: Session, borrower: Borrower, now: datetime, cfg: HandoffSettings
) -> Introduction | None:
    """Offer the borrower to the best LO not yet tried, or tell them honestly nobody is free."""
    q = borrower.qualification
    assert q is not None
    facts = borrower_facts(q, borrower.language)
    decision, record = decide(s, borrower.id, facts)
    if decision.chosen_id is None:
        queue_sms(s, borrower.id, borrower.phone, messages.no_match_sms(q), purpose="no_match")
        return None
    try:
        intro = make_offer(s, borrower.id, record, now, cfg.offer_sla)
    except OfferConflict:
        return None  # a concurrent turn made the offer; exactly one stands
    s.refresh(intro, ["loan_officer"])
    queue_slack(
        s,
        "chat.postMessage",
        messages.offer_card(intro, q, decision.reason),
        "offer_card",
        intro.id,
    )
    return intro


def live_intro(s: Session, borrower_id: int) -> Introduction | None:
    return s.scalars(
        select(Introduction).where(
            Introduction.borrower_id == borrower_id,
            Introduction.status.in_(("offered", "introduced")),
        )
    ).one_or_none()


def start_matching(s: Session, borrower: Borrower, now: datetime, cfg: HandoffSettings) -> None:
    q = borrower.qualification
    assert q is not None
    intro = offer_next(s, borrower, now, cfg)
    if intro is not None:
        queue_sms(s, borrower.id, borrower.phone, messages.matching_sms(q), purpose="matching")


@dataclass(frozen=True)
class ButtonResult:
    ok: bool
    message: str  # shown to the clicking user (ephemeral) when not ok


def _locked_intro(s: Session, intro_id: int) -> Introduction | None:
    return s.scalars(
        select(Introduction).where(Introduction.id == intro_id).with_for_update()
    ).one_or_none()


def _check(intro: Introduction | None, slack_user_id: str) -> ButtonResult:
    if intro is None:
        return ButtonResult(False, "I can't find that introduction.")
    if intro.loan_officer.slack_user_id != slack_user_id:
        return ButtonResult(False, "This introduction was offered to someone else.")
    if intro.status != "offered":
        return ButtonResult(False, f"This offer is no longer open (it was {intro.status}).")
    return ButtonResult(True, "")


def accept(
    s: Session, intro_id: int, slack_user_id: str, now: datetime, cfg: HandoffSettings
) -> ButtonResult:
    intro = _locked_intro(s, intro_id)
    check = _check(intro, slack_user_id)
    if not check.ok or intro is None:
        return check
    if now > intro.deadline_at:
        return ButtonResult(False, "Sorry, this offer expired before you accepted it.")
    intro.status, intro.responded_at = "introduced", now
    borrower, lo = intro.borrower, intro.loan_officer
    q = borrower.qualification
    assert q is not None
    reason = intro.decision.reason
    queue_slack(
        s,
        "chat.update",
        messages.closed_card(q, f"You accepted. Introduced to {q.first_name}."),
        "card_update",
        intro.id,
    )
    if borrower.opted_out_at is None:
        queue_sms(s, borrower.id, borrower.phone, messages.warm_intro_sms(q, lo), purpose="intro")
    details = queue_slack(
        s,
        "chat.postMessage",
        {"channel": lo.slack_user_id, "text": messages.borrower_details(q, borrower.phone)},
        "borrower_details",
        intro.id,
    )
    details.payload = {**(details.payload or {}), "in_thread": True}
    if cfg.team_channel:
        queue_slack(
            s,
            "chat.postMessage",
            {"channel": cfg.team_channel, "text": messages.team_news(q, lo, reason)},
            "team_news",
            intro.id,
        )
    return check


def pass_offer(
    s: Session, intro_id: int, slack_user_id: str, now: datetime, cfg: HandoffSettings
) -> ButtonResult:
    intro = _locked_intro(s, intro_id)
    check = _check(intro, slack_user_id)
    if not check.ok or intro is None:
        return check
    _close_and_reoffer(s, intro, "passed", "You passed. I'll offer it to the next fit.", now, cfg)
    return check


def expire_due(s: Session, now: datetime, cfg: HandoffSettings) -> int:
    """Expire offers past their deadline and move each borrower on to the next LO."""
    due = s.scalars(
        select(Introduction)
        .where(Introduction.status == "offered", Introduction.deadline_at < now)
        .with_for_update(skip_locked=True)
    ).all()
    for intro in due:
        _close_and_reoffer(
            s, intro, "expired", "This offer expired and went to the next fit.", now, cfg
        )
    return len(due)


def _close_and_reoffer(
    s: Session, intro: Introduction, status: str, note: str, now: datetime, cfg: HandoffSettings
) -> None:
    intro.status, intro.responded_at = status, now
    q = intro.borrower.qualification
    assert q is not None
    queue_slack(s, "chat.update", messages.closed_card(q, note), "card_update", intro.id)
    s.flush()  # the old offer stops being live before the next one is made
    if intro.borrower.opted_out_at is None:
        offer_next(s, intro.borrower, now, cfg)


def qualification_of(s: Session, borrower_id: int) -> Qualification | None:
    return s.scalars(
        select(Qualification).where(Qualification.borrower_id == borrower_id)
    ).one_or_none()
