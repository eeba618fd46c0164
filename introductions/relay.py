"""Relay mode: after the introduction the borrower keeps texting our number; each SMS goes
into the LO's Slack thread, and the LO's thread replies go back to the borrower by SMS."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from introductions import texts
from runtime.outbox import queue_slack, queue_sms
from storage.models import Introduction

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


def lo_to_borrower(s: Session, intro: Introduction, text: str) -> bool:
    """Text the borrower the LO's words, signed; never to a number that opted out."""
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
    queue_sms(s, borrower.id, borrower.phone, body, "relay_to_borrower")
    return True
