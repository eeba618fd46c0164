"""Send rates per sending number and per Slack channel, shared by every worker via Redis.

Twilio queues what a long code sends faster than one segment a second and fails it after a
while; Slack answers 429 above about one post a second per channel. Waiting here, before the
call, keeps each sender under its provider's rate however many workers run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import smsutil
from limits import RateLimitItem, RateLimitItemPerSecond, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter


def sms_segments(body: str) -> int:
    """How many segments Twilio bills and paces for this body (GSM-7 or UCS-2)."""
    return max(1, len(smsutil.split(body).parts))


def rate_item(per_second: float) -> RateLimitItem | None:
    """'1 a second' or '1 per 2 seconds'; None (no limit) for 0."""
    if per_second <= 0:
        return None
    if per_second >= 1:
        return RateLimitItemPerSecond(int(per_second))
    return parse(f"1 per {round(1 / per_second)} seconds")


@dataclass
class SendRates:
    limiter: MovingWindowRateLimiter
    sms_rate: RateLimitItem | None
    slack_rate: RateLimitItem | None

    @classmethod
    def build(
        cls, redis_url: str | None, sms_per_second: float, slack_per_second: float
    ) -> SendRates:
        storage = storage_from_string(redis_url) if redis_url else MemoryStorage()
        assert isinstance(storage, Storage)  # redis:// gives the synchronous storage
        limiter = MovingWindowRateLimiter(storage)
        return cls(limiter, rate_item(sms_per_second), rate_item(slack_per_second))

    def take(self, item: RateLimitItem | None, key: str, units: int, max_wait: float) -> bool:
        """Take `units` slots of `key`, waiting for each; False if that would exceed max_wait."""
        if item is None:
            return True
        deadline = time.monotonic() + max_wait
        for _ in range(units):
            while not self.limiter.hit(item, "send", key):
                reset_at = self.limiter.get_window_stats(item, "send", key).reset_time
                pause = min(max(reset_at - time.time(), 0.01), 1.0)
                if time.monotonic() + pause > deadline:
                    return False
                time.sleep(pause)
        return True

    def wait_sms(self, from_number: str, body: str, max_wait: float = 10.0) -> bool:
        return self.take(self.sms_rate, f"sms:{from_number}", sms_segments(body), max_wait)

    def wait_slack(self, channel: str, max_wait: float = 10.0) -> bool:
        return self.take(self.slack_rate, f"slack:{channel}", 1, max_wait)
