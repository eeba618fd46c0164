"""The Twilio SMS webhook: signatures, dedupe, storage, and a prompt answer."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from storage.models import Message
from tests.signing import twilio_form


def count_inbound(wired) -> int:
    with wired.svc.sessions() as s:
        return s.scalar(select(func.count()).select_from(Message).where(Message.direction == "in"))


def wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda p, h: h.pop("X-Twilio-Signature"), id="missing"),
        pytest.param(lambda p, h: h.update({"X-Twilio-Signature": "Zm9yZ2Vk"}), id="forged"),
        pytest.param(lambda p, h: p.update({"Body": "changed after signing"}), id="tampered-body"),
        pytest.param(lambda p, h: p.update({"From": "+15125550000"}), id="tampered-sender"),
    ],
)
def test_unsigned_or_tampered_webhooks_are_refused_and_nothing_is_stored(wired, tamper):
    params, headers = twilio_form(wired.svc.settings, "SM" + "a" * 32, "hello")
    tamper(params, headers)
    with TestClient(wired.app) as client:
        r = client.post("/twilio/sms", data=params, headers=headers)
    assert r.status_code == 403
    assert count_inbound(wired) == 0


def test_signature_is_checked_against_the_public_url_not_forwarded_headers(wired):
    """A caller cannot make us validate against a host of its choosing."""
    params, headers = twilio_form(wired.svc.settings, "SM" + "b" * 32, "hi")
    headers.update({"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"})
    with TestClient(wired.app, base_url="http://internal:8000") as client:
        r = client.post("/twilio/sms", data=params, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/xml")


def test_a_repeated_message_sid_is_stored_once_and_answered_once(wired):
    params, headers = twilio_form(
        wired.svc.settings, "SM" + "c" * 32, "hi there", phone="+15125550188"
    )
    with TestClient(wired.app) as client:
        for _ in range(3):
            assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
        wait_for(lambda: wired.svc.lanes.idle())
    assert count_inbound(wired) == 1
    replies = wired.fakes.twilio.messages.since(0, to="+15125550188")
    # Rasa is down in this fixture: the borrower still hears back, exactly once.
    trouble = "Sorry, I'm having trouble on my end. Please text again in a few minutes."
    assert [m["body"].startswith(trouble) for m in replies].count(True) == 1


def test_when_rasa_is_down_the_message_is_kept_as_failed_with_its_reason(wired):
    params, headers = twilio_form(
        wired.svc.settings, "SM" + "d" * 32, "I want to buy", phone="+15125550177"
    )
    with TestClient(wired.app) as client:
        client.post("/twilio/sms", data=params, headers=headers)
        wait_for(lambda: wired.svc.lanes.idle())
    with wired.svc.sessions() as s:
        msg = s.scalars(select(Message).where(Message.provider_sid == params["MessageSid"])).one()
    assert msg.status == "failed"
    assert msg.error.startswith("rasa:")
    assert msg.body == "I want to buy"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        pytest.param({"Body": "no sid"}, 400, id="no-message-sid"),
        pytest.param({"MessageSid": "SM1", "From": "not a phone", "Body": "x"}, 400, id="bad-from"),
    ],
)
def test_signed_but_malformed_webhooks_get_a_clear_400(wired, params, status):
    from channels.twilio_signature import sign

    url = wired.svc.settings.public_base_url + "/twilio/sms"
    headers = {"X-Twilio-Signature": sign(wired.svc.settings.twilio_auth_token, url, params)}
    with TestClient(wired.app) as client:
        r = client.post("/twilio/sms", data=params, headers=headers)
    assert r.status_code == status
    assert count_inbound(wired) == 0


def test_oversized_bodies_are_refused_without_a_server_error(wired):
    with TestClient(wired.app) as client:
        r = client.post(
            "/twilio/sms",
            content=b"Body=" + b"x" * 70_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert r.status_code == 413


def test_an_ssn_is_redacted_before_it_is_stored(wired):
    params, headers = twilio_form(
        wired.svc.settings, "SM" + "e" * 32, "my ssn is 123-45-6789", phone="+15125550166"
    )
    with TestClient(wired.app) as client:
        client.post("/twilio/sms", data=params, headers=headers)
        wait_for(lambda: wired.svc.lanes.idle())
    with wired.svc.sessions() as s:
        bodies = list(s.scalars(select(Message.body)))
    assert not any("123-45-6789" in b for b in bodies)
    assert "my ssn is [redacted]" in bodies


@pytest.mark.parametrize(
    ("word", "expected"),
    [("STOP", "unsubscribed"), ("help", "Reply STOP"), ("Start", "subscribed again")],
)
def test_keywords_are_answered_without_the_dialogue(wired, word, expected):
    phone = "+15125550155"
    params, headers = twilio_form(
        wired.svc.settings, "SM" + word.lower().ljust(32, "f"), word, phone=phone
    )
    with TestClient(wired.app) as client:
        client.post("/twilio/sms", data=params, headers=headers)
        wait_for(lambda: wired.svc.lanes.idle())
    bodies = [m["body"] for m in wired.fakes.twilio.messages.since(0, to=phone)]
    assert any(expected in b for b in bodies)
