"""Slack interactivity through slack-bolt: the LO's Accept and Pass buttons.

Bolt verifies the signing secret and acknowledges within Slack's 3 seconds; the work runs
after the ack in the borrower's lane, and its messages go out through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from sqlalchemy.orm import Session

from channels import handoff, messages
from channels.conversation import handoff_settings
from channels.outbox import deliver_pending
from channels.services import Services
from storage.models import Introduction

log = logging.getLogger(__name__)
Button = Callable[[Session, int, str, Any, handoff.HandoffSettings], handoff.ButtonResult]


def build_bolt(svc: Services) -> App:
    app = App(
        signing_secret=svc.settings.slack_signing_secret,
        client=svc.slack,
        token_verification_enabled=False,  # no network call at start-up
    )

    def on_button(action: Button) -> Callable[..., None]:
        def listener(ack: Ack, body: dict[str, Any]) -> None:
            ack()
            user = body.get("user", {}).get("id", "")
            channel = (body.get("channel") or {}).get("id") or user
            try:
                intro_id = int(body["actions"][0]["value"])
            except (KeyError, IndexError, ValueError):
                _ephemeral(svc, channel, user, "That button is not one of ours.")
                return
            result = run_button(svc, action, intro_id, user)
            if not result.ok:
                _ephemeral(svc, channel, user, result.message)

        return listener

    app.action(messages.ACCEPT)(on_button(handoff.accept))
    app.action(messages.PASS)(on_button(handoff.pass_offer))
    return app


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
