"""What an LO can do from Slack besides Accept/Pass: outcomes and the `/mm` command."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from introductions.texts import OUTCOME_LABELS, slack_escaped
from matching.store import record_outcome as learn_from_outcome
from runtime import crm
from storage.models import Introduction, LoanOfficer, LoAvailability, RosterAudit
from storage.roster.admin import record_change, roster_row
from storage.roster.fields import RosterEntry
from vocabulary import CLOSING_OUTCOMES, LIVE_INTRO_STATUSES, LO_OUTCOMES

USAGE = (
    "Usage: /mm available on|off · /mm capacity N · /mm intros · "
    f"/mm outcome ID {'|'.join(LO_OUTCOMES)} [reason]"
)


def lo_for_slack_user(s: Session, user: str) -> LoanOfficer | None:
    return s.scalars(select(LoanOfficer).where(LoanOfficer.slack_user_id == user)).first()


def record_outcome(
    s: Session, intro_id: int, outcome: str, user: str, now: datetime, note: str | None = None
) -> str:
    """Record an LO-reported outcome; a closing one (funded, lost) ends the introduction."""
    if outcome not in LO_OUTCOMES:
        return f"Unknown outcome {outcome!r}. {USAGE}"
    intro = s.get(Introduction, intro_id)
    if intro is None or intro.loan_officer.slack_user_id != user:
        return "That introduction isn't one of yours."
    if intro.status not in ("introduced", "closed"):
        return f"Introduction {intro_id} was never accepted ({intro.status})."
    learn_from_outcome(s, intro_id, outcome, now)
    intro.outcome, intro.outcome_note, intro.outcome_at = outcome, note, now
    if outcome in CLOSING_OUTCOMES:
        intro.status = "closed"
    crm.queue_event(s, "outcome", intro, now)
    return f"Recorded: introduction {intro_id} is {OUTCOME_LABELS[outcome].lower()}."


def run_command(s: Session, user: str, text: str, now: datetime) -> str:
    """`/mm ...` for the LO who typed it; answers in one short line."""
    lo = lo_for_slack_user(s, user)
    if lo is None:
        return "You're not on the roster yet; ask your manager to add your Slack ID."
    words = text.split()
    verb = words[0].lower() if words else "help"
    if verb == "available" and len(words) == 2 and words[1].lower() in ("on", "off"):
        state = s.get(LoAvailability, lo.id) or LoAvailability(lo_id=lo.id)
        state.available = words[1].lower() == "on"
        s.add(state)
        return f"You're {'available for' if state.available else 'paused from'} new introductions."
    if verb == "capacity" and len(words) == 2:
        return set_capacity(s, lo, words[1], user)
    if verb == "intros":
        rows = s.scalars(
            select(Introduction)
            .where(Introduction.lo_id == lo.id, Introduction.status.in_(LIVE_INTRO_STATUSES))
            .order_by(Introduction.id)
        ).all()
        if not rows:
            return "You have no open introductions."
        return "\n".join(
            f"#{i.id} {slack_escaped(_first_name(i))}"
            f" · {i.status} · outcome: {i.outcome or 'none yet'}"
            for i in rows
        )
    intro_id = record_id(words[1].lstrip("#")) if verb == "outcome" and len(words) >= 3 else None
    if intro_id is not None:
        note = " ".join(words[3:]) or None
        return record_outcome(s, intro_id, words[2].lower(), user, now, note)
    return USAGE


def _field_max() -> int:
    """The roster file's own bound on max_active_intros (storage/roster/fields.py)."""
    for rule in RosterEntry.model_fields["max_active_intros"].metadata:
        if getattr(rule, "le", None) is not None:
            return int(rule.le)
    raise AssertionError("the roster bounds max_active_intros")  # pragma: no cover


CAPACITY_FIELD_MAX = _field_max()


def roster_capacity(s: Session, lo: LoanOfficer) -> int:
    """The most open introductions the roster (the manager's file or `mm roster`) gave this
    LO: an LO may lower their capacity from Slack and raise it back up to that, no higher."""
    for after in s.scalars(
        select(RosterAudit.after)
        .where(RosterAudit.lo_id == lo.id, RosterAudit.action != "capacity")
        .order_by(RosterAudit.id.desc())
    ):
        if "max_active_intros" in after:
            return int(after["max_active_intros"])
    return CAPACITY_FIELD_MAX


def set_capacity(s: Session, lo: LoanOfficer, word: str, user: str) -> str:
    """`/mm capacity N`, bounded by the roster and recorded in the roster's audit."""
    ceiling = roster_capacity(s, lo)
    capacity = record_id(word)
    if capacity is None or capacity > ceiling:
        return (
            f"Capacity must be a whole number from 0 to {ceiling} (your roster's maximum); "
            "ask your manager to raise the maximum."
        )
    before = roster_row(lo)
    lo.max_active_intros = capacity
    record_change(s, lo, "capacity", before, f"slack:{user}")
    return f"Your capacity is now {lo.max_active_intros} open introductions."


MAX_ID = 2**31 - 1  # PostgreSQL's integer


def record_id(word: str) -> int | None:
    """A number typed or carried by a button, if it can be one of our ids ("²" cannot)."""
    if not (word.isascii() and word.isdigit()):
        return None
    value = int(word)
    return value if value <= MAX_ID else None


def _first_name(intro: Introduction) -> str:
    q = intro.borrower.qualification
    return (q.first_name if q else None) or "?"
