"""The sandbox: a borrower's phone and an LO's Slack, played against the real gateway.

Every action here goes through the same public endpoints Twilio and Slack would call,
signed the way they sign; the sandbox only holds the pen.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import anyio
import httpx
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from channels.gateway import Gateway, e164
from channels.timers import Timers
from channels.twilio_signature import sign
from introductions.calling_hours import borrower_zones
from introductions.inbound import conversation_state, rasa_sender
from introductions.next_steps import waitlisted
from runtime.page_headers import new_nonce, page_headers, with_nonce
from runtime.services import Services
from sandbox.fakes import Fakes
from storage.models import (
    Borrower,
    Introduction,
    LoanOfficer,
    MatchDecision,
    Message,
    ScheduledJob,
    WaitlistEntry,
)

PAGE = Path(__file__).with_name("sandbox.html")
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DASHBOARD_LINK = '<a id="dashboard-link" href="#" target="_blank" hidden>'


class BadRequest(Exception):
    """A sandbox API call whose JSON is not what the endpoint takes: a 400 that says why."""


async def json_object(request: Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, or nested too deep
        raise BadRequest("the body must be a JSON object") from exc
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object")
    return data


def field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None or isinstance(value, dict | list):
        raise BadRequest(f"{name} is required (a string)")
    return str(value)


def _host_of(netloc: str) -> str | None:
    try:
        return urlsplit("//" + netloc).hostname
    except ValueError:  # "[::1" and the like
        return None


class LocalOnly:
    """The sandbox on this machine only, even for a browser on it.

    It has no login (it is a developer's tool), so: a Host that is not loopback is a page that
    rebound its own DNS name to 127.0.0.1 (DNS rebinding), and a POST whose Origin is not
    this very page is another site driving it (cross-site request forgery). Both get a 403.
    Requests without an Origin (curl, `mm converse`) are not a browser's, and pass.
    """

    def __init__(self, app: ASGIApp, hosts: frozenset[str] = LOOPBACK_NAMES) -> None:
        self.app, self.hosts = app, hosts

    def refusal(self, method: str, headers: Headers) -> str | None:
        host = headers.get("host", "")
        if _host_of(host) not in self.hosts:
            return "the sandbox answers on 127.0.0.1 or localhost only"
        if method in SAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None:
            parts = urlsplit(origin) if origin != "null" else None
            if parts is None or parts.scheme != "http" or parts.netloc != host:
                return "cross-origin requests to the sandbox are refused"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "cross-site requests to the sandbox are refused"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            reason = self.refusal(scope["method"], Headers(scope=scope))
            if reason is not None:
                await PlainTextResponse(reason, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def bad_request_as_400(endpoint: Any) -> Any:
    async def wrapped(request: Request) -> Response:
        try:
            response: Response = await endpoint(request)
        except BadRequest as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return response

    return wrapped


# Below uvicorn's default keep-alive (5 s), so the client never reuses a closing connection.
KEEPALIVE_EXPIRY_S = 2.0


class Sandbox:
    def __init__(self, svc: Services, fakes: Fakes, bot_number: str) -> None:
        self.svc, self.fakes, self.bot_number = svc, fakes, bot_number
        # a request on a keep-alive connection the gateway is closing fails with ReadError
        self.http = httpx.AsyncClient(
            base_url=svc.settings.public_base_url,
            timeout=30,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY_S),
        )
        self.offset = timedelta(0)
        base_clock = svc.clock
        svc.clock = lambda: base_clock() + self.offset  # the sandbox's clock can jump ahead
        self.timers = Timers(svc)

    async def text_bot(self, phone: str, body: str) -> tuple[int, str]:
        """Send an SMS as Twilio would deliver it: form-encoded and signed."""
        sid = "SM" + secrets.token_hex(16)
        params = {
            "MessageSid": sid,
            "AccountSid": self.svc.settings.twilio_account_sid,
            "From": phone,
            "To": self.bot_number,
            "Body": body,
            "NumMedia": "0",
        }
        url = self.svc.settings.public_base_url + "/twilio/sms"
        headers = {"X-Twilio-Signature": sign(self.svc.settings.twilio_auth_token, url, params)}
        r = await self.http.post("/twilio/sms", data=params, headers=headers)
        return r.status_code, sid

    async def _signed_post(self, path: str, body: str, content_type: str) -> int:
        ts = str(int(time.time()))
        verifier = SignatureVerifier(self.svc.settings.slack_signing_secret)
        signature = verifier.generate_signature(timestamp=ts, body=body)
        assert signature is not None  # None only without a signing secret
        headers = {
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature,
            "Content-Type": content_type,
        }
        r = await self.http.post(path, content=body, headers=headers)
        return r.status_code

    async def click(self, value: str, action_id: str, user: str, select: bool = False) -> int:
        """Press a card's button (or pick from its menu, `select`) as Slack would post it: a
        signed block_actions payload."""
        action: dict[str, Any] = {"action_id": action_id, "value": value, "type": "button"}
        if select:  # a menu's choice comes as selected_option, with no value of its own
            action = {
                "action_id": action_id,
                "type": "static_select",
                "selected_option": {"value": value},
            }
        payload = {
            "type": "block_actions",
            "user": {"id": user},
            "channel": {"id": user},
            "trigger_id": secrets.token_hex(8),
            "actions": [action],
        }
        body = urlencode({"payload": json.dumps(payload)})
        return await self._signed_post("/slack/actions", body, "application/x-www-form-urlencoded")

    async def reply_in_thread(self, channel: str, thread_ts: str, user: str, text: str) -> int:
        """The LO replies under a card, delivered as Slack's signed message event."""
        body = json.dumps(
            {
                "type": "event_callback",
                "event_id": "Ev" + secrets.token_hex(8),
                "event_time": int(time.time()),
                "event": {
                    "type": "message",
                    "channel": channel,
                    "user": user,
                    "text": text,
                    "ts": f"{time.time():.6f}",
                    "thread_ts": thread_ts,
                },
            }
        )
        return await self._signed_post("/slack/events", body, "application/json")

    def conversation(self, phone: str, sid: str | None, after: int = 0) -> dict[str, Any]:
        with self.svc.sessions() as s:
            borrower = s.scalar(select(Borrower).where(Borrower.phone == phone))
            if borrower is None:
                return {"known": False, "settled": sid is None}
            inbound = s.scalar(select(Message).where(Message.provider_sid == sid)) if sid else None
            now = self.svc.clock()
            unsent = s.scalars(
                select(Message.not_before).where(
                    Message.borrower_id == borrower.id,
                    Message.direction == "out",
                    Message.status.in_(("queued", "sending")),
                )
            ).all()
            # A text held for the borrower's calling hours is not pending work: the turn is
            # settled, and the contract says until when the text waits.
            held = sorted(_aware(t) for t in unsent if t is not None and _aware(t) > now)
            unsent_now = len(unsent) - len(held)
            intro = s.scalars(
                select(Introduction)
                .where(Introduction.borrower_id == borrower.id)
                .order_by(Introduction.id.desc())
            ).first()
            introduction = None
            if intro is not None:
                introduction = {
                    "id": intro.id,
                    "lo_id": intro.lo_id,
                    "status": intro.status,
                    "slack_user_id": intro.loan_officer.slack_user_id,
                }
            state = conversation_state(s, borrower)
            q = borrower.qualification
            zone = (
                borrower_zones(q.property_state if q else None, borrower.phone)[0] if held else None
            )
            replies = [
                {"id": m.id, "body": m.body}
                for m in s.scalars(
                    select(Message)
                    .where(
                        Message.borrower_id == borrower.id,
                        Message.direction == "out",
                        Message.channel == "sms",
                        Message.status == "sent",
                        Message.id > after,
                    )
                    .order_by(Message.id)
                )
            ]
        settled = (
            inbound is None or inbound.status in ("processed", "failed", "throttled")
        ) and not unsent_now
        slots: dict[str, Any] = {}
        if settled:  # callers poll until settled; Rasa's slots only matter then
            tracker = self.svc.rasa.servers[0].get(
                f"/conversations/{rasa_sender(borrower.id)}/tracker",
                params={"include_events": "NONE"},
            )
            slots = tracker.json().get("slots") or {}
        return {
            "known": True,
            "settled": settled,
            "held_until": _local(held[0], zone).isoformat() if held and zone else None,
            "state": state,
            "replies": replies,
            "requested_slot": slots.get("requested_slot"),
            "slots": {k: v for k, v in slots.items() if k not in _INTERNAL and v is not None},
            "introduction": introduction,
        }

    # HTTP endpoints of the sandbox page and `mm converse`.
    async def page(self, request: Request) -> Response:
        nonce = new_nonce()
        html = with_nonce(PAGE.read_text(), nonce)
        token = self.svc.settings.dashboard_token
        if token:  # only in the page a developer opens here (LocalOnly), never in the API
            link = f'<a id="dashboard-link" href="/dashboard?token={quote(token)}" target="_blank">'
            html = html.replace(DASHBOARD_LINK, link)
        return HTMLResponse(html, headers=page_headers(nonce))

    async def api_sms(self, request: Request) -> Response:
        data = await json_object(request)
        phone = e164(str(data.get("from", "")))
        if phone is None:
            return JSONResponse({"error": "from must be a phone number"}, status_code=400)
        status, sid = await self.text_bot(phone, str(data.get("body", "")))
        return JSONResponse({"status": status, "message_sid": sid, "from": phone})

    async def api_click(self, request: Request) -> Response:
        data = await json_object(request)
        value = str(data.get("value") or data.get("intro_id"))
        select = bool(data.get("select"))
        status = await self.click(value, field(data, "action_id"), field(data, "user"), select)
        return JSONResponse({"status": status})

    async def api_reply(self, request: Request) -> Response:
        data = await json_object(request)
        channel, thread_ts = field(data, "channel"), field(data, "thread_ts")
        status = await self.reply_in_thread(
            channel, thread_ts, field(data, "user"), field(data, "text")
        )
        return JSONResponse({"status": status})

    async def api_clock(self, request: Request) -> Response:
        """Move the sandbox clock forward so offer deadlines and check-backs come due now."""
        try:
            minutes = float((await json_object(request)).get("minutes", 0))
        except (TypeError, ValueError, OverflowError):
            minutes = -1.0  # not a number: refused below
        if not 0 <= minutes <= 7 * 24 * 60:
            return JSONResponse({"error": "minutes must be between 0 and a week"}, status_code=400)
        self.offset += timedelta(minutes=minutes)
        await anyio.to_thread.run_sync(self.timers.tick)
        return JSONResponse({"now": self.svc.clock().isoformat()})

    async def api_conversation(self, request: Request) -> Response:
        phone = e164(request.query_params.get("phone", ""))
        if phone is None:
            return JSONResponse({"error": "phone must be a phone number"}, status_code=400)
        sid = request.query_params.get("sid")
        try:
            after = int(request.query_params.get("after", "0"))
        except ValueError:
            return JSONResponse({"error": "after must be a message id"}, status_code=400)
        return JSONResponse(await anyio.to_thread.run_sync(self.conversation, phone, sid, after))

    async def api_feed(self, request: Request) -> Response:
        def feed() -> dict[str, Any]:
            with self.svc.sessions() as s:
                rows = s.scalars(
                    select(Message).where(Message.channel == "sms").order_by(Message.id)
                ).all()
                sms = [
                    {
                        "id": m.id,
                        "dir": m.direction,
                        "phone": m.address,
                        "body": m.body,
                        "status": m.status,
                        "not_before": m.not_before.isoformat() if m.not_before else None,
                    }
                    for m in rows
                ]
            return {"sms": sms, "slack": self.fakes.slack.calls.since(0)}

        return JSONResponse(await anyio.to_thread.run_sync(feed))

    def timeline(self, phone: str) -> dict[str, Any]:
        """What happened to one borrower, from the database: decisions and their reasons,
        offers with deadlines, answers, outcomes, timers, and texts held for quiet hours."""
        now = self.svc.clock()
        events: list[dict[str, Any]] = []

        def add(at: Any, kind: str, title: str, detail: str | None = None, **extra: Any) -> None:
            events.append(
                {"at": at.isoformat(), "kind": kind, "title": title, "detail": detail, **extra}
            )

        with self.svc.sessions() as s:
            borrower = s.scalar(select(Borrower).where(Borrower.phone == phone))
            if borrower is None:
                return {"now": now.isoformat(), "known": False, "events": []}
            add(borrower.created_at, "borrower", "First text from the borrower")
            q = borrower.qualification
            if q is not None and q.consent_at is not None:
                add(q.consent_at, "consent", "Agreed to be introduced to one LO")
            if q is not None and q.completed_at is not None:
                facts = [
                    q.loan_purpose,
                    q.property_state,
                    f"${q.price_usd:,}" if q.price_usd else None,
                    f"credit {q.credit_band}" if q.credit_band else None,
                    f"timeline {q.timeline}" if q.timeline else None,
                ]
                add(q.completed_at, "qualified", "Qualified", ", ".join(f for f in facts if f))
            for d in s.scalars(
                select(MatchDecision).where(MatchDecision.borrower_id == borrower.id)
            ):
                lo = s.get(LoanOfficer, d.chosen_lo_id) if d.chosen_lo_id else None
                title = f"Matched {lo.name}" if lo else "No licensed LO available"
                if lo and "asked the borrower whether English" in d.reason:
                    title = f"Matched {lo.name}, who speaks English only: asked the borrower"
                add(d.created_at, "decision", title, d.reason, lo_id=d.chosen_lo_id)
            intros = s.scalars(
                select(Introduction).where(Introduction.borrower_id == borrower.id)
            ).all()
            answered = {
                "introduced": "accepted",
                "closed": "accepted",
                "passed": "passed",
                "expired": "timed out",
                "withdrawn": "withdrawn",
            }
            closed_before = False
            for i in sorted(intros, key=lambda i: i.id):
                name = i.loan_officer.name
                # A new introduction after one that ended: the borrower asked again.
                again, closed_before = closed_before, closed_before or i.status == "closed"
                add(
                    i.offered_at,
                    "offer",
                    f"Re-matched: offered to {name} in Slack"
                    if again
                    else f"Offered to {name} in Slack",
                    None,
                    status=i.status,
                    deadline=i.deadline_at.isoformat(),
                    intro_id=i.id,
                )
                if i.responded_at is not None and i.status in answered:
                    add(
                        i.responded_at,
                        "answer",
                        f"{name} {answered[i.status]}"
                        if i.status not in ("expired", "withdrawn")
                        else f"Offer to {name} {answered[i.status]}",
                        i.pass_reason,
                        status=i.status,
                        intro_id=i.id,
                    )
                if i.outcome_at is not None and i.outcome:
                    add(i.outcome_at, "outcome", f"Outcome: {i.outcome}", i.outcome_note)
            if intros:
                for job in s.scalars(
                    select(ScheduledJob).where(
                        ScheduledJob.introduction_id.in_([i.id for i in intros])
                    )
                ):
                    label = job.kind.replace("_", "-")
                    add(
                        job.created_at,
                        "timer",
                        f"{label.capitalize()} scheduled",
                        None,
                        status=job.status,
                        due=job.due_at.isoformat(),
                    )
                    if job.done_at is not None and job.status == "done":
                        add(job.done_at, "timer", f"{label.capitalize()} ran", None)
            for m in s.scalars(
                select(Message).where(
                    Message.borrower_id == borrower.id,
                    Message.direction == "out",
                    Message.not_before.is_not(None),
                    Message.status != "cancelled",  # listed below as cancelled
                )
            ):
                held = m.status == "queued" and m.not_before is not None and m.not_before > now
                whose = "LO's text" if m.purpose == "relay_to_borrower" else "Text"
                add(
                    m.created_at,
                    "held",
                    f"{whose} held for the borrower's calling hours" if held else "Held text sent",
                    m.body[:120],
                    status="held" if held else m.status,
                    due=m.not_before.isoformat() if m.not_before else None,
                )
            for w in s.scalars(
                select(WaitlistEntry).where(WaitlistEntry.borrower_id == borrower.id)
            ):
                add(w.joined_at, "waitlist", "Put on the waiting list", None, status=w.status,
                    due=w.until.isoformat())  # fmt: skip
                if w.ended_at is not None:
                    add(w.ended_at, "waitlist", WAITLIST_ENDED[w.status], None, status=w.status)
            for m in s.scalars(
                select(Message).where(
                    Message.borrower_id == borrower.id,
                    Message.direction == "out",
                    Message.status == "cancelled",
                )
            ):
                title = "Text cancelled: the borrower opted out"
                add(m.done_at or m.created_at, "opt_out", title, m.body[:120], status=m.status)
            if borrower.opted_out_at is not None:
                add(borrower.opted_out_at, "opt_out", "Opted out (STOP)")
            state = shown_state(s, borrower)
        events.sort(key=lambda e: e["at"])
        return {"now": now.isoformat(), "known": True, "state": state, "events": events}

    def borrowers(self) -> list[dict[str, Any]]:
        """Every borrower who texted, the latest first, with where they are."""
        with self.svc.sessions() as s:
            last = (
                select(Message.borrower_id, func.max(Message.id).label("last_id"))
                .group_by(Message.borrower_id)
                .subquery()
            )
            rows = s.execute(
                select(Borrower, last.c.last_id)
                .join(last, last.c.borrower_id == Borrower.id, isouter=True)
                .order_by(last.c.last_id.desc().nulls_last(), Borrower.id.desc())
            ).all()
            return [
                {
                    "phone": b.phone,
                    "first_name": b.qualification.first_name if b.qualification else None,
                    "state": shown_state(s, b),
                }
                for b, _ in rows
            ]

    async def api_timeline(self, request: Request) -> Response:
        phone = e164(request.query_params.get("phone", ""))
        if phone is None:
            return JSONResponse({"error": "phone must be a phone number"}, status_code=400)
        return JSONResponse(await anyio.to_thread.run_sync(self.timeline, phone))

    async def api_borrowers(self, request: Request) -> Response:
        return JSONResponse({"borrowers": await anyio.to_thread.run_sync(self.borrowers)})

    async def api_info(self, request: Request) -> Response:
        def info() -> dict[str, Any]:
            with self.svc.sessions() as s:
                los = {
                    lo.slack_user_id: {"id": lo.id, "name": lo.name}
                    for lo in s.scalars(select(LoanOfficer).order_by(LoanOfficer.id))
                }
            # No dashboard token here: the page carries its link (see page).
            return {
                "bot_number": self.bot_number,
                "team_channel": self.svc.settings.slack_team_channel,
                "los": los,
                "now": self.svc.clock().isoformat(),
            }

        return JSONResponse(await anyio.to_thread.run_sync(info))

    def routes(self, gateway: Gateway) -> list[BaseRoute]:
        return [
            Route("/", lambda r: RedirectResponse("/sandbox")),
            Route("/sandbox", self.page),
            Route("/sandbox/api/sms", bad_request_as_400(self.api_sms), methods=["POST"]),
            Route("/sandbox/api/click", bad_request_as_400(self.api_click), methods=["POST"]),
            Route("/sandbox/api/reply", bad_request_as_400(self.api_reply), methods=["POST"]),
            Route("/sandbox/api/clock", bad_request_as_400(self.api_clock), methods=["POST"]),
            Route("/sandbox/api/conversation", self.api_conversation),
            Route("/sandbox/api/feed", self.api_feed),
            Route("/sandbox/api/timeline", self.api_timeline),
            Route("/sandbox/api/borrowers", self.api_borrowers),
            Route("/sandbox/api/info", self.api_info),
        ]


def shown_state(s: Session, borrower: Borrower) -> str:
    """The conversation's state as the page shows it: a no-match borrower who waits on the
    list reads "waitlisted" (`mm converse` keeps "no_match")."""
    state = conversation_state(s, borrower)
    if state == "no_match" and waitlisted(s, borrower.id) is not None:
        return "waitlisted"
    return state


WAITLIST_ENDED = {
    "matched": "Off the waiting list: an LO accepted",
    "expired": "Waiting list time ran out",
    "left": "Left the waiting list (LEAVE)",
}

# Dialogue bookkeeping, not facts: left out of what `mm converse` shows.
_INTERNAL = {"requested_slot", "miss_counts", "equity_question"}


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)  # SQLite keeps naive UTC


def _local(when: datetime, zone: ZoneInfo) -> datetime:
    return when.astimezone(zone).replace(microsecond=0)
