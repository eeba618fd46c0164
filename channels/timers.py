"""The timers: offer deadlines, check-backs, the waiting list, outbox retries, and
re-kicking what a crash or an outage left behind. A thread of the one process in the
embedded default; `mm timers` in production, where a Redis lock lets only one of several
timers processes tick at a time."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from weakref import ref

from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from introductions.checkback import run_due_jobs
from introductions.handoff import expire_due, handoff_settings
from introductions.next_steps import offer_waitlisted, roster_mark
from runtime import crm, metrics
from runtime.outbox import deliver_pending, reclaim_stale
from runtime.services import Services
from storage.models import Message
from storage.privacy import erase_old_bodies, purge_old_deliveries, retention_days

log = logging.getLogger(__name__)
STALE_INBOUND = timedelta(seconds=15)  # a received text this old has lost its job
RETENTION_EVERY = timedelta(hours=1)  # the retention sweep reads every message: not each tick
# Per Services: the roster as last swept (the weak reference tells a reused id apart).
_last_mark: dict[int, tuple[ref[Services], tuple[object, ...]]] = {}


def sweep_waitlist(svc: Services) -> int:
    """Offer the waiting list again, only when an LO may have become licensed, available or
    got room since the last sweep (or SWEEP_AT_LEAST_EVERY passed)."""
    now = svc.clock()
    try:
        with svc.sessions.begin() as s:
            mark = roster_mark(s, now)
            seen = _last_mark.get(id(svc))
            if seen is not None and seen[0]() is svc and seen[1] == mark:
                return 0
            made = offer_waitlisted(s, now, handoff_settings(svc))
            s.flush()
            _last_mark[id(svc)] = (ref(svc), roster_mark(s, now))
    except IntegrityError:
        # Another transaction gave a waiting borrower a live introduction first and the
        # one-live-introduction index refused this one: nothing of this sweep is kept, and
        # the next sweep tries again (the roster mark was not stored).
        log.warning("waitlist sweep lost a race to another offer; the next sweep retries")
        return 0
    return made


def tick(svc: Services) -> None:
    now = svc.clock()
    with svc.sessions.begin() as s:
        expire_due(s, now, handoff_settings(svc))
    with svc.sessions.begin() as s:
        run_due_jobs(s, now)
    sweep_waitlist(svc)
    reclaim_stale(svc)
    if svc.queue is not None:
        with svc.sessions() as s:
            stuck = list(
                s.scalars(
                    select(Message.borrower_id)
                    .where(
                        Message.direction == "in",
                        Message.status == "received",
                        Message.created_at < now - STALE_INBOUND,
                    )
                    .distinct()
                )
            )
        for borrower_id in stuck:
            if borrower_id is not None:  # an inbound text always has its borrower
                svc.queue.kick_borrower(borrower_id)
    retention(svc, now)
    crm.deliver_due(svc)
    deliver_pending(svc)


# Per Services (a process may run several); the weak reference tells a reused id apart.
_last_retention: dict[int, tuple[ref[Services], datetime]] = {}
_retention_lock = threading.Lock()  # the sandbox's clock button and the timers thread


def retention(svc: Services, now: datetime) -> int:
    """Erase the texts of conversations closed for RETENTION_DAYS (storage.privacy), once an
    hour of the services' clock, the first an hour after start (not amid a start-up's
    burst of writes); returns the messages erased."""
    last = _last_retention.get(id(svc))
    if last is None or last[0]() is not svc:
        _last_retention[id(svc)] = (ref(svc), now)
        return 0
    if now - last[1] < RETENTION_EVERY or not _retention_lock.acquire(blocking=False):
        return 0
    try:
        _last_retention[id(svc)] = (ref(svc), now)
        days = retention_days()
        with svc.sessions.begin() as s:
            erased = erase_old_bodies(s, now, days)
            purge_old_deliveries(s, now, days)
    finally:
        _retention_lock.release()
    if erased:
        log.info("retention: erased the bodies of %d messages", erased)
    return erased


class Timers:
    def __init__(self, svc: Services, every: float = 5.0) -> None:
        self.svc, self.every = svc, every
        self.stopping = threading.Event()

    def start(self) -> None:
        self.stopping = threading.Event()
        threading.Thread(
            target=self.run, args=(self.stopping,), name="mm-timers", daemon=True
        ).start()

    def stop(self) -> None:
        self.stopping.set()

    def tick(self) -> None:
        queue = self.svc.queue
        if queue is None:
            tick(self.svc)
            return
        lock = queue.redis.lock("mm:timers", timeout=max(60.0, 4 * self.every))
        if lock.acquire(blocking=False):  # another timers process has this round
            try:
                tick(self.svc)
            finally:
                lock.release()

    def run(self, stopping: threading.Event) -> None:
        while not stopping.wait(self.every):
            try:
                self.tick()
            except RedisError as exc:  # an outage: the next round tries again
                metrics.error("timers")
                log.warning("timers: redis unavailable: %s", exc)
            except Exception:  # keep ticking; the failure is logged with its traceback
                metrics.error("timers")
                log.exception("timer tick failed")
