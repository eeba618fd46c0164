"""Introductions out to the brokerage's CRM: signed webhooks (docs/crm.md).

An event is a row (webhook_deliveries) written in the transaction that causes it, like the
SMS outbox; the timers send due rows, each signed afresh:

    X-MM-Timestamp: <unix seconds>
    X-MM-Signature: v1=<hex HMAC-SHA256(CRM_WEBHOOK_SECRET, "<timestamp>." + body)>

A failed delivery (no answer, or not 2xx) is retried with the outbox's backoff (4 s, 8 s ...
5 minutes at most) and given up after MAX_ATTEMPTS. Nothing is queued while CRM_WEBHOOK_URL
is unset.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from runtime.outbox import backoff_seconds  # the SMS outbox's: 4 s, 8 s ... 5 minutes
from runtime.services import Services
from runtime.settings import ConfigError
from storage.models import Introduction, WebhookDelivery

log = logging.getLogger(__name__)
SCHEMA = "mm.crm.v1"
EVENTS = ("offered", "accepted", "introduced", "outcome")
MAX_ATTEMPTS = 10
LEASE = timedelta(minutes=2)  # a sender that died mid-delivery frees its row after this
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
MIN_SECRET = 16


@dataclass(frozen=True)
class CrmConfig:
    url: str
    secret: str


def config_from_env(env: Mapping[str, str] | None = None) -> CrmConfig | None:
    """CRM_WEBHOOK_URL and CRM_WEBHOOK_SECRET, both or neither; None when off."""
    env = os.environ if env is None else env
    url, secret = env.get("CRM_WEBHOOK_URL", ""), env.get("CRM_WEBHOOK_SECRET", "")
    if not url:
        if secret:
            raise ConfigError("CRM_WEBHOOK_SECRET is set but CRM_WEBHOOK_URL is not")
        return None
    if not url.startswith(("https://", "http://")):
        raise ConfigError("CRM_WEBHOOK_URL must be an http(s) URL")
    if len(secret) < MIN_SECRET:
        raise ConfigError(
            f"CRM_WEBHOOK_SECRET must be set with CRM_WEBHOOK_URL ({MIN_SECRET}+ random characters)"
        )
    return CrmConfig(url, secret)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, tolerance: int = 300) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent (no replays)."""
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def payload(event: str, intro: Introduction, at: datetime) -> dict[str, Any]:
    """The event's JSON (docs/crm.md). The borrower's contact details go only once the LO
    has accepted: before that the introduction is an offer, not yet theirs."""
    lo, borrower = intro.loan_officer, intro.borrower
    q = borrower.qualification
    accepted = intro.status in ("introduced", "closed")
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "event_id": str(uuid.uuid4()),
        "event": f"introduction.{event}",
        "occurred_at": at.isoformat(),
        "introduction": {
            "id": intro.id,
            "status": intro.status,
            "offered_at": _iso(intro.offered_at),
            "responded_at": _iso(intro.responded_at),
            "outcome": intro.outcome,
            "outcome_at": _iso(intro.outcome_at),
        },
        "loan_officer": {"id": lo.id, "name": lo.name, "nmls_id": lo.nmls_id},
        "borrower": {
            "language": borrower.language,
            "loan_purpose": q.loan_purpose if q else None,
            "property_state": q.property_state if q else None,
            "price_usd": q.price_usd if q else None,
            "credit_band": q.credit_band if q else None,
            "timeline": q.timeline if q else None,
        },
    }
    if accepted:
        data["borrower"] |= {"first_name": q.first_name if q else None, "phone": borrower.phone}
    return data


def queue_event(session: Session, event: str, intro: Introduction, at: datetime) -> None:
    """Queue `event` for the CRM in the caller's transaction (nothing when it is off)."""
    if not os.environ.get("CRM_WEBHOOK_URL"):
        return
    if event not in EVENTS:
        raise ValueError(f"unknown CRM event {event!r}")
    session.add(
        WebhookDelivery(
            event=event,
            introduction_id=intro.id,
            payload=payload(event, intro, at),
            status="queued",
            created_at=at,
        )
    )


def _due(now: datetime) -> Any:
    return (
        WebhookDelivery.status == "queued",
        or_(WebhookDelivery.not_before.is_(None), WebhookDelivery.not_before <= now),
    )


def deliver_due(svc: Services, cfg: CrmConfig | None = None) -> int:
    """Send every due event, oldest first; returns how many the CRM accepted."""
    cfg = cfg or config_from_env()
    if cfg is None:
        return 0
    now = svc.clock()
    with svc.sessions.begin() as s:  # a sender that died mid-delivery: its rows go again
        s.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.status == "sending", WebhookDelivery.claimed_at < now - LEASE)
            .values(status="queued")
        )
        ids = list(
            s.scalars(select(WebhookDelivery.id).where(*_due(now)).order_by(WebhookDelivery.id))
        )
    sent = 0
    with httpx.Client(timeout=TIMEOUT) as http:
        for delivery_id in ids:
            if _claim(svc, delivery_id):
                sent += _send(svc, http, cfg, delivery_id)
    return sent


def _claim(svc: Services, delivery_id: int) -> bool:
    with svc.sessions.begin() as s:
        res = s.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == "queued")
            .values(status="sending", attempts=WebhookDelivery.attempts + 1, claimed_at=svc.clock())
        )
        return bool(res.rowcount == 1)  # type: ignore[attr-defined]


def _send(svc: Services, http: httpx.Client, cfg: CrmConfig, delivery_id: int) -> int:
    with svc.sessions() as s:
        row = s.get_one(WebhookDelivery, delivery_id)
        body = json.dumps(row.payload, separators=(",", ":"), sort_keys=True).encode()
        event, attempts = row.payload["event"], row.attempts
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-MM-Event": event,
        "X-MM-Delivery": str(delivery_id),
        "X-MM-Timestamp": timestamp,
        "X-MM-Signature": sign(cfg.secret, timestamp, body),
    }
    error = None
    try:
        r = http.post(cfg.url, content=body, headers=headers)
        if not 200 <= r.status_code < 300:
            error = f"HTTP {r.status_code}: {r.text[:200]}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"
    now = svc.clock()
    with svc.sessions.begin() as s:
        row = s.get_one(WebhookDelivery, delivery_id)
        if error is None:
            row.status, row.done_at, row.error = "sent", now, None
            return 1
        row.error = error[:500]
        if attempts >= MAX_ATTEMPTS:
            row.status = "failed"
        else:
            row.status = "queued"
            row.not_before = now + timedelta(seconds=backoff_seconds(attempts))
        log.warning("CRM webhook %s (%s) failed: %s", delivery_id, event, row.error)
    return 0
