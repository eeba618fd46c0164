"""The sandbox stays a local tool, and the pages are hardened for browsers (#18 items 7, 8).

The app is built as `mm demo` builds it (mm/stack.py: gateway + sandbox + dashboard behind
LocalOnly), on SQLite; Rasa is not needed for these requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from channels.dedupe import Deduper, connect
from channels.gateway import create_app
from dashboard.app import COOKIE, Dashboard
from runtime.services import Services
from sandbox.app import LocalOnly, Sandbox
from tests.conftest import BOT_NUMBER, sandbox_settings

TOKEN = "dashboard-token-of-this-run"
ORIGIN = "http://127.0.0.1:8000"


def build(fakes, sqlite_url: str, public_base_url: str) -> tuple[Services, object]:
    settings = sandbox_settings(fakes, sqlite_url, rasa_url="http://127.0.0.1:9").with_(
        dashboard_token=TOKEN, sandbox=True, public_base_url=public_base_url
    )
    svc = Services.build(settings)
    sandbox, dashboard = Sandbox(svc, fakes, BOT_NUMBER), Dashboard(svc)
    app = create_app(
        svc,
        Deduper(connect(None)),
        lambda gateway: sandbox.routes(gateway) + dashboard.routes(),
    )
    app.add_middleware(LocalOnly)
    return svc, app


@pytest.fixture
def client(fakes, sqlite_url) -> Iterator[TestClient]:
    svc, app = build(fakes, sqlite_url, ORIGIN)
    with TestClient(app, base_url=ORIGIN) as c:
        yield c
    svc.close()


# -- item 7: Host, Origin, malformed JSON, the token ---------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "192.168.1.20:8000", ""])
def test_a_foreign_host_header_is_refused_dns_rebinding(client, host):
    r = client.get("/sandbox/api/info", headers={"host": host})
    assert r.status_code == 403
    assert client.get("/sandbox", headers={"host": host}).status_code == 403


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_loopback_names_are_served(client, host):
    assert client.get("/sandbox/api/info", headers={"host": host}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://evil.example"},
        {"origin": "http://127.0.0.1:9999"},  # another local port is another origin
        {"origin": "null"},
        {"origin": "https://127.0.0.1:8000"},
        {"sec-fetch-site": "cross-site"},
    ],
)
def test_cross_origin_posts_to_sms_and_clock_are_refused(client, headers):
    for path, body in (("/sandbox/api/clock", {"minutes": 10}), ("/sandbox/api/sms", {})):
        r = client.post(path, json=body, headers=headers)
        assert r.status_code == 403, (path, headers)
    before = client.get("/sandbox/api/info").json()["now"]
    client.post("/sandbox/api/clock", json={"minutes": 600}, headers=headers)
    assert client.get("/sandbox/api/info").json()["now"][:13] == before[:13]  # not moved


def test_a_same_origin_post_and_one_without_origin_are_served(client):
    same = {"origin": ORIGIN, "sec-fetch-site": "same-origin"}
    assert client.post("/sandbox/api/clock", json={"minutes": 1}, headers=same).status_code == 200
    assert client.post("/sandbox/api/clock", json={"minutes": 1}).status_code == 200  # curl


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/sandbox/api/sms", b"{"),
        ("/sandbox/api/sms", b"[1, 2]"),
        ("/sandbox/api/sms", b"\xff\xfe"),
        ("/sandbox/api/sms", b""),
        ("/sandbox/api/click", b"{}"),
        ("/sandbox/api/click", b'{"action_id": "accept"}'),
        ("/sandbox/api/click", b'{"action_id": {"x": 1}, "user": "U1"}'),
        ("/sandbox/api/reply", b'{"channel": "D1"}'),
        ("/sandbox/api/reply", b"null"),
        ("/sandbox/api/clock", b'{"minutes": "soon"}'),
        ("/sandbox/api/clock", b'{"minutes": [1]}'),
        ("/sandbox/api/clock", b'{"minutes": 1e999}'),
        ("/sandbox/api/clock", b"not json"),
        ("/sandbox/api/sms", b"[" * 100_000 + b"]" * 100_000),  # nested past the recursion limit
    ],
)
def test_malformed_json_is_a_400_that_says_why(client, path, body):
    r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert "error" in r.json()


def test_the_dashboard_token_is_only_in_the_page_a_developer_opens(client):
    info = client.get("/sandbox/api/info")
    assert TOKEN not in info.text and "dashboard" not in info.json()
    page = client.get("/sandbox")
    assert f'href="/dashboard?token={TOKEN}"' in page.text
    assert client.get("/sandbox", headers={"host": "evil.example:8000"}).status_code == 403
    # The link opens the dashboard (and its cookie then keeps it open).
    r = client.get(f"/dashboard?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and COOKIE in r.headers["set-cookie"]


# -- item 8: headers and cookies -------------------------------------------------------------


def csp_nonce(response) -> str:
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    return re.search(r"'nonce-([^']+)'", csp).group(1)


def assert_hardened(response) -> None:
    nonce = csp_nonce(response)
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts and all(f'nonce="{nonce}"' in s for s in scripts), scripts
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_sandbox_and_dashboard_pages_carry_csp_frame_and_referrer_headers(client):
    page = client.get("/sandbox")
    assert_hardened(page)
    client.get(f"/dashboard?token={TOKEN}")  # sets the cookie
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert_hardened(dashboard)
    assert csp_nonce(client.get("/sandbox")) != csp_nonce(page), "a fresh nonce per response"


@pytest.mark.parametrize(("base", "secure"), [("https://mm.example.test", True), (ORIGIN, False)])
def test_the_dashboard_cookie_is_secure_whenever_the_public_url_is_https(
    fakes, sqlite_url, base, secure
):
    svc, app = build(fakes, sqlite_url, base)
    try:
        with TestClient(app, base_url=ORIGIN) as c:
            r = c.get(f"/dashboard?token={TOKEN}", follow_redirects=False)
        cookie = r.headers["set-cookie"].lower()
        assert ("; secure" in cookie) is secure, cookie
        assert "httponly" in cookie and "samesite=strict" in cookie
    finally:
        svc.close()
