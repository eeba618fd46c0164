"""Sign requests the way Twilio and Slack do, with their own libraries."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from channels.twilio_sms import sign
from mm.config import Settings


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


def slack_click(
    settings: Settings, intro_id: int, action_id: str, user: str, age: int = 0
) -> tuple[str, dict[str, str]]:
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": user},
        "trigger_id": "t1",
        "actions": [{"action_id": action_id, "value": str(intro_id)}],
    }
    body = urlencode({"payload": json.dumps(payload)})
    ts = str(int(time.time()) - age)
    sig = SignatureVerifier(settings.slack_signing_secret).generate_signature(
        timestamp=ts, body=body
    )
    return body, {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sig,
        "Content-Type": "application/x-www-form-urlencoded",
    }
