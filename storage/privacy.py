"""One borrower's data: everything we store about them (access requests) and erasing it
(deletion requests), in the database. Redis and Rasa's trackers are erased by mm/borrower.py.

What survives a deletion holds no personal data: the matcher's learned counts and weights
(per LO and segment, never per borrower), a DeletionRecord (who asked, when, how much was
erased) and, for a borrower who had opted out, the keyed hash of their number
(OptOutHash), so the number starts opted out again if it ever texts us.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from datetime import datetime, timedelta
from typing import Any

import phonenumbers
from sqlalchemy import and_, delete, event, func, inspect, null, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import Exists, ScalarSelect

from storage.models import (
    LIVE_INTRO_STATUSES,
    Borrower,
    DeletionRecord,
    Introduction,
    IntroOutcome,
    MatchDecision,
    Message,
    OptOutHash,
    Qualification,
    ScheduledJob,
    WebhookDelivery,
    utcnow,
)
from vocabulary import QUALIFICATION_SLOTS

# Keyed so the stored hash cannot be reversed by hashing every US number; set
# PRIVACY_HASH_KEY in production and never change it (old hashes would stop matching).
DEFAULT_HASH_KEY = "mortgage-matchmaking-opt-out-v1"


class PrivacyError(Exception):
    """An expected problem with a request (a malformed number); the message says which."""


def normalize_phone(raw: str) -> str:
    """E.164 as the gateway stores it; '(512) 555-0199' and '+15125550199' are one number."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as exc:
        raise PrivacyError(f"{raw!r} is not a phone number") from exc
    if not phonenumbers.is_possible_number(number):
        raise PrivacyError(f"{raw!r} is not a phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_hash(phone: str) -> str:
    key = (os.environ.get("PRIVACY_HASH_KEY") or DEFAULT_HASH_KEY).encode()
    return hmac.new(key, phone.encode(), hashlib.sha256).hexdigest()


def mask_phone(phone: str) -> str:
    """+15125550199 -> +1••••••0199: enough for an examiner to tell numbers apart."""
    return phone[:2] + "•" * max(len(phone) - 6, 0) + phone[-4:] if len(phone) > 6 else "•••"


def kept_opt_out_at(phone: str) -> ScalarSelect[datetime]:
    """When a forgotten borrower opted out from this number (NULL after their START), as a
    subquery: the gateway's one-statement insert of a new borrower starts opted out then."""
    key = phone_hash(phone)
    return select(OptOutHash.opted_out_at).where(OptOutHash.phone_hash == key).scalar_subquery()


def withheld(phone: str) -> Exists:
    """A forgotten borrower opted out from this number and has not texted START since."""
    return select(OptOutHash.phone_hash).where(OptOutHash.phone_hash == phone_hash(phone)).exists()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# The qualification's facts as stored (the contract's slots and the named product).
FACTS = (*QUALIFICATION_SLOTS, "requested_product")


def _intro_ids(session: Session, borrower_id: int) -> list[int]:
    return list(
        session.scalars(select(Introduction.id).where(Introduction.borrower_id == borrower_id))
    )


def _messages(session: Session, borrower_id: int, intro_ids: list[int]) -> Any:
    mine = Message.borrower_id == borrower_id
    if intro_ids:
        mine = or_(mine, Message.introduction_id.in_(intro_ids))
    return select(Message).where(mine).order_by(Message.id)


def export(session: Session, phone: str) -> dict[str, Any] | None:
    """Everything stored about the borrower texting from `phone`; None if nothing is."""
    b = session.scalars(select(Borrower).where(Borrower.phone == phone)).one_or_none()
    if b is None:
        return None
    q = b.qualification
    intro_ids = _intro_ids(session, b.id)
    intros = session.scalars(
        select(Introduction).where(Introduction.id.in_(intro_ids)).order_by(Introduction.id)
    ).all()
    decisions = session.scalars(
        select(MatchDecision).where(MatchDecision.borrower_id == b.id).order_by(MatchDecision.id)
    ).all()
    outcomes = session.scalars(
        select(IntroOutcome)
        .where(IntroOutcome.introduction_id.in_(intro_ids))
        .order_by(IntroOutcome.id)
    ).all()
    return {
        "borrower": {
            "phone": b.phone,
            "language": b.language,
            "first_contact_at": _iso(b.created_at),
            "opted_out_at": _iso(b.opted_out_at),
        },
        "facts": {name: getattr(q, name) for name in FACTS} if q else {},
        "consent": {
            "given": bool(q and q.consent),
            "words": q.consent_text if q else None,
            "at": _iso(q.consent_at) if q else None,
        },
        "messages": [
            {
                "at": _iso(m.created_at),
                "direction": m.direction,
                "channel": m.channel,
                "to_or_from": m.address,
                "body": m.body,
                "purpose": m.purpose,
                "status": m.status,
                "introduction_id": m.introduction_id,
            }
            for m in session.scalars(_messages(session, b.id, intro_ids))
        ],
        "introductions": [
            {
                "id": i.id,
                "loan_officer": {
                    "id": i.lo_id,
                    "name": i.loan_officer.name,
                    "nmls_id": i.loan_officer.nmls_id,
                },
                "status": i.status,
                "offered_at": _iso(i.offered_at),
                "responded_at": _iso(i.responded_at),
                "pass_reason": i.pass_reason,
                "outcome": i.outcome,
                "outcome_note": i.outcome_note,
                "outcome_at": _iso(i.outcome_at),
                "decision_id": i.decision_id,
            }
            for i in intros
        ],
        "outcomes": [
            {
                "introduction_id": o.introduction_id,
                "outcome": o.outcome,
                "loan_officer_id": o.lo_id,
                "at": _iso(o.recorded_at),
            }
            for o in outcomes
        ],
        "decisions": [
            {
                "id": d.id,
                "at": _iso(d.created_at),
                "chosen_loan_officer_id": d.chosen_lo_id,
                "inputs": d.inputs,
                "reason": d.reason,
            }
            for d in decisions
        ],
    }


def forget(
    session: Session, phone: str, requested_by: str, reason: str | None, now: datetime
) -> tuple[DeletionRecord, int | None, list[str]]:
    """Erase the borrower's rows; return the deletion record, the borrower's id (None when
    nothing was stored) and the Twilio MessageSids of their texts (Redis dedupe keys)."""
    b = session.scalars(select(Borrower).where(Borrower.phone == phone)).one_or_none()
    erased: dict[str, int] = {}
    borrower_id, sids = None, []
    if b is not None:
        borrower_id = b.id
        if b.opted_out_at is not None:
            _keep_opt_out(session, phone, b.opted_out_at)
        intro_ids = _intro_ids(session, b.id)
        msgs = session.scalars(_messages(session, b.id, intro_ids)).all()
        sids = [m.provider_sid for m in msgs if m.direction == "in" and m.provider_sid]
        by_intro = Introduction.id.in_(intro_ids)
        steps: list[tuple[str, Any]] = [
            ("messages", delete(Message).where(Message.id.in_([m.id for m in msgs]))),
            (
                "scheduled_jobs",
                delete(ScheduledJob).where(ScheduledJob.introduction_id.in_(intro_ids)),
            ),
            (
                "intro_outcomes",
                delete(IntroOutcome).where(IntroOutcome.introduction_id.in_(intro_ids)),
            ),
            (
                "webhook_deliveries",
                delete(WebhookDelivery).where(WebhookDelivery.introduction_id.in_(intro_ids)),
            ),
            ("introductions", delete(Introduction).where(by_intro)),
            ("match_decisions", delete(MatchDecision).where(MatchDecision.borrower_id == b.id)),
            ("qualifications", delete(Qualification).where(Qualification.borrower_id == b.id)),
            ("borrowers", delete(Borrower).where(Borrower.id == b.id)),
        ]
        session.expunge(b)  # the ORM's copy must not be flushed back
        for name, statement in steps:
            count = int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
            if count:
                erased[name] = count
    record = DeletionRecord(
        at=now,
        requested_by=requested_by,
        reason=reason,
        phone_hash=phone_hash(phone),
        erased=erased,
    )
    session.add(record)
    session.flush()
    return record, borrower_id, sids


def _keep_opt_out(session: Session, phone: str, at: datetime) -> None:
    key = phone_hash(phone)
    if session.get(OptOutHash, key) is None:
        session.add(OptOutHash(phone_hash=key, opted_out_at=at, recorded_at=utcnow()))


@event.listens_for(Session, "before_flush")
def _opt_out_survives(session: Session, _context: object, _instances: object) -> None:
    """A forgotten number that texts again starts opted out (as it was); its START lifts it.

    On every session, so the gateway's borrower insert and the keyword handling need no
    change: they set and clear `opted_out_at` as for any borrower.
    """
    for obj in list(session.new):
        if isinstance(obj, Borrower) and obj.opted_out_at is None and obj.phone:
            with session.no_autoflush:
                kept = session.get(OptOutHash, phone_hash(obj.phone))
            if kept is not None:
                obj.opted_out_at = kept.opted_out_at
    for obj in list(session.dirty):
        if isinstance(obj, Borrower) and obj.opted_out_at is None:
            history = inspect(obj).attrs.opted_out_at.history
            if history.deleted and any(v is not None for v in history.deleted):
                with session.no_autoflush:
                    kept = session.get(OptOutHash, phone_hash(obj.phone))
                if kept is not None:
                    session.delete(kept)


# --- retention ---------------------------------------------------------------------------

DEFAULT_RETENTION_DAYS = 730
# Never a row still in flight (received, queued, sending).
ERASED_STATUSES = ("processed", "sent", "failed", "throttled", "cancelled")


def retention_days(env: Any = None) -> int:
    """RETENTION_DAYS (default 730): how long a closed conversation's texts are kept."""
    raw = (os.environ if env is None else env).get("RETENTION_DAYS") or ""
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not raw.isdigit() or int(raw) < 1:
        raise PrivacyError("RETENTION_DAYS must be a whole number of days, 1 or more")
    return int(raw)


def erase_old_bodies(session: Session, now: datetime, days: int) -> int:
    """Blank the message bodies of conversations closed for `days`: the borrower has no
    live introduction and nothing was said either way since. Returns the rows erased.

    Rows, times and purposes stay (the dashboard's counts, the audit trail); consent words
    stay with the qualification, which an examiner may ask for."""
    cutoff = now - timedelta(days=days)
    idle = (
        select(Message.borrower_id)
        .where(Message.borrower_id.is_not(None))
        .group_by(Message.borrower_id)
        .having(func.max(Message.created_at) < cutoff)
    )
    live = select(Introduction.borrower_id).where(Introduction.status.in_(LIVE_INTRO_STATUSES))
    closed = idle.where(Message.borrower_id.not_in(live))
    their_intros = select(Introduction.id).where(Introduction.borrower_id.in_(closed))
    res = session.execute(
        update(Message)
        .where(
            or_(Message.borrower_id.in_(closed), Message.introduction_id.in_(their_intros)),
            Message.created_at < cutoff,
            Message.status.in_(ERASED_STATUSES),
            # A Slack call's payload repeats its text; SQL NULL marks it erased.
            or_(
                Message.body != "", and_(Message.channel == "slack", Message.payload.is_not(null()))
            ),
        )
        .values(body="", payload=null())
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount)  # type: ignore[attr-defined]


def purge_old_deliveries(session: Session, now: datetime, days: int) -> int:
    """CRM events (which carry the borrower's name and number once accepted) finished more
    than `days` ago: the CRM has them; we need not."""
    res = session.execute(
        delete(WebhookDelivery)
        .where(
            WebhookDelivery.status.in_(("sent", "failed")),
            WebhookDelivery.created_at < now - timedelta(days=days),
        )
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount)  # type: ignore[attr-defined]
