"""The exclusive offer and the warm introduction: offer, accept, pass, expire.

Every function here runs inside one transaction and only queues messages (outbox); the
caller delivers them after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from introductions import texts, waitlist
from introductions.calling_hours import (
    borrower_zones,
    next_allowed_send,
    next_working_time,
    offer_deadline,
    queue_bot_sms,
)
from matching.core import Borrower as Facts
from matching.core import Decision
from matching.store import (
    OfferConflict,
    borrower_facts,
    decide,
    make_offer,
    offer,
    record_outcome,
    record_pass,
)
from runtime import crm, metrics
from runtime.outbox import queue_slack, queue_sms, queue_thread_note
from runtime.services import Services
from storage.models import Borrower, Introduction, LoanOfficer, MatchDecision, ScheduledJob
from vocabulary import LIVE_INTRO_STATUSES, PASS_REASONS


@dataclass(frozen=True)
class HandoffSettings:
    offer_sla: timedelta
    team_channel: str | None = None
    waitlist_for: timedelta = timedelta(days=14)  # a no-match borrower's time on the list


def handoff_settings(svc: Services) -> HandoffSettings:
    return HandoffSettings(
        svc.settings.offer_sla,
        svc.settings.slack_team_channel,
        timedelta(days=svc.settings.waitlist_days),
    )


# Two hours after the LO was to reach out (their next working time after accepting, or the
# borrower's preferred time) the bot asks the borrower whether the LO reached them.
CHECK_BACK_AFTER = timedelta(hours=2)
CHECK_BACK = "check_back"
LANGUAGE_QUESTION = "language_question"  # the purpose of the SMS that asks it


def first_contact(intro: Introduction, after: datetime) -> datetime:
    """When the LO should first reach the borrower: their next working time at or after
    `after`, moved into the borrower's calling hours and preferred time (contact_time)."""
    lo, borrower = intro.loan_officer, intro.borrower
    q = borrower.qualification
    at_work = next_working_time(after, lo.working_hours, lo.timezone)
    state, preferred = (q.property_state, q.contact_time) if q else (None, None)
    return next_allowed_send(at_work, state, borrower.phone, preferred)


def schedule_check_back(s: Session, intro: Introduction, now: datetime) -> ScheduledJob:
    """The check-back counts from when the LO was told to reach out, never from an evening
    or weekend acceptance: a "no" then would count hours the LO was not at work."""
    due = first_contact(intro, now) + CHECK_BACK_AFTER
    job = ScheduledJob(kind=CHECK_BACK, due_at=due, introduction_id=intro.id)
    s.add(job)
    return job


ES_DAYS = ("lun", "mar", "mie", "jue", "vie", "sab", "dom")
ES_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def borrower_local(when: datetime, borrower: Borrower, fmt: str = "%a %-I:%M %p") -> str:
    """A time as the borrower reads it: "Mon 9:00 AM" in their state's (or phone's) zone,
    with Spanish day and month names for a Spanish-speaking borrower ("lun 9:00 AM")."""
    q = borrower.qualification
    local = when.astimezone(borrower_zones(q.property_state if q else None, borrower.phone)[0])
    if borrower.language == "es":
        fmt = fmt.replace("%a", ES_DAYS[local.weekday()]).replace("%b", ES_MONTHS[local.month - 1])
    return local.strftime(fmt)


def _decide_and_offer(
    s: Session, borrower: Borrower, facts: Facts, now: datetime, cfg: HandoffSettings
) -> tuple[Decision, MatchDecision, Introduction | None, LoanOfficer | None]:
    """matching.store.offer, but a borrower who writes in a language the chosen LO does not
    speak is asked first: (..., None, that LO) and no offer is made."""
    if borrower.english_ok or borrower.language == "en":
        decision, record, intro = offer(s, borrower.id, facts, now, cfg.offer_sla)
        return decision, record, intro, None
    if live_intro(s, borrower.id) is not None:
        raise OfferConflict(f"borrower {borrower.id} already has a live introduction", "borrower")
    for _ in range(5):
        decision, record = decide(s, borrower.id, facts, now)
        if decision.chosen_id is None:
            return decision, record, None, None
        lo = s.get_one(LoanOfficer, decision.chosen_id)
        if borrower.language not in lo.languages:
            return decision, record, None, lo
        try:
            return decision, record, make_offer(s, borrower.id, record, now, cfg.offer_sla), None
        except OfferConflict as exc:
            if exc.kind != "capacity":
                raise
            record.reason += f" [not offered: {exc}; decided again]"
    raise OfferConflict("every choice filled up concurrently (5 tries)", "capacity")


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
    entry = waitlist.open_entry(s, borrower.id)
    try:
        decision, record, intro, unspoken = _decide_and_offer(s, borrower, facts, now, cfg)
    except OfferConflict:
        return None  # a concurrent turn made the offer; exactly one stands

    def tell(text: str, purpose: str) -> None:
        if initiated:
            queue_bot_sms(s, borrower, text, purpose, now)
        else:
            queue_sms(s, borrower.id, borrower.phone, text, purpose)

    if unspoken is not None and borrower.english_ok is None:
        # Before the offer reaches the LO: the borrower decides (introductions/next_steps.py).
        record.reason += " [not offered yet: asked the borrower whether English is fine]"
        tell(texts.language_question_sms(q, borrower.language), LANGUAGE_QUESTION)
        return None
    if unspoken is not None:
        record.reason += " [not offered: the borrower asked for a loan officer in their language]"
    if intro is None:
        if entry is not None:  # on the list already: they hear only when an LO accepts
            waitlist.back_to_waiting(entry, now)
            return None
        metrics.on_commit(s, metrics.NO_MATCH)
        waitlist.join(s, borrower.id, now, cfg.waitlist_for)
        days = cfg.waitlist_for.days
        if unspoken is not None:
            tell(texts.waitlisted_for_language_sms(borrower.language, days), "no_match")
        else:
            tell(texts.no_match_sms(q, borrower.language, days), "no_match")
        return None
    if entry is not None:
        waitlist.offered(entry, intro)
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
        # The offer's clock starts when the LO's day does: say when, not "in a few minutes".
        lo = intro.loan_officer
        starts = next_working_time(now, lo.working_hours, lo.timezone)
        later = borrower_local(starts, borrower) if starts > now else None
        text = texts.matching_sms(borrower.language, later)
        queue_sms(s, borrower.id, borrower.phone, text, "matching")


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
    waitlist.matched(s, intro.borrower_id, now)
    metrics.on_commit(s, metrics.ACCEPTS)
    record_outcome(s, intro.id, "accepted", now)
    crm.queue_event(s, "accepted", intro, now)
    borrower, lo = intro.borrower, intro.loan_officer
    q = borrower.qualification
    assert q is not None
    queue_slack(
        s,
        "chat.update",
        texts.closed_card(
            q, f"You accepted. Introduced to {texts.slack_escaped(q.first_name or 'the borrower')}."
        ),
        "card_update",
        intro.id,
    )
    reach_by = first_contact(intro, now)
    later = borrower_local(reach_by, borrower) if reach_by - now > timedelta(hours=1) else None
    queue_bot_sms(s, borrower, texts.warm_intro_sms(q, lo, later, borrower.language), "intro", now)
    crm.queue_event(s, "introduced", intro, now)
    queue_slack(
        s,
        "chat.postMessage",
        texts.borrower_details(intro, q, borrower.phone, reach_by if reach_by > now else None),
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
    refresh_offer_card(s, intro)
    return check


def refresh_offer_card(s: Session, intro: Introduction) -> None:
    """The open card again, as it stands now (a new deadline, the borrower's preferred time
    given after the card went out)."""
    q = intro.borrower.qualification
    assert q is not None
    card = texts.offer_card(intro, q, intro.decision.reason)
    queue_slack(s, "chat.update", card, "card_update", intro.id)


def pass_offer(
    s: Session,
    intro_id: int,
    slack_user_id: str,
    now: datetime,
    cfg: HandoffSettings,
    reason: str | None = None,
) -> ButtonResult:
    """`reason`: one of vocabulary.PASS_REASONS (the card asks), or None from an old card."""
    intro, check = _open_offer(s, intro_id, slack_user_id)
    if intro is None:
        return check
    # Stored before the pass is closed and learned from: the matcher reads it.
    intro.pass_reason = reason if reason in PASS_REASONS else None
    record_pass(s, intro.id, now)  # a fit reason teaches fit, never conversion
    metrics.on_commit(s, metrics.PASSES)
    why = f" ({texts.PASS_REASON_LABELS[intro.pass_reason]})" if intro.pass_reason else ""
    note = f"You passed{why}. I'll offer it to the next fit."
    _close_and_reoffer(s, intro, "passed", note, now, cfg)
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
    who = texts.slack_escaped(q.first_name or "The borrower")
    note = f"Closed: {who} is being introduced to a different loan officer ({why})."
    queue_thread_note(s, intro, note, "closed_note")
    s.flush()  # the old introduction stops being live before the next offer
    return offer_next(s, intro.borrower, now, cfg)


def withdraw_for_opt_out(s: Session, borrower: Borrower, now: datetime) -> Introduction | None:
    """A STOP ends what the bot does for the borrower with an LO: an open offer is withdrawn
    (its card says so, a later Accept shows nothing), and the LO of an accepted
    introduction is told in the thread that the bot carries no more texts. Pending
    check-backs are cancelled. Locked like Accept, so the two never cross."""
    intro = s.scalars(
        select(Introduction)
        .where(
            Introduction.borrower_id == borrower.id,
            Introduction.status.in_(LIVE_INTRO_STATUSES),
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()
    if intro is None:
        return None
    if intro.status == "offered":
        intro.status, intro.responded_at = "withdrawn", now
        queue_slack(s, "chat.update", texts.withdrawn_card(), "card_update", intro.id)
    else:
        q = borrower.qualification
        assert q is not None
        queue_thread_note(s, intro, texts.opted_out_note(q), "opted_out_note")
    s.execute(
        update(ScheduledJob)
        .where(ScheduledJob.introduction_id == intro.id, ScheduledJob.status == "pending")
        .values(status="cancelled", done_at=now)
    )
    return intro
