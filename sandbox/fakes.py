"""Local fakes of the Twilio and Slack web APIs, for the sandbox and the tests.

The real `twilio` and `slack_sdk` clients talk to these over loopback; each fake records
what it received so the sandbox page, `mm converse` and the tests can see it.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from runtime.pacing import sms_segments


@dataclass
class Recorder:
    """Thread-safe list of what a fake received, with a sequence number per entry."""

    items: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, item: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            item = {"seq": len(self.items) + 1, "at": time.time(), **item}
            self.items.append(item)
            return item

    def since(self, seq: int = 0, **match: Any) -> list[dict[str, Any]]:
        with self.lock:
            return [i for i in self.items[seq:] if all(i.get(k) == v for k, v in match.items())]


class FakeTwilio:
    """The part of Twilio's REST API we use: sending a message."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages = Recorder()
        self.app = Starlette(
            routes=[
                Route(
                    "/2010-04-01/Accounts/{sid}/Messages.json",
                    self.create_message,
                    methods=["POST"],
                ),
                Route("/sandbox/messages", self.list_messages),
            ]
        )
        self.throttled = 0  # how many next sends answer 429, as Twilio does over its rate
        self.retry_after = "1"
        self.hang_seconds = 0.0  # a slow Twilio; a sender that dies meanwhile sent nothing

    def throttle_next(self, count: int, retry_after: float = 1) -> None:
        self.throttled, self.retry_after = count, f"{retry_after:g}"

    def _authorized(self, request: Request, sid: str) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        header = request.headers.get("authorization", "")
        return sid == self.account_sid and secrets.compare_digest(header, f"Basic {expected}")

    async def create_message(self, request: Request) -> JSONResponse:
        sid = request.path_params["sid"]
        if not self._authorized(request, sid):
            return JSONResponse(
                {"code": 20003, "message": "Authenticate", "status": 401}, status_code=401
            )
        raw = await request.body()  # read first: is_disconnected() would consume it
        if self.hang_seconds:
            await anyio.sleep(self.hang_seconds)
            if await request.is_disconnected():
                return JSONResponse({"code": 20500, "status": 499}, status_code=499)
        if self.throttled > 0:
            self.throttled -= 1
            return JSONResponse(
                {"code": 20429, "message": "Too Many Requests", "status": 429},
                status_code=429,
                headers={"Retry-After": self.retry_after},
            )
        form = dict(parse_qsl(raw.decode()))
        if not form.get("To") or not form.get("Body"):
            return JSONResponse(
                {"code": 21604, "message": "A 'To' and 'Body' are required", "status": 400},
                status_code=400,
            )
        msid = "SM" + secrets.token_hex(16)
        self.messages.add(
            {"sid": msid, "to": form["To"], "from": form.get("From"), "body": form["Body"]}
        )
        return JSONResponse(
            {
                "sid": msid,
                "account_sid": sid,
                "to": form["To"],
                "from": form.get("From"),
                "body": form["Body"],
                "status": "queued",
                "num_segments": str(sms_segments(form["Body"])),
                "direction": "outbound-api",
                "uri": f"/2010-04-01/Accounts/{sid}/Messages/{msid}.json",
            },
            status_code=201,
        )

    async def list_messages(self, request: Request) -> JSONResponse:
        since = int(request.query_params.get("since", "0"))
        match = {"to": request.query_params["to"]} if "to" in request.query_params else {}
        return JSONResponse(self.messages.since(since, **match))


class FakeSlack:
    """The Slack Web API methods we call, answering like Slack does (HTTP 200, ok flag)."""

    def __init__(self, bot_token: str) -> None:
        self.bot_token = bot_token
        self.calls = Recorder()
        self.app = Starlette(
            routes=[
                Route("/api/{method}", self.call, methods=["POST"]),
                Route("/sandbox/calls", self.list_calls),
            ]
        )

    async def call(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        if request.headers.get("authorization") != f"Bearer {self.bot_token}":
            return JSONResponse({"ok": False, "error": "invalid_auth"})
        raw = await request.body()
        if request.headers.get("content-type", "").startswith("application/json"):
            args = json.loads(raw or b"{}")
        else:
            args = dict(parse_qsl(raw.decode()))
            for key in ("blocks", "attachments"):
                if isinstance(args.get(key), str):
                    args[key] = json.loads(args[key])
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return JSONResponse({"ok": False, "error": "unknown_method"})
        return JSONResponse(handler(args, method))

    def _record(self, method: str, args: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return self.calls.add({"method": method, "args": args, **extra})

    def _auth_test(self, args: dict[str, Any], method: str) -> dict[str, Any]:
        return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "TSANDBOX"}

    def _chat_postMessage(self, args: dict[str, Any], method: str) -> dict[str, Any]:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        ts = f"{time.time():.6f}"
        self._record(method, args, ts=ts)
        return {"ok": True, "channel": args["channel"], "ts": ts, "message": {"ts": ts, **args}}

    def _chat_update(self, args: dict[str, Any], method: str) -> dict[str, Any]:
        self._record(method, args, ts=args.get("ts"))
        return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}

    def _chat_postEphemeral(self, args: dict[str, Any], method: str) -> dict[str, Any]:
        self._record(method, args)
        return {"ok": True, "message_ts": f"{time.time():.6f}"}

    async def list_calls(self, request: Request) -> JSONResponse:
        since = int(request.query_params.get("since", "0"))
        match = (
            {"method": request.query_params["method"]} if "method" in request.query_params else {}
        )
        return JSONResponse(self.calls.since(since, **match))


class ServerThread:
    """Serve an ASGI app with uvicorn on a loopback port, in a daemon thread."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self, timeout: float = 10.0) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    @property
    def url(self) -> str:
        host, port = self.server.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Fakes:
    """Fake Twilio + Slack with fresh random credentials, served on loopback."""

    twilio: FakeTwilio
    slack: FakeSlack
    twilio_server: ServerThread
    slack_server: ServerThread

    @classmethod
    def start(cls) -> Fakes:
        twilio = FakeTwilio("AC" + secrets.token_hex(16), secrets.token_hex(16))
        slack = FakeSlack("xoxb-sandbox-" + secrets.token_hex(12))
        return cls(twilio, slack, ServerThread(twilio.app).start(), ServerThread(slack.app).start())

    def stop(self) -> None:
        self.twilio_server.stop()
        self.slack_server.stop()
