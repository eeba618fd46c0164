"""Bearer tokens on HTTP requests: /metrics and /dashboard take `Authorization: Bearer ...`."""

from __future__ import annotations

import hmac

from starlette.requests import Request


def has_bearer(request: Request, token: str) -> bool:
    """`Authorization: Bearer <token>`, compared in constant time."""
    auth = request.headers.get("authorization", "")
    given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    return hmac.compare_digest(given.encode(), token.encode())
