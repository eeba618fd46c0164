"""POST /api/outcomes: a CRM or LOS reports application/locked/funded/lost; the matcher
learns from it as from the LO's Slack buttons; the same report twice is one outcome."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.testclient import TestClient

from channels.dedupe import Deduper, connect
from channels.gateway import create_app
from introductions.texts import ACCEPT
from mm.outcomes_api import OutcomesApi
from storage.models import Introduction, IntroOutcome, LoSegmentStat
from tests.signing import slack_click
from tests.unit.test_handoff import click, intro_of, qualified_borrower
from tests.unit.test_twilio_webhook import wait_for

TOKEN = "o" * 24
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def accepted(wired, phone: str = "+15125550142") -> tuple[int, str]:
    borrower_id = qualified_borrower(wired, phone=phone)
    intro = intro_of(wired, borrower_id)
    with wired.svc.sessions() as s:
        lo = s.get_one(Introduction, intro.id).loan_officer
        user, lo_id = lo.slack_user_id, lo.id
    click(wired, intro, ACCEPT, user, lambda: intro_of(wired, borrower_id).status == "introduced")
    return intro.id, lo_id


def learned(wired, lo_id: str) -> tuple[float, float]:
    with wired.svc.sessions() as s:
        row = s.get(LoSegmentStat, (lo_id, "*"))
        return (row.successes, row.failures) if row else (0.0, 0.0)


def outcomes(wired, intro_id: int) -> list[str]:
    with wired.svc.sessions() as s:
        return list(
            s.scalars(
                select(IntroOutcome.outcome)
                .where(IntroOutcome.introduction_id == intro_id)
                .order_by(IntroOutcome.id)
            )
        )


def api(wired, token: str | None = TOKEN) -> TestClient:
    endpoint = OutcomesApi(wired.svc, token=token or "")
    return TestClient(create_app(wired.svc, Deduper(connect(None)), lambda _: endpoint.routes()))


def test_a_reported_outcome_is_learned_like_a_button_and_only_once(wired):
    intro_id, lo_id = accepted(wired)
    before = learned(wired, lo_id)
    with api(wired) as client:
        r = client.post(
            "/api/outcomes",
            json={"introduction_id": intro_id, "outcome": "application"},
            headers=AUTH,
        )
        assert (r.status_code, r.json()["recorded"]) == (201, True)
        again = client.post(
            "/api/outcomes",
            json={"introduction_id": intro_id, "outcome": "application"},
            headers=AUTH,
        )
        assert (again.status_code, again.json()["recorded"]) == (200, False)
    assert outcomes(wired, intro_id) == ["accepted", "application"]
    assert learned(wired, lo_id)[0] > before[0]  # the matcher's counts moved, once
    after_one = learned(wired, lo_id)

    with api(wired) as client:
        r = client.post(
            "/api/outcomes",
            json={"introduction_id": intro_id, "outcome": "funded", "note": "closed 12/20"},
            headers=AUTH,
        )
        assert r.status_code == 201
    with wired.svc.sessions() as s:
        intro = s.get_one(Introduction, intro_id)
        assert (intro.status, intro.outcome, intro.outcome_note) == (
            "closed",
            "funded",
            "closed 12/20",
        )
    assert outcomes(wired, intro_id) == ["accepted", "application", "funded"]
    assert learned(wired, lo_id) == after_one  # a conversion counts once (matching.learning)


def test_the_same_report_through_slack_and_the_api_learns_the_same(wired):
    """Two accepted introductions: one reported by the LO's button, one by the API."""
    by_button, button_lo = accepted(wired, "+15125550181")
    by_api, api_lo = accepted(wired, "+15125550182")
    with wired.svc.sessions() as s:
        user = s.get_one(Introduction, by_button).loan_officer.slack_user_id
    button_before = learned(wired, button_lo)
    body, headers = slack_click(wired.svc.settings, f"{by_button}:locked", "intro_outcome", user)
    with TestClient(wired.app) as client:
        assert client.post("/slack/actions", content=body, headers=headers).status_code == 200
    wait_for(lambda: outcomes(wired, by_button)[-1:] == ["locked"])
    button_after = learned(wired, button_lo)
    api_before = learned(wired, api_lo)  # (the same LO as the button's, perhaps)
    with api(wired) as client:
        r = client.post(
            "/api/outcomes", json={"introduction_id": by_api, "outcome": "locked"}, headers=AUTH
        )
        assert r.status_code == 201
    api_after = learned(wired, api_lo)
    assert button_after != button_before
    assert tuple(a - b for a, b in zip(button_after, button_before, strict=True)) == tuple(
        a - b for a, b in zip(api_after, api_before, strict=True)
    )
    assert outcomes(wired, by_button) == outcomes(wired, by_api) == ["accepted", "locked"]
    with wired.svc.sessions() as s:
        for intro_id in (by_button, by_api):
            intro = s.get_one(Introduction, intro_id)
            assert (intro.status, intro.outcome) == ("introduced", "locked")


def test_bad_requests_are_refused_clearly_and_change_nothing(wired):
    intro_id, _ = accepted(wired)
    offered = intro_of(wired, qualified_borrower(wired, phone="+15125550183")).id
    with api(wired) as client:
        good = {"introduction_id": intro_id, "outcome": "funded"}
        assert client.post("/api/outcomes", json=good).status_code == 401
        assert (
            client.post(
                "/api/outcomes", json=good, headers={"Authorization": "Bearer nope"}
            ).status_code
            == 401
        )
        cases = [
            ({"introduction_id": intro_id, "outcome": "won"}, 422),
            ({"introduction_id": "12", "outcome": "funded"}, 422),
            ({"introduction_id": 999999, "outcome": "funded"}, 404),
            ({"introduction_id": offered, "outcome": "funded"}, 409),
            ([1, 2], 400),
        ]
        for body, status in cases:
            r = client.post("/api/outcomes", json=body, headers=AUTH)
            assert r.status_code == status, (body, r.text)
            assert r.json()["error"]
        assert client.post("/api/outcomes", content=b"{not json", headers=AUTH).status_code == 400
    with api(wired, token=None) as closed:
        assert closed.post("/api/outcomes", json=good, headers=AUTH).status_code == 503
    with wired.svc.sessions() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(IntroOutcome)
                .where(IntroOutcome.outcome == "funded")
            )
            == 0
        )
