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


# Voice-to-text writes a spoken "three fifty" or "seven ten" as a clock time: 3:50, 7:10.
_CLOCK_DICTATED = re.compile(
    r"\b([1-9]):(\d\d)\b(?!\s*(?:am|pm|a\.?m\.?|p\.?m\.?|o'?clock|hrs?|horas?|de la)\b)"
)


def unclock(text: str) -> str:
    """ "around 3:50" -> "around 350", for an answer to a question about an amount or a
    score (never a question about time): "3:30 pm" stays."""
    return _CLOCK_DICTATED.sub(r"\1\2", text)


_DIGIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_HUNDRED_AND_SPOKEN_PRICE = re.compile(
    rf"\bhundred and ({'|'.join(_DIGIT_WORDS)}) ({'|'.join(_TENS_WORDS)})"
    rf"(?:[\s-]({'|'.join(_DIGIT_WORDS)}))?\b"
)


# "between three fifty and four hundred": 350 and 400, where the number words reader hears
# "fifty and four" as 54
_SPOKEN_HUNDREDS_BEFORE_AND = re.compile(
    rf"\b({'|'.join(_DIGIT_WORDS)}) ({'|'.join(_TENS_WORDS)})(?:[\s-]({'|'.join(_DIGIT_WORDS)}))?"
    rf"(?= and (?:{'|'.join(_DIGIT_WORDS)})\b)"
)


def _spoken_hundreds(match: re.Match[str]) -> str:
    """ "four seventy five" -> "475" """
    hundreds, tens, units = match.groups()
    value = 100 * (_DIGIT_WORDS.index(hundreds) + 1) + 10 * (_TENS_WORDS.index(tens) + 2)
    return str(value + (_DIGIT_WORDS.index(units) + 1 if units else 0))


def _spoken_price(match: re.Match[str]) -> str:
    return f"hundred and {_spoken_hundreds(match)}"


_SPANISH_HUNDREDS_TYPED = (
    ("dosientos", "doscientos"), ("docientos", "doscientos"), ("trecientos", "trescientos"),
    ("tresientos", "trescientos"),
    ("cuatrosientos", "cuatrocientos"), ("seicientos", "seiscientos"),
    ("seisientos", "seiscientos"), ("setesientos", "setecientos"), ("ochosientos", "ochocientos"),
    ("novesientos", "novecientos"), ("dos cientos", "doscientos"), ("tres cientos", "trescientos"),
    ("cuatro cientos", "cuatrocientos"), ("cinco cientos", "quinientos"),
    ("seis cientos", "seiscientos"), ("siete cientos", "setecientos"),
    ("ocho cientos", "ochocientos"), ("nueve cientos", "novecientos"),
)  # fmt: skip


def spanish_hundreds_respelled(folded: str) -> str:
    """ "seis cientos veinte", "seisientos": the hundreds as written together, which the number
    words reader knows."""
    for typo, word in _SPANISH_HUNDREDS_TYPED:
        folded = re.sub(rf"\b{typo}\b", word, folded)
    return folded


def clean(text: Any, lang: str = "en") -> str:
    """`fold`, with number words in either language turned into digits."""
    folded = fold(text)
    if not folded:
        return ""
    if lang == "es":
        folded = spanish_hundreds_respelled(_ES_VAGUE.sub("como", folded))
        folded = re.sub(r"\b(?:un|una)\s+(?=casa|hogar|prestamo|refi|linea)", "", folded)
        return " ".join(alpha2digit(folded, "es", threshold=0).split())
    # "between four hundred and four seventy five": 400 and 475, not 404 and 75
    folded = _HUNDRED_AND_SPOKEN_PRICE.sub(_spoken_price, folded)
    folded = _SPOKEN_HUNDREDS_BEFORE_AND.sub(_spoken_hundreds, folded)
    # voice typing: "too hundred", "for hundred thousand"
    folded = re.sub(r"\btoo (?=(?:hundred|thousand|million)\b)", "two ", folded)
    folded = re.sub(r"\bfor (?=(?:hundred|thousand|million)\b)", "four ", folded)
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


_ORDINAL_WORDS = {
    "first": 1, "1st": 1, "primer": 1, "primero": 1, "primera": 1,
    "second": 2, "2nd": 2, "segundo": 2, "segunda": 2,
    "third": 3, "3rd": 3, "tercer": 3, "tercero": 3, "tercera": 3,
    "fourth": 4, "4th": 4, "cuarto": 4, "cuarta": 4,
    "fifth": 5, "5th": 5, "quinto": 5, "quinta": 5,
}  # fmt: skip
# a digit's English word, where a number is said half in words ("two hundred and 90,000")
DIGIT_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "uno": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
}  # fmt: skip
_MENU_FILLER = re.compile(
    r"\b(?:the|one|option|choice|number|opcion|numero|no|el|la|lo|de|pick|i'?ll take|i guess"
    r"|prob(?:ably)?|just|only|solo|that|esa|ese|la que dice|lol|pls|please|por favor|porfa)\b"
)


def numbered_choice(text: str, count: int) -> int | None:
    """The option a reply like "2", "#2", "2)", "option 2", "the 4th one", "la cuarta" picks."""
    match = re.fullmatch(
        r"(?:option|choice|number|opcion|numero|no\.?|#)?\s*([1-9])\s*[).!]?", text.strip()
    )
    if match and 1 <= int(match.group(1)) <= count:
        return int(match.group(1))
    rest = " ".join(_MENU_FILLER.sub(" ", re.sub(r"[^a-z0-9ñ ]", " ", text.lower())).split())
    if rest.isdigit() and len(rest) == 1 and 1 <= int(rest) <= count:
        return int(rest)
    rest = _NUMBER_WORDS.get(rest, rest)
    if rest.isdigit() and len(rest) == 1 and 1 <= int(rest) <= count:
        return int(rest)
    if rest in _ORDINAL_WORDS and _ORDINAL_WORDS[rest] <= count:
        return _ORDINAL_WORDS[rest]
    if rest in ("last", "ultima", "ultimo", "the last"):
        return count
    return None
