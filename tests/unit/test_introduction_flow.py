"""The warm introduction after the offer: timeouts, snooze, relay, check-backs, quiet hours,
outcomes and `/mm`, all through signed Slack and Twilio requests against the fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from introductions.texts import ACCEPT, OUTCOME_ACTION, SNOOZE
from storage.models import Introduction, LoanOfficer, LoAvailability, Message
from tests.signing import slack_click, slack_command, slack_event, twilio_form
from tests.unit.test_handoff import intro_of, qualified_borrower
from tests.unit.test_twilio_webhook import wait_for

# 15:00 UTC on a Wednesday: 10am in Texas, inside everyone's quiet-hours window.
NOON = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(wired) -> Clock:
    c = Clock(NOON)
    wired.svc.clock = c
    return c


def lo_user(wired, intro: Introduction) -> str:
    with wired.svc.sessions() as s:
        return s.get_one(Introduction, intro.id).loan_officer.slack_user_id


def post(wired, path: str, body: str, headers: dict[str, str]) -> int:
    with TestClient(wired.app) as client:
        return client.post(path, content=body, headers=headers).status_code


def press(wired, intro_id: int | str, action: str, user: str, until) -> None:
    body, headers = slack_click(wired.svc.settings, intro_id, action, user)
    assert post(wired, "/slack/actions", body, headers) == 200
    wait_for(lambda: wired.svc.lanes.idle() and until())


def text_bot(wired, phone: str, body: str, sid: str) -> None:
    params, headers = twilio_form(wired.svc.settings, sid, body, phone=phone)
    with TestClient(wired.app) as client:
        assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
    wait_for(wired.svc.lanes.idle)


def sms_to(wired, phone: str) -> list[str]:
    return [m["body"] for m in wired.fakes.twilio.messages.since(0, to=phone)]


def tick(wired) -> None:
    wired.app.state.timers.tick()


def accepted(wired, phone: str, state: str = "TX") -> Introduction:
    borrower_id = qualified_borrower(wired, state=state, phone=phone)
    intro = intro_of(wired, borrower_id)
    press(
        wired,
        intro.id,
        ACCEPT,
        lo_user(wired, intro),
        until=lambda: intro_of(wired, borrower_id).status == "introduced",
    )
    return intro_of(wired, borrower_id)


def test_an_offer_that_times_out_is_revoked_and_goes_to_the_next_lo(wired, clock):
    borrower_id = qualified_borrower(wired, phone="+15125550501")
    first = intro_of(wired, borrower_id)
    seq = len(wired.fakes.slack.calls.items)
    clock.now = first.deadline_at + timedelta(seconds=1)
    tick(wired)
    second = intro_of(wired, borrower_id)
    assert second.id != first.id and second.lo_id != first.lo_id
    calls = wired.fakes.slack.calls.since(seq)
    revoked = [c for c in calls if c["method"] == "chat.update"]
    assert len(revoked) == 1 and "expired" in revoked[0]["args"]["text"]
    assert "blocks" in revoked[0]["args"] and not any(
        b["type"] == "actions" for b in revoked[0]["args"]["blocks"]
    ), "the revoked card has no buttons"
    # A click on the stale card gets a clear ephemeral message and changes nothing.
    seq = len(wired.fakes.slack.calls.items)
    press(
        wired,
        first.id,
        ACCEPT,
        lo_user(wired, first),
        until=lambda: wired.fakes.slack.calls.since(seq, method="chat.postEphemeral"),
    )
    [eph] = wired.fakes.slack.calls.since(seq, method="chat.postEphemeral")
    assert "no longer open" in eph["args"]["text"]
    assert intro_of(wired, borrower_id).status == "offered"


def test_snooze_extends_the_deadline_once_and_then_disappears(wired, clock):
    borrower_id = qualified_borrower(wired, phone="+15125550502")
    intro = intro_of(wired, borrower_id)
    user = lo_user(wired, intro)
    press(wired, intro.id, SNOOZE, user, until=lambda: intro_of(wired, borrower_id).snoozed)
    after = intro_of(wired, borrower_id)
    assert after.deadline_at == intro.deadline_at + wired.svc.settings.offer_sla
    [card] = [
        c
        for c in wired.fakes.slack.calls.since(0, method="chat.update")
        if c["ts"] == after.slack_ts
    ]
    buttons = [
        e["action_id"]
        for b in card["args"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert SNOOZE not in buttons
    seq = len(wired.fakes.slack.calls.items)
    press(
        wired,
        intro.id,
        SNOOZE,
        user,
        until=lambda: wired.fakes.slack.calls.since(seq, method="chat.postEphemeral"),
    )


def test_the_borrower_and_lo_talk_through_the_relay_both_ways(wired, clock):
    phone = "+15125550503"
    intro = accepted(wired, phone)
    seq = len(wired.fakes.slack.calls.items)
    text_bot(wired, phone, "Can we talk at 5pm?", "SM" + "r" * 32)
    [posted] = wired.fakes.slack.calls.since(seq, method="chat.postMessage")
    assert posted["args"]["thread_ts"] == intro.slack_ts
    assert posted["args"]["text"] == "Ana (SMS): Can we talk at 5pm?"

    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": lo_user(wired, intro),
        "text": "5pm works, talk then!",
        "ts": "1700000001.000100",
        "thread_ts": intro.slack_ts,
    }
    body, headers = slack_event(wired.svc.settings, "Ev0RELAY1", event)
    assert post(wired, "/slack/events", body, headers) == 200
    # Slack retries the same event: it must act once.
    retry_headers = {
        **slack_event(wired.svc.settings, "Ev0RELAY1", event)[1],
        "X-Slack-Retry-Num": "1",
    }
    assert post(wired, "/slack/events", body, retry_headers) == 200
    wait_for(lambda: any("5pm works" in b for b in sms_to(wired, phone)))
    wait_for(wired.svc.lanes.idle)
    relayed = [b for b in sms_to(wired, phone) if "5pm works" in b]
    with wired.svc.sessions() as s:
        lo_first = s.get_one(LoanOfficer, intro.lo_id).name.split()[0]
    assert len(relayed) == 1 and lo_first in relayed[0]


def test_someone_else_in_a_thread_reply_from_another_user_is_ignored(wired, clock):
    phone = "+15125550504"
    intro = accepted(wired, phone)
    before = len(sms_to(wired, phone))
    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": "U0STRANGER",
        "text": "hi there",
        "ts": "1700000002.000100",
        "thread_ts": intro.slack_ts,
    }
    body, headers = slack_event(wired.svc.settings, "Ev0STRANGE", event)
    assert post(wired, "/slack/events", body, headers) == 200
    wait_for(wired.svc.lanes.idle)
    assert len(sms_to(wired, phone)) == before


def test_check_backs_nudge_the_lo_then_offer_a_different_lo(wired, clock):
    phone = "+15125550505"
    intro = accepted(wired, phone)
    clock.now += timedelta(hours=2, minutes=1)
    tick(wired)
    assert "did" in sms_to(wired, phone)[-1] and "reach you" in sms_to(wired, phone)[-1]
    seq = len(wired.fakes.slack.calls.items)
    text_bot(wired, phone, "no", "SM" + "n1".ljust(32, "0"))
    nudges = [
        c
        for c in wired.fakes.slack.calls.since(seq)
        if "nobody has reached" in c["args"].get("text", "")
    ]
    assert len(nudges) == 1 and nudges[0]["args"]["thread_ts"] == intro.slack_ts
    assert intro_of(wired, intro.borrower_id).id == intro.id  # still the same introduction

    clock.now += timedelta(hours=2, minutes=1)
    tick(wired)
    text_bot(wired, phone, "nope", "SM" + "n2".ljust(32, "0"))
    latest = intro_of(wired, intro.borrower_id)
    assert latest.id != intro.id and latest.lo_id != intro.lo_id and latest.status == "offered"
    with wired.svc.sessions() as s:
        old = s.get_one(Introduction, intro.id)
        assert (old.status, old.outcome) == ("closed", "nobody_called")


def test_a_yes_to_the_check_back_records_contact(wired, clock):
    phone = "+15125550506"
    intro = accepted(wired, phone)
    clock.now += timedelta(hours=2, minutes=1)
    tick(wired)
    text_bot(wired, phone, "yes", "SM" + "y1".ljust(32, "0"))
    with wired.svc.sessions() as s:
        assert s.get_one(Introduction, intro.id).outcome == "contacted"


@pytest.mark.parametrize(
    ("state", "local", "zone", "deferred", "phone"),
    [
        ("TX", 20, "America/Chicago", False, "+15125550611"),
        ("TX", 8, "America/Chicago", True, "+15125550612"),  # 7:30 in El Paso (Mountain)
        ("FL", 20, "America/New_York", True, "+15125550613"),  # Florida's window closes at 8pm
        ("NY", 8, "America/New_York", False, "+12125550614"),  # a New York phone too
    ],
)
def test_the_warm_intro_waits_for_quiet_hours_in_the_borrowers_state(
    wired, clock, state, local, zone, deferred, phone
):
    clock.now = datetime(2026, 12, 2, local, 30, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    with wired.svc.sessions.begin() as s:  # every LO at work, so only quiet hours matter
        for lo in s.scalars(select(LoanOfficer)):
            lo.working_hours = None
    accepted(wired, phone, state)
    assert bool([b for b in sms_to(wired, phone) if "NMLS" in b]) is not deferred
    if deferred:
        with wired.svc.sessions() as s:
            held = s.scalars(
                select(Message).where(Message.purpose == "intro", Message.address == phone)
            ).one()
        assert held.status == "queued" and held.not_before > clock.now
        clock.now = held.not_before
        tick(wired)
        assert any("NMLS" in b for b in sms_to(wired, phone))


def test_replies_to_the_borrowers_own_message_are_not_held_by_quiet_hours(wired, clock):
    phone = "+15125550620"
    clock.now = datetime(2026, 12, 2, 23, 30, tzinfo=UTC) + timedelta(hours=6)  # 11:30pm Central
    text_bot(wired, phone, "HELP", "SM" + "h1".ljust(32, "0"))
    assert any("Reply STOP" in b for b in sms_to(wired, phone))


def test_relay_never_texts_a_borrower_who_opted_out(wired, clock):
    phone = "+15125550621"
    intro = accepted(wired, phone)
    text_bot(wired, phone, "STOP", "SM" + "st".ljust(32, "0"))
    before = len(sms_to(wired, phone))
    seq = len(wired.fakes.slack.calls.items)
    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": lo_user(wired, intro),
        "text": "still there?",
        "ts": "1700000003.000100",
        "thread_ts": intro.slack_ts,
    }
    body, headers = slack_event(wired.svc.settings, "Ev0OPTOUT1", event)
    post(wired, "/slack/events", body, headers)
    wait_for(lambda: wired.fakes.slack.calls.since(seq, method="chat.postMessage"))
    assert len(sms_to(wired, phone)) == before
    assert (
        "opted out"
        in wired.fakes.slack.calls.since(seq, method="chat.postMessage")[0]["args"]["text"]
    )


def test_the_lo_records_outcomes_with_buttons_and_the_slash_command(wired, clock):
    intro = accepted(wired, "+15125550622")
    user = lo_user(wired, intro)
    seq = len(wired.fakes.slack.calls.items)
    press(
        wired,
        f"{intro.id}:application",
        OUTCOME_ACTION,
        user,
        until=lambda: wired.fakes.slack.calls.since(seq, method="chat.postEphemeral"),
    )
    assert intro_of(wired, intro.borrower_id).outcome == "application"

    body, headers = slack_command(
        wired.svc.settings, user, f"outcome {intro.id} lost rate shopping"
    )
    with TestClient(wired.app) as client:
        r = client.post("/slack/commands", content=body, headers=headers)
    assert r.status_code == 200 and "lost" in r.text
    with wired.svc.sessions() as s:
        done = s.get_one(Introduction, intro.id)
        assert (done.status, done.outcome, done.outcome_note) == ("closed", "lost", "rate shopping")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("intros", "#"),
        ("available off", "paused"),
        ("capacity 3", "capacity is now 3"),
        ("dance", "Usage"),
    ],
)
def test_slash_commands_answer_the_lo_at_once(wired, clock, text, expected):
    intro = accepted(wired, f"+1512555063{len(text) % 10}")
    user = lo_user(wired, intro)
    body, headers = slack_command(wired.svc.settings, user, text)
    with TestClient(wired.app) as client:
        r = client.post("/slack/commands", content=body, headers=headers)
    assert r.status_code == 200 and expected in r.text
    if text == "available off":
        with wired.svc.sessions() as s:
            assert s.get_one(LoAvailability, intro.lo_id).available is False
