"""timeline: now, 1-3 months, 3-6 months or 6+ months, from "asap", "next spring", "en 3 meses"."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from bot.normalize.answers import says_unknown
from bot.normalize.text import clean, fold, numbered_choice
from vocabulary import TIMELINES

# Checked in order: "not right now" is not now, "as soon as possible" is not "soon".
_LATER = (
    r"\b(?:just|only)\s+(?:looking|browsing|curious)|next (?:year|yr)|no rush|not (?:right )?now"
    r"|\bsomeday\b|down the road|\bbrowsing\b|a while"
    r"|long time(?! (?:lurker|follower|fan|reader|listener|customer|client|renter|no see))"
    r"|(?:el )?(?:año|ano) (?:que|q) viene"
    r"|(?:el )?proximo (?:año|ano)|(?:el )?otro (?:año|ano)|no hay prisa|sin prisa"
    r"|solo (?:estoy )?viendo|todavia no(?! se| sal| lleg| me | nos | les? | l[oa]s? )"
    r"|mas adelante|eventually|one day|some ?day|no hurry"
    r"|(?:año|ano) (?:que|q|k) viene|sin apuro|no (?:tengo|tenemos) prisa|cuando se pueda"
)
# "we have an offer in, waiting to hear back" (not "if accepted, close in 45 days")
_OFFER_IN = (
    r"(?:have|got|put|made|submitted) (?:an |our |a )?offer (?:in|out|on)\b"
    r"(?![^.;]{0,30}\b(?:accepted|close in|closing in)\b)"
)
_NOW_STRICT = (
    r"\bnext week\b|couple (?:of )?weeks|(?:next|in a) few weeks"
    r"|^\W*(?:a |like a |maybe a |prob a |like )?few weeks\W*$"  # "few wks", the whole answer
    # "in a few weeks" ("unas" is "como" once cleaned)
    r"|\ben (?:unas|como|pocas|unas pocas|unas cuantas|algunas) semanas"
    r"|(?<!no )(?<!not an )(?<!no hay )accepted offer"
    r"|offer(?:'?s| is| was| got| has been)? accepted"
    rf"|{_OFFER_IN}"
    r"|(?:as )?(?:soon|quick|quickly|fast) as (?:possible|(?:i|we|you|they|y'?all|ya'?ll"
    r"|you guys|u) (?:can|could))"
    r"|lo mas pronto"
    r"|lo antes (?:que|q) se pueda|lo mas rapido|cerramos|de este mes|this month"
    r"|rate lock|lock expires|yesterday"
    r"|la (?:proxima|otra) semana|semana que (?:viene|entra)"
    r"|(?:proximas|siguientes) semanas|\basap\b"
    r"|as soon as possible|right away|immediately"
    # not one hoped for: "I'd like to be under contract in Jan/Feb"
    r"|(?<!be )(?<!get )(?<!getting )(?:under|in) contract(?! (?:in|by|before|within)\b)"
    r"(?! on (?:our|my) (?:current |old )?(?:house|home|place|condo)\b)"
    r"|this (?:week|month)|already found|closing|lo antes posible|cuanto antes|urgente"
    r"|bajo contrato|este mes|este mismo mes|esta semana|de inmediato"
    r"|ya encontr(?!\w* (?:otro|otra|trabajo|chamba|empleo|job))"  # a house, not a job
    r"|(?:within|in the next) (?:the |a )?(?:next )?month\b|dentro de(?:l| un) mes\b"
    r"|\ben el (?:proximo|siguiente) mes\b(?!\s*(?:o|u|y)\b)"
    r"|by (?:the )?end of (?:the|this) month|(?:para|a) (?:fin|finales) de(?: este)? mes"
    r"|este mes o el (?:que viene|proximo)|en contrato|ya firmamos|ready now|\bready to go\b"
    r"|(?:the )?sooner the better|(?:mientras|entre) mas pronto"
    r"|(?:pretty|real|right|super) quick\b|whenever (?:we|i) (?:can )?get approved"
    r"|lo antes? posible|al ?toque"
)
# "No rush, after the new year": a time said beside it says when.
_NO_RUSH = re.compile(
    r"\b(?:there is |there's |theres )?no (?:big |real |huge |major )?(?:rush|hurry)"
    r"|not (?:in a )?(?:rush|hurry)"
    r"|not (?:super |very |that |really |too |so |all that )?urgent|nothing urgent"
    r"|no es urgente|no urge|no hay (?:prisa|apuro)|sin (?:prisa|apuro)"
    r"|no (?:tengo|tenemos) (?:prisa|apuro)"
)
# "early next year", "a principios del año que viene"
_EARLY_NEXT_YEAR = re.compile(
    r"\b(?:early|beginning of|start of) next (?:year|yr)\b"
    r"|\b(?:a |al )?(?:principios|principio|inicios|comienzos) del? "
    r"(?:(?:ano|año) (?:que viene|proximo)|proximo (?:ano|año)|otro(?: (?:ano|año))?\b)"
)
_PART_OF_NEXT_YEAR = (
    (
        re.compile(
            r"(?:first|1st) (?:quarter|few months)(?: of)? next (?:year|yr)"
            r"|\bq1 (?:of )?next (?:year|yr)"
            r"|primer(?:os)? (?:trimestre|meses) del (?:(?:ano|año) (?:que viene|proximo)"
            r"|proximo (?:ano|año))"
        ),
        "1-3 months",
    ),
    (
        re.compile(r"(?:first|1st) half of (?:next|the) year|primera mitad del (?:ano|año)"),
        "3-6 months",
    ),
    (
        re.compile(r"(?:second|2nd|back) half of (?:next|the) year|segunda mitad del (?:ano|año)"),
        "6+ months",
    ),
)
_NOW_LOOSE = (
    r"\bnow\b|right now|^rn\b|today|tomorrow|\burgent|\bahora\b|ahorit\w*|\bhoy\b"
    # "ya" as "now", not as "already": "el roof ya esta muy malo"
    r"|\bya\b(?!\s+(?:esta|estan|es|son|no|paso|fue|era)\b)"
)
_SOON = (
    r"next month|month or two|couple (?:of )?months|few weeks|this quarter|proximo mes"
    r"|mes que viene|mes que entra|par de meses|(?:unas|algunas|unas cuantas|pocas|como) semanas"
    r"|(?:1|un) par de semanas|in a bit"
)
_SOON_LOOSE = r"\bsoon\b|\bpronto\b"
# "soon" said under pressure: a leak, interest "killing" them, a plea
_PRESSED = re.compile(
    r"\b(?:killing|matando|leak\w*|gote\w*|emergenc\w*|urgent\w*|please|pls|porfa\w*"
    r"|por favor)\b|\bas soon as (?:it|we|i|you|y'?all|they) (?:can|could)\b"
)
_LATER_THIS_YEAR = (
    r"few months|later this year|half a year|unos meses|medio año|este año|(?:los )?proximos meses"
)
_DURATION = re.compile(
    r"(\d+)(?:\s*(?:-|to|or|a|o|y|and)\s*(\d+))?\+?\s*"
    r"(days?|weeks?|wks?|months?|monts?|mnths?|mths?|mos?|years?|yrs?|dias?|semanas?|mes(?:es|e)?"
    r"|años?)\b"
)
# "credit karma said 655 a few months ago", "hace unos meses": when something was, not when
_PAST_SPAN = re.compile(
    r"\b(?:a |like |about )?(?:few|couple(?: of)?|\d+|one|two|three|four|five|six|some|several)"
    r"\s+(?:days?|weeks?|wks?|months?|mos?|years?|yrs?)\s+(?:ago|back)\b"
    r"|\bhace\s+(?:unos\s+|como\s+|un par de\s+|pocos\s+|varios\s+|\d+\s+|dos\s+|tres\s+)?"
    r"(?:dias|días|semanas|meses|mes|años|anos)\b"
    # "only got a US card in October", "opened my first card in march": when it happened
    r"|\b(?:got|opened|lost|paid off|filed)\b"
    r"[^.;!?]{0,25}?\bin (?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?! next\b)"
    # "the decree was signed oct 14": a day gone by
    r"|\b(?:was|were|got|judge|court|we|i|they|he|she) (?:\w+ )?(?:signed|finalized|filed"
    r"|approved|recorded|entered)\b[^.;!?]{0,12}?"
    r"(?:\b(?:on|in) )?\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?: \d{1,2}(?:st|nd|rd|th)?)?\b"
    # "got 30 calls in a day": how many calls, not when
    r"|\b(?:calls?|texts?|emails?|messages?|llamadas|mensajes)\b[^.;!?]{0,15}"
    r"\b(?:in|within|en) (?:a|one|1|un|una|the same) (?:day|week|hour|dia|semana|hora)\b"
)
_DURATION_CUE = re.compile(
    r"(?:\bin|within|closing in|close in|next|about|around|like|en|dentro de|como|proximos?"
    r"|maybe|probably|prob|quizas|tal vez"
    r"|^|[,.;!]|\bthe)\s*$"
)
# A duration that tells how long something has been, not when the borrower wants to move.
_PAST = re.compile(
    r"\bnever (?:missed|been late|late)\b[^.!?]*\bin\s+(?:like\s+|about\s+|over\s+)?$"
    r"|\b(?:been|have|has|had|renting|rented|lived|living|owned|worked|working|since|hace"
    r"|desde)\b[^.!?]*\bfor\s+(?:like\s+|about\s+|almost\s+|over\s+|nearly\s+)?$"
    r"|\b(?:hace|desde hace)\s+(?:como\s+)?$"
    r"|\b(?:been|llevo|llevamos)\s+\w+(?:ing|ando|iendo)\s+(?:for\s+)?(?:like\s+|about\s+|como\s+)?$"
    r"|\balready\s+(?:like\s+|about\s+|for\s+)?$"  # "we look houses already 3 month"
    # "she did 6 yrs in the Air Force": a service gone by
    r"|\b(?:did|served|spent|hizo|sirvio|servi)\s+(?:like\s+|about\s+|over\s+|almost\s+)?$"
)
_PAST_WORD = (
    r"\b(?:was|were|did|had|last|ago|since|(?<=\d )back in|(?<=ed )back in|fue|era"
    r"|pasad[oa]|passed|changed|switched"
    r"|started|went|became|enlisted|joined|just got"
    # "I missed a payment in october", "me subió a 625 este mes": what the score did
    r"|missed|dropped|jumped|fell|subio|bajo|se cayo"
    r"|got (?:my|our|his|her) (?:dd-?214|discharge|papers|green card|citizenship|degree|diploma)"
    r"|opened|quit|retired|got hired|found|cambie|empece|abri|filed|discharged|foreclosed|divorced"
    # "the last comparable on our street sold for 435,000 in October": a sale gone by
    r"|sold (?:for|at)|(?:was |were |got )?(?:appraised|refinanced|purchased)|vendimos|se vendio"
    r"|(?:the |an |el |la )?(?:appraisal|avaluo|tasacion)"  # "the appraisal in oct said 585"
    r"|graduated|laid off|layoff|let go|died|fallecio|murio|born|nacio"
    # a job lost or found: "lost my job in oct", "ya encontre otro en noviembre"
    r"|lost (?:my|his|her|our|the) job|(?:found|got) (?:a |another |the |my )?(?:new )?job"
    r"|perdi\w* (?:mi |el |su )?(?:trabajo|empleo|chamba)|encontre (?:otro|trabajo|un trabajo))\b"
)
# what happened in a season, not "we were hoping for spring"
_PAST_EVENT = (
    r"\b(?:laid off|layoff|let go|lost (?:my|his|her|our|the) job|died|fallecio|murio|passed away"
    r"|graduated|retired|divorced|discharged|foreclosed)\b"
)
_WHEN_WORD = (
    r"\b(?:after|before|by|until|till|around|once|when|for|during|in time for|despues del?"
    r"|antes del?|para|hasta|durante|cuando)"
)
_WITHIN = re.compile(
    r"\b(?:within|next|proximos?|dentro de|in the next|en los proximos)\s+(?:the\s+)?$"
)
_MID_NEXT_YEAR = re.compile(
    r"\b(?:mid|middle of) next year|mediados del? (?:ano|año) (?:que viene|proximo)"
    r"|que viene a mediados|proximo (?:ano|año) a mediados"
)
_NEXT_YEAR = re.compile(r"\bnext (?:year|yr)\b|(?:año|ano) (?:que|q|k) viene|proximo (?:año|ano)")
_DAYS = {"d": 1, "w": 7, "s": 7, "m": 30.4, "y": 365, "a": 365}
_SEASONS = {
    "spring": 3, "primavera": 3, "summer": 6, "verano": 6,
    "fall": 9, "autumn": 9, "otoño": 9, "otono": 9, "winter": 12, "invierno": 12,
}  # fmt: skip


_NEXT_SEASON = {
    "winter": "spring", "spring": "summer", "summer": "fall", "fall": "winter",
    "invierno": "primavera", "primavera": "verano", "verano": "otono", "otono": "invierno",
}  # fmt: skip
_AFTER_SEASON = re.compile(
    r"\b(?:after|once|when)\s+(?:the\s+)?(winter|spring|summer|fall)(?:\s+(?:is\s+)?(?:over|ends"
    r"|is done|passes))?\b"
    r"|\b(?:despues|pasando|cuando pase|cuando termine|cuando se acabe)\s+(?:de(?:l| que (?:pase"
    r"|termine|se acabe))?\s+)?(?:el\s+)?(invierno|primavera|verano|otono)\b"
)
# "by the end of january", "before summer", "hasta marzo": when it must be done, which wins
# over the other times in the text ("the contractor starts in march if we sign by january").
_DEADLINE = re.compile(
    r"\b(?:by|before|no later than|antes del?|hasta|para)\s+(?:the\s+|el\s+|la\s+)?"
    r"(?:(?:end|start|beginning|middle) of\s+(?:the\s+)?|fin(?:ales)? de\s+|principios de\s+)?"
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre"
    r"|octubre|noviembre|diciembre|spring|summer|fall|autumn|winter|primavera|verano|otono|otoño"
    r"|invierno|then|entonces|that)\b"
)
_IN_CONTRACT = re.compile(
    # "in contract", "en contrato"; not a contract to sell the home they have
    r"\b(?:under|in|en|bajo) contra(?:ct|to)\b"
    # not one to sell the home they have, nor one hoped for ("under contract by spring")
    r"(?! (?:to sell|on (?:our|my) (?:current |old )?(?:house|home|place|condo)?|para vender|by"
    r"|before|within|antes|in the next|in (?:a|the) (?:few|couple|next))\b)"
    r"|offer(?:'?s| is| was| got| has been)? accepted"
    rf"|{_OFFER_IN}"
    # "ya tenemos contrato, cerramos el 15 de enero"; not a lease ("contrato de renta")
    r"|\bya (?:tenemos|tengo) (?:un |el )?contrato\b(?! de (?:renta|alquiler|arrendamiento"
    r"|trabajo)| (?:hasta|que|por|para|en)\b)"
    r"|accepted (?:our|my|the) offer|(?:nos )?aceptaron (?:la|nuestra) oferta"
    r"|(?<!no )(?<!not an )(?<!no hay )\b(?:accepted offer|oferta aceptada)"
)
_REALISTICALLY = re.compile(r"\b(?:realistically|siendo realistas|a lo realista)\b\W*")
_ASAP = re.compile(
    r"\basap\b|as soon as|ya mismo|ahora mismo|lo antes|cuanto antes|right away|immediately"
)
# "1/29", "el 15/2": a date in numbers (month first in English, day first in Spanish)
_EITHER_WAY = re.compile(r"\b(could be|puede ser|podria ser|might be)\b.{1,40}\b\1\b")
_NUMERIC_DATE = re.compile(r"(?<![\d/.$])(\d{1,2})/(\d{1,2})(?:/(?:20)?\d\d)?(?![\d/%])")
_DATE_CUE = re.compile(
    r"(?:\bby|before|\bon|until|till|thru|through|close[sd]?|closing|antes del?|para el|hasta el"
    r"|(?:lease|contrato|renta)\b[^.,;!?\d]{0,12}\b(?:up|ends?|expires?|vence|termina|acaba)"
    r"|\bel)\s*$"
)


def _spelled_dates(text: str, asked: bool) -> str:
    spanish = re.search(r"\b(?:el|para|antes|hasta|del|de)\b", text) is not None

    def name(m: re.Match[str]) -> str:
        a, b = int(m.group(1)), int(m.group(2))
        month, day = (b, a) if spanish or a > 12 else (a, b)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group()
        with_year = m.group().count("/") == 2
        if (
            not with_year
            and not _DATE_CUE.search(text[: m.start()])
            and not (asked and len(text.split()) <= 3)
        ):
            return m.group()  # "1/2 acre", "24/7": not a date
        return f"{calendar.month_name[month].lower()} {day}"

    return _NUMERIC_DATE.sub(name, text)


_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|febrero|marzo|abril|mayo"
    r"|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b\.?"  # not "decided"
)
# "before january ends", "antes de que termine enero": by the end of that month
_MONTH_ENDS = re.compile(
    rf"\bbefore (?:the )?(?P<m1>{_MONTH_WORD}) (?:ends|is over|is out|wraps up|finishes)\b"
    r"|\bantes (?:de )?que (?:se )?(?:termine|acabe|finalice|pase) (?:el mes de )?"
    rf"(?P<m2>{_MONTH_WORD})"
)
_DONE_IN = re.compile(
    r"\b(?:appraised|assessed|valued|bought|purchased|(?<!be )(?<!get )(?<!all )moved|pcs'?d"
    r"|pcsed|arrived|got here|tore(?: up)?|damaged|flooded|wrecked|destroyed|fell|burned"
    r"|refinanced|refi'?d|la valuaron|passed|died|eas'?d|ets'?d|got out"
    # "remarried in october"; not "we're getting married in April"
    r"|(?<!get )(?<!gets )(?<!getting )(?<!be )(?<!being )(?:re)?married|divorced|separated"
    r"|me case|nos casamos|me divorcie|fallecio|murio)\b"  # not "compramos": a Spanish present too
    # ("appraised at 198,500 in the summer": a thousands separator is no stop)
    r"(?:[^.!?;,]|(?<=\d)[.,](?=\d{3})){0,25}?\b(?:in|en|over) (?:the |el |la )?"
    rf"(?:last |pasad[oa] )?(?:{_MONTH_WORD}|{'|'.join(_SEASONS)})"
    r"(?: (?:pasad[oa]|de 20\d\d|20\d\d))?"
)
# Unasked, a span of months describes a season of work, not when to buy.
_MONTH_RANGE = re.compile(
    rf"\b(?:de |from )?{_MONTH_WORD}\s*(?:-|to|thru|through|till|until|a|hasta)\s*{_MONTH_WORD}"
)
# "winters I work at the ski shop", "en invierno en la bodega", "en verano nos vamos a la pisca"
_WORK_SEASON = re.compile(
    r"\b(?:winters|summers|en (?:el )?(?:invierno|verano|otono|otoño|primavera)\b[^,.;!?]{0,40}"
    r"\b(?:trabaj\w*|bodega|pisca|cosecha|empaque|temporada|campo|jale|chamba))\b"
    # (not "my job is moving me to nashville in the spring": the move's season)
    r"|\b(?:trabaj\w*|work\w*|job|season|temporada)\b"
    r"(?:(?!\b(?:moving|transferr\w*|relocat\w*|sending)\b)[^,.;!?]){0,40}"
    r"\b(?:in the |en (?:el )?)?(?:invierno|verano|winter|summer|spring|fall)\b"
)


def _timeline_for_days(days: float) -> str:
    if days <= 31:
        return "now"
    if days <= 92:
        return "1-3 months"
    if days < 182:
        return "3-6 months"
    return "6+ months"


def _unit_days(unit: str) -> float:
    if unit.startswith(("mes", "mo", "mn", "mt")):
        return 30.4
    if unit.startswith("dia") or unit.startswith("day"):
        return 1
    if unit.startswith(("sem", "w")):
        return 7
    return 365


_MONTHS = {
    "january": 1, "jan": 1, "enero": 1, "february": 2, "feb": 2, "febrero": 2,
    "march": 3, "marzo": 3, "april": 4, "apr": 4, "abril": 4, "may": 5, "mayo": 5,
    "june": 6, "junio": 6, "july": 7, "julio": 7, "august": 8, "aug": 8, "agosto": 8,
    "september": 9, "sept": 9, "sep": 9, "septiembre": 9, "setiembre": 9,
    "october": 10, "oct": 10, "octubre": 10, "november": 11, "nov": 11, "noviembre": 11,
    "december": 12, "dec": 12, "diciembre": 12,
}  # fmt: skip
# Dates everyone shares, as (month, day).
_EVENTS: tuple[tuple[str, tuple[int, int]], ...] = (
    (r"christmas|navidad|xmas", (12, 25)),
    (
        r"(?:end of|finales del?|fin del?|late) (?:the )?(?:q1|first quarter|primer trimestre)",
        (3, 31),
    ),
    # the number-word converter writes "second quarter" as "2nd quarter"
    (r"\bq1\b|(?:first|1st) quarter|primer trimestre", (2, 15)),
    (r"\bq2\b|(?:second|2nd) quarter|segundo trimestre", (5, 15)),
    (r"\bq3\b|(?:third|3rd) quarter|tercer trimestre", (8, 15)),
    (r"\bq4\b|(?:fourth|4th) quarter|cuarto trimestre", (11, 15)),
    (r"\b(?:dia de )?(?:los )?reyes(?: magos)?\b|(?:three|3) kings|epiphany", (1, 6)),
    (r"valentine'?s?|san valentin|dia del amor", (2, 14)),
    (r"\b(?:mlk|martin luther king)(?: jr)?(?: day)?\b", (1, 18)),
    (r"\bpresidents?'?s? day\b", (2, 15)),
    (r"\b(?:st|saint) patrick'?s?(?: day)?\b", (3, 17)),
    (r"\bcinco de mayo\b", (5, 5)),
    (r"\bmother'?s day\b|dia de las madres", (5, 9)),
    (r"\bfather'?s day\b|dia del padre", (6, 20)),
    (r"\bhalloween\b", (10, 31)),
    (r"easter|semana santa|pascua", (4, 5)),
    (r"memorial day", (5, 25)),
    (r"(?:4th|fourth) of july|independence day", (7, 4)),
    (r"labor day", (9, 5)),
    (
        r"new year|(?:año|ano) nuevo|the holidays|las fiestas"
        r"|(?:first|1st|turn) of (?:the |next )?year",
        (1, 1),
    ),
    # the refund arrives by late February: "cuando me llegue el income tax"
    (
        r"\b(?:llegue|lleguen|llega|llegan|salga|sale)n? (?:el |los |mi |mis )?(?:income )?tax"
        r"|tax (?:refund|return|money)s? (?:comes?|hits?|arrives?|lands?)|\btaxes back\b"
        r"|\bget (?:my|our) (?:tax )?refund\b",
        (2, 28),
    ),
    (r"tax (?:season|time|refund)|taxes|impuestos|tax return|el income tax", (4, 15)),
    (r"school (?:starts|year)|back to school|clases|(?:la|el) escuela", (8, 15)),
    (r"thanksgiving", (11, 26)),
    (r"mardi gras|carnaval|carnival", (2, 10)),  # moves each year (Feb 9 in 2027)
    (r"hurricane season|temporada de huracanes", (6, 1)),
    (r"jazz ?fest", (4, 30)),  # New Orleans, the last weekend of April
    (r"spring break|semana de primavera", (3, 15)),
    (r"super ?bowl", (2, 8)),
    (r"kentucky derby|derby day", (5, 1)),
    (
        # not "after 3:30 when school lets out": a time of day
        r"(?<!\d:\d\d when )(?<!\d when )(?<!pm when )(?<!am when )"
        r"(?:school|semester|classes) (?:ends|is out|gets out|lets? out|are out)|graduation"
        r"|graduacion|(?:se acaba|termina|terminan|salen de) (?:la escuela|las clases|clases)",
        (6, 1),
    ),
    (r"(?:before|after|during|by|until) lent\b|cuaresma", (2, 10)),  # Ash Wednesday, 2027
    (r"ski season|temporada de (?:esqui|ski)", (12, 1)),
)
_END_OF_YEAR = re.compile(
    r"\b(?:end|fin|finales|final) (?:of |de |del )?(?:the |this |este |el )?(?:year|año|ano)\b"
    # "antes de que termine el año", "before the year is out"
    r"|\b(?:termine|acabe|se acabe|se termine|terminar|acabar) (?:el|este) (?:año|ano)\b"
    r"(?! escolar)"
    r"|\bbefore (?:the|this) year (?:is out|is over|ends)\b"
)
_MAY_THE_MONTH = re.compile(
    r"\b(?:in|by|of|before|after|until|mid|early|late|end)[\s-]may\b"
    # "completion pushed to May", "moved back to may": a date moved
    r"|\b(?:pushed|moved|delayed|bumped|slid|slipped|postponed)(?: it| that| us| things"
    r"| closing| everything)?(?: back| out)? (?:to|till|until) may\b"
    # "May now, builder delays": the date as it stands
    r"|^\W*may (?:now|then)\b(?! (?:be|have|need|want|go|get|take|work|happen)\b)"
    r"|(?:^|[.!?]\s*)may\s*[.!?]*\s*$"  # "After mud season. May."
    r"|^\W*(?:like|maybe|around|probably|prob|about)?\s*may\s*(?:[,.!?]|$)"  # "like may, before..."
    r"|\bmay \d{1,2}(?:st|nd|rd|th)?\b(?! ?(?:months?|weeks?|years?|%|k\b))"  # "ends may 31"
)
_DAY_OF_MONTH = re.compile(
    r"\b(?:on|el) (?:the )?\d{1,2}(?:st|nd|rd|th)?\b(?![.,]\d)"  # "el 3.5%": a percentage
    r"(?! ?(?:%|acres?|units?|bed|bd|br|lots?|shift"
    r"|floors?|stor|car|kids?|hectar|years?|yrs?|of (?:them|those|these|us|my|our|the)\b))"
    r"|\bthe \d{1,2}(?:st|nd|rd|th)\b"
    r"(?! (?:shift|mortgage|loan|lien|time|home|house|floor|one|payment|position|half|quarter))"
)
_END = re.compile(r"\b(?:end|fin|finales|final)\b")
_EARLY = re.compile(r"\b(?:early|beginning|start of|starting|principios|inicios|comienzos)\b")
_LATE = re.compile(r"\b(?:late|finales|fin)\b")


def _next(month: int, day: int, today: date) -> date:
    target = date(today.year, month, min(day, 28) if month == 2 else day)
    return target if target >= today else date(today.year + 1, target.month, target.day)


def _calendar(text: str, today: date, asked: bool = True) -> str | None:
    """ "by february", "once our lease is up in june", "end of the year", "before christmas".

    Inside a longer free text (`asked` False) an event counts only after a word of time:
    "after tax season" says when, "my tax returns show low income" does not."""
    if _END_OF_YEAR.search(text):
        return _timeline_for_days((date(today.year, 12, 31) - today).days)
    after = 14 if re.search(r"\b(?:after|despues|once|pasando|luego de)\b", text) else 0
    month_named = any(
        w in _MONTHS and (w != "may" or _MAY_THE_MONTH.search(text))
        for w in re.findall(r"[a-z]+", text)
    )
    for pattern, (month, day) in () if month_named else _EVENTS:  # "after graduation in may"
        at = rf"\b(?:{pattern})" if asked else rf"{_WHEN_WORD}\s+(?:\w+\s+){{0,2}}(?:{pattern})"
        if not asked and re.search(rf"\bwaited\b[^,.;!?]*\b(?:{pattern})", text):
            continue  # "we waited til after hurricane season to pull the trigger": done already
        if re.search(at, text):
            return _timeline_for_days((_next(month, day, today) - today).days + after)
    for word in re.findall(r"[a-z]+", text):
        named = _MONTHS.get(word)
        if named is None or (word == "may" and not _MAY_THE_MONTH.search(text)):
            continue
        said = re.sub(r"(?<=\d)[,.](?=\d)", "", text)  # "appraised at $265,000 in september"
        if not asked and re.search(rf"{_PAST_WORD}[^,.;!?]*\b{word}\b", said):
            continue  # "my score was 752 in october": when something happened
        year = re.search(rf"\b{word}\.?\s+(?:\d{{1,2}}\w*,?\s+)?((?:19|20)\d\d)\b", text)
        if year and date(int(year.group(1)), named, 28) < today:
            continue  # "discharged Oct 2023": a date gone by
        month = named
        day = 5 if _EARLY.search(text) else 28 if _LATE.search(text) else 15
        by_month = re.search(
            rf"\b(?:before|by|antes de|hasta|no later than)\b([^.,;!?]{{0,30}})\b{word}\b", text
        )
        lease_ends = not re.search(  # not "lease is up end of march", "after my lease is up"
            r"\b(?:end|late|mid|fin|finales|mediados|after|once|despues|luego)\b", text
        ) and re.search(  # "se nos acaba el contrato de renta en junio": out by then
            rf"(?:\b(?:lease|contrato|renta)\b[^.,;!?]{{0,25}}\b(?:up|ends?|acaba|termina|vence"
            rf"|expires?)|\b(?:acaba|termina|vence)\w*\b[^.,;!?]{{0,30}}\b(?:lease|contrato|renta))"
            rf"\b([^.,;!?]{{0,15}})\b{word}\b",
            text,
        )
        # "moving to vegas for work in march": the home is needed when the move happens
        moves_then = not re.search(
            r"\b(?:end|late|mid|fin|finales|mediados)\b", text
        ) and re.search(
            # (not "move in march or april": the later month may be the one)
            rf"\b(?:moving|relocat\w*|move|transferr?\w*|pcs\w*)\b[^.,;!?]{{0,30}}\bin {word}\b"
            r"(?!\s*(?:or|o|-|/)\s*[a-z])",
            text,
        )
        dot = r"\.?" if len(word) <= 4 else ""  # "Jan. 30"; not "March. First home"
        not_a_day = r"(?!\s*(?:k\b|%|,\d|(?:home|house|time|place|buyer|mortgage|loan)\b))"
        dated = re.search(rf"\b{word}{dot}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b{not_a_day}", text)
        dated = dated or re.search(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?{word}\b", text
        )
        if dated and 1 <= int(dated.group(1)) <= 31:
            day = int(dated.group(1))  # "before my contract ends Jan 30": that day
        elif (
            (
                by_month
                and not re.search(r"\b(?:end|late|mid|fin|finales|mediados)\b", by_month.group(1))
            )
            or lease_ends
            or (moves_then and (_next(month, 1, today) - today).days > 45)
        ):
            day = 1  # "before June", "antes de junio": done by its start
        target = _next(month, day, today)
        if _NEXT_YEAR.search(text) and target.year == today.year:
            target = date(today.year + 1, month, target.day)  # "april next year", said in march
        if month == today.month and target.year > today.year:
            target = date(today.year, month, 28)  # "end of december" said in december
        # "after Jan 6": from then on, so not within the month ("right after that, like late
        # feb" stays by late February)
        days = max((target - today).days, 0)
        return _timeline_for_days(days + after if days <= 30 else days)
    on_day = _DAY_OF_MONTH.search(text)
    cued = on_day and (
        on_day.group().startswith(("on ", "el "))
        or re.search(
            r"\b(?:by|before|until|close[sd]?|closing|cierro|cerramos)\s+$", text[: on_day.start()]
        )
    )
    if on_day and (asked or cued):
        return "now"  # "we close on the 20th"; unasked, not "don't know the third" (a score)
    return None


def _named_month(text: str) -> bool:
    return any(
        _MONTHS.get(w) and (w != "may" or _MAY_THE_MONTH.search(text))
        for w in re.findall(r"[a-z]+", text)
    )


# Places named for a season: "Silver Spring", "Palm Springs", "Winter Park", "Fall River".
_SEASON_PLACES = re.compile(
    r"\b(?:silver|palm|colorado|hot|sulphur|desert|coral|cold|big|dripping|sandy|spring)"
    r"\s+springs?\b|\bspring\s+(?:hill|valley|lake|branch|grove|city|creek|garden)\b"
    r"|\bwinter\s+(?:park|haven|garden|springs)\b|\bfall\s+(?:river|creek|city)\b"
    r"|\bsummer\s+(?:lake|hill)\b"
    r"|\b(?:summer|winter)(?:\s*/\s*\w+)?\s+(?:place|home|house|cottage|cabin|getaway|rental"
    r"|retreat|condo|residence|spot)\b|\bcasa de (?:verano|invierno)\b"
    r"|\b(?:for|during) the (?:summers|winters)\b"  # a condo "for the winters": its use
)


def _season(text: str, today: date, asked: bool = True) -> str | None:
    text = _SEASON_PLACES.sub(" ", text)
    for word, month in _SEASONS.items():
        if re.search(rf"\b(?:every|each|cada|todos los|todas las) {word}", text):
            continue  # "we go down there every summer": a habit, not when
        if not asked and re.search(rf"{_PAST_EVENT}[^,.;!?]*\b{word}\b", text):
            continue  # "prob 670 now after the layoff in the spring": when it happened
        if re.search(rf"(?<!last )(?<!this past )\b{word}\b(?! pasad[ao])", text):
            start = date(today.year, month, 1)
            if start < date(today.year, today.month, 1):
                start = date(today.year + 1, month, 1)
            if re.search(rf"\bnext {word}\b", text) and (start - today).days < 60:
                start = date(start.year + 1, month, 1)  # "next winter", said in December
            if re.search(
                rf"\b{word} (?:del? |of )?(?:(?:el |the )?(?:ano|año) (?:que viene|proximo)"
                r"|next year)",
                text,
            ) and start.year == today.year + (month < today.month):
                start = date(start.year + 1, month, 1)  # "el invierno del año que viene"
            # "by spring" is read as during the spring by most writers (29 of 33 in
            # docs/nlu-report.md), "before spring" as its start
            by = "" if word in ("spring", "primavera") else "|by"
            before = re.search(
                rf"\b(?:before{by}|antes del?)\s+(?:the |el |la |next )?{word}\b", text
            )
            days = (start - today).days + (0 if before else 30)  # "antes del verano": its start
            far = re.search(rf"\b(?:before|by)\s+next {word}\b", text)
            if far and not asked and days > 270:
                return None  # "a new roof before next winter": a far deadline, not when
            return _timeline_for_days(max(days, 0))
    return None


# a year said as when: "late 2027", "summer 2027", "marzo de 2027" (not "orders thru 2029")
_YEAR = re.compile(
    r"\b(late|early|mid|end of|in|by|sometime in|summer|spring|fall|winter|finales de"
    r"|principios de|mediados de|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre"
    r"|octubre|noviembre|diciembre|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|verano|invierno|primavera|otono) "
    r"(?:(de|del) )?(20\d\d)(?![\d,.%-]|\s*(?:k|mil)\b)"
)


def _years_ahead_in_words(text: str, today: date) -> str:
    """ "late 2027", "marzo de 2027" said in December 2026: next year, in the words the rest
    of the parser reads; a later year is years away. Past years stay ("bought in 2021")."""

    def words(m: re.Match[str]) -> str:
        year = int(m.group(3))
        if year == today.year + 1:
            return f"{m.group(1)} " + ("del proximo año" if m.group(2) else "next year")
        return f"{m.group(1)} in 2 years" if year > today.year + 1 else m.group()

    return _YEAR.sub(words, text)


def _duration_ahead(text: str) -> bool:
    """A duration that says when, not how long ("renting for 6 years", "2 years ago")."""
    return any(
        not _PAST.search(text[: d.start()][-50:]) and not re.match(r"\s*ago\b", text[d.end() :])
        for d in _DURATION.finditer(text)
    )


def _far_apart(raw: str, today: date | None) -> bool:
    """ "could be 2 weeks could be 6 months": two readings at least two steps apart."""
    match = _EITHER_WAY.search(raw)
    assert match is not None
    first = parse_timeline(raw[match.end(1) : match.end()], today=today)
    second = parse_timeline(raw[match.end() :], today=today)
    return (
        bool(first and second)
        and abs(TIMELINES.index(str(first)) - TIMELINES.index(str(second))) >= 2
    )


_SCHOOL_BILL = re.compile(
    r"\b(?:(?:spring|summer|fall|winter)\s+)?(?:tuition|semester|colegiatura|matricula)\b"
    r"(?:\s+(?:bill|payment))?(?:\s+(?:is\s+)?(?:due|starts?))?"
    r"\s+(?:in|next|this|en|de)?\s*(?:the\s+)?"
    r"(?:spring|summer|fall|autumn|winter|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|jan|feb|aug|sept?|oct|nov|dec|enero|agosto)\b"
)
_OTHER_WHEN = re.compile(
    r"\b(?:asap|right away|immediately|right now|cuanto antes|lo antes posible|ya mismo"
    r"|(?:spring|summer|fall|winter|primavera|verano|otoño|otono|invierno)"
    r"(?!\s+(?:semester|term|classes|tuition|bill))"
    r"|\d+\s*(?:weeks?|months?|semanas|meses))\b"
)


_RIGHT_NOW_BEFORE_NO_RUSH = re.compile(
    r"\b(?:ahorita|ahora|right now|rn|for now|por ahora)\W+(?=" + _NO_RUSH.pattern + ")"
)
_IF_RATES_ALLOW = re.compile(
    r"\b(?:if|si|once|when|cuando)\s+(?:the\s+|las\s+|los\s+)?(?:rates?|they|interest(?: rates?)?"
    r"|tasas?|intereses?|prices?|precios?)\s+(?:ever\s+)?(?:drop|go down|come down|fall|get better"
    r"|dip|bajan?|mejoran?)\w*[^.,;!?]*"
)


_OVER_THE_YEARS = re.compile(
    r"\bover the (?:next|coming) (?:\d+|few|couple(?: of)?|two|three|four|five|several)"
    r" (?:years?|yrs?)\b"
)
_MONTH_NAMES = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|enero|febrero|marzo|abril|mayo|junio|julio"
    r"|agosto|septiembre|octubre|noviembre|diciembre"
)
_RISES_IN = re.compile(
    r"\b(?:rate|payment|arm|interest|tasa|pago)\b[^.,;!?]{0,30}?\b(?:go(?:es)? up|goes? higher"
    r"|adjust\w*|reset\w*|jump\w*|increas\w*|rise\w*|balloon\w*|sube|ajusta)\s+(?:in|on|en)\s+"
    rf"(?P<month>{_MONTH_NAMES})\b"
)
_SEASON_OF_A_BILL = re.compile(
    r"\b(?:spring|summer|fall|winter)\b(?=\s+(?:payment|semester|bill|tuition|term|classes"
    r"|quarter)\b)"
)
# (a payment, not tuition, which has its own rule, nor a baby "due in july")
_IS_DUE = re.compile(
    r"\b((?:payment|bill|deposit|balloon|rent|taxes|note|premium)s?\b[^.,;!?]{0,20}?)"
    r" (?:is |are )?due"
    rf" (?:on |by |in )?(?=(?:{_MONTH_NAMES})\b)"
)
_WINDOW = re.compile(r"\b(?:within|in) the next (?:couple|few|\d+|two|three)\b|\ben los proximos\b")
_EVENT_IN_A_MONTH = re.compile(
    r"\b(?:the|her|his|my|our|their|el|la)\s+\w+\s+(?:is|are|will be|es|sera)\s+(?:in|on|en)\s+"
    rf"(?:{_MONTH_NAMES})\b"
)


def parse_timeline(text: Any, *, asked: bool = True, today: date | None = None) -> str | None:
    """One of the four timelines from a phrase, a duration, a season or a 1-4 menu reply.

    Inside a longer free text (`asked` False) only clear phrases count ("asap", "closing in
    3 weeks", "next spring"), not a lone "now" or a menu number.
    """
    raw = fold(text)
    if raw in TIMELINES:
        return raw
    raw = re.sub(r"\b(?:q|k)\b(?= (?:viene|entra|sigue)\b)", "que", raw)  # "el mes q viene"
    # "springish", "marchish": about then
    raw = re.sub(
        r"\b(spring|summer|fall|autumn|winter|january|february|march|april|may|june|july"
        r"|august|september|october|november|december)-?ish\b",
        r"\1",
        raw,
    )
    # "de aquí a 6 meses": from now until then, within that time
    raw = re.sub(r"\bde aqui a(?= (?:\d+|un|una|dos|tres|cuatro|cinco|seis) )", "within", raw)
    # "few wks", "couple mos": texting shorthand for the units
    raw = re.sub(r"\b(few|couple(?: of)?|several|some)\s+wks?\b", r"\1 weeks", raw)
    raw = re.sub(
        r"\b(few|couple(?: of)?|several|some)\s+(?:mos?|mths?|mnths?)\b", r"\1 months", raw
    )
    # "in like a month o two": Spanish "o" in an English span
    raw = re.sub(r"\b(weeks?|months?|years?) o (?=(?:two|three|four|2|3|4)\b)", r"\1 or ", raw)
    raw = _PAST_SPAN.sub(" ", raw)
    # "depends on rates. if they drop id do it tomorrow": a when that waits on the market
    raw = _IF_RATES_ALLOW.sub(" ", raw)
    raw = _OVER_THE_YEARS.sub(" ", raw)  # "tuition over the next 4 years": how long it lasts
    # "the rate goes up in march": done before that month
    raw = _RISES_IN.sub(r"before \g<month>", raw)
    if _WINDOW.search(raw):  # "within the next couple months, the quince is in april"
        raw = _EVENT_IN_A_MONTH.sub(" ", raw)
    if asked:
        raw = _years_ahead_in_words(raw, today or date.today())
    # "right away, it's for my son's tuition in january": when the school bills is not when,
    # if they say when besides ("tuition is due in january" alone is their deadline)
    rest = _SCHOOL_BILL.sub(" ", raw)
    if asked and rest != raw and _OTHER_WHEN.search(rest):
        if said := parse_timeline(rest, asked=True, today=today):
            return said
    # "her spring payment is due jan 15": by that day (a school bill beside another time was
    # set aside above)
    if len(re.findall(rf"\b(?:{_MONTH_NAMES})\b", raw)) == 1:  # the only date said
        raw = _IS_DUE.sub(r"\1 by ", _SEASON_OF_A_BILL.sub(" ", raw))
    real = _REALISTICALLY.search(raw)
    if real and (said := parse_timeline(raw[real.end() :], asked=asked, today=today)):
        return said  # "asap-ish, but realistically 2-3 months": the hope, then the plan
    if asked:
        choice = numbered_choice(raw, len(TIMELINES))
        if choice:
            return TIMELINES[choice - 1]
    # "the one we like", "this one": a pronoun, not a date ("on the 1")
    pronoun_free = re.sub(r"\b(the|this|that|which|each|every) ones?\b", r"\1 pick", raw)
    # "won't make another winter", "one more summer here": a figure of speech, not when
    pronoun_free = re.sub(  # ("before another winter" is a deadline)
        rf"(?<!before )(?<!by )\b(?:another|one more) (?:{'|'.join(_SEASONS)})\b", " ", pronoun_free
    )
    # "yo 610, julio 660": a score beside a name that is a month
    pronoun_free = re.sub(
        r"\b(?:julio|june|april|august|abril|junio|mayo)\s+(?=[3-8]\d\d\b(?!\s*(?:k|mil)\b))",
        " ",
        pronoun_free,
    )
    # "mi esposo Julio", "my daughter April": a relative's name, not the month
    pronoun_free = re.sub(
        r"\b(?:esposo|esposa|marido|hij[oa]|herman[oa]|cuñad[oa]|prim[oa]|suegr[oa]|novi[oa]"
        r"|amig[oa]|ti[oa]|wife|husband|son|daughter|brother|sister|friend|partner|fiancee?"
        r"|cousin|aunt|niece|nephew)\s+(?:julio|june|april|august|abril|junio|mayo|may)\b",
        " ",
        pronoun_free,
    )
    # "el granizo de la primavera": the spring's hail, not when
    pronoun_free = re.sub(
        r"\b(?:granizo|tormentas?|huracan|lluvias?|nieve|nevada|inundacion|helada|hail|storms?"
        r"|hurricane|flood|freeze) (?:de|del|of|from|in) (?:la |el |the |this |last )?"
        r"(?:primavera|verano|otoño|otono|invierno|spring|summer|fall|winter)(?: pasad[oa])?\b",
        " ",
        pronoun_free,
    )
    # "after her fall", "mom had a bad fall": a fall, not autumn
    pronoun_free = re.sub(r"\b(?:her|his|my|their|a bad|a) fall\b", " ", pronoun_free)
    if not asked:  # "me subió a 625 este mes", "it dropped this week": when that happened
        pronoun_free = re.sub(
            rf"({_PAST_WORD}(?:(?!\b(?:offer|close|closing|buy|cerrar|comprar)\b)[^,.;!?]){{0,25}}?)"
            r"\b(?:this (?:month|week)|este mes|esta semana)\b",
            r"\1 ",
            pronoun_free,
        )
    # "by the middle of january": mid-january
    pronoun_free = re.sub(r"\b(?:the )?middle of\b", "mid", pronoun_free)
    # "before january ends", "antes de que termine enero": by the end of that month
    pronoun_free = _MONTH_ENDS.sub(r"by the end of \g<m1>\g<m2>", pronoun_free)
    cleaned = clean(
        pronoun_free,
        "es" if re.search(r"\b(?:mes|meses|semanas?|dias?|años?)\b", raw) else "en",
    )
    # the number-word converter writes Spanish ordinals as "1.ᵉʳ", "1ª", "1ᵒˢ"
    for ordinal, word in (("1.ᵉʳ", "primer"), ("1ª", "primera"), ("1ᵒˢ", "primeros")):
        cleaned = cleaned.replace(ordinal, word)
    cleaned = re.sub(
        r"\b(?:a|one|un|una)\s+(day|week|month|year|yr|dia|semana|mes|año)\b", r"1 \1", cleaned
    )
    # "within the next several months": more than a couple, fewer than six
    cleaned = re.sub(r"\bseveral (months|weeks)\b", r"4 \1", cleaned)
    # "a condo we can use a couple weeks a year": how often, not when
    cleaned = re.sub(
        r"\b(?:couple|few|\d+)(?: of)? (?:days?|weeks?|months?) (?:1|per|each|every|al|por) "
        r"(?:year|yr|año|ano)\b",
        " ",
        cleaned,
    )
    cleaned = re.sub(r"(\d+)\s*-?ish\b", r"\1", cleaned)  # "4ish months"
    # voice-to-text: "like to months" is two months
    cleaned = re.sub(
        r"\b(like|in|about|around|maybe) (?:to|too) (months?|weeks?)\b", r"\1 2 \2", cleaned
    )
    # "ahorita no, como en medio año": not now
    cleaned = re.sub(
        r"\b(?:ahorita|ahora|right now|rn)\s+no\b(?! (?:hay|tengo|tenemos|se)\b)", " ", cleaned
    )
    # "ahorita no hay prisa, tal vez en la primavera": "right now" says there is no rush
    cleaned = _RIGHT_NOW_BEFORE_NO_RUSH.sub(" ", cleaned)
    # "just shopping right now, maybe in a few months": what they do now, not when
    cleaned = re.sub(
        r"\b(?:just |only )?(?:shopping|looking|browsing|researching)(?: around)?"
        r" (?:right now|for now|rn)\b(?=\W+\w)",  # a time said after it
        " ",
        cleaned,
    )
    # "ahorita we're just looking, maybe summer": "right now" is what they do, not when
    cleaned = re.sub(
        r"\b(?:ahorita|right now|rn|for now|por ahora)\W+(?=(?:we'?re |i'?m |estamos |solo )?"
        r"(?:just |only |solo |nada mas )?(?:shopping|looking|browsing|researching|mirando|viendo"
        r"|buscando)\b[^.;!?]{0,40}\W(?:maybe|probably|prob|quizas|tal vez|like|around)\b)",
        " ",
        cleaned,
    )
    # "the realtor down the road says 450": a place, not "later"
    cleaned = re.sub(
        r"\b(?:realtor|agent|neighbou?rs?|guy|lady|man|woman|house|place|folks|lives|living"
        r"|church|school|store|bank|office|farm)\s+(?:just\s+)?down the road\b",
        " ",
        cleaned,
    )
    # "haven't looked in a while", "been renting for a while", "a late payment a while
    # back": the past, not when
    cleaned = re.sub(
        r"\b(?:haven'?t|havent|have not|hasn'?t|not|been)\s+(?:\w+\s+){0,3}(?:in|for)"
        r"\s+a\s+while\b|\ba (?:good |little |long )?while (?:back|ago)\b",
        " ",
        cleaned,
    )
    # "once winter is over", "después de que pase el invierno": the season after it
    cleaned = _AFTER_SEASON.sub(lambda m: f" in {_NEXT_SEASON[m.group(1) or m.group(2)]} ", cleaned)
    # "owe 190 on the first and 45 on the heloc": the first mortgage, not the 1st of a month
    cleaned = re.sub(
        r"\b(?:owe|owed|owing|balance|left)\b[^.!?]{0,25}?\bon the (?:first|1st)\b(?! of)"
        r"|\bon the (?:first|1st|second|2nd)\b(?= (?:and|&|y|mortgage|loan|lien|one)\b)"
        # "a lurker on the first time homebuyer subreddit": the kind of buyer
        r"|\bon the (?:first|1st)(?= time\b)",
        " ",
        cleaned,
    )
    # "under contract on our house in scottsdale, closing jan 22": the sale of the home they
    # have, not when they buy the next one
    cleaned = re.sub(
        r"\b(?:under|in) contract on (?:our|my) (?:current |old )?(?:house|home|place|condo)\b"
        r"[^.;!?]*",
        " ",
        cleaned,
    )
    # "winter Texans", "a summer job", "10k toward closing": a season or closing as a word
    cleaned = re.sub(
        r"\b(?:winter|summer)\s+(?=(?:texans?|visitors?|residents?|people|folks|birds?|job|work"
        r"|months)\b)|\b(?:spring|fall|summer|winter)\s+(?=(?:semester|term|classes|tuition)\b)"
        r"|\b(?:towards?|for|para|pa|pal) (?:the |el )?closing(?: costs?)?\b|\bclosing costs?\b"
        # "is that enough for down + closing??"
        r"|\b(?:down(?: payment)?|dp)\s*(?:\+|and|&|plus)\s*closing\b",
        " ",
        cleaned,
    )
    # "been looking since july", "we winter in Naples", "not right on 91 or 95": no date
    cleaned = re.sub(
        rf"\b(?:since|desde) (?:last |early |mid |late )?(?:{_MONTH_WORD})\b"
        r"|\b(?:we|i|and) winter(?:ed)? (?:in|down|here|there)\b"
        r"|\b(?:on|off|near|along) (?:the )?(?:i-?|route |rt |hwy |highway |interstate )?\d{1,3}"
        r"(?:\s*(?:or|and|&|/)\s*(?:i-?)?\d{1,3})?\b(?!\s*(?:/|days?|weeks?|months?|dias|semanas"
        r"|meses|th\b|st\b|nd\b|rd\b))",
        " ",
        cleaned,
    )
    # "2 wks on 2 off at the mine", "14 days on, 7 off": a work rotation, not when
    cleaned = re.sub(
        r"\b\d+\s*(?:wks?|weeks?|days?|dias?|semanas?)\s+on\b\W+(?:and\s+|y\s+)?\d+"
        r"(?:\s*(?:wks?|weeks?|days?|dias?|semanas?))?\s+off\b",
        " ",
        cleaned,
    )
    # "PCS'd in September", "it appraised at 480 in the spring": done already, not when
    cleaned = _DONE_IN.sub(" ", cleaned)
    # "score 741 as of Nov", "checked in October": when something was true, not when to buy
    cleaned = re.sub(rf"\bas of (?:last |early |mid |late )?(?:{_MONTH_WORD})\b", " ", cleaned)
    # "my score is 640 now", "worth like 450k now": what a number is today, not when
    cleaned = re.sub(r"(\b\d{3,}(?:,\d{3})*k?)\s+(?:right now|now|rn|ahora)\b", r"\1 ", cleaned)
    cleaned = _spelled_dates(cleaned, asked)
    # "a job at Mayo", "the Mayo Clinic": a place, not May in Spanish
    cleaned = re.sub(
        r"\b(?:at|the|to|from|with|for) mayo\b|\bmayo (?:clinic|hospital)\b", " ", cleaned
    )
    # "closing costs", "13 week contracts": money and a job's terms, not when
    cleaned = re.sub(
        r"\bclosing costs?\b|\b(?:costos|gastos) de cierre\b"
        r"|\b\d+[\s-]?(?:weeks?|wk|months?|mo|year|yr)\s+(?:contracts?|assignments?|rotations?|leases?)\b"
        # a work schedule, how often: "14 on 14 off", "home like 4 days a month"
        r"|\b\d+\s*(?:days?|weeks?)?\s*on\s*(?:and\s*|,\s*|/\s*)?\d+\s*(?:days?|weeks?)?\s*off\b"
        r"|\b\d+\s*(?:days?|weeks?|months?|nights?|shifts?)\s+(?:a|1|per|each|every|al|por)\s+"
        r"(?:week|month|year|yr|semana|mes|ano|año)\b"
        # money by the month or year: "pmi is like 140 a month", "hoa 650 a yr", "10 month pay"
        r"|\$?\d[\d,.]*\s*k?\s*(?:a|per|/|each|every|al|por)\s*(?:month|mo|year|yr|mes|ano|año)\b"
        r"|\b\d+[\s-]?month (?:pay|salary|contract|school year)\b",
        " ",
        cleaned,
    )
    if not asked:  # "season's march to october", "busy sept-dec", "trabajo de marzo a noviembre"
        cleaned = _WORK_SEASON.sub(" ", _MONTH_RANGE.sub(" ", cleaned))
        # "hotshot crew in summer, ski patrol in winter": a year of work, not when to buy
        seasons_in = re.findall(rf"\bin (?:the )?({'|'.join(_SEASONS)})s?\b", cleaned)
        if len(set(seasons_in)) >= 2:
            cleaned = re.sub(rf"\bin (?:the )?(?:{'|'.join(_SEASONS)})s?\b", " ", cleaned)
    if re.match(r"\W*(?:yesterday|ayer)\b", cleaned):
        return "now"  # "yesterday lol. roofer can start in january"
    # "what are rates like right now?": a question about rates says nothing of when
    cleaned = re.sub(r"[^.!?,]*\b(?:rates?|tasas?|interest|interes)\b[^.!?,]*\?", " ", cleaned)
    # "whenever rates drop enough. is it worth it now??": advice asked for, not when
    rest = re.sub(
        r"(?:^|(?<=[.!?]))\s*(?:is it|is now|would it|should i|should we|es buen\w*|vale la pena"
        r"|conviene)\b[^.!?]*\?",
        " ",
        cleaned,
    )
    if rest.strip(" .!?,"):
        cleaned = rest
    if not asked:  # "What fees should I expect at closing?", "why do sites want my SSN right away?"
        cleaned = re.sub(
            r"(?:^|(?<=[.!?]))\s*(?:what|why|how|who|which|que|por que|cuanto|cual)\b[^.!?]*\?",
            " ",
            cleaned,
        )
        # "... also what's 'closing'": a word asked about, even without the "?"
        cleaned = re.sub(
            r"(?:^|(?<=[.!?]))\s*(?:also |and |oh and |plus )?(?:what'?s|what is|whats"
            r"|what does)\s+\W*\w+(?:\s\w+)?\W*(?:mean)?\W*$",
            " ",
            cleaned,
        )
    # "whenever i get approved lol. hopefully spring": the season they hope for says when
    approved = re.search(r"\bwhenever (?:we|i) (?:can )?get approved\b", cleaned)
    if approved:
        rest = cleaned[: approved.start()] + " . " + cleaned[approved.end() :]
        if said := parse_timeline(rest, asked=False, today=today):
            return said
    # "... ya mismo... bueno, dice que mejor en marzo", "scratch that": the correction comes last
    # "3 months. actually make that 6": the number takes the unit said before it
    cleaned = re.sub(
        r"\b(\d+)\s*(months?|weeks?)\b(.{0,30}?\b(?:make (?:that|it)|wait,? no|no,? wait"
        r"|actually|i mean))\W+((?:more like |like |maybe |probably )?)(\d+)\b"
        r"(?!\s*(?:months?|weeks?|k|mil))",
        r"\1 \2\3 \4\5 \2",
        cleaned,
    )
    clauses = re.split(
        r"\b(but|pero|so|bueno(?=\s*,)|scratch that|scratch what i said|make (?:that|it)"
        r"|wait,? no|no,? wait|no,? perdon|never ?mind|nvm"
        r"|no,? mejor|(?:o )?mejor dicho)\b",
        cleaned,
    )
    wish = r"\b(?:want|need|hop|would|like|plan|gotta|have to|ready|quiero|queremos|necesit)\w*"
    if (
        len(clauses) > 1
        and clauses[-1].strip()
        and not (clauses[-2] == "so" and _IN_CONTRACT.search(" ".join(clauses[:-2])))
        and (
            clauses[-2] != "so"
            or re.search(wish, clauses[-1])
            # "before the ARM adjusts in April, so the next couple of months": the time itself
            or re.search(_SOON, clauses[-1])
            # "goes on the market in February, so probably late spring": what that leads to
            or re.match(
                r"\s*(?:probably|prob|probly|likely|most likely|realistically|(?:more )?like|maybe"
                r"|around"
                r"|i (?:guess|think|figure)|i'?d say)\b",
                clauses[-1],
            )
        )
    ):
        # "the judge gave me 6 months, but I want it done now": what they want comes last;
        # "before Memorial Day so we got the whole summer": not a "so" that only explains.
        wanted = parse_timeline(clauses[-1], asked=asked, today=today)
        if wanted:
            return wanted
    if re.search(r"este mes o el (?:que viene|proximo)|this month or next", cleaned):
        return "now"
    closing = re.search(
        r"\b(?:close|closing|move in|moved in|be in|cerrar|mudarnos|ideal\w*|comprar|buy)\b(.+)",
        cleaned,
    )
    months_named = [w for w in re.findall(r"[a-z]+", cleaned) if w in _MONTHS and w != "may"]
    durations = len(_DURATION.findall(cleaned))
    if asked and closing and (len(months_named) > 1 or durations > 1):
        when = parse_timeline(closing.group(1), asked=True, today=today)
        if when:
            return when  # "we start touring in january, want to close by april"
    if re.search(
        r"\b(?:put|made|submitted|sent) (?:in )?(?:an|our) offer\b(?! (?:in )?(?:the |next )?"
        r"(?:spring|summer|fall|winter|month|year|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
        cleaned,
    ) and not re.search(r"\b(?:accepted|aceptaron|aceptada)\b", cleaned):
        return "now"  # "we put an offer in friday, waiting to hear back": buying now
    contract = _IN_CONTRACT.search(cleaned)
    if contract and not re.search(r"\b(?:be|get|getting|estar)\s+$", cleaned[: contract.start()]):
        return "now"  # "ya estoy en contrato, cierro el 15 de enero": the contract says now
    deadline = _DEADLINE.search(cleaned)
    said_before = cleaned[: deadline.start()] if deadline else ""
    if (
        deadline
        and deadline.start() > 0
        and not _ASAP.search(cleaned)
        # "next couple months, want it done before summer": the time said first says when
        and not re.search(_SOON, said_before)
        and not re.search(
            r"\b(?:pronto|soon|right away|lo antes posible|cuanto antes)\b", said_before
        )
        and not _duration_ahead(said_before)
    ):
        rest = cleaned[deadline.start() :]
        if deadline.group().endswith(("then", "entonces", "that")):  # "... so before then"
            named = [
                m.group()
                for m in re.finditer(
                    r"\b[a-z]+(?:\.?\s+\d{1,2}(?:st|nd|rd|th)?\b(?!\s*(?:k|%)))?", said_before
                )
                if m.group().split()[0].rstrip(".") in _MONTHS
            ]  # "jan 31 so im tryna be in by then": that day
            if named and re.search(rf"\b(?:end|fin(?:ales)?) (?:of|de) {named[-1]}\b", said_before):
                named[-1] = f"the end of {named[-1]}"  # "lease ends end of january ... before that"
            rest = re.sub(r"\b(?:then|entonces|that)\b", named[-1], rest, count=1) if named else ""
        when = parse_timeline(rest, asked=True, today=today) if rest else None
        if when:
            return when
    no_rush = _NO_RUSH.search(cleaned)
    if no_rush:
        # the text as written ("en unos meses, no hay prisa": cleaning made "unos" "como")
        said_in = _RIGHT_NOW_BEFORE_NO_RUSH.sub(" ", raw) if _NO_RUSH.search(raw) else cleaned
        no_rush = _NO_RUSH.search(said_in) or no_rush
        rest = (said_in[: no_rush.start()] + " , " + said_in[no_rush.end() :]).strip(" ,.!")
        said = parse_timeline(rest, asked=asked, today=today) if rest else None
        if not said and re.search(
            r"\b(?:cuando (?:baje|bajen|se pueda)|when (?:the )?(?:rates?|interest) (?:drop|come)"
            r"|whenever (?:the )?rates?|depends on (?:the )?rates?|si baja)",
            rest,
        ):
            return None  # "sin prisa, cuando baje el interés": when rates allow, not a date
        return said or "6+ months"  # "no rush, next few months": the time said wins
    if _EARLY_NEXT_YEAR.search(cleaned):  # its start, as far from today as it is
        start = date((today or date.today()).year + 1, 2, 1)
        return _timeline_for_days((start - (today or date.today())).days)
    for part, timeline in _PART_OF_NEXT_YEAR:
        if part.search(cleaned):
            return timeline  # "sometime in the first half of next year"
    if _MID_NEXT_YEAR.search(cleaned):
        return "6+ months"  # "el que viene a mediados": the middle of next year
    if re.search(
        r"\b(?:ahora mismo|ya mismo|right now if|asap if|lo antes posible)\b"
        r"|(?<!not )(?<!no )(?<!then )(?<!after that )(?<!luego )(?<!despues )(?<!isnt )"
        r"(?<!isn't )(?<!arent )(?<!aren't )"
        r"\b(?:asap|(?:as )?soon as poss?ible|cuanto antes|lo mas pronto posible"
        r"|(?:tengo|tenemos) (?:mucha |un poco de )?prisa|in a (?:big |huge |real )?hurry)\b"
        r"(?! (?:if|si|after|despues)\b)",
        cleaned,
    ):
        return "now"  # "cuando se pueda, ahora mismo si se puede"; "asap it adjusts in january"
    if asked and re.search(r"\b(?:your|the) earliest convenience\b", cleaned):
        return "now"  # asked when: "at your earliest convenience" (unasked, it is about a call)
    later = re.search(_LATER, cleaned)
    names_when = _season(cleaned, today or date.today()) or _named_month(cleaned)
    if (
        later
        and names_when
        and (
            not re.search(r"year|yr|año|ano", later.group())
            or _NEXT_YEAR.fullmatch(re.sub(r"^el ", "", later.group()))
        )
    ):
        later = None  # "no rush, maybe in the spring", "march or april next year": that says when
    if (
        later
        and asked
        and later.group() == "cuando se pueda"
        and says_unknown(raw)
        and not _DURATION.search(cleaned)
        and not names_when
    ):
        return None  # "cuando se pueda, no sé": whenever it can be, they do not know when
    if (
        later
        and not asked
        and (today or date.today()).month >= 10
        and _NEXT_YEAR.fullmatch(re.sub(r"^el ", "", later.group()))
        and all(_NEXT_YEAR.search(m.group()) for m in re.finditer(_LATER, cleaned))
        # not "late next year", "a mediados del año que viene": far off however it is read
        and not re.search(
            r"\b(?:late|later|end|mid|middle|fin|finales|mediados)\W+(?:\w+\W+)?$",
            cleaned[: later.start()],
        )
    ):
        return None  # "buying next year", texted in December: weeks or a year off, so asked
    if later and not _DURATION.search(cleaned):
        return "6+ months"  # "no rush" -- unless a duration says when ("no rush, 2-3 months")
    if asked and _EITHER_WAY.search(raw) and (says_unknown(raw) or _far_apart(raw, today)):
        return None  # "idk, could be soon could be next fall": they do not know
    if (
        asked
        and says_unknown(raw)
        and not re.search(r"\b(?:years?|yr|ano|año)\b", cleaned)
        and not _DURATION.search(cleaned)  # "idk like 6 months" says when
        and not names_when  # "idk, depends. ideally by summer"
        # "idk, next few months?", "no se, en unos meses"
        and not re.search(rf"{_SOON}|{_LATER_THIS_YEAR}", f"{cleaned} {raw}")
    ):
        return None  # "todavia no se" is not "todavia no"; "idk, maybe one year" says when
    if re.search(r"\b(?:a |1 )?month or (?:two|2)|(?:un|1) mes o (?:dos|2)|1 o 2 meses", cleaned):
        return "1-3 months"  # "in a month or two"
    bare_range = re.fullmatch(r"(\d+)\s*(?:-|to|a)\s*(\d+)\+?", cleaned.strip())
    exact = {("1", "3"): "1-3 months", ("3", "6"): "3-6 months"}
    span = (bare_range.group(1), bare_range.group(2)) if bare_range else None
    if asked and span in exact:
        return exact[span]  # "3-6" names the menu's own range
    if asked and bare_range and int(bare_range.group(2)) <= 24:
        return _timeline_for_days(int(bare_range.group(2)) * 30.4)  # "3-6": months
    for duration in _DURATION.finditer(cleaned):
        before = cleaned[: duration.start()]
        if not asked and not _DURATION_CUE.search(before):
            continue
        past = (
            _PAST.search(before[-50:])
            or re.match(r"\s*ago\b", cleaned[duration.end() :])
            or (  # "my own practice, for about 3 months now": how long, not when
                re.search(r"\bfor\s+(?:about\s+|like\s+|almost\s+|over\s+)?$", before)
                and re.match(r"\s*(?:now|already|so far)\b", cleaned[duration.end() :])
            )
        )
        years_said_alone = (
            not asked
            and _unit_days(duration.group(3)) >= 365
            and not re.search(r"\b(?:in|within|next|en|dentro de|proximos?)\s*$", before)
        )
        if past or years_said_alone:
            continue  # "renting for like 6 years", "bought 2 years ago": not when to buy
        top = int(duration.group(2) or duration.group(1))
        days = top * _unit_days(duration.group(3))
        within = bool(_WITHIN.search(before))
        if (duration.group(2) or within) and top == 6 and _unit_days(duration.group(3)) > 30:
            return "3-6 months"  # "within 4 to 6 months", "in the next 6 months": up to 6
        return _timeline_for_days(days)
    if later:
        return "6+ months"
    if (
        any(
            re.search(rf"\b{m}\b", cleaned)
            for m in (
                "january",
                "february",
                "march",
                "april",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            )
        )
        or _MAY_THE_MONTH.search(cleaned)
        or any(re.search(p, cleaned) for p, _ in _EVENTS)
    ):
        # "closing by May", "closing before Memorial Day": the date, not the word "closing"
        dated = _calendar(cleaned, today or date.today(), asked)
        planned = re.search(rf"\bin (?:the )?(?:{'|'.join(_SEASONS)})\b", cleaned)
        if dated and planned and not _named_month(cleaned):
            season = _season(cleaned, today or date.today())
            if season and TIMELINES.index(season) < TIMELINES.index(dated):
                return season  # "close in the spring, definitely before the school year"
        if dated:
            return dated  # "closing mid january" says when
    if re.search(_NOW_STRICT, cleaned) or (asked and re.search(_NOW_LOOSE, cleaned)):
        return "now"
    if asked and re.search(_SOON_LOOSE, cleaned) and _PRESSED.search(cleaned):
        return "now"  # "the roof is leaking so soon please", "as soon as it can be arranged"
    if re.search(_SOON, cleaned) or (asked and re.search(_SOON_LOOSE, cleaned)):
        return "1-3 months"
    season = _season(cleaned, today or date.today(), asked)
    dated = _calendar(cleaned, today or date.today(), asked)
    if season and dated and asked and re.search(r"\bthis (?:winter|spring|summer|fall)\b", cleaned):
        return dated  # "this winter while things are slow, Jan or Feb": the months say which part
    if season:
        return season
    if dated:
        return dated
    if asked and re.search(r"\b(?:this year|este (?:año|ano))\b", f"{cleaned} {raw}"):
        now = today or date.today()  # "este año si se puede", said in December: within weeks
        return _timeline_for_days((date(now.year, 12, 31) - now).days)
    if re.search(_LATER_THIS_YEAR, cleaned) or re.search(_LATER_THIS_YEAR, raw):
        return "3-6 months"
    return None
