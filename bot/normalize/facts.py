"""Every fact one SMS gives: the answer to the question just asked, and anything volunteered.

"Hi, first time buyers in Denver, budget 550-600k, credit around 720, want to buy this
spring" gives purpose, state, price, credit band, timeline and first-time buyer at once.
A bare "375" or "2" only answers the question just asked; corrections ("actually it's
430k not 410") give the new value, whatever is being asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.normalize.answers import (
    FLAG_SLOTS,
    as_the_borrower,
    flags_in,
    name_to_put_down,
    occupancy_in,
    ordinal_choices,
    parse_consent_reply,
    parse_first_name,
    parse_flag_answer,
    volunteered_first_name,
    without_others_off_the_loan,
)
from bot.normalize.credit import band_for_score, parse_credit_band, says_a_score
from bot.normalize.language import detect_language
from bot.normalize.money import bare_purchase_price, parse_price
from bot.normalize.place import is_city_in, parse_state, zip_pieces_joined, zip_spelled_out
from bot.normalize.purpose import (
    only_a_past_refinance,
    parse_loan_purpose,
    turned_down,
    wants_equity,
)
from bot.normalize.text import clean, fold
from bot.normalize.timeline import parse_timeline

_OWNED = frozenset({"refinance", "cash_out_refinance", "heloc"})
_VAGUE_BANDS = frozenset({"580-619", "<580", "620-679"})
_SCORE_NUMBER = re.compile(r"(?<![\d$.,])[3-8]\d{2}(?!\d|[,.]\d|\s*(?:k|mil)\b)")
_PRICE_WORD_BEFORE = re.compile(
    r"\b(?:worth|vale|value|house|home|casa|price|precio|budget|max|apprais\w*|looking at"
    r"|afford|offer|asking|listed|contract|cuesta|pagar|pay)\b"
)
_PRICE_WORD_AFTER = re.compile(
    r"\s*(?:k\b|mil\b|on the price|for the (?:house|home|place|price)|(?:is )?the price|budget)"
)
_FIRST_CLAUSE = re.compile(r"\s*[,;.!(]\s*")
# Dates of other events, said in passing: "retiring in the spring", "he starts at the bank in
# February", "twins start college next fall", "that was before Thanksgiving" (a credit
# check). They are not when the borrower wants to close; the timeline question asks that.
_FAMILY = (
    r"(?:mama|mom|mother|mother-in-law|papa|dad|father|suegr[oa]s?|niet[oa]s|grandkids"
    r"|grandchildren|in-laws|parents|padres)"
)
_ARRIVE = (
    r"(?:se vienen?|vengan|venga|lleguen|llegan|arriv\w*"
    r"|(?:come|comes|coming) (?:to )?(?:live|stay))"
)
_OTHER_EVENT = re.compile(
    r"\b(?:retir\w*|jubil\w*|starts?|starting|empieza|empiezan|graduat\w*|baby|bebe|due date"
    r"|was|were|checked|fue|era|sold|bought|closed on|refinanced|listed|resets?|adjusts?"
    # "i'll check next week", "la semana que viene lo checo": when they find out the score
    r"|check|checo|checar|chequeo|find out|look it up|averigu\w*|let you know|get back to you"
    r"|te aviso|le aviso"
    r"|resetting|adjusting"
    r"|passed|died|murio|fallecio|arranca|arrancan"
    # "mi mamá se viene a vivir en marzo", "antes de que vengan los nietos": family arriving
    rf"|{_FAMILY}\b[^,.;!?]{{0,30}}\b{_ARRIVE}|{_ARRIVE}\b[^,.;!?]{{0,20}}\b{_FAMILY})\b",
    re.IGNORECASE,
)
_BUYING_TIME = re.compile(
    r"\b(?:clos\w*|move|moving|mover\w*|buy\w*|purchas\w*|be in|cerrar|mudar\w*|comprar)\b",
    re.IGNORECASE,
)


_TIME_WORDS = re.compile(
    r"\d|\b(?:months?|mes|meses|weeks?|semanas?|years?|años?|spring|summer|fall|winter|primavera"
    r"|verano|otoño|invierno|asap|ya|now|ahora|ahorita|soon|pronto|immediately|today|hoy)\b",
    re.IGNORECASE,
)


def _about_buying_time(text: str) -> str:
    # "sold for 435,000 in October": a comma inside a number ends no clause
    clauses = re.split(r"(?:[;!?()]|(?<!\d)[,.]|[,.](?!\d))+|\b(?:and|but|y|pero)\b", text)
    kept = []
    for clause in clauses:
        if not _OTHER_EVENT.search(fold(clause)) or _BUYING_TIME.search(clause):
            kept.append(clause)
        elif (
            (parts := re.split(r"\b(?:so|entonces|asi que)\b", clause, maxsplit=1))[1:]
            and _OTHER_EVENT.search(fold(parts[0]))  # not "so my kid is starting college"
            and not _OTHER_EVENT.search(fold(parts[1]))
            and _TIME_WORDS.search(parts[1])
        ):
            kept.append(parts[1])  # "her job starts in the summer so more like 7-8 months"
    return text if kept == clauses else " , ".join(kept)


_NAMES_A_LOAN = re.compile(
    r"\b(?:refi\w*|refinanc\w*|he?loc|line of credit|linea de credito|cash[\s-]?out|purchas\w*"
    r"|buy\w*|compr\w*|sacar|take out|pull out)\b"
)


# "not 695", "not 6 95" (dictated): a number the borrower takes back
_TAKEN_BACK_NUMBER = re.compile(
    r"\b(?:not|no|instead of|en vez de|ni)\s+\$?\d+(?:[ :]\d\d)?\b"
    # "668 sorry 686, typo", "650 perdón 605": the first number, corrected right after
    r"|\b\d{3}\s*[,.]?\s*(?:sorry|oops|i mean|i meant|perd[oó]n|digo|quise decir)\W+(?=\d{3}\b)"
)


# A question about their credit, then the score: "is my credit ok? its like 610"
_SCORE_AFTER_ITS_QUESTION = re.compile(
    r"\b(?:credit|score|credito)\b[^.!?]{0,60}\?\s*(?:it'?s|its|it is|mine'?s|mine is|es de|tengo)"
    r"\s+(?:like |about |around |maybe |prob |como |unos )?([3-8]\d{2})\b"
    r"(?!\s*(?:k|mil)\b|\s*[-.\s]\s*\d{2}\b)"  # not an SSN: "its 412-58-9034"
)


_NAME_SAID_OUTRIGHT = re.compile(
    r"\b(?:call (?:me|him|her)|first name|is (?:my |his |her |the )?first|(?:his|her) name is"
    r"|se llama|me llamo|my name is)\b"
    # "the house would be for my mom, Marisol. im Andres": the sender's own, last
    r"|[.!]\s*(?:i'?m|im|soy)\s+(?-i:[A-ZÁÉÍÓÚÑ])[^\W\d_]+\W*$",
    re.IGNORECASE,
)


# a place looked at or moved to, said without a word for the loan: to buy there
_SHOPPING_IN_A_PLACE = re.compile(
    r"\blook(?:ing|in)? at\b|\bmoving to\b|\brelocat\w*\b|\b(?:mudarnos|nos mudamos|me mudo) a\b"
)


# Unasked, a partner's credit is not the borrower's: "si mi esposo no tiene buen crédito", "my gf
# credit is bad like really bad" (the credit question asks for theirs)
_PARTNERS_CREDIT = re.compile(
    r"\b(?:my|mi|his|her|su)\s+(?:husband|wife|spouse|esposo|esposa|gf|girlfriend|boyfriend|bf"
    r"|partner|pareja|fiance\w*|prometid[oa]|novi[oa]|ex)(?:'?s)?\s+(?:(?:credit|score|credito)"
    r"(?: score)?\s+(?:is|es|esta|isn'?t|no es)|(?:has|have|tiene|got|no tiene)\b)"
    r"[^.,;!?\d]{0,40}(?:\d{3}\b)?"
)


def _a_score_said(number: re.Match[str], said: str, credit: str) -> bool:
    """In a reply to the credit question, a number of a score's size is a score (a guess a
    check corrects, a spouse's, a range's end: "entre 600 y 620"), not a price, unless a
    price word is next to it or it puts right an earlier answer ("actually put 450")."""
    if band_for_score(int(number.group())) == credit:
        return True
    before = said[max(0, number.start() - 25) : number.start()]
    after = said[number.end() : number.end() + 25]
    return (
        450 <= int(number.group()) <= 850
        and not _PRICE_WORD_BEFORE.search(before)
        # "actually put 450, neighbor sold for 455", "make that 525 on the price": an earlier
        # answer corrected
        and not re.search(r"\b(?:put|make (?:it|that))\s*$", before)
        and not _PRICE_WORD_AFTER.match(after)
    )


_SCORE_NAMED = re.compile(
    r"\b(?:credit|credito|score|fico|puntaje)\W+(?:(?!\d)\w+\W+){0,3}[3-8]\d\d\b(?!\s*(?:k|mil)\b)"
)


def extract_facts(
    text: str,
    *,
    requested: str | None = None,
    flags_asked: Sequence[str] = (),
    today: date | None = None,
    known_purpose: str | None = None,
    for_a_relative: bool = False,
) -> dict[str, Any]:
    """Contract values found in `text`; `requested` is the slot whose question was just asked.

    Pass `requested=None` for a digression ("are you a bot?"): then only clearly worded
    facts count. `flags_asked` are the yes-or-no facts the last question listed;
    `known_purpose` the loan purpose the conversation already has; `for_a_relative`: the
    sender texts for a parent or relative who borrows, so "he has a shop" answers for them.
    """
    facts: dict[str, Any] = {}
    text = zip_pieces_joined(text)  # "zip code 782 28" is no price
    if requested == "first_name":
        name = parse_first_name(text)
        head, *rest = _FIRST_CLAUSE.split(text, maxsplit=1)
        named = parse_first_name(head) if rest and len(head.split()) <= 4 else None
        if name and named == name and len(rest[0].split()) >= 6:
            # "Jose. y perdon, antes le dije que no pero si estuve en la national guard 6
            # años, eso cuenta?": the name first, then a correction
            return extract_facts(rest[0], today=today) | {"first_name": name}
        # an SSN or a birth date they offered (already redacted) adds no words of its own
        said = re.sub(r"\[redacted\]|\b(?:ssn|dob|social)\b", " ", text, flags=re.IGNORECASE)
        if name and (
            len(said.split()) <= 8
            or "?" in text
            or _NAME_SAID_OUTRIGHT.search(text)
            or name_to_put_down(text)  # "Sarah's the main one on the loan so put Sarah. I'm Dave"
        ):
            # "Austin" answering the name question is a name; "Liu Xiaoli, family name Liu.
            # You can call me Lily" says which; "why do you need my name? ... ok fine, it's
            # Danielle" answers after its question
            return {"first_name": name}
        if named:
            # "Tom, and my wife Linda will be on the loan too": the name, then anything else
            return extract_facts(rest[0], today=today) | {"first_name": named}
    if requested == "consent":
        consent, name = parse_consent_reply(text)
        if consent is not None:
            return {"consent": consent} | ({"first_name": name} if name else {})

    purpose = parse_loan_purpose(text, asked=requested == "loan_purpose")
    if (
        purpose
        and requested not in (None, "loan_purpose")
        and (turned_down(text) or only_a_past_refinance(text))
    ):
        purpose = None  # the value's answer "appraised for a heloc that got denied": not the aim
    if (
        purpose
        and known_purpose
        and purpose != known_purpose
        and requested not in (None, "loan_purpose")
        and not _NAMES_A_LOAN.search(fold(text))
    ):
        # "buen crédito, ¿con eso me dan mejor tasa?", "the other one is listed at 1.1M":
        # a change of loan needs the loan named
        purpose = None
    if (
        not purpose
        and known_purpose == "refinance"
        and requested in (None, "loan_purpose")
        and wants_equity(text)
        and parse_loan_purpose(f"refinance. {text}") == "cash_out_refinance"
    ):
        purpose = "cash_out_refinance"  # a refinance, then "quiero sacar como 40 mil": cash out
    if purpose:
        facts["loan_purpose"] = purpose
    place_text = zip_spelled_out(text) if requested in ("property_state", "property_zip") else text
    place = parse_state(place_text, asked=requested == "property_state")
    if place:
        facts["property_state"], zip_code = place
        if zip_code:
            facts["property_zip"] = zip_code
        if not purpose and requested is None and _SHOPPING_IN_A_PLACE.search(fold(text)):
            facts["loan_purpose"] = "purchase"  # "looking at victor idaho instead, like 550k"
    credit_text = (
        text
        if requested == "credit_band"
        else _PARTNERS_CREDIT.sub(" ", fold(without_others_off_the_loan(text)))
    )
    credit = parse_credit_band(
        _TAKEN_BACK_NUMBER.sub(" ", credit_text), asked=requested == "credit_band"
    )
    if credit in _VAGUE_BANDS and requested != "credit_band" and not says_a_score(text):
        credit = None  # "credit isn't great": the credit question will get a number
    price_text = text
    asked_then_said = _SCORE_AFTER_ITS_QUESTION.search(fold(text)) if requested is None else None
    if asked_then_said and not credit:
        # "Is my credit good enough to buy a house? it's around 590": the score, not a price
        credit = band_for_score(int(asked_then_said.group(1)))
        price_text = fold(text)[: asked_then_said.start(1)] + fold(text)[asked_then_said.end(1) :]
    if requested == "credit_band" and credit:
        # "Good I think around 750, and I meant 265 for the house": the score is not a price
        said_in_digits = any(
            band_for_score(int(n)) == credit for n in _SCORE_NUMBER.findall(text)
        )  # else in words: "around seven hundred" goes too
        said = text if said_in_digits else clean(text, detect_language(text)[0] or "en")
        price_text = _SCORE_NUMBER.sub(
            lambda m: " " if _a_score_said(m, said, credit) else m.group(), said
        )
    # A refinance or HELOC asks what the home is worth: unasked, only a value said as one
    owned = (facts.get("loan_purpose") or known_purpose) in _OWNED or wants_equity(text)
    if requested == "price_usd" and owned:
        # "vale 520, la casa que iba a comprar era de 600": the value of the home they own
        price = parse_price(price_text, asked=True, value_only=True) or parse_price(
            price_text, asked=True
        )
    else:
        price = parse_price(price_text, asked=requested == "price_usd", value_only=owned)
    if not price and requested is None and facts.get("loan_purpose") == "purchase":
        price = bare_purchase_price(price_text)
    if price:
        facts["price_usd"] = price
    if credit and not (
        requested == "price_usd" and price and not _SCORE_NAMED.search(fold(text))
    ):  # "como 300 mil. y perdon el credito es 658 no 680": the score named beside the price
        facts["credit_band"] = credit
    buying_time = _about_buying_time(text)
    timeline = None
    if (
        requested == "timeline"
        and buying_time != text
        # what is left says when in words of time, or of buying: not only "no rush"
        and (_BUYING_TIME.search(buying_time) or _TIME_WORDS.search(buying_time))
    ):
        # "I start January 5th. We'll rent short term and buy in the spring": the buying
        timeline = parse_timeline(buying_time, asked=True, today=today)
    if not timeline:
        timeline_text = text if requested == "timeline" else buying_time
        timeline = parse_timeline(timeline_text, asked=requested == "timeline", today=today)
    if timeline:
        facts["timeline"] = timeline
    if requested in FLAG_SLOTS and flags_asked:
        # "my dad has a tire shop": the relative they text for is the borrower
        of_them = as_the_borrower(text) if for_a_relative else fold(text)
        answered = parse_flag_answer(of_them, list(flags_asked)) if of_them != fold(text) else {}
        facts.update(answered or parse_flag_answer(text, list(flags_asked)))
    else:
        facts.update(flags_in(text, asked=False))
    facts.update(_flags_corrected(text, requested, flags_asked))
    buying = (facts.get("loan_purpose") or known_purpose) == "purchase"
    owns = (facts.get("loan_purpose") or known_purpose) in _OWNED
    occupancy = occupancy_in(text, buying=buying, owned=owns)
    if occupancy:
        facts["occupancy"] = occupancy
    name = volunteered_first_name(text)
    if name and not _the_place_again(name, text, facts.get("property_state")):
        facts["first_name"] = name
    return facts


# "no, w2. wait actually no, i switched to 1099", "not a vet... oh wait, i did 6 yrs in the
# guard": what follows the borrower's own correction replaces what came before it
_SELF_CORRECTED = re.compile(
    r"\b(?:wait,? actually|actually,? no|oh wait|wait,? no|no,? wait|scratch that|never ?mind"
    r"|on second thought|pensandolo bien|no,? espera|mejor dicho|quise decir)\b(?:\W+no\b)?\W*"
)


def _flags_corrected(text: str, requested: str | None, flags_asked: Sequence[str]) -> dict:
    folded = fold(text)
    said = list(_SELF_CORRECTED.finditer(folded))
    tail = folded[said[-1].end() :] if said else ""
    if len(tail.split()) < 2:
        return {}
    if requested in FLAG_SLOTS and flags_asked:
        return parse_flag_answer(tail, list(flags_asked))
    return flags_in(tail, asked=False)


def _the_place_again(name: str, text: str, state: str | None) -> bool:
    """ "Maryland - Bowie": after a bare state, a city of it is the town, not a signature."""
    at = text.rfind(name)
    before, after = text[:at], text[at + len(name) :]
    bare_state = parse_state(before) == (state, None) and len(before.split()) <= 3
    town = (name + after).strip(" .!")  # "Michigan - Ann Arbor": a town of two words
    return bool(state) and bare_state and is_city_in(town, str(state))


# Where a text lists homes: "a condo in henderson 285 or a house in north las vegas 340",
# "uno en Parkchester de 325 y otro en Castle Hill de 350"
_LISTED = re.compile(r"\b(?:or|o|and|y|vs|versus)\b|[,;/()]")
_AN_AMOUNT = re.compile(r"\d{3}|\d\s*(?:k|m|mil)\b")
_CHEAPER = re.compile(r"\b(?:cheaper|cheapest|lower|smaller|mas barat[oa]|menor)\b")
_DEARER = re.compile(r"\b(?:pricier|more expensive|bigger|higher|mas car[oa]|mayor|mas grande)\b")


def listed_prices(text: str) -> list[int]:
    """The prices of the homes a text lists, in its order (one each)."""
    found: list[int] = []
    for part in _LISTED.split(fold(text)):
        price = parse_price(part, asked=True) if part and _AN_AMOUNT.search(part) else None
        if price and price not in found:
            found.append(price)
    return found


def picked_price(answer: str, earlier: Sequence[str]) -> int | None:
    """The price of the home an answer points to among those the borrower listed before:
    "the 2nd one", "el segundo", "the cheaper one". A number answers for itself."""
    if re.search(r"\d{2}", answer):
        return None
    for text in reversed(earlier):
        options = listed_prices(text)
        if len(options) < 2:
            continue
        folded = fold(answer)
        if _CHEAPER.search(folded):
            return min(options)
        if _DEARER.search(folded):
            return max(options)
        chosen = ordinal_choices(answer, len(options)) - {0}
        return options[chosen.pop() - 1] if len(chosen) == 1 else None
    return None
