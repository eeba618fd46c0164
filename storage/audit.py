"""The examiner's export (`mm audit export`, the dashboard's download): every consent, every
introduction with its decision record and explanation, every opt-out, opt-in and HELP,
every roster change and every deletion request in a period, oldest first.

Numbers are masked (+1••••••0199); a record carries the words the borrower used.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import (
    Borrower,
    DeletionRecord,
    Introduction,
    Message,
    Qualification,
    RosterAudit,
)
from storage.privacy import mask_phone

KEYWORD_KINDS = {"keyword_stop": "opt_out", "keyword_start": "opt_in", "keyword_help": "help"}
COLUMNS = ("at", "kind", "subject", "actor", "summary", "details")


@dataclass(frozen=True)
class Record:
    at: str  # ISO 8601, UTC
    kind: str  # consent | introduction | opt_out | opt_in | help | roster_change | deletion
    subject: str  # a masked number, "introduction 12", or an LO id
    actor: str  # who acted: "borrower", an LO id, the roster's `--by`, the deletion's asker
    summary: str
    details: dict[str, Any]


def period(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00 UTC, the day after end 00:00 UTC): `--to` is inclusive."""
    return (
        datetime.combine(start, time(), tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time(), tzinfo=UTC),
    )


def _iso(at: datetime | None) -> str:
    return at.astimezone(UTC).isoformat() if at is not None else ""


def records(session: Session, start: date, end: date) -> list[Record]:
    lo, hi = period(start, end)
    out = _consents(session, lo, hi) + _introductions(session, lo, hi)
    out += _keywords(session, lo, hi) + _roster(session, lo, hi) + _deletions(session, lo, hi)
    return sorted(out, key=lambda r: (r.at, r.kind, r.subject))


def _consents(session: Session, lo: datetime, hi: datetime) -> list[Record]:
    rows = session.execute(
        select(Qualification, Borrower.phone)
        .join(Borrower, Borrower.id == Qualification.borrower_id)
        .where(Qualification.consent_at >= lo, Qualification.consent_at < hi)
    ).all()
    return [
        Record(
            _iso(q.consent_at),
            "consent",
            mask_phone(phone),
            "borrower",
            f"consented: {q.consent_text or ''}".strip(),
            {"given": q.consent, "words": q.consent_text, "borrower_id": q.borrower_id},
        )
        for q, phone in rows
    ]


def _introductions(session: Session, lo: datetime, hi: datetime) -> list[Record]:
    intros = session.scalars(
        select(Introduction)
        .where(Introduction.offered_at >= lo, Introduction.offered_at < hi)
        .order_by(Introduction.id)
    ).all()
    return [
        Record(
            _iso(i.offered_at),
            "introduction",
            f"introduction {i.id}",
            i.lo_id,
            f"offered to {i.loan_officer.name} (NMLS {i.loan_officer.nmls_id}): {i.status}",
            {
                "introduction_id": i.id,
                "borrower": mask_phone(i.borrower.phone),
                "loan_officer_id": i.lo_id,
                "nmls_id": i.loan_officer.nmls_id,
                "status": i.status,
                "responded_at": _iso(i.responded_at) or None,
                "pass_reason": i.pass_reason,
                "outcome": i.outcome,
                "outcome_at": _iso(i.outcome_at) or None,
                "explanation": i.decision.reason,
                "decision": {
                    "id": i.decision.id,
                    "at": _iso(i.decision.created_at),
                    "inputs": i.decision.inputs,
                    "record": i.decision.candidates,
                },
            },
        )
        for i in intros
    ]


def _keywords(session: Session, lo: datetime, hi: datetime) -> list[Record]:
    """STOP, START and HELP, each recorded by the bot's answer to it (always queued, even
    when the send is withheld), with the borrower's own words."""
    replies = session.execute(
        select(Message, Borrower.phone)
        .join(Borrower, Borrower.id == Message.borrower_id)
        .where(
            Message.direction == "out",
            Message.purpose.in_(KEYWORD_KINDS),
            Message.created_at >= lo,
            Message.created_at < hi,
        )
    ).all()
    out = []
    for reply, phone in replies:
        words = session.scalar(
            select(Message.body)
            .where(
                Message.direction == "in",
                Message.borrower_id == reply.borrower_id,
                Message.id < reply.id,
            )
            .order_by(Message.id.desc())
            .limit(1)
        )
        kind = KEYWORD_KINDS[reply.purpose or ""]
        out.append(
            Record(
                _iso(reply.created_at),
                kind,
                mask_phone(phone),
                "borrower",
                f"{kind.replace('_', '-')}: {words or ''}".strip(),
                {"words": words, "answer": reply.body, "answer_status": reply.status},
            )
        )
    return out


def _roster(session: Session, lo: datetime, hi: datetime) -> list[Record]:
    rows = session.scalars(
        select(RosterAudit).where(RosterAudit.at >= lo, RosterAudit.at < hi)
    ).all()
    return [
        Record(
            _iso(r.at),
            "roster_change",
            r.lo_id,
            r.actor,
            f"{r.action} {r.lo_id}" + (f" from {r.source}" if r.source else ""),
            {"action": r.action, "source": r.source, "before": r.before, "after": r.after},
        )
        for r in rows
    ]


def _deletions(session: Session, lo: datetime, hi: datetime) -> list[Record]:
    rows = session.scalars(
        select(DeletionRecord).where(DeletionRecord.at >= lo, DeletionRecord.at < hi)
    ).all()
    return [
        Record(
            _iso(d.at),
            "deletion",
            f"deletion {d.id}",
            d.requested_by,
            "a borrower's personal data was erased" + (f" ({d.reason})" if d.reason else ""),
            {"reason": d.reason, "erased": d.erased},
        )
        for d in rows
    ]


def to_json(rows: list[Record], start: date, end: date) -> str:
    return json.dumps(
        {"from": start.isoformat(), "to": end.isoformat(), "records": [asdict(r) for r in rows]},
        indent=2,
        ensure_ascii=False,
        default=str,
    )


def _cell(value: str) -> str:
    # A borrower's words open in a spreadsheet: never let one start a formula (OWASP).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def to_csv(rows: list[Record]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for r in rows:
        details = json.dumps(r.details, ensure_ascii=False, sort_keys=True, default=str)
        writer.writerow([_cell(v) for v in (r.at, r.kind, r.subject, r.actor, r.summary, details)])
    return buf.getvalue()
