"""A loan program named by the borrower (bot/normalize/products.py)."""

from __future__ import annotations

import pytest

from bot.normalize.products import requested_product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("I want an FHA loan", "fha"),
        ("looking to use my VA benefits", "va"),
        ("quiero usar mi VA", "va"),
        ("un prestamo VA por favor", "va"),
        ("USDA loan, it's a rural area", "usda"),
        ("it'll be jumbo, 1.2M", "jumbo"),
        ("do you do bank statement loans? I'm a 1099", "bank_statement"),
        ("not FHA, a conventional loan please", "conventional"),
        # Not a request: a fact about the borrower, a refusal, or Spanish "va" (goes).
        ("I served in the army", None),
        ("no FHA please", None),
        ("mi esposo va a comprar", None),
        ("my credit is around 620", None),
    ],
)
def test_only_a_product_named_and_wanted_counts(text: str, product: str | None) -> None:
    assert requested_product(text) == product
