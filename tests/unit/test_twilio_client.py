"""The real twilio client sends through our loopback HTTP client to the fake Twilio."""

from __future__ import annotations

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from channels.twilio_signature import sign, signature_is_valid
from runtime.twilio_client import make_client, send_sms


def test_send_sms_reaches_the_fake_with_the_real_client(fakes):
    client = make_client(fakes.twilio.account_sid, fakes.twilio.auth_token, fakes.twilio_server.url)
    sid = send_sms(client, "+15555550100", "+15125550111", "Hello from the test")
    [sent] = fakes.twilio.messages.since(0, sid=sid)
    assert sent["to"] == "+15125550111" and sent["body"] == "Hello from the test"


def test_a_wrong_auth_token_is_an_error_not_a_silent_drop(fakes):
    client = make_client(fakes.twilio.account_sid, "wrong-token", fakes.twilio_server.url)
    with pytest.raises(TwilioRestException) as err:
        send_sms(client, "+15555550100", "+15125550111", "nope")
    assert err.value.status == 401


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def no_proxy_environment(monkeypatch):
    for name in (*PROXY_VARIABLES, *(v.lower() for v in PROXY_VARIABLES)):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_proxy_settings_a_send_does_not_read_the_environment_again(
    fakes, no_proxy_environment
):
    """requests would read the whole environment on every send (#20): with no proxy
    named when the client is built, nothing set later is looked at."""
    no_proxy_environment.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    client = make_client(fakes.twilio.account_sid, fakes.twilio.auth_token, fakes.twilio_server.url)
    # ... but the CA bundle it names is still what https is verified with
    assert client.http_client.session.verify == "/etc/ssl/certs/ca-certificates.crt"
    no_proxy_environment.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    assert send_sms(client, "+15555550100", "+15125550111", "still direct").startswith("SM")


def test_a_proxy_named_in_the_environment_is_still_used(fakes, no_proxy_environment):
    no_proxy_environment.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    client = make_client(fakes.twilio.account_sid, fakes.twilio.auth_token, fakes.twilio_server.url)
    with pytest.raises(requests.exceptions.ProxyError):
        send_sms(client, "+15555550100", "+15125550111", "through the proxy")


def test_signatures_match_twilios_documented_example():
    """The example from Twilio's security docs: our check agrees with Twilio's signature."""
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    assert sign("12345", url, params) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert signature_is_valid("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    assert not signature_is_valid(
        "12345", url, {**params, "Digits": "0000"}, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    )
