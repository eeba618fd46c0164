"""What the gateway and its workers share: settings, database, clients, the job lanes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from sqlalchemy.orm import Session, sessionmaker
from twilio.rest import Client

from runtime.jobqueue import JobQueue, LockedLanes
from runtime.lanes import KeyedExecutor
from runtime.pacing import SendRates
from runtime.rasa_client import RasaClient
from runtime.settings import Settings
from runtime.twilio_client import make_client
from storage.db import make_engine, session_factory, upgrade


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    sessions: sessionmaker[Session]
    twilio: Client
    slack: WebClient
    rasa: RasaClient
    lanes: KeyedExecutor = field(default_factory=KeyedExecutor)
    send_lock: threading.RLock = field(default_factory=threading.RLock)
    clock: Callable[[], datetime] = utcnow
    queue: JobQueue | None = None  # production: turns and sends run on `mm worker`s
    rates: SendRates = field(default_factory=lambda: SendRates.build(None, 0, 0))

    @classmethod
    def build(cls, settings: Settings, migrate: bool = True) -> Services:
        engine = make_engine(settings.database_url)
        if migrate:
            upgrade(engine)
        slack_kwargs: dict[str, Any] = (
            {"base_url": settings.slack_api_base} if settings.slack_api_base else {}
        )
        queue = JobQueue(settings.redis_url) if settings.job_queue and settings.redis_url else None
        shared = settings.redis_url if queue else None  # pacing is shared only across workers
        return cls(
            settings=settings,
            sessions=session_factory(engine),
            twilio=make_client(
                settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_base
            ),
            slack=WebClient(
                token=settings.slack_bot_token,
                timeout=10,
                # Slack's 429s carry Retry-After; slack_sdk's handler waits it out and retries.
                retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=3)],
                **slack_kwargs,
            ),
            rasa=RasaClient(settings.rasa_urls, token=settings.rasa_auth_token),
            lanes=LockedLanes(queue) if queue else KeyedExecutor(),
            queue=queue,
            rates=SendRates.build(shared, settings.sms_per_second, settings.slack_per_second),
        )

    def close(self) -> None:
        self.lanes.shutdown()
        self.rasa.close()
        engine = self.sessions.kw["bind"]
        engine.dispose()
