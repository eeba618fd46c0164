"""PII is redacted on every path that stores or forwards text (#18 item 3): the borrower's
SMS (database, the LO's Slack thread, the privacy notice), and the LO's thread replies."""

from __future__ import annotations

import logging

from sqlalchemy import select

from storage.models import Message
from tests.signing import slack_event
from tests.unit.test_introduction_flow import accepted, clock, lo_user, post, sms_to, text_bot
from tests.unit.test_twilio_webhook import wait_for

__all__ = ["clock"]  # the fixture, used by name

SECRETS = {
    "my ssn is 1234-56-789": "123456789",
    "itin 912 78 1234 and DOB 03/15/1985": "912781234",
    "card 4111.1111.1111.1111": "4111111111111111",
    "routing 021000021, cuenta 55556666": "55556666",
}


def stored_bodies(wired) -> list[str]:
    with wired.svc.sessions() as s:
        return list(s.scalars(select(Message.body)))


def test_new_formats_never_reach_the_database_the_logs_or_the_los_thread(wired, clock, caplog):
    phone = "+15125550611"
    intro = accepted(wired, phone)
    seq = len(wired.fakes.slack.calls.items)
    caplog.set_level(logging.DEBUG)
    for i, text in enumerate(SECRETS):
        text_bot(wired, phone, text, f"SM{i:032d}")
    posted = " ".join(c["args"].get("text", "") for c in wired.fakes.slack.calls.since(seq))
    everything = " ".join(stored_bodies(wired)) + posted + caplog.text
    digits = "".join(ch for ch in everything if ch.isdigit())
    for secret in SECRETS.values():
        assert secret not in digits
    assert "03/15/1985" not in everything
    assert posted.count("[redacted]") >= len(SECRETS)
    # The borrower is told why (the privacy notice), once per redacted text at most.
    notices = [b for b in sms_to(wired, phone) if "I removed a number" in b]
    assert 1 <= len(notices) <= len(SECRETS)
    assert intro.status == "introduced"


def test_an_los_thread_reply_is_redacted_before_it_is_stored_or_texted(wired, clock):
    phone = "+15125550612"
    intro = accepted(wired, phone)
    event = {
        "type": "message",
        "channel": intro.slack_channel,
        "user": lo_user(wired, intro),
        "text": "I have your SSN as 123 45 6789, and card 4111 1111 1111 1111, right?",
        "ts": "1700000003.000100",
        "thread_ts": intro.slack_ts,
    }
    body, headers = slack_event(wired.svc.settings, "Ev0REDACT1", event)
    assert post(wired, "/slack/events", body, headers) == 200
    wait_for(lambda: any("right?" in b for b in sms_to(wired, phone)))
    [relayed] = [b for b in sms_to(wired, phone) if "right?" in b]
    assert "6789" not in relayed and "4111" not in relayed and "[redacted]" in relayed
    assert not [b for b in stored_bodies(wired) if "6789" in b or "4111 1111" in b]


def test_the_body_cap_applies_before_redaction_and_loses_no_short_text(wired):
    long = "x" * 1590 + " ssn 123-45-6789 " + "y" * 5000
    text_bot(wired, "+15125550613", long, "SM" + "c" * 32)
    text_bot(wired, "+15125550613", "short one", "SM" + "d" * 32)
    bodies = {b for b in stored_bodies(wired) if b.startswith("x") or b == "short one"}
    [cut] = [b for b in bodies if b.startswith("x")]
    assert len(cut) <= 1600 and "123" not in cut and "y" not in cut
    assert "short one" in bodies
