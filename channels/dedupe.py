"""Webhook dedupe in Redis: a fast first check before the database's unique MessageSid.

The database stays the truth: when Redis is down we fall through to it, and a delivery
whose store failed is forgotten here so Twilio's retry is processed.
"""

from __future__ import annotations

import logging

import fakeredis
import redis

log = logging.getLogger(__name__)
TTL_SECONDS = 2 * 24 * 3600  # Twilio retries within hours; keep a margin


def connect(url: str | None) -> redis.Redis:
    """Redis at `url`, or an in-process stand-in for the embedded default."""
    if url:
        return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    return fakeredis.FakeRedis()


class Deduper:
    def __init__(self, client: redis.Redis, prefix: str = "mm:twilio:sid:") -> None:
        self.client, self.prefix = client, prefix

    def first_time(self, sid: str) -> bool:
        try:
            return bool(self.client.set(self.prefix + sid, 1, nx=True, ex=TTL_SECONDS))
        except redis.RedisError as exc:
            log.warning("redis dedupe unavailable, relying on the database: %s", exc)
            return True

    def forget(self, sid: str) -> None:
        try:
            self.client.delete(self.prefix + sid)
        except redis.RedisError as exc:
            log.warning("redis forget failed for a message sid: %s", exc)
