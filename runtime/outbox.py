"""The outbox: outbound rows are written in the transaction that causes them, sent after.

A row is claimed with a conditional UPDATE (queued -> sending) so two senders never send
the same row; a failed send goes back to 'queued' until its attempts run out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class Claimed:
    """An outbound row as its claim returned it: what the send needs, without the ORM."""

    id: int
    channel: str
    address: str
    body: str
    purpose: str | None
    borrower_id: int | None
    introduction_id: int | None
    payload: dict[str, Any] | None
    attempts: int
    refused: str | None = None  # why it was cancelled instead of sent


def _claim(svc: Services, msg_id: int) -> Claimed | None:
    """Claim a queued row (queued -> sending) and read it in one statement, and decide in
    the same transaction whether it may still go and with what body (a row that may not
    is cancelled there, `refused` says why); None when another sender has it."""
    with svc.sessions.begin() as s:
        row = s.execute(
            update(Message)
            .where(Message.id == msg_id, Message.status == "queued")
            .values(status="sending", attempts=Message.attempts + 1, claimed_at=svc.clock())
            .returning(
                Message.id,
                Message.channel,
                Message.address,
                Message.body,
                Message.purpose,
                Message.borrower_id,
                Message.introduction_id,
                Message.payload,
                Message.attempts,
            )
            .execution_options(synchronize_session=False)
        ).first()
        if row is None:
            return None
        msg = Claimed(*row)
        if msg.channel != "sms":
            return msg
        refused, body = _as_sent(s, msg)
        if refused is not None:
            s.execute(
                update(Message)
                .where(Message.id == msg.id)
                .values(status=CANCELLED, error=refused, done_at=svc.clock())
            )
            log.info("message %s not sent: %s", msg.id, refused)
        return replace(msg, body=body, refused=refused)


def _as_sent(s: Session, msg: Claimed) -> tuple[str | None, str]:
    """For a text: why it must not go (None: it may) and the body it goes with, in one
    query. A STOP that arrived while it waited (quiet hours, a retry) still stops it; a
    forgotten borrower's opt-out outlives their rows (storage.privacy), so nothing but a
    HELP answer goes to that number until it texts START; the borrower's first text carries
    the opt-out and rates disclosure (keyword answers say it already)."""
    bid = msg.borrower_id
    earlier_sent = (
        select(Message.id)
        .where(
            Message.borrower_id == bid,
            Message.direction == "out",
            Message.channel == "sms",
            Message.status == "sent",
        )
        .exists()
    )
    opted_out_at, language, greeted, withheld = s.execute(
        select(
            select(Borrower.opted_out_at).where(Borrower.id == bid).scalar_subquery(),
            select(Borrower.language).where(Borrower.id == bid).scalar_subquery(),
            earlier_sent,
            privacy.withheld(msg.address),
        )
    ).one()
    if bid is not None and msg.purpose not in SENT_AFTER_OPT_OUT and opted_out_at is not None:
        return "opted out", msg.body
    if msg.purpose != "keyword_help" and withheld:
        return "withheld: the number opted out", msg.body
    if bid is None or (msg.purpose or "").startswith("keyword_") or greeted:
        return None, msg.body
    disclosure = FIRST_TEXT_DISCLOSURE.get(language or "en", FIRST_TEXT_DISCLOSURE["en"])
    return None, f"{msg.body}\n\n{disclosure}"


def _paced(svc: Services, channel: str, address: str, body: str) -> bool:
    """Wait for the provider's send rate; False when the wait would be too long."""
    if channel == "sms":
        return svc.rates.wait_sms(svc.settings.twilio_from_number, body)
    if channel == "slack":
        return svc.rates.wait_slack(address)
    return True


def _send(svc: Services, msg: Claimed) -> tuple[str | None, dict[str, Any]]:
    """Send one claimed row, outside any transaction; its provider id, and the Slack card's
    place when the row posted an offer card."""
    if msg.channel == "sms":
        return send_sms(svc.twilio, svc.settings.twilio_from_number, msg.address, msg.body), {}
    assert msg.payload is not None
    args = dict(msg.payload["args"])
    card = None
    if msg.introduction_id is not None:
        with svc.sessions() as s:
            card = s.execute(
                select(Introduction.slack_channel, Introduction.slack_ts).where(
                    Introduction.id == msg.introduction_id
                )
            ).first()
    if card is not None and msg.payload["method"] == "chat.update":
        if not card.slack_ts:
            raise RuntimeError("the card to update has not been posted yet")
        args.update(channel=card.slack_channel, ts=card.slack_ts)
    if card is not None and msg.payload.get("in_thread"):
        if not card.slack_ts:
            raise RuntimeError("the card to reply under has not been posted yet")
        args.update(channel=card.slack_channel, thread_ts=card.slack_ts)
    resp = svc.slack.api_call(msg.payload["method"], json=args)
    if msg.purpose == "offer_card" and card is not None:
        return resp.get("ts"), {"slack_channel": resp["channel"], "slack_ts": resp["ts"]}
    return resp.get("ts"), {}


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
        claimed = _claim(svc, msg_id)
        if claimed is None:  # another sender has it
            continue
        if claimed.refused is not None or _send_claimed(svc, claimed):
            sent += 1  # (a cancelled row counts too: it left the queue)
        else:
            stalled.add(to)
    return sent


def _send_claimed(svc: Services, msg: Claimed) -> bool:
    """Send one claimed row; False when it failed (the recipient's later rows wait). No
    connection is held while the provider answers."""
    done = update(Message).where(Message.id == msg.id)
    try:
        result, card = _send(svc, msg)
    except (TwilioException, SlackApiError, RuntimeError, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
        wait = retry_after(svc, exc)
        if wait is None and msg.attempts >= MAX_ATTEMPTS:
            failed: dict[str, Any] = {"status": "failed"}
        else:
            delay = wait if wait is not None else backoff_seconds(msg.attempts)
            failed = {"status": "queued", "not_before": svc.clock() + timedelta(seconds=delay)}
        with svc.sessions.begin() as s:
            s.execute(done.values(error=error, **failed))
        log.warning("send of message %s failed: %s", msg.id, error)
        metrics.sent(msg.channel, ok=False)
        return False
    sid = {"provider_sid": result} if msg.channel == "sms" else {}
    with svc.sessions.begin() as s:
        # The body as sent: the row says what the borrower got.
        s.execute(done.values(status="sent", done_at=svc.clock(), body=msg.body, **sid))
        if card:
            s.execute(
                update(Introduction).where(Introduction.id == msg.introduction_id).values(**card)
            )
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
