"""Pass with a reason: the offer card's menu asks why, and the reason is stored on the
introduction (vocabulary.PASS_REASONS) for the matcher, through a signed Slack payload."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from starlette.testclient import TestClient

from introductions.texts import PASS
from storage.models import Introduction
from tests.signing import slack_signed
from tests.unit.test_handoff import intro_of
from tests.unit.test_introduction_flow import Clock, lo_user
from tests.unit.test_twilio_webhook import wait_for
from tests.unit.test_waitlist import qualified_borrower, start_clock
from vocabulary import PASS_REASONS


@pytest.fixture
def clock(wired) -> Clock:
    return start_clock(wired)


def choose(wired, user: str, value: str) -> int:
    """Pick from the card's Pass menu as Slack posts it: the choice is selected_option."""
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": user},
        "trigger_id": "t1",
        "actions": [
            {"action_id": PASS, "type": "static_select", "selected_option": {"value": value}}
        ],
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = slack_signed(wired.svc.settings, body, "application/x-www-form-urlencoded")
    with TestClient(wired.app) as client:
        return client.post("/slack/actions", content=body, headers=headers).status_code


def test_the_card_asks_why_and_the_reason_is_stored_before_the_next_offer(wired, clock):
    seq = len(wired.fakes.slack.calls.items)
    borrower_id = qualified_borrower(wired, state="TX", phone="+15125551001")
    first = intro_of(wired, borrower_id)
    [card] = wired.fakes.slack.calls.since(seq, method="chat.postMessage")
    [menu] = [
        e
        for b in card["args"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == PASS
    ]
    assert menu["type"] == "static_select"
    assert [o["value"] for o in menu["options"]] == [f"{first.id}:{r}" for r in PASS_REASONS]
    assert choose(wired, lo_user(wired, first), f"{first.id}:not_my_product") == 200
    wait_for(lambda: wired.svc.lanes.idle() and intro_of(wired, borrower_id).id != first.id)
    with wired.svc.sessions() as s:
        passed = s.get_one(Introduction, first.id)
        assert (passed.status, passed.pass_reason) == ("passed", "not_my_product")
    assert intro_of(wired, borrower_id).status == "offered"
    closed = wired.fakes.slack.calls.since(seq, method="chat.update")
    assert any("You passed (Not my product)" in c["args"]["text"] for c in closed)


def test_an_unknown_reason_changes_nothing_and_says_so(wired, clock):
    borrower_id = qualified_borrower(wired, state="TX", phone="+15125551002")
    intro = intro_of(wired, borrower_id)
    seq = len(wired.fakes.slack.calls.items)
    assert choose(wired, lo_user(wired, intro), f"{intro.id}:hate_this_one") == 200
    wait_for(lambda: wired.fakes.slack.calls.since(seq, method="chat.postEphemeral"))
    [eph] = wired.fakes.slack.calls.since(seq, method="chat.postEphemeral")
    assert "not one of ours" in eph["args"]["text"]
    with wired.svc.sessions() as s:
        kept = s.get_one(Introduction, intro.id)
        assert (kept.status, kept.pass_reason) == ("offered", None)
