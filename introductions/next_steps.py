"""What happens next, once the qualification is done and nobody is introduced yet: the
borrower's texts get a true answer here (never Rasa's "your loan officer will be in touch"),
and the waiting list is offered again when an LO gets licensed, available or room."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.normalize import parse_yes_no  # the dialogue's own yes/no reader (en + es)
from introductions import texts, waitlist
from introductions.calling_hours import next_working_time
from introductions.handoff import (
    LANGUAGE_QUESTION,
    HandoffSettings,
    borrower_local,
    live_intro,
    offer_next,
    start_matching,
)
from matching.core import Candidate
from matching.store import candidates_in
from runtime.outbox import queue_sms
from storage.models import (
    Borrower,
    Introduction,
    LoanOfficer,
    LoAvailability,
    Message,
    RosterAudit,
    WaitlistEntry,
)
from vocabulary import LIVE_INTRO_STATUSES

NEW_INTRO_QUESTION = "new_intro_question"  # "would you like a new introduction?"


def _last_purpose(s: Session, borrower_id: int) -> str | None:
    return s.scalars(
        select(Message.purpose)
        .where(Message.borrower_id == borrower_id, Message.direction == "out")
        .order_by(Message.id.desc())
        .limit(1)
    ).first()


def answered(
    s: Session,
    borrower: Borrower,
    intro: Introduction | None,
    text: str,
    now: datetime,
    cfg: HandoffSettings,
) -> bool:
    """Answer a qualified, consenting borrower who is not introduced; False: not ours (the
    dialogue answers a borrower still qualifying, or one who declined consent)."""
    q = borrower.qualification
    if intro is not None and intro.status != "offered":
        return False
    if q is None or q.completed_at is None or not q.consent:
        return False
    lang = borrower.language

    def reply(body: str, purpose: str) -> None:
        queue_sms(s, borrower.id, borrower.phone, body, purpose)

    last = _last_purpose(s, borrower.id)
    if intro is None and last == LANGUAGE_QUESTION:
        said = parse_yes_no(text)
        if said is None:
            reply(texts.language_question_sms(q, lang), LANGUAGE_QUESTION)
        elif said:
            borrower.english_ok = True
            start_matching(s, borrower, now, cfg)
        else:
            borrower.english_ok = False
            waitlist.join(s, borrower.id, now, cfg.waitlist_for)
            days = cfg.waitlist_for.days
            reply(texts.waitlisted_for_language_sms(lang, days), "waitlist")
        return True
    if intro is not None:
        lo = intro.loan_officer
        starts = next_working_time(now, lo.working_hours, lo.timezone)
        later = borrower_local(starts, borrower) if starts > now else None
        reply(texts.offer_pending_sms(lang, later), "offer_pending")
        return True
    entry = waitlist.open_entry(s, borrower.id)
    if entry is not None:
        if text.strip().lower().strip(".!") in waitlist.LEAVE_WORDS:
            waitlist.leave(entry, now)
            reply(texts.left_waitlist_sms(lang), "waitlist_left")
        else:
            day = "%a %-d %b" if lang == "es" else "%a %b %-d"  # "mie 16 dic", "Wed Dec 16"
            until = borrower_local(entry.until, borrower, day)
            reply(texts.still_waitlisted_sms(lang, until), "waitlist")
        return True
    if last == NEW_INTRO_QUESTION:
        said = parse_yes_no(text)
        if said:
            start_matching(s, borrower, now, cfg)
            return True
        if said is False:
            reply(texts.no_new_intro_sms(lang), "new_intro_declined")
            return True
    why, lo_first = _what_ended(s, borrower.id)
    reply(texts.ended_sms(lang, why, lo_first), NEW_INTRO_QUESTION)
    return True


def _what_ended(s: Session, borrower_id: int) -> tuple[str, str | None]:
    """The borrower's last introduction or waiting place, whichever ended last."""
    intro = s.scalars(
        select(Introduction)
        .where(Introduction.borrower_id == borrower_id, Introduction.status == "closed")
        .order_by(Introduction.id.desc())
        .limit(1)
    ).first()
    entry = waitlist.last_entry(s, borrower_id)
    if entry is not None and entry.status in ("expired", "left"):
        if intro is None or (intro.outcome_at or intro.offered_at) <= (
            entry.ended_at or entry.until
        ):
            return entry.status, None
    if intro is not None:
        first = intro.loan_officer.name.split()[0]
        return ("funded" if intro.outcome == "funded" else "closed"), first
    return "none", None


# How often the waiting list is tried even when nothing seems to have changed (a daily cap
# resets, an LO's working day starts).
SWEEP_AT_LEAST_EVERY = timedelta(minutes=15)


def roster_mark(s: Session, now: datetime) -> tuple[object, ...]:
    """Changes when an LO may have become licensed, available or got room: the roster's
    audit (imports, `mm roster`, /mm capacity), /mm available, offers opening and closing."""
    live = Introduction.status.in_(LIVE_INTRO_STATUSES)
    return (
        s.scalar(select(func.max(RosterAudit.id))),
        s.scalar(select(func.max(LoAvailability.updated_at))),
        s.scalar(select(func.max(LoanOfficer.updated_at))),
        s.scalar(select(func.max(Introduction.id))),
        s.scalar(select(func.count()).select_from(Introduction).where(live)),
        int(now.timestamp() // SWEEP_AT_LEAST_EVERY.total_seconds()),
    )


def offer_waitlisted(s: Session, now: datetime, cfg: HandoffSettings) -> int:
    """Offer each waiting borrower to the best LO free now, the longest-waiting first; how
    many offers were made. The borrower hears nothing until an LO accepts."""
    waitlist.expire_due(s, now)
    made = 0
    free: dict[str, list[Candidate]] = {}  # per state: LOs with room, read once per sweep
    for entry in waitlist.waiting(s):
        borrower = entry.borrower
        q = borrower.qualification
        if borrower.opted_out_at is not None:
            waitlist.leave(entry, now)
            continue
        if q is None or q.property_state is None:
            continue
        if q.property_state not in free:
            free[q.property_state] = _with_room(s, q.property_state, now)
        room = free[q.property_state]
        if borrower.english_ok is False:  # they asked for an LO in their own language
            room = [c for c in room if borrower.language in c.languages]
        if not room:
            continue  # nobody could take them: no decision to record
        if live_intro(s, borrower.id) is not None or _asked_language(s, borrower.id):
            continue
        if offer_next(s, borrower, now, cfg, initiated=True) is not None:
            made += 1
            free.pop(q.property_state)  # that LO has one slot less now
    return made


def _with_room(s: Session, state: str, now: datetime) -> list[Candidate]:
    """LOs licensed in `state` who are active and have room today: without one, the matcher
    cannot choose anybody, so the sweep does not ask it (and records no decision)."""
    return [
        c
        for c in candidates_in(s, state, now)
        if c.active
        and c.active_intros < c.max_active_intros
        and (c.daily_cap is None or c.offers_today < c.daily_cap)
    ]


def _asked_language(s: Session, borrower_id: int) -> bool:
    return _last_purpose(s, borrower_id) == LANGUAGE_QUESTION


def waitlisted(s: Session, borrower_id: int) -> WaitlistEntry | None:
    """For the sandbox and `mm converse`: the borrower's open waiting place."""
    return waitlist.open_entry(s, borrower_id)
