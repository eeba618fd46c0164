"""The dashboard's numbers: plain SQL over the durable tables, one function per figure.

Every figure is filtered by the day an offer was made (UTC, both ends included) and,
optionally, by the LO's roster `team`. No borrower PII leaves this module: borrowers are only
counted, never named or listed. Definitions (shown on the page too):

- offers: introductions offered to an LO (each try counts: a pass or timeout re-offers);
- accepted: offers the LO accepted (status introduced, or closed after being introduced);
- accept rate: accepted / offers the LO answered or let time out (accepted + passed + expired);
- time to accept: minutes from offer to Accept (median and mean);
- converted: accepted introductions whose latest outcome is application, locked or funded;
- waiting: borrowers whose offer is open right now (not limited by the dates);
- opt-outs: borrowers who texted STOP in the period (not limited by team);
- no match: decisions in the period where no licensed LO was available (not limited by team);
- by language: per borrower language, conversions per borrower offered, and the Spanish /
  English ratio of it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from storage.models import Borrower, Introduction, LoanOfficer, MatchDecision, Qualification

ACCEPTED = ("introduced", "closed")
CONVERTED = ("application", "locked", "funded")
ANSWERED = ("introduced", "closed", "passed", "expired")


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    team: str | None = None

    @classmethod
    def last_days(cls, today: date, days: int = 30, team: str | None = None) -> Filters:
        return cls(today - timedelta(days=days - 1), today, team)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min, UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time.min, UTC)


def _offers(f: Filters) -> ColumnElement[bool]:
    """Introductions offered in the period, to LOs of the team when one is chosen."""
    cond = and_(Introduction.offered_at >= f.since, Introduction.offered_at < f.until)
    if f.team is not None:
        in_team = select(LoanOfficer.id).where(LoanOfficer.team == f.team)
        cond = and_(cond, Introduction.lo_id.in_(in_team))
    return cond


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _day(session: Session, column: Any) -> Any:
    """The UTC calendar day of a timestamp, as 'YYYY-MM-DD' text."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column)


def _minutes_between(session: Session, start: Any, end: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start) / 60.0
    return (func.julianday(end) - func.julianday(start)) * 1440.0


def _counts() -> list[Any]:
    status, outcome = Introduction.status, Introduction.outcome
    return [
        func.count(Introduction.id).label("offers"),
        _count_if(status.in_(ACCEPTED)).label("accepted"),
        _count_if(status == "passed").label("passed"),
        _count_if(status == "expired").label("expired"),
        _count_if(status == "offered").label("open"),
        _count_if(and_(status.in_(ACCEPTED), outcome.in_(CONVERTED))).label("converted"),
    ]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def totals(session: Session, f: Filters) -> dict[str, Any]:
    row = session.execute(select(*_counts()).where(_offers(f))).one()
    offers, accepted, passed, expired, open_, converted = (int(v) for v in row)
    minutes = [
        float(m)
        for m in session.scalars(
            select(_minutes_between(session, Introduction.offered_at, Introduction.responded_at))
            .where(_offers(f), Introduction.status.in_(ACCEPTED))
            .where(Introduction.responded_at.is_not(None))
        )
    ]
    return {
        "offers": offers,
        "accepted": accepted,
        "passed": passed,
        "expired": expired,
        "open": open_,
        "converted": converted,
        "accept_rate": _rate(accepted, accepted + passed + expired),
        "conversion_rate": _rate(converted, accepted),
        "median_minutes_to_accept": round(statistics.median(minutes), 1) if minutes else None,
        "mean_minutes_to_accept": round(statistics.fmean(minutes), 1) if minutes else None,
        "waiting": waiting(session, f.team),
        "opt_outs": opt_outs(session, f),
        "no_match": no_match(session, f),
    }


def waiting(session: Session, team: str | None = None) -> int:
    """Borrowers whose offer is open now, waiting for an LO to answer."""
    query = select(func.count(func.distinct(Introduction.borrower_id))).where(
        Introduction.status == "offered"
    )
    if team is not None:
        query = query.join(LoanOfficer, LoanOfficer.id == Introduction.lo_id).where(
            LoanOfficer.team == team
        )
    return int(session.scalar(query) or 0)


def opt_outs(session: Session, f: Filters) -> int:
    return int(
        session.scalar(
            select(func.count(Borrower.id)).where(
                Borrower.opted_out_at >= f.since, Borrower.opted_out_at < f.until
            )
        )
        or 0
    )


def no_match(session: Session, f: Filters) -> int:
    return int(
        session.scalar(
            select(func.count(MatchDecision.id)).where(
                MatchDecision.chosen_lo_id.is_(None),
                MatchDecision.created_at >= f.since,
                MatchDecision.created_at < f.until,
            )
        )
        or 0
    )


def per_day(session: Session, f: Filters) -> list[dict[str, Any]]:
    """Offers and acceptances per UTC day, every day of the period (zeros included)."""
    day = _day(session, Introduction.offered_at)
    query: Select[Any] = (
        select(day.label("day"), *_counts()[:2]).where(_offers(f)).group_by(day).order_by(day)
    )
    found = {str(d): (int(o), int(a)) for d, o, a in session.execute(query)}
    out = []
    current = f.start
    while current <= f.end:
        offers, accepted = found.get(current.isoformat(), (0, 0))
        out.append({"day": current.isoformat(), "offers": offers, "accepted": accepted})
        current += timedelta(days=1)
    return out


def by_lo(session: Session, f: Filters) -> list[dict[str, Any]]:
    """Per LO: offers, share of all offers, acceptances, conversions, median speed."""
    query = (
        select(LoanOfficer.id, LoanOfficer.name, LoanOfficer.team, *_counts())
        .join(Introduction, Introduction.lo_id == LoanOfficer.id)
        .where(_offers(f))
        .group_by(LoanOfficer.id, LoanOfficer.name, LoanOfficer.team)
        .order_by(func.count(Introduction.id).desc(), LoanOfficer.id)
    )
    rows = session.execute(query).all()
    total = sum(int(r.offers) for r in rows)
    return [
        {
            "lo_id": r.id,
            "name": r.name,
            "team": r.team,
            "offers": int(r.offers),
            "share": _rate(int(r.offers), total),
            "accepted": int(r.accepted),
            "converted": int(r.converted),
            "accept_rate": _rate(int(r.accepted), int(r.accepted + r.passed + r.expired)),
            "conversion_rate": _rate(int(r.converted), int(r.accepted)),
        }
        for r in rows
    ]


def by_segment(session: Session, f: Filters) -> list[dict[str, Any]]:
    """Per loan purpose (the segment an operator reads first): offers, accepted, converted."""
    segment = func.coalesce(Qualification.loan_purpose, "unknown")
    query = (
        select(segment.label("segment"), *_counts())
        .select_from(Introduction)
        .join(Qualification, Qualification.borrower_id == Introduction.borrower_id, isouter=True)
        .where(_offers(f))
        .group_by(segment)
        .order_by(segment)
    )
    return [
        {
            "segment": r.segment,
            "offers": int(r.offers),
            "accepted": int(r.accepted),
            "converted": int(r.converted),
            "conversion_rate": _rate(int(r.converted), int(r.accepted)),
        }
        for r in session.execute(query)
    ]


def by_language(session: Session, f: Filters) -> dict[str, Any]:
    """Per borrower language: borrowers offered to an LO, accepted introductions and
    conversions, and the Spanish / English ratio of conversions per borrower offered (a
    disparate-impact check: below 0.8 deserves a look)."""
    query = (
        select(
            Borrower.language,
            func.count(func.distinct(Introduction.borrower_id)).label("borrowers"),
            *_counts(),
        )
        .select_from(Introduction)
        .join(Borrower, Borrower.id == Introduction.borrower_id)
        .where(_offers(f))
        .group_by(Borrower.language)
        .order_by(Borrower.language)
    )
    rows = [
        {
            "language": r.language,
            "borrowers": int(r.borrowers),
            "accepted": int(r.accepted),
            "converted": int(r.converted),
            "intro_rate": _rate(int(r.accepted), int(r.accepted + r.passed + r.expired)),
            "conversion_rate": _rate(int(r.converted), int(r.accepted)),
            "converted_per_borrower": _rate(int(r.converted), int(r.borrowers)),
        }
        for r in session.execute(query)
    ]
    per = {r["language"]: r["converted_per_borrower"] for r in rows}
    ratio = per["es"] / per["en"] if per.get("en") and per.get("es") is not None else None
    return {"rows": rows, "es_en_ratio": None if ratio is None else round(ratio, 3)}


def teams(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(LoanOfficer.team)
            .where(LoanOfficer.team.is_not(None))
            .distinct()
            .order_by(LoanOfficer.team)
        )
    )


def report(session: Session, f: Filters) -> dict[str, Any]:
    """Everything the dashboard page shows, as one JSON-ready dict."""
    return {
        "filters": {"from": f.start.isoformat(), "to": f.end.isoformat(), "team": f.team},
        "teams": teams(session),
        "totals": totals(session, f),
        "per_day": per_day(session, f),
        "by_lo": by_lo(session, f),
        "by_segment": by_segment(session, f),
        "by_language": by_language(session, f),
    }
