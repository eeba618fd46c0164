"""The gateway (ASGI): Twilio's SMS webhook, Slack's interactivity, health.

The Twilio webhook validates, dedupes, redacts and stores, then answers at once; the
dialogue runs in the borrower's lane and replies go out through the REST client.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qsl

import anyio
import phonenumbers
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from channels.checkback import run_due_jobs
from channels.conversation import handoff_settings, process_inbound
from channels.dedupe import Deduper
from channels.handoff import expire_due
from channels.outbox import deliver_pending
from channels.redact import redact
from channels.services import Services
from channels.slack_app import build_bolt
from channels.twilio_sms import EMPTY_TWIML, signature_is_valid
from storage.models import Borrower, Message

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024  # Twilio's own requests are a few KB; more is not Twilio


def e164(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def borrower_id_for(svc: Services, phone: str) -> int:
    with svc.sessions() as s:
        found = s.scalar(select(Borrower.id).where(Borrower.phone == phone))
    if found is not None:
        return found
    try:
        with svc.sessions.begin() as s:
            borrower = Borrower(phone=phone)
            s.add(borrower)
            s.flush()
            return borrower.id
    except IntegrityError:  # the borrower's other first message created them just now
        with svc.sessions() as s:
            return s.scalars(select(Borrower.id).where(Borrower.phone == phone)).one()


def store_inbound(
    svc: Services, phone: str, sid: str, body: str, redacted: bool
) -> tuple[int, int] | None:
    """Store one inbound SMS; None when this MessageSid was stored before."""
    borrower_id = borrower_id_for(svc, phone)
    try:
        with svc.sessions.begin() as s:
            msg = Message(
                direction="in",
                channel="sms",
                borrower_id=borrower_id,
                provider_sid=sid,
                address=phone,
                body=body,
                purpose="pii_redacted" if redacted else None,
                status="received",
            )
            s.add(msg)
            s.flush()
            return borrower_id, msg.id
    except IntegrityError:  # a concurrent delivery of the same MessageSid won the insert
        return None


def twiml(status: int = 200) -> Response:
    return Response(EMPTY_TWIML, status_code=status, media_type="text/xml")


class Gateway:
    def __init__(self, svc: Services, deduper: Deduper) -> None:
        self.svc = svc
        self.deduper = deduper
        self.bolt = build_bolt(svc, deduper)

    async def twilio_sms(self, request: Request) -> Response:
        raw = await request.body()
        if len(raw) > MAX_BODY_BYTES:
            return PlainTextResponse("request too large", status_code=413)
        try:
            params = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return PlainTextResponse("body must be UTF-8 form data", status_code=400)
        url = self.svc.settings.public_base_url + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        signature = request.headers.get("x-twilio-signature")
        if not signature_is_valid(self.svc.settings.twilio_auth_token, url, params, signature):
            return PlainTextResponse("invalid Twilio signature", status_code=403)
        sid, phone = params.get("MessageSid", ""), e164(params.get("From", ""))
        if not sid or phone is None:
            return PlainTextResponse("MessageSid and a valid From are required", status_code=400)
        if not await anyio.to_thread.run_sync(self.deduper.first_time, sid):
            return twiml()
        body, redacted = redact(params.get("Body", ""))
        try:
            stored = await anyio.to_thread.run_sync(
                store_inbound, self.svc, phone, sid, body, redacted
            )
        except Exception:
            self.deduper.forget(sid)  # let Twilio's retry through; nothing was stored
            raise
        if stored is not None:
            borrower_id, message_id = stored
            self.svc.lanes.submit(borrower_id, lambda: process_inbound(self.svc, message_id))
        return twiml()

    async def slack(self, request: Request) -> Response:
        bolt_request = to_bolt_request(request, await request.body())
        bolt_response = await anyio.to_thread.run_sync(self.bolt.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def readyz(self, request: Request) -> Response:
        def check() -> dict[str, bool]:
            with self.svc.sessions() as s:
                s.execute(text("SELECT 1"))
            return {"database": True, "rasa": self.svc.rasa.ready()}

        status = await anyio.to_thread.run_sync(check)
        return JSONResponse(status, status_code=200 if all(status.values()) else 503)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/twilio/sms", self.twilio_sms, methods=["POST"]),
            Route("/slack/events", self.slack, methods=["POST"]),
            Route("/slack/actions", self.slack, methods=["POST"]),
            Route("/slack/commands", self.slack, methods=["POST"]),
            Route("/healthz", self.healthz),
            Route("/readyz", self.readyz),
        ]


class Timers:
    """Offer deadlines and outbox retries, checked every few seconds in a thread."""

    def __init__(self, svc: Services, every: float = 5.0) -> None:
        self.svc, self.every = svc, every
        self.stopping = threading.Event()

    def start(self) -> None:
        self.stopping = threading.Event()
        threading.Thread(
            target=self.run, args=(self.stopping,), name="mm-timers", daemon=True
        ).start()

    def stop(self) -> None:
        self.stopping.set()

    def tick(self) -> None:
        with self.svc.sessions.begin() as s:
            expire_due(s, self.svc.clock(), handoff_settings(self.svc))
        with self.svc.sessions.begin() as s:
            run_due_jobs(s, self.svc.clock())
        deliver_pending(self.svc)

    def run(self, stopping: threading.Event) -> None:
        while not stopping.wait(self.every):
            try:
                self.tick()
            except Exception:  # keep ticking; the failure is logged with its traceback
                log.exception("timer tick failed")


def resume_unfinished(svc: Services) -> None:
    """After a restart: run inbound messages that were stored but never processed."""
    with svc.sessions() as s:
        rows = s.execute(
            select(Message.id, Message.borrower_id)
            .where(Message.direction == "in", Message.status == "received")
            .order_by(Message.id)
        ).all()
    for message_id, borrower_id in rows:
        svc.lanes.submit(borrower_id, lambda m=message_id: process_inbound(svc, m))


def create_app(
    svc: Services,
    deduper: Deduper,
    extra_routes: Callable[[Gateway], list[BaseRoute]] | None = None,
) -> Starlette:
    gateway = Gateway(svc, deduper)
    timers = Timers(svc)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        resume_unfinished(svc)
        timers.start()
        yield
        timers.stop()

    routes = gateway.routes() + (extra_routes(gateway) if extra_routes else [])
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.gateway = gateway
    app.state.timers = timers
    return app
