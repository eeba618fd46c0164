"""Driving the sandbox page like a person, and waiting for the product through its API."""

from __future__ import annotations

import time
from typing import Any

import httpx
from playwright.sync_api import Page

# The borrower's answer to each question, by the slot the bot asks for (the slot names are a
# contract; the wording and the order of questions are the dialogue's to change).
ANSWERS = {
    "loan_purpose": "I want to buy a house",
    "property_state": "Austin, TX",
    "property_zip": "78704",
    "price_usd": "450k",
    "credit_band": "mid 700s",
    "timeline": "asap",
    "first_time_buyer": "no",
    "va_eligible": "no",
    "self_employed": "no",
    "occupancy": "primary residence",
    "first_name": "Ana",
    "contact_time": "mornings",
    "consent": "yes",
}
MAX_TURNS = 20


def next_message(state: dict[str, Any] | None) -> str:
    """What the borrower says next: hello first, then the answer to the question asked."""
    if state is None:
        return "hi"
    return ANSWERS.get(str(state.get("requested_slot")), "yes")


def settle(
    base_url: str, phone: str, sid: str | None = None, timeout: float = 60
) -> dict[str, Any]:
    """Poll /sandbox/api/conversation until the turn is processed and the outbox is empty."""
    deadline = time.monotonic() + timeout
    params = {"phone": phone} | ({"sid": sid} if sid else {})
    while time.monotonic() < deadline:
        state = httpx.get(base_url + "/sandbox/api/conversation", params=params).json()
        if state.get("settled"):
            return state
        time.sleep(0.1)
    raise AssertionError(f"{phone}: the bot did not settle within {timeout:.0f}s")


def text_from_phone(page: Page, base_url: str, phone: str, body: str) -> dict[str, Any]:
    """Type into the phone and press Send; return the settled conversation state."""
    page.fill("#body", body)
    with page.expect_response("**/sandbox/api/sms") as sent:
        page.press("#body", "Enter")
    assert sent.value.status == 200
    return settle(base_url, phone, sent.value.json()["message_sid"])


def qualify(say: Any) -> list[dict[str, Any]]:
    """Answer the bot until it stops qualifying; `say(text)` returns the settled state."""
    turns: list[dict[str, Any]] = []
    state = None
    while len(turns) < MAX_TURNS:
        state = say(next_message(state))
        turns.append(state)
        if state.get("state") != "qualifying":
            return turns
    raise AssertionError(f"still qualifying after {MAX_TURNS} messages: {state}")


def wait_for_state(base_url: str, phone: str, want: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = settle(base_url, phone)
        if state.get("state") == want:
            return state
        time.sleep(0.2)
    raise AssertionError(f"{phone} never reached {want!r}")


def api_say(base_url: str, phone: str) -> Any:
    """`say` for qualify() through the sandbox API (no browser): a borrower in the background."""

    def say(text: str) -> dict[str, Any]:
        r = httpx.post(base_url + "/sandbox/api/sms", json={"from": phone, "body": text})
        r.raise_for_status()
        return settle(base_url, phone, r.json()["message_sid"])

    return say
