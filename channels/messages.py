"""What we say: SMS texts for borrowers and Block Kit cards for LOs, in one place."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.models import Introduction, LoanOfficer, Qualification

PURPOSES = {
    "purchase": "buy a home",
    "refinance": "refinance",
    "cash_out_refinance": "take cash out (refinance)",
    "heloc": "open a HELOC",
}
ACCEPT = "intro_accept"
PASS = "intro_pass"  # noqa: S105 -- a Slack action id, not a password


def summary(q: Qualification) -> str:
    price = f"${q.price_usd:,}" if q.price_usd else "price unknown"
    return (
        f"wants to {PURPOSES.get(q.loan_purpose or '', q.loan_purpose)} in {q.property_state}"
        f" · {price} · credit {q.credit_band} · timeline: {q.timeline}"
    )


def slack_date(when: datetime, fallback: str = "soon") -> str:
    # Slack renders this in each viewer's own time zone.
    return f"<!date^{int(when.timestamp())}^{{time}} on {{date_short}}|{fallback}>"


def offer_card(intro: Introduction, q: Qualification, reason: str) -> dict[str, Any]:
    name = q.first_name or "A borrower"
    text = f"New introduction: {name} {summary(q)}"
    return {
        "channel": intro.loan_officer.slack_user_id,
        "text": text,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "New introduction for you"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{name}* {summary(q)}"}},
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"Why you: {reason}"},
                    {"type": "mrkdwn", "text": f"Please answer by {slack_date(intro.deadline_at)}"},
                ],
            },
            {
                "type": "actions",
                "block_id": f"intro-{intro.id}",
                "elements": [
                    {
                        "type": "button",
                        "action_id": ACCEPT,
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Accept"},
                        "value": str(intro.id),
                    },
                    {
                        "type": "button",
                        "action_id": PASS,
                        "text": {"type": "plain_text", "text": "Pass"},
                        "value": str(intro.id),
                    },
                ],
            },
        ],
    }


def closed_card(q: Qualification, outcome: str) -> dict[str, Any]:
    """The offer card once answered or expired: the same facts, no buttons."""
    name = q.first_name or "A borrower"
    text = f"{name} {summary(q)}"
    return {
        "text": f"{outcome}: {text}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{name}* {summary(q)}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": outcome}]},
        ],
    }


def borrower_details(q: Qualification, phone: str) -> str:
    return (
        f"{q.first_name}'s details: phone {phone}; {summary(q)}."
        + (f" Best time to reach: {q.contact_time}." if q.contact_time else "")
        + " They agreed to be contacted by call or text. Suggested first text: "
        f"\"Hi {q.first_name}, it's your loan officer from the introduction. "
        'Is now a good time for a quick call?"'
    )


def team_news(q: Qualification, lo: LoanOfficer, reason: str) -> str:
    who = f"{q.first_name} ({q.property_state}, {q.loan_purpose})"
    return f"Introduced {who} to {lo.name}. Why: {reason}"


def warm_intro_sms(q: Qualification, lo: LoanOfficer) -> str:
    return (
        f"Great news, {q.first_name}! I've introduced you to {lo.name} (NMLS #{lo.nmls_id}), "
        f"a licensed loan officer who fits what you need. {lo.name.split()[0]} will call or "
        "text you shortly from their own number."
    )


def matching_sms(q: Qualification) -> str:
    return (
        "I've found a licensed loan officer who fits. I'm checking they're free now and "
        "will text you their name in a few minutes."
    )


def no_match_sms(q: Qualification) -> str:
    return (
        f"I'm sorry, {q.first_name or 'there'}: right now none of our loan officers licensed in "
        f"{q.property_state} can take on a new client, so I haven't shared your details with "
        "anyone. Text us again anytime."
    )


def help_sms(brokerage: str) -> str:
    return (
        f"{brokerage}: we introduce you to one licensed loan officer. Reply STOP to opt out. "
        "Msg & data rates may apply."
    )


def stop_sms(brokerage: str) -> str:
    return f"{brokerage}: you're unsubscribed and won't get more texts. Reply START to resume."


def start_sms(brokerage: str) -> str:
    return f"{brokerage}: you're subscribed again. Reply STOP to opt out, HELP for help."


TEXT_ONLY_SMS = "I can only read text for now. Could you type that out?"
TROUBLE_SMS = "Sorry, I'm having trouble on my end. Please text again in a few minutes."
REDACTED_SMS = (
    "For your safety I removed a number that looked like an SSN or card. I never need those."
)
