"""The waiting list on the real PostgreSQL: one open place per borrower (a partial unique
index), and two timers sweeping at once never offer a borrower twice or overrun an LO."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from introductions.handoff import HandoffSettings, start_matching
from introductions.next_steps import offer_waitlisted
from storage.models import Borrower, Introduction, Qualification, WaitlistEntry
from storage.roster import add_lo
from tests.conftest import ROOT, fresh_schema, migrated

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 2, 19, 0, tzinfo=UTC)  # a Wednesday, daytime in every US zone
CFG = HandoffSettings(offer_sla=timedelta(minutes=5))


@pytest.fixture
def sessions() -> Iterator[sessionmaker[Session]]:
    with fresh_schema("mm_waitlist") as url:
        made = migrated(url, ROOT / "roster.example.yml")
        yield made
        made.kw["bind"].dispose()


def waitlisted(sessions: sessionmaker[Session], phone: str, at: datetime) -> int:
    with sessions.begin() as s:
        b = Borrower(phone=phone)
        b.qualification = Qualification(
            loan_purpose="purchase", property_state="WA", price_usd=400_000,
            credit_band="740+", timeline="now", first_name="Sam", consent=True,
            consent_at=at, completed_at=at,
        )  # fmt: skip
        s.add(b)
        s.flush()
        start_matching(s, b, at, CFG)  # nobody is licensed in WA: onto the list
        return b.id


def test_postgres_keeps_one_open_place_per_borrower(sessions):
    borrower_id = waitlisted(sessions, "+12065550201", NOW)
    with pytest.raises(IntegrityError), sessions.begin() as s:
        s.add(WaitlistEntry(borrower_id=borrower_id, joined_at=NOW, until=NOW))
    with sessions.begin() as s:  # once the place has ended, a new one may open
        s.scalars(select(WaitlistEntry)).one().status = "left"
        s.add(WaitlistEntry(borrower_id=borrower_id, joined_at=NOW, until=NOW))


def test_two_sweeps_at_once_offer_each_borrower_once_and_fill_the_lo_exactly(sessions):
    ids = [waitlisted(sessions, f"+1206555030{i}", NOW + timedelta(seconds=i)) for i in range(5)]
    add_lo(
        sessions,
        {
            "id": "wendy", "name": "Wendy Wu", "nmls_id": "900777", "phone": "+12065550177",
            "slack_user_id": "U0WENDY07", "timezone": "America/Los_Angeles",
            "licensed_states": ["WA"], "languages": ["en"], "products": ["conventional"],
            "max_active_intros": 3,
        },
        by="test",
    )  # fmt: skip
    later = NOW + timedelta(minutes=1)

    def sweep() -> int:
        with sessions.begin() as s:
            return offer_waitlisted(s, later, CFG)

    with ThreadPoolExecutor(2) as pool:
        made = [f.result() for f in [pool.submit(sweep), pool.submit(sweep)]]
    with sessions() as s:
        live = s.execute(
            select(Introduction.borrower_id, func.count())
            .where(Introduction.status == "offered")
            .group_by(Introduction.borrower_id)
        ).all()
        places = dict(s.execute(select(WaitlistEntry.borrower_id, WaitlistEntry.status)).all())
    assert sum(made) == len(live) == 3, made
    assert all(n == 1 for _, n in live)
    assert sorted(b for b, _ in live) == ids[:3], "the longest-waiting first"
    assert [places[i] for i in ids] == ["offered"] * 3 + ["waiting"] * 2
