"""Turn a borrower's SMS words into the qualification contract's normalized values.

Pure functions, no Rasa imports: each `parse_*` takes what the borrower wrote (or an already
normalized value, so validating twice is harmless) and returns the contract value, or `None`
when it cannot tell. State names and codes come from `us`, ZIP codes from `zipcodes`, and
number words from `text2num`.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

import us
import zipcodes
from text_to_num import alpha2digit

LOAN_PURPOSES = ("purchase", "refinance", "cash_out_refinance", "heloc")
CREDIT_BANDS = ("740+", "680-739", "620-679", "580-619", "<580")
TIMELINES = ("now", "1-3 months", "3-6 months", "6+ months")

MIN_PRICE_USD = 10_000
MAX_PRICE_USD = 100_000_000
MAX_NAME_LENGTH = 40


# --- shared helpers -----------------------------------------------------------------------


def _clean(text: Any) -> str:
    """Lowercase, with number words turned into digits and spaces squeezed."""
    lowered = " ".join(str(text).lower().split())
    return alpha2digit(lowered, "en", threshold=0) if lowered else ""


def _similar(a: str, b: str, at_least: float) -> bool:
    return SequenceMatcher(None, a, b).ratio() >= at_least


def _misspelt(text: str, keywords: dict[str, str]) -> str | None:
    """The value of a keyword that a longer word in the text is a near miss of ("excelent")."""
    for word in re.findall(r"[a-z]{5,}", text):
        for keyword, value in keywords.items():
            if _similar(word, keyword, 0.8):
                return value
    return None


def _numbered_choice(text: str, count: int) -> int | None:
    """The option a reply like "2", "#2", "2)" or "option 2" picks, 1-based."""
    match = re.fullmatch(r"(?:option|choice|number|no\.?|#)?\s*([1-9])\s*[).!]?", text.strip())
    if match and 1 <= int(match.group(1)) <= count:
        return int(match.group(1))
    return None


# --- loan purpose ---------------------------------------------------------------------------

_PURPOSE_PATTERNS: tuple[tuple[str, str], ...] = (
    # Most specific first: "cash out refi" is not a plain refinance.
    ("heloc", r"\bhe?loc\b|equity line|line of credit|home equity"),
    (
        "cash_out_refinance",
        r"cash[\s-]?out|take (?:some )?(?:cash|money|equity)|pull (?:\w+ )?(?:cash|equity)",
    ),
    ("refinance", r"\bre-?fi\b|\brefinanc|lower (?:my |our )?(?:rate|payment)|\brefy\b"),
    (
        "purchase",
        r"\bbuy|\bbought\b|\bpurchas|new home|first home|first[\s-]time|house hunting"
        r"|\bbye an? (?:house|hous|home|condo|place)",  # "bye a house": a common SMS typo
    ),
)
_PURPOSE_WORDS = {"purchase": "purchase", "buying": "purchase", "refinance": "refinance"}


def parse_loan_purpose(text: Any) -> str | None:
    """purchase / refinance / cash_out_refinance / heloc from words or a 1-4 menu reply."""
    raw = str(text).strip().lower()
    if raw in LOAN_PURPOSES:
        return raw
    choice = _numbered_choice(raw, len(LOAN_PURPOSES))
    if choice:
        return LOAN_PURPOSES[choice - 1]
    for purpose, pattern in _PURPOSE_PATTERNS:
        if re.search(pattern, raw):
            return purpose
    # One misspelt keyword ("refinace", "purchace") is still clear enough.
    return _misspelt(raw, _PURPOSE_WORDS)


# --- property state and ZIP -----------------------------------------------------------------

_STATES = {*us.STATES_AND_TERRITORIES, us.states.DC}
_STATE_BY_NAME = {state.name.lower(): state.abbr for state in _STATES}
_STATE_BY_NAME["washington dc"] = "DC"
_STATE_CODES = {state.abbr for state in _STATES}
# Two-letter codes that are everyday words when typed in lowercase.
_LOWERCASE_WORDS = {"hi", "ok", "oh", "me", "in", "or"}
_ZIP = re.compile(r"\b(\d{5})(?:-\d{4})?\b")


def _state_of_zip(zip_code: str) -> str | None:
    matches = zipcodes.matching(zip_code)
    return matches[0]["state"] if matches else None


def _state_from_code(token: str) -> str | None:
    """A USPS code; "hi", "ok", "in"... only count when typed in capitals."""
    if token.upper() not in _STATE_CODES:
        return None
    if token.lower() in _LOWERCASE_WORDS and not token.isupper():
        return None
    return token.upper()


def _state_from_name(words: list[str]) -> str | None:
    """An exact state name anywhere, longest first ("west virginia" before "virginia")."""
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start : start + size])
            if name in _STATE_BY_NAME:
                return _STATE_BY_NAME[name]
    return None


def _state_from_misspelling(words: list[str]) -> str | None:
    """A misspelt name at the end ("flordia", "tampa califronia"), matched by sound."""
    for size in (2, 1):
        if len(words) < size:
            continue
        candidate = " ".join(words[-size:])
        if len(candidate) < 5:
            continue
        state = us.states.lookup(candidate)
        if state in _STATES and _similar(candidate, state.name.lower(), 0.75):
            return state.abbr
    return None


def parse_state(text: Any) -> tuple[str, str | None] | None:
    """(USPS code, ZIP or None) from a code, a name, "Austin, TX", "Round Rock TX" or a ZIP."""
    raw = str(text).strip()
    zip_match = _ZIP.search(raw)
    zip_code = zip_match.group(1) if zip_match else None
    zip_state = _state_of_zip(zip_code) if zip_code else None

    tokens = re.findall(r"[A-Za-z]+(?:\.[A-Za-z]\.?)?", raw)
    tokens = [t.replace(".", "") for t in tokens]
    words = [t.lower() for t in tokens]
    # A trailing code first: "Kansas City, MO" is in Missouri, "Washington DC" is DC.
    stated = _state_from_code(tokens[-1]) if tokens else None
    stated = stated or _state_from_name(words)
    if not stated:
        # An uppercase code elsewhere: "TX, near Austin".
        stated = next((t for t in tokens if t.isupper() and t in _STATE_CODES), None)
    stated = stated or _state_from_misspelling(words)

    if stated and zip_state and stated != zip_state:
        return stated, None  # the ZIP contradicts the state they named: keep the state only
    if stated:
        return stated, zip_code if zip_state else None
    if zip_state:
        return zip_state, zip_code
    return None


# --- price ----------------------------------------------------------------------------------

_MULTIPLIER = {"k": 1_000, "m": 1_000_000}
_PRICE_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?<!and a )\bhalf\s+(?:a\s+)?(?:million|mill?|m)\b", " 500k "),
    (r"\b(?:a|one)\s+(?:million|mill?)\b", " 1m "),
    (r"\b(?:thousand|grand|thou)\b", "k"),
    (r"\b(?:million|mill?|mm)\b", "m"),
)
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(k|m)?(?![a-z0-9])")


def parse_price(text: Any, *, asked: bool = True) -> int | None:
    """Whole dollars from "450k", "$1.2m", "half a million", "550-600k" (a range keeps its top).

    A bare number is only read as thousands ("375") or millions ("1.5") when the price was
    the question just asked; otherwise it is more likely a credit score or a menu reply.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        value = int(text)
        return value if MIN_PRICE_USD <= value <= MAX_PRICE_USD else None
    cleaned = str(text).lower().replace(",", "").replace("$", " ")
    for pattern, replacement in _PRICE_WORDS:
        cleaned = re.sub(pattern, replacement, cleaned)
    cleaned = _clean(cleaned)
    cleaned = re.sub(r"\b(\d+)\s+and\s+a\s+half\s*(k|m)\b", r"\1.5\2", cleaned)
    cleaned = re.sub(r"\b([1-9])\s+([1-9]\d)\b", r"\1\2", cleaned)  # "four fifty" -> 450
    cleaned = re.sub(r"(\d)\s+(k|m)\b", r"\1\2", cleaned)

    explicit, bare = [], []
    for number, suffix in _AMOUNT.findall(cleaned):
        amount = float(number) * _MULTIPLIER.get(suffix, 1)
        (explicit if suffix or amount >= MIN_PRICE_USD else bare).append(amount)
    if not explicit and asked:
        # "375" for a price means 375k, "1.5" means 1.5 million; "2" means nothing.
        explicit = [n * 1_000_000 if n < 10 and n % 1 else n * 1_000 for n in bare if n >= 1]
    if not explicit:
        return None
    top = round(max(explicit))
    return top if MIN_PRICE_USD <= top <= MAX_PRICE_USD else None


# --- credit band ----------------------------------------------------------------------------

_CREDIT_WORDS: tuple[tuple[str, str], ...] = (
    # Most specific first: "not bad" is fair, "very bad" is below "bad".
    (r"\b(?:very|really|super|pretty)\s+(?:bad|poor)\b|terrible|awful|horrible|\bshot\b", "<580"),
    (r"\bnot\s+(?:good|great)\b", "580-619"),
    (r"\bnot\s+bad\b|\bso[\s-]?so\b|\bfair\b|\bok(?:ay)?\b|\baverage\b|\bdecent\b", "620-679"),
    (r"excellent|\bgreat\b|amazing|perfect|\bvery\s+good\b|\bstellar\b", "740+"),
    (r"\bgood\b", "680-739"),
    (r"\bpoor\b|\bbad\b|\blow\b|\brough\b|\bsucks\b|\btrash\b|not the best", "580-619"),
)
_CREDIT_KEYWORDS = {
    "excellent": "740+",
    "amazing": "740+",
    "perfect": "740+",
    "decent": "620-679",
    "average": "620-679",
    "terrible": "<580",
    "horrible": "<580",
}
# A three-digit score, not part of "450,000", "$650" or "500k".
_SCORE = re.compile(r"(?<![\d.,$])([3-8]\d{2})(?!\d|[.,]\d|\s*k\b|'?s\b)")
_HUNDREDS = re.compile(r"\b(?:(low|lower|mid|middle|high|upper)\s*-?\s*)?([3-8])00'?s\b")
_HUNDREDS_OFFSET = {"low": 20, "lower": 20, "mid": 50, "middle": 50, "high": 80, "upper": 80}


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


def parse_credit_band(text: Any) -> str | None:
    """A credit band from a score, "mid 700s", "680ish", "excellent" or a 1-5 menu reply."""
    raw = str(text).strip().lower()
    if raw in CREDIT_BANDS:
        return raw
    choice = _numbered_choice(raw, len(CREDIT_BANDS))
    if choice:
        return CREDIT_BANDS[choice - 1]
    cleaned = _clean(raw)
    cleaned = re.sub(r"\b([3-8])\s+([1-9]0)\b", r"\1\2", cleaned)  # "seven twenty" -> 720
    cleaned = re.sub(r"\b([3-8])[o0]{2}", r"\g<1>00", cleaned)  # "7oos" -> "700s"
    hundreds = _HUNDREDS.search(cleaned)
    if hundreds:
        offset = _HUNDREDS_OFFSET.get(hundreds.group(1) or "mid", 50)
        return band_for_score(int(hundreds.group(2)) * 100 + offset)
    scores = [int(n) for n in _SCORE.findall(cleaned) if 300 <= int(n) <= 850]
    if scores:  # "700-750" is read as its middle
        return band_for_score(sum(scores) // len(scores))
    for pattern, band in _CREDIT_WORDS:
        if re.search(pattern, cleaned):
            return band
    return _misspelt(cleaned, _CREDIT_KEYWORDS)


# --- timeline -------------------------------------------------------------------------------

_TIMELINE_WORDS: tuple[tuple[str, str], ...] = (
    # Checked in order: "not right now" is not now, "as soon as possible" is not "soon".
    (
        r"\b(?:just|only)\s+(?:looking|browsing|curious)|next (?:year|yr)|no rush"
        r"|not (?:right )?now|\bsomeday\b|down the road|\bbrowsing\b|a while|long time",
        "6+ months",
    ),
    (
        r"\basap\b|as soon as possible|right (?:now|away)|\bnow\b|immediately|under contract|"
        r"in contract|this (?:week|month)|today|tomorrow|\burgent|already found|closing",
        "now",
    ),
    (
        r"next month|month or two|couple (?:of )?months|few weeks|\bsoon\b|this quarter",
        "1-3 months",
    ),
    (
        r"this (?:summer|spring|fall|autumn|winter)|few months|later this year|half a year",
        "3-6 months",
    ),
)
_DURATION = re.compile(r"(\d+)(?:\s*(?:-|to|or)\s*(\d+))?\+?\s*(day|week|month|year|yr|mo)s?\b")


def _timeline_for_days(days: float) -> str:
    if days <= 31:
        return "now"
    if days <= 92:
        return "1-3 months"
    if days < 182:
        return "3-6 months"
    return "6+ months"


def parse_timeline(text: Any) -> str | None:
    """now / 1-3 months / 3-6 months / 6+ months from "asap", "this summer", "in 2 months"..."""
    raw = str(text).strip().lower()
    if raw in TIMELINES:
        return raw
    choice = _numbered_choice(raw, len(TIMELINES))
    if choice:
        return TIMELINES[choice - 1]
    cleaned = _clean(raw)
    cleaned = re.sub(r"\b(?:a|one)\s+(day|week|month|year)\b", r"1 \1", cleaned)
    duration = _DURATION.search(cleaned)
    if duration:
        top = int(duration.group(2) or duration.group(1))
        unit = duration.group(3)
        days_per_unit = {"day": 1, "week": 7, "month": 30.4, "mo": 30.4, "year": 365, "yr": 365}
        return _timeline_for_days(top * days_per_unit[unit])
    for pattern, timeline in _TIMELINE_WORDS:
        if re.search(pattern, cleaned):
            return timeline
    return None


# --- yes / no and first name ----------------------------------------------------------------

_YES = re.compile(
    r"(?:yes|yeah|yea|ya|yep|yup|y|sure|ok|okay|k|1|absolutely|definitely|of course|please"
    r"|go ahead|sounds good|that'?s fine|fine|agreed?|i agree|do it|alright|si)\b"
)
_NO = re.compile(r"(?:no|nope|nah|n|2|not now|not yet|not interested|never|pass)\b")
_REFUSAL = re.compile(r"\b(?:don'?t|do not|rather not)\b")


def parse_yes_no(text: Any) -> bool | None:
    """True for yes / yeah / sure / ok / 1 / y, False for no / nope / 2 / n, else None."""
    if isinstance(text, bool):
        return text
    raw = " ".join(re.sub(r"[^a-z0-9' ]", " ", str(text).lower()).split())
    if _NO.match(raw) or _REFUSAL.search(raw):
        return False
    if _YES.match(raw):
        return True
    return None


_NAME_PREFIX = re.compile(
    r"^(?:(?:hi|hey|hello|yo|sure|ok|okay|yes|yeah)\b[\s,!.]*)?"
    r"(?:(?:my name is|my name'?s|name is|name'?s|i am|i'?m|im|it'?s|its|this is|call me)\b)?"
    r"(?:\s*name\s*:)?[\s,:]*",
    re.IGNORECASE,
)
_NOT_NAMES = {"hi", "hey", "hello", "yes", "no", "ok", "okay", "sure", "nope", "yeah", "thanks"}


def parse_first_name(text: Any) -> str | None:
    """A capitalized first name from "ana", "I'm Ana", "my name is ana"; no digits, <= 40 chars."""
    raw = str(text).strip()
    if not raw or len(raw) > MAX_NAME_LENGTH or re.search(r"\d", raw):
        return None
    rest = _NAME_PREFIX.sub("", raw, count=1).strip(" .,!?")
    word = rest.split()[0] if rest.split() else ""
    word = word.strip(" .,!?")
    if not re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", word) or word.lower() in _NOT_NAMES:
        return None
    if word.islower() or word.isupper():
        word = "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word
