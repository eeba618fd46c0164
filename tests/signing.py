"""Sign requests the way Twilio and Slack do, with their own libraries."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from channels.twilio_signature import sign
from runtime.settings import Settings


def twilio_form(
    settings: Settings, sid: str, body: str, phone: str = "+15125550199"
) -> tuple[dict[str, str], dict[str, str]]:
    params = {
        "MessageSid": sid,
        "AccountSid": settings.twilio_account_sid,
        "From": phone,
        "To": settings.twilio_from_number,
        "Body": body,
        "NumMedia": "0",
    }
    url = settings.public_base_url + "/twilio/sms"
    return params, {"X-Twilio-Signature": sign(settings.twilio_auth_token, url, params)}


def slack_signed(settings: Settings, body: str, content_type: str, age: int = 0) -> dict[str, str]:
    """Headers Slack sends with `body`: a timestamp and its HMAC signature."""
    ts = str(int(time.time()) - age)
    sig = SignatureVerifier(settings.slack_signing_secret).generate_signature(
        timestamp=ts, body=body
    )
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}


def slack_click(
    settings: Settings, intro_id: int | str, action_id: str, user: str, age: int = 0
) -> tuple[str, dict[str, str]]:
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": user},
        "trigger_id": "t1",
        "actions": [{"action_id": action_id, "value": str(intro_id)}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    return body, slack_signed(settings, body, "application/x-www-form-urlencoded", age)


def slack_command(settings: Settings, user: str, text: str) -> tuple[str, dict[str, str]]:
    body = urlencode(
        {
            "command": "/mm",
            "text": text,
            "user_id": user,
            "channel_id": "D0TEST",
            "team_id": "T1",
            "trigger_id": "t2",
            "response_url": "https://hooks.slack.invalid/x",
        }
    )
    return body, slack_signed(settings, body, "application/x-www-form-urlencoded")


def slack_event(
    settings: Settings, event_id: str, event: dict[str, object]
) -> tuple[str, dict[str, str]]:
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )
    return body, slack_signed(settings, body, "application/json")
