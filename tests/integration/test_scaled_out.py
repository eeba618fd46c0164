"""Production mode scaled out (tests/cluster.py): slow dialogues, ordering across processes,
and recovery from Redis, Rasa and worker failures with every text answered exactly once."""

from __future__ import annotations

import copy
import time
import uuid
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks import report, scaled
from benchmarks.conversations import load_scripts
from introductions.inbound import rasa_sender
from runtime.pacing import SendRates
from runtime.rasa_client import TAG
from storage.models import Borrower, Message
from tests.cluster import Cluster, eventually
from tests.conftest import FIXTURES, REDIS_URL, fresh_schema, migrated

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.timeout(900)]
SCRIPT = ["hi", "I want to buy a house", "Austin, TX", "450k"]


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with fresh_schema("mm_cluster") as url:
        yield url


@pytest.fixture(scope="module")
def db(database_url: str) -> sessionmaker[Session]:
    return migrated(database_url, FIXTURES / "roster" / "e2e.yml")


@pytest.fixture(scope="module")
def cluster(fakes, database_url, db, tmp_path_factory) -> Iterator[Cluster]:
    c = Cluster(fakes, database_url, tmp_path_factory.mktemp("cluster"))
    try:
        yield c.start()
    finally:
        c.stop()


def inbound(db: sessionmaker[Session], phone: str) -> list[Message]:
    with db() as s:
        return list(
            s.scalars(
                select(Message)
                .where(Message.direction == "in", Message.address == phone)
                .order_by(Message.id)
            )
        )


def settled(db: sessionmaker[Session], phones: list[str], count: int) -> bool:
    """Every phone has `count` texts in, all processed, and nothing left to send."""
    with db() as s:
        ins = s.scalars(
            select(Message).where(Message.direction == "in", Message.address.in_(phones))
        ).all()
        unsent = s.scalar(
            select(Message.id)
            .where(Message.direction == "out", Message.status.in_(("queued", "sending")))
            .limit(1)
        )
    per_phone = Counter(m.address for m in ins)
    return (
        all(per_phone[p] == count for p in phones)
        and all(m.status == "processed" for m in ins)
        and unsent is None
    )


def outbound(db: sessionmaker[Session], phone: str) -> list[Message]:
    with db() as s:
        return list(
            s.scalars(select(Message).where(Message.direction == "out", Message.address == phone))
        )


def sent_once(cluster: Cluster, db: sessionmaker[Session], phones: list[str]) -> bool:
    """Every outbound row was sent, and the fake Twilio got each exactly once."""
    out = [m for p in phones for m in outbound(db, p)]
    at_twilio = [m for p in phones for m in cluster.fakes.twilio.messages.since(0, to=p)]
    assert out, "no replies at all"
    assert {m.status for m in out} == {"sent"}
    assert sorted(m["sid"] for m in at_twilio) == sorted(str(m.provider_sid) for m in out)
    return len(at_twilio) == len({m["sid"] for m in at_twilio})


def user_turns(cluster: Cluster, db: sessionmaker[Session], phone: str) -> list[str]:
    """What Rasa's shared tracker recorded the borrower saying, in order."""
    with db() as s:
        borrower_id = s.scalars(select(Borrower.id).where(Borrower.phone == phone)).one()
    r = httpx.get(
        f"http://127.0.0.1:{cluster.ports['rasa2']}/conversations/{rasa_sender(borrower_id)}/tracker"
    )
    return [e["text"] for e in r.json()["events"] if e["event"] == "user"]


def test_a_slow_dialogue_still_acks_at_once_and_replies_later(cluster, db):
    assert cluster.proxy is not None
    phone = "+15125557001"
    cluster.proxy.delay = 20.0  # every custom action takes 20 s
    try:
        status, seconds = cluster.text("gateway1", phone, "I want to buy a house")
        assert status == 200
        assert seconds < 1.0  # Twilio gives up on a webhook after 15 s; we answer at once
        eventually(lambda: settled(db, [phone], 1), "the slow reply", 90)
    finally:
        cluster.proxy.delay = 0
    assert sent_once(cluster, db, [phone])


def test_two_texts_50ms_apart_on_two_gateways_are_handled_in_order(cluster, db):
    phone = "+15125557002"
    first, second = "I want to buy a house", "Austin, TX"
    assert cluster.text("gateway1", phone, first)[0] == 200
    time.sleep(0.05)
    assert cluster.text("gateway2", phone, second)[0] == 200
    eventually(lambda: settled(db, [phone], 2), "both turns", 60)

    assert user_turns(cluster, db, phone) == [first, second]
    a, b = inbound(db, phone)
    assert a.done_at <= b.done_at
    assert sent_once(cluster, db, [phone])
    replies = sorted(outbound(db, phone), key=lambda m: m.id)
    assert [m.body for m in replies] == [
        m["body"] for m in cluster.fakes.twilio.messages.since(0, to=phone)
    ]  # the texts reached the phone in the order the turns wrote them
    logs = cluster.logs()
    assert "LockError" not in logs and "Could not acquire lock" not in logs
    assert "Traceback" not in logs


def test_the_scaled_load_script_measures_this_cluster(cluster, db):
    """benchmarks.scaled at tiny size on this cluster, so the load script cannot rot (its
    figures are reported by `make bench`, never asserted as fast)."""
    scripts = [copy.copy(sc) for sc in load_scripts() if len(sc.messages) >= 4]
    for sc in scripts:
        sc.messages = sc.messages[:2]  # never the consent: no borrower is matched
    rasa = f"http://127.0.0.1:{cluster.ports['rasa1']}"
    for key, text in (("m-1", "hi"), ("m-2", "I want to buy a house")):
        body = {"sender": "turn-channel", "message": text, "metadata": {TAG: key}}
        one = httpx.post(rasa + "/webhooks/turn/webhook", json=body, timeout=60).json()
        assert one["tracker"]["sender_id"] == "turn-channel"  # state saved in Redis, one call
    events = httpx.get(rasa + "/conversations/turn-channel/tracker", timeout=30).json()["events"]
    assert [e["message_id"] for e in events if e["event"] == "user"] == ["m-1", "m-2"]
    # Our id is not session metadata: that slot event would sit outside the session Redis
    # hands back, and every save would merge the whole history again.
    assert not [e for e in events if e.get("name") == "session_started_metadata"]
    r = scaled.measure(cluster, db.kw["bind"], 2, 3.0, 40, "9", scripts)
    assert r["bare_rasa"]["count"] > 0 and r["bare_rasa"]["errors"] == 0, r
    turn = r["gateway_turn"]
    assert turn["count"] > 0 and turn["errors"] == 0 and r["unanswered_turns"] == 0, r
    assert 0 < r["webhook_ack"]["p50_ms"] < turn["p50_ms"] <= turn["p99_ms"], r
    cpu = r["cpu_ms_per_turn"]["product"]
    assert cpu["rasa"] > 0 and cpu["worker"] > 0 and cpu["gateway"] > 0, cpu
    assert r["stages"]["stored_to_processed_p50_ms"] > 0, r
    first = r["webhook_ack_first_texts"]  # each new conversation's first text
    assert 2 <= first["count"] <= r["webhook_ack"]["count"] and first["errors"] == 0, r
    burst = r["burst"]  # both borrowers' first texts at once, each turn waited for
    assert burst["webhook_ack"]["count"] == 2 and burst["webhook_ack"]["errors"] == 0, r
    assert burst["turn"]["count"] == 2 and burst["turn"]["errors"] == 0, r
    layout = {"gateways": cluster.gateways, "rasa_servers": cluster.rasas, "workers": 2}
    text = report.scaled({"layout": layout, "runs": [r]})
    assert "| 2 | product, last reply |" in text and "burst p50 / p99 ms" in text


def test_redis_rasa_and_worker_failures_lose_and_double_nothing(cluster, db):
    assert cluster.redis is not None
    phones = [f"+1512555710{i}" for i in range(4)]

    def say(step: int) -> None:
        for n, phone in enumerate(phones):
            status, _ = cluster.text(f"gateway{n % 2 + 1}", phone, SCRIPT[step])
            assert status == 200  # Twilio must never see an error and retry into a double

    say(0)
    eventually(lambda: settled(db, phones, 1), "first turns", 60)

    # Redis stops mid-traffic: texts are stored in PostgreSQL and acknowledged; once Redis
    # is back the timers hand them to the workers.
    cluster.redis.stop()
    say(1)
    ready = httpx.get(f"http://127.0.0.1:{cluster.ports['gateway1']}/readyz", timeout=10)
    assert (ready.status_code, ready.json()["redis"]) == (200, False)  # still takes texts
    time.sleep(2)
    cluster.redis.start()
    eventually(lambda: settled(db, phones, 2), "turns after the Redis restart", 120)

    # One Rasa server dies: the other, sharing the trackers, takes every borrower.
    cluster.kill("rasa1")
    say(2)
    eventually(lambda: settled(db, phones, 3), "turns without rasa1", 60)
    cluster.restart_rasa("rasa1")

    # The workers die while Twilio is slow: the texts were committed, not sent. Their
    # claims expire and new workers send each one once.
    cluster.fakes.twilio.hang_seconds = 4
    say(3)
    eventually(lambda: _claimed(db), "a worker sending", 30)
    cluster.kill("worker1")
    cluster.kill("worker2")
    cluster.fakes.twilio.hang_seconds = 0
    cluster.start_workers()
    eventually(lambda: settled(db, phones, 4), "turns after the workers died", 120)
    cluster.wait_rasa("rasa1")

    for phone in phones:
        assert user_turns(cluster, db, phone) == SCRIPT  # each text reached Rasa once
    assert sent_once(cluster, db, phones)


def _claimed(db: sessionmaker[Session]) -> bool:
    with db() as s:
        return s.scalar(select(Message.id).where(Message.status == "sending").limit(1)) is not None


def test_two_senders_sharing_redis_keep_one_numbers_rate():
    """Pacing is per sending number across processes: two workers' limiters, one budget."""
    a, b = (SendRates.build(REDIS_URL, sms_per_second=5, slack_per_second=0) for _ in range(2))
    number = f"+1555{uuid.uuid4().int % 10**7:07d}"
    start = time.monotonic()
    for i in range(10):
        assert (a if i % 2 else b).wait_sms(number, "hello", max_wait=5)
    elapsed = time.monotonic() - start
    assert elapsed >= 0.9  # 10 segments at 5 a second: the second five wait a window
