"""Relay mode: after the introduction the borrower keeps texting our number; each SMS goes
into the LO's Slack thread, and the LO's thread replies go back to the borrower by SMS."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from introductions import texts
from introductions.calling_hours import next_allowed_send
from runtime.outbox import queue_slack, queue_sms
from storage.models import Introduction, Message

# A borrower who texted this recently is talking now: the LO's answer is not held.
IN_CONVERSATION = timedelta(minutes=30)

SOMEONE_ELSE = re.compile(
    r"\b(someone else|somebody else|different (loan officer|lo|person)|another (loan officer|lo)"
    r"|otra persona|otro oficial|alguien mas|alguien más)\b",
    re.IGNORECASE,
)


def wants_someone_else(text: str) -> bool:
    return SOMEONE_ELSE.search(text) is not None


def borrower_to_lo(s: Session, intro: Introduction, text: str) -> None:
    q = intro.borrower.qualification
    assert q is not None
    queue_slack(
        s,
        "chat.postMessage",
        {"channel": intro.loan_officer.slack_user_id, "text": texts.relayed_to_lo(q, text)},
        "relay_to_lo",
        intro.id,
        in_thread=True,
    )


def intro_for_thread(s: Session, channel: str, thread_ts: str) -> Introduction | None:
    return s.scalars(
        select(Introduction).where(
            Introduction.slack_channel == channel,
            Introduction.slack_ts == thread_ts,
            Introduction.status == "introduced",
        )
    ).one_or_none()


def lo_to_borrower(s: Session, intro: Introduction, text: str, now: datetime | None = None) -> bool:
    """Text the borrower the LO's words, signed; never to a number that opted out.

    With `now`, an LO's text waits for the borrower's calling hours (the LO is told in the
    thread when it will go) unless the borrower texted in the last 30 minutes, and never
    overtakes a text of ours still held for them (the warm introduction)."""
    borrower = intro.borrower
    if borrower.opted_out_at is not None:
        queue_slack(
            s,
            "chat.postMessage",
            {
                "channel": intro.loan_officer.slack_user_id,
                "text": "Not sent: this borrower opted out of texts (STOP).",
            },
            "relay_blocked",
            intro.id,
            in_thread=True,
        )
        return False
    body = texts.relayed_to_borrower(intro.loan_officer, text)
    when = _relay_time(s, intro, now) if now is not None else None
    sms = queue_sms(s, borrower.id, borrower.phone, body, "relay_to_borrower", when)
    sms.introduction_id = intro.id
    if when is not None:
        queue_slack(
            s,
            "chat.postMessage",
            {"channel": intro.loan_officer.slack_user_id, "text": texts.relay_held_note(when)},
            "relay_held",
            intro.id,
            in_thread=True,
        )
    return True


def _relay_time(s: Session, intro: Introduction, now: datetime) -> datetime | None:
    """When the LO's text may go: None for now, else the time it is held until."""
    borrower = intro.borrower
    last_text = s.scalar(
        select(func.max(Message.done_at)).where(
            Message.borrower_id == borrower.id, Message.direction == "in"
        )
    )
    q = borrower.qualification
    when = now
    if last_text is None or last_text < now - IN_CONVERSATION:
        when = next_allowed_send(now, q.property_state if q else None, borrower.phone)
    held = s.scalar(
        select(func.max(Message.not_before)).where(
            Message.borrower_id == borrower.id,
            Message.direction == "out",
            Message.status == "queued",
        )
    )
    if held is not None and held > when:
        when = held  # after our own held text (the warm introduction), never before it
    return when if when > now else None
