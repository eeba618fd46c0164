"""Quiet hours where the phone is, too, and for the LO's texts through the relay: a text
the bot or an LO starts waits until it is inside the calling window both in the property's
state and in the phone's area code (the stricter wins)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from introductions.calling_hours import next_allowed_send
from storage.models import LoanOfficer, Message
from tests.signing import slack_event
from tests.unit.test_introduction_flow import Clock, accepted, lo_user, post, sms_to, text_bot, tick
from tests.unit.test_twilio_webhook import wait_for

FIVE_AM_IN_NEW_YORK = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phone", "state", "now", "expected"),
    [
        # A California number buying in New York: 8am Pacific, not 8am Eastern.
        ("+12135550100", "NY", FIVE_AM_IN_NEW_YORK, datetime(2026, 12, 4, 16, 0, tzinfo=UTC)),
        ("+12125550100", "NY", FIVE_AM_IN_NEW_YORK, datetime(2026, 12, 4, 13, 0, tzinfo=UTC)),
        # A number with no known place (555) follows the property's state.
        ("+15555550100", "NY", FIVE_AM_IN_NEW_YORK, datetime(2026, 12, 4, 13, 0, tzinfo=UTC)),
        # A Florida phone buying in New York at 8:30pm: Florida's window closed at 8pm.
        (
            "+13055550100",
            "NY",
            datetime(2026, 12, 4, 1, 30, tzinfo=UTC),
            datetime(2026, 12, 4, 13, 0, tzinfo=UTC),
        ),
        # A Hawaii phone buying in Texas at 10am Texas time (6am in Honolulu).
        (
            "+18085550100",
            "TX",
            datetime(2026, 12, 4, 16, 0, tzinfo=UTC),
            datetime(2026, 12, 4, 18, 0, tzinfo=UTC),
        ),
    ],
)
def test_the_stricter_of_the_state_and_the_phone_decides(phone, state, now, expected):
    assert next_allowed_send(now, state, phone) == expected


@pytest.fixture
def clock(wired) -> Clock:
    c = Clock(datetime(2026, 12, 2, 16, 0, tzinfo=UTC))
    wired.svc.clock = c
    with wired.svc.sessions.begin() as s:  # LOs always at work: only quiet hours matter
        for lo in s.scalars(select(LoanOfficer)):
            lo.working_hours = None
    return c


def held(wired, phone: str, purpose: str) -> Message:
    with wired.svc.sessions() as s:
        return s.scalars(
            select(Message).where(Message.address == phone, Message.purpose == purpose)
        ).one()


def lo_says(wired, intro, text: str, event_id: str) -> None:
    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": lo_user(wired, intro),
        "text": text,
        "ts": f"17000000{len(event_id)}.000100",
        "thread_ts": intro.slack_ts,
    }
    before = relayed(wired, intro.id)
    body, headers = slack_event(wired.svc.settings, event_id, event)
    assert post(wired, "/slack/events", body, headers) == 200
    # Bolt runs the listener after its ack: wait for the relayed row, then for its lane.
    wait_for(lambda: relayed(wired, intro.id) > before)
    wait_for(wired.svc.lanes.idle)


def relayed(wired, intro_id: int) -> int:
    with wired.svc.sessions() as s:
        return len(
            s.scalars(
                select(Message).where(
                    Message.introduction_id == intro_id, Message.purpose == "relay_to_borrower"
                )
            ).all()
        )


def test_a_warm_introduction_to_a_california_phone_waits_for_morning_in_california(wired, clock):
    phone = "+12135550921"
    clock.now = datetime(2026, 12, 2, 13, 30, tzinfo=UTC)  # 8:30am in New York, 5:30 in LA
    accepted(wired, phone, "NY")
    assert not any("NMLS" in b for b in sms_to(wired, phone))
    intro = held(wired, phone, "intro")
    assert intro.not_before == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # 8am Pacific


def test_an_los_text_at_night_waits_for_the_borrowers_morning_and_the_lo_is_told(wired, clock):
    phone = "+15125550922"
    intro = accepted(wired, phone)  # 10am in Texas: the warm introduction went out
    clock.now = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 10pm in Texas
    seq = len(wired.fakes.slack.calls.items)
    before = len(sms_to(wired, phone))
    lo_says(wired, intro, "Can I call you tomorrow?", "Ev0NIGHT1")
    assert len(sms_to(wired, phone)) == before
    relay = held(wired, phone, "relay_to_borrower")
    # 8am in all of Texas (El Paso is on Mountain time)
    assert relay.not_before == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    [note] = [
        c
        for c in wired.fakes.slack.calls.since(seq, method="chat.postMessage")
        if "Held" in c["args"]["text"]
    ]
    assert note["args"]["thread_ts"] == intro.slack_ts
    assert str(int(relay.not_before.timestamp())) in note["args"]["text"]
    clock.now = relay.not_before
    tick(wired)
    assert any("call you tomorrow" in b for b in sms_to(wired, phone))


def test_an_lo_answering_a_borrower_who_just_texted_is_not_held(wired, clock):
    phone = "+15125550923"
    intro = accepted(wired, phone)
    clock.now = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 10pm in Texas
    text_bot(wired, phone, "are you free tomorrow?", "SM" + "lt".ljust(32, "0"))
    clock.now += timedelta(minutes=10)
    lo_says(wired, intro, "Yes, 9am works", "Ev0NIGHT2")
    assert any("9am works" in b for b in sms_to(wired, phone))


def test_an_los_text_never_arrives_before_the_held_warm_introduction(wired, clock):
    phone = "+15125550924"
    clock.now = datetime(2026, 12, 3, 5, 0, tzinfo=UTC)  # 11pm in Texas
    intro = accepted(wired, phone)
    warm = held(wired, phone, "intro")
    clock.now += timedelta(minutes=5)
    text_bot(wired, phone, "hello? who is this", "SM" + "wi".ljust(32, "0"))
    clock.now += timedelta(minutes=5)
    lo_says(wired, intro, "Hi, it's your loan officer", "Ev0NIGHT3")  # the borrower just wrote
    assert not any("your loan officer" in b for b in sms_to(wired, phone))
    assert held(wired, phone, "relay_to_borrower").not_before >= warm.not_before
    clock.now = warm.not_before
    tick(wired)
    bodies = sms_to(wired, phone)
    first_intro = next(i for i, b in enumerate(bodies) if "NMLS" in b)
    first_relay = next(i for i, b in enumerate(bodies) if "your loan officer" in b)
    assert first_intro < first_relay
