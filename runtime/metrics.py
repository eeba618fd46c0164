"""Prometheus metrics: what the gateway, the dialogue and the handoff count and time.

Labels are a small fixed vocabulary (channel, status, endpoint, reason, where), never a
phone number, a name or a message: every label value is checked against `LABEL_VALUE`.

Several processes on one host (gateways, workers) share their numbers through
prometheus_client's multiprocess mode: set `PROMETHEUS_MULTIPROC_DIR` to an empty directory
writable by all of them *before* they start (the client picks its storage at import), wipe
it when they all restart, and `/metrics` of any one process then reports the sum of all.
The queue depth is read from the database at scrape time, so it is right in both modes.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from storage.models import Message

LABEL_VALUE = re.compile(r"[a-z][a-z0-9_]{0,31}")  # a word, never a number or a name
CONTENT_TYPE = CONTENT_TYPE_LATEST

MESSAGES_IN = Counter(
    "mm_messages_in", "Inbound messages accepted and stored, by channel", ["channel"]
)
MESSAGES_OUT = Counter(
    "mm_messages_out", "Outbound send attempts, by channel and status", ["channel", "status"]
)
THROTTLED = Counter(
    "mm_messages_throttled",
    "Inbound messages stored but not read by the bot: the number is over its rate",
    ["channel"],
)
REJECTED = Counter(
    "mm_webhook_rejected",
    "Webhook requests refused or ignored, by endpoint and reason",
    ["endpoint", "reason"],
)
ACK_SECONDS = Histogram(
    "mm_webhook_ack_seconds",
    "Time from a webhook request to its answer, by endpoint",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TURN_SECONDS = Histogram(
    "mm_rasa_turn_seconds",
    "One dialogue turn through Rasa (message and tracker), successful or not",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)
OFFERS = Counter("mm_offers", "Exclusive offers made to a loan officer")
NO_MATCH = Counter("mm_no_match", "Matches that found no eligible loan officer with room")
ACCEPTS = Counter("mm_offer_accepts", "Offers accepted by the loan officer")
PASSES = Counter("mm_offer_passes", "Offers passed by the loan officer")
EXPIRIES = Counter("mm_offer_expiries", "Offers that expired unanswered")
ERRORS = Counter("mm_errors", "Failures, by where they happened", ["where"])


def _label(value: str) -> str:
    if not LABEL_VALUE.fullmatch(value):
        raise ValueError(f"not a metric label value: {value[:40]!r}")
    return value


def message_in(channel: str) -> None:
    MESSAGES_IN.labels(_label(channel)).inc()


def sent(channel: str, ok: bool) -> None:
    """One outbound send attempt finished: `ok` False when it raised (it may be retried)."""
    MESSAGES_OUT.labels(_label(channel), "sent" if ok else "failed").inc()


def throttled(channel: str = "sms") -> None:
    THROTTLED.labels(_label(channel)).inc()


def rejected(endpoint: str, reason: str) -> None:
    REJECTED.labels(_label(endpoint), _label(reason)).inc()


def error(where: str) -> None:
    ERRORS.labels(_label(where)).inc()


@contextlib.contextmanager
def timed(observe: Callable[[float], None]) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        observe(time.perf_counter() - start)


def ack_timer(endpoint: str) -> contextlib.AbstractContextManager[None]:
    return timed(ACK_SECONDS.labels(_label(endpoint)).observe)


# Counts of what a transaction does are added when it commits, not when it rolls back.
_PENDING = "mm_metrics_pending"


def on_commit(session: Session, counter: Counter, amount: float = 1) -> None:
    """Add `amount` to `counter` once `session`'s transaction commits (never if it rolls back)."""
    if amount:
        session.info.setdefault(_PENDING, []).append((counter, amount))


@sa_event.listens_for(Session, "after_commit")
def _count_committed(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint was released; the outer transaction may still roll back
    for counter, amount in session.info.pop(_PENDING, ()):
        counter.inc(amount)


@sa_event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session: Session, transaction: object) -> None:
    if getattr(transaction, "parent", None) is None:
        session.info.pop(_PENDING, None)


class QueueDepth(Collector):
    """At scrape time: outbound messages waiting to be sent, inbound waiting for the bot."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterable[Metric]:
        gauge = GaugeMetricFamily(
            "mm_queue_depth", "Messages waiting, read from the database", labels=["queue"]
        )
        try:
            with self.sessions() as s:
                rows = dict(
                    s.execute(
                        select(Message.direction, func.count())
                        .where(
                            ((Message.direction == "out") & (Message.status == "queued"))
                            | ((Message.direction == "in") & (Message.status == "received"))
                        )
                        .group_by(Message.direction)
                    ).all()
                )
        except Exception:  # a scrape must answer even when the database does not
            error("metrics_queue_depth")
            return []
        gauge.add_metric(["outbound"], rows.get("out", 0))
        gauge.add_metric(["inbound"], rows.get("in", 0))
        return [gauge]

    def describe(self) -> Iterable[Metric]:
        return []  # collected live; nothing to check for duplicates at registration


class _Delegate(Collector):
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterable[Metric]:
        return self.registry.collect()


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or os.environ.get("prometheus_multiproc_dir")


class Exposition:
    """What `/metrics` serves for one app: this process's (or every process's) metrics plus
    the database's queue depth."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        if multiprocess_dir():
            multiprocess.MultiProcessCollector(self.registry)  # type: ignore[no-untyped-call]
        else:
            self.registry.register(_Delegate(REGISTRY))
        self.registry.register(QueueDepth(sessions))

    def render(self) -> bytes:
        return generate_latest(self.registry)
