"""A loan program the borrower asks for by name ("I want an FHA loan", "usar mi VA")."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import fold

# Named, not inferred: a veteran or a low score does not ask for VA or FHA by itself (the
# matcher prefers those LOs); only the borrower's own request makes the product required.
_NAMED: tuple[tuple[str, str], ...] = (
    (
        "va",
        r"\bva (?:loan|mortgage|home ?loan|benefits?|financing)|(?:use|using|usar|utilizar|con)"
        r" (?:my |our |the |el |mi |nuestro )?(?:va|v\.a\.)(?: loan| benefit| eligibility)?\b"
        r"|(?:prestamo|credito|hipoteca) (?:del |de )?va\b",
    ),
    ("fha", r"\bfha\b"),
    ("usda", r"\busda\b|rural development"),
    ("jumbo", r"\bjumbo\b"),
    (
        "bank_statement",
        r"bank[\s-]?statements? (?:loan|program|mortgage)|(?:prestamo|programa) (?:con|de) "
        r"estados? de cuenta",
    ),
    ("conventional", r"\bconventional (?:loan|mortgage|financing)|prestamo convencional"),
)
_NEGATED = re.compile(r"\b(?:not|no|don'?t want|without|sin|instead of|en vez de)\s+(?:an? |un )?$")
# "I have an FHA loan... refi into conventional", "out of my FHA": the loan they have now
_CURRENT = re.compile(
    r"\b(?:have|got|has|my|our|current|existing|from|out of|off|tengo|tenemos|mi|nuestro)"
    r"\s+(?:an? |un |the |el |current |existing )?$"
)


def requested_product(text: Any) -> str | None:
    """The product named in the text, unless the borrower says they do not want it."""
    folded = fold(text)
    for product, pattern in _NAMED:
        for match in re.finditer(pattern, folded):
            before = folded[: match.start()][-24:]
            if not _NEGATED.search(before) and not _CURRENT.search(before):
                return product
    return None
