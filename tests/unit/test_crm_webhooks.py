"""Introductions out to the CRM: signed webhooks through their own outbox, retried with
backoff. The receiver below is the example of docs/crm.md: a real HTTP server (the standard
library's) that checks the signature the way a CRM would, knowing only the shared secret."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from introductions.texts import ACCEPT, OUTCOME_ACTION
from runtime import crm
from runtime.settings import ConfigError
from storage.models import Introduction, WebhookDelivery
from tests.signing import slack_click
from tests.unit.test_handoff import click, intro_of, qualified_borrower
from tests.unit.test_twilio_webhook import wait_for

SECRET = "crm-shared-secret-0123456789"


class Receiver(BaseHTTPRequestHandler):
    """A CRM's endpoint: verify, then store. `fail_next` answers 503 that many times."""

    received: list[dict] = []
    refused: list[str] = []
    fail_next = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        timestamp = self.headers.get("X-MM-Timestamp", "")
        expected = (
            "v1="
            + hmac.new(
                SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) < 300
        if not fresh or not hmac.compare_digest(expected, self.headers.get("X-MM-Signature", "")):
            type(self).refused.append(self.headers.get("X-MM-Event", ""))
            self.send_response(401)
            self.end_headers()
            return
        if type(self).fail_next > 0:
            type(self).fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        event = json.loads(body)
        assert event["event"] == self.headers["X-MM-Event"]
        type(self).received.append(event)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver(monkeypatch) -> Iterator[str]:
    Receiver.received, Receiver.refused, Receiver.fail_next = [], [], 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hooks/mm"
    monkeypatch.setenv("CRM_WEBHOOK_URL", url)
    monkeypatch.setenv("CRM_WEBHOOK_SECRET", SECRET)
    yield url
    server.shutdown()


def deliveries(wired) -> list[WebhookDelivery]:
    with wired.svc.sessions() as s:
        return list(s.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def press_outcome(wired, intro: Introduction, outcome: str, user: str) -> None:
    body, headers = slack_click(
        wired.svc.settings,
        f"{intro.id}:{outcome}",
        OUTCOME_ACTION,
        user,
    )

    with TestClient(wired.app) as client:
        assert client.post("/slack/actions", content=body, headers=headers).status_code == 200
    wait_for(lambda: any(d.event == "outcome" for d in deliveries(wired)))


def test_offer_accept_introduce_and_outcome_reach_the_crm_signed_and_in_order(wired, receiver):
    borrower_id = qualified_borrower(wired)
    intro = intro_of(wired, borrower_id)
    with wired.svc.sessions() as s:
        lo = s.get_one(Introduction, intro.id).loan_officer
        slack_user, nmls = lo.slack_user_id, lo.nmls_id
    click(
        wired,
        intro,
        ACCEPT,
        slack_user,
        lambda: intro_of(wired, borrower_id).status == "introduced",
    )
    press_outcome(wired, intro, "funded", slack_user)

    crm.deliver_due(wired.svc)  # (the gateway's own timers may have sent some already)
    events = [e["event"] for e in Receiver.received]
    assert events == [
        "introduction.offered",
        "introduction.accepted",
        "introduction.introduced",
        "introduction.outcome",
    ]
    offered, accepted, _, outcome = Receiver.received
    assert offered["schema"] == "mm.crm.v1" and offered["introduction"]["id"] == intro.id
    assert offered["loan_officer"]["nmls_id"] == nmls
    assert "phone" not in offered["borrower"]  # an offer is not yet the LO's borrower
    assert accepted["borrower"]["phone"] == "+15125550142"
    assert accepted["borrower"]["first_name"] == "Ana"
    assert outcome["introduction"]["outcome"] == "funded"
    assert outcome["introduction"]["status"] == "closed"
    assert len({e["event_id"] for e in Receiver.received}) == 4
    assert {d.status for d in deliveries(wired)} == {"sent"}
    assert crm.deliver_due(wired.svc) == 0  # sent once


def test_a_failed_delivery_is_retried_with_backoff_then_delivered_once(wired, receiver):
    qualified_borrower(wired)
    Receiver.fail_next = 2
    assert crm.deliver_due(wired.svc) == 0
    [row] = deliveries(wired)
    assert (row.status, row.attempts, row.error) == ("queued", 1, row.error)
    assert row.error.startswith("HTTP 503")
    assert 3 <= (row.not_before - wired.svc.clock()).total_seconds() <= 4  # 4 s
    assert crm.deliver_due(wired.svc) == 0  # not due yet

    base = wired.svc.clock
    for seconds in (5, 5 + 9):  # after 4 s, then after 8 s more
        wired.svc.clock = lambda s=seconds: base() + timedelta(seconds=s)
        crm.deliver_due(wired.svc)
    wired.svc.clock = base
    [row] = deliveries(wired)
    assert (row.status, row.attempts) == ("sent", 3)
    assert [e["event"] for e in Receiver.received] == ["introduction.offered"]


def test_the_timers_deliver_and_a_wrong_secret_is_refused_by_the_receiver(
    wired, receiver, monkeypatch
):
    monkeypatch.setenv("CRM_WEBHOOK_SECRET", "not-the-crms-secret-at-all")
    qualified_borrower(wired)
    wired.app.state.timers.tick()
    assert Receiver.refused == ["introduction.offered"] and Receiver.received == []
    [row] = deliveries(wired)
    assert row.status == "queued" and row.error.startswith("HTTP 401")


def test_nothing_is_queued_without_a_url_and_a_url_needs_its_secret(wired, monkeypatch):
    monkeypatch.delenv("CRM_WEBHOOK_URL", raising=False)
    qualified_borrower(wired)
    assert deliveries(wired) == []
    with pytest.raises(ConfigError, match="CRM_WEBHOOK_SECRET must be set"):
        crm.config_from_env({"CRM_WEBHOOK_URL": "https://crm.example/hook"})
    with pytest.raises(ConfigError, match="CRM_WEBHOOK_URL is not"):
        crm.config_from_env({"CRM_WEBHOOK_SECRET": SECRET})
    assert crm.config_from_env({}) is None
