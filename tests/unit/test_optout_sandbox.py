"""The sandbox's timeline shows an opt-out's effects: the withdrawn offer, the cancelled
held text, the opted-out state."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from sandbox.app import Sandbox
from storage.models import LoanOfficer
from tests.conftest import BOT_NUMBER
from tests.unit.test_handoff import qualified_borrower
from tests.unit.test_introduction_flow import Clock, accepted, text_bot
from tests.unit.test_quiet_hours_phone import lo_says


def titles(wired, phone: str) -> tuple[str, list[str]]:
    timeline = Sandbox(wired.svc, wired.fakes, BOT_NUMBER).timeline(phone)
    return timeline["state"], [e["title"] for e in timeline["events"]]


def test_a_stop_during_an_open_offer_shows_the_offer_withdrawn(wired):
    wired.svc.clock = Clock(datetime(2026, 12, 2, 16, 0, tzinfo=UTC))
    phone = "+15125550951"
    qualified_borrower(wired, phone=phone)
    text_bot(wired, phone, "STOP", "SM" + "sb1".ljust(32, "0"))
    state, events = titles(wired, phone)
    assert state == "opted_out"
    assert any(t.startswith("Offer to") and t.endswith("withdrawn") for t in events)
    assert "Opted out (STOP)" in events


def test_a_held_text_cancelled_by_a_stop_is_shown_cancelled_not_sent(wired):
    wired.svc.clock = Clock(datetime(2026, 12, 3, 5, 0, tzinfo=UTC))  # 11pm in Texas
    with wired.svc.sessions.begin() as s:
        for lo in s.scalars(select(LoanOfficer)):
            lo.working_hours = None
    phone = "+15125550952"
    accepted(wired, phone)
    _, before = titles(wired, phone)
    assert "Text held for the borrower's calling hours" in before
    text_bot(wired, phone, "STOP", "SM" + "sb2".ljust(32, "0"))
    _, after = titles(wired, phone)
    assert "Text cancelled: the borrower opted out" in after
    assert "Held text sent" not in after
    assert "Text held for the borrower's calling hours" not in after


def test_an_los_text_held_for_the_borrowers_calling_hours_is_shown_held(wired):
    clock = Clock(datetime(2026, 12, 2, 16, 0, tzinfo=UTC))
    wired.svc.clock = clock
    phone = "+15125550953"
    intro = accepted(wired, phone)
    clock.now = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 10pm in Texas
    lo_says(wired, intro, "Can I call you tomorrow?", "Ev0SANDBOX1")
    _, events = titles(wired, phone)
    assert "LO's text held for the borrower's calling hours" in events
