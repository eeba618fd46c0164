"""Twilio's REST client (optionally pointed at the local fake): sending SMS.

The webhook's signatures are the edge's job: channels/twilio_signature.py."""

from __future__ import annotations

import os
import re
import threading
from typing import Any
from urllib.request import getproxies_environment

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

TWILIO_HOST = re.compile(r"^https://[a-z0-9-]+\.twilio\.com")


class HttpClient(TwilioHttpClient):  # type: ignore[misc]  # twilio ships no type information
    """twilio-python's own HTTP client, remembering the Retry-After of a 429 per thread
    (its exception carries only the status) and optionally sending to a local fake.

    Only the host is swapped, so the fake answers on Twilio's own paths.
    """

    def __init__(self, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.local = threading.local()

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if self.base_url:
            url = TWILIO_HOST.sub(self.base_url, url, count=1)
        response = super().request(method, url, *args, **kwargs)
        headers = {k.lower(): v for k, v in (response.headers or {}).items()}
        self.local.retry_after = headers.get("retry-after") if response.status_code == 429 else None
        return response

    def last_retry_after(self) -> str | None:
        """The Retry-After header of this thread's last response, if it was a 429."""
        return getattr(self.local, "retry_after", None)


def make_client(account_sid: str, auth_token: str, api_base: str | None = None) -> Client:
    # Bounded timeout: a hung provider must not hold a worker forever.
    http = HttpClient(api_base, timeout=10)
    # requests reads the whole environment for proxies on every request, about a third of
    # a send's CPU (docs/benchmarks.md); a service's environment is fixed once it starts,
    # so when it names no proxy, the one thing left to take from it is read here, once.
    if not getproxies_environment():
        http.session.trust_env = False
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            http.session.verify = bundle
    return Client(account_sid, auth_token, http_client=http)


def send_sms(client: Client, from_number: str, to: str, body: str) -> str:
    """Send one SMS; returns Twilio's message SID."""
    message = client.messages.create(to=to, from_=from_number, body=body)
    return str(message.sid)
