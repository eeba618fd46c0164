"""Remove the PII a borrower volunteers (SSN, ITIN, card, bank account and routing numbers,
date of birth) before any store, log or Rasa sees it.

Over-redaction breaks the qualification (a price, a ZIP, a credit score, a closing date are
answers the dialogue needs), so a number goes only when its shape or a word next to it says
what it is: a 3-2-4 SSN shape; nine digits that form a valid SSN or ITIN; 13-19 digits
that pass Luhn, written as cards are; any number after "account"/"routing"/"cuenta"; a date
after "DOB"/"born"/"fecha de nacimiento".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from stdnum import luhn
from stdnum.us import ssn

MARK = "[redacted]"

# Dashes borrowers' keyboards produce (NFKC leaves these), and the dot some write in numbers.
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212."
# One separator: a few spaces, a dash, or a dot inside a number; a dot then a space ends a
# sentence ("Somewhere 400-450. 450 max" is a range and a maximum, not 3-3-3 digits).
_SEP = rf"(?:[ \t]{{1,3}}|\s*[{_DASH[:-1]}]\s*|\s*\.(?=\d))"
# A run of digit groups joined by separators; never a part of a longer run.
_RUN = re.compile(rf"(?<!\d)\d+(?:{_SEP}\d+)*(?![\d])")
_SSN_SHAPED = re.compile(rf"(?<!\d)\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{4}}(?!\d)")

# "my ss# is ...", "soc sec": the short forms too
_SSN_WORDS = (
    r"(?:ssn|s\.s\.n\.?|ss|soc(?:ial)?\s*sec(?:urity)?|social(?:\s+security)?|seguro\s+social"
    r"|itin|tax\s*id|tin)"
)
_ACCOUNT_WORDS = r"(?:account|acct|a/c|routing|aba|iban|cuenta|ruta|tr[aá]nsito|clabe)"
_DOB_WORDS = (
    r"(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|born"
    r"|fecha\s+de\s+nacimiento|f\.?\s*nac\.?|naci(?:miento)?|nac[ií]|nacid[oa]|cumplea[ñn]os)"
)
# Words that may stand between the label and the number ("account number is 1234").
_FILLER = (
    r"(?:number|num|no|nbr|n[uú]mero|nro|is|es|was|fue|on|el|the|my|mi|de|del|of|ending|in"
    r"|bancaria|corriente|cheques|checking)"
)
_GAP = rf"(?:[\s:#.,-]*\b{_FILLER}\b\.?)*[\s:#.,-]*"
_ACCOUNT = re.compile(
    rf"(?i)\b{_ACCOUNT_WORDS}\b{_GAP}(?<![$\d])(?P<n>\d(?:[ \-.]?\d){{3,16}})(?!\d|[.,]\d"
    r"|\s*(?:k\b|mil\b|dollars|d[oó]lares|usd|%))"
)
_NINE_AFTER_LABEL = re.compile(rf"(?i)\b{_SSN_WORDS}\b{_GAP}(?P<n>\d(?:{_SEP}?\d){{8}})(?!\d)")
_MONTHS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april"
    r"|june|july|august|september|october|november|december|enero|febrero|marzo|abril|mayo"
    r"|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|ene|abr|ago|dic)"
)
_DATE = (
    r"(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}"  # 03/15/1985, 15.03.85
    r"|\d{4}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}"  # 1985-03-15
    rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 15, 1985
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?{_MONTHS}\.?,?\s+(?:de\s+|del\s+)?\d{{4}})"
)
# Two words at most between the label and the date ("born in Houston on 3/15/85"): a date
# further on is another date ("born in Texas, closing 12/15/2026").
_DOB = re.compile(rf"(?i)\b{_DOB_WORDS}\b(?:\s+\w+){{0,2}}?{_GAP}(?P<n>{_DATE})(?![\d/])")


def normalize(text: str) -> str:
    """NFKC (full-width digits and spaces become ASCII), then any other script's decimal
    digits as ASCII, so full-width or Arabic-Indic digits are caught like ASCII ones."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


def _is_zip_plus_4(run: str) -> bool:
    groups = re.findall(r"\d+", run)
    return [len(g) for g in groups] == [5, 4]


# The IRS's ITIN middle groups (stdnum's itin lacks 50-65, issued since 2011).
_ITIN_GROUPS = {*range(50, 66), *range(70, 89), 90, 91, 92, *range(94, 100)}


def _ssn_or_itin(digits: str) -> bool:
    is_itin = digits[0] == "9" and int(digits[3:5]) in _ITIN_GROUPS
    return is_itin or bool(ssn.is_valid(digits))


def _windows(run: str, number: Number) -> list[tuple[int, int]]:
    """Spans of `run` that are one `number`: the whole run when its grouping is one the
    number is written in; else consecutive groups in the number's own shape ("912701234"
    after "1e309 ", "3782 822463 10005" between other numbers). Any other window would be
    a guess across two numbers (a phone and a ZIP)."""
    sizes, shaped, valid = number.sizes, number.shaped, number.valid
    groups = [(g.start(), g.end()) for g in re.finditer(r"\d+", run)]
    lengths = [end - start for start, end in groups]
    if sum(lengths) in sizes and number.whole(lengths) and valid(run):
        return [(0, len(run))]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(groups):
        best = None
        for j in range(i, len(groups)):
            if sum(lengths[i : j + 1]) > sizes.stop - 1:
                break
            window = run[groups[i][0] : groups[j][1]]
            if shaped(lengths[i : j + 1]) and valid(window):
                best = j
        if best is None:
            i += 1
            continue
        spans.append((groups[i][0], groups[best][1]))
        i = best + 1
    return spans


def _card_shaped(lengths: list[int]) -> bool:
    """Cards are written whole, in fours (the last group shorter), or as Amex's 4-6-5."""
    total = sum(lengths)
    fours = all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4
    return 13 <= total <= 19 and (len(lengths) == 1 or fours or lengths in ([4, 6, 5], [4, 6, 4]))


def _ssn_shaped(lengths: list[int]) -> bool:
    return lengths in ([9], [3, 2, 4], [3, 3, 3])


@dataclass(frozen=True)
class Number:
    sizes: range  # digit counts
    whole: Callable[[list[int]], bool]  # groupings a run that is only this number may have
    shaped: Callable[[list[int]], bool]  # groupings it has next to other numbers
    valid: Callable[[str], bool]


def _card(number: str) -> bool:
    return bool(luhn.is_valid(_digits(number)))


def _ssn(number: str) -> bool:
    return not _is_zip_plus_4(number) and _ssn_or_itin(_digits(number))


CARD = Number(range(13, 20), _card_shaped, _card_shaped, _card)
# Nine digits alone are an SSN or ITIN in any grouping ("1234-56-789"), ZIP+4's 5-4 aside.
SSN = Number(range(9, 10), lambda lengths: True, _ssn_shaped, _ssn)


def redact(text: str) -> tuple[str, bool]:
    """Return the text with PII replaced by MARK, and whether anything was."""
    text = normalize(text)
    found = False

    def sub(pattern: re.Pattern[str], keep: Callable[[re.Match[str]], bool], s: str) -> str:
        def one(m: re.Match[str]) -> str:
            nonlocal found
            if keep(m):
                return m.group()
            found = True
            group = "n" if "n" in pattern.groupindex else 0
            start, end = m.span(group)
            return m.group()[: start - m.start()] + MARK + m.group()[end - m.start() :]

        return pattern.sub(one, s)

    def windows(number: Number) -> Callable[[re.Match[str]], str]:
        def one(m: re.Match[str]) -> str:
            nonlocal found
            run, spans = m.group(), _windows(m.group(), number)
            found = found or bool(spans)
            for start, end in reversed(spans):
                run = run[:start] + MARK + run[end:]
            return run

        return one

    text = _RUN.sub(windows(CARD), text)
    text = sub(_SSN_SHAPED, lambda m: False, text)
    text = sub(_NINE_AFTER_LABEL, lambda m: False, text)
    text = _RUN.sub(windows(SSN), text)
    text = sub(_ACCOUNT, lambda m: False, text)
    text = sub(_DOB, lambda m: False, text)
    return text, found


# Twilio's maximum for one message: a longer body was never one text a borrower sent.
MAX_SMS_CHARS = 1600
_NUMBERISH_TAIL = re.compile(rf"[\d\s{_DASH}]*$")


def capped(text: str, limit: int = MAX_SMS_CHARS) -> tuple[str, bool]:
    """The text cut to `limit` characters, and whether it was cut. A number the cut splits is
    dropped whole, so no part of an SSN or card number survives where redaction cannot
    recognize it."""
    text = normalize(text)
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    if _NUMBERISH_TAIL.fullmatch(text[limit : limit + 1]):
        head = _NUMBERISH_TAIL.sub("", head)
    return head, True
