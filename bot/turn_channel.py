"""One HTTP call per turn for our gateway: the replies and the conversation's state together.

Rasa's REST channel answers with the replies only, so the gateway used to ask for the tracker
(slots, active form) in a second call, which costs Rasa a second tracker load from its store
(every event replayed): about a third more Rasa CPU per turn in `benchmarks.scaled`. Here the
tracker stores note each conversation's state as the turn saves it, and the `turn` channel
returns that state with the replies. Runs inside the Rasa server (bot/credentials.yml,
bot/endpoints*.yml); runtime/rasa_client.py falls back to the two calls on a plain Rasa.
"""

from __future__ import annotations

import hmac
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

# The state each conversation's last save left, until its turn's answer takes it. Bounded:
# a turn answered through another channel leaves its entry behind.
_saved: OrderedDict[str, dict[str, Any]] = OrderedDict()
MAX_KEPT = 10_000
TAG = "mm_message"  # runtime/rasa_client.py's key for our message id (its process has no Rasa)


def _note(tracker: DialogueStateTracker) -> None:
    _saved[tracker.sender_id] = tracker.current_state(EventVerbosity.NONE)
    _saved.move_to_end(tracker.sender_id)
    while len(_saved) > MAX_KEPT:
        _saved.popitem(last=False)


class TurnInMemoryTrackerStore(InMemoryTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        _note(tracker)


class TurnRedisTrackerStore(RedisTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        _note(tracker)


class TurnInput(RestInput):
    """POST /webhooks/turn/webhook, as the REST channel's, answering
    {"messages": [...], "tracker": {slots, active_loop, ...} or null}."""

    def __init__(self, token: str | None = None) -> None:
        super().__init__()
        self.token = token or None  # None: anyone who reaches the port (the harness's Rasa)

    @classmethod
    def name(cls) -> str:
        return "turn"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TurnInput:
        # bot/credentials*.yml: `token: ${MM_RASA_AUTH_TOKEN}`, the token of Rasa's own API
        return cls((credentials or {}).get("token"))

    def _authorized(self, request: Request) -> bool:
        given = str(request.args.get("token") or "")
        return self.token is None or hmac.compare_digest(given.encode(), self.token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("turn_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "a valid ?token= is required"}, status=401)
            sender_id = await self._extract_sender(request)
            collector = CollectingOutputChannel()
            _saved.pop(sender_id, None)  # only this turn's save counts
            metadata = dict(self.get_metadata(request) or {})
            # Our message id becomes the user event's message_id, not metadata: Rasa keeps
            # a session's first metadata in a slot event set just before the session
            # starts, which RedisTrackerStore.retrieve (the latest session only) leaves out,
            # so every later save of that conversation missed the store's fast path and
            # merged the whole history again (docs/benchmarks.md has what that cost).
            message_id = metadata.pop(TAG, None)
            # Unlike the REST channel, an error is an error (500), so the gateway retries.
            await on_new_message(
                UserMessage(
                    self._extract_message(request),
                    collector,
                    sender_id,
                    input_channel=self.name(),
                    metadata=metadata or None,
                    message_id=str(message_id) if message_id is not None else None,
                )
            )
            state = _saved.pop(sender_id, None)
            return response.json({"messages": collector.messages, "tracker": state})

        return webhook
