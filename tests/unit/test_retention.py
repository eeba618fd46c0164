"""Retention: the timers blank the texts of conversations closed for RETENTION_DAYS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from channels import timers
from storage.models import Borrower, Introduction, MatchDecision, Message, WebhookDelivery
from storage.privacy import PrivacyError, retention_days


def conversation(svc, phone: str, age_days: int, status: str) -> int:
    """A borrower whose texts (and the LO's Slack card) are `age_days` old, with an
    introduction in `status`."""
    at = svc.clock() - timedelta(days=age_days)
    with svc.sessions.begin() as s:
        b = Borrower(phone=phone, created_at=at)
        s.add(b)
        s.flush()
        d = MatchDecision(
            borrower_id=b.id, chosen_lo_id="alice", inputs={}, candidates={}, reason="r"
        )
        s.add(d)
        s.flush()
        intro = Introduction(
            borrower_id=b.id,
            lo_id="alice",
            decision_id=d.id,
            status=status,
            offered_at=at,
            deadline_at=at + timedelta(minutes=5),
        )
        s.add(intro)
        s.flush()
        s.add(
            Message(
                direction="in",
                channel="sms",
                borrower_id=b.id,
                address=phone,
                body="I live at 9 Elm St",
                status="processed",
                created_at=at,
            )
        )
        s.add(
            Message(
                direction="out",
                channel="slack",
                introduction_id=intro.id,
                address="U0ALICE01",
                body="Card for Elm",
                payload={"args": {"text": "Card for Elm"}},
                status="sent",
                created_at=at,
            )
        )
        return b.id


def bodies(svc, borrower_id: int) -> list[tuple[str, object]]:
    with svc.sessions() as s:
        intro_ids = select(Introduction.id).where(Introduction.borrower_id == borrower_id)
        rows = s.scalars(
            select(Message)
            .where((Message.borrower_id == borrower_id) | Message.introduction_id.in_(intro_ids))
            .order_by(Message.id)
        ).all()
        return [(m.body, m.payload) for m in rows]


def test_the_timers_erase_closed_conversations_after_the_retention_period(wired, monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    svc = wired.svc
    closed_old = conversation(svc, "+15125550171", 731, "closed")
    live_old = conversation(svc, "+15125550172", 731, "introduced")  # still being worked
    closed_recent = conversation(svc, "+15125550173", 700, "closed")
    timers._last_retention.pop(id(svc), None)

    wired.app.state.timers.tick()  # the first round only starts the hour
    assert bodies(svc, closed_old)[0][0] == "I live at 9 Elm St"
    base = svc.clock
    svc.clock = lambda: base() + timedelta(hours=1)
    try:
        wired.app.state.timers.tick()
    finally:
        svc.clock = base

    assert bodies(svc, closed_old) == [("", None), ("", None)]
    assert bodies(svc, live_old)[0][0] == "I live at 9 Elm St"
    assert bodies(svc, closed_recent)[1] == ("Card for Elm", {"args": {"text": "Card for Elm"}})
    with svc.sessions() as s:  # the rows stay: counts and times for the dashboard and audit
        assert s.get(Borrower, closed_old) is not None


def test_retention_days_is_configurable_and_checked(wired, monkeypatch):
    svc = wired.svc
    month_old = conversation(svc, "+15125550174", 31, "expired")
    monkeypatch.setenv("RETENTION_DAYS", "30")
    timers._last_retention.pop(id(svc), None)
    assert timers.retention(svc, svc.clock() - timedelta(hours=1)) == 0  # starts the hour
    assert timers.retention(svc, svc.clock()) == 2
    assert bodies(svc, month_old)[0][0] == ""
    assert timers.retention(svc, svc.clock()) == 0  # once an hour, not every round

    with svc.sessions.begin() as s:  # CRM events: the CRM keeps them, we need not
        old = svc.clock() - timedelta(days=31)
        s.add(
            WebhookDelivery(
                event="offered",
                payload={"borrower": {"phone": "+15125550174"}},
                status="sent",
                created_at=old,
            )
        )
        s.add(WebhookDelivery(event="offered", payload={}, status="queued", created_at=old))
    timers._last_retention.pop(id(svc), None)
    timers.retention(svc, svc.clock() - timedelta(hours=1))
    timers.retention(svc, svc.clock())
    with svc.sessions() as s:
        assert s.scalars(select(WebhookDelivery.status)).all() == ["queued"]

    assert retention_days({}) == 730
    for bad in ("0", "-3", "two years", "1.5"):
        with pytest.raises(PrivacyError, match="RETENTION_DAYS"):
            retention_days({"RETENTION_DAYS": bad})
