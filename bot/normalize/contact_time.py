"""When a borrower would like to be called, kept in their own words for the loan officer."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import fold

_DAYS = (
    r"mon(?:day)?s?|tue(?:s|sday)?s?|wed(?:nesday)?s?|thu(?:rs|rsday)?s?|fri(?:day)?s?"
    r"|sat(?:urday)?s?|sun(?:day)?s?|weekdays?|weekends?|lunes|martes|miercoles|jueves"
    r"|viernes|sabados?|domingos?|fin(?:es)? de semana|entre semana"
)
_PARTS = (
    r"mornings?|afternoons?|evenings?|nights?|tonight|noon|lunch(?:time)?|after work"
    r"|any ?time|whenever|all day|ma[nñ]anas?|tardes?|noches?|mediodia|cualquier hora"
    r"|a cualquier|despues del trabajo|a la hora del almuerzo"
)
_CLOCK = r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.?m\.?|p\.?m\.?|o'?clock|hrs)?|\d{1,2}\s*-\s*\d{1,2}"
_NOT_CLOCK = (
    r"\s*(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|percent|a[nñ]os|meses|semanas|dias)\b"
)
_WHEN = re.compile(rf"\b(?:{_DAYS}|{_PARTS})\b|(?<![\d$])(?:{_CLOCK})(?![\d,.k%]|{_NOT_CLOCK})")
_REFUSAL = re.compile(r"^(?:no|nah|nope|no thanks?|no gracias|skip|n/a|none)\W*$")
MAX_CHARS = 120  # the offer card shows it on one line


def contact_time(text: Any) -> str | None:
    """The reply as written, when it says a time, a day or a part of the day; else None.

    "weekdays after 5", "mañana por la mañana", "anytime", "7pm": kept. "no thanks",
    "who is it?", "$400k": not a time.
    """
    words = " ".join(str(text).split())
    folded = fold(words)
    if not folded or _REFUSAL.match(folded) or not _WHEN.search(folded):
        return None
    return words[:MAX_CHARS]
