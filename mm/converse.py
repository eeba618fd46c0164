"""`mm converse --jsonl`: one borrower message per input line, one JSON line per turn."""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Iterable
from functools import cache
from typing import IO, Any

import certifi
import httpx


class ConverseError(Exception):
    pass


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every conversation of a process: building one loads the CA
    bundle, which cost the e2e suite's 40-conversation sets more than a second each."""
    return ssl.create_default_context(cafile=certifi.where())


class Conversation:
    """A borrower texting a running sandbox through its HTTP API."""

    def __init__(self, base_url: str, phone: str, auto_accept: bool, timeout: float = 120) -> None:
        # below uvicorn's 5 s keep-alive: never reuse a connection the sandbox is closing
        self.http = httpx.Client(
            base_url=base_url,
            timeout=30,
            limits=httpx.Limits(keepalive_expiry=2.0),
            verify=_tls(),
        )
        self.phone, self.auto_accept, self.timeout = phone, auto_accept, timeout
        self.last_reply_id = 0
        self.state: dict[str, Any] = {}

    def _settle(self, sid: str | None, moved_from: str | None = None) -> dict[str, Any]:
        """Wait until the turn is done: message processed, outbox empty, state moved on."""
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            params = {"phone": self.phone, "after": str(self.last_reply_id)}
            if sid:
                params["sid"] = sid
            r = self.http.get("/sandbox/api/conversation", params=params)
            r.raise_for_status()
            state = r.json()
            if state.get("settled") and state.get("state") != moved_from:
                return state
            time.sleep(0.1)
        raise ConverseError(f"no answer within {self.timeout:.0f}s")

    def say(self, text: str) -> dict[str, Any]:
        r = self.http.post("/sandbox/api/sms", json={"from": self.phone, "body": text})
        r.raise_for_status()
        sent = r.json()
        if sent["status"] != 200:
            raise ConverseError(f"the gateway answered {sent['status']}")
        self.phone = sent["from"]
        state = self._settle(sent["message_sid"])
        replies = [m for m in state.get("replies", [])]
        intro = state.get("introduction")
        if self.auto_accept and state.get("state") == "offered" and intro:
            self.last_reply_id = max([self.last_reply_id, *(m["id"] for m in replies)])
            click = {
                "intro_id": intro["id"],
                "action_id": "intro_accept",
                "user": intro["slack_user_id"],
            }
            self.http.post("/sandbox/api/click", json=click).raise_for_status()
            # The button's work runs after Slack's ack: wait for the offer to be answered.
            state = self._settle(None, moved_from="offered")
            replies += state.get("replies", [])
        if replies:
            self.last_reply_id = max(self.last_reply_id, *(m["id"] for m in replies))
        self.state = state
        turn = {
            "replies": [m["body"] for m in replies],
            "requested_slot": state.get("requested_slot"),
            "slots": state.get("slots", {}),
            "state": _converse_state(state),
        }
        if state.get("state") == "language_question":
            turn["asked"] = "english_ok"  # a yes or no: is an English-speaking LO fine?
        if state.get("held_until"):
            turn["held_until"] = state["held_until"]  # texts wait for the calling window
        return turn

    def summary(self) -> dict[str, Any]:
        intro = self.state.get("introduction")
        summary = {
            "final": True,
            "phone": self.phone,
            "state": _converse_state(self.state),
            "slots": self.state.get("slots", {}),
            "introduction": None
            if not intro
            else {"lo_id": intro["lo_id"], "status": intro["status"]},
        }
        if self.state.get("held_until"):
            summary["held_until"] = self.state["held_until"]
        return summary


def run(lines: Iterable[str], out: IO[str], base_url: str, phone: str, auto_accept: bool) -> None:
    convo = Conversation(base_url, phone, auto_accept)
    for line in lines:
        out.write(json.dumps(convo.say(line.rstrip("\r\n"))) + "\n")
        out.flush()
    out.write(json.dumps(convo.summary()) + "\n")
    out.flush()


def _converse_state(state: dict[str, Any]) -> str:
    """The sandbox's state in `mm converse`'s five words: the language question (no LO
    speaks the borrower's language; is English fine?) is still a question before any offer,
    so the conversation is `qualifying` until it is answered."""
    name = str(state.get("state", "qualifying"))
    return "qualifying" if name == "language_question" else name
