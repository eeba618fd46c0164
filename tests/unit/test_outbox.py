"""The outbox: Retry-After on 429s, backoff, per-number pacing, crashed-sender recovery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from runtime.outbox import (
    FIRST_TEXT_DISCLOSURE,
    backoff_seconds,
    deliver_pending,
    queue_sms,
    reclaim_stale,
)
from runtime.pacing import SendRates, sms_segments
from storage.models import Borrower, Message

PHONE = "+15125550101"


def borrower(wired, phone: str = PHONE) -> int:
    with wired.svc.sessions.begin() as s:
        b = Borrower(phone=phone)
        s.add(b)
        s.flush()
        return b.id


def queue(wired, borrower_id: int, body: str, phone: str = PHONE) -> int:
    with wired.svc.sessions.begin() as s:
        msg = queue_sms(s, borrower_id, phone, body)
        s.flush()
        return msg.id


def row(wired, msg_id: int) -> Message:
    with wired.svc.sessions() as s:
        return s.get_one(Message, msg_id)


def test_a_429_waits_exactly_what_twilio_asked_then_sends_once(wired):
    msg_id = queue(wired, borrower(wired), "Thanks! What state is the home in?")
    wired.fakes.twilio.throttle_next(1, retry_after=30)
    before = len(wired.fakes.twilio.messages.since(0, to=PHONE))

    assert deliver_pending(wired.svc) == 0
    held = row(wired, msg_id)
    assert held.status == "queued" and held.attempts == 1
    assert "429" in held.error or "Too Many Requests" in held.error
    waited = (held.not_before - held.claimed_at).total_seconds()
    assert 29 <= waited <= 31  # Retry-After, not our own backoff

    assert deliver_pending(wired.svc) == 0  # not due yet: nothing is sent early
    later = wired.svc.clock
    wired.svc.clock = lambda: later() + timedelta(seconds=31)
    try:
        assert deliver_pending(wired.svc) == 1
    finally:
        wired.svc.clock = later
    sent = wired.fakes.twilio.messages.since(0, to=PHONE)[before:]
    assert [m["body"] for m in sent] == [
        "Thanks! What state is the home in?\n\n" + FIRST_TEXT_DISCLOSURE["en"]
    ]  # the borrower's first text carries the disclosure, once, though it was retried
    assert row(wired, msg_id).status == "sent"


def test_other_failures_back_off_exponentially_and_give_up_after_the_last_attempt():
    assert [backoff_seconds(n) for n in range(1, 6)] == [4, 8, 16, 32, 64]
    assert backoff_seconds(20) == 300


def test_a_failed_text_holds_back_the_same_borrowers_later_texts(wired):
    b = borrower(wired)
    first, second = queue(wired, b, "first"), queue(wired, b, "second")
    wired.fakes.twilio.throttle_next(1, retry_after=5)
    deliver_pending(wired.svc)
    assert row(wired, first).status == "queued"
    assert row(wired, second).status == "queued"  # never overtakes the one being retried


def test_sends_from_one_number_are_paced_per_segment():
    rates = SendRates.build(None, sms_per_second=2, slack_per_second=0)
    assert sms_segments("short") == 1
    assert sms_segments("x" * 200) == 2  # GSM-7: 153 characters per part once split
    assert sms_segments("á" * 100) == 2  # not GSM-7, so UCS-2: 67 per part
    assert rates.wait_sms("+15555550100", "x" * 200, max_wait=0.1)  # 2 segments: this second's
    assert not rates.wait_sms("+15555550100", "again", max_wait=0.1)  # the window is full
    assert rates.wait_sms("+15555550199", "another number", max_wait=0.1)  # its own rate
    assert rates.wait_slack("C1", max_wait=0)  # Slack unpaced here


@pytest.mark.parametrize(("age", "requeued"), [(timedelta(minutes=5), True), (timedelta(0), False)])
def test_a_crashed_senders_claim_expires_back_to_the_queue(wired, age, requeued):
    msg_id = queue(wired, borrower(wired), "hello")
    with wired.svc.sessions.begin() as s:
        msg = s.get_one(Message, msg_id)
        msg.status, msg.claimed_at = "sending", wired.svc.clock() - age
    assert reclaim_stale(wired.svc) == int(requeued)
    assert row(wired, msg_id).status == ("queued" if requeued else "sending")


def test_the_outbox_sends_in_creation_order(wired):
    b = borrower(wired)
    ids = [queue(wired, b, f"part {n}") for n in range(5)]
    deliver_pending(wired.svc)
    with wired.svc.sessions() as s:
        query = select(Message.provider_sid).where(Message.id.in_(ids)).order_by(Message.id)
        sids = s.scalars(query)
        order = {m["sid"]: m["seq"] for m in wired.fakes.twilio.messages.since(0, to=PHONE)}
        seqs = [order[sid] for sid in sids]
    assert seqs == sorted(seqs)
