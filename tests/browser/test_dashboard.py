"""The dashboard in a real browser: its numbers are the database's numbers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from tests.browser.helpers import api_say, qualify, settle

pytestmark = pytest.mark.browser


def drive(url: str, phone: str, action: str | None) -> dict:
    """A borrower qualifies and consents; the offered LO then accepts, passes or nothing."""
    qualify(api_say(url, phone))
    state = settle(url, phone)
    assert state["state"] == "offered"
    intro = state["introduction"]
    if action:
        click = {"intro_id": intro["id"], "action_id": action, "user": intro["slack_user_id"]}
        httpx.post(url + "/sandbox/api/click", json=click).raise_for_status()
    return intro


def sql(stack, query: str) -> int:
    with stack.svc.sessions() as s:
        return int(s.execute(text(query)).scalar_one())


def tile(page: Page, key: str) -> str:
    return page.locator(f'[data-metric="{key}"]').inner_text()


def load(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("body[data-loaded=true]")).to_have_count(1)


def test_the_dashboard_shows_the_databases_numbers_and_filters_by_team(stack, page):
    accepted = drive(stack.url, "+15125550701", "intro_accept")
    drive(stack.url, "+15125550702", "intro_pass")
    drive(stack.url, "+15125550703", None)  # stays open: a borrower waiting
    with stack.svc.sessions.begin() as s:  # two LOs form a team for the filter
        s.execute(
            text("UPDATE loan_officers SET team = 'Austin' WHERE id = :id"),
            {"id": accepted["lo_id"]},
        )
    for phone in ("+15125550701", "+15125550702", "+15125550703"):
        settle(stack.url, phone)

    # Without the token there is nothing to see; ?token= sets a cookie and drops the token.
    assert httpx.get(stack.url + "/dashboard").status_code == 401
    load(page, stack.dashboard_url)
    assert "token=" not in page.url

    offers = sql(stack, "SELECT count(*) FROM introductions")
    acc = sql(stack, "SELECT count(*) FROM introductions WHERE status IN ('introduced','closed')")
    passed = sql(stack, "SELECT count(*) FROM introductions WHERE status = 'passed'")
    expired = sql(stack, "SELECT count(*) FROM introductions WHERE status = 'expired'")
    waiting = sql(
        stack, "SELECT count(DISTINCT borrower_id) FROM introductions WHERE status = 'offered'"
    )
    opt_outs = sql(stack, "SELECT count(*) FROM borrowers WHERE opted_out_at IS NOT NULL")
    assert acc >= 1 and passed >= 1 and waiting >= 1
    assert tile(page, "offers") == str(offers)
    assert tile(page, "accepted") == str(acc)
    assert tile(page, "passed") == str(passed)
    assert tile(page, "expired") == str(expired)
    assert tile(page, "waiting") == str(waiting)
    assert tile(page, "opt_outs") == str(opt_outs)
    assert tile(page, "accept_rate") == f"{100 * acc / (acc + passed + expired):.0f}%"

    # Charts, not only tables: a bar per day and a bar per LO, drawn in SVG.
    bars = page.locator('svg[data-chart="days"] rect[data-kind="offers"]')
    assert sum(int(v) for v in bars.evaluate_all("rs => rs.map(r => r.dataset.value)")) == offers
    per_lo = dict(
        (r[0], r[1])
        for r in stack.svc.sessions().execute(
            text(
                "SELECT l.name, count(*) FROM introductions i "
                "JOIN loan_officers l ON l.id = i.lo_id GROUP BY l.name"
            )
        )
    )
    for name, n in per_lo.items():
        row = page.locator("#table-lo tr", has_text=name)
        expect(row.locator("td").nth(2)).to_have_text(str(n))

    # The team filter narrows every number to the team's LOs.
    page.select_option("#team", "Austin")
    page.click("#filters button")
    expect(page.locator("#period")).to_contain_text("team Austin")
    team_offers = sql(
        stack,
        "SELECT count(*) FROM introductions i JOIN loan_officers l ON l.id = i.lo_id "
        "WHERE l.team = 'Austin'",
    )
    expect(page.locator('[data-metric="offers"]')).to_have_text(str(team_offers))
    no_pii = page.content()
    for phone in ("+15125550701", "5125550701"):
        assert phone not in no_pii


def test_the_audit_download_and_charts_that_count_in_whole_numbers(stack, page):
    drive(stack.url, "+15125550711", "intro_accept")
    settle(stack.url, "+15125550711")
    load(page, stack.dashboard_url)

    # Counts get whole, distinct ticks (one introduction once read 1, 1, 1, 0, 0).
    ticks = page.locator('svg[data-chart="days"] text[data-tick]')
    values = [int(v) for v in ticks.evaluate_all("ts => ts.map(t => t.textContent)")]
    assert values == sorted(set(values)) and values[0] == 0 and len(values) >= 2
    offers = sql(stack, "SELECT count(*) FROM introductions")
    assert values[-1] >= max(
        int(v)
        for v in page.locator('svg[data-chart="days"] rect[data-kind="offers"]').evaluate_all(
            "rs => rs.map(r => r.dataset.value)"
        )
    )
    # Every legend entry says its number.
    expect(page.locator("#legend-offers")).to_have_text(str(offers))
    accepted = sql(
        stack, "SELECT count(*) FROM introductions WHERE status IN ('introduced','closed')"
    )
    expect(page.locator("#legend-accepted")).to_have_text(str(accepted))
    donut = page.locator('svg[data-chart="outcomes"] text')
    for label in donut.evaluate_all("ts => ts.map(t => t.textContent)")[1:]:
        assert label.rsplit(" ", 1)[-1].isdigit(), label

    # The examiner's export downloads behind the same cookie, for the filter's period.
    with page.expect_download() as info:
        page.click("#audit-csv")
    download = info.value
    assert download.suggested_filename.startswith(
        "audit-"
    ) and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    intros = [r for r in rows if r["kind"] == "introduction"]
    assert len(intros) == offers
    assert any(r["kind"] == "consent" and r["subject"].endswith("0711") for r in rows)
    assert all(json.loads(r["details"])["explanation"] for r in intros)
    body = Path(download.path()).read_text("utf-8")
    assert "+15125550711" not in body and "5125550711" not in body
    # Without the cookie there is no download.
    assert httpx.get(stack.url + "/dashboard/api/audit").status_code == 401
