"""Production mode: dialogue turns and sends are RQ jobs on Redis, run by `mm worker` processes.

A lane (one borrower's inbound texts, or everything to one recipient) is worked by one
process at a time, in database order, whichever worker picks its job up:

- kick(lane): set the lane's pending flag, then enqueue a job for it;
- a job takes the lane's lock without waiting (if another process holds it, that process
  will see the pending flag), clears the flag and works the lane until the flag stays
  clear, releases the lock, and looks at the flag once more (a kick that arrived while it
  was releasing found the lock taken and left the work to it).

So a flood of jobs for one busy borrower costs one Redis round trip each, never a blocked
worker, and other borrowers' jobs keep moving.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import Future

import redis
from redis.exceptions import LockError
from redis.lock import Lock
from rq import Queue

from runtime.lanes import KeyedExecutor

log = logging.getLogger(__name__)
INBOUND, OUTBOX = "mm-inbound", "mm-outbox"
LEASE_SECONDS = 30  # renewed every 10 s while held; a killed holder's lane frees in 30 s
JOB_TIMEOUT = 600


def borrower_lane(borrower_id: int) -> str:
    return f"borrower:{borrower_id}"


def recipient_lane(address: str) -> str:
    return f"to:{address}"


class JobQueue:
    def __init__(self, redis_url: str) -> None:
        # RQ stores pickled jobs: a bytes client, short timeouts so an outage fails fast.
        self.redis = redis.Redis.from_url(
            redis_url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=10
        )
        self.inbound = Queue(INBOUND, connection=self.redis)
        self.outbox = Queue(OUTBOX, connection=self.redis)

    def kick_borrower(self, borrower_id: int) -> None:
        lane = borrower_lane(borrower_id)
        self._kick(self.inbound, "channels.worker.run_borrower", lane, borrower_id)

    def kick_recipient(self, address: str) -> None:
        self._kick(self.outbox, "channels.worker.run_recipient", recipient_lane(address), address)

    def _kick(self, queue: Queue, func: str, lane: str, arg: object) -> None:
        self.redis.set(f"mm:pending:{lane}", 1)
        queue.enqueue(func, arg, job_timeout=JOB_TIMEOUT, result_ttl=0, failure_ttl=24 * 3600)

    def run_now(self, lane: str, work: Callable[[], object]) -> None:
        """Work the lane in this process now, unless another process holds it: the flag
        tells that one to do it (`drain`'s last look covers a holder that is just leaving)."""
        self.redis.set(f"mm:pending:{lane}", 1)
        self.drain(lane, work)

    def lock(self, lane: str) -> Lock:
        # Not thread-local: the renewing thread must see the holder's token.
        lock: Lock = self.redis.lock(f"mm:lane:{lane}", timeout=LEASE_SECONDS, thread_local=False)
        return lock

    def drain(self, lane: str, work: Callable[[], object]) -> None:
        """Run `work` while the lane has pending work and no other process holds it."""
        pending = f"mm:pending:{lane}"
        while True:
            lock = self.lock(lane)
            if not lock.acquire(blocking=False):
                return
            try:
                with renewing(lock):
                    while self.redis.delete(pending):
                        work()
            finally:
                _release(lock)
            if not self.redis.exists(pending):
                return

    def depth(self) -> dict[str, int]:
        return {INBOUND: self.inbound.count, OUTBOX: self.outbox.count}


@contextlib.contextmanager
def renewing(lock: Lock) -> Iterator[None]:
    """Keep the lease fresh while the holder is alive, however long its turn takes."""
    done = threading.Event()

    def renew() -> None:
        while not done.wait(LEASE_SECONDS / 3):
            try:
                lock.reacquire()
            except (LockError, redis.RedisError) as exc:
                log.warning("could not renew lane lock %s: %s", lock.name, exc)

    threading.Thread(target=renew, name="mm-lease", daemon=True).start()
    try:
        yield
    finally:
        done.set()


def _release(lock: Lock) -> None:
    try:
        lock.release()
    except LockError:  # our lease ran out; the lane's work is idempotent, so just note it
        log.warning("lane lock %s expired before release", lock.name)


class LockedLanes(KeyedExecutor):
    """The in-process lanes, plus the borrower's Redis lock, for work done in a web process
    (Slack buttons and relays) that must not overlap that borrower's worker turns."""

    def __init__(self, queue: JobQueue, workers: int = 8) -> None:
        super().__init__(workers)
        self.queue = queue

    def submit(self, key: Hashable, job: Callable[[], object]) -> Future[object]:
        lane = borrower_lane(key) if isinstance(key, int) else str(key)

        def locked() -> object:
            lock = self.queue.lock(lane)
            if not lock.acquire(blocking=True, blocking_timeout=LEASE_SECONDS):
                raise TimeoutError(f"lane {lane} stayed busy")
            try:
                with renewing(lock):
                    return job()
            finally:
                _release(lock)
                if isinstance(key, int) and self.queue.redis.exists(f"mm:pending:{lane}"):
                    self.queue.kick_borrower(key)  # a turn that found us holding the lane

        return super().submit(key, locked)
