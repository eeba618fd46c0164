"""The gateway (ASGI): Twilio's SMS webhook, Slack's interactivity, health.

The Twilio webhook validates, dedupes, redacts and stores, then answers at once; the
dialogue runs in the borrower's lane and replies go out through the REST client.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator, Callable
from urllib.parse import parse_qsl

import anyio
import phonenumbers
from redis.exceptions import RedisError
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import Engine, delete, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from channels.dedupe import Deduper
from channels.ratelimit import ALLOWED, InboundLimiter, Verdict
from channels.redact import MAX_SMS_CHARS, capped, redact
from channels.slack_app import build_bolt
from channels.timers import Timers
from channels.twilio_signature import EMPTY_TWIML, signature_is_valid
from introductions import texts
from introductions.inbound import keyword, process_inbound
from runtime import metrics
from runtime.bearer import has_bearer
from runtime.outbox import queue_sms
from runtime.services import Services
from storage import privacy
from storage.models import Borrower, Message

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 64 * 1024  # Twilio's own requests are a few KB; more is not Twilio
MAX_SLACK_BODY_BYTES = 1024 * 1024  # Slack's payloads carry whole messages; still bounded
SID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # Twilio's are SM/MM + 32 hex
WARM_UP_PHONE = "+15005550000"  # Twilio's reserved test range: no borrower texts from it
SLACK_TROUBLE = "Sorry, that didn't work on our side (it's logged). Try `/mm help`."


def e164(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sender_region(raw_from: str, phone: str) -> str:
    """The sender's region (ISO 3166 code), or the channel ('whatsapp', ...) when the text
    did not come over SMS. A number in no region (+1 555 ...) counts as its country code's
    main region."""
    scheme = raw_from.split(":", 1)[0].strip().lower() if ":" in raw_from else "tel"
    if scheme != "tel":  # Twilio writes other channels' senders as whatsapp:+1..., etc.
        return scheme or "unknown"
    number = phonenumbers.parse(phone)
    region = phonenumbers.region_code_for_number(number)
    return region or phonenumbers.region_code_for_country_code(number.country_code or 0)


def masked(phone: str) -> str:
    """Enough of a number for a log line to tell senders apart, not to call them."""
    return phone[:3] + "*" * max(len(phone) - 5, 0) + phone[-2:]


def borrower_id_for(session: Session, phone: str) -> int:
    """The borrower texting from `phone`, created on their first text (in `session`)."""
    found = session.scalar(select(Borrower.id).where(Borrower.phone == phone))
    if found is not None:
        return found
    # One statement, no savepoint (two round trips fewer on a first text): when the
    # borrower's other first message created them just now, nothing is inserted.
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # Core, not the ORM: storage/privacy's flush hook does not see this row, so a forgotten
    # number that opted out starts opted out here.
    created = session.scalar(
        insert(Borrower)
        .values(phone=phone, opted_out_at=privacy.kept_opt_out_at(phone))
        .on_conflict_do_nothing(index_elements=[Borrower.phone])
        .returning(Borrower.id)
    )
    if created is not None:
        return created
    return session.scalars(select(Borrower.id).where(Borrower.phone == phone)).one()


def store_inbound(
    svc: Services, phone: str, sid: str, body: str, redacted: bool, verdict: Verdict = ALLOWED
) -> tuple[int, int] | None:
    """Store one inbound SMS; None when this MessageSid was stored before.

    One transaction, borrower included: each extra one was a commit (a WAL flush) and a pool
    checkout on the webhook's path. A throttled message is stored as 'throttled' (done,
    never read by the bot); with the window's notice, the polite reply is queued in the
    same transaction.
    """
    try:
        with svc.sessions.begin() as s:
            return add_inbound(s, svc, phone, sid, body, redacted, verdict)
    except IntegrityError:  # a concurrent delivery of the same MessageSid won the insert
        return None


def add_inbound(
    s: Session, svc: Services, phone: str, sid: str, body: str, redacted: bool, verdict: Verdict
) -> tuple[int, int]:
    borrower_id = borrower_id_for(s, phone)
    row = {
        "direction": "in",
        "channel": "sms",
        "borrower_id": borrower_id,
        "provider_sid": sid,
        "address": phone,
        "body": body,
        "purpose": "pii_redacted" if redacted else None,
        "status": "throttled" if verdict.throttled else "received",
        "done_at": svc.clock() if verdict.throttled else None,
    }
    if not verdict.notify:
        # The usual case without the ORM's unit of work: about 0.5 ms of the store's ~2.8
        # ms of CPU (benchmarks/turn_cost.py).
        inserted = s.scalar(insert(Message).values(**row).returning(Message.id))
        assert inserted is not None
        return borrower_id, inserted
    msg = Message(**row)
    s.add(msg)
    language = s.get_one(Borrower, borrower_id).language
    queue_sms(s, borrower_id, phone, texts.throttled_sms(language), purpose="throttle_notice")
    s.flush()
    return borrower_id, msg.id


def twiml(status: int = 200) -> Response:
    return Response(EMPTY_TWIML, status_code=status, media_type="text/xml")


class TooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused past `limit` bytes without reading the rest into memory."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def is_ssl_check(raw: bytes) -> bool:
    return raw.startswith(b"ssl_check=1") and len(raw) < 1024


def has_nul(value: object) -> bool:
    """Any NUL in a parsed payload's keys or strings (PostgreSQL's text cannot hold one)."""
    todo = [value]  # a loop, not recursion: payloads may nest as deep as JSON allows
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list | tuple):
            todo.extend(item)
    return False


# What Slack documents (and bolt and our listeners index into) is an object or absent.
SLACK_OBJECTS = ("user", "channel", "team", "enterprise", "container", "message", "view", "event")
MESSAGE_FIELDS = ("channel", "user", "text", "ts", "thread_ts", "subtype", "bot_id")


def slack_well_formed(body: object) -> bool:
    """A signed payload has the shape Slack sends: bolt and the listeners may rely on it."""
    if not isinstance(body, dict):
        return False
    if any(not isinstance(body.get(k, {}), dict | None) for k in SLACK_OBJECTS):
        return False
    for key in ("user", "channel"):
        if not isinstance((body.get(key) or {}).get("id", ""), str):
            return False
    authorizations = body.get("authorizations", [])
    if not isinstance(authorizations, list) or not all(isinstance(a, dict) for a in authorizations):
        return False
    actions = body.get("actions", [])
    if not isinstance(actions, list) or (body.get("type") == "block_actions" and not actions):
        return False
    for action in actions:
        if not isinstance(action, dict):
            return False
        if not all(isinstance(action.get(k, ""), str) for k in ("action_id", "block_id", "value")):
            return False
    event = body.get("event")
    if body.get("type") == "event_callback" and not isinstance(event, dict):
        return False
    if isinstance(event, dict) and event.get("type") == "message":
        return all(isinstance(event.get(k, ""), str | None) for k in MESSAGE_FIELDS)
    return True


def refuse(endpoint: str, reason: str, text: str, status: int) -> Response:
    metrics.rejected(endpoint, reason)
    return PlainTextResponse(text, status_code=status)


class Gateway:
    def __init__(
        self, svc: Services, deduper: Deduper, limiter: InboundLimiter | None = None
    ) -> None:
        self.svc = svc
        self.deduper = deduper
        self.limiter = limiter or InboundLimiter.from_settings(svc.settings)
        self.bolt = build_bolt(svc, deduper)
        self.slack_verifier = SignatureVerifier(svc.settings.slack_signing_secret)
        self.exposition = metrics.Exposition(svc.sessions)

    async def twilio_sms(self, request: Request) -> Response:
        with metrics.ack_timer("twilio_sms"):
            try:
                return await self._twilio_sms(request)
            except Exception:
                metrics.error("gateway_sms")
                raise

    async def _twilio_sms(self, request: Request) -> Response:
        endpoint = "twilio_sms"
        try:
            raw = await read_body(request, MAX_BODY_BYTES)
        except TooLarge:
            return refuse(endpoint, "too_large", "request too large", 413)
        try:
            params = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return refuse(endpoint, "malformed", "body must be UTF-8 form data", 400)
        url = self.svc.settings.public_base_url + request.url.path
        if request.url.query:
            url += "?" + request.url.query
        signature = request.headers.get("x-twilio-signature")
        if not signature_is_valid(self.svc.settings.twilio_auth_token, url, params, signature):
            return refuse(endpoint, "signature", "invalid Twilio signature", 403)
        if has_nul(params):  # not text (no carrier sends NUL)
            return refuse(endpoint, "malformed", "the form contains NUL characters", 400)
        sid, phone = params.get("MessageSid", ""), e164(params.get("From", ""))
        if not SID.fullmatch(sid) or phone is None:
            return refuse(endpoint, "malformed", "MessageSid and a valid From are required", 400)
        region = sender_region(params.get("From", ""), phone)
        if region not in self.svc.settings.allowed_countries:
            # Never answered: a reply abroad costs international rates, and answering
            # foreign numbers is what SMS-pumping fraud farms. Twilio gets its 200.
            metrics.rejected(endpoint, "country")
            log.warning("not served: a text from %s (%s)", masked(phone), region)
            return twiml()
        # One thread hop for everything that waits on Redis or PostgreSQL: each hop is a
        # wake-up of the event loop, and under load those wake-ups were the webhook's tail.
        await anyio.to_thread.run_sync(self._take, sid, phone, params.get("Body", ""))
        return twiml()

    def _take(self, sid: str, phone: str, raw_body: str) -> None:
        """Dedupe, redact, rate-limit, store and hand to the borrower's lane (blocking)."""
        endpoint = "twilio_sms"
        if not self.deduper.first_time(sid):
            metrics.rejected(endpoint, "duplicate")
            return
        text, cut = capped(raw_body, MAX_SMS_CHARS)  # bounds the work of everything after
        if cut:
            metrics.rejected(endpoint, "truncated")
            log.warning("a text of %d characters was cut to %d", len(raw_body), MAX_SMS_CHARS)
        body, redacted = redact(text)
        verdict = ALLOWED  # STOP, HELP and START always get through (compliance)
        if keyword(body) is None:
            verdict = self.limiter.check(phone)
        try:
            stored = store_inbound(self.svc, phone, sid, body, redacted, verdict)
        except Exception:
            self.deduper.forget(sid)  # let Twilio's retry through; nothing was stored
            raise
        if stored is None:
            return
        metrics.message_in("sms")
        if verdict.throttled:
            metrics.throttled("sms")
        # A throttled text is done once stored: only its window's notice needs sending.
        if not verdict.throttled or verdict.notify:
            dispatch_inbound(self.svc, *stored)

    def warm_up(self) -> None:
        """Get ready for a burst of webhooks before the first one arrives: open the
        database pool's connections and the Redis clients, and let the ORM compile its
        statements, so the first texts after a start are acknowledged as fast as the rest
        (docs/benchmarks.md, "Measurements behind the code")."""
        engine = self.svc.sessions.kw["bind"]
        if engine.dialect.name == "postgresql":  # the embedded SQLite has no server
            self._warm_database(engine)
        with contextlib.suppress(Exception):  # each falls back on its own when Redis is down
            self.deduper.client.ping()
            self.limiter.storage.check()
            if self.svc.queue is not None:
                self.svc.queue.redis.ping()

    def _warm_database(self, engine: Engine) -> None:
        size = engine.pool.size() if isinstance(engine.pool, QueuePool) else 1
        connections = []
        try:
            for _ in range(size):
                connections.append(engine.connect())
                # A text stored and rolled back, for a new borrower and a known one: the ORM
                # compiles its statements on first use, and each new PostgreSQL backend
                # loads the tables' catalogs on its first query.
                with self.svc.sessions(bind=connections[-1]) as s:
                    for _ in range(2):
                        add_inbound(s, self.svc, WARM_UP_PHONE, "warm-up", "hi", False, ALLOWED)
                        s.expunge_all()
                        s.execute(delete(Message).where(Message.provider_sid == "warm-up"))
                    s.rollback()
        except Exception as exc:  # readiness reports the database; starting is still right
            log.warning("could not warm the database up at start: %s", exc)
        finally:
            for connection in connections:
                connection.close()  # back to the pool, open

    async def slack(self, request: Request) -> Response:
        with metrics.ack_timer("slack"):
            try:
                raw = await read_body(request, MAX_SLACK_BODY_BYTES)
            except TooLarge:
                return refuse("slack", "too_large", "request too large", 413)
            if is_ssl_check(raw):  # Slack checks the certificate of a command URL, unsigned
                return PlainTextResponse("")
            # Authenticate before parsing: bolt's parsers are not meant for hostile input.
            if not self._slack_signed(raw, request):
                return refuse("slack", "signature", "invalid Slack signature", 401)
            try:
                bolt_request = to_bolt_request(request, raw)
            except Exception:  # not UTF-8, not JSON, or JSON that is not an object
                return refuse("slack", "malformed", "not a Slack request", 400)
            if not slack_well_formed(bolt_request.body):
                return refuse("slack", "malformed", "not a Slack request", 400)
            if has_nul(bolt_request.body):
                return refuse("slack", "malformed", "the request contains NUL characters", 400)
            try:
                bolt_response = await anyio.to_thread.run_sync(self.bolt.dispatch, bolt_request)
            except Exception:
                metrics.error("gateway_slack")
                raise
            if bolt_response.status >= 500:
                # A listener raised before its ack (bolt logged the traceback). Slack would
                # show the LO "dispatch_failed" and retry an event we already deduped.
                metrics.error("slack_listener")
                log.error("a Slack listener failed on %s", request.url.path)
                return PlainTextResponse(SLACK_TROUBLE if "commands" in request.url.path else "")
            if bolt_response.status < 400:
                metrics.message_in("slack")
            return to_starlette_response(bolt_response)

    def _slack_signed(self, raw: bytes, request: Request) -> bool:
        try:
            return self.slack_verifier.is_valid_request(raw, dict(request.headers))
        except ValueError:  # a timestamp that is not a number
            return False

    async def metrics(self, request: Request) -> Response:
        token = self.svc.settings.metrics_token
        if token and not has_bearer(request, token):
            return PlainTextResponse(
                "unauthorized", status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        body = await anyio.to_thread.run_sync(self.exposition.render)
        return Response(body, media_type=metrics.CONTENT_TYPE)

    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def readyz(self, request: Request) -> Response:
        """Ready when the database and a Rasa server answer. Redis is reported, not
        required: without it texts are still stored, and answered when it is back."""

        def database() -> bool:
            try:
                with self.svc.sessions() as s:
                    s.execute(text("SELECT 1"))
                return True
            except Exception:  # any failure means not ready; the body says which
                log.warning("readyz: database check failed", exc_info=True)
                return False

        def check() -> dict[str, bool]:
            status = {"database": database(), "rasa": self.svc.rasa.ready()}
            if self.svc.queue is not None:
                try:
                    status["redis"] = bool(self.svc.queue.redis.ping())
                except RedisError:
                    status["redis"] = False
            return status

        status = await anyio.to_thread.run_sync(check)
        ready = status["database"] and status["rasa"]
        return JSONResponse(status, status_code=200 if ready else 503)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/twilio/sms", self.twilio_sms, methods=["POST"]),
            Route("/slack/events", self.slack, methods=["POST"]),
            Route("/slack/actions", self.slack, methods=["POST"]),
            Route("/slack/commands", self.slack, methods=["POST"]),
            Route("/healthz", self.healthz),
            Route("/readyz", self.readyz),
            Route("/metrics", self.metrics),
        ]


def resume_unfinished(svc: Services) -> None:
    """After a restart: run inbound messages that were stored but never processed."""
    with svc.sessions() as s:
        rows = s.execute(
            select(Message.id, Message.borrower_id)
            .where(Message.direction == "in", Message.status == "received")
            .order_by(Message.id)
        ).all()
    for message_id, borrower_id in rows:
        if borrower_id is not None:  # an inbound text always has its borrower
            dispatch_inbound(svc, borrower_id, message_id)


def dispatch_inbound(svc: Services, borrower_id: int, message_id: int) -> None:
    """Hand a stored text to its borrower's lane: a worker (production) or a thread here."""
    if svc.queue is None:
        svc.lanes.submit(borrower_id, lambda: process_inbound(svc, message_id))
        return
    try:
        svc.queue.kick_borrower(borrower_id)
    except RedisError as exc:  # stored already; the timers re-kick it once Redis is back
        log.warning("could not queue message %s: %s", message_id, exc)


def create_app(
    svc: Services,
    deduper: Deduper,
    extra_routes: Callable[[Gateway], list[BaseRoute]] | None = None,
    limiter: InboundLimiter | None = None,
) -> Starlette:
    gateway = Gateway(svc, deduper, limiter)
    timers = Timers(svc)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(gateway.warm_up)
        resume_unfinished(svc)
        if svc.queue is None:  # in production the timers are their own process
            timers.start()
        yield
        timers.stop()

    routes = gateway.routes() + (extra_routes(gateway) if extra_routes else [])
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.gateway = gateway
    app.state.timers = timers
    return app
