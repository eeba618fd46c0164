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
EQUITY_QUESTION = {
    "en": "How would you like to take cash out? 1) a cash-out refinance (a new loan) 2) a HELOC "
    "(keep your loan, add a line of credit). Or reply EITHER.",
    "es": "¿Como prefiere sacar el dinero? 1) refinanciar con cash-out (un prestamo nuevo) "
    "2) linea de credito HELOC (conserva su prestamo). O responda CUALQUIERA.",
}
SKIPPED = {
    "en": "No problem, we can skip that one.",
    "es": "No hay problema, nos saltamos esa.",
}
TO_A_PERSON = {
    "en": "No problem, your loan officer can go over the options with you.",
    "es": "No hay problema, su oficial de prestamos le puede explicar las opciones.",
}
CONTACT_TIME_NOTED = {
    "en": "Got it, I'll pass that on to your loan officer.",
    "es": "Entendido, se lo paso a su oficial de prestamos.",
}
WAITING = {
    "property_state": {
        "en": "To find a loan officer licensed where the home is, I need its state. "
        "Text me the state or ZIP code whenever you're ready.",
        "es": "Para encontrar un oficial con licencia donde esta la casa, necesito el estado. "
        "Mandeme el estado o el codigo postal cuando quiera.",
    },
    "consent": {
        "en": "No problem. Whenever you'd like the introduction, just reply YES.",
        "es": "No hay problema. Cuando quiera la presentacion, solo responda SI.",
    },
}
HINTS = {
    "en": {
        "loan_purpose": "No problem. Are you buying a home, or do you own one and want a better "
        "rate, cash out or a line of credit? Reply 1, 2, 3 or 4.",
        "property_state": "Sorry, I couldn't match that to a US state. Just the state or a ZIP "
        "code works, like Texas or 78701.",
        "price_usd": "Sorry, I didn't catch the price. A rough number is fine, like 350k.",
        "credit_band": "Sorry, I didn't catch that. A guess is fine: a number like 700, or "
        "excellent, good, fair or poor.",
        "timeline": "Sorry, I didn't catch that. Roughly when, like 'in 2 months'? Or reply 1-4.",
        "flag": "Sorry, I didn't catch that. Just YES or NO is fine.",
        "first_name": "Sorry, I just need your first name.",
        "consent": "Sorry, I need a YES or a NO.",
        "property_zip": "Sorry, I didn't catch that. A 5-digit ZIP code, or the city and state.",
    },
    "es": {
        "loan_purpose": "No hay problema. ¿Quiere comprar casa, o ya tiene una y quiere mejor "
        "tasa, sacar efectivo o una linea de credito? Responda 1, 2, 3 o 4.",
        "property_state": "Perdon, no encontre ese lugar en EEUU. El estado o el codigo postal "
        "sirve, como Texas o 78701.",
        "price_usd": "Perdon, no entendi el precio. Un numero aproximado esta bien, como 300 mil.",
        "credit_band": "Perdon, no entendi. Un estimado esta bien: un numero como 700, o "
        "excelente, bueno, regular o malo.",
        "timeline": "Perdon, no entendi. ¿Mas o menos cuando, como 'en 2 meses'? O responda 1-4.",
        "flag": "Perdon, no entendi. Solo SI o NO esta bien.",
        "first_name": "Perdon, solo necesito su nombre.",
        "consent": "Perdon, necesito un SI o un NO.",
        "property_zip": "Perdon, no entendi. Un codigo postal de 5 digitos, o la ciudad y estado.",
    },
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


def skipped(lang: str, *, to_a_person: bool = False) -> str:
    return (TO_A_PERSON if to_a_person else SKIPPED)[lang]


def hint(slot: str, lang: str) -> str | None:
    """The short hint sent before a question is asked the second (and last) time."""
    key = "flag" if slot in FLAG_ITEMS["en"] else slot
    return HINTS[lang].get(key)
