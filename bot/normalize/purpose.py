"""loan_purpose: purchase, refinance, cash_out_refinance or heloc."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import fold, misspelt, numbered_choice
from vocabulary import LOAN_PURPOSES

_PATTERNS: tuple[tuple[str, str], ...] = (
    # Most specific first: "cash out refi" is not a plain refinance.
    ("heloc", r"\bhe?loc\b|equity line|line of credit|home equity|linea de credito"),
    (
        "cash_out_refinance",
        r"cash[\s-]?out|take (?:some )?(?:cash|money|equity)|pull (?:\w+ )?(?:cash|equity)"
        r"|sacar (?:\w+ )?(?:dinero|efectivo|cash|plata|equity)|retiro de efectivo",
    ),
    (
        "refinance",
        r"\bre-?fi\b|\brefinanc|lower (?:my |our )?(?:rate|payment)|\brefy\b|\brefinanciar"
        r"|\brefinanciamiento|bajar (?:mi |la )?(?:tasa|pago|mensualidad)",
    ),
    (
        "purchase",
        r"\bbuy|\bbought\b|\bpurchas|new home|first home|first[\s-]time|house hunting"
        r"|\bbye an? (?:house|hous|home|condo|place)"  # "bye a house": a common SMS typo
        r"|\bcompr(?:ar|o|a|ando|amos)\b|primera casa|\badquirir",
    ),
)
_WORDS = {"purchase": "purchase", "buying": "purchase", "refinance": "refinance"}


def parse_loan_purpose(text: Any, *, asked: bool = True) -> str | None:
    """purchase / refinance / cash_out_refinance / heloc from words or a 1-4 menu reply.

    The menu number only counts as the answer to the purpose question (`asked`).
    """
    raw = fold(text)
    if raw in LOAN_PURPOSES:
        return raw
    choice = numbered_choice(raw, len(LOAN_PURPOSES)) if asked else None
    if choice:
        return LOAN_PURPOSES[choice - 1]
    for purpose, pattern in _PATTERNS:
        if re.search(pattern, raw):
            return purpose
    # One misspelt keyword ("refinace", "purchace") is still clear enough.
    return misspelt(raw, _WORDS) if asked else None
