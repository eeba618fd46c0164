"""Rasa's REST channel and tracker API, as our gateway uses them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx


class RasaUnavailable(Exception):
    """Rasa did not answer or answered with an error; the inbound message stays unprocessed."""


@dataclass(frozen=True)
class Turn:
    replies: list[str]
    slots: dict[str, Any]
    requested_slot: str | None
    active_loop: str | None


def render(reply: dict[str, Any]) -> str:
    """SMS has no buttons: choices become numbered lines that '1' / '2' answer."""
    text = str(reply.get("text") or "")
    buttons = reply.get("buttons") or []
    options = [f"{i}) {b.get('title', '')}" for i, b in enumerate(buttons, start=1)]
    return "\n".join([text, *options]).strip()


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=timeout)

    def turn(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> Turn:
        try:
            r = self.http.post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text, "metadata": metadata or {}},
            )
            r.raise_for_status()
            replies = [render(m) for m in r.json() if m.get("text") or m.get("buttons")]
            t = self.http.get(f"/conversations/{sender}/tracker", params={"include_events": "NONE"})
            t.raise_for_status()
        except (httpx.HTTPError, ValueError) as exc:
            raise RasaUnavailable(str(exc)) from exc
        tracker = t.json()
        slots = tracker.get("slots") or {}
        return Turn(
            replies=[r for r in replies if r],
            slots=slots,
            requested_slot=slots.get("requested_slot"),
            active_loop=(tracker.get("active_loop") or {}).get("name"),
        )

    def ready(self) -> bool:
        try:
            r = self.http.get("/status", timeout=2)
            return r.status_code == 200 and bool(r.json().get("model_file"))
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self.http.close()
