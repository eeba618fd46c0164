"""The exclusive offer and the warm introduction: offer, accept, pass, expire.

Every function here runs inside one transaction and only queues messages (outbox); the
caller delivers them after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from introductions import texts
from introductions.calling_hours import (
    borrower_zones,
    next_working_time,
    offer_deadline,
    queue_bot_sms,
)
from matching.store import OfferConflict, borrower_facts, offer, record_outcome
from runtime import crm, metrics
from runtime.outbox import queue_slack, queue_sms
from runtime.services import Services
from storage.models import Borrower, Introduction, ScheduledJob
from vocabulary import LIVE_INTRO_STATUSES


@dataclass(frozen=True)
class HandoffSettings:
    offer_sla: timedelta
    team_channel: str | None = None
    group_mode: bool = False  # a Twilio group conversation instead of relay through Slack


def handoff_settings(svc: Services) -> HandoffSettings:
    return HandoffSettings(
        svc.settings.offer_sla, svc.settings.slack_team_channel, svc.settings.twilio_group_mode
    )


# Two hours after an introduction the bot asks the borrower whether the LO reached them.
CHECK_BACK_AFTER = timedelta(hours=2)
CHECK_BACK = "check_back"


def schedule_check_back(s: Session, intro: Introduction, now: datetime) -> ScheduledJob:
    job = ScheduledJob(kind=CHECK_BACK, due_at=now + CHECK_BACK_AFTER, introduction_id=intro.id)
    s.add(job)
    return job


def offer_next(
    s: Session, borrower: Borrower, now: datetime, cfg: HandoffSettings, initiated: bool = False
) -> Introduction | None:
    """Offer the borrower to the best LO not yet tried, or tell them honestly nobody is free.

    `initiated`: no borrower message is being answered (a pass or timeout cascade), so a
    no-match text waits for quiet hours.
    """
    q = borrower.qualification
    assert q is not None
    facts = borrower_facts(q, borrower.language)
    try:
        decision, _record, intro = offer(s, borrower.id, facts, now, cfg.offer_sla)
    except OfferConflict:
        return None  # a concurrent turn made the offer; exactly one stands
    if intro is None:
        metrics.on_commit(s, metrics.NO_MATCH)
        text = texts.no_match_sms(q, borrower.language)
        if initiated:
            queue_bot_sms(s, borrower, text, "no_match", now)
        else:
            queue_sms(s, borrower.id, borrower.phone, text, "no_match")
        return None
    metrics.on_commit(s, metrics.OFFERS)
    s.refresh(intro, ["loan_officer"])
    lo = intro.loan_officer
    intro.deadline_at = offer_deadline(now, lo.working_hours, lo.timezone, cfg.offer_sla)
    crm.queue_event(s, "offered", intro, now)
    queue_slack(
        s,
        "chat.postMessage",
        texts.offer_card(intro, q, decision.reason),
        "offer_card",
        intro.id,
    )
    return intro


def live_intro(s: Session, borrower_id: int) -> Introduction | None:
    return s.scalars(
        select(Introduction).where(
            Introduction.borrower_id == borrower_id,
            Introduction.status.in_(LIVE_INTRO_STATUSES),
        )
    ).one_or_none()


def start_matching(s: Session, borrower: Borrower, now: datetime, cfg: HandoffSettings) -> None:
    q = borrower.qualification
    assert q is not None
    intro = offer_next(s, borrower, now, cfg)
    if intro is not None:
        queue_sms(s, borrower.id, borrower.phone, texts.matching_sms(borrower.language), "matching")


@dataclass(frozen=True)
class ButtonResult:
    ok: bool
    message: str  # shown to the clicking user (ephemeral) when not ok


def _locked_intro(s: Session, intro_id: int) -> Introduction | None:
    return s.scalars(
        select(Introduction).where(Introduction.id == intro_id).with_for_update()
    ).one_or_none()


def _open_offer(
    s: Session, intro_id: int, slack_user_id: str
) -> tuple[Introduction | None, ButtonResult]:
    """The offer, locked, if it is still open and this user's to answer; else why not."""
    intro = _locked_intro(s, intro_id)
    check = _check(intro, slack_user_id)
    return (intro if check.ok else None), check


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
    intro, check = _open_offer(s, intro_id, slack_user_id)
    if intro is None:
        return check
    if now > intro.deadline_at:
        return ButtonResult(False, "Sorry, this offer expired before you accepted it.")
    intro.status, intro.responded_at = "introduced", now
    metrics.on_commit(s, metrics.ACCEPTS)
    record_outcome(s, intro.id, "accepted", now)
    crm.queue_event(s, "accepted", intro, now)
    borrower, lo = intro.borrower, intro.loan_officer
    q = borrower.qualification
    assert q is not None
    queue_slack(
        s,
        "chat.update",
        texts.closed_card(q, f"You accepted. Introduced to {q.first_name or 'the borrower'}."),
        "card_update",
        intro.id,
    )
    reach_by = next_working_time(now, lo.working_hours, lo.timezone)
    later = None
    if reach_by - now > timedelta(hours=1):
        zone = borrower_zones(q.property_state, borrower.phone)[0]
        later = reach_by.astimezone(zone).strftime("%a %-I:%M %p")
    queue_bot_sms(s, borrower, texts.warm_intro_sms(q, lo, later, borrower.language), "intro", now)
    crm.queue_event(s, "introduced", intro, now)
    queue_slack(
        s,
        "chat.postMessage",
        texts.borrower_details(intro, q, borrower.phone),
        "borrower_details",
        intro.id,
        in_thread=True,
    )
    if cfg.team_channel:
        queue_slack(
            s,
            "chat.postMessage",
            {"channel": cfg.team_channel, "text": texts.team_news(q, lo, intro.decision.reason)},
            "team_news",
            intro.id,
        )
    if cfg.group_mode:
        greeting = texts.group_greeting(q, lo, borrower.language)
        queue_bot_sms(
            s, borrower, greeting, "group", now, channel="group", introduction_id=intro.id
        )
    schedule_check_back(s, intro, now)
    return check


def snooze(
    s: Session, intro_id: int, slack_user_id: str, now: datetime, cfg: HandoffSettings
) -> ButtonResult:
    """Once, inside the deadline: a little more time to decide."""
    intro, check = _open_offer(s, intro_id, slack_user_id)
    if intro is None:
        return check
    if intro.snoozed or now > intro.deadline_at:
        return ButtonResult(False, "This offer can't be snoozed again.")
    intro.snoozed, intro.deadline_at = True, intro.deadline_at + cfg.offer_sla
    q = intro.borrower.qualification
    assert q is not None
    queue_slack(
        s,
        "chat.update",
        texts.offer_card(intro, q, intro.decision.reason),
        "card_update",
        intro.id,
    )
    return check


def pass_offer(
    s: Session, intro_id: int, slack_user_id: str, now: datetime, cfg: HandoffSettings
) -> ButtonResult:
    intro, check = _open_offer(s, intro_id, slack_user_id)
    if intro is None:
        return check
    metrics.on_commit(s, metrics.PASSES)
    _close_and_reoffer(s, intro, "passed", "You passed. I'll offer it to the next fit.", now, cfg)
    return check


def expire_due(s: Session, now: datetime, cfg: HandoffSettings) -> int:
    """Expire offers past their deadline and move each borrower on to the next LO."""
    due = s.scalars(
        select(Introduction)
        .where(Introduction.status == "offered", Introduction.deadline_at < now)
        .with_for_update(skip_locked=True)
    ).all()
    metrics.on_commit(s, metrics.EXPIRIES, len(due))
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
    queue_slack(s, "chat.update", texts.closed_card(q, note), "card_update", intro.id)
    s.flush()  # the old offer stops being live before the next one is made
    if intro.borrower.opted_out_at is None:
        offer_next(s, intro.borrower, now, cfg, initiated=True)


def reassign(
    s: Session, intro: Introduction, outcome: str, now: datetime, cfg: HandoffSettings
) -> Introduction | None:
    """Close an introduction that did not work for the borrower and offer the next LO.

    `outcome` is what the matcher learns: "nobody_called" or "lost".
    """
    record_outcome(s, intro.id, outcome, now)
    intro.status, intro.outcome, intro.outcome_at = "closed", outcome, now
    crm.queue_event(s, "outcome", intro, now)
    q = intro.borrower.qualification
    assert q is not None
    why = "nobody reached them" if outcome == "nobody_called" else "they asked for someone else"
    who = q.first_name or "The borrower"
    note = f"Closed: {who} is being introduced to a different loan officer ({why})."
    queue_slack(
        s,
        "chat.postMessage",
        {"channel": intro.loan_officer.slack_user_id, "text": note},
        "closed_note",
        intro.id,
        in_thread=True,
    )
    s.flush()  # the old introduction stops being live before the next offer
    return offer_next(s, intro.borrower, now, cfg)
