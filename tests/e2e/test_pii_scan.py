"""An SSN or a card number a borrower texts never reaches the database, Redis, Rasa's tracker
or a log line: after the conversation, all four are scanned for the digits.

The borrower texts the real stack (trained Rasa, actions, gateway) through signed Twilio
webhooks; the bot answers that it removed the number and never needs it.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, inspect, select, text

from introductions.inbound import rasa_sender
from introductions.texts import REDACTED_SMS
from storage.models import Borrower, Message
from tests.signing import twilio_form

pytestmark = pytest.mark.e2e

PHONE = "+15125550931"
SPACED_PHONE = "+15125550932"
# The digits of each secret in order, whatever sits between them (dashes, dots, spaces,
# JSON escapes): a leak in any format is found.
SSN = re.compile(r"1\D{0,3}2\D{0,3}3\D{0,3}4\D{0,3}5\D{0,3}6\D{0,3}7\D{0,3}8\D{0,3}9")
CARD = re.compile(r"4\W{0,3}1\W{0,3}1\W{0,3}1(?:\W{0,3}1){12}")
SPACED_SSN = re.compile(r"3\D{0,3}4\D{0,3}5\D{0,3}6\D{0,3}7\D{0,3}8\D{0,3}9\D{0,3}0\D{0,3}1")
MESSAGES = [
    "my ssn is 123-45-6789",
    "123 45 6789",
    "it's 123.45.6789, or 123456789 without dots",
    "my card is 4111 1111 1111 1111",
    "4111-1111-1111-1111 or 4111111111111111",
]


def text_bot(stack: Any, phone: str, body: str) -> None:
    """Post `body` as Twilio would (signed), then wait until the bot has answered it."""
    sid = "SM" + secrets.token_hex(16)
    params, headers = twilio_form(stack.svc.settings, sid, body, phone=phone)
    r = httpx.post(stack.url + "/twilio/sms", data=params, headers=headers, timeout=30)
    assert r.status_code == 200
    deadline = time.monotonic() + 60
    while True:
        with stack.svc.sessions() as s:
            status = s.scalar(select(Message.status).where(Message.provider_sid == sid))
            waiting = s.scalar(
                select(Message.id).where(
                    Message.direction == "out",
                    Message.address == phone,
                    Message.status.in_(("queued", "sending")),
                )
            )
        if status in ("processed", "failed") and waiting is None:
            return
        assert time.monotonic() < deadline, f"no answer to {body!r} (status {status})"
        time.sleep(0.1)


def leaks(pattern: re.Pattern[str], haystacks: dict[str, str]) -> list[str]:
    return [
        f"{where}: ...{hay[max(0, m.start() - 40) : m.end() + 40]!r}..."
        for where, hay in haystacks.items()
        for m in [pattern.search(hay)]
        if m
    ]


def database_text(stack: Any) -> dict[str, str]:
    """Every row of every table (text and JSON columns included), and the raw file bytes."""
    engine = create_engine(stack.database_url)
    found = {}
    try:
        with engine.connect() as conn:
            for table in inspect(conn).get_table_names():
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()  # noqa: S608
                found[f"table {table}"] = "\n".join(repr(tuple(row)) for row in rows)
    finally:
        engine.dispose()
    path = Path(stack.database_url.removeprefix("sqlite:///"))
    for file in path.parent.glob(path.name + "*"):  # the database, its WAL and journal
        if file.name.endswith("-shm"):
            # the WAL index holds page numbers, never rows: pages 0x131-0x139 in a row read
            # as "1...2...3...9" to the SSN pattern once the database grows past 300 pages
            continue
        found[f"file {file.name}"] = file.read_bytes().decode("latin-1")
    return found


def redis_text(stack: Any) -> dict[str, str]:
    """Every key and value in the gateway's Redis (the stack's in-process one), and the rate
    limiter's counters."""
    gateway = stack.server.server.config.app.state.gateway
    client = gateway.deduper.client
    found = {}
    for key in client.scan_iter("*"):
        kind = client.type(key).decode()
        value: Any = {
            "string": lambda k: client.get(k),
            "hash": lambda k: client.hgetall(k),
            "list": lambda k: client.lrange(k, 0, -1),
            "set": lambda k: client.smembers(k),
            "zset": lambda k: client.zrange(k, 0, -1, withscores=True),
        }.get(kind, lambda k: None)(key)
        found[f"redis {key!r}"] = f"{key!r} {value!r}"
    found["rate limiter"] = repr(vars(gateway.limiter.storage))
    return found


def tracker_text(stack: Any, phone: str) -> dict[str, str]:
    with stack.svc.sessions() as s:
        borrower_id = s.scalars(select(Borrower.id).where(Borrower.phone == phone)).one()
    rasa = stack.svc.settings.rasa_url.split(",")[0]
    sender = rasa_sender(borrower_id)
    params = {"include_events": "ALL", "token": stack.svc.settings.rasa_auth_token}
    r = httpx.get(f"{rasa}/conversations/{sender}/tracker", params=params)
    r.raise_for_status()
    tracker = r.json()
    assert any(e.get("event") == "user" for e in tracker["events"]), "Rasa saw the borrower"
    return {f"rasa tracker {sender}": json.dumps(tracker, ensure_ascii=False)}


def log_text(stack: Any, caplog: pytest.LogCaptureFixture) -> dict[str, str]:
    found = {
        f"log {f.name}": f.read_bytes().decode("latin-1")
        for f in Path(stack.log_dir).rglob("*")
        if f.is_file()
    }
    assert found, "the stack writes its Rasa and action server logs there"
    found["captured logging"] = "\n".join(
        f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records
    )
    return found


def replies(stack: Any, phone: str) -> list[str]:
    return [m["body"] for m in stack.fakes.twilio.messages.since(0, to=phone)]


def test_an_ssn_or_card_number_never_reaches_the_database_redis_rasa_or_a_log(stack, caplog):
    caplog.set_level(logging.DEBUG)  # every library's debug lines too (request bodies)
    text_bot(stack, PHONE, "hi")
    for body in MESSAGES:
        text_bot(stack, PHONE, body)

    said = replies(stack, PHONE)
    assert said.count(REDACTED_SMS) == len(MESSAGES), said
    assert "I never need those" in REDACTED_SMS

    haystacks = {
        **database_text(stack),
        **redis_text(stack),
        **tracker_text(stack, PHONE),
        **log_text(stack, caplog),
    }
    # The scan can see: the redacted messages are there, marked, in each store that keeps text.
    assert "my ssn is [redacted]" in haystacks["table messages"]
    tracker = next(v for k, v in haystacks.items() if k.startswith("rasa tracker"))
    assert "my ssn is [redacted]" in tracker, "Rasa saw the message, redacted"
    assert leaks(SSN, haystacks) == []
    assert leaks(CARD, haystacks) == []


def test_an_ssn_typed_with_spaced_out_separators_is_redacted_too(stack, caplog):
    caplog.set_level(logging.DEBUG)
    for body in ("my ssn: 345 - 67 - 8901", "3 4 5 6 7 8 9 0 1"):
        text_bot(stack, SPACED_PHONE, body)
    haystacks = {
        **database_text(stack),
        **redis_text(stack),
        **tracker_text(stack, SPACED_PHONE),
        **log_text(stack, caplog),
    }
    assert leaks(SPACED_SSN, haystacks) == []
