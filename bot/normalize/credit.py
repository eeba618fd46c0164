"""credit_band: 740+, 680-739, 620-679, 580-619 or <580, from a score, "mid 700s" or words."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import clean, fold, misspelt, numbered_choice
from vocabulary import CREDIT_BANDS

_WORDS: tuple[tuple[str, str], ...] = (
    # Most specific first: "not bad" is fair, "very bad" is below "bad".
    (
        r"\b(?:very|really|super|pretty)\s+(?:bad|poor)\b|terrible|awful|horrible|\bshot\b"
        r"|\bmuy\s+mal[oa]?\b|\bpesim[oa]\b|malisim[oa]",
        "<580",
    ),
    (r"\bnot\s+(?:good|great)\b|\bno\s+(?:muy\s+)?buen[oa]?\b|\bno\s+es\s+buen[oa]", "580-619"),
    (
        r"\bnot\s+bad\b|\bso[\s-]?so\b|\bfair\b|\bok(?:ay)?\b|\baverage\b|\bdecent\b"
        r"|\bregular\b|mas o menos|\bnormal\b|\bpromedio\b",
        "620-679",
    ),
    (
        r"excellent|\bgreat\b|amazing|perfect|\bvery\s+good\b|\bstellar\b|excelente"
        r"|\bmuy\s+buen[oa]?\b|perfect[oa]",
        "740+",
    ),
    (r"\bgood\b|\bbuen[oa]?\b|\bbien\b", "680-739"),
    (
        r"\bpoor\b|\bbad\b|\blow\b|\brough\b|\bsucks\b|\btrash\b|not the best|\bmal[oa]?\b"
        r"|\bbaj[oa]\b",
        "580-619",
    ),
)
_KEYWORDS = {
    "excellent": "740+",
    "excelente": "740+",
    "amazing": "740+",
    "perfect": "740+",
    "decent": "620-679",
    "average": "620-679",
    "terrible": "<580",
    "horrible": "<580",
}
# A three-digit score, not part of "450,000", "$650", "500k" or a price range "550-600k".
_SCORE = re.compile(r"(?<![\d.,$])([3-8]\d{2})(?!\d|[.,]\d|\s*k\b|'?s\b|\s*-\s*\d+\s*k\b)")
_HUNDREDS = re.compile(
    r"\b(?:(low|lower|mid|middle|high|upper|bajo|medio|alto)\s*-?\s*)?([3-8])[0o]{2}'?s\b"
    r"|\b([3-8])[0o]{2}\s+(?:y pico|y algo)"
)
_OFFSET = {"low": 20, "lower": 20, "bajo": 20, "mid": 50, "middle": 50, "medio": 50}
_OFFSET |= {"high": 80, "upper": 80, "alto": 80}
# Words that say a reply or a passage is about credit.
CREDIT_CONTEXT = re.compile(r"\b(?:credit|score|fico|credito|puntaje|puntos|scor)\w*")
_DONT_KNOW = re.compile(
    r"\b(?:idk|dunno|no idea|not sure|don'?t know|no se|ni idea|no estoy segur[oa]|unsure)\b"
)


def band_for_score(score: int) -> str:
    """The contract band that a FICO-style score falls in."""
    if score >= 740:
        return "740+"
    if score >= 680:
        return "680-739"
    if score >= 620:
        return "620-679"
    if score >= 580:
        return "580-619"
    return "<580"


def dont_know(text: Any) -> bool:
    """ "no sé", "idk", "not sure": the borrower cannot say."""
    return bool(_DONT_KNOW.search(fold(text)))


# Amounts of money ("350 mil", "$650", "500k") are never scores.
_MONEY = re.compile(
    r"\$\s*\d[\d,.]*|\b\d[\d,.]*\s*(?:k|m|mil|thousand|grand|million|millon(?:es)?)\b"
)


def parse_credit_band(text: Any, *, asked: bool = True) -> str | None:
    """A band from a score, "mid 700s", "680ish", "excellent", "buena" or a 1-5 menu reply.

    Inside a longer free text (`asked` False) only a passage near a word like "credit" or
    "score", or a "mid 700s" / "680ish" form, counts.
    """
    raw = fold(text)
    if raw in CREDIT_BANDS:
        return raw
    raw = _MONEY.sub(" ", raw)
    if asked:
        choice = numbered_choice(raw, len(CREDIT_BANDS))
        if choice:
            return CREDIT_BANDS[choice - 1]
        return _band_in(clean(raw, "en"), words=False) or _band_in(clean(raw, "es"), words=True)
    cleaned = clean(raw)
    band = _band_from_numbers(cleaned, need_shape=True)
    if band:
        return band
    for match in CREDIT_CONTEXT.finditer(cleaned):
        window = cleaned[max(0, match.start() - 16) : match.end() + 32]
        window = re.split(r"[,.;!?]", window[16 if match.start() >= 16 else 0 :])[0]
        before = cleaned[max(0, match.start() - 16) : match.start()]
        band = _band_in(window, words=True) or _band_from_numbers(before, need_shape=False)
        if band:
            return band
    return None


def _band_from_numbers(text: str, *, need_shape: bool) -> str | None:
    hundreds = _HUNDREDS.search(text)
    if hundreds:
        level, digit, pico = hundreds.groups()
        return band_for_score(int(digit or pico) * 100 + _OFFSET.get(level or "", 10))
    if need_shape:
        ish = re.search(r"\b([3-8]\d{2})\s*(?:ish|something|y pico|y algo)\b", text)
        return band_for_score(int(ish.group(1))) if ish else None
    scores = [int(n) for n in _SCORE.findall(text) if 300 <= int(n) <= 850]
    if scores:  # "700-750" is read as its middle
        return band_for_score(sum(scores) // len(scores))
    return None


def _band_in(text: str, *, words: bool) -> str | None:
    text = re.sub(r"\b([3-8])\s+([1-9]0)\b", r"\1\2", text)  # "seven twenty" -> 720
    band = _band_from_numbers(text, need_shape=False)
    if band or not words:
        return band
    for pattern, value in _WORDS:
        if re.search(pattern, text):
            return value
    return misspelt(text, _KEYWORDS)
