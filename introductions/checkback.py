"""Check-backs: two hours after the LO was to reach out (their next working time after
accepting, or the borrower's preferred time), ask the borrower whether the LO reached them.

A "no" nudges the LO; a second "no" closes the introduction and offers a different LO.
The timers are rows in `scheduled_jobs`, so they survive restarts.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.normalize import parse_yes_no  # the dialogue's own yes/no reader (en + es)
from introductions import texts
from introductions.calling_hours import queue_bot_sms
from introductions.handoff import CHECK_BACK, HandoffSettings, reassign, schedule_check_back
from matching.store import record_outcome
from runtime import crm
from runtime.outbox import queue_sms, queue_thread_note
from storage.models import Introduction, Message, ScheduledJob


def run_due_jobs(s: Session, now: datetime) -> int:
    """Send the check-backs that are due (quiet hours are applied by the outbox)."""
    due = s.scalars(
        select(ScheduledJob)
        .where(ScheduledJob.status == "pending", ScheduledJob.due_at <= now)
        .order_by(ScheduledJob.due_at)
        .with_for_update(skip_locked=True)
    ).all()
    for job in due:
        job.status, job.done_at = "done", now
        intro = s.get(Introduction, job.introduction_id) if job.introduction_id else None
        if job.kind != CHECK_BACK or intro is None or intro.status != "introduced":
            continue
        q = intro.borrower.qualification
        assert q is not None
        text = texts.check_back_sms(q, intro.loan_officer, intro.borrower.language)
        queue_bot_sms(s, intro.borrower, text, CHECK_BACK, now)
    return len(due)


def awaiting_answer(s: Session, borrower_id: int) -> bool:
    """True when the bot's last SMS to this borrower was a check-back question."""
    last = s.scalars(
        select(Message.purpose)
        .where(Message.borrower_id == borrower_id, Message.direction == "out")
        .order_by(Message.id.desc())
        .limit(1)
    ).first()
    return last == CHECK_BACK


def answer(s: Session, intro: Introduction, text: str, now: datetime, cfg: HandoffSettings) -> bool:
    """Apply the borrower's yes/no to a check-back; False when the text is not an answer."""
    said = parse_yes_no(text)
    if said is None:
        return False
    borrower, lo = intro.borrower, intro.loan_officer
    q = borrower.qualification
    assert q is not None
    lang = borrower.language
    if said:
        record_outcome(s, intro.id, "contacted", now)
        intro.outcome, intro.outcome_at = intro.outcome or "contacted", now
        crm.queue_event(s, "outcome", intro, now)
        queue_sms(s, borrower.id, borrower.phone, texts.check_back_thanks(lang), "check_back_yes")
        return True
    intro.check_backs_missed += 1
    if intro.check_backs_missed < 2:
        queue_thread_note(s, intro, texts.lo_nudge(q), "lo_nudge")
        queue_sms(
            s, borrower.id, borrower.phone, texts.check_back_nudged(lo, lang), "check_back_no"
        )
        schedule_check_back(s, intro, now)
        return True
    if reassign(s, intro, "nobody_called", now, cfg) is not None:
        queue_sms(s, borrower.id, borrower.phone, texts.reassigning_sms(lang), "reassign")
    return True
