"""The outbox: outbound rows are written in the transaction that causes them, sent after.

A row is claimed with a conditional UPDATE (queued -> sending) so two senders never send
the same row; a failed send goes back to 'queued' until its attempts run out.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from twilio.base.exceptions import TwilioException, TwilioRestException

from runtime import metrics
from runtime.jobqueue import recipient_lane
from runtime.services import Services
from runtime.twilio_client import HttpClient, send_sms
from storage import privacy
from storage.models import Borrower, Introduction, Message

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
# Texts to a borrower are checked against their opt-out when they are sent, not only when
# queued: a STOP that arrives while a text waits (quiet hours, a retry) still stops it.
# Only the answers to STOP and HELP themselves go to a number that opted out.
SENT_AFTER_OPT_OUT = frozenset({"keyword_stop", "keyword_help"})
CANCELLED = "cancelled"
# CTIA: the first text a borrower gets says how to opt out and that rates may apply. Keyword
# answers say it already.
FIRST_TEXT_DISCLOSURE = {
    "en": "Reply STOP to opt out, HELP for help. Msg & data rates may apply.",
    "es": "Responde PARAR para darte de baja, AYUDA para ayuda. Pueden aplicarse tarifas de "
    "mensajes y datos.",
}
WRITTEN = "mm_outbox_addresses"  # Session.info key: recipients this session queued for


def _written(session: Session, address: str) -> None:
    session.info.setdefault(WRITTEN, set()).add(address)


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
    _written(session, phone)
    return msg


def queue_thread_note(session: Session, intro: Introduction, text: str, purpose: str) -> Message:
    """A line for the LO in the introduction's Slack thread."""
    args = {"channel": intro.loan_officer.slack_user_id, "text": text}
    return queue_slack(session, "chat.postMessage", args, purpose, intro.id, in_thread=True)


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
    _written(session, msg.address)
    return msg


def cancel_queued(session: Session, borrower_id: int, reason: str) -> int:
    """Cancel every text still waiting for this borrower (an opt-out); returns how many."""
    res = session.execute(
        update(Message)
        .where(
            Message.borrower_id == borrower_id,
            Message.direction == "out",
            Message.channel == "sms",
            Message.status == "queued",
        )
        .values(status=CANCELLED, error=reason)
        .execution_options(synchronize_session="fetch")
    )
    return int(res.rowcount)  # type: ignore[attr-defined]


def _to_opted_out(session: Session, msg: Message) -> bool:
    """A text for a borrower who opted out since it was queued (and not their STOP/HELP
    answer)."""
    if msg.channel != "sms" or msg.borrower_id is None:
        return False
    if msg.purpose in SENT_AFTER_OPT_OUT:
        return False
    borrower = session.get(Borrower, msg.borrower_id)
    return borrower is not None and borrower.opted_out_at is not None


def _with_disclosure(session: Session, msg: Message) -> None:
    """The borrower's first text carries the opt-out and rates disclosure."""
    if msg.channel != "sms" or msg.borrower_id is None:
        return
    if (msg.purpose or "").startswith("keyword_"):
        return
    earlier = session.scalar(
        select(Message.id)
        .where(
            Message.borrower_id == msg.borrower_id,
            Message.direction == "out",
            Message.channel == "sms",
            Message.status == "sent",
        )
        .limit(1)
    )
    if earlier is not None:
        return
    borrower = session.get(Borrower, msg.borrower_id)
    language = borrower.language if borrower is not None else "en"
    msg.body = f"{msg.body}\n\n{FIRST_TEXT_DISCLOSURE.get(language, FIRST_TEXT_DISCLOSURE['en'])}"


def _claim(svc: Services, msg_id: int) -> bool:
    with svc.sessions.begin() as s:
        res = s.execute(
            update(Message)
            .where(Message.id == msg_id, Message.status == "queued")
            .values(status="sending", attempts=Message.attempts + 1, claimed_at=svc.clock())
        )
        return bool(res.rowcount == 1)  # type: ignore[attr-defined]


def _paced(svc: Services, channel: str, address: str, body: str) -> bool:
    """Wait for the provider's send rate; False when the wait would be too long."""
    if channel == "sms":
        return svc.rates.wait_sms(svc.settings.twilio_from_number, body)
    if channel == "slack":
        return svc.rates.wait_slack(address)
    return True


def _send(svc: Services, session: Session, msg: Message) -> str | None:
    if msg.channel == "sms":
        return send_sms(svc.twilio, svc.settings.twilio_from_number, msg.address, msg.body)
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


def retry_after(svc: Services, exc: Exception) -> float | None:
    """Seconds the provider asked us to wait (HTTP 429 Retry-After), if it did."""
    header: str | None = None
    if isinstance(exc, SlackApiError) and exc.response.status_code == 429:
        header = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
    elif isinstance(exc, TwilioRestException) and exc.status == 429:
        http = svc.twilio.http_client
        header = http.last_retry_after() if isinstance(http, HttpClient) else None
    if header is None:
        return None
    try:
        return max(float(header), 0.0)
    except ValueError:
        return None


def backoff_seconds(attempts: int) -> float:
    """4 s, 8 s, 16 s ... capped at 5 minutes: about 9 minutes of outage before giving up."""
    return float(min(2 ** (attempts + 1), 300))


def deliver_pending(svc: Services) -> int:
    """Send (or, in production, hand to the workers) every due outbound message."""
    if svc.queue is not None:
        for address in due_recipients(svc):
            svc.queue.kick_recipient(address)
        return 0
    # One sender at a time in this process, so a borrower's texts leave in the order written.
    with svc.send_lock:
        return deliver_due(svc)


def deliver_to(svc: Services, addresses: set[str], *sessions: Session) -> None:
    """Send what is due to `addresses` and to every recipient the committed `sessions`
    queued for. In production this process sends it at once, recipient by recipient, unless
    another process is sending to that recipient (then that one does; no job queue round
    trip either way); inline, as deliver_pending."""
    for s in sessions:
        addresses = addresses | s.info.pop(WRITTEN, set())
    if svc.queue is None:
        deliver_pending(svc)
        return
    for address in sorted(addresses):
        svc.queue.run_now(recipient_lane(address), partial(deliver_due, svc, address))


def _due(svc: Services) -> tuple[ColumnElement[bool], ...]:
    return (
        Message.direction == "out",
        Message.status == "queued",
        or_(Message.not_before.is_(None), Message.not_before <= svc.clock()),
    )


def due_recipients(svc: Services) -> list[str]:
    with svc.sessions() as s:
        return list(s.scalars(select(Message.address).where(*_due(svc)).distinct()))


def deliver_due(svc: Services, address: str | None = None) -> int:
    """Send due messages (to one recipient, or all) in creation order; returns how many.

    After a failure, that recipient's later messages wait for the next pass, so they never
    overtake the one being retried.
    """
    query = (
        select(Message.id, Message.channel, Message.address, Message.body)
        .where(*_due(svc))
        .order_by(Message.id)
    )
    if address is not None:
        query = query.where(Message.address == address)
    with svc.sessions() as s:
        rows = s.execute(query).all()
    sent, stalled = 0, set()
    for msg_id, channel, to, body in rows:
        if to in stalled:
            continue
        if not _paced(svc, channel, to, body):
            stalled.add(to)  # paced out: the rest of this recipient goes next pass
            continue
        if not _claim(svc, msg_id):  # another sender has it
            continue
        if _send_claimed(svc, msg_id):
            sent += 1  # (a cancelled row counts too: it left the queue)
        else:
            stalled.add(to)
    return sent


def _withheld(s: Session, msg: Message, now: datetime) -> bool:
    """A forgotten borrower's opt-out outlives their rows (storage.privacy): nothing but a
    HELP answer goes to that number until it texts START."""
    if msg.channel == "slack" or msg.purpose == "keyword_help":
        return False
    if not privacy.withheld(s, msg.address):
        return False
    msg.status, msg.error, msg.done_at = CANCELLED, "withheld: the number opted out", now
    return True


def _send_claimed(svc: Services, msg_id: int) -> bool:
    """Send one claimed row; False when it failed (the recipient's later rows wait)."""
    with svc.sessions.begin() as s:
        msg = s.get_one(Message, msg_id)
        if _to_opted_out(s, msg):
            msg.status, msg.error, msg.done_at = CANCELLED, "opted out", svc.clock()
            log.info("message %s not sent: the borrower opted out", msg_id)
            return True
        if _withheld(s, msg, svc.clock()):
            return True  # done with: the recipient's later messages are not held up
        unsent_body = msg.body
        _with_disclosure(s, msg)  # stored as sent: the row says what the borrower got
        try:
            result = _send(svc, s, msg)
        except (TwilioException, SlackApiError, RuntimeError, OSError) as exc:
            msg.body = unsent_body  # the retry decides again
            msg.error = f"{type(exc).__name__}: {exc}"[:500]
            wait = retry_after(svc, exc)
            if wait is None and msg.attempts >= MAX_ATTEMPTS:
                msg.status = "failed"
            else:
                msg.status = "queued"
                delay = wait if wait is not None else backoff_seconds(msg.attempts)
                msg.not_before = svc.clock() + timedelta(seconds=delay)
            log.warning("send of message %s failed: %s", msg_id, msg.error)
            metrics.sent(msg.channel, ok=False)
            return False
        if msg.channel == "sms":
            msg.provider_sid = result
        msg.status, msg.done_at = "sent", svc.clock()
    metrics.sent(msg.channel, ok=True)
    return True


def reclaim_stale(svc: Services) -> int:
    """Rows a crashed sender claimed but never finished go back to the queue.

    Twilio has no idempotency key, so a sender that died after the provider accepted the
    message and before our commit will send it again: the one window where a text can
    double, kept as short as one HTTP call.
    """
    with svc.sessions.begin() as s:
        res = s.execute(
            update(Message)
            .where(
                Message.direction == "out",
                Message.status == "sending",
                Message.claimed_at < svc.clock() - svc.settings.outbox_lease,
            )
            .values(status="queued")
        )
        return int(res.rowcount)  # type: ignore[attr-defined]
