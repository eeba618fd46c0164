"""The outbox: outbound rows are written in the transaction that causes them, sent after.

A row is claimed with a conditional UPDATE (queued -> sending) so two senders never send
the same row; a failed send goes back to 'queued' until its attempts run out.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException

from channels.services import Services
from channels.timing import next_allowed_send
from channels.twilio_sms import create_group, send_sms
from storage.models import Borrower, Introduction, Message

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def queue_sms(
    session: Session,
    borrower_id: int,
    phone: str,
    body: str,
    purpose: str = "reply",
    not_before: datetime | None = None,
    channel: str = "sms",
) -> Message:
    msg = Message(
        direction="out",
        channel=channel,
        borrower_id=borrower_id,
        address=phone,
        body=body,
        purpose=purpose,
        status="queued",
        not_before=not_before,
    )
    session.add(msg)
    return msg


def queue_bot_sms(
    session: Session,
    borrower: Borrower,
    body: str,
    purpose: str,
    now: datetime,
    channel: str = "sms",
    introduction_id: int | None = None,
) -> Message | None:
    """A text the bot starts (not a reply): held for quiet hours, never to an opted-out number.

    `channel` "group" opens the introduction's group conversation with `body` as greeting.
    """
    if borrower.opted_out_at is not None:
        return None
    q = borrower.qualification
    state, preferred = (q.property_state, q.contact_time) if q else (None, None)
    when = next_allowed_send(now, state, borrower.phone, preferred)
    msg = queue_sms(
        session, borrower.id, borrower.phone, body, purpose, when if when > now else None, channel
    )
    msg.introduction_id = introduction_id
    return msg


def queue_slack(
    session: Session,
    method: str,
    args: dict[str, Any],
    purpose: str,
    introduction_id: int | None = None,
    in_thread: bool = False,
) -> Message:
    """Queue a Slack Web API call; `in_thread` posts it under the introduction's card."""
    msg = Message(
        direction="out",
        channel="slack",
        introduction_id=introduction_id,
        address=str(args.get("channel", "")),
        body=str(args.get("text", "")),
        payload={"method": method, "args": args, "in_thread": in_thread},
        purpose=purpose,
        status="queued",
    )
    session.add(msg)
    return msg


def _claim(svc: Services, msg_id: int) -> bool:
    with svc.sessions.begin() as s:
        res = s.execute(
            update(Message)
            .where(Message.id == msg_id, Message.status == "queued")
            .values(status="sending", attempts=Message.attempts + 1)
        )
        return res.rowcount == 1  # type: ignore[attr-defined]


def _send(svc: Services, session: Session, msg: Message) -> str | None:
    if msg.channel == "sms":
        return send_sms(svc.twilio, svc.settings.twilio_from_number, msg.address, msg.body)
    if msg.channel == "group":
        intro = session.get_one(Introduction, msg.introduction_id)
        if intro.group_sid is None:  # a finished group is never opened twice by a retry
            members = [msg.address, intro.loan_officer.phone]
            intro.group_sid = create_group(
                svc.twilio, svc.settings.twilio_from_number, members, msg.body
            )
        return None
    assert msg.payload is not None
    args = dict(msg.payload["args"])
    intro = session.get(Introduction, msg.introduction_id) if msg.introduction_id else None
    if msg.payload["method"] == "chat.update" and intro is not None:
        if not intro.slack_ts:
            raise RuntimeError("the card to update has not been posted yet")
        args.update(channel=intro.slack_channel, ts=intro.slack_ts)
    if msg.payload.get("in_thread") and intro is not None:
        if not intro.slack_ts:
            raise RuntimeError("the card to reply under has not been posted yet")
        args.update(channel=intro.slack_channel, thread_ts=intro.slack_ts)
    resp = svc.slack.api_call(msg.payload["method"], json=args)
    if msg.purpose == "offer_card" and intro is not None:
        intro.slack_channel, intro.slack_ts = resp["channel"], resp["ts"]
    return resp.get("ts")


def deliver_pending(svc: Services) -> int:
    """Send every queued outbound message in creation order; returns how many were sent."""
    # One sender at a time in this process, so a borrower's texts leave in the order written.
    with svc.send_lock:
        return _deliver(svc)


def _deliver(svc: Services) -> int:
    with svc.sessions() as s:
        ids = list(
            s.scalars(
                select(Message.id)
                .where(
                    Message.direction == "out",
                    Message.status == "queued",
                    or_(Message.not_before.is_(None), Message.not_before <= svc.clock()),
                )
                .order_by(Message.id)
            )
        )
    sent = 0
    for msg_id in ids:
        if not _claim(svc, msg_id):
            continue
        with svc.sessions.begin() as s:
            msg = s.get_one(Message, msg_id)
            try:
                result = _send(svc, s, msg)
            except (TwilioException, SlackApiError, RuntimeError, OSError) as exc:
                msg.error = f"{type(exc).__name__}: {exc}"[:500]
                msg.status = "failed" if msg.attempts >= MAX_ATTEMPTS else "queued"
                log.warning("send of message %s failed: %s", msg_id, msg.error)
                continue
            if msg.channel == "sms":
                msg.provider_sid = result
            msg.status, msg.done_at = "sent", svc.clock()
            sent += 1
    return sent
