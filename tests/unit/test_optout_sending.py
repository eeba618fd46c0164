"""A STOP stops everything: texts queued or held before it are cancelled, every send checks
the opt-out again (held texts, retries, throttle notices, relay, check-backs), an open offer
is withdrawn in the LO's Slack, and the LO of an accepted introduction is told."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from starlette.testclient import TestClient

from introductions.texts import ACCEPT
from runtime.outbox import deliver_pending, queue_sms
from storage.models import Borrower, Introduction, LoanOfficer, Message, ScheduledJob
from tests.signing import slack_event, twilio_form
from tests.unit.test_handoff import intro_of, qualified_borrower
from tests.unit.test_introduction_flow import (
    Clock,
    accepted,
    lo_user,
    post,
    press,
    sms_to,
    text_bot,
    tick,
)
from tests.unit.test_twilio_webhook import wait_for

NOON = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)  # 10am in Texas, a Wednesday


def use_clock(wired, now: datetime) -> Clock:
    clock = Clock(now)
    wired.svc.clock = clock
    return clock


def rows(wired, phone: str, purpose: str) -> list[Message]:
    with wired.svc.sessions() as s:
        return list(
            s.scalars(select(Message).where(Message.address == phone, Message.purpose == purpose))
        )


def test_a_warm_introduction_held_for_quiet_hours_is_never_sent_after_a_stop(wired):
    phone = "+15125550901"
    clock = use_clock(wired, datetime(2026, 12, 3, 5, 0, tzinfo=UTC))  # 11pm in Texas
    with wired.svc.sessions.begin() as s:
        for lo in s.scalars(select(LoanOfficer)):
            lo.working_hours = None  # the LO accepts at night; the text waits for morning
    accepted(wired, phone)
    [held] = rows(wired, phone, "intro")
    assert held.status == "queued" and held.not_before > clock.now

    clock.now += timedelta(minutes=30)
    text_bot(wired, phone, "STOP", "SM" + "hs".ljust(32, "0"))
    [cancelled] = rows(wired, phone, "intro")
    assert cancelled.status == "cancelled", "the STOP cancels it at once, not only at send"
    clock.now = held.not_before + timedelta(minutes=13)
    tick(wired)
    assert not any("NMLS" in b for b in sms_to(wired, phone))
    [cancelled] = rows(wired, phone, "intro")
    assert cancelled.status == "cancelled"


def test_every_send_checks_the_opt_out_again_retries_included(wired):
    """A text queued (and failing once) before an opt-out the triage never saw is still
    not sent: the outbox reads the opt-out when it sends."""
    use_clock(wired, NOON)
    phone = "+15125550902"
    with wired.svc.sessions.begin() as s:
        b = Borrower(phone=phone)
        s.add(b)
        s.flush()
        queue_sms(s, b.id, phone, "What state is the home in?")
        borrower_id = b.id
    wired.fakes.twilio.throttle_next(1, retry_after=0)
    deliver_pending(wired.svc)  # the first try fails (429)
    with wired.svc.sessions.begin() as s:
        s.get_one(Borrower, borrower_id).opted_out_at = NOON
    deliver_pending(wired.svc)
    assert sms_to(wired, phone) == []
    [msg] = rows(wired, phone, "reply")
    assert (msg.status, msg.error) == ("cancelled", "opted out")


def test_a_number_that_opted_out_gets_no_throttle_notice(wired):
    use_clock(wired, NOON)
    phone = "+15125550903"
    text_bot(wired, phone, "STOP", "SM" + "tn".ljust(32, "0"))
    with TestClient(wired.app) as client:
        for n in range(25):
            params, headers = twilio_form(
                wired.svc.settings, f"SMflood{n}".ljust(34, "0"), f"hello {n}", phone=phone
            )
            client.post("/twilio/sms", data=params, headers=headers)
    wait_for(wired.svc.lanes.idle)
    deliver_pending(wired.svc)
    [notice] = rows(wired, phone, "throttle_notice")
    assert notice.status == "cancelled"
    assert [b for b in sms_to(wired, phone) if "unsubscribed" not in b] == []


def test_a_stop_cancels_the_check_back_and_tells_the_lo_in_the_thread(wired):
    clock = use_clock(wired, NOON)
    phone = "+15125550904"
    intro = accepted(wired, phone)
    seq = len(wired.fakes.slack.calls.items)
    text_bot(wired, phone, "no more texts please", "SM" + "cb".ljust(32, "0"))
    [note] = [
        c
        for c in wired.fakes.slack.calls.since(seq, method="chat.postMessage")
        if "opted out" in c["args"]["text"]
    ]
    assert note["args"]["thread_ts"] == intro.slack_ts
    assert "no more texts" in note["args"]["text"]
    with wired.svc.sessions() as s:
        jobs = s.scalars(select(ScheduledJob).where(ScheduledJob.introduction_id == intro.id))
        assert {j.status for j in jobs} == {"cancelled"}
    before = len(sms_to(wired, phone))
    clock.now += timedelta(hours=3)
    tick(wired)
    assert len(sms_to(wired, phone)) == before, "no check-back after the STOP"

    # The relay stops both ways: the LO's reply is not texted, the borrower's text not relayed.
    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": lo_user(wired, intro),
        "text": "are you still there?",
        "ts": "1700000009.000100",
        "thread_ts": intro.slack_ts,
    }
    body, headers = slack_event(wired.svc.settings, "Ev0OPT2", event)
    post(wired, "/slack/events", body, headers)
    wait_for(lambda: rows(wired, lo_user(wired, intro), "relay_blocked"))
    wait_for(wired.svc.lanes.idle)
    seq = len(wired.fakes.slack.calls.items)
    text_bot(wired, phone, "hello?", "SM" + "cc".ljust(32, "0"))
    assert len(sms_to(wired, phone)) == before
    assert not [
        c
        for c in wired.fakes.slack.calls.since(seq, method="chat.postMessage")
        if "hello?" in c["args"]["text"]
    ]


def test_a_stop_withdraws_the_open_offer_and_a_later_accept_reveals_nothing(wired):
    use_clock(wired, NOON)
    phone = "+15125550905"
    borrower_id = qualified_borrower(wired, phone=phone)
    offer = intro_of(wired, borrower_id)
    assert offer.status == "offered"
    seq = len(wired.fakes.slack.calls.items)
    text_bot(wired, phone, "unsubscribe me", "SM" + "wd".ljust(32, "0"))
    [revoked] = wired.fakes.slack.calls.since(seq, method="chat.update")
    assert revoked["ts"] == offer.slack_ts
    assert "opted out" in revoked["args"]["text"]
    card = json.dumps(revoked["args"])
    assert "actions" not in card and "450,000" not in card and "Ana" not in card
    assert intro_of(wired, borrower_id).status == "withdrawn"

    seq = len(wired.fakes.slack.calls.items)
    press(
        wired,
        offer.id,
        ACCEPT,
        lo_user(wired, offer),
        until=lambda: wired.fakes.slack.calls.since(seq, method="chat.postEphemeral"),
    )
    [eph] = wired.fakes.slack.calls.since(seq, method="chat.postEphemeral")
    assert "no longer open" in eph["args"]["text"]
    after = json.dumps(wired.fakes.slack.calls.since(seq))
    assert phone not in after and "agreed to be" not in after
    assert not any("NMLS" in b for b in sms_to(wired, phone))
    with wired.svc.sessions() as s:
        assert s.get_one(Introduction, offer.id).status == "withdrawn"
