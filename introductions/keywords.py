"""What a borrower's text means before the dialogue sees it: an opt-out (STOP), an opt-in
(START) or a request for help (HELP), in English or Spanish.

The FCC's 2024 rule lets a consumer revoke consent "by any reasonable means", so a clear
opt-out in plain words ("stop texting me please", "no me escriban más") counts as STOP. A
whole text must say it: "stop" inside a normal sentence ("I can't stop thinking about
rates") is not an opt-out. A text is normalized (case, accents, punctuation), courtesy
words at either end are set aside ("please", "por favor", "gracias"...), and what is left
must be one of the opt-out forms below, entirely, or a sentence or clause of its own
anywhere in the text must be ("not giving my info to a bot. STOP", "why? never mind, please
stop texting me, my bank approved me"), or start one before a new subject ("just stop
texting me I'll figure it out"), or end a run-on text after a decline ("nah im good take me
off ur list"; not after a condition, "if so please lose my number"). Declining calls
("please don't call me", "no me llamen") is not an opt-out of texts: it answers the consent
question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

STOP, START, HELP = "stop", "start", "help"

# Courtesy and context that may come before or after an opt-out without changing it.
FILLERS = (
    "please", "pls", "plz", "thanks", "thank you", "thx", "ty", "now", "right now",
    "immediately", "asap", "ok", "okay", "hi", "hello", "hey", "sorry", "seriously",
    "i said", "again", "already", "not interested", "wrong number", "this is", "all",
    "nvm", "never mind", "nevermind", "forget it", "forget this", "actually",
    "lol", "lmao", "haha", "ngl", "tbh", "fr", "bro", "dude", "man", "omg", "ugh",
    "por favor", "porfa", "porfavor", "gracias", "ya", "ahora", "hola", "oiga", "disculpe",
    "no gracias", "no me interesa", "numero equivocado", "ahora mismo", "de inmediato",
    "olvidalo", "olvidelo", "mejor", "que", "y",
    "look", "listen", "honestly", "for now", "mire", "mira", "oye", "oiga", "por ahora",
    "por el momento", "por mientras", "just", "nah", "nope", "tho", "though",
)  # fmt: skip
# "mejor no, ya no me manden nada", but not the "no" of "mejor no me manden mas mensajes"
_DECLINE_FIRST = r"mejor no(?! me\b)"
_FILLER = re.compile(
    r"^(?:(?:"
    + "|".join([_DECLINE_FIRST, *sorted(map(re.escape, FILLERS), key=len, reverse=True)])
    + r")\s+)+"
)
_FILLER_END = re.compile(
    r"(?:\s+(?:"
    + "|".join(["mejor no", *sorted(map(re.escape, FILLERS), key=len, reverse=True)])
    + r"))+$"
)

_TEXTS = r"(?:texts?|text messages?|messages?|msgs?|sms|mensajes?|textos?)"
_ME = r"(?:me|us|this number|my number|my phone(?: number)?|this phone)"

# Each form must match the whole (normalized, courtesy-trimmed) text.
STOP_FORMS_EN = (
    r"(?:stop|stopall|stop all|end|quit|cancel|unsubscribe|optout|opt out|revoke|remove me)",
    r"(?:stop|end|cancel) (?:it|this|everything|all (?:texts|messages))",
    rf"(?:stop|quit|dont|do not|never|no) (?:texting|messaging|contacting|text|message|contact"
    rf"|sending|bothering|spamming) {_ME}(?: (?:anymore|any more|no more|again|ever))*",
    rf"(?:stop|quit) (?:sending|send) (?:me |us )?(?:any |these |the |your |more |those )*"
    rf"{_TEXTS}",
    rf"(?:stop|end|cancel|block) (?:the |these |your |all |this |those |any )*(?:{_TEXTS}"
    r"|subscription|alerts|notifications|texting|messaging)",
    rf"no more {_TEXTS}(?: (?:to|for) {_ME})?(?: please)?",
    r"no more (?:texting|contact|messaging)(?: me)?",
    rf"(?:i )?(?:dont|do not) want (?:to (?:get|receive) )?(?:any )?(?:more )?(?:{_TEXTS}"
    r"|texting|to be (?:texted|contacted)|you to (?:text|contact|message) me)"
    r"(?: (?:from you|anymore|any more))*",
    rf"(?:unsubscribe|remove|delete|erase|opt) {_ME}(?: out)?"
    r"(?: (?:from|off) (?:this|your|ur|the|all|these|my) (?:list|texts|messages|contacts|list"
    r" please))?",
    rf"(?:take|get) {_ME} off (?:the|your|ur|this|all) (?:list|texts|messages|contact list)",
    r"(?:i want to|i would like to|id like to|i wanna|want to|i wish to|i need to|let me)"
    r" (?:opt out|unsubscribe|stop (?:receiving|getting) (?:these |your |the )?(?:texts"
    r"|messages)|be removed|cancel (?:the )?(?:texts|messages))",
    r"opt me out", r"leave me alone", r"lose my number", r"stop contacting",
    rf"enough (?:with |of )?(?:the |these |your )?{_TEXTS}",
    r"unsubscribe from (?:this|these|your|the) (?:list|texts|messages)",
)  # fmt: skip
STOP_FORMS_ES = (
    r"(?:parar|pare|paren|para|alto|basta|baja|cancelar|cancela|cancelen|detener|detente"
    r"|deten|fin|finalizar|terminar|desuscribir|desuscribirme|salir)",
    r"(?:dar|darme|dame|denme|de|quiero darme|me doy|me quiero dar|darse) de baja"
    r"(?: (?:de|del) (?:la lista|los mensajes|este servicio|servicio))?",
    rf"(?:no|ya no|nunca) me (?:escriban|escribas|escribe|escriba|manden|mandes|mande|envien"
    rf"|envies|envie|contacten|contactes|contacte|molesten|molestes|moleste|textees|texteen"
    rf"|vuelvan a escribir|vuelva a escribir"
    rf"|vuelvas a escribir)(?: (?:mas|{_TEXTS}|nada|nunca))*",
    rf"(?:dejen|deja|dejar|paren|pare|para|parar|dejad) de (?:escribirme|mandarme|enviarme"
    rf"|contactarme|molestarme|textearme|escribir|mandar|enviar)(?: (?:mas )?{_TEXTS})?",
    rf"(?:ya )?no (?:quiero|deseo) (?:recibir |que me (?:escriban|manden|envien) )?(?:mas )?"
    rf"(?:{_TEXTS})(?: (?:de ustedes|suyos))?",
    rf"(?:ya )?no (?:quiero|deseo) que me (?:escriban|manden|envien|contacten|molesten|texteen)"
    rf"(?: (?:mas|nada|nunca|{_TEXTS}))*",
    rf"no mas {_TEXTS}",
    r"(?:borren|borra|borrar|eliminen|elimina|eliminar|quiten|quita) (?:mi numero|mis datos)"
    r"(?: de (?:la|su|esta) lista)?",
    r"(?:quitenme|quitame|sacame|saquenme|borrenme|eliminenme|sacarme|quitarme)"
    r" (?:de (?:la|su|esta|sus) (?:lista|listas))",
    rf"(?:cancelar|cancela|cancelen|parar|detener) (?:la |los |las |mi )?(?:suscripcion|{_TEXTS})",
    r"(?:dejenme|dejame) en paz",
    rf"basta (?:de|con) (?:los |tantos |sus |estos )?{_TEXTS}",
    r"(?:quiero|quisiera) (?:cancelar|darme de baja|salir de la lista|que dejen de escribirme)",
)  # fmt: skip
START_FORMS = (r"(?:start|unstop|resubscribe|subscribe|reanudar|suscribir|suscribirme)",)
HELP_FORMS = (r"(?:help|ayuda|help me|ayudame|ayuda por favor)",)
# INFO is HELP by carrier convention, but as someone's very first text it means "tell me
# more": inbound.py then lets the dialogue answer it (its first text carries the disclosure).
INFO_FORMS = (r"(?:info|information|informacion|mas info|more info)",)

# Spanish words that say which language an ambiguous keyword ("stop", "info") came in.
SPANISH_HINTS = re.compile(
    r"\b(?:por favor|porfa|porfavor|gracias|ya|ahora|hola|oiga|disculpe|ayuda\w*|informacion"
    r"|reanudar|suscribir\w*|numero equivocado|no me interesa)\b"
)


def _compile(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{f})" for f in forms))


_STOP_EN, _STOP_ES = _compile(STOP_FORMS_EN), _compile(STOP_FORMS_ES)
_START, _HELP, _INFO = _compile(START_FORMS), _compile(HELP_FORMS), _compile(INFO_FORMS)


@dataclass(frozen=True)
class Keyword:
    kind: str  # stop | start | help
    language: str | None  # "es" when the borrower's words were Spanish, None when unclear
    info: bool = False  # HELP said as "info"


def normalize(body: str) -> str:
    """Lower case, no accents, apostrophes dropped ("don't" -> "dont"), punctuation and
    repeated words collapsed ("STOP STOP!!" -> "stop")."""
    text = re.sub("['`\u2019\u00b4]", "", body.casefold())  # ' ` and typographic ones
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text).strip()
    words: list[str] = []
    for word in text.split():
        if not words or words[-1] != word:
            words.append(word)
    return " ".join(words)


def _core(text: str) -> str:
    """The text without the courtesy words at its ends."""
    while True:
        trimmed = _FILLER_END.sub("", _FILLER.sub("", text + " ").strip())
        if trimmed == text or not trimmed:
            return trimmed or text
        text = trimmed


# Words that opt out as a whole text but are too common to do so as one sentence of a longer
# one ("Cancel." after "the seller backed out").
_WHOLE_TEXT_ONLY = frozenset({"end", "quit", "cancel", "para", "alto", "fin", "salir", "basta"})


# "just stop texting me I'll figure it out": a new subject ends the opt-out clause, and so
# does a conjunction ("please remove my number and do not contact me again")
_NEW_SUBJECT = re.compile(r"\s(?=(?:i|ill|im|ive|id|we|well|weve|my|our|yo|and|y|but|pero)\b)")


# "nah im good take me off ur list", "im not interested anymore please remove my number": an
# opt-out that ends the text after a decline, in one run-on sentence. Only after these words,
# so "the last lender wouldnt stop texting me" stays a sentence about someone else.
_DECLINED = frozenset(
    "good fine ok okay interested anymore thanks thx no nah nope mind nvm please pls plz bye"
    " already sorry lol so now again gracias interesa porfa favor bien mas".split()
)


def _tails(core: str) -> list[str]:
    words = core.split()
    if {"if", "si"} & set(words):
        return []  # "if so please lose my number": a condition, not a request
    return [
        _core(" ".join(words[i:]))
        for i in range(1, len(words) - 2)
        if words[i - 1] in _DECLINED and words[i] not in _DECLINED
    ]


def _stop_in(core: str, hint: str | None) -> Keyword | None:
    """The opt-out that `core` is, that it starts with before a new subject, or that it ends
    with after a decline."""
    heads = [core] + [
        _core(core[: m.start()]) for m in _NEW_SUBJECT.finditer(core) if m.start() > 0
    ]
    heads += _tails(core)
    for head in heads:
        if head is not core and len(head.split()) < 2:
            continue  # "stop i..." is too short to be sure
        if _STOP_ES.fullmatch(head):
            return Keyword(STOP, "es")
        if _STOP_EN.fullmatch(head):
            return Keyword(STOP, hint if head == "stop" else "en")
    return None


def _opt_out_sentence(body: str) -> Keyword | None:
    """ "not giving my info to a bot. STOP", "ya no me manden mensajes, STOP": a sentence or
    clause of its own that is an opt-out, wherever it stands, is one (the FCC's "any
    reasonable means")."""
    sentences = [s for s in (normalize(s) for s in re.split(r"[.!?;,\n]+", body)) if s]
    # "mire, mejor ya no me manden mensajes, ...": a word to get attention is no sentence
    sentences = [s for s in sentences if not _FILLER.fullmatch(s + " ")] or sentences
    if len(sentences) < 2:
        return None
    hint = "es" if SPANISH_HINTS.search(normalize(body)) else None
    for sentence in sentences:
        core = _core(sentence)
        if core in _WHOLE_TEXT_ONLY:
            continue
        stop = _stop_in(core, hint)
        if stop:
            return stop
    return None


def classify(body: str) -> Keyword | None:
    text = normalize(body)
    if not text:
        return None
    sentence = _opt_out_sentence(body)
    if sentence is not None:
        return sentence
    if len(text) > 120:  # a long text is a conversation, not a keyword
        return None
    candidates = (text, _core(text))
    hint = "es" if SPANISH_HINTS.search(text) else None
    for candidate in candidates:
        stop = _stop_in(candidate, hint)
        if stop:
            return stop
    for candidate in candidates:
        if _HELP.fullmatch(candidate):
            return Keyword(HELP, hint)
        if _INFO.fullmatch(candidate):
            return Keyword(HELP, hint or ("es" if "informacion" in candidate else None), True)
        if _START.fullmatch(candidate):
            return Keyword(START, hint)
    return None
