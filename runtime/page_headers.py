"""Browser hardening for the HTML pages we serve (the dashboard, the sandbox).

A per-response nonce lets the page's own inline <script> run and nothing else: injected
markup cannot run script, the pages cannot be framed (clickjacking), and links never carry
the page's address (which may hold a token) to another site.
"""

from __future__ import annotations

import secrets

_SCRIPT_TAG = "<script>"


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'nonce-{nonce}'",
            # The pages' own <style> and style="" attributes; no script can ride on CSS.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def page_headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(nonce),
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


def with_nonce(html: str, nonce: str) -> str:
    """The page's inline <script> tags, allowed by this response's nonce."""
    return html.replace(_SCRIPT_TAG, f'<script nonce="{nonce}">')
