"""Fuzzing the public webhooks: hostile bodies never get a 5xx or a trace.

Hypothesis posts 10,000+ hostile requests to the real app (create_app) on the real
PostgreSQL and Redis: unsigned garbage, and validly signed hostile payloads that reach the
storing path (Twilio) and the listeners (Slack): SQL injection strings, NUL bytes, invalid
UTF-8, huge and binary bodies, emoji, missing fields, odd phone numbers and ids. Rasa is not
running (a closed port), so every dialogue job fails in the background: that must not break
anything either. Seeded (derandomize) so every run posts the same bodies.

Issue #18's cases: PII in every format a borrower writes it (stored redacted), bodies past
Twilio's 1,600 characters (stored cut), senders abroad or on WhatsApp (never stored or
answered), and the sandbox's endpoints under hostile Host, Origin and JSON.
"""

from __future__ import annotations

import collections
import itertools
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select
from starlette.testclient import TestClient

from channels.dedupe import Deduper, connect
from channels.gateway import create_app, e164, sender_region
from channels.ratelimit import InboundLimiter
from channels.redact import MAX_SMS_CHARS, capped, redact
from channels.twilio_signature import sign
from introductions.texts import ACCEPT, OUTCOME_ACTION, PASS, SNOOZE
from mm.stack import free_port
from runtime.services import Services
from runtime.settings import ConfigError, allowed_countries
from sandbox.app import LocalOnly, Sandbox
from sandbox.fakes import ServerThread
from storage.models import Message
from tests.conftest import REDIS_URL, sandbox_settings
from tests.unit.test_redact_formats import PHRASINGS
from tests.unit.test_twilio_webhook import wait_for

pytestmark = pytest.mark.integration

SCALE = float(os.environ.get("MM_FUZZ_SCALE", "1"))  # e.g. 0.1 for a quick local look
LEAK = re.compile(
    r"Traceback|File \"|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|sqlalchemy|psycopg|"
    r"\bline \d+\b|site-packages",
)
COUNTS: dict[str, int] = {}
ANSWERS: collections.Counter[tuple[str, int]] = collections.Counter()
SIDS = itertools.count(1)
RUN = secrets.token_hex(4)  # ids unique to this run: Redis db 15 is shared with other tests
KEPT: dict[str, str] = {}  # MessageSid -> the body a 200 promised was stored (redacted)
SECRETS: dict[str, str] = {}  # MessageSid -> the PII digits its stored body must not hold
FOREIGN: dict[str, str] = {}  # MessageSid -> the sender abroad whose text must be dropped


def fuzz(name: str, examples: int) -> Any:
    """Hypothesis settings for one endpoint: seeded, no deadline, bounded by `examples`."""
    COUNTS.setdefault(name, 0)
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.large_base_example,
        ],
    )


# -- hostile building blocks ---------------------------------------------------------------


def weighted(*options: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """one_of with weights (Hypothesis's one_of picks its branches about evenly)."""
    table = [strategy for weight, strategy in options for _ in range(weight)]
    return st.integers(0, len(table) - 1).flatmap(table.__getitem__)


INJECTIONS = [
    "'; DROP TABLE borrowers; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(10)",
    "$(rm -rf /)",
    "`reboot`",
    "{{7*7}}",
    "${jndi:ldap://x/a}",
    "<script>alert(1)</script>",
    "%s%s%s%n",
    "../../../../etc/passwd",
    "\\x00\\u0000",
    "NaN",
    "-1",
    "1e309",
    "99999999999999999999999999",
    "null",
    "[]",
    "{}",
    "\u202e\u0000\ufeff",
    "\x00",
    "a\x00b",
    "\ud7ff\ue000\uffff",
    "\u03a9\u2248\u00e7\u221a\u222b\u02dc\u00b5\u2264\u2265\u00f7",
    "🏠" * 50,
    "ﷺ" * 20,
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594",  # Fraktur "Hello"
    "²³¹",
    "١٢٣",
    "STOP",
    "stop\x00",
    "HELP",
    "my ssn is 123-45-6789",
    "4111 1111 1111 1111",
]
# Text from raw bytes (one cheap draw each, so 10,000 examples fit in a minute): NUL and
# controls, anywhere in the BMP (CJK, RTL, private use), U+FFFD; then Hypothesis's own short
# unicode for the astral planes (emoji). Never a lone surrogate: those have no UTF-8.
BYTES = st.binary(max_size=600)
TEXT = st.one_of(
    BYTES.map(lambda b: b.decode("latin-1")),
    BYTES.map(lambda b: b.decode("utf-16-le", "replace")),
    BYTES.map(lambda b: b.decode("utf-8", "replace")),
    st.text(max_size=12),
)
DEEP = "[" * 20_000 + "]" * 20_000  # JSON nested past any recursion limit
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(INJECTIONS),
    st.builds(lambda a, b: a + b, st.sampled_from(INJECTIONS), TEXT),
    st.integers(min_value=1_000, max_value=70_000).map(lambda n: "x" * n),  # long and huge
    st.integers().map(str),
)
CLEAN = HOSTILE.map(lambda t: t.replace("\x00", ""))  # mostly past the NUL check, to be stored
PHONES = weighted(
    (3, st.integers(0, 3).map("+1512555{:04d}".format)),  # a few borrowers, soon throttled
    (1, HOSTILE),
    (
        2,
        st.sampled_from(
            [
                "+15125550700",
                "+1 (512) 555-0701",
                "512.555.0702",
                "tel:+15125550703",
                "+1512555070\uff14",  # a fullwidth digit
                "+442079460958",
                "+8613800138000",
                "+15125550705 ext 99",
                "whatsapp:+15125550706",
                "+18765550707",  # Jamaica: +1, and abroad
                "+1" + "5" * 40,
                "",
                "+",
                "not a phone",
                "+1512555\x000706",
                "'; DROP TABLE borrowers; --",
            ]
        ),
    ),
)
FRESH = "<fresh sid>"  # replaced by a new valid MessageSid at run time
SIDS_ST = weighted((6, st.just(FRESH)), (1, st.just("SM" + "0" * 32)), (1, HOSTILE))
RAW = st.one_of(
    st.binary(max_size=2_000),
    TEXT.map(lambda t: t.encode("utf-8")),
    st.integers(min_value=60_000, max_value=200_000).map(lambda n: b"Body=" + b"\xff" * n),
    st.sampled_from(
        [b"", b"=", b"&&&", b"%", b"%zz", b"a=%ff%fe", b"\x00" * 64, b"{}", DEEP.encode()]
    ),
    st.dictionaries(TEXT, HOSTILE, max_size=3).map(lambda d: urlencode(d).encode()),
)
SIGNATURES = st.sampled_from(
    [None, "", "Zm9yZ2Vk", "x" * 4096, "\u00e9t\u00e9", "=" * 28, "sha256=abc", "v0=" + "0" * 64]
)
CONTENT_TYPES = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/json",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded; charset=latin-1",
        "",
    ]
)


@dataclass
class Reply:
    status_code: int
    text: str


@dataclass
class Target:
    """The app, started by TestClient (lifespan, event loop); requests are plain ASGI calls
    on TestClient's own loop, which costs a fraction of building httpx requests."""

    svc: Services
    client: TestClient
    errors: list[logging.LogRecord]

    def __repr__(self) -> str:  # keeps Hypothesis's report of a failing example short
        return "Target(the app on PostgreSQL + Redis)"

    def post(self, path: str, content: bytes, headers: dict[str, str]) -> Reply:
        return self.client.portal.call(self._asgi, path, content, headers)  # type: ignore[union-attr]

    async def _asgi(self, path: str, body: bytes, headers: dict[str, str]) -> Reply:
        raw_headers = [(b"host", b"mm.example.test"), (b"content-length", b"%d" % len(body))]
        raw_headers += [(k.lower().encode(), v.encode("latin-1")) for k, v in headers.items()]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "https",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": raw_headers,
            "client": ("127.0.0.1", 50000),
            "server": ("mm.example.test", 443),
            "app": self.client.app,
        }
        chunks: list[bytes] = []
        status = 0
        delivered = False

        async def receive() -> dict[str, Any]:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.client.app(scope, receive, send)
        except Exception:  # Starlette answered 500 already, then re-raised for the server log
            status = status or 500
        return Reply(status, b"".join(chunks).decode("utf-8", "replace"))


class Errors(logging.Handler):
    """ERROR records of the app's loggers while fuzzing (background jobs included)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def target(fakes, postgres_url, pg_sessions) -> Iterator[Target]:
    """The real app on PostgreSQL + Redis (dedupe and rate limit); Rasa is a closed port."""
    redis_client = connect(REDIS_URL)
    try:
        redis_client.ping()
    except Exception as exc:  # the integration suite fails, never skips, without Redis
        pytest.fail(f"Redis is required at {REDIS_URL}: {exc}")
    settings_ = sandbox_settings(fakes, postgres_url, rasa_url="http://127.0.0.1:9")
    settings_ = settings_.with_(redis_url=REDIS_URL)
    svc = Services.build(settings_, migrate=False)
    # The rate limit in Redis, tighter than the default so that most signed texts take the
    # cheap throttled path; STOP/HELP and each number's first few still reach the dialogue.
    limiter = InboundLimiter(REDIS_URL, per_window=5, secret=secrets.token_hex(8))
    app = create_app(svc, Deduper(redis_client), limiter=limiter)
    errors = Errors()
    logging.getLogger().addHandler(errors)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Target(svc, client, errors.records)
            wait_for(svc.lanes.idle, timeout=120)
            # The app is still healthy after it all, and answers a plain message.
            assert client.get("/healthz").status_code == 200
    finally:
        logging.getLogger().removeHandler(errors)
        svc.close()
        for key in redis_client.scan_iter("mm:*"):
            redis_client.delete(key)


def check(name: str, r: Reply) -> None:
    COUNTS[name] += 1
    ANSWERS[name, r.status_code] += 1
    assert r.status_code < 500, (r.status_code, r.text[:300])
    leak = LEAK.search(r.text)
    assert leak is None, f"the caller saw {leak.group()!r}: {r.text[:300]!r}"


# -- Twilio -------------------------------------------------------------------------------


@fuzz("twilio unsigned", 3700)
@given(raw=RAW, content_type=CONTENT_TYPES, signature=SIGNATURES)
def test_unsigned_garbage_to_the_twilio_webhook(target, raw, content_type, signature):
    headers = {"content-type": content_type}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    r = target.post("/twilio/sms", content=raw, headers=headers)
    check("twilio unsigned", r)
    assert r.status_code in (400, 403, 413)


@fuzz("twilio signed", 1600)
@given(
    sid=SIDS_ST,
    phone=PHONES,
    body=weighted((1, st.none()), (6, CLEAN), (1, HOSTILE)),
    extra=weighted(
        (4, st.just({})),
        (3, st.dictionaries(CLEAN, CLEAN, max_size=2)),
        (1, st.dictionaries(TEXT, HOSTILE, max_size=3)),
    ),
    bad_utf8=st.booleans(),
)
def test_signed_hostile_sms_are_stored_or_refused_cleanly(
    target, sid, phone, body, extra, bad_utf8
):
    """Signed like Twilio, so the storing path runs: every stored body is what was sent."""
    settings_ = target.svc.settings
    fresh = sid == FRESH
    if fresh:
        sid = f"SM{RUN}{next(SIDS):024x}"
    params = {**extra, "MessageSid": sid, "From": phone, "To": settings_.twilio_from_number}
    if body is not None:
        params["Body"] = body
    raw = urlencode(params)
    if bad_utf8:
        raw += "&Junk=%ff%fe%c3%28"  # not UTF-8 once percent-decoded
    as_parsed = dict(parse_qsl(raw, keep_blank_values=True))  # what the gateway will see
    url = settings_.public_base_url + "/twilio/sms"
    headers = {
        "X-Twilio-Signature": sign(settings_.twilio_auth_token, url, as_parsed),
        "content-type": "application/x-www-form-urlencoded",
    }
    r = target.post("/twilio/sms", content=raw.encode(), headers=headers)
    check("twilio signed", r)
    if r.status_code == 200 and fresh and served(target, as_parsed["From"]):
        # checked in bulk at the end: cut to Twilio's maximum, then redacted
        KEPT[sid] = redact(capped(as_parsed.get("Body", ""))[0])[0]
    elif r.status_code == 200 and fresh:
        FOREIGN[sid] = as_parsed["From"]


def served(target: Target, raw_from: str) -> bool:
    phone = e164(raw_from)
    allowed = target.svc.settings.allowed_countries
    return phone is not None and sender_region(raw_from, phone) in allowed


def signed_sms(target: Target, sid: str, body: str, phone: str) -> Reply:
    settings_ = target.svc.settings
    params = {"MessageSid": sid, "From": phone, "To": settings_.twilio_from_number, "Body": body}
    url = settings_.public_base_url + "/twilio/sms"
    headers = {
        "X-Twilio-Signature": sign(settings_.twilio_auth_token, url, params),
        "content-type": "application/x-www-form-urlencoded",
    }
    return target.post("/twilio/sms", content=urlencode(params).encode(), headers=headers)


# PII the way borrowers write it, inside hostile text; long bodies past Twilio's maximum.
PII_TEXT = st.tuples(CLEAN, st.sampled_from(PHRASINGS), CLEAN)
ABROAD = st.sampled_from(
    [
        "+442079460958",
        "+447911123456",
        "+525512345678",
        "+8613800138000",
        "+18765550707",
        "+16135550708",
        "whatsapp:+15125550709",
        "whatsapp:+447911123457",
    ]
)


@fuzz("twilio signed pii", 500)
@given(text=PII_TEXT, phone=st.integers(10, 19).map("+1512555{:04d}".format))
def test_signed_pii_in_any_format_is_stored_redacted(target, text, phone):
    before, (phrasing, secret), after = text
    sid = f"SM{RUN}{next(SIDS):024x}"
    # Hostile words around it, without digits of their own: an odd grouping glued to another
    # number ("1234-56-789 5") is one long number (docs/production.md), and the check at the
    # end reads the stored digits.
    before, after = (re.sub(r"\d", "", t[:200]) for t in (before, after))
    body = f"{before} | {phrasing} | {after}"
    r = signed_sms(target, sid, body, phone)
    check("twilio signed pii", r)
    assert r.status_code == 200
    KEPT[sid] = redact(capped(body)[0])[0]
    SECRETS[sid] = secret


@fuzz("twilio signed long", 150)
@given(length=st.integers(MAX_SMS_CHARS - 5, 63_000), fill=st.sampled_from(["x", "9 ", "é", "🏠"]))
def test_signed_bodies_past_twilios_maximum_are_stored_cut(target, length, fill):
    sid = f"SM{RUN}{next(SIDS):024x}"
    body = (fill * length)[:length]
    r = signed_sms(target, sid, body, "+15125550720")
    check("twilio signed long", r)
    assert r.status_code in (200, 413)  # 413: the form past 64 KB (multi-byte fill)
    if r.status_code == 200:
        KEPT[sid] = redact(capped(body)[0])[0]


@fuzz("twilio signed abroad", 200)
@given(phone=ABROAD, body=CLEAN)
def test_signed_texts_from_abroad_or_other_channels_are_never_stored(target, phone, body):
    sid = f"SM{RUN}{next(SIDS):024x}"
    r = signed_sms(target, sid, body, phone)
    check("twilio signed abroad", r)
    assert r.status_code in (200, 413) and "<Message" not in r.text  # no reply; 413: > 64 KB
    FOREIGN[sid] = phone


# -- Slack --------------------------------------------------------------------------------


def slack_headers(target: Target, body: str, content_type: str, signed: bool) -> dict[str, str]:
    ts = str(int(time.time()))
    secret = target.svc.settings.slack_signing_secret if signed else "not-the-secret"
    sig = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig, "Content-Type": content_type}


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), HOSTILE),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=4,
)
LO = "U0ALICE01"  # on the example roster, so commands and buttons reach the database


FIELD_VALUE = st.one_of(HOSTILE, JSONISH)
ONE_IN = {n: st.integers(0, n - 1) for n in (5, 16, 20, 100)}  # built once: drawing is cheap


def mutate(template: dict[str, Any], paths: list[tuple[Any, ...]]) -> Any:
    """A valid payload with 0-3 of its fields made hostile or removed (the deepest code runs
    only when most of a payload is right); now and then something else altogether."""
    chosen = st.lists(st.sampled_from(paths), max_size=3)

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        if draw(ONE_IN[16]) == 0:
            return draw(JSONISH)  # not the payload's shape at all
        payload = json.loads(json.dumps(template))
        for path in draw(chosen):
            parent = payload
            for key in path[:-1]:
                parent = parent.get(key) if isinstance(parent, dict) else None
                if parent is None:
                    break
            if isinstance(parent, dict):
                if draw(ONE_IN[5]) == 0:
                    parent.pop(path[-1], None)  # a missing field
                else:
                    parent[path[-1]] = draw(FIELD_VALUE)
        return payload

    return build()


EVENT = {
    "type": "event_callback",
    "team_id": "T1",
    "api_app_id": "A1",
    "event_id": "Ev0",
    "event_time": 1_700_000_000,
    "event": {
        "type": "message",
        "channel": "D0ALICE",
        "user": LO,
        "text": "Tomorrow at 10 works",
        "ts": "1700000001.000200",
        "thread_ts": "1700000000.000100",
    },
}
EVENT_PATHS = [
    ("type",),
    ("event_id",),
    ("event_time",),
    ("team_id",),
    ("challenge",),
    ("event",),
    *[("event", k) for k in ("type", "channel", "user", "text", "ts", "thread_ts", "subtype")],
    ("event", "bot_id"),
]


EVENTS = mutate(EVENT, EVENT_PATHS)


@st.composite
def slack_event(draw: st.DrawFn) -> str:
    payload = draw(EVENTS)
    if isinstance(payload, dict) and payload.get("event_id") == "Ev0":
        payload["event_id"] = f"Ev{RUN}{next(SIDS)}"  # a new event, not a deduped retry
    if draw(ONE_IN[100]) == 0:
        return DEEP
    return json.dumps(payload, ensure_ascii=draw(st.booleans()))


ACTION = {
    "type": "block_actions",
    "user": {"id": LO},
    "channel": {"id": "D0ALICE"},
    "trigger_id": "t1",
    "actions": [{"action_id": ACCEPT, "value": "1", "type": "button"}],
}
ACTION_PATHS = [
    ("type",),
    ("user",),
    ("user", "id"),
    ("channel",),
    ("channel", "id"),
    ("trigger_id",),
    ("actions",),
    ("actions", 0),
]
BUTTON_VALUES = st.one_of(
    st.sampled_from(["1", "0", "-1", "1:contacted", "1:nope", ":", "1:2:3", "x", "²", "1.5"]),
    st.integers().map(str),
    st.integers().map(lambda n: f"{n}:funded"),
    HOSTILE,
)


ACTIONS = mutate(ACTION, ACTION_PATHS)
ACTION_IDS = st.sampled_from([ACCEPT, PASS, SNOOZE, OUTCOME_ACTION])
NOT_JSON = st.one_of(TEXT, st.just(DEEP))


@st.composite
def slack_action(draw: st.DrawFn) -> str:
    payload = draw(ACTIONS)
    if isinstance(payload, dict) and isinstance(payload.get("actions"), list):
        button = {"action_id": draw(ACTION_IDS), "value": draw(BUTTON_VALUES), "type": "button"}
        payload["actions"] = [button]
    encoded = json.dumps(payload, ensure_ascii=draw(st.booleans()))
    if draw(ONE_IN[20]) == 0:
        encoded = draw(NOT_JSON)  # not JSON, or too deep
    return urlencode({"payload": encoded})


VERBS = ["available on", "available off", "capacity 3", "intros", "outcome 1 lost", "help"]


COMMAND_TEXT = st.one_of(
    st.sampled_from(VERBS),
    st.tuples(st.sampled_from(VERBS), HOSTILE).map(" ".join),
    HOSTILE.map("outcome {} funded because".format),
    HOSTILE.map("capacity {}".format),
    st.integers().map("outcome {} lost".format),
    HOSTILE,
)
FORM_KEYS = st.lists(
    st.sampled_from(["command", "text", "user_id", "channel_id", "team_id", "trigger_id"]),
    max_size=2,
)


@st.composite
def slack_command(draw: st.DrawFn) -> str:
    text = draw(COMMAND_TEXT)
    form = {
        "command": "/mm",
        "text": text,
        "user_id": LO,
        "channel_id": "D0ALICE",
        "team_id": "T1",
        "trigger_id": "t2",
        "response_url": "https://hooks.slack.invalid/x",
    }
    for key in draw(FORM_KEYS):
        if draw(st.booleans()):
            form.pop(key, None)
        else:
            form[key] = draw(HOSTILE)
    return urlencode(form, quote_via=quote)


SLACK_BODIES = {
    "/slack/events": (slack_event(), "application/json"),
    "/slack/actions": (slack_action(), "application/x-www-form-urlencoded"),
    "/slack/commands": (slack_command(), "application/x-www-form-urlencoded"),
}


@fuzz("slack unsigned", 3200)
@given(
    path=st.sampled_from(list(SLACK_BODIES)),
    raw=RAW,
    content_type=CONTENT_TYPES,
    forged=st.booleans(),
)
def test_unsigned_garbage_to_the_slack_endpoints(target, path, raw, content_type, forged):
    headers = {"content-type": content_type}
    if forged:  # plausible headers, wrong secret
        text = raw.decode("utf-8", "replace")
        headers = slack_headers(target, text, content_type, signed=False)
        raw = text.encode()
    r = target.post(path, content=raw, headers=headers)
    check("slack unsigned", r)
    if raw.startswith(b"ssl_check=1") and len(raw) < 1024:
        assert r.status_code == 200  # Slack's unsigned certificate check
    else:
        assert r.status_code in (400, 401, 413)


@fuzz("slack signed", 1500)
@given(data=st.data(), path=st.sampled_from(list(SLACK_BODIES)))
def test_signed_hostile_slack_payloads(target, data, path):
    strategy, content_type = SLACK_BODIES[path]
    body = data.draw(strategy, label="body")
    headers = slack_headers(target, body, content_type, signed=True)
    r = target.post(path, content=body.encode(), headers=headers)
    check("slack signed", r)


def test_a_text_from_abroad_is_logged_masked_and_never_stored_or_answered(target, caplog):
    caplog.set_level(logging.WARNING, logger="channels.gateway")
    senders = {"+442071838750": "GB", "whatsapp:+15125550741": "whatsapp", "+18765550742": "JM"}
    sids = {}
    for phone in senders:
        sids[phone] = f"SM{RUN}{next(SIDS):024x}"
        r = signed_sms(target, sids[phone], "hi, I want to buy a house", phone)
        assert r.status_code == 200 and "<Message" not in r.text
    us_sid = f"SM{RUN}{next(SIDS):024x}"
    assert signed_sms(target, us_sid, "hi", "+15125550743").status_code == 200
    with target.svc.sessions() as s:
        stored = set(
            s.scalars(
                select(Message.provider_sid).where(
                    Message.provider_sid.in_([*sids.values(), us_sid])
                )
            )
        )
    assert stored == {us_sid}
    lines = [r.getMessage() for r in caplog.records if "not served" in r.getMessage()]
    assert len(lines) == len(senders)
    for (phone, region), line in zip(senders.items(), lines, strict=True):
        assert region in line and e164(phone) not in line and e164(phone)[-2:] in line


@pytest.mark.parametrize(
    ("raw", "codes"), [(None, ("US",)), ("us, pr", ("US", "PR")), ("US,CA", ("US", "CA"))]
)
def test_allowed_country_codes_is_a_setting(raw, codes):
    env = {} if raw is None else {"ALLOWED_COUNTRY_CODES": raw}
    assert allowed_countries(env) == codes


@pytest.mark.parametrize("raw", ["USA", "1", "US,+44", ","])
def test_a_malformed_allowed_country_codes_names_itself(raw):
    with pytest.raises(ConfigError, match="ALLOWED_COUNTRY_CODES"):
        allowed_countries({"ALLOWED_COUNTRY_CODES": raw})


# -- the sandbox (mm demo): hostile Host, Origin and JSON ---------------------------------


@dataclass
class SandboxTarget:
    url: str
    client: httpx.Client

    def __repr__(self) -> str:
        return "SandboxTarget(mm demo's app on loopback)"


@pytest.fixture(scope="module")
def sandbox_target(fakes, tmp_path_factory) -> Iterator[SandboxTarget]:
    """The app as `mm demo` serves it (mm/stack.py), on SQLite, with Rasa a closed port."""
    port = free_port()
    db = tmp_path_factory.mktemp("sandbox-fuzz") / "mm.db"
    settings_ = sandbox_settings(fakes, f"sqlite:///{db}", rasa_url="http://127.0.0.1:9")
    settings_ = settings_.with_(
        public_base_url=f"http://127.0.0.1:{port}", sandbox=True, dashboard_token="t" * 24
    )
    svc = Services.build(settings_)
    sandbox = Sandbox(svc, fakes, settings_.twilio_from_number)
    app = create_app(svc, Deduper(connect(None)), lambda gateway: sandbox.routes(gateway))
    app.add_middleware(LocalOnly)
    server = ServerThread(app, port=port).start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield SandboxTarget(server.url, client)
    finally:
        server.stop()
        svc.close()


SANDBOX_POSTS = [
    "/sandbox/api/sms",
    "/sandbox/api/click",
    "/sandbox/api/reply",
    "/sandbox/api/clock",
]
GOOD_HOSTS = ["127.0.0.1", "localhost"]
HOSTS = st.one_of(
    st.sampled_from(["evil.example", "127.0.0.1.evil.example", "10.0.0.7", "[::1"]), HOSTILE
)
FIELDS = st.dictionaries(
    st.sampled_from(
        ["from", "body", "value", "action_id", "user", "channel", "thread_ts", "text", "minutes"]
    ),
    st.one_of(HOSTILE, JSONISH, st.floats(), st.sampled_from(["+15125550730", "D0ALICE", LO])),
    max_size=5,
)
SANDBOX_BODIES = st.one_of(
    FIELDS.map(lambda d: json.dumps(d).encode()),
    JSONISH.map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=300),
    st.sampled_from([b"", b"{", b"null", b"[]", b'{"minutes": 1e999}', DEEP.encode()]),
)


@fuzz("sandbox", 600)
@given(
    path=st.sampled_from(SANDBOX_POSTS),
    body=SANDBOX_BODIES,
    host=st.one_of(st.sampled_from(GOOD_HOSTS), HOSTS),
    origin=st.sampled_from([None, "same", "http://evil.example", "null", "http://127.0.0.1:1"]),
)
def test_the_sandbox_refuses_other_sites_and_answers_bad_json_with_400(
    sandbox_target, path, body, host, origin
):
    port = sandbox_target.url.rsplit(":", 1)[1]
    host_header = f"{host}:{port}" if host in GOOD_HOSTS else host
    headers = {"content-type": "application/json"}
    if origin is not None:
        headers["origin"] = f"http://{host_header}" if origin == "same" else origin
    try:
        headers["host"] = host_header.encode("latin-1").decode("latin-1")
        r = sandbox_target.client.post(path, content=body, headers=headers)
    except (UnicodeEncodeError, httpx.LocalProtocolError, httpx.InvalidURL):
        return  # not sendable as an HTTP header: no browser sends it either
    check("sandbox", Reply(r.status_code, r.text))
    if host not in GOOD_HOSTS:  # 400: a Host no HTTP parser takes (uvicorn refuses it first)
        assert r.status_code in (400, 403), (host, r.text)
    elif origin not in (None, "same"):
        assert r.status_code == 403, (origin, r.text)
    else:
        assert r.status_code in (200, 400), (path, body[:100], r.text[:200])


def test_fuzzing_posted_at_least_10000_bodies_and_the_app_survived(target):
    """Runs last in this module: the total, every 200 kept, nothing stuck or crashed."""
    if SCALE < 1 or len(COUNTS) < 4:
        pytest.skip("a partial run (MM_FUZZ_SCALE < 1 or -k): no total to check")
    wait_for(target.svc.lanes.idle, timeout=120)
    total = sum(COUNTS.values())
    assert total >= 10_000, COUNTS
    with target.svc.sessions() as s:
        stored = dict(
            s.execute(
                select(Message.provider_sid, Message.body).where(
                    Message.provider_sid.in_(list(KEPT))
                )
            ).all()
        )
        statuses = dict(
            s.execute(
                select(Message.status, func.count())
                .where(Message.direction == "in")
                .group_by(Message.status)
            ).all()
        )
    print(f"fuzz: {COUNTS} = {total} bodies; inbound stored by status {statuses}")
    print("answers:", sorted(ANSWERS.items()))
    assert stored == KEPT, "every signed message answered 200 is stored, exactly as sent"
    assert all(len(body) <= MAX_SMS_CHARS for body in stored.values())
    for sid, secret in SECRETS.items():
        assert secret not in re.sub(r"\D", "", stored[sid]), stored[sid]
    with target.svc.sessions() as s:
        dropped = s.scalar(select(func.count()).where(Message.provider_sid.in_(list(FOREIGN))))
        answered_abroad = s.scalar(
            select(func.count()).where(
                Message.direction == "out",
                Message.address.in_([e164(p) for p in FOREIGN.values() if e164(p)]),
            )
        )
    assert FOREIGN and dropped == 0 and answered_abroad == 0
    assert "received" not in statuses, "every stored message was processed, failed or throttled"
    assert statuses.get("throttled", 0) > 0 and statuses.get("failed", 0) > 0, statuses
    unexpected = [
        f"{r.name}: {r.getMessage()[:200]}"
        for r in target.errors
        if not r.getMessage().startswith("rasa failed for message")  # Rasa is down here
        and not r.getMessage().startswith("a Slack listener failed")  # counted and logged
    ]
    assert not unexpected, unexpected
