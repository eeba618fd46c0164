"""Texts composed in code, in the borrower's language (the rest are domain responses).

Plain GSM-7 characters only (no á, í, ó, ú), so each reply is one 160-character segment.
"""

from __future__ import annotations

from collections.abc import Sequence

FLAG_ITEMS = {
    "en": {
        "first_time_buyer": "first-time buyer",
        "va_eligible": "served in the US military (VA loans)",
        "self_employed": "self-employed",
    },
    "es": {
        "first_time_buyer": "primera casa",
        "va_eligible": "sirvio en el ejercito de EEUU (VA)",
        "self_employed": "trabaja por su cuenta",
    },
}
FLAG_SINGLE = {
    "en": {
        "first_time_buyer": "Is this your first home purchase? Reply YES or NO.",
        "va_eligible": "Have you served in the US military? (VA loans) Reply YES or NO.",
        "self_employed": "Are you self-employed? Reply YES or NO.",
    },
    "es": {
        "first_time_buyer": "¿Es su primera compra de casa? Responda SI o NO.",
        "va_eligible": "¿Ha servido en el ejercito de EEUU? (prestamos VA) Responda SI o NO.",
        "self_employed": "¿Trabaja por su cuenta? Responda SI o NO.",
    },
}
FLAG_MANY = {
    "en": "Do any of these apply? Reply the numbers, or 0 for none: {items}",
    "es": "¿Aplica alguno? Responda los numeros, o 0 si ninguno: {items}",
}
UPDATED = {
    "en": "Got it, I updated {what}.",
    "es": "Listo, actualice {what}.",
}
SLOT_NAMES = {
    "en": {
        "loan_purpose": "what you're looking for",
        "property_state": "the location",
        "price_usd": "the price",
        "credit_band": "your credit range",
        "timeline": "your timing",
        "first_name": "your name",
    },
    "es": {
        "loan_purpose": "lo que busca",
        "property_state": "la ubicacion",
        "price_usd": "el precio",
        "credit_band": "su rango de credito",
        "timeline": "sus tiempos",
        "first_name": "su nombre",
    },
}


def lang_of(value: object) -> str:
    return "es" if value == "es" else "en"


def flags_question(flags: Sequence[str], lang: str) -> str:
    """One question for the yes-or-no facts still unknown: numbered when more than one."""
    if len(flags) == 1:
        return FLAG_SINGLE[lang][flags[0]]
    items = " ".join(f"{i}) {FLAG_ITEMS[lang][slot]}" for i, slot in enumerate(flags, start=1))
    return FLAG_MANY[lang].format(items=items)


def updated(slots: Sequence[str], lang: str) -> str:
    names = [SLOT_NAMES[lang][s] for s in slots if s in SLOT_NAMES[lang]]
    joiner = " y " if lang == "es" else " and "
    return UPDATED[lang].format(what=joiner.join(names))
