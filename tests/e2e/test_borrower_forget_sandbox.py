"""A deletion request in the sandbox layout: Rasa keeps its trackers in memory, so `forget`
resets them through Rasa's HTTP API; then the database and the tracker are scanned."""

from __future__ import annotations

import contextlib
import sqlite3

import httpx
from sqlalchemy import select

from introductions.inbound import rasa_sender
from mm import borrower as mm_borrower
from storage.models import Borrower, utcnow
from tests.browser.helpers import api_say, qualify

PHONE = "+15125550911"


def test_forget_resets_rasas_in_memory_tracker_and_the_database(stack):
    qualify(api_say(stack.url, PHONE))
    with stack.svc.sessions() as s:
        borrower_id = s.scalars(select(Borrower.id).where(Borrower.phone == PHONE)).one()
    rasa, token = stack.svc.settings.rasa_url, stack.svc.settings.rasa_auth_token
    tracker = f"{rasa}/conversations/{rasa_sender(borrower_id)}/tracker"
    auth = {"token": token} if token else None
    events = httpx.get(tracker, params=auth, timeout=30).json()["events"]
    said = [e["text"] for e in events if e["event"] == "user"]
    assert "Austin, TX" in said

    done = mm_borrower.forget(
        stack.svc.sessions, PHONE, "dpo", utcnow(), rasa_urls=[rasa], rasa_token=token
    )
    assert done.erased["rasa_trackers"] == 1 and done.erased["borrowers"] == 1

    events = httpx.get(tracker, params=auth, timeout=30).json()["events"]
    assert [e for e in events if e["event"] in ("user", "bot", "slot")] == []
    # Closed at once: an open connection would hold the shared stack's database.
    with contextlib.closing(sqlite3.connect(stack.database_url.removeprefix("sqlite:///"))) as conn:
        everything = "\n".join(conn.iterdump())
    for trace in (PHONE, PHONE[2:]):  # (other tests' borrowers give the same answers)
        assert trace not in everything, trace
