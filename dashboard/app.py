"""The managers' dashboard at /dashboard: a page and its JSON, behind DASHBOARD_TOKEN.

A request is let in with `Authorization: Bearer TOKEN`, or once `?token=TOKEN` has set an
HttpOnly cookie (the page then reloads without the token in its address). Without a
configured token the dashboard is closed. No borrower PII is shown: see dashboard_queries.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from dashboard import queries as q
from runtime.bearer import has_bearer
from runtime.page_headers import new_nonce, page_headers, with_nonce
from runtime.services import Services
from storage import audit

PAGE = Path(__file__).with_name("dashboard.html")
COOKIE = "mm_dashboard"
MAX_DAYS = 366


def _cookie_value(token: str) -> str:
    # The cookie holds a digest, so a leaked cookie jar does not reveal the token itself.
    return hashlib.sha256(b"mm-dashboard:" + token.encode()).hexdigest()


class Dashboard:
    def __init__(self, svc: Services) -> None:
        self.svc = svc

    @property
    def token(self) -> str | None:
        return self.svc.settings.dashboard_token

    def _allowed(self, request: Request) -> bool:
        token = self.token
        if not token:
            return False
        if has_bearer(request, token):
            return True
        cookie = request.cookies.get(COOKIE, "")
        return hmac.compare_digest(cookie.encode(), _cookie_value(token).encode())

    def _refuse(self, request: Request) -> Response:
        if not self.token:
            text = "The dashboard is closed: set DASHBOARD_TOKEN to open it."
            return Response(text, status_code=503, media_type="text/plain")
        text = "Open the dashboard with ?token=DASHBOARD_TOKEN or an Authorization: Bearer header."
        return Response(text, status_code=401, media_type="text/plain")

    async def page(self, request: Request) -> Response:
        given = request.query_params.get("token")
        if given is not None and self.token:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return self._refuse(request)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = "/dashboard" + ("?" + urlencode(rest) if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(
                COOKIE,
                _cookie_value(self.token),
                httponly=True,
                samesite="strict",
                secure=self.svc.settings.public_base_url.startswith("https://"),
                path="/dashboard",
                max_age=12 * 3600,
            )
            return response
        if not self._allowed(request):
            return self._refuse(request)
        nonce = new_nonce()
        return HTMLResponse(with_nonce(PAGE.read_text(), nonce), headers=page_headers(nonce))

    def filters(self, request: Request) -> q.Filters:
        today = self.svc.clock().date()
        params = request.query_params
        team = params.get("team") or None
        try:
            start = date.fromisoformat(params["from"]) if params.get("from") else None
            end = date.fromisoformat(params["to"]) if params.get("to") else today
        except ValueError as exc:
            raise ValueError("from and to must be dates like 2026-11-28") from exc
        if start is None:
            return q.Filters.last_days(end, 30, team)
        if start > end:
            raise ValueError("from must be on or before to")
        if (end - start).days >= MAX_DAYS:
            raise ValueError(f"choose at most {MAX_DAYS} days")
        return q.Filters(start, end, team)

    async def metrics(self, request: Request) -> Response:
        if not self._allowed(request):
            return self._refuse(request)
        try:
            f = self.filters(request)
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

        def run() -> dict[str, object]:
            with self.svc.sessions() as s:
                return q.report(s, f) | {"now": self.svc.clock().isoformat()}

        return JSONResponse(
            await anyio.to_thread.run_sync(run), headers={"Cache-Control": "no-store"}
        )

    async def audit(self, request: Request) -> Response:
        """The examiner's export (storage/audit.py) for the filter's dates, as a download."""
        if not self._allowed(request):
            return self._refuse(request)
        fmt = request.query_params.get("format", "csv")
        try:
            f = self.filters(request)
            if fmt not in ("csv", "json"):
                raise ValueError("format must be csv or json")
        except ValueError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)

        def run() -> str:
            with self.svc.sessions() as s:
                rows = audit.records(s, f.start, f.end)
            return audit.to_csv(rows) if fmt == "csv" else audit.to_json(rows, f.start, f.end)

        name = f"audit-{f.start}-{f.end}.{fmt}"
        return Response(
            await anyio.to_thread.run_sync(run),
            media_type="text/csv; charset=utf-8" if fmt == "csv" else "application/json",
            headers={
                "Cache-Control": "no-store",
                "Content-Disposition": f'attachment; filename="{name}"',
            },
        )

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/dashboard", self.page),
            Route("/dashboard/api/metrics", self.metrics),
            Route("/dashboard/api/audit", self.audit),
        ]
