"""timeline: now, 1-3 months, 3-6 months or 6+ months, from "asap", "next spring", "en 3 meses"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.normalize.text import clean, fold, numbered_choice
from vocabulary import TIMELINES

# Checked in order: "not right now" is not now, "as soon as possible" is not "soon".
_LATER = (
    r"\b(?:just|only)\s+(?:looking|browsing|curious)|next (?:year|yr)|no rush|not (?:right )?now"
    r"|\bsomeday\b|down the road|\bbrowsing\b|a while|long time|(?:el )?(?:año|ano) (?:que|q) viene"
    r"|(?:el )?proximo (?:año|ano)|(?:el )?otro (?:año|ano)|no hay prisa|sin prisa"
    r"|solo (?:estoy )?viendo|todavia no|mas adelante"
)
_NOW_STRICT = (
    r"\basap\b|as soon as possible|right away|immediately|under contract|in contract"
    r"|this (?:week|month)|already found|closing|lo antes posible|cuanto antes|urgente"
    r"|bajo contrato|este mes|esta semana|de inmediato|ya encontr"
)
_NOW_LOOSE = r"\bnow\b|right now|today|tomorrow|\burgent|\bya\b|\bahora\b|ahorita|\bhoy\b"
_SOON = (
    r"next month|month or two|couple (?:of )?months|few weeks|this quarter|proximo mes"
    r"|mes que viene|par de meses|(?:unas|algunas) semanas"
)
_SOON_LOOSE = r"\bsoon\b|\bpronto\b"
_LATER_THIS_YEAR = r"few months|later this year|half a year|unos meses|medio año|este año"
_DURATION = re.compile(
    r"(\d+)(?:\s*(?:-|to|or|a|o)\s*(\d+))?\+?\s*"
    r"(days?|weeks?|wks?|months?|mos?|years?|yrs?|dias?|semanas?|mes(?:es)?|años?)\b"
)
_DURATION_CUE = re.compile(
    r"(?:\bin|within|closing in|close in|next|about|around|like|en|dentro de|como|proximos?)\s+$"
)
_DAYS = {"d": 1, "w": 7, "s": 7, "m": 30.4, "y": 365, "a": 365}
_SEASONS = {
    "spring": 3, "primavera": 3, "summer": 6, "verano": 6,
    "fall": 9, "autumn": 9, "otoño": 9, "otono": 9, "winter": 12, "invierno": 12,
}  # fmt: skip


def _timeline_for_days(days: float) -> str:
    if days <= 31:
        return "now"
    if days <= 92:
        return "1-3 months"
    if days < 182:
        return "3-6 months"
    return "6+ months"


def _unit_days(unit: str) -> float:
    if unit.startswith(("mes", "mo")):
        return 30.4
    if unit.startswith("dia") or unit.startswith("day"):
        return 1
    if unit.startswith(("sem", "w")):
        return 7
    return 365


def _season(text: str, today: date) -> str | None:
    for word, month in _SEASONS.items():
        if re.search(rf"\b{word}\b", text):
            start = date(today.year, month, 1)
            if start < date(today.year, today.month, 1):
                start = date(today.year + 1, month, 1)
            days_to_middle = (start - today).days + 30
            return _timeline_for_days(max(days_to_middle, 0))
    return None


def parse_timeline(text: Any, *, asked: bool = True, today: date | None = None) -> str | None:
    """One of the four timelines from a phrase, a duration, a season or a 1-4 menu reply.

    Inside a longer free text (`asked` False) only clear phrases count ("asap", "closing in
    3 weeks", "next spring"), not a lone "now" or a menu number.
    """
    raw = fold(text)
    if raw in TIMELINES:
        return raw
    if asked:
        choice = numbered_choice(raw, len(TIMELINES))
        if choice:
            return TIMELINES[choice - 1]
    cleaned = clean(
        raw, "es" if re.search(r"\b(?:mes|meses|semanas?|dias?|años?)\b", raw) else "en"
    )
    cleaned = re.sub(
        r"\b(?:a|one|un|una)\s+(day|week|month|year|dia|semana|mes|año)\b", r"1 \1", cleaned
    )
    if re.search(_LATER, cleaned):
        return "6+ months"
    for duration in _DURATION.finditer(cleaned):
        if not asked and not _DURATION_CUE.search(cleaned[: duration.start()]):
            continue
        top = int(duration.group(2) or duration.group(1))
        return _timeline_for_days(top * _unit_days(duration.group(3)))
    if re.search(_NOW_STRICT, cleaned) or (asked and re.search(_NOW_LOOSE, cleaned)):
        return "now"
    if re.search(_SOON, cleaned) or (asked and re.search(_SOON_LOOSE, cleaned)):
        return "1-3 months"
    season = _season(cleaned, today or date.today())
    if season:
        return season
    if re.search(_LATER_THIS_YEAR, cleaned) or re.search(_LATER_THIS_YEAR, raw):
        return "3-6 months"
    return None
