"""The durable truth: borrowers, qualifications, loan officers, introductions, messages.

Exclusivity lives here, not only in Python: a partial unique index allows at most one live
introduction per borrower on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from vocabulary import INTRO_STATUSES, OUTCOMES
from vocabulary import LIVE_INTRO_STATUSES as LIVE_INTRO_STATUSES  # matching/store.py reads it


def _sql_in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_LIVE_SQL = _sql_in("status", LIVE_INTRO_STATUSES)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON}


class Borrower(Base):
    __tablename__ = "borrowers"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)  # E.164
    language: Mapped[str] = mapped_column(String(2), default="en")
    opted_out_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A Spanish-speaking borrower's answer to "is an English-speaking LO fine?" (None: not
    # asked yet); introductions/handoff.py asks before an offer goes to such an LO.
    english_ok: Mapped[bool | None]

    qualification: Mapped[Qualification | None] = relationship(back_populates="borrower")


class Qualification(Base):
    """The slots of the qualification contract, as Rasa last reported them."""

    __tablename__ = "qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"), unique=True)
    loan_purpose: Mapped[str | None] = mapped_column(String(32))
    property_state: Mapped[str | None] = mapped_column(String(2))
    property_zip: Mapped[str | None] = mapped_column(String(5))
    price_usd: Mapped[int | None]
    credit_band: Mapped[str | None] = mapped_column(String(16))
    timeline: Mapped[str | None] = mapped_column(String(16))
    first_time_buyer: Mapped[bool | None]
    va_eligible: Mapped[bool | None]
    occupancy: Mapped[str | None] = mapped_column(String(16))
    self_employed: Mapped[bool | None]
    first_name: Mapped[str | None] = mapped_column(String(64))
    contact_time: Mapped[str | None] = mapped_column(String(200))
    # Outside the slot contract: a product named by the borrower, required by the matcher.
    requested_product: Mapped[str | None] = mapped_column(String(32))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_text: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    borrower: Mapped[Borrower] = relationship(back_populates="qualification")


class LoanOfficer(Base):
    __tablename__ = "loan_officers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    nmls_id: Mapped[str] = mapped_column(String(12), unique=True)
    phone: Mapped[str] = mapped_column(String(16))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    products: Mapped[list[str]] = mapped_column(JSON, default=list)
    max_active_intros: Mapped[int] = mapped_column(Integer)
    working_hours: Mapped[dict[str, Any] | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # What the matcher's score reads (all optional; None or empty means "no preference").
    price_min_usd: Mapped[int | None]
    price_max_usd: Mapped[int | None]
    credit_bands: Mapped[list[str] | None] = mapped_column(JSON)
    zip_prefixes: Mapped[list[str] | None] = mapped_column(JSON)  # metro / ZIP preference
    daily_cap: Mapped[int | None]  # new offers per day in the LO's timezone
    team: Mapped[str | None] = mapped_column(String(64))  # the dashboard's team filter

    licenses: Mapped[list[License]] = relationship(
        back_populates="loan_officer", cascade="all, delete-orphan", order_by="License.state"
    )

    __table_args__ = (CheckConstraint("max_active_intros >= 0", name="capacity_non_negative"),)

    @property
    def licensed_states(self) -> list[str]:
        return [lic.state for lic in self.licenses]


class License(Base):
    __tablename__ = "licenses"

    lo_id: Mapped[str] = mapped_column(
        ForeignKey("loan_officers.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(2), primary_key=True)

    loan_officer: Mapped[LoanOfficer] = relationship(back_populates="licenses")

    __table_args__ = (Index("ix_licenses_state", "state"),)


class MatchDecision(Base):
    """Why one LO (or nobody) was chosen: inputs, candidates, reasons."""

    __tablename__ = "match_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"))
    chosen_lo_id: Mapped[str | None] = mapped_column(ForeignKey("loan_officers.id"))
    inputs: Mapped[dict[str, Any]]
    candidates: Mapped[dict[str, Any]]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Introduction(Base):
    __tablename__ = "introductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"))
    lo_id: Mapped[str] = mapped_column(ForeignKey("loan_officers.id"))
    decision_id: Mapped[int] = mapped_column(ForeignKey("match_decisions.id"))
    status: Mapped[str] = mapped_column(String(16), default="offered")
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime]
    responded_at: Mapped[datetime | None]
    pass_reason: Mapped[str | None] = mapped_column(Text)
    slack_channel: Mapped[str | None] = mapped_column(String(32))
    slack_ts: Mapped[str | None] = mapped_column(String(32))
    snoozed: Mapped[bool] = mapped_column(Boolean, default=False)
    check_backs_missed: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(32))
    outcome_note: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]
    # Unused since group mode was removed; kept because dropping it rebuilds the table on
    # SQLite, which would drop the capacity triggers (migration 0002).
    group_sid: Mapped[str | None] = mapped_column(String(64))

    borrower: Mapped[Borrower] = relationship()
    loan_officer: Mapped[LoanOfficer] = relationship()
    decision: Mapped[MatchDecision] = relationship()

    __table_args__ = (
        CheckConstraint(_sql_in("status", INTRO_STATUSES), name="status_known"),
        # One borrower, one LO: never two live introductions for a borrower.
        Index(
            "uq_introductions_live_borrower",
            "borrower_id",
            unique=True,
            sqlite_where=text(_LIVE_SQL),
            postgresql_where=text(_LIVE_SQL),
        ),
        Index("ix_introductions_lo_status", "lo_id", "status"),
    )


class Message(Base):
    """Every inbound and outbound message. Outbound rows in status 'queued' are the outbox."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    channel: Mapped[str] = mapped_column(String(8))  # sms | slack
    borrower_id: Mapped[int | None] = mapped_column(ForeignKey("borrowers.id"))
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introductions.id"))
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    address: Mapped[str] = mapped_column(String(64))  # the phone or Slack channel at the far end
    body: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any] | None]  # Slack API call for outbound Slack messages
    purpose: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12))  # received|processed|queued|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime | None]  # quiet hours or retry backoff: wait until then
    claimed_at: Mapped[datetime | None]  # a sender's lease on a 'sending' row (crash recovery)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction_known"),
        Index("ix_messages_outbox", "direction", "status"),
    )


class ScheduledJob(Base):
    """A durable timer: the worker runs it once at or after `due_at`, surviving restarts."""

    __tablename__ = "scheduled_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # check_back | ...
    due_at: Mapped[datetime]
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introductions.id"))
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending|done|cancelled
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_scheduled_jobs_due", "status", "due_at"),)


WAITLIST_OPEN = ("waiting", "offered")


class WaitlistEntry(Base):
    """A borrower nobody could take, kept (for `until`) until an LO with room says yes.

    waiting -> offered (an offer made from the list is open) -> matched (an LO accepted);
    or expired (the time ran out) or left (the borrower asked to come off the list).
    """

    __tablename__ = "waitlist"

    id: Mapped[int] = mapped_column(primary_key=True)
    borrower_id: Mapped[int] = mapped_column(ForeignKey("borrowers.id"))
    status: Mapped[str] = mapped_column(String(12), default="waiting")
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    until: Mapped[datetime]
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introductions.id"))
    ended_at: Mapped[datetime | None]

    borrower: Mapped[Borrower] = relationship()

    __table_args__ = (
        CheckConstraint(
            _sql_in("status", (*WAITLIST_OPEN, "matched", "expired", "left")),
            name="status_known",
        ),
        # One open place on the list per borrower.
        Index(
            "uq_waitlist_open_borrower",
            "borrower_id",
            unique=True,
            sqlite_where=text(_sql_in("status", WAITLIST_OPEN)),
            postgresql_where=text(_sql_in("status", WAITLIST_OPEN)),
        ),
    )


class LoAvailability(Base):
    """The LO's own on/off switch from Slack, apart from the roster's `active`."""

    __tablename__ = "lo_availability"

    lo_id: Mapped[str] = mapped_column(
        ForeignKey("loan_officers.id", ondelete="CASCADE"), primary_key=True
    )
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class IntroOutcome(Base):
    """What happened after an introduction, as the LO or the borrower reported it."""

    __tablename__ = "intro_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(ForeignKey("introductions.id"), index=True)
    lo_id: Mapped[str] = mapped_column(ForeignKey("loan_officers.id", ondelete="CASCADE"))
    outcome: Mapped[str] = mapped_column(String(16))
    segment: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint(_sql_in("outcome", OUTCOMES), name="outcome_known"),)


class LoWeight(Base):
    """The matcher's learned logistic weights (matching.bayes): one Gaussian per owner and
    feature. `owner` is an LO id, or '*' for the population effects every LO shares; a
    weight with no row is still at its prior."""

    __tablename__ = "lo_weights"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    feature: Mapped[str] = mapped_column(String(64), primary_key=True)
    mean: Mapped[float] = mapped_column(Float)
    var: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LoSegmentStat(Base):
    """Learned conversion per LO and borrower segment ('*' is the LO overall).

    successes / failures are observed counts; the prior is added when they are read, so it
    can change without rewriting history.
    """

    __tablename__ = "lo_segment_stats"

    lo_id: Mapped[str] = mapped_column(
        ForeignKey("loan_officers.id", ondelete="CASCADE"), primary_key=True
    )
    segment: Mapped[str] = mapped_column(String(80), primary_key=True)
    successes: Mapped[float] = mapped_column(Float, default=0.0)
    failures: Mapped[float] = mapped_column(Float, default=0.0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RosterAudit(Base):
    """Every roster change: who, when, what (the LO's roster fields before and after).

    No foreign key to the LO, so the history outlives the row it describes.
    """

    __tablename__ = "roster_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))  # the OS user or `--by`
    action: Mapped[str] = mapped_column(String(16))  # import|add|pause|resume|licenses
    lo_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(255))  # the imported file's name
    before: Mapped[dict[str, Any] | None]  # None: the LO was created
    after: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_roster_audit_lo_id_at", "lo_id", "at"),)


class DeletionRecord(Base):
    """A borrower's data was erased (`mm borrower forget`): who asked, when, what went.

    Holds no phone number or name: `phone_hash` is the keyed hash of storage.privacy, so a
    later request about the same number can be matched without keeping the number.
    """

    __tablename__ = "deletion_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    erased: Mapped[dict[str, Any]]  # rows and keys removed, by kind


class OptOutHash(Base):
    """A forgotten borrower's opt-out, kept as the keyed hash of their number only: a new
    conversation from that number starts opted out, and no text is sent to it until START."""

    __tablename__ = "opt_out_hashes"

    phone_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    opted_out_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """An event for the CRM (runtime.crm): an outbox of its own, signed when sent."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    event: Mapped[str] = mapped_column(String(32))
    introduction_id: Mapped[int | None] = mapped_column(Integer)  # no FK: outlives a forget
    payload: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(12), default="queued")  # queued|sending|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_webhook_deliveries_status", "status", "not_before"),)
