"""No dead ends after a no-match: the borrower waits on a list (WAITLIST_DAYS, default 14) and
is offered again, with no text until an LO accepts, when an LO becomes licensed, available
or gets room. Real slack_sdk and twilio clients against the sandbox fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from introductions.handoff import handoff_settings, start_matching
from introductions.texts import ACCEPT, PASS
from runtime.outbox import deliver_pending
from runtime.settings import ConfigError, Settings
from storage.models import (
    Borrower,
    LoanOfficer,
    LoAvailability,
    MatchDecision,
    Qualification,
    WaitlistEntry,
)
from storage.roster import add_lo
from tests.signing import slack_command
from tests.unit.test_handoff import intro_of
from tests.unit.test_introduction_flow import (
    NOON,
    Clock,
    press,
    sms_to,
    text_bot,
    tick,
)

WA_LO = {
    "id": "wendy",
    "name": "Wendy Wu",
    "nmls_id": "900777",
    "phone": "+12065550177",
    "slack_user_id": "U0WENDY07",
    "timezone": "America/Los_Angeles",
    "licensed_states": ["WA"],
    "languages": ["en"],
    "products": ["conventional", "fha"],
    "max_active_intros": 3,
}


def start_clock(wired) -> Clock:
    """The test's own clock, from Wednesday noon UTC (daytime in every US zone)."""
    c = Clock(NOON)
    wired.svc.clock = c
    return c


@pytest.fixture
def clock(wired) -> Clock:
    return start_clock(wired)


def qualified_borrower(
    wired,
    state: str = "TX",
    phone: str = "+15125550142",
    language: str = "en",
    contact_time: str | None = None,
) -> int:
    """A borrower whose qualification ended as the dialogue ends it (completed, consented),
    then matching runs, as introductions/inbound.apply_turn does."""
    now = wired.svc.clock()
    with wired.svc.sessions.begin() as s:
        b = Borrower(phone=phone, language=language)
        b.qualification = Qualification(
            loan_purpose="purchase",
            property_state=state,
            price_usd=450_000,
            credit_band="680-739",
            timeline="1-3 months",
            first_name="Ana",
            contact_time=contact_time,
            consent=True,
            consent_at=now,
            completed_at=now,
        )
        s.add(b)
        s.flush()
        start_matching(s, b, now, handoff_settings(wired.svc))
        borrower_id = b.id
    deliver_pending(wired.svc)
    return borrower_id


def entry_of(wired, borrower_id: int) -> WaitlistEntry | None:
    with wired.svc.sessions() as s:
        return s.scalars(
            select(WaitlistEntry)
            .where(WaitlistEntry.borrower_id == borrower_id)
            .order_by(WaitlistEntry.id.desc())
        ).first()


def slash(wired, user: str, text: str) -> str:
    body, headers = slack_command(wired.svc.settings, user, text)
    with TestClient(wired.app) as client:
        r = client.post("/slack/commands", content=body, headers=headers)
    assert r.status_code == 200
    return r.text


def test_a_no_match_borrower_is_told_they_wait_14_days_and_is_offered_when_an_lo_is_licensed(
    wired, clock
):
    phone = "+12065550101"
    borrower_id = qualified_borrower(wired, state="WA", phone=phone)  # nobody licensed in WA
    assert intro_of(wired, borrower_id) is None
    [told] = sms_to(wired, phone)
    assert "waiting list for 14 days" in told and "LEAVE" in told
    entry = entry_of(wired, borrower_id)
    assert entry.status == "waiting" and entry.until == clock.now + timedelta(days=14)

    tick(wired)  # nothing changed: no offer, no text
    assert intro_of(wired, borrower_id) is None
    add_lo(wired.svc.sessions, WA_LO, by="manager")  # a roster change: now someone is licensed
    seq = len(wired.fakes.slack.calls.items)
    clock.now += timedelta(minutes=1)
    tick(wired)
    intro = intro_of(wired, borrower_id)
    assert intro is not None and intro.lo_id == "wendy" and intro.status == "offered"
    cards = wired.fakes.slack.calls.since(seq, method="chat.postMessage")
    assert [c["args"]["channel"] for c in cards] == ["U0WENDY07"]
    assert sms_to(wired, phone) == [told], "the borrower hears nothing until an LO accepts"
    assert entry_of(wired, borrower_id).status == "offered"

    press(wired, intro.id, ACCEPT, "U0WENDY07", until=lambda: len(sms_to(wired, phone)) == 2)
    assert "Wendy Wu" in sms_to(wired, phone)[-1]
    assert entry_of(wired, borrower_id).status == "matched"


def test_an_lo_switching_available_on_gets_the_waiting_borrower(wired, clock):
    with wired.svc.sessions.begin() as s:  # NY: only erin; she is paused from Slack
        s.add(LoAvailability(lo_id="erin", available=False))
    borrower_id = qualified_borrower(wired, state="NY", phone="+12125550102")
    assert entry_of(wired, borrower_id).status == "waiting"
    tick(wired)
    assert intro_of(wired, borrower_id) is None
    assert "available for" in slash(wired, "U0ERIN005", "available on")
    clock.now += timedelta(minutes=1)
    tick(wired)
    assert intro_of(wired, borrower_id).lo_id == "erin"


def test_room_freed_by_capacity_or_a_closing_introduction_offers_the_waiting_borrower(wired, clock):
    with wired.svc.sessions.begin() as s:
        s.get_one(LoanOfficer, "erin").max_active_intros = 1
    first = qualified_borrower(wired, state="NY", phone="+12125550103")
    first_intro = intro_of(wired, first)
    press(
        wired,
        first_intro.id,
        ACCEPT,
        "U0ERIN005",
        until=lambda: intro_of(wired, first).status == "introduced",
    )
    second = qualified_borrower(wired, state="NY", phone="+12125550104")
    third = qualified_borrower(wired, state="NY", phone="+12125550105")
    assert entry_of(wired, second).status == entry_of(wired, third).status == "waiting"
    tick(wired)
    assert "capacity is now 2" in slash(wired, "U0ERIN005", "capacity 2")
    clock.now += timedelta(minutes=1)
    tick(wired)
    assert intro_of(wired, second).status == "offered", "the longest-waiting borrower first"
    assert intro_of(wired, third) is None
    # The first introduction closes (lost): erin has room again for the third borrower.
    assert "lost" in slash(wired, "U0ERIN005", f"outcome {first_intro.id} lost")
    clock.now += timedelta(minutes=1)
    tick(wired)
    assert intro_of(wired, third).status == "offered"


def test_a_pass_on_a_waitlist_offer_puts_the_borrower_back_on_the_list_without_a_text(wired, clock):
    phone = "+12065550106"
    borrower_id = qualified_borrower(wired, state="WA", phone=phone)
    add_lo(wired.svc.sessions, WA_LO)
    tick(wired)
    intro = intro_of(wired, borrower_id)
    before = sms_to(wired, phone)
    press(
        wired,
        intro.id,
        PASS,
        "U0WENDY07",
        until=lambda: intro_of(wired, borrower_id).status == "passed",
    )
    assert entry_of(wired, borrower_id).status == "waiting"
    assert sms_to(wired, phone) == before


def test_the_borrower_on_the_list_hears_where_they_stand_and_can_leave_it(wired, clock):
    phone = "+12065550107"
    borrower_id = qualified_borrower(wired, state="WA", phone=phone)
    text_bot(wired, phone, "any news?", "SM" + "w1".ljust(32, "0"))
    assert "on our waiting list until Wed Dec 16." in sms_to(wired, phone)[-1]
    text_bot(wired, phone, "LEAVE", "SM" + "w2".ljust(32, "0"))
    assert "off the waiting list" in sms_to(wired, phone)[-1]
    assert entry_of(wired, borrower_id).status == "left"
    add_lo(wired.svc.sessions, WA_LO)
    tick(wired)
    assert intro_of(wired, borrower_id) is None, "nobody is offered who left the list"


def test_the_list_ends_after_its_days_and_the_borrower_can_ask_again(wired, clock):
    phone = "+12065550108"
    borrower_id = qualified_borrower(wired, state="WA", phone=phone)
    clock.now += timedelta(days=14, minutes=1)
    tick(wired)
    assert entry_of(wired, borrower_id).status == "expired"
    add_lo(wired.svc.sessions, WA_LO)
    tick(wired)
    assert intro_of(wired, borrower_id) is None
    text_bot(wired, phone, "hello?", "SM" + "w3".ljust(32, "0"))
    assert "waiting list ended" in sms_to(wired, phone)[-1] and "YES" in sms_to(wired, phone)[-1]
    text_bot(wired, phone, "yes", "SM" + "w4".ljust(32, "0"))
    assert intro_of(wired, borrower_id).lo_id == "wendy"
    assert "found a licensed loan officer" in sms_to(wired, phone)[-1]


def test_waitlist_days_is_a_setting():
    env = {
        "PUBLIC_BASE_URL": "https://mm.example.com",
        "TWILIO_ACCOUNT_SID": "AC1",
        "TWILIO_AUTH_TOKEN": "t",
        "TWILIO_FROM_NUMBER": "+15555550100",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "RASA_URL": "http://127.0.0.1:5005",
        "DASHBOARD_TOKEN": "x" * 20,
    }
    assert Settings.from_env(env).waitlist_days == 14
    assert Settings.from_env(env | {"WAITLIST_DAYS": "7"}).waitlist_days == 7
    with pytest.raises(ConfigError, match="WAITLIST_DAYS"):
        Settings.from_env(env | {"WAITLIST_DAYS": "two weeks"})
    with pytest.raises(ConfigError, match="TWILIO_GROUP_CONVERSATIONS"):
        Settings.from_env(env | {"TWILIO_GROUP_CONVERSATIONS": "1"})


def test_a_borrower_who_opts_out_leaves_the_list_and_is_never_offered(wired, clock):
    phone = "+12065550109"
    borrower_id = qualified_borrower(wired, state="WA", phone=phone)
    text_bot(wired, phone, "STOP", "SM" + "w5".ljust(32, "0"))
    add_lo(wired.svc.sessions, WA_LO)
    tick(wired)
    assert intro_of(wired, borrower_id) is None
    assert entry_of(wired, borrower_id).status == "left"


def test_a_sweep_with_nobody_free_asks_the_matcher_nothing_and_records_nothing(wired, clock):
    borrower_id = qualified_borrower(wired, state="WA", phone="+12065550110")

    def decisions() -> int:
        with wired.svc.sessions() as s:
            return len(
                s.scalars(
                    select(MatchDecision).where(MatchDecision.borrower_id == borrower_id)
                ).all()
            )

    before = decisions()
    for _ in range(3):  # each past the 15 minutes after which the list is tried anyway
        clock.now += timedelta(minutes=16)
        tick(wired)
    assert decisions() == before == 1


def test_a_sweep_that_loses_a_race_for_a_borrower_is_retried_not_crashed(wired, clock, monkeypatch):
    """Another transaction may give a waiting borrower a live introduction between the
    sweep's check and its insert; the one-live-introduction index refuses the second. The
    timers' tick goes on, and the next sweep offers again."""
    from sqlalchemy.exc import IntegrityError

    import introductions.next_steps as next_steps

    borrower_id = qualified_borrower(wired, state="WA", phone="+12065550120")
    add_lo(wired.svc.sessions, WA_LO, by="manager")
    offer_next = next_steps.offer_next

    def lose_the_race(*args, **kwargs):
        raise IntegrityError("INSERT INTO introductions", {}, Exception("UNIQUE constraint"))

    monkeypatch.setattr(next_steps, "offer_next", lose_the_race)
    clock.now += timedelta(minutes=1)
    tick(wired)  # no exception out of the tick
    assert intro_of(wired, borrower_id) is None and entry_of(wired, borrower_id).status == "waiting"
    monkeypatch.setattr(next_steps, "offer_next", offer_next)
    clock.now += timedelta(minutes=1)
    tick(wired)
    intro = intro_of(wired, borrower_id)
    assert intro is not None and intro.lo_id == "wendy" and intro.status == "offered"
