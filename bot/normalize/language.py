"""language: "en" or "es", what the borrower writes in.

py3langid (its model ships inside the package, nothing is downloaded) restricted to English
and Spanish, plus a few Spanish words that are too short for it ("hola", "si", "q").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from bot.normalize.text import fold
from vocabulary import LANGUAGES

_SPANISH_WORDS = re.compile(
    r"\b(?:hola|buenas|buenos|quiero|queremos|necesito|busco|buscamos|casa|comprar|vender"
    r"|gracias|credito|prestamo|hipoteca|refinanci\w*|q|xq|pq|porque|por que|tengo|soy|me llamo"
    r"|mi|mis|nuestra|estoy|somos|año|meses|mil|unos|tambien|ayuda|hablar|persona|usted"
    r"|eres|ustedes|cuanto|cuando|donde|pa|para|con|una|del|que|si|sí|claro|dale"
    # function words of Spanglish ("necesito un lender, I'm under contract en Allentown y...")
    r"|y(?!')|un|en|pero|ya|muy|aqui|esta|estamos|tenemos|vivo|vivimos|mio|mia|dejo|nos"
    r"|ahora|bueno|informacion|favor|por|algo)\b"
)
_SPANISH_VERBS = re.compile(
    r"\b(?:quiero|queremos|quisiera|necesito|necesitamos|busco|buscamos|tengo|tenemos|comprar"
    r"|vender|estamos|estoy)\b"
)
_ENGLISH_WORDS = re.compile(
    r"\b(?:hi|hey|hello|want|looking|buy|house|home|need|my|the|and|is|are|yes|thanks"
    r"|please|credit|score|refinance|months?|we|i|i'm|im|you|your|what|how|can)\b"
)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: Any) -> tuple[str | None, float]:
    """("en" | "es" | None, confidence 0-1). None when the text has too few words to tell."""
    # "rates for 1.2 mil": an American's million, not Spanish
    folded = re.sub(r"\b\d+[.,]\d+\s*mil\b", "million", fold(text))
    # "grand rapids mi.", "pittsburgh pa": a state's code ending a clause, not "mi casa", "pa' ti"
    folded = re.sub(r"\b(?:mi|pa)\b(?=\s*(?:[.,;!?]|$))", " ", folded)
    words = re.findall(r"[a-zñ']+", folded)
    if not words:
        return None, 0.0
    # a Spanish verb of wanting or having is a Spanish speaker's, whatever nouns follow:
    # "hello, quiero comprar un house en el valle, my credit is like 720"
    spanish = len(_SPANISH_WORDS.findall(folded)) + len(_SPANISH_VERBS.findall(folded))
    english = len(_ENGLISH_WORDS.findall(folded))
    lang, prob = _identifier().classify(folded)
    # Spanglish ("busco house en metairie, 2 bedrooms"): Spanish function words with English
    # nouns are a Spanish speaker's; English speakers rarely write "busco" or "en"
    if spanish > english or (spanish == english and spanish >= 2):
        return "es", max(prob if lang == "es" else 0.0, min(0.6 + 0.15 * spanish, 0.99))
    if english > spanish:
        return "en", max(prob if lang == "en" else 0.0, min(0.6 + 0.15 * english, 0.99))
    if len(words) >= 2 and prob >= 0.9:
        return str(lang), float(prob)
    return None, 0.0


def _clearly(text: Any, lang: str, current: str) -> bool:
    """A clear, longer message in `lang`, not `current`: three or more of its everyday words,
    none of the current one's."""
    detected, confidence = detect_language(text)
    folded = fold(text)
    markers = _SPANISH_WORDS if lang == "es" else _ENGLISH_WORDS
    stays = _ENGLISH_WORDS if current == "en" else _SPANISH_WORDS
    return bool(
        detected == lang
        and lang != current
        and len(markers.findall(folded)) >= 3
        and confidence >= 0.95
        and not stays.search(folded)  # "ah perdón, pensé que... the house is like 320"
    )


# "se puede en español?", "mi ingles no es bueno", "English please": the borrower asks.
_ASKS_FOR = {
    "es": re.compile(
        r"\b(?:en espanol|in spanish|habla\w* espanol|spanish please"
        r"|mi ingles no es (?:bueno|muy)|no hablo (?:mucho |bien )?ingles|hablo espanol"
        r"|no (?:se|entiendo) (?:mucho |bien )?ingles)\b"
    ),
    "en": re.compile(
        r"\b(?:in english|en ingles|english please|speak english|no (?:hablo|se) espanol"
        r"|don'?t speak spanish|no spanish)\b"
    ),
}
_IN_A_ROW = 3  # short answers in the other language, one after another, switch it
_LOOK_BACK = 4  # ... among the last texts, "NY" and "800+" (no language) in between


def language_after(text: Any, current: str | None, earlier: Sequence[str] = ()) -> str:
    """The conversation's language after this message (`earlier`: the borrower's texts
    before it, oldest first).

    Set on the first message that tells (English until one does) and kept: a Spanish speaker who
    writes "ok" or "720" stays Spanish. A clear, longer message in the other language switches
    it; a place name never does. Once the borrower has written a real sentence in the current
    language, one answer in the other is not enough (a Spanish speaker's "The ones we like are
    around 600k"): two in a row are.
    """
    lang, _ = detect_language(text)
    if current not in LANGUAGES:
        return lang or "en"
    markers = (_SPANISH_WORDS if lang == "es" else _ENGLISH_WORDS).findall(fold(text))
    # "info" first, then "comprar": the first message with its words decides; not a code or
    # a letter that is also a short word ("PA", "Y" for yes). The earlier texts are only
    # re-read when this one could decide.
    clear = len(markers) >= 2 or any(len(w) >= 5 for w in markers)
    if lang and earlier and clear and not any(detect_language(t)[0] for t in earlier):
        return lang
    # "heloc", "colorado", "450", then "sí, troca propia": nothing yet was in the language the
    # conversation started in by default, so the first of the other's own words decides
    if (
        lang
        and lang != current
        and any(len(w) >= 2 and w not in ("pa", "mi") for w in markers)  # not "Y", "PA"
        and len(re.findall(r"[^\W\d_]+", str(text))) >= 2
        and earlier
        and not any(detect_language(t)[0] == current for t in earlier)
    ):
        return lang
    other = "es" if current == "en" else "en"
    if _ASKS_FOR[other].search(fold(text)):
        return other
    if lang == other and _answers_in(other, current, [*earlier[-_LOOK_BACK:], str(text)]):
        return other  # "en pasco, washington", "como 350 mil", "si primera casa"
    if not _clearly(text, other, current):
        return current
    own = _ENGLISH_WORDS if current == "en" else _SPANISH_WORDS
    wrote_current = any(len(own.findall(fold(t))) >= 3 for t in earlier)
    if wrote_current and not (earlier and _clearly(earlier[-1], other, current)):
        return current
    return other


def _answers_in(lang: str, current: str, texts: Sequence[str]) -> bool:
    """The last few answers that have a language all in `lang` (a one-word "yes" or "ok"
    has none here), with none of `current`'s words and two or more of `lang`'s between them:
    a Spanish speaker answering an English question in Spanish."""
    worded = [t for t in texts if len(re.findall(r"[^\W\d_]{2,}", t)) >= 2]
    told = [(t, said) for t in worded if (said := detect_language(t)[0])][-_IN_A_ROW:]
    if len(told) < _IN_A_ROW or any(said != lang for _, said in told):
        return False
    texts = [t for t, _ in told]
    markers = _SPANISH_WORDS if lang == "es" else _ENGLISH_WORDS
    stays = _ENGLISH_WORDS if current == "en" else _SPANISH_WORDS
    folded = [fold(t) for t in texts]
    return not any(stays.search(t) for t in folded) and (
        sum(len(markers.findall(t)) for t in folded) >= 2
    )
