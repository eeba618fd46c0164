"""The borrower's first name and the card's facts are escaped in everything posted to Slack
(#18 item 2): they are slot values, the borrower's words in the end."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from introductions.texts import (
    borrower_details,
    closed_card,
    lo_nudge,
    offer_card,
    relayed_to_lo,
    team_news,
)

HOSTILE_NAME = "<!channel>"
HOSTILE_TIMELINE = "<https://evil.example|https://slack.com/signin>"


def qualification() -> Any:
    return SimpleNamespace(
        first_name=HOSTILE_NAME,
        contact_time=None,
        loan_purpose="purchase",
        property_state="<!here>",
        property_zip=None,
        price_usd=450_000,
        credit_band="<580",
        timeline=HOSTILE_TIMELINE,
        first_time_buyer=None,
        va_eligible=None,
        self_employed=None,
        occupancy=None,
    )


def posted_texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in posted_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in posted_texts(v)]
    return []


def test_the_first_name_and_card_facts_never_reach_slack_as_markup() -> None:
    q = qualification()
    lo = SimpleNamespace(name="Jo Lee", slack_user_id="U1")
    intro: Any = SimpleNamespace(
        id=7,
        loan_officer=lo,
        borrower=SimpleNamespace(language="en"),
        snoozed=False,
        deadline_at=datetime(2026, 12, 4, 18, 0, tzinfo=UTC),
    )
    posts = [
        offer_card(intro, q, "licensed in TX"),
        closed_card(q, "You passed"),
        borrower_details(intro, q, "+15125550100"),
        team_news(q, lo, "best fit"),  # type: ignore[arg-type]
        lo_nudge(q),
        relayed_to_lo(q, "hi"),
    ]
    for post in posts:
        text = " ".join(posted_texts(post))
        ours = re.sub(r"<!date\^[^>]*>", "", text)  # the deadline: Slack's date markup, ours
        assert "<" not in ours and ">" not in ours.replace("&gt;", ""), text
        assert "&lt;" in ours, text
