"""Rasa's REST channel and tracker API, as our gateway uses them.

Several Rasa servers may share one tracker and lock store (Redis); a borrower sticks to one
server and moves to the next only when theirs does not answer.
"""

from __future__ import annotations

import zlib
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


# Our message id: sent as this metadata key; bot/turn_channel.py stores it as the user
# event's message_id, Rasa's plain REST channel as the event's metadata.
TAG = "mm_message"


def _turn_of(replies: list[str], tracker: dict[str, Any]) -> Turn:
    slots = tracker.get("slots") or {}
    return Turn(
        replies=[r for r in replies if r],
        slots=slots,
        requested_slot=slots.get("requested_slot"),
        active_loop=(tracker.get("active_loop") or {}).get("name"),
    )


class RasaClient:
    def __init__(
        self, base_urls: str | list[str], timeout: float = 90.0, token: str | None = None
    ) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else base_urls
        # Nobody waits on this call (Twilio was answered already), so a slow action server
        # gets time; a dead Rasa server is found within the short connect timeout.
        limits = httpx.Timeout(timeout, connect=2.0)
        # Rasa's --auth-token and our turn channel both read ?token= (Rasa's API knows no
        # other form of a plain token), so every call carries it.
        params = {"token": token} if token else None
        self.servers = [httpx.Client(base_url=u, timeout=limits, params=params) for u in urls]

    def _order(self, sender: str) -> list[httpx.Client]:
        first = zlib.crc32(sender.encode()) % len(self.servers)
        return self.servers[first:] + self.servers[:first]

    def turn(self, sender: str, text: str, key: str, maybe_taken: bool = False) -> Turn:
        """One turn of `text`, tagged `key` (our message's id) in the tracker.

        `maybe_taken`: an earlier try may have reached Rasa (its worker died, or the answer
        was lost); if the tracker holds the tagged message, that turn is returned instead of
        running it twice.
        """
        errors: list[str] = []
        for http in self._order(sender):
            try:
                taken = self._taken(http, sender, key) if maybe_taken else None
                return taken or self._turn(http, sender, text, key)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError) as exc:
                # This server is down, or died mid-turn: the next one, checking first.
                errors.append(f"{http.base_url}: {exc!r}")
                maybe_taken = True
            except httpx.HTTPStatusError as exc:
                if exc.response.status_code in (401, 403):
                    raise RasaUnavailable(
                        f"{http.base_url} refused our token: RASA_AUTH_TOKEN must be the token "
                        "`mm rasa` runs with"
                    ) from exc
                raise RasaUnavailable(f"{http.base_url}: {exc}") from exc
            except (httpx.HTTPError, ValueError) as exc:
                raise RasaUnavailable(f"{http.base_url}: {exc}") from exc
        raise RasaUnavailable("; ".join(errors))

    def _turn(self, http: httpx.Client, sender: str, text: str, key: str) -> Turn:
        """Our turn channel answers the replies with the conversation's state (one call,
        bot/turn_channel.py); a Rasa without it, with the REST channel and a tracker call."""
        body = {"sender": sender, "message": text, "metadata": {TAG: key}}
        r = http.post("/webhooks/turn/webhook", json=body)
        if r.status_code == 404:
            r = http.post("/webhooks/rest/webhook", json=body)
            r.raise_for_status()
            messages, state = r.json(), None
        else:
            r.raise_for_status()
            payload = r.json()
            if not isinstance(payload, dict):
                raise ValueError(f"the turn channel answered {type(payload).__name__}")
            messages, state = payload.get("messages") or [], payload.get("tracker")
        replies = [render(m) for m in messages if m.get("text") or m.get("buttons")]
        if state is None:
            t = http.get(f"/conversations/{sender}/tracker", params={"include_events": "NONE"})
            t.raise_for_status()
            state = t.json()
        return _turn_of(replies, state)

    def _taken(self, http: httpx.Client, sender: str, key: str) -> Turn | None:
        t = http.get(f"/conversations/{sender}/tracker")
        t.raise_for_status()
        tracker = t.json()
        events = tracker.get("events") or []
        mine = [
            i
            for i, e in enumerate(events)
            if e.get("event") == "user"
            and (e.get("message_id") == key or (e.get("metadata") or {}).get(TAG) == key)
        ]
        if not mine:
            return None
        replies = []
        for e in events[mine[-1] + 1 :]:
            if e.get("event") == "user":
                break
            if e.get("event") == "bot":
                buttons = (e.get("data") or {}).get("buttons")
                replies.append(render({"text": e.get("text"), "buttons": buttons}))
        return _turn_of(replies, tracker)

    def ready(self) -> bool:
        """At least one server has its model loaded."""
        return any(self._ready(http) for http in self.servers)

    @staticmethod
    def _ready(http: httpx.Client) -> bool:
        try:
            r = http.get("/status", timeout=2)
            return r.status_code == 200 and bool(r.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    def close(self) -> None:
        for http in self.servers:
            http.close()
