"""A STOP and the LO's Accept at the same moment, on the real PostgreSQL: the row lock
orders them, and either way nothing is revealed or texted after the opt-out."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from introductions.handoff import accept, handoff_settings, start_matching
from introductions.inbound import process_inbound
from runtime.outbox import deliver_pending
from runtime.services import Services
from storage.models import Borrower, Introduction, LoanOfficer, Message, Qualification
from tests.conftest import sandbox_settings

pytestmark = pytest.mark.integration
NOON = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # 10am in Texas


@pytest.fixture
def svc(fakes, postgres_url, pg_sessions) -> Iterator[Services]:
    services = Services.build(
        sandbox_settings(fakes, postgres_url, rasa_url="http://127.0.0.1:9"), migrate=False
    )
    services.clock = lambda: NOON
    with services.sessions.begin() as s:  # everyone at work: only the race matters
        for lo in s.scalars(select(LoanOfficer)):
            lo.working_hours = None
    yield services
    services.close()


def offered(svc: Services, phone: str) -> tuple[int, int, str]:
    with svc.sessions.begin() as s:
        b = Borrower(phone=phone, language="en")
        b.qualification = Qualification(
            loan_purpose="purchase", property_state="TX", first_name="Ana", consent=True
        )
        s.add(b)
        s.flush()
        start_matching(s, b, NOON, handoff_settings(svc))
        intro = s.scalars(select(Introduction).where(Introduction.borrower_id == b.id)).one()
        user = intro.loan_officer.slack_user_id
        stop = Message(
            direction="in", channel="sms", borrower_id=b.id, address=phone, body="STOP",
            status="received", provider_sid=f"SMrace{phone[-6:]}",
        )  # fmt: skip
        s.add(stop)
        s.flush()
        ids = (intro.id, stop.id)
    deliver_pending(svc)
    return ids[0], ids[1], user


def test_stop_and_accept_racing_never_reveal_or_text_after_the_opt_out(svc, fakes):
    orders = []
    for n in range(6):
        phone = f"+151255597{n:02d}"
        intro_id, stop_id, user = offered(svc, phone)
        barrier = threading.Barrier(2)

        def click(barrier=barrier, intro_id=intro_id, user=user) -> None:
            barrier.wait()
            with svc.sessions.begin() as s:
                accept(s, intro_id, user, NOON, handoff_settings(svc))

        def stop(barrier=barrier, stop_id=stop_id) -> None:
            barrier.wait()
            process_inbound(svc, stop_id)

        threads = [threading.Thread(target=click), threading.Thread(target=stop)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        deliver_pending(svc)

        with svc.sessions() as s:
            intro = s.get_one(Introduction, intro_id)
            purposes = set(
                s.scalars(select(Message.purpose).where(Message.introduction_id == intro_id))
            )
            status = intro.status
            intro.status = "closed"  # frees the LO's slot for the next round
            s.commit()
        texted = [m["body"] for m in fakes.twilio.messages.since(0, to=phone)]
        assert not any("NMLS" in b for b in texted), "no introduction text after the STOP"
        assert status in ("withdrawn", "introduced")
        orders.append(status)
        if status == "withdrawn":  # the STOP went first: Accept found nothing open
            assert "borrower_details" not in purposes
        else:  # Accept went first: the LO is told in the thread the bot carries no more
            assert "opted_out_note" in purposes
    print("who went first:", orders)
