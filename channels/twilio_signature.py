"""Twilio's webhook: its request signature, and the empty TwiML answer (replies go by REST)."""

from __future__ import annotations

from collections.abc import Mapping

from twilio.request_validator import RequestValidator

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def signature_is_valid(
    auth_token: str, public_url: str, params: Mapping[str, str], signature: str | None
) -> bool:
    """Check X-Twilio-Signature against the URL Twilio was configured to call.

    `public_url` is built from our configured public base URL, never from Host or
    X-Forwarded-* headers, which a caller controls.
    """
    if not signature:
        return False
    return bool(RequestValidator(auth_token).validate(public_url, dict(params), signature))


def sign(auth_token: str, public_url: str, params: Mapping[str, str]) -> str:
    """Compute the signature Twilio would send (the sandbox phone and tests use it)."""
    return str(RequestValidator(auth_token).compute_signature(public_url, dict(params)))
