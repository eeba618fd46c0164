"""Per-number inbound rate limit, on the real PostgreSQL and Redis.

A phone sending 100 messages a minute is throttled politely (every message stored, one
notice per window, none of the extra read by the bot) while another borrower texting at
the same time hears back to every message at normal speed.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from channels.dedupe import Deduper
from channels.gateway import create_app
from channels.ratelimit import ALLOWED, KEY_PREFIX, InboundLimiter, Verdict
from runtime import metrics
from runtime.outbox import FIRST_TEXT_DISCLOSURE
from runtime.services import Services
from sandbox.fakes import Recorder, ServerThread
from storage.models import Message
from tests.conftest import REDIS_URL, sandbox_settings
from tests.signing import twilio_form
from tests.unit.test_twilio_webhook import wait_for

pytestmark = pytest.mark.integration

THROTTLE_TEXT = "faster than I can read them"
RASA_SECONDS = 0.03  # a fake turn's thinking time, like a small NLU model's


class FakeRasa:
    """Rasa's REST channel and tracker as the gateway calls them: echoes, records senders."""

    def __init__(self) -> None:
        self.turns = Recorder()
        self.app = Starlette(
            routes=[
                Route("/webhooks/rest/webhook", self.webhook, methods=["POST"]),
                Route("/conversations/{sender}/tracker", self.tracker),
                Route("/status", lambda r: JSONResponse({"model_file": "fake.tar.gz"})),
            ]
        )

    async def webhook(self, request: Request) -> JSONResponse:
        data = await request.json()
        self.turns.add({"sender": data["sender"], "message": data["message"]})
        await asyncio.sleep(RASA_SECONDS)
        return JSONResponse([{"recipient_id": data["sender"], "text": f"ok: {data['message']}"}])

    async def tracker(self, request: Request) -> JSONResponse:
        return JSONResponse({"slots": {}, "active_loop": {}})


@pytest.fixture(scope="module")
def fake_rasa() -> Iterator[FakeRasa]:
    rasa = FakeRasa()
    server = ServerThread(rasa.app).start()
    rasa.url = server.url  # type: ignore[attr-defined]
    yield rasa
    server.stop()


@dataclass
class Gate:
    svc: Services
    client: TestClient
    rasa: FakeRasa


@pytest.fixture
def gate(fakes, postgres_url, pg_sessions, redis_client, fake_rasa, monkeypatch) -> Iterator[Gate]:
    """The real app on PostgreSQL and Redis, with its limiter built from the settings."""
    monkeypatch.setenv("INBOUND_PER_MINUTE", "20")
    settings = sandbox_settings(fakes, postgres_url, rasa_url=fake_rasa.url, redis_url=REDIS_URL)
    svc = Services.build(settings, migrate=False)
    app = create_app(svc, Deduper(redis_client))
    try:
        with TestClient(app) as client:
            yield Gate(svc, client, fake_rasa)
            wait_for(svc.lanes.idle, timeout=60)
    finally:
        svc.close()


def text(gate: Gate, phone: str, body: str, n: int) -> int:
    sid = "SM" + f"{phone[-4:]}{n:06d}".ljust(32, "0")
    params, headers = twilio_form(gate.svc.settings, sid, body, phone=phone)
    return gate.client.post("/twilio/sms", data=params, headers=headers).status_code


def replies(fakes, phone: str) -> list[str]:
    """What the phone got, without the disclosure the first text carries (CTIA)."""
    return [
        m["body"].removesuffix("\n\n" + FIRST_TEXT_DISCLOSURE["en"])
        for m in fakes.twilio.messages.since(0, to=phone)
    ]


def inbound(gate: Gate, phone: str) -> dict[str, int]:
    with gate.svc.sessions() as s:
        rows = s.execute(
            select(Message.status, func.count())
            .where(Message.direction == "in", Message.address == phone)
            .group_by(Message.status)
        ).all()
    return dict(rows)  # type: ignore[arg-type]


def test_a_phone_sending_100_messages_a_minute_is_throttled_without_starving_others(
    gate, fakes, redis_client
):
    flooder, other = "+15125550601", "+15125550602"
    throttled_before = metrics.THROTTLED.labels("sms")._value.get()

    # The other borrower's normal speed, before the flood.
    def converse(phone: str, turns: int, start: int) -> list[float]:
        latencies = []
        for i in range(start, start + turns):
            t0 = time.monotonic()
            assert text(gate, phone, f"question {i}", i) == 200
            wait_for(lambda i=i: f"ok: question {i}" in replies(fakes, phone), timeout=30)
            latencies.append(time.monotonic() - t0)
        return latencies

    baseline = converse(other, 3, 0)

    flood_started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        codes = pool.map(lambda n: text(gate, flooder, f"spam {n}", n), range(100))
        during = converse(other, 5, 3)  # the other borrower texts while the flood goes on
        codes = list(codes)
    flood_seconds = time.monotonic() - flood_started
    assert codes == [200] * 100, "Twilio always gets a prompt 200"
    assert flood_seconds < 60, "the 100 messages arrived within one minute"
    wait_for(gate.svc.lanes.idle, timeout=60)

    # Every message is stored; only 20 are read by the bot; the rest are kept as throttled.
    assert inbound(gate, flooder) == {"processed": 20, "throttled": 80}
    assert len(gate.rasa.turns.since(0)) == 20 + 3 + 5
    flood_replies = replies(fakes, flooder)
    assert sum(THROTTLE_TEXT in r for r in flood_replies) == 1, "one notice for the window"
    assert sum(r.startswith("ok: spam") for r in flood_replies) == 20
    assert metrics.THROTTLED.labels("sms")._value.get() - throttled_before == 80

    # The other borrower got every answer, at normal speed, and was never throttled.
    assert inbound(gate, other) == {"processed": 8}
    assert all(f"ok: question {i}" in replies(fakes, other) for i in range(8))
    assert not any(THROTTLE_TEXT in r for r in replies(fakes, other))
    assert max(during) < max(3.0, 5 * statistics.median(baseline)), (baseline, during)
    print(f"flood {flood_seconds:.1f}s; other borrower baseline {baseline}, during {during}")

    # Over the limit, HELP and STOP still get through (compliance is never throttled).
    assert text(gate, flooder, "HELP", 200) == 200
    assert text(gate, flooder, "STOP", 201) == 200
    wait_for(gate.svc.lanes.idle)
    after = replies(fakes, flooder)
    assert any("Reply STOP" in r for r in after) and any("unsubscribed" in r for r in after)
    assert inbound(gate, flooder)["processed"] == 22

    # The counts live in Redis (shared by every gateway process), keyed without the number.
    keys = [k.decode() for k in redis_client.keys(KEY_PREFIX + "*")]
    assert keys and not any(flooder[1:] in k or flooder[-7:] in k for k in keys)


def test_the_notice_is_sent_once_per_window_and_the_limit_reopens(
    fakes, postgres_url, pg_sessions, redis_client, fake_rasa
):
    """A short window (3 per 2 s) so that two windows pass quickly in real Redis."""
    settings = sandbox_settings(fakes, postgres_url, rasa_url=fake_rasa.url)
    svc = Services.build(settings, migrate=False)
    limiter = InboundLimiter(REDIS_URL, per_window=3, window_seconds=2, secret="t")
    app = create_app(svc, Deduper(redis_client), limiter=limiter)
    phone = "+15125550603"
    try:
        with TestClient(app) as client:
            gate = Gate(svc, client, fake_rasa)
            for burst in range(2):
                started = time.monotonic()
                for n in range(8):
                    assert text(gate, phone, f"burst {burst} message {n}", burst * 10 + n) == 200
                assert time.monotonic() - started < 2, "a burst fits in one window"
                wait_for(svc.lanes.idle)
                notices = sum(THROTTLE_TEXT in r for r in replies(fakes, phone))
                assert notices == burst + 1
                time.sleep(2.5)  # the window passes
    finally:
        svc.close()
    assert inbound(gate, phone) == {"processed": 6, "throttled": 10}


def test_the_limiter_counts_in_memory_without_redis_and_lets_messages_through_if_redis_fails():
    local = InboundLimiter(None, per_window=2, window_seconds=60, secret="s")
    verdicts = [local.check("+15125550604") for _ in range(5)]
    assert verdicts == [ALLOWED, ALLOWED, Verdict(True, True), Verdict(True), Verdict(True)]
    assert local.check("+15125550605") == ALLOWED  # another number has its own count
    assert InboundLimiter(None, per_window=0).check("+15125550604") == ALLOWED  # 0: no limit

    errors_before = metrics.ERRORS.labels("ratelimit")._value.get()
    down = InboundLimiter("redis://127.0.0.1:1/0", per_window=1, secret="s")
    assert [down.check("+15125550606") for _ in range(3)] == [ALLOWED] * 3
    assert metrics.ERRORS.labels("ratelimit")._value.get() - errors_before == 3


def test_concurrent_throttled_messages_get_exactly_one_notice(redis_client):
    """Many gateway threads (or processes) at once: Redis decides the one notice."""
    limiter = InboundLimiter(REDIS_URL, per_window=5, window_seconds=60, secret="c")
    barrier = threading.Barrier(16)

    def hit(_: int) -> Verdict:
        barrier.wait()
        return limiter.check("+15125550607")

    with ThreadPoolExecutor(16) as pool:
        verdicts = list(pool.map(hit, range(16)))
    assert sum(not v.throttled for v in verdicts) == 5
    assert sum(v.notify for v in verdicts) == 1
