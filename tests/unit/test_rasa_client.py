"""RasaClient against canned Rasa answers: our turn channel (one call), and a plain Rasa
(REST channel plus a tracker call)."""

from __future__ import annotations

import json

import httpx
import pytest

from runtime.rasa_client import TAG, RasaClient, RasaUnavailable

STATE = {
    "slots": {"loan_purpose": "purchase", "requested_slot": "property_state"},
    "active_loop": {"name": "qualification_form"},
}
REPLIES = [{"text": "Which state?", "buttons": [{"title": "TX"}, {"title": "CO"}]}]


def client(handler) -> tuple[RasaClient, list[str]]:
    calls: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        calls.append(f"{request.method} {request.url.path}")
        return handler(request)

    rasa = RasaClient("http://rasa.test")
    transport = httpx.MockTransport(record)
    rasa.servers = [httpx.Client(base_url="http://rasa.test", transport=transport)]
    return rasa, calls


def test_the_turn_channel_answers_replies_and_state_in_one_call():
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        assert body["metadata"] == {TAG: "41"} and body["message"] == "buy"
        return httpx.Response(200, json={"messages": REPLIES, "tracker": STATE})

    rasa, calls = client(handler)
    turn = rasa.turn("borrower-7", "buy", key="41")
    assert calls == ["POST /webhooks/turn/webhook"]
    assert turn.replies == ["Which state?\n1) TX\n2) CO"]
    assert turn.slots["loan_purpose"] == "purchase"
    assert (turn.requested_slot, turn.active_loop) == ("property_state", "qualification_form")


def test_a_plain_rasa_is_asked_through_rest_and_the_tracker():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/webhooks/turn/webhook":
            return httpx.Response(404)
        if request.url.path == "/webhooks/rest/webhook":
            return httpx.Response(200, json=REPLIES)
        assert request.url.params["include_events"] == "NONE"
        return httpx.Response(200, json=STATE)

    rasa, calls = client(handler)
    turn = rasa.turn("borrower-7", "buy", key="41")
    assert calls == [
        "POST /webhooks/turn/webhook",
        "POST /webhooks/rest/webhook",
        "GET /conversations/borrower-7/tracker",
    ]
    assert turn.active_loop == "qualification_form" and turn.replies[0].startswith("Which")


def test_a_turn_saved_by_another_store_falls_back_to_the_tracker_call():
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(200, json={"messages": REPLIES, "tracker": None})
        return httpx.Response(200, json=STATE)

    rasa, calls = client(handler)
    assert rasa.turn("borrower-7", "buy", key="41").slots == STATE["slots"]
    assert calls[-1] == "GET /conversations/borrower-7/tracker"


@pytest.mark.parametrize("answer", [[], "oops", 3])
def test_a_malformed_turn_answer_is_an_unavailable_rasa(answer):
    rasa, _ = client(lambda request: httpx.Response(200, json=answer))
    with pytest.raises(RasaUnavailable):
        rasa.turn("borrower-7", "buy", key="41")


def tracker_with(user_event: dict) -> dict:
    return {
        **STATE,
        "events": [
            {"event": "user", "text": "hi", "message_id": "0f3e", "metadata": {}},
            {"event": "bot", "text": "Hello! Buying or refinancing?"},
            {"event": "user", "text": "buy", **user_event},
            {"event": "bot", "text": "Which state?", "data": {"buttons": REPLIES[0]["buttons"]}},
        ],
    }


@pytest.mark.parametrize(
    "stored",
    [
        {"message_id": "41", "metadata": None},  # our turn channel
        {"message_id": "9a1c77", "metadata": {TAG: "41"}},  # Rasa's REST channel
    ],
)
def test_a_retried_turn_that_reached_rasa_is_read_back_not_run_twice(stored):
    tracker = tracker_with(stored)

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.method == "GET", "the turn must not be sent to Rasa again"
        return httpx.Response(200, json=tracker)

    rasa, calls = client(handler)
    turn = rasa.turn("borrower-7", "buy", key="41", maybe_taken=True)
    assert calls == ["GET /conversations/borrower-7/tracker"]
    assert turn.replies == ["Which state?\n1) TX\n2) CO"]


def test_a_retried_turn_that_never_reached_rasa_is_run():
    tracker = tracker_with({"message_id": "40", "metadata": {TAG: "40"}})

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json=tracker)
        return httpx.Response(200, json={"messages": REPLIES, "tracker": STATE})

    rasa, calls = client(handler)
    rasa.turn("borrower-7", "buy", key="41", maybe_taken=True)
    assert calls == ["GET /conversations/borrower-7/tracker", "POST /webhooks/turn/webhook"]
