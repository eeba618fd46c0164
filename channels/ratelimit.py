"""Per-number inbound rate limit: a phone sending faster than a person types is throttled.

A throttled message is still stored (status 'throttled'; nothing is lost), but the bot does
not read it, so one flooding phone cannot take the dialogue's time from other borrowers.
The number hears one polite notice per window, never one per message. STOP, HELP and START
are never throttled (the gateway does not ask: compliance keywords always get through).

The limit is `INBOUND_PER_MINUTE` messages (default 20; 0 turns the limit off) in any
60 seconds, counted in Redis when `REDIS_URL` is set, so every gateway process shares it,
and in this process's memory otherwise. Redis keys carry an HMAC of the number, never the
number. When Redis fails, messages are let through (logged and counted): the limit protects
the bot's time, it must never drop or refuse a borrower.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter, MovingWindowRateLimiter

from runtime import metrics
from runtime.settings import ConfigError, Settings

log = logging.getLogger(__name__)
DEFAULT_PER_MINUTE = 20
KEY_PREFIX = "mm:ratelimit"


@dataclass(frozen=True)
class Verdict:
    throttled: bool
    notify: bool = False  # the first throttled message of its window: tell the borrower once


ALLOWED = Verdict(False)


def per_minute_from_env(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    raw = env.get("INBOUND_PER_MINUTE", "").strip()
    if not raw:
        return DEFAULT_PER_MINUTE
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError("INBOUND_PER_MINUTE must be a whole number of messages") from exc
    if value < 0:
        raise ConfigError("INBOUND_PER_MINUTE must be 0 (no limit) or more")
    return value


class InboundLimiter:
    """`per_window` messages per phone in any `window_seconds`; one notice per window."""

    def __init__(
        self,
        redis_url: str | None,
        per_window: int = DEFAULT_PER_MINUTE,
        window_seconds: int = 60,
        secret: str = "",
    ) -> None:
        storage: Storage
        if redis_url:
            storage = RedisStorage(
                redis_url,
                key_prefix=KEY_PREFIX,
                wrap_exceptions=True,
                socket_timeout=2,
                socket_connect_timeout=2,
            )
        else:
            storage = MemoryStorage()
        self.storage = storage
        self.enabled = per_window > 0
        self.window_seconds = window_seconds
        self.secret = secret.encode()
        # Moving window: never more than `per_window` in any `window_seconds`, no bursts at
        # window edges. Notices: a fixed window opened by the first throttled message.
        self.messages = MovingWindowRateLimiter(storage)
        self.notices = FixedWindowRateLimiter(storage)
        self.item = RateLimitItemPerSecond(max(per_window, 1), window_seconds, namespace="in")
        self.notice_item = RateLimitItemPerSecond(1, window_seconds, namespace="notice")

    @classmethod
    def from_settings(
        cls, settings: Settings, env: Mapping[str, str] | None = None
    ) -> InboundLimiter:
        return cls(
            settings.redis_url,
            per_window=per_minute_from_env(env),
            secret=settings.twilio_auth_token,
        )

    def key(self, phone: str) -> str:
        return hmac.new(self.secret, phone.encode(), hashlib.sha256).hexdigest()[:32]

    def check(self, phone: str) -> Verdict:
        """Count one message from `phone`; say whether it is over the limit."""
        if not self.enabled:
            return ALLOWED
        key = self.key(phone)
        try:
            if self.messages.hit(self.item, key):
                return ALLOWED
            return Verdict(True, notify=self.notices.hit(self.notice_item, key))
        except StorageError as exc:
            log.warning("rate limit storage unavailable, letting the message through: %s", exc)
            metrics.error("ratelimit")
            return ALLOWED

    def reset(self, phone: str) -> None:
        key = self.key(phone)
        self.messages.clear(self.item, key)
        self.notices.clear(self.notice_item, key)
