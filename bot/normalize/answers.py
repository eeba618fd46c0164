"""Yes / no, first name, and the yes-or-no facts: first-time buyer, VA, self-employed."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import fold
from vocabulary import FLAG_SLOTS  # noqa: F401 (bot.normalize exports it)

MAX_NAME_LENGTH = 40

_YES = re.compile(
    r"(?:yes|yeah|yea|ya|yep|yup|y|sure|ok|okay|k|1|absolutely|definitely|of course|please"
    r"|go ahead|sounds good|that'?s fine|fine|agreed?|i agree|do it|alright"
    r"|si|sip|claro|dale|va|de acuerdo|por supuesto|esta bien|adelante|acepto|orale|sale)\b"
)
_NO = re.compile(
    r"(?:no|nope|nah|n|2|not now|not yet|not interested|never|pass|nel|todavia no|ahorita no"
    r"|mejor no)\b"
)
_REFUSAL = re.compile(r"\b(?:don'?t|do not|rather not|no quiero|prefiero que no)\b")


def parse_yes_no(text: Any) -> bool | None:
    """True for yes / sure / ok / 1 / si / claro, False for no / nope / 2 / nel, else None."""
    if isinstance(text, bool):
        return text
    raw = " ".join(re.sub(r"[^a-zñ0-9' ]", " ", fold(text)).split())
    if _NO.match(raw) or _REFUSAL.search(raw):
        return False
    if _YES.match(raw):
        return True
    return None


_NAME_PREFIX = re.compile(
    r"^(?:(?:hi|hey|hello|yo|sure|ok|okay|yes|yeah|hola|si|claro|buenas)\b[\s,!.]*)?"
    r"(?:(?:my name is|my name'?s|name is|name'?s|i am|i'?m|im|it'?s|its|this is|call me"
    r"|me llamo|mi nombre es|soy|habla|le habla)\b)?"
    r"(?:\s*(?:name|nombre)\s*:)?[\s,:]*",
    re.IGNORECASE,
)
_NOT_NAMES = {
    "hi", "hey", "hello", "yes", "no", "ok", "okay", "sure", "nope", "yeah", "thanks", "why",
    "what", "who", "hola", "si", "gracias", "buenas", "que", "por", "porque", "idk", "nah",
    "the", "a", "my", "not", "just", "looking", "buying", "interested", "yo", "that's",
    "thats", "fine", "good", "great", "please", "go", "sounds", "absolutely", "definitely",
    "introduce", "me", "you", "can", "it", "do", "yep", "claro", "dale",
}  # fmt: skip
# Volunteered, in a longer message: "my name is Ana", "me llamo Ana".
_VOLUNTEERED = re.compile(
    r"\b(?:my name is|my name'?s|call me|me llamo|mi nombre es)\s+([^\W\d_]+(?:['-][^\W\d_]+)*)",
    re.IGNORECASE,
)


def _capitalized(word: str) -> str:
    if word.islower() or word.isupper():
        return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))
    return word


def parse_first_name(text: Any) -> str | None:
    """A capitalized first name from "ana", "I'm Ana", "me llamo ana"; no digits, <= 40 chars."""
    raw = str(text).strip()
    if not raw or len(raw) > MAX_NAME_LENGTH or re.search(r"\d", raw):
        return None
    rest = _NAME_PREFIX.sub("", raw, count=1).strip(" .,!?")
    word = rest.split()[0] if rest.split() else ""
    word = word.strip(" .,!?")
    if not re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", word) or fold(word) in _NOT_NAMES:
        return None
    return _capitalized(word)


def volunteered_first_name(text: Any) -> str | None:
    """A name given in passing: "... my name is Ana", "me llamo Ana y ..."."""
    match = _VOLUNTEERED.search(str(text))
    if not match or fold(match.group(1)) in _NOT_NAMES:
        return None
    return _capitalized(match.group(1))


_FILLER = re.compile(
    r"\b(?:yes|yeah|yea|yep|yup|ya|sure|ok|okay|k|please|pls|go ahead|sounds good|of course"
    r"|absolutely|definitely|that'?s fine|thats fine|fine|do it|alright|thanks|thank you"
    r"|introduce me|si|sip|claro que si|claro|que|dale|va|de acuerdo|por supuesto|esta bien"
    r"|adelante|acepto|orale|sale|por favor|gracias|and|y|name|nombre|my|mi|is|es|here)\b",
    re.IGNORECASE,
)


def parse_consent_reply(text: Any) -> tuple[bool | None, str | None]:
    """(consent, first name or None) from "yes, Ana", "si soy Maria", "Ana - yes", "no".

    The consent question asks for a YES and the first name in one reply; a plain "yes"
    gives no name (the form then asks for it), and a "no" never keeps one.
    """
    raw = str(text).strip()
    consent = parse_yes_no(raw)
    words = re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", raw)
    if consent is None and 1 < len(words) <= 3:
        consent = parse_yes_no(words[-1])  # "Ana, yes"
        raw = " ".join(words[:-1]) if consent is not None else raw
    if consent is not True:
        return consent, None
    rest = _FILLER.sub(" ", raw)
    rest = " ".join(re.sub(r"[^\w'\- ]", " ", rest).split()).strip(" -'")
    rest = re.sub(
        r"^(?:i'?m|im|it'?s|its|this is|call me|me llamo|soy|habla)\s+", "", rest, flags=re.I
    )
    if not rest or len(rest.split()) > 2:
        return consent, None
    return consent, parse_first_name(rest)


# --- the yes-or-no facts ----------------------------------------------------------------------

_FLAG_PATTERNS: dict[str, tuple[str, str]] = {
    # (says no, says yes); the "no" pattern is checked first.
    "first_time_buyer": (
        r"not (?:a |our |my )?first[\s-]?time|(?:owned|sold) (?:a |my |our )?(?:home|house)"
        r"|(?:we|i) own (?:a |our |my )?(?:home|house)|no (?:es|seria) (?:mi|nuestra) primera"
        r"|ya (?:tengo|tuve|tenemos|tuvimos) casa|second (?:home|house) (?:we|i)",
        r"first[\s-]?time|never (?:owned|bought)|primera (?:vez|casa)|nunca (?:he|hemos) "
        r"(?:tenido|comprado)|1st time|first home",
    ),
    "va_eligible": (
        r"not (?:a )?(?:veteran|vet\b|military)|never served|no military|not in the military"
        r"|no (?:soy|fui|somos) (?:veteran|militar)|nunca (?:servi|estuve)|no va\b",
        r"\bveteran|\bvet\b|military|\barmy\b|\bnavy\b|marines?\b|air force|national guard"
        r"|served|active duty|\bva (?:loan|eligible|benefits?)|veteran[oa]|militar|ejercito"
        r"|servi\b|fuerza aerea|\bmarina\b",
    ),
    "self_employed": (
        r"not self[\s-]?employed|\bw-?2\b|salaried|\bemployee\b|empleado|asalariad"
        r"|no (?:soy|trabajo) (?:independiente|por mi cuenta)|regular job|trabajo normal",
        r"self[\s-]?employed|\b1099\b|own (?:my|a|our) (?:own )?(?:business|company)"
        r"|business owner|freelanc|contractor|independiente|por mi cuenta|negocio propio"
        r"|cuenta propia|autonom|tengo (?:mi|un) negocio|i'?m my own boss",
    ),
}
_NONE = re.compile(
    r"^(?:0|none|no|nope|nah|neither|none of (?:them|those|the above)|ninguno|ninguna|nada"
    r"|n/a|nop|no ninguno|no ninguna|nel)\b"
)
_ALL = re.compile(r"^(?:all|all of them|all three|todos|todas|todo)\b")


def flags_in(text: Any) -> dict[str, bool]:
    """The yes-or-no facts a borrower volunteers: "first time buyer", "I'm a veteran"..."""
    cleaned = fold(text)
    found: dict[str, bool] = {}
    for slot, (says_no, says_yes) in _FLAG_PATTERNS.items():
        if re.search(says_no, cleaned):
            found[slot] = False
        elif re.search(says_yes, cleaned):
            found[slot] = True
    return found


def parse_flag_answer(text: Any, asked: list[str]) -> dict[str, bool]:
    """The answer to the "which of these apply?" question about the slots in `asked`.

    Numbers pick items ("1 3" -> the first and third true, the rest false); 0 / none / no
    makes all of them false; with one item asked a plain yes / no answers it. Words that
    name a fact ("I'm self employed") count too.
    """
    cleaned = " ".join(re.sub(r"[^a-zñ0-9/ -]", " ", fold(text)).split())
    answer = flags_in(cleaned)
    if len(asked) == 1:
        yes_no = parse_yes_no(cleaned)
        if asked[0] not in answer and yes_no is not None:
            answer[asked[0]] = yes_no
        return {slot: value for slot, value in answer.items() if slot in asked} | {
            k: v for k, v in answer.items() if k not in asked
        }
    bare = re.sub(r"\b(?:just|only|solo|nomas|number|numbers|numero|el|la|los)\b", " ", cleaned)
    numbers = re.fullmatch(r"[\d\s,&y-]+|(?:[\d\s,]+(?:and|y|&)\s*\d+)", bare.strip())
    if numbers:
        picked = {int(d) for d in re.findall(r"\d", bare)}
        if (picked and all(1 <= n <= len(asked) for n in picked)) or picked == {0}:
            return {slot: i + 1 in picked for i, slot in enumerate(asked)}
    if _NONE.match(cleaned) and not answer:
        return dict.fromkeys(asked, False)
    if _ALL.match(cleaned):
        return dict.fromkeys(asked, True)
    if answer and re.search(r"\b(?:only|just|solo|nada mas)\b|that'?s it|eso es todo", cleaned):
        return {slot: answer.get(slot, False) for slot in asked} | answer
    return answer


# --- occupancy, only when volunteered ---------------------------------------------------------

_OCCUPANCY: tuple[tuple[str, str], ...] = (
    ("investment", r"investment|rental|rent (?:it )?out|investor|inversion|para rentar|rentarla"),
    ("second_home", r"second home|vacation home|segunda casa|casa de vacaciones|beach house"),
    ("primary", r"primary|live in it|move in|pa(?:ra)? vivir|residencia principal|to live in"),
)


def occupancy_in(text: Any) -> str | None:
    """primary / second_home / investment, when the borrower says so."""
    cleaned = fold(text)
    return next((value for value, pattern in _OCCUPANCY if re.search(pattern, cleaned)), None)
