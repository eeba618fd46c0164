"""What `mm worker` runs in production (JOB_QUEUE=redis): RQ jobs working one borrower's
inbound texts in order, or one recipient's outbound messages in order (runtime/jobqueue.py)."""

from __future__ import annotations

import logging
import time

from redis.exceptions import RedisError
from rq import SimpleWorker
from sqlalchemy import select

from introductions.inbound import process_inbound
from runtime import metrics
from runtime.jobqueue import INBOUND, OUTBOX, borrower_lane, recipient_lane
from runtime.outbox import deliver_due
from runtime.services import Services
from runtime.settings import Settings
from storage.models import Message

log = logging.getLogger(__name__)
RASA_RETRIES = 12  # the timers re-kick every 5 s: about a minute of Rasa outage

_services: Services | None = None


def services() -> Services:
    """One Services per worker process, built from the environment on first use."""
    global _services
    if _services is None:
        _services = Services.build(Settings.from_env(), migrate=False)
    return _services


def run_borrower(borrower_id: int) -> None:
    svc = services()
    assert svc.queue is not None

    def work() -> None:
        with svc.sessions() as s:
            ids = list(
                s.scalars(
                    select(Message.id)
                    .where(
                        Message.borrower_id == borrower_id,
                        Message.direction == "in",
                        Message.status == "received",
                    )
                    .order_by(Message.id)
                )
            )
        for message_id in ids:
            # Raises on a Rasa outage: later texts wait, so the order holds when it retries.
            process_inbound(svc, message_id, retries=RASA_RETRIES)

    svc.queue.drain(borrower_lane(borrower_id), work)  # each turn sends its own replies


def run_recipient(address: str) -> None:
    svc = services()
    assert svc.queue is not None
    svc.queue.drain(recipient_lane(address), lambda: deliver_due(svc, address))


def work(svc: Services, burst: bool = False) -> None:
    """An RQ worker in this process (no fork: the database pool and clients are reused).
    Sends first, so a slow turn never holds back a reply that is ready. A Redis outage
    ends RQ's loop; a new worker takes over once Redis answers again."""
    assert svc.queue is not None
    warm_up(svc)
    while True:
        try:
            worker = SimpleWorker([OUTBOX, INBOUND], connection=svc.queue.redis)
            worker.work(burst=burst, logging_level="WARNING")
            return
        except RedisError as exc:
            metrics.error("worker")
            log.warning("worker: redis unavailable, retrying: %s", exc)
            time.sleep(1)


def warm_up(svc: Services) -> None:
    """Before the first job: twilio's client imports its REST API's modules on first use
    (about 50 ms of CPU, far more on a busy host), which the first turn's reply waited on."""
    svc.twilio.api.v2010.account.messages  # noqa: B018  # the attribute access imports
