"""Remove SSNs and card numbers a borrower volunteers, before any store, log or Rasa sees them."""

from __future__ import annotations

import re

from stdnum import luhn
from stdnum.us import ssn

# 3-2-4 with separators ("123-45-6789", "123 - 45 - 6789") is an SSN by shape; any other
# nine digits, bare or spaced out ("1 2 3 4 5 6 7 8 9"), only when structurally valid.
SSN_SHAPED = re.compile(r"(?<!\d)\d{3}\s*[-. ]\s*\d{2}\s*[-. ]\s*\d{4}(?!\d)")
NINE_DIGITS = re.compile(r"(?<!\d)(?:\d{9}|\d(?:[-. ]\d){8})(?!\d)")  # not ZIP+4 "78701-1234"
CARD_SHAPED = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
MARK = "[redacted]"


def redact(text: str) -> tuple[str, bool]:
    """Return the text with SSNs and card numbers replaced, and whether anything was."""
    found = False

    def card(m: re.Match[str]) -> str:
        nonlocal found
        digits = re.sub(r"\D", "", m.group())
        if luhn.is_valid(digits):
            found = True
            return MARK
        return m.group()

    def nine(m: re.Match[str]) -> str:
        nonlocal found
        if ssn.is_valid(re.sub(r"\D", "", m.group())):
            found = True
            return MARK
        return m.group()

    text = CARD_SHAPED.sub(card, text)
    text, n = SSN_SHAPED.subn(MARK, text)
    found = found or n > 0
    text = NINE_DIGITS.sub(nine, text)
    return text, found
