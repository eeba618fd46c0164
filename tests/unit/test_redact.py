"""PII a borrower volunteers is removed before anything stores or logs it."""

from __future__ import annotations

import pytest

from channels.redact import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my ssn is 123-45-6789", "my ssn is [redacted]"),
        ("ssn 123 45 6789 thanks", "ssn [redacted] thanks"),
        ("social is 123456789", "social is [redacted]"),
        ("card 4111 1111 1111 1111 exp 12/29", "card [redacted] exp 12/29"),
        ("4111-1111-1111-1111", "[redacted]"),
    ],
)
def test_ssns_and_card_numbers_are_redacted(text, expected):
    assert redact(text) == (expected, True)


@pytest.mark.parametrize(
    "text",
    [
        "budget 450,000",
        "zip 78701-1234",
        "call me at 512-555-0101",
        "price 1200000",
        "1234 5678 9012 3456",
    ],
)
def test_prices_zips_phones_and_non_luhn_numbers_are_kept(text):
    assert redact(text) == (text, False)
