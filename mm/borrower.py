"""`mm borrower export|forget PHONE`: access and deletion requests (CCPA/CPRA, GLBA).

The database part is storage/privacy.py; here the rest of what we keep about a borrower:
Redis (Rasa's trackers and locks in production, our lanes, dedupe and rate-limit keys,
queued jobs) and Rasa's in-memory trackers (the sandbox), through Rasa's HTTP API.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import redis
from rq.exceptions import NoSuchJobError
from rq.job import Job
from sqlalchemy.orm import Session, sessionmaker

from introductions.inbound import rasa_sender
from runtime.jobqueue import borrower_lane, recipient_lane
from storage import privacy

log = logging.getLogger(__name__)


@dataclass
class Forgotten:
    deletion_id: int
    borrower_id: int | None
    erased: dict[str, int] = field(default_factory=dict)

    def summary(self, phone: str) -> str:
        masked = privacy.mask_phone(phone)
        if self.borrower_id is None:
            return (
                f"nothing was stored about {masked}; the request is recorded "
                f"(deletion record {self.deletion_id})"
            )
        parts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in self.erased.items())
        return f"forgot {masked}: {parts} (deletion record {self.deletion_id})"


def export(sessions: sessionmaker[Session], phone: str) -> dict[str, Any] | None:
    with sessions() as s:
        return privacy.export(s, privacy.normalize_phone(phone))


def forget(
    sessions: sessionmaker[Session],
    phone: str,
    requested_by: str,
    now: datetime,
    reason: str | None = None,
    redis_url: str | None = None,
    rasa_urls: list[str] | None = None,
    limiter_secret: str | None = None,
    rasa_token: str | None = None,
) -> Forgotten:
    """Erase the borrower everywhere we keep them; the deletion record says what went."""
    phone = privacy.normalize_phone(phone)
    with sessions.begin() as s:
        record, borrower_id, sids = privacy.forget(s, phone, requested_by, reason, now)
        erased = dict(record.erased)
        if borrower_id is not None:
            client = redis.Redis.from_url(redis_url) if redis_url else None
            # Trackers first: a Rasa server keeps the in-memory ones only.
            kept_in_redis = client is not None and _tracker_keys(client, borrower_id)
            if rasa_urls and not kept_in_redis:
                sender = rasa_sender(borrower_id)
                erased["rasa_trackers"] = _reset_trackers(rasa_urls, sender, rasa_token)
            if client is not None:
                erased["redis_keys"] = erase_redis(
                    client, redis_url or "", borrower_id, phone, sids, limiter_secret
                )
            record.erased = {k: v for k, v in erased.items() if v}
        # Committed last: a failure above leaves the rows, so the request can be run again.
    return Forgotten(record.id, borrower_id, record.erased)


def _tracker_keys(client: redis.Redis, borrower_id: int) -> list[bytes]:
    return list(client.scan_iter(match=f"*:{rasa_sender(borrower_id)}", count=1000))


def _reset_trackers(rasa_urls: list[str], sender: str, token: str | None) -> int:
    """Rasa's in-memory tracker store has no delete: replace the events with none."""
    done = 0
    params = {"token": token} if token else None  # Rasa's API asks for RASA_AUTH_TOKEN
    for url in rasa_urls:
        r = httpx.put(
            f"{url.rstrip('/')}/conversations/{sender}/tracker/events",
            json=[],
            params=params,
            timeout=30,
        )
        r.raise_for_status()
        done += 1
    return done


def erase_redis(
    client: redis.Redis,
    redis_url: str,
    borrower_id: int,
    phone: str,
    sids: list[str],
    limiter_secret: str | None,
) -> int:
    """Delete every Redis key and queued job that names this borrower; returns how many."""
    keys: set[bytes] = set(_tracker_keys(client, borrower_id))
    for lane in (borrower_lane(borrower_id), recipient_lane(phone)):
        keys.update(client.scan_iter(match=f"mm:*:{lane}", count=1000))
    keys.update(client.scan_iter(match=f"*{phone}*", count=1000))
    keys.update(f"mm:twilio:sid:{sid}".encode() for sid in sids)
    erased = int(client.delete(*keys)) if keys else 0
    erased += _erase_jobs(client, borrower_id, phone)
    if limiter_secret is not None:
        from channels.ratelimit import InboundLimiter

        InboundLimiter(redis_url, secret=limiter_secret).reset(phone)
    return erased


def _erase_jobs(client: redis.Redis, borrower_id: int, phone: str) -> int:
    """RQ keeps a job's arguments (a phone, a borrower id) until it runs, or a day if it
    failed."""
    erased = 0
    for key in client.scan_iter(match="rq:job:*", count=1000):
        job_id = key.decode().removeprefix("rq:job:")
        if ":" in job_id:
            continue  # a job's side keys (dependents, ...) go with the job
        try:
            job = Job.fetch(job_id, connection=client)
            args = tuple(job.args or ())
        except (NoSuchJobError, ValueError, TypeError, AttributeError) as exc:
            log.warning("could not read job %s: %s", job_id, exc)
            continue
        if phone in args or (
            (job.func_name or "").endswith("run_borrower") and borrower_id in args
        ):
            job.delete(remove_from_queue=True)
            erased += 1
    return erased
