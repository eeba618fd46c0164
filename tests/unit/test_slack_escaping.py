"""Borrower words posted to Slack stay words: no live @channel, no disguised link."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from introductions.texts import borrower_details, relayed_to_lo, slack_escaped

HOSTILE = "<!channel> <https://evil.example|https://slack.com/signin> & more"


def test_special_characters_are_escaped_as_slack_asks() -> None:
    assert slack_escaped(HOSTILE) == (
        "&lt;!channel&gt; &lt;https://evil.example|https://slack.com/signin&gt; &amp; more"
    )


def test_a_relayed_text_cannot_mention_the_channel_or_disguise_a_link() -> None:
    posted = relayed_to_lo(SimpleNamespace(first_name="Ana"), HOSTILE)  # type: ignore[arg-type]
    assert posted.startswith("Ana (SMS): ")
    assert "<" not in posted and ">" not in posted and "&lt;!channel&gt;" in posted


def test_the_borrowers_preferred_time_on_the_lo_card_is_escaped() -> None:
    q: Any = SimpleNamespace(
        first_name="Ana",
        contact_time="<!here> after 5",
        loan_purpose="purchase",
        property_state="TX",
        property_zip=None,
        price_usd=450_000,
        credit_band="740+",
        timeline="now",
        first_time_buyer=None,
        va_eligible=None,
        self_employed=None,
        occupancy=None,
    )
    intro: Any = SimpleNamespace(
        id=7, loan_officer=SimpleNamespace(name="Jo Lee", slack_user_id="U1")
    )
    text = borrower_details(intro, q, "+15125550100")["text"]
    assert "&lt;!here&gt; after 5" in text and "<!here>" not in text
