"""The dashboard: its numbers from SQL, and a token in front of it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update
from starlette.testclient import TestClient

from channels.dedupe import Deduper, connect
from channels.gateway import create_app
from dashboard import queries as q
from dashboard.app import COOKIE, Dashboard
from storage.models import Borrower, Introduction, LoanOfficer, MatchDecision, Qualification

DAY = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
TOKEN = "t" * 24


def seed(svc) -> None:
    """alice (team Austin): accepted in 12 min and converted, passed, open; bob: expired.
    One borrower opted out; one decision found nobody."""
    with svc.sessions.begin() as s:
        s.execute(update(LoanOfficer).where(LoanOfficer.id == "alice").values(team="Austin"))
        rows = [
            ("alice", "introduced", 12, "application", "purchase", 0),
            ("alice", "passed", 3, None, "refinance", 0),
            ("alice", "offered", None, None, "purchase", 1),
            ("bob", "expired", 5, None, "purchase", 1),
        ]
        for n, (lo, status, minutes, outcome, purpose, day) in enumerate(rows):
            at = DAY + timedelta(days=day)
            b = Borrower(phone=f"+1512555070{n}", created_at=at)
            s.add(b)
            s.flush()
            s.add(Qualification(borrower_id=b.id, loan_purpose=purpose, property_state="TX"))
            d = MatchDecision(
                borrower_id=b.id, chosen_lo_id=lo, inputs={}, candidates={}, reason="r"
            )
            s.add(d)
            s.flush()
            s.add(
                Introduction(
                    borrower_id=b.id,
                    lo_id=lo,
                    decision_id=d.id,
                    status=status,
                    offered_at=at,
                    deadline_at=at + timedelta(minutes=30),
                    responded_at=at + timedelta(minutes=minutes) if minutes else None,
                    outcome=outcome,
                )
            )
        gone = Borrower(phone="+15125550799", opted_out_at=DAY)
        s.add(gone)
        s.flush()
        s.add(
            MatchDecision(
                borrower_id=gone.id,
                chosen_lo_id=None,
                inputs={},
                candidates={},
                reason="none",
                created_at=DAY,
            )
        )


@pytest.fixture
def seeded(wired):
    seed(wired.svc)
    return wired


WEEK = q.Filters(date(2026, 11, 18), date(2026, 11, 24))


def test_totals_count_offers_answers_speed_and_the_borrowers_waiting(seeded):
    with seeded.svc.sessions() as s:
        t = q.totals(s, WEEK)
    assert (t["offers"], t["accepted"], t["passed"], t["expired"], t["open"]) == (4, 1, 1, 1, 1)
    assert t["accept_rate"] == round(1 / 3, 4)
    assert t["conversion_rate"] == 1.0
    assert t["median_minutes_to_accept"] == 12.0
    assert (t["waiting"], t["opt_outs"], t["no_match"]) == (1, 1, 1)


def test_per_day_lists_every_day_of_the_period_including_empty_ones(seeded):
    with seeded.svc.sessions() as s:
        days = q.per_day(s, WEEK)
    assert [d["day"] for d in days][:2] == ["2026-11-18", "2026-11-19"] and len(days) == 7
    by_day = {d["day"]: (d["offers"], d["accepted"]) for d in days}
    assert by_day["2026-11-20"] == (2, 1) and by_day["2026-11-21"] == (2, 0)
    assert by_day["2026-11-22"] == (0, 0)


def test_share_and_conversion_per_lo_and_segment(seeded):
    with seeded.svc.sessions() as s:
        los = {r["lo_id"]: r for r in q.by_lo(s, WEEK)}
        segments = {r["segment"]: r for r in q.by_segment(s, WEEK)}
    assert los["alice"]["share"] == 0.75 and los["bob"]["share"] == 0.25
    assert los["alice"]["team"] == "Austin" and los["alice"]["converted"] == 1
    assert segments["purchase"]["offers"] == 3 and segments["refinance"]["accepted"] == 0


def test_conversion_by_borrower_language_and_the_spanish_english_ratio(seeded):
    with seeded.svc.sessions.begin() as s:  # the refinance borrower (passed by alice) wrote in es
        s.execute(update(Borrower).where(Borrower.phone == "+15125550701").values(language="es"))
    with seeded.svc.sessions() as s:
        lang = q.by_language(s, WEEK)
    rows = {r["language"]: r for r in lang["rows"]}
    assert rows["en"]["borrowers"] == 3 and rows["en"]["converted"] == 1
    assert rows["es"]["borrowers"] == 1 and rows["es"]["converted"] == 0
    assert rows["en"]["converted_per_borrower"] == round(1 / 3, 4)
    assert lang["es_en_ratio"] == 0.0


@pytest.mark.parametrize(
    ("filters", "offers"),
    [
        (q.Filters(date(2026, 11, 18), date(2026, 11, 24), "Austin"), 3),
        (q.Filters(date(2026, 11, 21), date(2026, 11, 21)), 2),
        (q.Filters(date(2026, 11, 1), date(2026, 11, 19)), 0),
    ],
    ids=["team", "one-day", "before"],
)
def test_filters_narrow_by_date_and_team(seeded, filters, offers):
    with seeded.svc.sessions() as s:
        assert q.totals(s, filters)["offers"] == offers


def test_the_report_names_no_borrower(seeded):
    with seeded.svc.sessions() as s:
        text = str(q.report(s, WEEK))
    assert "+1512555" not in text and "phone" not in text


@pytest.fixture
def client(seeded):
    svc = seeded.svc
    svc.settings = svc.settings.with_(dashboard_token=TOKEN)
    svc.clock = lambda: DAY + timedelta(days=2)
    app = create_app(svc, Deduper(connect(None)), lambda _: Dashboard(svc).routes())
    return TestClient(app, base_url="https://mm.example.test")


def test_without_the_token_the_dashboard_and_its_numbers_are_refused(client):
    assert client.get("/dashboard").status_code == 401
    assert client.get("/dashboard/api/metrics").status_code == 401
    assert client.get("/dashboard?token=wrong").status_code == 401
    wrong = {"Authorization": "Bearer " + "x" * 24}
    assert client.get("/dashboard/api/metrics", headers=wrong).status_code == 401


def test_a_bearer_token_opens_the_json(client):
    r = client.get("/dashboard/api/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    body = r.json()
    assert body["totals"]["offers"] == 4 and body["filters"]["to"] == "2026-11-22"
    assert body["teams"] == ["Austin"]


def test_the_token_in_the_address_becomes_an_httponly_cookie_and_leaves_the_address(client):
    r = client.get("/dashboard?token=" + TOKEN + "&team=Austin", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dashboard?team=Austin"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" in cookie
    assert TOKEN not in cookie
    assert client.get("/dashboard").status_code == 200
    assert client.get("/dashboard/api/metrics?team=Austin").json()["totals"]["offers"] == 3
    assert COOKIE in client.cookies


def test_bad_filters_are_a_clear_400(client):
    h = {"Authorization": f"Bearer {TOKEN}"}
    r = client.get("/dashboard/api/metrics?from=yesterday", headers=h)
    assert r.status_code == 400 and "dates" in r.json()["error"]
    r = client.get("/dashboard/api/metrics?from=2026-11-10&to=2026-11-01", headers=h)
    assert r.status_code == 400


def test_with_no_token_configured_the_dashboard_is_closed(wired):
    app = create_app(wired.svc, Deduper(connect(None)), lambda _: Dashboard(wired.svc).routes())
    r = TestClient(app).get("/dashboard?token=anything")
    assert r.status_code == 503 and "DASHBOARD_TOKEN" in r.text
