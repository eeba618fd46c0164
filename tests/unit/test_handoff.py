"""The exclusive offer and the warm introduction, through a signed Slack button (slack-bolt)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.testclient import TestClient

from introductions.handoff import handoff_settings, start_matching
from introductions.texts import ACCEPT, PASS, SNOOZE
from runtime.outbox import deliver_pending
from storage.models import Borrower, Introduction, MatchDecision, Qualification
from storage.roster import add_lo
from tests.signing import slack_click
from tests.unit.test_twilio_webhook import wait_for

PHONE = "+15125550142"


def qualified_borrower(wired, state: str = "TX", phone: str = PHONE) -> int:
    """A borrower who finished qualification and consented, then matching runs."""
    with wired.svc.sessions.begin() as s:
        b = Borrower(phone=phone, language="en")
        b.qualification = Qualification(
            loan_purpose="purchase",
            property_state=state,
            price_usd=450_000,
            credit_band="680-739",
            timeline="1-3 months",
            first_name="Ana",
            consent=True,
        )
        s.add(b)
        s.flush()
        start_matching(s, b, wired.svc.clock(), handoff_settings(wired.svc))
        borrower_id = b.id
    deliver_pending(wired.svc)
    return borrower_id


def intro_of(wired, borrower_id: int) -> Introduction:
    with wired.svc.sessions() as s:
        return s.scalars(
            select(Introduction)
            .where(Introduction.borrower_id == borrower_id)
            .order_by(Introduction.id.desc())
        ).first()


def click(wired, intro: Introduction, action: str, user: str, until) -> int:
    """Press a button as Slack would, then wait for its effect (work runs after the ack)."""
    body, headers = slack_click(wired.svc.settings, intro.id, action, user)
    with TestClient(wired.app) as client:
        r = client.post("/slack/actions", content=body, headers=headers)
        wait_for(until)
    return r.status_code


def test_a_qualified_borrower_is_offered_to_exactly_one_licensed_lo(wired):
    seq = len(wired.fakes.slack.calls.items)
    borrower_id = qualified_borrower(wired)
    intro = intro_of(wired, borrower_id)
    assert intro.status == "offered"
    cards = wired.fakes.slack.calls.since(seq, method="chat.postMessage")
    assert len(cards) == 1
    card = cards[0]["args"]
    actions = next(b for b in card["blocks"] if b["type"] == "actions")["elements"]
    assert [a["action_id"] for a in actions] == [ACCEPT, PASS, SNOOZE]
    text = json.dumps(card["blocks"])
    for fact in (
        "Ana",
        "buy a home",
        "TX",
        "$450,000",
        "680-739",
        "1-3 months",
        "Why you",
        "answer by",
    ):
        assert fact in text
    with wired.svc.sessions() as s:
        decision = s.get(MatchDecision, intro.decision_id)
        assert "licensed in TX" in decision.reason


def test_accept_texts_the_borrower_a_warm_intro_naming_the_lo_and_nmls_id(wired):
    borrower_id = qualified_borrower(wired, phone="+15125550143")
    intro = intro_of(wired, borrower_id)
    with wired.svc.sessions() as s:
        lo = s.get(Introduction, intro.id).loan_officer
        lo_name, nmls, user = lo.name, lo.nmls_id, lo.slack_user_id
    seq = len(wired.fakes.slack.calls.items)
    status = click(
        wired,
        intro,
        ACCEPT,
        user,
        until=lambda: (
            wired.svc.lanes.idle() and intro_of(wired, borrower_id).status == "introduced"
        ),
    )
    assert status == 200
    sms = [m["body"] for m in wired.fakes.twilio.messages.since(0, to="+15125550143")]
    assert any(lo_name in b and f"NMLS #{nmls}" in b for b in sms)
    calls = wired.fakes.slack.calls.since(seq)
    assert [c["method"] for c in calls if c["method"] == "chat.update"] == ["chat.update"]
    details = [c for c in calls if "+15125550143" in c["args"].get("text", "")]
    assert (
        details and details[0]["args"]["thread_ts"]
    )  # the borrower's details, in the card's thread
    assert any(c["args"].get("channel") == "C0TEAM" for c in calls)  # the team sees the news


def test_pass_moves_the_offer_to_the_next_lo_and_never_two_at_once(wired):
    borrower_id = qualified_borrower(wired, phone="+15125550144")
    first = intro_of(wired, borrower_id)
    with wired.svc.sessions() as s:
        user = s.get(Introduction, first.id).loan_officer.slack_user_id
    click(wired, first, PASS, user, until=lambda: intro_of(wired, borrower_id).id != first.id)
    second = intro_of(wired, borrower_id)
    assert second.id != first.id and second.lo_id != first.lo_id
    with wired.svc.sessions() as s:
        statuses = sorted(
            s.scalars(select(Introduction.status).where(Introduction.borrower_id == borrower_id))
        )
    assert statuses == ["offered", "passed"]


def test_someone_else_clicking_the_card_gets_an_ephemeral_no_and_nothing_changes(wired):
    borrower_id = qualified_borrower(wired, phone="+15125550145")
    intro = intro_of(wired, borrower_id)
    seq = len(wired.fakes.slack.calls.items)
    click(
        wired,
        intro,
        ACCEPT,
        "U0INTRUDER",
        until=lambda: wired.fakes.slack.calls.since(seq, method="chat.postEphemeral"),
    )
    assert intro_of(wired, borrower_id).status == "offered"
    eph = wired.fakes.slack.calls.since(seq, method="chat.postEphemeral")
    assert len(eph) == 1 and "someone else" in eph[0]["args"]["text"]


@pytest.mark.parametrize("age", [0, 600], ids=["bad-signature", "stale-timestamp"])
def test_unsigned_or_stale_slack_requests_are_rejected(wired, age):
    borrower_id = qualified_borrower(wired, phone=f"+1512555016{age % 7}")
    intro = intro_of(wired, borrower_id)
    body, headers = slack_click(wired.svc.settings, intro.id, ACCEPT, "U0ALICE01", age)
    if age == 0:
        sig = headers["X-Slack-Signature"]
        headers["X-Slack-Signature"] = sig[:-1] + ("1" if sig[-1] == "0" else "0")  # one byte off
    with TestClient(wired.app) as client:
        r = client.post("/slack/actions", content=body, headers=headers)
    assert r.status_code == 401
    assert intro_of(wired, borrower_id).status == "offered"


def test_nobody_licensed_means_an_honest_text_and_no_offer(wired):
    borrower_id = qualified_borrower(wired, state="WY", phone="+15125550146")
    assert intro_of(wired, borrower_id) is None
    sms = [m["body"] for m in wired.fakes.twilio.messages.since(0, to="+15125550146")]
    assert any("licensed in WY" in b for b in sms)


def test_the_database_refuses_a_second_live_introduction_for_one_borrower(wired):
    borrower_id = qualified_borrower(wired, phone="+15125550147")
    first = intro_of(wired, borrower_id)
    with pytest.raises(IntegrityError), wired.svc.sessions.begin() as s:
        s.add(
            Introduction(
                borrower_id=borrower_id,
                lo_id="bob" if first.lo_id != "bob" else "alice",
                decision_id=first.decision_id,
                status="offered",
                deadline_at=first.deadline_at,
            )
        )


def test_an_lo_licensed_in_puerto_rico_is_offered_a_borrower_there(wired):
    """NMLS licenses loan officers in Puerto Rico (and the other territories) and the
    dialogue records "PR" as the home's place: the roster takes the license, the matcher
    uses it."""
    puerto_rico_lo = {
        "id": "maribel",
        "name": "Maribel Ortiz",
        "nmls_id": "900788",
        "phone": "+17875550188",
        "slack_user_id": "U0MARIB08",
        "timezone": "America/Puerto_Rico",
        "licensed_states": ["PR", "FL"],
        "languages": ["en", "es"],
        "products": ["conventional", "fha", "va"],
        "max_active_intros": 3,
    }
    add_lo(wired.svc.sessions, puerto_rico_lo, by="manager")
    borrower_id = qualified_borrower(wired, state="PR", phone="+17875550149")
    intro = intro_of(wired, borrower_id)
    assert intro is not None and intro.lo_id == "maribel" and intro.status == "offered"
