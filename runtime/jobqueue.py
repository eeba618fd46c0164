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
import secrets
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

# KEYS: the lane's pending flag, its lock. ARGV: our token, the lease in ms, 1 to set the
# flag first. 1: the lane is ours and had work (the flag is cleared); 0: nothing was
# pending (the lane is left free); -1: another process holds it.
TAKE_LANE = """
if ARGV[3] == '1' then redis.call('SET', KEYS[1], 1) end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return -1 end
if redis.call('DEL', KEYS[1]) == 1 then return 1 end
redis.call('DEL', KEYS[2])
return 0
"""
# KEYS as above, ARGV: our token. 1: more work was kicked (the flag is cleared, the lane
# still ours); 0: none, and the lane is released; -1: none, and our lease had run out.
NEXT_OR_LEAVE = """
if redis.call('DEL', KEYS[1]) == 1 then return 1 end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) return 0 end
return -1
"""


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
        self._take = self.redis.register_script(TAKE_LANE)
        self._next = self.redis.register_script(NEXT_OR_LEAVE)

    def kick_borrower(self, borrower_id: int) -> None:
        lane = borrower_lane(borrower_id)
        self._kick(self.inbound, "channels.worker.run_borrower", lane, borrower_id)

    def kick_recipient(self, address: str) -> None:
        self._kick(self.outbox, "channels.worker.run_recipient", recipient_lane(address), address)

    def _kick(self, queue: Queue, func: str, lane: str, arg: object) -> None:
        # The flag, then RQ's job, in one round trip (docs/benchmarks.md).
        with self.redis.pipeline() as pipe:
            pipe.multi()  # RQ's enqueue expects a pipeline in MULTI mode
            pipe.set(f"mm:pending:{lane}", 1)
            queue.enqueue(
                func,
                arg,
                job_timeout=JOB_TIMEOUT,
                result_ttl=0,
                failure_ttl=24 * 3600,
                pipeline=pipe,
            )
            pipe.execute()

    def run_now(self, lane: str, work: Callable[[], object]) -> None:
        """Work the lane in this process now, unless another process holds it: the flag
        tells that one to do it (`drain`'s last look covers a holder that is just leaving)."""
        self.drain(lane, work, flag=True)

    def lock(self, lane: str) -> Lock:
        # Not thread-local: the renewing thread must see the holder's token.
        lock: Lock = self.redis.lock(f"mm:lane:{lane}", timeout=LEASE_SECONDS, thread_local=False)
        return lock

    def drain(self, lane: str, work: Callable[[], object], flag: bool = False) -> None:
        """Run `work` while the lane has pending work and no other process holds it
        (`flag`: set the lane's pending flag first). Two round trips for one piece of work:
        taking the lane and its flag is one script, and so is looking at the flag once more
        and leaving; as each is atomic, no kick can fall between the last look and the
        release (docs/benchmarks.md)."""
        pending = f"mm:pending:{lane}"
        lock = self.lock(lane)
        token = secrets.token_hex(16).encode()
        keys = [pending, lock.name]
        if self._take(keys=keys, args=[token, LEASE_SECONDS * 1000, int(flag)]) != 1:
            return  # another process holds the lane, or nothing is pending
        lock.local.token = token  # the renewing thread and _release use it
        try:
            with renewing(lock):
                work()
                while (left := self._next(keys=keys, args=[token])) == 1:
                    work()
            if left == -1:  # the lane's work is idempotent, so just note it
                log.warning("lane lock %s expired before release", lock.name)
        except BaseException:
            _release(lock)
            raise

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
