"""Settings from the environment. Secrets come only from here; a missing one fails by name."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta

DEFAULT_DATABASE_URL = "sqlite:///var/mm.db"


class ConfigError(Exception):
    """A required setting is missing or malformed; the message names the variable."""


REQUIRED_IN_PRODUCTION = {
    "PUBLIC_BASE_URL": "the https URL Twilio and Slack call, e.g. https://mm.example.com",
    "TWILIO_ACCOUNT_SID": "your Twilio account SID (AC...)",
    "TWILIO_AUTH_TOKEN": "your Twilio auth token, used to send and to check webhook signatures",
    "TWILIO_FROM_NUMBER": "the Twilio number borrowers text, in E.164 (+1...)",
    "SLACK_BOT_TOKEN": "the Slack app's bot token (xoxb-...)",
    "SLACK_SIGNING_SECRET": "the Slack app's signing secret",
    "RASA_URL": "the Rasa server, e.g. http://127.0.0.1:5005",
    "DASHBOARD_TOKEN": "a random secret of 16+ characters that opens /dashboard, "
    "e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`",
}
MIN_DASHBOARD_TOKEN = 16


@dataclass(frozen=True)
class Settings:
    public_base_url: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_from_number: str
    slack_bot_token: str
    slack_signing_secret: str
    rasa_url: str
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    twilio_api_base: str | None = None  # only for the sandbox fakes
    slack_api_base: str | None = None  # only for the sandbox fakes
    slack_team_channel: str | None = None
    brokerage_name: str = "Mortgage Matchmaking"
    # Where a borrower who texts HELP can reach a person: a phone or a web page. Empty: the
    # public URL. CTIA wants one in every HELP answer.
    brokerage_contact: str = ""
    # A keyword's answer (HELP, START, STOP's confirmation) at most once per this, per number.
    keyword_reply_interval: timedelta = timedelta(minutes=5)
    offer_sla: timedelta = timedelta(minutes=5)
    sandbox: bool = False
    dashboard_token: str | None = None  # None: /dashboard is closed
    metrics_token: str | None = None  # None: /metrics is open (refuse it at the proxy)
    # Production runs turns and sends on Redis-backed workers (`mm worker`); the embedded
    # default runs them on threads inside the one process.
    job_queue: bool = False
    sms_per_second: float = 0  # segments a second per sending number; 0: unpaced
    slack_per_second: float = 0  # posts a second per Slack channel; 0: unpaced
    outbox_lease: timedelta = timedelta(minutes=2)  # a crashed sender's claim expires then
    # How long a borrower nobody could take stays on the waiting list (introductions/waitlist.py).
    waitlist_days: int = 14

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        missing = [name for name in REQUIRED_IN_PRODUCTION if not env.get(name)]
        if missing:
            name = missing[0]
            raise ConfigError(f"{name} is not set: {REQUIRED_IN_PRODUCTION[name]}")
        try:
            sla = timedelta(minutes=float(env.get("OFFER_SLA_MINUTES", "5")))
        except ValueError as exc:
            raise ConfigError("OFFER_SLA_MINUTES must be a number of minutes") from exc
        if len(env["DASHBOARD_TOKEN"]) < MIN_DASHBOARD_TOKEN:
            raise ConfigError(
                f"DASHBOARD_TOKEN is too short: use {MIN_DASHBOARD_TOKEN}+ random characters"
            )
        metrics_token = env.get("METRICS_TOKEN") or None
        if metrics_token is not None and len(metrics_token) < MIN_DASHBOARD_TOKEN:
            raise ConfigError(
                f"METRICS_TOKEN is too short: use {MIN_DASHBOARD_TOKEN}+ random characters"
            )
        queue = env.get("JOB_QUEUE", "redis" if env.get("REDIS_URL") else "inline").lower()
        if queue not in ("redis", "inline"):
            raise ConfigError("JOB_QUEUE must be 'redis' (workers) or 'inline' (one process)")
        if queue == "redis" and not env.get("REDIS_URL"):
            raise ConfigError("JOB_QUEUE=redis needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
        if env.get("TWILIO_GROUP_CONVERSATIONS"):
            raise ConfigError(
                "TWILIO_GROUP_CONVERSATIONS is no longer supported: group conversations had no "
                "inbound side; LOs text borrowers through their Slack thread (unset it)"
            )
        return cls(
            public_base_url=env["PUBLIC_BASE_URL"].rstrip("/"),
            twilio_account_sid=env["TWILIO_ACCOUNT_SID"],
            twilio_auth_token=env["TWILIO_AUTH_TOKEN"],
            twilio_from_number=env["TWILIO_FROM_NUMBER"],
            slack_bot_token=env["SLACK_BOT_TOKEN"],
            slack_signing_secret=env["SLACK_SIGNING_SECRET"],
            rasa_url=env["RASA_URL"].rstrip("/"),
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            redis_url=env.get("REDIS_URL") or None,
            slack_team_channel=env.get("SLACK_TEAM_CHANNEL") or None,
            brokerage_name=env.get("BROKERAGE_NAME") or cls.brokerage_name,
            brokerage_contact=env.get("BROKERAGE_CONTACT", "").strip(),
            keyword_reply_interval=timedelta(minutes=_rate(env, "KEYWORD_REPLY_MINUTES", 5.0)),
            offer_sla=sla,
            dashboard_token=env["DASHBOARD_TOKEN"],
            metrics_token=metrics_token,
            job_queue=queue == "redis",
            # Only to point the real clients at local fakes (load tests, the scaled-out tests).
            twilio_api_base=env.get("TWILIO_API_BASE") or None,
            slack_api_base=env.get("SLACK_API_BASE") or None,
            outbox_lease=timedelta(seconds=_rate(env, "OUTBOX_LEASE_SECONDS", 120.0)),
            sms_per_second=_rate(env, "TWILIO_SEGMENTS_PER_SECOND", 1.0),
            slack_per_second=_rate(env, "SLACK_POSTS_PER_SECOND", 1.0),
            waitlist_days=_days(env, "WAITLIST_DAYS", 14),
        )

    @property
    def help_contact(self) -> str:
        """The phone or web page a HELP answer names."""
        return self.brokerage_contact or self.public_base_url

    @property
    def rasa_urls(self) -> list[str]:
        """RASA_URL may list several Rasa servers (comma-separated) sharing one tracker store."""
        return [u.strip().rstrip("/") for u in self.rasa_url.split(",") if u.strip()]

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _rate(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        value = float(env.get(name) or default)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number") from exc
    if value < 0:
        raise ConfigError(f"{name} must not be negative")
    return value


def _days(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name) or str(default)
    if not raw.isdigit() or not 1 <= int(raw) <= 365:
        raise ConfigError(f"{name} must be a whole number of days from 1 to 365")
    return int(raw)
