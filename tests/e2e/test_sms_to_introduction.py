"""Borrower SMS to warm introduction, through the real Rasa model and signed webhooks.

Each message is posted to the gateway as a Twilio-signed webhook; Accept is a Slack-signed
interactivity request; replies are read back from what the fake Twilio received.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from mm.converse import Conversation

pytestmark = pytest.mark.e2e

# The borrower's side of a whole qualification: one "no" each to the first-time-buyer, VA
# and self-employed questions, and consent carries the first name.
SCRIPT = [
    "hi",
    "I want to buy a house",
    "Austin, TX",
    "450k",
    "mid 700s",
    "asap",
    "no",
    "no",
    "no",
    "yes, Ana",
]
EXPECTED_SLOTS = {
    "loan_purpose": "purchase",
    "property_state": "TX",
    "price_usd": 450000,
    "credit_band": "740+",
    "timeline": "now",
    "first_name": "Ana",
    "consent": True,
}


def test_a_scripted_conversation_ends_in_an_introduction_to_a_licensed_lo(stack):
    convo = Conversation(stack.url, "+15125550401", auto_accept=False)
    turns = [convo.say(text) for text in SCRIPT]
    assert all(t["replies"] for t in turns), "every message gets an answer"
    assert turns[0]["state"] == "qualifying"
    final = turns[-1]
    for slot, value in EXPECTED_SLOTS.items():
        assert final["slots"][slot] == value, slot
    assert final["state"] == "offered"

    convo.auto_accept = True
    accepted = convo.say("ok thanks")
    assert accepted["state"] == "introduced"
    intro = convo.summary()["introduction"]
    assert intro["status"] == "introduced"
    with stack.svc.sessions() as s:
        from storage.models import LoanOfficer

        lo = s.get(LoanOfficer, intro["lo_id"])
        assert "TX" in lo.licensed_states
        warm = [r for r in accepted["replies"] if lo.name in r]
        assert warm and f"NMLS #{lo.nmls_id}" in warm[0]


def test_mm_converse_jsonl_prints_a_line_per_turn_and_a_final_summary(stack):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mm.cli",
            "converse",
            "--jsonl",
            "--auto-accept",
            "--attach",
            stack.url,
            "--phone",
            "+15125550402",
        ],
        input="\n".join(SCRIPT) + "\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(lines) == len(SCRIPT) + 1
    assert set(lines[0]) == {"replies", "requested_slot", "slots", "state"}
    assert lines[1]["requested_slot"] is not None
    final = lines[-1]
    assert final["final"] is True
    assert final["state"] == "introduced"
    assert final["introduction"]["status"] == "introduced"
    assert final["slots"]["property_state"] == "TX"


@pytest.mark.parametrize(
    "body",
    ["", "x" * 1600, "🏠🏠🏠 😀", "Хочу купить дом", "我想买房子", "'; DROP TABLE borrowers; --"],
    ids=["empty", "1600-chars", "emoji", "cyrillic", "chinese", "sql-injection"],
)
def test_odd_messages_get_a_sensible_reply_never_a_server_error(stack, body, request):
    phone = f"+151255505{request.node.callspec.indices['body']:02d}"
    convo = Conversation(stack.url, phone, auto_accept=False)
    turn = convo.say(body)
    assert turn["replies"], "the borrower always hears back"
    assert all(len(r) <= 320 for r in turn["replies"])
    assert turn["state"] == "qualifying"


def test_the_sandbox_page_is_served(stack):
    r = httpx.get(stack.url + "/sandbox")
    assert r.status_code == 200 and "Mortgage Matchmaking" in r.text
    assert httpx.get(stack.url + "/readyz").json() == {"database": True, "rasa": True}


def test_after_the_introduction_the_sandbox_relays_both_ways_and_checks_back(stack):
    """The whole handshake in the sandbox: relay through the LO's Slack thread, then the
    clock moves two hours and the bot asks the borrower whether the LO reached them."""
    phone = "+15125550403"
    convo = Conversation(stack.url, phone, auto_accept=True)
    for text in SCRIPT:
        convo.say(text)
    assert convo.summary()["state"] == "introduced"
    fakes = stack.fakes
    seq = len(fakes.slack.calls.items)
    convo.auto_accept = False
    convo.say("Is tomorrow at 10 ok for a call?")
    relayed = [
        c
        for c in fakes.slack.calls.since(seq, method="chat.postMessage")
        if "tomorrow at 10" in c["args"]["text"]
    ]
    assert len(relayed) == 1 and relayed[0]["args"]["thread_ts"]

    thread = relayed[0]["args"]
    r = httpx.post(
        stack.url + "/sandbox/api/reply",
        json={
            "channel": thread["channel"],
            "thread_ts": thread["thread_ts"],
            "user": thread["channel"],
            "text": "Tomorrow at 10 is perfect.",
        },
    )
    assert r.json()["status"] == 200
    deadline = time.monotonic() + 20
    while not [m for m in fakes.twilio.messages.since(0, to=phone) if "perfect" in m["body"]]:
        assert time.monotonic() < deadline, "the LO's reply never reached the borrower"
        time.sleep(0.1)

    before = len(fakes.twilio.messages.since(0, to=phone))
    # The check-back is due two hours after the LO was to reach out (their next working
    # hour, which may be Monday): jump past it, then to 11am in Texas (inside quiet hours).
    now = datetime.fromisoformat(
        httpx.post(stack.url + "/sandbox/api/clock", json={}).json()["now"]
    )
    with stack.svc.sessions() as s:
        from storage.models import Borrower, Introduction, ScheduledJob

        due = s.scalars(
            select(ScheduledJob.due_at)
            .join(Introduction, ScheduledJob.introduction_id == Introduction.id)
            .join(Borrower, Introduction.borrower_id == Borrower.id)
            .where(Borrower.phone == phone)
        ).one()
    local = max(now, due).astimezone(ZoneInfo("America/Chicago"))
    target = (local + timedelta(days=1)).replace(hour=11, minute=0)
    minutes = (target - now.astimezone(ZoneInfo("America/Chicago"))).total_seconds() / 60
    httpx.post(stack.url + "/sandbox/api/clock", json={"minutes": minutes})
    asked = [m["body"] for m in fakes.twilio.messages.since(0, to=phone)[before:]]
    assert any("reach you" in b for b in asked)


def test_rasa_answers_a_turn_with_the_conversations_state_in_one_call(stack):
    """bot/turn_channel.py is loaded: the gateway's turns need no second (tracker) call."""
    rasa = stack.svc.settings.rasa_url.split(",")[0]
    r = httpx.post(
        rasa + "/webhooks/turn/webhook",
        json={"sender": "e2e-turn-channel", "message": "hi, we want to refinance"},
        timeout=60,
    )
    assert r.status_code == 200
    body = r.json()
    assert body["messages"] and body["tracker"]["sender_id"] == "e2e-turn-channel"
    assert body["tracker"]["slots"]["loan_purpose"] == "refinance"
