"""The sandbox shows the new paths: a waitlisted borrower, the language question, a
re-matched borrower, and its Pass menu posts the choice as Slack does."""

from __future__ import annotations

import anyio
import httpx
import pytest

from introductions.inbound import conversation_state
from introductions.texts import PASS
from sandbox.app import Sandbox
from storage.models import Borrower, Introduction
from tests.conftest import BOT_NUMBER
from tests.unit.test_handoff import intro_of
from tests.unit.test_introduction_flow import Clock, lo_user, press, text_bot
from tests.unit.test_twilio_webhook import wait_for
from tests.unit.test_waitlist import qualified_borrower, slash, start_clock


@pytest.fixture
def clock(wired) -> Clock:
    return start_clock(wired)


@pytest.fixture
def sandbox(wired, clock) -> Sandbox:
    box = Sandbox(wired.svc, wired.fakes, BOT_NUMBER)
    box.http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=wired.app), base_url=wired.svc.settings.public_base_url
    )
    return box


def states(sandbox: Sandbox) -> dict[str, str]:
    return {b["phone"]: b["state"] for b in sandbox.borrowers()}


def titles(sandbox: Sandbox, phone: str) -> list[str]:
    return [e["title"] for e in sandbox.timeline(phone)["events"]]


def test_the_sandbox_shows_waitlisted_language_question_and_re_matched(wired, sandbox):
    qualified_borrower(wired, state="WA", phone="+12065551101")
    qualified_borrower(wired, state="CA", phone="+13105551102", language="es")
    rematched = qualified_borrower(wired, state="TX", phone="+15125551103")
    intro = intro_of(wired, rematched)
    press(wired, intro.id, "intro_accept", lo_user(wired, intro), until=lambda: True)
    wait_for(lambda: intro_of(wired, rematched).status == "introduced")
    slash(wired, lo_user(wired, intro), f"outcome {intro.id} lost")
    text_bot(wired, "+15125551103", "hi", "SM" + "sb1".ljust(32, "0"))
    text_bot(wired, "+15125551103", "yes", "SM" + "sb2".ljust(32, "0"))

    seen = states(sandbox)
    assert seen["+12065551101"] == "waitlisted"
    assert seen["+13105551102"] == "language_question"
    assert seen["+15125551103"] == "offered"
    waiting = sandbox.timeline("+12065551101")["events"]
    [place] = [e for e in waiting if e["kind"] == "waitlist"]
    assert place["title"] == "Put on the waiting list" and place["status"] == "waiting"
    assert any(
        "speaks English only: asked the borrower" in t for t in titles(sandbox, "+13105551102")
    )
    assert any(t.startswith("Re-matched: offered to") for t in titles(sandbox, "+15125551103"))


def test_the_sandbox_pass_menu_posts_the_reason(wired, sandbox):
    borrower_id = qualified_borrower(wired, state="TX", phone="+15125551104")
    intro = intro_of(wired, borrower_id)
    status = anyio.run(sandbox.click, f"{intro.id}:too_busy", PASS, lo_user(wired, intro), True)
    assert status == 200
    wait_for(lambda: wired.svc.lanes.idle() and intro_of(wired, borrower_id).id != intro.id)
    with wired.svc.sessions() as s:
        assert s.get_one(Introduction, intro.id).pass_reason == "too_busy"


def test_mm_converse_keeps_no_match_for_a_waiting_borrower(wired, clock):
    waiting = qualified_borrower(wired, state="WA", phone="+12065551105")
    asked = qualified_borrower(wired, state="CA", phone="+13105551106", language="es")
    with wired.svc.sessions() as s:
        assert conversation_state(s, s.get_one(Borrower, waiting)) == "no_match"
        assert conversation_state(s, s.get_one(Borrower, asked)) == "language_question"
    text_bot(wired, "+13105551106", "no", "SM" + "sb3".ljust(32, "0"))
    with wired.svc.sessions() as s:
        assert conversation_state(s, s.get_one(Borrower, asked)) == "no_match"
