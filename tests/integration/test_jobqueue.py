"""Lanes on the real Redis: one process at a time per lane, and no kick ever left unworked."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from runtime.jobqueue import JobQueue
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration


@pytest.fixture
def queue(redis_client) -> JobQueue:
    return JobQueue(REDIS_URL)


def test_kicks_during_a_long_turn_are_worked_by_the_holder_never_in_parallel(queue):
    lane = f"borrower:{uuid.uuid4().hex}"
    inside, overlaps, rounds = [0], [0], [0]
    guard = threading.Lock()

    def work() -> None:
        with guard:
            inside[0] += 1
            overlaps[0] += inside[0] > 1
        time.sleep(0.2)
        with guard:
            inside[0] -= 1
            rounds[0] += 1

    def kick_and_drain() -> None:
        queue.redis.set(f"mm:pending:{lane}", 1)
        queue.drain(lane, work)

    threads = [threading.Thread(target=kick_and_drain) for _ in range(8)]
    for i, t in enumerate(threads):
        t.start()
        time.sleep(0.03 * (i % 3))
    for t in threads:
        t.join(10)
    assert overlaps[0] == 0
    assert 1 <= rounds[0] <= 8  # kicks that met a busy lane were folded into the holder's
    assert not queue.redis.exists(f"mm:pending:{lane}")  # nothing left behind
    assert queue.lock(lane).acquire(blocking=False)  # and the lane is free


def test_a_failing_turn_releases_the_lane(queue):
    lane = f"borrower:{uuid.uuid4().hex}"
    queue.redis.set(f"mm:pending:{lane}", 1)

    def boom() -> None:
        raise RuntimeError("rasa is down")

    with pytest.raises(RuntimeError):
        queue.drain(lane, boom)
    assert queue.lock(lane).acquire(blocking=False)


def test_kicking_enqueues_a_job_per_kick(queue):
    before = queue.depth()["mm-inbound"]
    queue.kick_borrower(424242)
    assert queue.depth()["mm-inbound"] == before + 1
    queue.inbound.empty()


def test_a_kick_is_one_round_trip_and_a_lane_with_one_turn_two(queue, monkeypatch):
    """Every round trip is CPU on both sides at each turn (docs/benchmarks.md)."""
    lane, ran = f"to:{uuid.uuid4().hex}", []
    queue.run_now(lane, lambda: None)  # loads the scripts into Redis
    queue.kick_borrower(424243)  # RQ asks the server's version once
    pool, trips = queue.redis.connection_pool, [0]
    get = pool.get_connection

    def counted(*args, **kwargs):
        trips[0] += 1
        return get(*args, **kwargs)

    monkeypatch.setattr(pool, "get_connection", counted)
    queue.kick_borrower(424243)
    assert trips[0] == 1
    trips[0] = 0
    queue.run_now(lane, lambda: ran.append(1))
    assert ran == [1] and trips[0] == 2
    assert not queue.redis.exists(f"mm:pending:{lane}")
    assert queue.lock(lane).acquire(blocking=False)
    queue.inbound.empty()
