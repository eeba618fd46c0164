"""The waiting list: a borrower nobody could take stays on it (for `cfg.waitlist_for`), and
an offer is made for them when an LO gets licensed, available or room.

Only the list's rows live here; introductions/next_steps.py makes the offers and answers
the borrower. A borrower on the list hears from us only when an LO has accepted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import WAITLIST_OPEN, Introduction, WaitlistEntry

LEAVE_WORDS = {"leave", "salir"}  # "reply LEAVE to come off the list"


def open_entry(s: Session, borrower_id: int) -> WaitlistEntry | None:
    return s.scalars(
        select(WaitlistEntry).where(
            WaitlistEntry.borrower_id == borrower_id, WaitlistEntry.status.in_(WAITLIST_OPEN)
        )
    ).one_or_none()


def last_entry(s: Session, borrower_id: int) -> WaitlistEntry | None:
    return s.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.borrower_id == borrower_id)
        .order_by(WaitlistEntry.id.desc())
        .limit(1)
    ).first()


def join(s: Session, borrower_id: int, now: datetime, keep_for: timedelta) -> WaitlistEntry:
    """Put the borrower on the list (or keep their open place), from now for `keep_for`."""
    entry = open_entry(s, borrower_id)
    if entry is None:
        entry = WaitlistEntry(borrower_id=borrower_id, joined_at=now, until=now + keep_for)
        s.add(entry)
    entry.status, entry.introduction_id = "waiting", None
    s.flush()
    return entry


def offered(entry: WaitlistEntry, intro: Introduction) -> None:
    entry.status, entry.introduction_id = "offered", intro.id


def back_to_waiting(entry: WaitlistEntry, now: datetime) -> None:
    """An offer made from the list was passed or expired: wait on, if there is time left."""
    if entry.until <= now:
        entry.status, entry.ended_at = "expired", now
    else:
        entry.status, entry.introduction_id = "waiting", None


def matched(s: Session, borrower_id: int, now: datetime) -> None:
    entry = open_entry(s, borrower_id)
    if entry is not None:
        entry.status, entry.ended_at = "matched", now


def leave(entry: WaitlistEntry, now: datetime) -> None:
    entry.status, entry.ended_at = "left", now


def expire_due(s: Session, now: datetime) -> int:
    """Waiting places whose time ran out end quietly; a borrower who texts later is asked
    whether to look again (introductions/next_steps.py)."""
    due = s.scalars(
        select(WaitlistEntry).where(WaitlistEntry.status == "waiting", WaitlistEntry.until <= now)
    ).all()
    for entry in due:
        entry.status, entry.ended_at = "expired", now
    return len(due)


def waiting(s: Session) -> list[WaitlistEntry]:
    """The waiting places, the longest-waiting first."""
    return list(
        s.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.status == "waiting")
            .order_by(WaitlistEntry.joined_at, WaitlistEntry.id)
        )
    )
