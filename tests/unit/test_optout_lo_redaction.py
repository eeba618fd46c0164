"""An SSN or card number an LO pastes in the introduction's thread is redacted before it is
stored or texted, as a borrower's is."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Message
from tests.signing import slack_event
from tests.unit.test_introduction_flow import NOON, Clock, accepted, lo_user, post, sms_to
from tests.unit.test_twilio_webhook import wait_for


def test_an_ssn_in_the_los_thread_reply_is_never_stored_nor_texted(wired):
    wired.svc.clock = Clock(NOON)
    phone = "+15125550931"
    intro = accepted(wired, phone)
    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": lo_user(wired, intro),
        "text": "Got it, I have your SSN as 123-45-6789, card 4111 1111 1111 1111. Call at 3?",
        "ts": "1700000031.000100",
        "thread_ts": intro.slack_ts,
    }
    body, headers = slack_event(wired.svc.settings, "Ev0REDACT1", event)
    assert post(wired, "/slack/events", body, headers) == 200
    wait_for(lambda: any("Call at 3?" in b for b in sms_to(wired, phone)))
    wait_for(wired.svc.lanes.idle)
    with wired.svc.sessions() as s:
        stored = [m.body + str(m.payload or "") for m in s.scalars(select(Message))]
    texted = sms_to(wired, phone)
    for haystack in (stored, texted):
        assert not any("123-45-6789" in h or "4111 1111 1111 1111" in h for h in haystack)
    assert any("[redacted]" in t and "Call at 3?" in t for t in texted)
    notes = [
        c["args"]["text"]
        for c in wired.fakes.slack.calls.since(0, method="chat.postMessage")
        if c["args"].get("thread_ts") == intro.slack_ts
    ]
    assert any("removed a number" in n for n in notes)
