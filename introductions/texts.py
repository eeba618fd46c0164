"""What we say: SMS texts for borrowers (English and Spanish) and Block Kit for LOs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.models import Introduction, LoanOfficer, Qualification
from vocabulary import LO_OUTCOMES, PASS_REASONS

PURPOSES = {
    "purchase": "buy a home",
    "refinance": "refinance",
    "cash_out_refinance": "take cash out (refinance)",
    "heloc": "open a HELOC",
}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}
ACCEPT = "intro_accept"
PASS = "intro_pass"  # noqa: S105 -- a Slack action id, not a password
SNOOZE = "intro_snooze"
OUTCOME_LABELS = {outcome: outcome.capitalize() for outcome in LO_OUTCOMES}  # Slack buttons
OUTCOME_ACTION = "intro_outcome"
PASS_REASON_LABELS = {
    "not_my_product": "Not my product",
    "too_busy": "Too busy",
    "not_licensed": "Not licensed for this",
    "other": "Other",
}
assert tuple(PASS_REASON_LABELS) == PASS_REASONS


def slack_escaped(text: str) -> str:
    """A borrower's own words as Slack shows them, never as a mention or a disguised link:
    Slack reads <...> as control sequences, so &, < and > are escaped (Slack's formatting
    rules)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _lang(es: bool, en_text: str, es_text: str) -> str:
    return es_text if es else en_text


def summary(q: Qualification) -> str:
    price = f"${q.price_usd:,}" if q.price_usd else "price not given"
    purpose = PURPOSES.get(q.loan_purpose or "", "talk to a loan officer")
    return (
        f"wants to {purpose} in {q.property_state} · {price} · "
        f"credit {q.credit_band or 'not given'} · timeline: {q.timeline or 'not given'}"
    )


def slack_date(when: datetime, fallback: str = "soon") -> str:
    # Slack renders this in each viewer's own time zone.
    return f"<!date^{int(when.timestamp())}^{{time}} on {{date_short}}|{fallback}>"


def _button(action_id: str, text: str, value: str, style: str | None = None) -> dict[str, Any]:
    button = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def offer_card(intro: Introduction, q: Qualification, reason: str) -> dict[str, Any]:
    name, facts_line = slack_escaped(q.first_name or "A borrower"), slack_summary(q)
    language = LANGUAGE_NAMES.get(intro.borrower.language, intro.borrower.language)
    facts = [
        f"Prefers: {slack_escaped(q.contact_time or 'any time')}",
        f"Writes in {language}",
    ]
    buttons = [_button(ACCEPT, "Accept", str(intro.id), "primary"), pass_menu(intro.id)]
    if not intro.snoozed:
        buttons.append(_button(SNOOZE, "Snooze", str(intro.id)))
    return {
        "channel": intro.loan_officer.slack_user_id,
        "text": f"New introduction: {name} {facts_line}",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "New introduction for you"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{name}* {facts_line}"}},
            {"type": "section", "text": {"type": "mrkdwn", "text": " · ".join(facts)}},
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"Why you: {reason}"},
                    {"type": "mrkdwn", "text": f"Please answer by {slack_date(intro.deadline_at)}"},
                ],
            },
            {"type": "actions", "block_id": f"intro-{intro.id}", "elements": buttons},
        ],
    }


def pass_menu(intro_id: int) -> dict[str, Any]:
    """Pass, with why: the matcher learns fit from a product or licensing pass."""
    return {
        "type": "static_select",
        "action_id": PASS,
        "placeholder": {"type": "plain_text", "text": "Pass because..."},
        "options": [
            {"text": {"type": "plain_text", "text": label}, "value": f"{intro_id}:{key}"}
            for key, label in PASS_REASON_LABELS.items()
        ],
    }


def closed_card(q: Qualification, outcome: str) -> dict[str, Any]:
    """The offer card once answered or expired: the same facts, no buttons."""
    name, facts_line = slack_escaped(q.first_name or "A borrower"), slack_summary(q)
    return {
        "text": f"{outcome}: {name} {facts_line}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{name}* {facts_line}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": outcome}]},
        ],
    }


def _who(q: Qualification) -> str:
    """The borrower as an LO reads them: the first name, when the borrower gave one."""
    return q.first_name or "The borrower"


def _slack_who(q: Qualification) -> str:
    return slack_escaped(_who(q))


def slack_summary(q: Qualification) -> str:
    """The card's facts for Slack: slot values are the borrower's words in the end ("<580")."""
    return slack_escaped(summary(q))


def _g(q: Qualification) -> str:
    """ ", Ana" after a greeting, or nothing when the borrower gave no name."""
    return f", {q.first_name}" if q.first_name else ""


def borrower_details(
    intro: Introduction, q: Qualification, phone: str, first_contact: datetime | None = None
) -> dict[str, Any]:
    """`first_contact`: when to reach out, if not now (the LO's next working time moved into
    the borrower's preferred time)."""
    contact = f" Best time to reach: {slack_escaped(q.contact_time)}." if q.contact_time else ""
    if first_contact is not None:
        contact += f" Suggested first contact: {slack_date(first_contact)}."
    text = (
        f"{_slack_who(q)}'s details: phone {phone}; {slack_summary(q)}.{contact} They agreed "
        "to be contacted by call or text. Suggested first text: "
        f"\"Hi{slack_escaped(_g(q))}, it's {intro.loan_officer.name.split()[0]}, the loan officer "
        'you were just introduced to. Is now a good time for a quick call?" '
        "Reply in this thread to text them through the bot; record how it goes below."
    )
    outcomes = [
        _button(OUTCOME_ACTION, label, f"{intro.id}:{key}") for key, label in OUTCOME_LABELS.items()
    ]
    return {
        "channel": intro.loan_officer.slack_user_id,
        "text": text,
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "actions", "block_id": f"outcome-{intro.id}", "elements": outcomes},
        ],
    }


def team_news(q: Qualification, lo: LoanOfficer, reason: str) -> str:
    where = slack_escaped(f"{q.property_state}, {q.loan_purpose or 'fast-track'}")
    who = f"{_slack_who(q)} ({where})"
    return f"Introduced {who} to {lo.name}. Why: {reason}"


def warm_intro_sms(q: Qualification, lo: LoanOfficer, later: str | None, language: str) -> str:
    """`later` is the borrower-local time the LO's day starts, or None if they are at work."""
    first = lo.name.split()[0]
    es = language == "es"
    if later is None:
        when = _lang(es, "shortly", "muy pronto")
    else:
        when = _lang(es, f"when their day starts ({later})", f"al empezar su jornada ({later})")
    return _lang(
        es,
        f"Great news{_g(q)}! I've introduced you to {lo.name} (NMLS #{lo.nmls_id}), "
        f"a licensed loan officer who fits what you need. {first} will call or text you {when}.",
        f"¡Buenas noticias{_g(q)}! Te presente a {lo.name} (NMLS #{lo.nmls_id}), "
        f"oficial de prestamos con licencia. {first} te llamara o escribira {when}.",
    )


def matching_sms(language: str, later: str | None = None) -> str:
    """`later`: when the LO's working day starts (borrower-local), if they are not at work."""
    if later is not None:
        return _lang(
            language == "es",
            "I've found a licensed loan officer who fits. Their working day starts "
            f"{later}; I'll text you their name as soon as they confirm.",
            "Encontre un oficial de prestamos con licencia para ti. Su jornada empieza el "
            f"{later}; te escribo su nombre en cuanto confirme.",
        )
    return _lang(
        language == "es",
        "I've found a licensed loan officer who fits. I'm checking they're free now and will "
        "text you their name in a few minutes.",
        "Encontre un oficial de prestamos con licencia para ti. Confirmo que este disponible y "
        "te escribo su nombre en unos minutos.",
    )


def no_match_sms(q: Qualification, language: str, days: int) -> str:
    name = q.first_name or _lang(language == "es", "there", "")
    return _lang(
        language == "es",
        f"I'm sorry, {name}: right now none of our loan officers licensed in "
        f"{q.property_state} can take on a new client, so I haven't shared your details "
        f"with anyone. I'll keep you on our waiting list for {days} days and text you only "
        "when a loan officer has said yes. Reply LEAVE to come off the list.",
        f"Lo siento{', ' + name if name else ''}: ahora mismo ningun oficial con licencia en "
        f"{q.property_state} puede atenderte, asi que no comparti tus datos. Te dejo en "
        f"nuestra lista de espera {days} dias y te escribo solo cuando un oficial acepte. "
        "Responde SALIR para dejar la lista.",
    )


def language_question_sms(q: Qualification, language: str) -> str:
    """Asked before an offer goes to an LO who does not speak the borrower's language."""
    return _lang(
        language == "es",
        f"Right now no loan officer who speaks your language is free in {q.property_state}. "
        "Is an English-speaking loan officer OK? Reply YES or NO.",
        "Ahora mismo ningun oficial de prestamos que hable español esta disponible en "
        f"{q.property_state}. ¿Te parece bien un oficial que habla inglés? Responde SI o NO.",
    )


def waitlisted_for_language_sms(language: str, days: int) -> str:
    return _lang(
        language == "es",
        f"OK. I'll keep you on our waiting list for {days} days and text you only when a loan "
        "officer who speaks your language has said yes. Reply LEAVE to come off the list.",
        f"De acuerdo. Te dejo en nuestra lista de espera {days} dias y te escribo solo cuando "
        "un oficial que hable español acepte. Responde SALIR para dejar la lista.",
    )


def offer_pending_sms(language: str, later: str | None) -> str:
    """The borrower texts while their offer waits for the LO's answer."""
    if later is not None:
        return _lang(
            language == "es",
            f"I've asked a loan officer who fits; their working day starts {later}. I'll "
            "text you their name as soon as they confirm.",
            f"Le pregunte a un oficial que encaja contigo; su jornada empieza el {later}. "
            "Te escribo su nombre en cuanto confirme.",
        )
    return _lang(
        language == "es",
        "I'm waiting for a loan officer who fits to confirm; I'll text you their name as soon "
        "as they do. If they can't, I'll ask the next one.",
        "Estoy esperando que un oficial que encaja contigo confirme; te escribo su nombre en "
        "cuanto lo haga. Si no puede, le pregunto al siguiente.",
    )


def still_waitlisted_sms(language: str, until: str) -> str:
    return _lang(
        language == "es",
        f"You're on our waiting list until {until}. No loan officer has room yet; I'll text "
        "you as soon as one has said yes. Reply LEAVE to come off the list.",
        f"Estas en nuestra lista de espera hasta el {until}. Aun ningun oficial tiene lugar; "
        "te escribo en cuanto uno acepte. Responde SALIR para dejar la lista.",
    )


def left_waitlist_sms(language: str) -> str:
    return _lang(
        language == "es",
        "Done: you're off the waiting list and I haven't shared your details. Text us "
        "anytime if you'd like me to look again.",
        "Listo: ya no estas en la lista de espera y no comparti tus datos. Escribenos cuando "
        "quieras que busquemos de nuevo.",
    )


def ended_sms(language: str, why: str, lo_first: str | None = None) -> str:
    """What became of the borrower's last request, then: look again? (YES/NO).

    `why`: funded, closed (an introduction ended), expired (the waiting list's time ran
    out), left (they left the list), declined (they said no to looking again) or none."""
    es = language == "es"
    lo = lo_first or _lang(es, "your loan officer", "tu oficial")
    said = {
        "funded": _lang(
            es,
            f"Congratulations on your loan with {lo}!",
            f"¡Felicidades por tu prestamo con {lo}!",
        ),
        "closed": _lang(
            es, f"Your introduction to {lo} has ended.", f"Tu presentacion con {lo} termino."
        ),
        "expired": _lang(
            es,
            "Your time on our waiting list ended without a loan officer free.",
            "Tu tiempo en la lista de espera termino sin un oficial disponible.",
        ),
        "left": _lang(
            es, "You're not on our waiting list.", "No estas en nuestra lista de espera."
        ),
    }.get(why, "")
    ask = _lang(
        es,
        "Would you like me to introduce you to a loan officer now? Reply YES or NO.",
        "¿Quieres que te presente a un oficial de prestamos ahora? Responde SI o NO.",
    )
    return f"{said} {ask}".strip()


def no_new_intro_sms(language: str) -> str:
    return _lang(
        language == "es",
        "OK, I won't look for now. Text us anytime if you change your mind.",
        "De acuerdo, no busco por ahora. Escribenos cuando quieras.",
    )


def check_back_sms(q: Qualification, lo: LoanOfficer, language: str) -> str:
    first = lo.name.split()[0]
    return _lang(
        language == "es",
        f"Hi{_g(q)}, did {first} reach you yet? Reply 1 for yes, 2 for no.",
        f"Hola{_g(q)}, ¿ya te contacto {first}? Responde 1 si, 2 no.",
    )


def check_back_thanks(language: str) -> str:
    return _lang(
        language == "es", "Great, thanks for letting me know!", "¡Genial, gracias por avisarme!"
    )


def check_back_nudged(lo: LoanOfficer, language: str) -> str:
    first = lo.name.split()[0]
    return _lang(
        language == "es",
        f"Sorry about that. I've reminded {first} and will check with you again later.",
        f"Perdon. Le recorde a {first} y te vuelvo a preguntar mas tarde.",
    )


def reassigning_sms(language: str) -> str:
    return _lang(
        language == "es",
        "Sorry it didn't work out. I'll introduce you to a different loan officer.",
        "Lamento que no funcionara. Te presentare a otro oficial de prestamos.",
    )


def lo_nudge(q: Qualification) -> str:
    return f"{_slack_who(q)} says nobody has reached them yet. Could you call or text them today?"


def relayed_to_lo(q: Qualification, text: str) -> str:
    return f"{_slack_who(q)} (SMS): {slack_escaped(text)}"


def relayed_to_borrower(lo: LoanOfficer, text: str) -> str:
    return f"{text}\n- {lo.name.split()[0]}, {lo.name.split()[-1][0]}. (your loan officer)"


def stop_sms(brokerage: str) -> str:
    return f"{brokerage}: you're unsubscribed and won't get more texts. Reply START to resume."


def start_sms(brokerage: str) -> str:
    return f"{brokerage}: you're subscribed again. Reply STOP to opt out, HELP for help."


TEXT_ONLY_SMS = "I can only read text for now. Could you type that out?"
TROUBLE_SMS = "Sorry, I'm having trouble on my end. Please text again in a few minutes."
REDACTED_SMS = (
    "For your safety I removed a number that looked like an SSN, a card, a bank account or a "
    "birth date. I never need those."
)


def text_only_sms(language: str) -> str:
    return _lang(
        language == "es",
        TEXT_ONLY_SMS,
        "Por ahora solo puedo leer texto. ¿Me lo puedes escribir?",
    )


def trouble_sms(language: str) -> str:
    return _lang(
        language == "es",
        TROUBLE_SMS,
        "Perdon, tengo un problema de mi lado. Por favor escribe de nuevo en unos minutos.",
    )


def redacted_sms(language: str) -> str:
    return _lang(
        language == "es",
        REDACTED_SMS,
        "Por tu seguridad borré un numero que parecia un seguro social, una tarjeta, una cuenta "
        "de banco o una fecha de nacimiento. Nunca los necesito.",
    )


def throttled_sms(language: str) -> str:
    """Once per window to a number over the inbound rate: its extra messages are not read."""
    return _lang(
        language == "es",
        "You're sending messages faster than I can read them, so I skipped some. Please wait "
        "a minute, then send one message at a time.",
        "Me estas enviando mensajes mas rapido de lo que puedo leerlos, asi que me salte "
        "algunos. Espera un minuto y envia un mensaje a la vez.",
    )


# Keyword answers in the borrower's language (CTIA: the program's name, a contact, how to
# opt out, and that rates may apply); in English STOP and START answer with stop_sms and
# start_sms above. The disclosure on the first text the bot sends is added at send time
# (runtime/outbox.py).
def help_reply(brokerage: str, contact: str, language: str) -> str:
    return _lang(
        language == "es",
        f"{brokerage}: we introduce you to one licensed loan officer. Help: {contact}. "
        "Reply STOP to opt out. Msg & data rates may apply.",
        f"{brokerage}: te presentamos a un oficial de prestamos con licencia. Ayuda: "
        f"{contact}. Responde PARAR para no recibir mas mensajes. Pueden aplicarse tarifas de "
        "mensajes y datos.",
    )


def stop_reply(brokerage: str, language: str) -> str:
    return _lang(
        language == "es",
        stop_sms(brokerage),
        f"{brokerage}: te dimos de baja y no recibiras mas mensajes. Responde START para "
        "volver a recibirlos.",
    )


def start_reply(brokerage: str, language: str) -> str:
    return _lang(
        language == "es",
        start_sms(brokerage),
        f"{brokerage}: volviste a suscribirte. Responde PARAR para darte de baja, AYUDA para "
        "ayuda.",
    )


def opted_out_note(q: Qualification) -> str:
    """In the LO's thread when an introduced borrower texts STOP."""
    return (
        f"{_who(q)} opted out of texts (STOP). The bot will carry no more texts between you: "
        "replies in this thread are no longer sent to them."
    )


def withdrawn_card() -> dict[str, Any]:
    """The open offer once the borrower opted out: nothing of theirs is shown any more."""
    text = "Withdrawn: the borrower opted out (STOP), so this introduction will not go ahead."
    return {
        "text": text,
        "blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}],
    }


def relay_held_note(when: datetime) -> str:
    return (
        "Held for the borrower's calling hours (quiet hours where they live): it will be "
        f"texted at {slack_date(when)}."
    )


LO_REDACTED_NOTE = (
    "I removed a number that looked like an SSN or card from your reply before texting it; "
    "please don't send those by text."
)
