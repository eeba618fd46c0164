"""Slack through slack-bolt: the offer's buttons, outcomes, the LO's thread replies, `/mm`.

The gateway checks Slack's signature before anything parses the request, so bolt does not
check it again. Bolt acknowledges within Slack's 3 seconds; the work runs after the ack in
the borrower's lane, and its messages go out through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App
from sqlalchemy.orm import Session

from channels.dedupe import Deduper
from channels.redact import redact
from introductions import handoff, lo_commands, relay, texts
from introductions.handoff import handoff_settings
from runtime.outbox import deliver_pending, queue_slack
from runtime.services import Services
from storage.models import Introduction

log = logging.getLogger(__name__)
Button = Callable[[Session, int, str, Any, handoff.HandoffSettings], handoff.ButtonResult]


def build_bolt(svc: Services, deduper: Deduper) -> App:
    app = App(
        signing_secret=svc.settings.slack_signing_secret,
        client=svc.slack,
        token_verification_enabled=False,  # no network call at start-up
        request_verification_enabled=False,  # channels/gateway.py verified the signature
    )

    def on_button(action: Button) -> Callable[..., None]:
        def listener(ack: Ack, body: dict[str, Any]) -> None:
            ack()
            user = body.get("user", {}).get("id", "")
            channel = (body.get("channel") or {}).get("id") or user
            try:
                intro_id = lo_commands.record_id(str(body["actions"][0]["value"]).split(":")[0])
            except (KeyError, IndexError, TypeError):
                intro_id = None
            if intro_id is None:
                _ephemeral(svc, channel, user, "That button is not one of ours.")
                return
            result = run_button(svc, action, intro_id, user)
            if not result.ok:
                _ephemeral(svc, channel, user, result.message)

        return listener

    app.action(texts.ACCEPT)(on_button(handoff.accept))

    @app.action(texts.PASS)
    def on_pass(ack: Ack, body: dict[str, Any]) -> None:
        # The card's menu carries "ID:reason"; a Pass button on an older card, just "ID".
        ack()
        user = body.get("user", {}).get("id", "")
        channel = (body.get("channel") or {}).get("id") or user
        intro_id, reason = pass_choice(body)
        if intro_id is None:
            _ephemeral(svc, channel, user, "That button is not one of ours.")
            return
        result = run_button(svc, partial(handoff.pass_offer, reason=reason), intro_id, user)
        if not result.ok:
            _ephemeral(svc, channel, user, result.message)

    app.action(texts.SNOOZE)(on_button(handoff.snooze))

    @app.action(texts.OUTCOME_ACTION)
    def on_outcome(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = body.get("user", {}).get("id", "")
        channel = (body.get("channel") or {}).get("id") or user
        try:
            value, key = str(body["actions"][0]["value"]).split(":")
            intro_id = lo_commands.record_id(value)
        except (KeyError, IndexError, TypeError, ValueError):
            intro_id = None
        if intro_id is None:
            text = "That button is not one of ours."
        else:
            with svc.sessions.begin() as s:
                text = lo_commands.record_outcome(s, intro_id, key, user, svc.clock())
        _ephemeral(svc, channel, user, text)

    @app.command("/mm")
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        with svc.sessions.begin() as s:
            text = lo_commands.run_command(
                s, command.get("user_id", ""), command.get("text", ""), svc.clock()
            )
        ack(text=text)  # an ephemeral answer, well inside Slack's 3 seconds

    @app.event("message")
    def on_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        # Slack retries an event it thinks we missed; the event_id makes it act once.
        if not deduper.first_time("slack:" + str(body.get("event_id"))):
            return
        if event.get("bot_id") or event.get("subtype") or not event.get("thread_ts"):
            return
        relay_lo_reply(svc, event)

    return app


def pass_choice(body: dict[str, Any]) -> tuple[int | None, str | None]:
    """(introduction id, reason) of a Pass: the menu's "ID:reason" or an old button's "ID";
    (None, None) for anything else, an unknown reason included."""
    try:
        action = body["actions"][0]
        value = str((action.get("selected_option") or {}).get("value") or action["value"])
    except (KeyError, IndexError, TypeError, AttributeError):
        return None, None
    raw_id, _, reason = value.partition(":")
    if reason and reason not in texts.PASS_REASON_LABELS:
        return None, None
    return lo_commands.record_id(raw_id), reason or None


def relay_lo_reply(svc: Services, event: dict[str, Any]) -> None:
    """The LO replied in the introduction's thread: text it to the borrower."""
    with svc.sessions() as s:
        intro = relay.intro_for_thread(s, event.get("channel", ""), event["thread_ts"])
        if intro is None or intro.loan_officer.slack_user_id != event.get("user"):
            return
        lane: int | str = intro.borrower_id
        intro_id = intro.id

    # An SSN or card number an LO pastes is never stored nor texted (as for borrowers).
    text, redacted = redact(str(event.get("text", "")))

    def job() -> None:
        with svc.sessions.begin() as s:
            intro = s.get_one(Introduction, intro_id)
            sent = relay.lo_to_borrower(s, intro, text, svc.clock())
            if sent and redacted:
                note = {"channel": intro.loan_officer.slack_user_id, "text": texts.LO_REDACTED_NOTE}
                queue_slack(s, "chat.postMessage", note, "lo_redacted", intro_id, in_thread=True)
        deliver_pending(svc)

    svc.lanes.submit(lane, job)


def run_button(svc: Services, action: Button, intro_id: int, user: str) -> handoff.ButtonResult:
    """Apply a button in the borrower's lane (ordered with their SMS), then send."""
    with svc.sessions() as s:
        intro = s.get(Introduction, intro_id)
        lane = intro.borrower_id if intro else f"intro-{intro_id}"

    def job() -> handoff.ButtonResult:
        with svc.sessions.begin() as s:
            result = action(s, intro_id, user, svc.clock(), handoff_settings(svc))
        deliver_pending(svc)
        return result

    return svc.lanes.submit(lane, job).result(timeout=60)  # type: ignore[return-value]


def _ephemeral(svc: Services, channel: str, user: str, text: str) -> None:
    svc.slack.chat_postEphemeral(channel=channel, user=user, text=text)
