"""credit_band: 740+, 680-739, 620-679, 580-619 or <580, from a score, "mid 700s" or words."""

from __future__ import annotations

import re
from typing import Any

from bot.normalize.text import DIGIT_WORDS, clean, fold, misspelt, numbered_choice, unclock
from vocabulary import CREDIT_BANDS

_WORDS: tuple[tuple[str, str], ...] = (
    # Most specific first: "not bad" is fair, "very bad" is below "bad".
    (
        r"\b(?:very|really|super|pretty)\s+(?:bad|poor)\b|terrible|awful|horrible|\bshot\b"
        r"|\bmuy\s+mal[oa]?\b|\bpesim[oa]\b|malisim[oa]",
        "<580",
    ),
    (r"\bgood,?\s+(?:but\s+)?not\s+great|\bdecent\s+not\s+great", "680-739"),
    (
        r"\b(?:not|isn'?t|is not|ain'?t|aint|wasn'?t)\s+(?:that\s+|very\s+|so\s+|too\s+)?"
        r"(?:good|great)\b|\bno\s+(?:muy\s+)?buen[oa]?\b|\bno\s+es\s+(?:muy\s+)?buen[oa]",
        "580-619",
    ),
    (
        r"\bnot\s+bad\b|\bso[\s-]?so\b|\bfair\b|\bok(?:ay)?\b|\baverage\b|\bdecent\b"
        r"|\bregular\b|mas o menos|\bnormal\b|\bpromedio\b",
        "620-679",
    ),
    (
        r"excellent|\bgreat\b|amazing|perfect|\bvery\s+good\b|\bstellar\b|excelente"
        r"|exceptional|outstanding|superb|excepcional"
        r"|\bmuy\s+buen[oa]?\b|perfect[oa]",
        "740+",
    ),
    (r"\bgood\b|\bbuen[oa]?\b|\bbien\b", "680-739"),
    (
        r"\bpoor\b|\bbad\b|\blow\b|\brough\b|\bsucks\b|\btrash\b|not the best|\bmal[oa]?\b"
        r"|\bbaj[oa]\b|took a (?:hit|beating)|\bdinged\b|could be better|rebuilding|needs work"
        r"|working on (?:it|my credit)|maxed out|bankrupt|collections|late payments|\bbruised\b"
        r"|no muy alto|le (?:pego|bajo)|estoy arreglando",
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
    r"\b(?:(low|lower|mid|middle|high|upper|bajo|medio|alto)s?\s*-?\s*)?([3-8])[0o]{2}'?s\b"
    r"|\b([3-8])[0o]{2}\s+(?:y pico|y algo)"
)
_PRICE_AROUND = re.compile(r"\b(?:in the|top|tops|max|budget|price|k)\b|\$")
_OFFSET = {"low": 20, "lower": 20, "bajo": 20, "mid": 50, "middle": 50, "medio": 50}
_OFFSET |= {"high": 80, "upper": 80, "alto": 80}
# Words that say a reply or a passage is about credit.
# ("credit cards" are debts and a "credit union" a lender, not the score: "pay off credit
# cards, like 40k ... worth 425", "my credit union referred me ... around 450k")
CREDIT_CONTEXT = re.compile(
    r"\b(?:credit|score|fico|credito|puntaje|puntos|scor|cred)\w*+"
    r"(?!\s*(?:cards?|unions?|cooperativas?)\b)"
)
# a score that was, then the one now: "was 590 last yr now 625", "era 600, ahora 640"
_WAS_THEN_NOW = re.compile(
    r"\b(?:was|used to be|era|estaba en)\s+(?:like\s+|about\s+|como\s+)?[3-8]\d\d\b[^.!?\d]{0,25}"
    r"\b(?:now|today|ahora|hoy)\s+(?:it'?s\s+|its\s+|is\s+|es\s+|esta en\s+|like\s+|about\s+"
    r"|como\s+)?([3-8]\d\d)\b"
)
_OWN_SCORE = re.compile(
    r"\b(?:mine|mine'?s|my own|my score|el mio|la mia)\b[^\d.!?]{0,12}\b([3-8]\d\d)\b"
)
# A guess at the quality after "not sure": "idk tbh never checked it. prob fair?"
_HEDGED_QUALITY = re.compile(
    r"\b(?:prob|probably|maybe|i think|i guess|i'?d say|creo que|supongo que)\s+"
    r"(?:its |it'?s |es )?"
    r"(?:buen[oa]?|good|great|excellent|excelente|fair|regular|poor|mal[oa]?)\b"
    r"|\b(?:buen[oa]?|good|great|excellent|fair|regular|poor)\W+"
    r"(?:i think|i guess|creo|supongo)\b"
)
_DONT_KNOW = re.compile(
    r"\b(?:idk|dunno|no idea|no clue|not a clue|not sure|don'?t know|no se|ni idea|unsure"
    r"|no estoy segur[oa]"
    r"|no (?:us |u\.s\. )?(?:credit )?score|no credit history|never (?:had|have had) credit"
    r"|no tengo (?:credito|score|historial)|nunca he (?:sacado|tenido) credito"
    r"|no tengo (?:mucho|casi) credito|(?:not much|barely any|very little) credit"
    r"|no lo se|no lo sabemos|no la se"
    # "¿bueno? nunca lo he checado", "never checked it": a guess they cannot back
    r"|never (?:checked|looked|seen it|pulled it)"
    r"|haven'?t (?:ever )?(?:checked|looked)(?! in (?:a while|ages|forever|(?:a )?(?:few|couple)))"
    r"|nunca lo he (?:visto|checado|chequeado|revisado|sacado|mirado))\b"
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
    # "actually make that 525 on the price": the price, corrected in the credit answer
    r"|\b\d[\d,.]*\s+(?:on|for|as|in|para|en|de) (?:the |el |la )?(?:price|budget|house|home"
    r"|purchase|precio|presupuesto|casa)\b"
)
_SSN_SHAPE = re.compile(r"\b\d{3}[-\s.]\d{2}[-\s.]\d{4}\b|\b\d{9}\b")
# "solo una tarjeta de 500", "a card with a 300 limit": a card's limit, not the score
_CARD_LIMIT = re.compile(
    r"\b(?:tarjetas?|cards?)\s+(?:de|with|con)\s+(?:a |un |una )?(?:limite de |limit of )?\$?\d+"
    r"|\b\d+\s+(?:limit|de limite)\b"
)


def parse_credit_band(text: Any, *, asked: bool = True) -> str | None:
    """A band from a score, "mid 700s", "680ish", "excellent", "buena" or a 1-5 menu reply.

    Inside a longer free text (`asked` False) only a passage near a word like "credit" or
    "score", or a "mid 700s" / "680ish" form, counts.
    """
    raw = _CARD_LIMIT.sub(" ", unclock(fold(text)) if asked else fold(text))
    raw = _SSN_SHAPE.sub(" ", raw)  # "623 19 4410", a social security number: no score in it
    raw = re.sub(r"\b([3-8])-(\d)-(\d)\b", r"\1\2\3", raw)  # "6-9-5": spelt out digit by digit
    # "una línea de crédito sobre mi casa? vale como 450": the loan wanted, not their credit
    raw = re.sub(r"\b(?:lines? of credit|lineas? de credito|credit lines?)\b", " heloc ", raw)
    # "wats a good credit score 4 buying a house? mine says fair": a question, not their score
    raw = re.sub(
        r"(?:^|(?<=[.!?]))(?:(?!\b\d{3}(?:'?s)?\b)[^.!?])*\b(?:wh?at'?s|what is|wats|how|is|are)\b"
        r"(?:(?!\b\d{3}(?:'?s)?\b)[^.!?])*\?",  # not "low 600s i think, is that bad?"
        " ",
        raw,
    )
    if raw in CREDIT_BANDS:
        return raw
    # "buen crédito, no sé el número exacto", "I don't know number. Bank says is excellent"
    quality = re.search(r"\b(?:numero|number|exact\w*)\b", raw) and re.search(
        r"(?<!not )(?<!no )(?<!isnt )\b(?:buen[oa]?|good|great|excellent|excelente|fair|poor"
        r"|mal[oa]?)\b",
        raw,
    )
    if (
        _DONT_KNOW.search(raw)
        and not re.search(
            r"\b[3-8]\d{2}|hundred|cientos|\b[3-8]o{2}"
            r"|\b(?:[3-8]|three|four|five|six|seven|eight) something\b",
            raw,
        )
        # "buen crédito, no sé el número exacto", "idk never checked. prob fair?": the word
        and not (asked and (quality or _HEDGED_QUALITY.search(raw)))
    ):
        return None  # "no score in the US yet; our SCHUFA is very good": unknown here
    raw = re.sub(r"\b([3-8])[o]{2}\b", r"\g<1>00", raw)  # "7oo"
    raw = re.sub(r"\b(?:fitty|fiddy)\b", "fifty", raw)  # "around 6 fitty"
    # "seven hundred and ninety-something": the number words without what splits them
    raw = re.sub(r"\bhundred and (?=[a-z])", "hundred ", raw)
    raw = re.sub(
        r"\b(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(something|ish)\b",
        r"\1 \2",
        raw,
    )
    # "hers is like 800 and mine is 655": the borrower's own, whoever is named first
    # the last one: "mine's 745... no wait thats my husbands, mine is 705"
    was_now = _WAS_THEN_NOW.search(raw)
    if was_now:
        return band_for_score(int(was_now.group(1)))  # "was 590 last yr now 625"
    put = _SCORE_TO_PUT.search(raw) if asked else None
    if put and put.group(1) in re.findall(r"\b\d{3}\b", raw[: put.start()]):
        return band_for_score(int(put.group(1)))  # one of the scores said, chosen
    own = next(reversed(list(_OWN_SCORE.finditer(raw))), None)
    if own and _corrected_to_a_score(raw[own.end() :]):
        own = None  # "mine's like 610... no wait that was before I paid off my car, it's 634"
    off_the_loan = (
        own
        and re.match(  # "mine is 640 but im not on the loan": not the one
            r"[^.!?]{0,30}\b(?:not on the (?:loan|mortgage)|not on it|no (?:voy|va) a estar)",
            raw[own.end() :],
        )
    )
    if own and not off_the_loan and len(re.findall(r"\b[3-8]\d\d\b", raw)) > 1:
        return band_for_score(int(own.group(1)))
    raw = re.sub(r"\b([3-8])\s+hundred\b", r"\g<1>00", raw)  # "6 hundred something"
    raw = re.sub(  # "he said seven something": the hundreds' digit in a word
        r"\b(three|four|five|six|seven|eight) something\b",
        lambda m: f"{DIGIT_WORDS[m.group(1)]} something",
        raw,
    )
    if asked and not re.search(r"\b[3-8]\d\d\b", raw):  # "7 something last I looked": the 700s
        raw = re.sub(
            r"(?:^|(?<=[,.;!]))\W*(?:(?:idk|not sure|no idea|dunno|no se)\W+)?"
            r"(?:(?:he|she|they|dad|mom|my \w+) (?:said|says|thinks)\W+)?"
            r"(?:i think |i think its |its |it'?s |like |about |around |maybe "
            r"|prob |probably )?([3-8])"
            r" something\b",
            r" \g<1>50",
            raw,
        )
        # "7", "8" (the menu stops at 5; "6" straddles two bands), "mid 6s", "in the 5s":
        # hundreds said by their first digit
        raw = re.sub(r"^\W*(?:like |about |around |maybe |prob )?([78])\W*$", r"\g<1>50", raw)
        raw = re.sub(r"\b(low|lower|mid|middle|high|upper|the) ([3-8])'?s\b", r"\1 \g<2>00s", raw)
    raw = re.sub(  # "in the high seven hundreds": the high 700s
        r"\b(low|lower|mid|middle|high|upper) (three|four|five|six|seven|eight) hundreds\b",
        lambda m: f"{m.group(1)} {clean(m.group(2), 'en')}00s",
        raw,
    )
    # "in the seven twenties": 720 to 729
    tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6}
    tens |= {"seventies": 7, "eighties": 8, "nineties": 9}
    raw = re.sub(
        r"\b(three|four|five|six|seven|eight|[3-8])\s+(twenties|thirties|forties|fifties|sixties"
        r"|seventies|eighties|nineties)\b",
        lambda m: f"{clean(m.group(1), 'en')}{tens[m.group(2)]}5",
        raw,
    )
    raw = re.sub(r"\b([3-8][1-9]0)'?s\b", r"\1", raw)  # "in the 740s": 740 to 749
    raw = _MONEY.sub(" ", raw)
    if asked and re.search(r"\b(?:three|four|five|six|seven|eight)\b", raw):
        # "seven forty... no wait that was my wife's, mine is seven twenty": in digits, so
        # the correction and "mine" are read as they would be
        raw = _joined_score(clean(raw, "en"))
    parts = _CORRECTED.split(raw)
    after = [int(n) for n in re.findall(r"\b(\d{3})(?!\d)", parts[-1])] if len(parts) > 1 else []
    # "around 730. oh and budget is more like 550 now": the correction is the price's
    about_price = len(parts) > 1 and _PRICE_WORD.search(parts[-2][-30:])
    if asked and any(450 <= n <= 850 for n in after) and not about_price:
        raw = parts[-1]  # "660 no wait 680"
    said = [i for i, part in enumerate(parts[:-1]) if _SCORE_SAID_LAST.search(part)]
    tail = " ".join(parts[said[-1] + 1 :]) if said and not asked else ""
    scores_after = [int(n) for n in re.findall(r"\b(\d{3})(?!\d)", tail) if 450 <= int(n) <= 850]
    if len(scores_after) == 1 and not _PRICE_WORD.search(tail):
        return band_for_score(scores_after[0])  # "credit 610.. wait no i just checked its 641"
    moved = (
        _MOVED.search(raw)
        or _WAS_NOW.search(raw)
        or _WAS_NOW_ES.search(raw)
        or _USED_TO_THEN.search(raw)
    )
    if asked and moved and 300 <= int(moved.group(1)) <= 850:
        return band_for_score(int(moved.group(1)))  # "went from 610 to 701 since I bought"
    below = _BELOW.search(raw)
    said_before = raw[max(0, below.start() - 30) : below.start()] if below else ""
    if below and not (  # "budget a little under 400" is a price
        CREDIT_CONTEXT.search(said_before) if not asked else not _PRICE_WORD.search(said_before)
    ):
        below = None
    if below and 300 <= int(below.group(1)) <= 850:
        return band_for_score(int(below.group(1)) - 1)
    mine = _MINE.search(raw)
    if mine and re.search(r"\bnot on the (?:loan|mortgage)|no (?:estoy|voy) en el prestamo", raw):
        mine = None  # "it say 704. mine is 640 but im not on the loan": a child helping
    if asked and mine:
        return band_for_score(int(mine.group(1)))  # "maybe 600 something... mine is 631"
    if asked:
        precise = set(re.findall(r"(?<![\d.,$])([3-8]\d\d)(?!\d|'?s\b|\s*k\b|\s+y algo)", raw))
        bands = {band_for_score(int(n)) for n in precise if not n.endswith("00")}
        if len(bands) == 1 and re.search(r"\b[3-8]00(?:'?s| y algo)\b", raw):
            # "low 600s honestly, 618 on experian", "en los 500 y algo, 580 o 590"
            return bands.pop()
        named = _score_after_words(clean(raw, "en"))
        if named:
            return named  # "I meant 450 not 540 for the price, credit is about 700"
        choice = numbered_choice(raw, len(CREDIT_BANDS)) or _menu_pick(raw)
        if choice:
            return CREDIT_BANDS[choice - 1]
        return _band_in(clean(raw, "en"), words=False) or _band_in(clean(raw, "es"), words=True)
    cleaned = clean(raw)
    if CREDIT_CONTEXT.search(cleaned):
        cleaned = _joined_score(cleaned)  # "my score is 6 75 now": dictated, 675
    corrected = _CORRECTED_SCORE.search(cleaned)
    if corrected and CREDIT_CONTEXT.search(cleaned) and 300 <= int(corrected.group(1)) <= 850:
        return band_for_score(int(corrected.group(1)))  # "credit karma says actually 702"
    band = _band_from_numbers(cleaned, need_shape=True)
    if band:
        return band
    named = _score_after_words(cleaned)
    if named:
        return named
    whose = _WHOSE_SCORE.search(cleaned)
    if whose:
        return band_for_score(int(whose.group(1)))  # "he's a vet... mine's 712"
    for match in CREDIT_CONTEXT.finditer(cleaned):
        if _someone_elses(cleaned, match):
            continue
        # "credit's decent, we're both about 710": the score says more than the word
        score = _SCORE_AFTER_CONTEXT.search(cleaned[match.end() : match.end() + 48])
        between = cleaned[match.end() : match.end() + score.start(1)] if score else ""
        # "Credit is excellent. Home appraised at 480": the home's value
        if score and not re.search(r"\b(?:apprais\w*|worth|value|vale|valor)\b", between):
            return band_for_score(int(score.group(1)))
        described = re.search(_WORDS_BEFORE, cleaned[max(0, match.start() - 14) : match.start()])
        if described:
            return _band_in(described.group(), words=True)  # "tengo buen credito"
        window = cleaned[max(0, match.start() - 16) : match.end() + 32]
        window = re.split(r"[,.;!?]", window[16 if match.start() >= 16 else 0 :])[0]
        before = cleaned[max(0, match.start() - 16) : match.start()]
        # a number says more than a word: "a 619 credit score is that ok" is not "ok" credit
        band = (
            _band_in(window, words=False)
            or _band_from_numbers(re.split(r"[,.;!?]", before)[-1], need_shape=False)
            or _band_in(window, words=True)
        )
        if band:
            return band
    return None


def _corrected_to_a_score(after: str) -> bool:
    parts = _CORRECTED.split(after)
    return len(parts) > 1 and any(
        450 <= int(n) <= 850 for n in re.findall(r"\b(\d{3})(?!\d)", parts[-1])
    )


_SCORE_AFTER_CONTEXT = re.compile(r"^\D{0,40}?\b([4-8]\d{2})\b(?!\s*(?:k\b|mil\b|,\d|\.\d))")
# A couple comparing scores: "mine's 712 and his is about the same", "el mio es 715".
_WHOSE_SCORE = re.compile(
    r"\b(?:mine'?s|mine is|his is|hers is|my (?:wife|husband|partner)'?s(?: is)?|el mio es"
    r"|la mia es|el de (?:mi esposo|mi esposa|el|ella) es)\s+(?:about |like |around |como )?"
    r"([4-8]\d{2})\b(?!\s*(?:k|mil|,\d))"
)


def _score_after_words(cleaned: str) -> str | None:
    """A score said right after "credit" / "score": "credit is poor, like 560"."""
    for match in CREDIT_CONTEXT.finditer(cleaned):
        if _someone_elses(cleaned, match):
            continue
        following = cleaned[match.end() : match.end() + 30]
        later = re.search(r"\b([4-8]\d{2})\b(?!\s*(?:k|mil))", following)
        value_words = r"\b(?:vale|worth|value|valor|price|precio|casa|house|home|apprais\w*)\b"
        if (
            later
            and 450 <= int(later.group(1)) <= 850
            and not re.search(value_words, following[: later.start()])
        ):
            return band_for_score(int(later.group(1)))
    return None


_SCORE_SAID_LAST = re.compile(r"\b(?:credit|score|fico)\b\W*(?:is\W+|es\W+)?\d{3}\W*$")
_CORRECTED = re.compile(
    r"\b(?:no wait|wait|actually|i mean|more like|perdon|digo|mejor dicho|no espera|espera"
    r"|esperate|espere|no,? espere|no sorry|sorry|ah no|probably lower now|lower now|higher now"
    r"|but now|now it'?s|now its|pero ahora|ahora (?:es|tengo|creo que)|ahorita|hold on"
    r"|let me check"
    # "660... ok just checked the app it says 684": what the check says
    r"|nope|just checked,? (?=it'?s\b|it is\b)|just checked(?=[^.!?]{0,30}\bsays\b)"
    # "checked experian, it's 676"
    r"|checked (?:my |the |on )?\w+,? (?=it'?s [3-8]\d\d\b|it is [3-8]\d\d\b)"
    r"|acabo de (?:ver|revisar|checar)(?=[^.!?]{0,30}"
    r"\b(?:dice|sale|aparece)\b))\b"
    r"|\?(?=\s*[3-8]\d\d\b)"  # "6 hundred and.. 90? 690"
    r"|\bnow (?:like|about|around|maybe|prob(?:ably)?|its|it'?s|is)\b"  # "was 690 now like 640ish"
    # "yo tengo 600... mi esposa dice que ya subió a 625": where it went since
    r"|\b(?:ya )?(?:subio|bajo) (?=a [3-8]\d\d\b)"
    r"|\b(?:went up|dropped|went down) (?=to [3-8]\d\d\b)"
)
# Which of the scores said to put down: "760, hers is 655, the lender goes off the lower one
# so put 655"
_SCORE_TO_PUT = re.compile(
    r"\b(?:put|use|go with|ponga|pon|pongan|usa|usen)\s+(?:down\s+)?(?:el |la |the )?"
    r"([3-8]\d\d)\b(?!\s*(?:k|mil)\b)"
)
# The borrower's own score beside someone else's: "mine is 631. My husband ... 540", "yo
# como 620, mi esposa 700 y algo"
_MINE = re.compile(
    r"(?:\b(?:mine'?s|mine is|my own is|el mio es|la mia es|el mio|la mia)|^\W*yo)\s+(?:about "
    r"|like |around |como |tengo |unos )?([4-8]\d{2})\b(?!\s*(?:k|mil|,\d))"
)
# Whose credit a passing remark is about: "his credit is trash", "mi esposo tiene mal crédito"
_SOMEONE_ELSES = re.compile(
    r"\b(?:his|her|their|(?:my|mi|su) (?:husband|wife|boyfriend|girlfriend|partner|esposo|esposa"
    r"|novio|novia|pareja|ex|hijo|hija|son|daughter|mom|dad|mama|papa)(?:'?s)?)"
    r"(?: (?:tiene|has|have))?(?: (?:muy |really |pretty |very )?(?:mal|bad|terrible|poor|buen|good"
    r"|great|trash))?\s*$"
)


def _someone_elses(cleaned: str, credit_word: re.Match[str]) -> bool:
    """ "his credit is trash", "mi esposo tiene mal crédito": not the borrower's."""
    return bool(
        _SOMEONE_ELSES.search(cleaned[max(0, credit_word.start() - 24) : credit_word.start()])
    )


# A score that moved: the number it moved to
_MOVED = re.compile(
    r"\b(?:went|jumped|dropped|rose|climbed|fell|moved|gone|subio|bajo|paso|brought it)\s+"
    r"(?:up |down )?(?:from|de)\s+\d{3}\s+(?:to|a)\s+(\d{3})\b"
)
# "was 690 before, prob 650s now": what it is now
_WAS_NOW = re.compile(
    r"\b(?:was|used to be|era)\s+(?:like |about |around |como )?\d{3}\b[^.!?]{0,60}?"
    r"(?<!high )(?<!low )(?<!mid )(?<!upper )(?<!lower )\b(\d{3})'?s?\s+(?:now|rn|these days"
    r"|ahora)\b"
)
# "It used to be 780 but ... it dropped. Last month it was 655": the latest
_USED_TO_THEN = re.compile(
    r"\b(?:used to be|was|solia ser|era de)\s+(?:like |about |around |como )?\d{3}\b.{0,80}?"
    r"\b(?:last (?:month|week)|this (?:month|week)|recently|lately|el mes pasado|hace poco)\b"
    r"[^\d.!?]{0,15}\b(\d{3})\b"
)
# "tenía 700 pero bajó a 650 por las tarjetas": what it is now
_WAS_NOW_ES = re.compile(
    r"\b(?:tenia|tuve|era de|estaba en)\s+(?:como |unos )?\d{3}\b[^.!?]{0,30}?"
    r"\b(?:bajo|baje|subio|subi|ahora es|ahora tengo|ya es)\s+(?:a |en |como )?(\d{3})\b"
)
_CORRECTED_SCORE = re.compile(
    # (not "ahora debo como 372": what they owe now)
    # (nor "its 585 now. looking 300-325k": the next sentence's price)
    r"\b(?:actually|really|now|en realidad|ahora)\b"
    r"(?:(?!debo|debemos|owe|vale|worth|pag)[^\d.!?]){0,12}"
    r"\b([3-8]\d{2})\b(?!\s*(?:k|mil)|\s*-\s*\d{3}\s*k)"
)
_WORDS_BEFORE = r"\b(?:buen|buena|mal|mala|excelente|good|great|excellent|bad|poor|fair|decent)\s+$"
_PRICE_WORD = re.compile(r"\b(?:budget|price|presupuesto|precio|afford|worth|vale)\b")
_BELOW = re.compile(
    r"\b(?:under|below|less than|lower than|menos de|abajo de|debajo de)\s+(\d{3})\b"
)


def _joined_score(cleaned: str) -> str:
    """A score said in words, after `clean`: "seven forty five" (7 45) -> 745, "eight oh five"
    -> 805."""
    cleaned = re.sub(r"\b([3-8])\s+([1-9]\d)\b", r"\1\2", cleaned)
    return re.sub(r"\b([3-8])\s+(?:oh|o|zero)\s+(\d)\b", r"\g<1>0\2", cleaned)


def says_a_score(text: Any) -> bool:
    """A number with a score's shape, however it came: "640", "6 40", "6:40", "six forty"."""
    # not a price's digits: "around 180k. my credit isnt great"
    joined = _joined_score(clean(unclock(fold(text)), "en"))
    return bool(
        re.search(r"(?<![\d$.,])[3-8]\d{2}(?!\d|[,.]\d|\s*(?:k|mil|grand|thousand)\b)", joined)
    )


def _menu_pick(raw: str) -> int | None:
    """ "the third one", "la opcion 3", "el 2", "the last one": one item of the 1-5 menu."""
    from bot.normalize.answers import ordinal_choices

    if re.search(r"\d{3}", raw + " " + _joined_score(clean(raw, "en"))):
        return None
    if re.search(
        r"\d\s*(?:mo|mos|months?|wks?|weeks?|yrs?|years?|days?|meses|semanas|anos|años)\b", raw
    ):
        return None  # "3 mo": when, answered to the wrong question
    picked = ordinal_choices(raw, len(CREDIT_BANDS)) - {0}
    return picked.pop() if len(picked) == 1 else None


def _band_from_numbers(text: str, *, need_shape: bool) -> str | None:
    # "en los 700 altos": Spanish says the level after the hundreds
    text = re.sub(r"\b([3-8])00'?s?\s+(alto|bajo|medio)s\b", r"\2 \g<1>00s", text)
    hundreds = _HUNDREDS.search(text)
    if hundreds and need_shape and _PRICE_AROUND.search(text[max(0, hundreds.start() - 16) :]):
        hundreds = None  # "somewhere in the 400s, top 450": a price in thousands
    if hundreds:
        level, digit, pico = hundreds.groups()
        return band_for_score(int(digit or pico) * 100 + _OFFSET.get(level or "", 10))
    if need_shape:
        ish = re.search(r"\b([3-8]\d{2})\s*(?:ish|something|y pico|y algo)\b", text)
        if ish and CREDIT_CONTEXT.search(text[max(0, ish.start() - 24) : ish.start()]):
            return band_for_score(int(ish.group(1)))
        return None
    tens = re.search(r"\b([3-8]\d)0'?s\b", text)  # "650s"
    if tens:
        return band_for_score(int(tens.group(1)) * 10 + 5)
    scores = [int(n) for n in _SCORE.findall(text) if 300 <= int(n) <= 850]
    if len(scores) > 1 and any(n >= 450 for n in scores):
        scores = [n for n in scores if n >= 450]  # "720 y pico... son 350 no 320": a price
    ranged = re.search(r"\b([3-8]\d{2})\s*(?:-|to|a)\s*([3-8]\d{2})\b", text)
    if ranged:  # "700-750" is read as its middle
        return band_for_score((int(ranged.group(1)) + int(ranged.group(2))) // 2)
    if scores:  # two scores ("mine is like 600 hers is 710"): the borrower's own, said first
        return band_for_score(scores[0])
    return None


def _band_in(text: str, *, words: bool) -> str | None:
    text = _joined_score(text)
    band = _band_from_numbers(text, need_shape=False)
    if band or not words:
        return band
    for pattern, value in _WORDS:
        if re.search(pattern, text):
            return value
    return misspelt(text, _KEYWORDS)
