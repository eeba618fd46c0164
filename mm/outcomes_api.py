"""POST /api/outcomes: a CRM or LOS reports what became of an introduction (docs/crm.md).

    Authorization: Bearer $OUTCOMES_API_TOKEN
    {"introduction_id": 12, "outcome": "funded", "note": "closed on 12/20"}

It is recorded exactly as the LO's Slack buttons record it (introductions.lo_commands), so
the matcher learns the same from it. Idempotent: an outcome the introduction already has
is not recorded again (200, "recorded": false).
"""

from __future__ import annotations

import json
import os

import anyio
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from introductions import lo_commands
from runtime.bearer import has_bearer
from runtime.services import Services
from storage.models import Introduction, IntroOutcome

# What a CRM or LOS can know; "contacted" too, as the buttons offer it.
API_OUTCOMES = ("contacted", "application", "locked", "funded", "lost")
MIN_TOKEN = 16
MAX_BODY = 16 * 1024


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class OutcomesApi:
    def __init__(self, svc: Services, token: str | None = None) -> None:
        self.svc = svc
        self.token = token if token is not None else os.environ.get("OUTCOMES_API_TOKEN", "")

    async def post(self, request: Request) -> Response:
        if len(self.token) < MIN_TOKEN:
            return _error(503, "closed: set OUTCOMES_API_TOKEN (16+ characters) to open it")
        if not has_bearer(request, self.token):
            return _error(401, "Authorization: Bearer OUTCOMES_API_TOKEN is required")
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return _error(413, "the body is too large")
        try:
            data = json.loads(raw)
        except ValueError:
            return _error(400, "the body must be JSON")
        if not isinstance(data, dict):
            return _error(400, "the body must be a JSON object")
        intro_id, outcome, note = data.get("introduction_id"), data.get("outcome"), data.get("note")
        if not isinstance(intro_id, int) or isinstance(intro_id, bool) or intro_id < 1:
            return _error(422, "introduction_id must be a positive integer")
        if intro_id > lo_commands.MAX_ID:
            return _error(404, f"no introduction {intro_id}")
        if outcome not in API_OUTCOMES:
            return _error(422, f"outcome must be one of {', '.join(API_OUTCOMES)}")
        if note is not None and (not isinstance(note, str) or len(note) > 500):
            return _error(422, "note must be a string of at most 500 characters")
        return await anyio.to_thread.run_sync(self._record, intro_id, outcome, note)

    def _record(self, intro_id: int, outcome: str, note: str | None) -> Response:
        now = self.svc.clock()
        with self.svc.sessions.begin() as s:
            intro = s.scalars(
                select(Introduction).where(Introduction.id == intro_id).with_for_update()
            ).one_or_none()
            if intro is None:
                return _error(404, f"no introduction {intro_id}")
            if intro.status not in ("introduced", "closed"):
                return _error(409, f"introduction {intro_id} was never accepted ({intro.status})")
            seen = s.scalar(
                select(IntroOutcome.id).where(
                    IntroOutcome.introduction_id == intro_id, IntroOutcome.outcome == outcome
                )
            )
            if seen is not None:
                return JSONResponse(
                    {"introduction_id": intro_id, "outcome": outcome, "recorded": False}
                )
            # As the LO's own button press: the same checks, learning and closing.
            said = lo_commands.record_outcome(
                s, intro_id, outcome, intro.loan_officer.slack_user_id, now, note
            )
            if not said.startswith("Recorded"):
                return _error(409, said)
        return JSONResponse(
            {"introduction_id": intro_id, "outcome": outcome, "recorded": True}, status_code=201
        )

    def routes(self) -> list[BaseRoute]:
        return [Route("/api/outcomes", self.post, methods=["POST"])]
