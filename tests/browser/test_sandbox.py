"""The sandbox in a real browser: text the bot from the phone, accept in the Slack pane, see
the warm introduction arrive on the phone and the story in the timeline."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from mm.converse import Conversation
from storage.models import LoanOfficer
from tests.browser.helpers import api_say, qualify, settle, text_from_phone, wait_for_state

pytestmark = pytest.mark.browser


def open_sandbox(page: Page, url: str, phone: str) -> None:
    page.goto(url + "/sandbox")
    page.fill("#from", phone)
    page.dispatch_event("#from", "change")


def test_a_borrower_texts_from_the_phone_and_the_lo_accepts_in_the_slack_pane(stack, page):
    phone = "+15125550601"
    open_sandbox(page, stack.url, phone)
    turns = qualify(lambda text: text_from_phone(page, stack.url, phone, text))
    assert turns[-1]["state"] == "offered"
    intro = turns[-1]["introduction"]
    with stack.svc.sessions() as s:
        lo = s.get(LoanOfficer, intro["lo_id"])
        assert lo is not None
        name, nmls = lo.name, lo.nmls_id

    # What the borrower typed is on the phone, with the bot's answers between.
    expect(page.locator("#sms .bubble.in")).to_have_count(len(turns))
    assert page.locator("#sms .bubble.out").count() >= len(turns)
    # The timeline says whom the matcher chose and why, and the offer's deadline.
    expect(page.locator('#timeline li[data-kind="decision"]')).to_contain_text(f"Matched {name}")
    expect(page.locator('#timeline li[data-kind="offer"]')).to_contain_text("answer by")

    accept = page.locator(f'#cards button[data-action="intro_accept"][data-value="{intro["id"]}"]')
    expect(accept).to_be_visible()
    expect(
        page.locator(f'#cards .card:has(button[data-value="{intro["id"]}"]) .meta')
    ).to_have_text(f"DM · {name}")
    accept.click()

    wait_for_state(stack.url, phone, "introduced")
    warm = page.locator("#sms .bubble.out", has_text=name)
    expect(warm.last).to_contain_text(nmls)
    expect(
        page.locator('#timeline li[data-kind="answer"][data-status="introduced"]')
    ).to_contain_text(f"{name} accepted")
    # The LO got the borrower's details in their DM, and the team channel heard of it.
    expect(page.locator('#cards .card[data-channel="C0TEAM"]').first).to_contain_text(name)
    expect(page.locator('#cards button[data-action="intro_outcome"]').first).to_be_visible()
    if target := os.environ.get("MM_SCREENSHOT"):  # how docs/sandbox.png is made
        page.screenshot(path=target, full_page=False)


def test_the_borrower_switcher_shows_each_borrowers_own_conversation(stack, page):
    first, second = "+15125550602", "+15125550603"
    for phone, words in ((first, "hi there"), (second, "hola")):
        Conversation(stack.url, phone, auto_accept=False).say(words)
    open_sandbox(page, stack.url, first)

    page.locator(f'#borrower-list .chip[data-phone="{second}"]').click()
    expect(page.locator("#from")).to_have_value(second)
    expect(page.locator("#sms .bubble.in")).to_have_text(["hola"])
    expect(page.locator(f'#borrower-list .chip[data-phone="{second}"]')).to_have_class(
        re.compile("current")
    )

    page.locator(f'#borrower-list .chip[data-phone="{first}"]').click()
    expect(page.locator("#sms .bubble.in")).to_have_text(["hi there"])
    expect(page.locator('#timeline li[data-kind="borrower"]')).to_have_count(1)


def test_moving_the_clock_past_the_deadline_expires_the_offer_on_screen(stack, page):
    phone = "+15125550604"
    qualify(api_say(stack.url, phone))
    state = settle(stack.url, phone)
    assert state["state"] == "offered"
    intro_id = state["introduction"]["id"]
    open_sandbox(page, stack.url, phone)
    expect(page.locator(f'#cards button[data-value="{intro_id}"]').first).to_be_visible()

    # Press "+1 day" until the offer's deadline (counted from the LO's working hours) passes.
    for _ in range(4):
        if page.locator('#timeline li[data-kind="answer"][data-status="expired"]').count():
            break
        with page.expect_response("**/sandbox/api/clock"):
            page.get_by_role("button", name="+1 day").click()
        page.wait_for_timeout(800)
    expired = page.locator('#timeline li[data-kind="answer"][data-status="expired"]')
    expect(expired.first).to_contain_text("timed out")
    # The expired card lost its buttons; the offer went to the next fit.
    expect(
        page.locator(f'#cards button[data-action="intro_accept"][data-value="{intro_id}"]')
    ).to_have_count(0)
    expect(page.locator('#timeline li[data-kind="decision"]')).to_have_count(2)
