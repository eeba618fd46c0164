"""Shared helpers: lowercase, number words to digits (English or Spanish), fuzzy keywords."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

from text_to_num import alpha2digit

# Spanish words that text2num would read as "1" ("unos 300 mil" is about 300,000).
_ES_VAGUE = re.compile(r"\b(?:unos|unas|alrededor de|aprox(?:imadamente)?)\b")


def fold(text: Any) -> str:
    """Lowercase, accents dropped ("sé" -> "se", "año" keeps its n), spaces squeezed."""
    lowered = " ".join(str(text).lower().split())
    lowered = lowered.replace("ñ", "\0")
    plain = unicodedata.normalize("NFKD", lowered)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.replace("\0", "ñ")


def clean(text: Any, lang: str = "en") -> str:
    """`fold`, with number words in either language turned into digits."""
    folded = fold(text)
    if not folded:
        return ""
    if lang == "es":
        folded = _ES_VAGUE.sub("como", folded)
        folded = re.sub(r"\b(?:un|una)\s+(?=casa|hogar|prestamo|refi|linea)", "", folded)
        return " ".join(alpha2digit(folded, "es", threshold=0).split())
    return alpha2digit(folded, "en", threshold=0)


def similar(a: str, b: str, at_least: float) -> bool:
    return SequenceMatcher(None, a, b).ratio() >= at_least


def misspelt(text: str, keywords: dict[str, str]) -> str | None:
    """The value of a keyword that a longer word in the text is a near miss of ("excelent")."""
    for word in re.findall(r"[a-z]{5,}", text):
        for keyword, value in keywords.items():
            if similar(word, keyword, 0.8):
                return value
    return None


def numbered_choice(text: str, count: int) -> int | None:
    """The option a reply like "2", "#2", "2)" or "option 2" picks, 1-based."""
    match = re.fullmatch(
        r"(?:option|choice|number|opcion|numero|no\.?|#)?\s*([1-9])\s*[).!]?", text.strip()
    )
    if match and 1 <= int(match.group(1)) <= count:
        return int(match.group(1))
    return None
