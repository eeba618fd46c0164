"""One inbound SMS, start to finish: keywords, Rasa's turn, the qualification, the match."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from bot.normalize import language_after
from introductions import checkback, keywords, next_steps, relay, texts
from introductions.handoff import (
    handoff_settings,
    live_intro,
    reassign,
    refresh_offer_card,
    start_matching,
    withdraw_for_opt_out,
)
from runtime import metrics
from runtime.outbox import cancel_queued, deliver_to, queue_sms
from runtime.rasa_client import RasaUnavailable, Turn
from runtime.services import Services
from storage.models import Borrower, Introduction, MatchDecision, Message, Qualification
from vocabulary import (
    LIVE_INTRO_STATUSES,
    PRODUCTS,
    QUALIFICATION_SLOTS,
)

log = logging.getLogger(__name__)

# What matching cannot do without, once the form has ended and the borrower consented. The
# other facts may be unknown ("not sure", or given up after two missed replies): the matcher
# scores without them. A borrower who asks for a person right away needs only the state.
REQUIRED_SLOTS = ("loan_purpose", "property_state")
FAST_TRACK_REQUIRED = ("property_state",)


def keyword(body: str) -> str | None:
    """ "stop", "start" or "help" when the whole text is one (introductions/keywords.py)."""
    found = keywords.classify(body)
    return found.kind if found is not None else None


def rasa_sender(borrower_id: int) -> str:
    # Rasa sees an opaque id, never the phone number.
    return f"borrower-{borrower_id}"


@dataclass(frozen=True)
class Pending:
    message_id: int
    borrower_id: int
    text: str
    retried: bool = False  # an earlier try started this turn and may have reached Rasa


def _triage(s: Session, svc: Services, msg: Message) -> Pending | None:
    """Handle what never reaches Rasa; return the text Rasa should see, if any."""
    borrower = s.get_one(Borrower, msg.borrower_id)
    name = svc.settings.brokerage_name
    found = keywords.classify(msg.body)
    if found is not None and found.info and borrower.qualification is None:
        found = None  # "info?" as a first text starts the conversation
    word = found.kind if found is not None else None
    # A keyword is answered in the language it was written in, else the borrower's.
    language = (found.language if found is not None else None) or borrower.language
    now = svc.clock()
    reply: str | None = None
    if word == "stop":
        if borrower.opted_out_at is None:
            borrower.opted_out_at = now
            # Nothing queued before the STOP goes out after it; an open offer is withdrawn.
            cancel_queued(s, borrower.id, "opted out")
            withdraw_for_opt_out(s, borrower, now)
            reply = texts.stop_reply(name, language)  # confirmed once, then silence
    elif word == "start":
        borrower.opted_out_at = None
        reply = texts.start_reply(name, language)
    elif word == "help":
        reply = texts.help_reply(name, svc.settings.help_contact, language)
    elif borrower.opted_out_at is not None:
        pass  # an opted-out number gets nothing until START
    elif not msg.body.strip():
        reply = texts.text_only_sms(language)
    else:
        if msg.purpose == "pii_redacted" and msg.attempts == 0:  # once, not per retry
            # a first text has no conversation language yet: its own words tell
            if not borrower.qualification:
                borrower.language = language = language_after(msg.body, None)
            notice = texts.redacted_sms(language)
            queue_sms(s, borrower.id, borrower.phone, notice, purpose="privacy")
        intro = live_intro(s, borrower.id)
        if next_steps.answered(s, borrower, intro, msg.body, now, handoff_settings(svc)):
            pass  # qualified, not introduced: a true answer about what happens next
        elif intro is None or intro.status != "introduced":
            retried = msg.claimed_at is not None
            msg.claimed_at = now  # committed before Rasa is called: a retry will know
            return Pending(msg.id, borrower.id, msg.body, retried)
        else:
            _after_introduction(s, svc, intro, msg.body)
    purpose = f"keyword_{word or 'text'}"
    if reply and not (word and _answered_lately(s, svc, borrower.id, purpose, now)):
        queue_sms(s, borrower.id, borrower.phone, reply, purpose=purpose).created_at = now
    msg.status, msg.done_at = "processed", now
    return None


def _answered_lately(
    s: Session, svc: Services, borrower_id: int, purpose: str, now: datetime
) -> bool:
    """Whether this keyword was answered to this number within the interval: 30 HELPs in a
    few seconds get one answer, not 30 (the opt-out itself always applies)."""
    since = now - svc.settings.keyword_reply_interval
    return (
        s.scalar(
            select(Message.id)
            .where(
                Message.borrower_id == borrower_id,
                Message.direction == "out",
                Message.purpose == purpose,
                Message.created_at > since,
            )
            .limit(1)
        )
        is not None
    )


def _after_introduction(s: Session, svc: Services, intro: Introduction, text: str) -> None:
    """Once introduced, the borrower talks to their LO (relay), not to the dialogue."""
    cfg = handoff_settings(svc)
    now = svc.clock()
    if checkback.awaiting_answer(s, intro.borrower_id) and checkback.answer(
        s, intro, text, now, cfg
    ):
        return
    if relay.wants_someone_else(text):
        b = intro.borrower
        # Said only when another offer was made; otherwise the no-match text says what next.
        if reassign(s, intro, "lost", now, cfg) is not None:
            queue_sms(s, b.id, b.phone, texts.reassigning_sms(b.language), "reassign")
        return
    relay.borrower_to_lo(s, intro, text)


def process_inbound(svc: Services, message_id: int, retries: int = 0) -> None:
    """Run one stored inbound message through the bot; safe to call twice.

    With `retries`, a Rasa outage leaves the message 'received' and raises, so a worker
    tries it again later, up to that many times before the borrower hears of trouble.

    One session for the turn, a transaction before Rasa's call and one after: the message,
    the borrower and their qualification are loaded once, in one query, and kept across the
    call (nothing else writes them meanwhile: the borrower's lane is held, and Slack's
    actions on a borrower take the same lane).
    """
    with svc.sessions() as s:
        with s.begin():
            loaded = _turn_rows(s, message_id)
            if loaded is None or loaded[0].status not in ("received", "throttled"):
                return
            msg, _borrower = loaded  # held: the identity map is weak
            phone = msg.address
            # A throttled message is kept but never read (channels/ratelimit.py); the
            # gateway queued its notice, if any, with it: only the sending is left to do.
            pending = None if msg.status == "throttled" else _triage(s, svc, msg)
        if pending is not None:
            try:
                with metrics.timed(metrics.TURN_SECONDS.observe):
                    turn = svc.rasa.turn(
                        rasa_sender(pending.borrower_id),
                        pending.text,
                        key=str(message_id),
                        maybe_taken=pending.retried,
                    )
            except RasaUnavailable as exc:
                metrics.error("rasa")
                log.error("rasa failed for message %s: %s", message_id, exc)
                with s.begin():
                    msg.attempts += 1
                    msg.error = f"rasa: {exc}"[:500]
                    retry = msg.attempts <= retries
                    if not retry:
                        msg.status = "failed"
                        b = s.get_one(Borrower, pending.borrower_id)
                        trouble = texts.trouble_sms(b.language)
                        queue_sms(s, b.id, b.phone, trouble, purpose="trouble")
                if retry:
                    raise
            else:
                with s.begin():
                    apply_turn(s, svc, pending, turn)
        deliver_to(svc, {phone}, s)


def _turn_rows(s: Session, message_id: int) -> tuple[Message, Borrower | None] | None:
    """The message with its borrower and their qualification, in one query, into the
    session's identity map: the turn reads all three."""
    row = s.execute(
        select(Message, Borrower)
        .outerjoin(Borrower, Borrower.id == Message.borrower_id)
        .options(joinedload(Borrower.qualification))
        .where(Message.id == message_id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def apply_turn(s: Session, svc: Services, pending: Pending, turn: Turn) -> None:
    now = svc.clock()
    borrower = s.get_one(Borrower, pending.borrower_id)
    q = borrower.qualification or Qualification(borrower=borrower)
    s.add(q)
    consents_now = turn.slots.get("consent") is True and not q.consent
    # Read before this turn's replies are queued (autoflush would return those instead).
    consent_question = _last_bot_question(s, borrower.id) if consents_now else None
    for reply in turn.replies:
        queue_sms(s, borrower.id, borrower.phone, reply)
    told_time = turn.slots.get("contact_time") not in (None, q.contact_time)
    _store_slots(q, turn.slots)
    if turn.slots.get("requested_product") in PRODUCTS:
        q.requested_product = turn.slots["requested_product"]
    if turn.slots.get("language") in ("en", "es"):
        borrower.language = turn.slots["language"]
    if consents_now:
        q.consent, q.consent_at = True, now
        q.consent_text = f"Asked: {consent_question!r}. Answered: {pending.text!r}"
    needed = FAST_TRACK_REQUIRED if turn.slots.get("fast_track") else REQUIRED_SLOTS
    complete = all(turn.slots.get(k) is not None for k in needed)
    if complete and q.consent and turn.active_loop is None and q.completed_at is None:
        q.completed_at = now
        s.flush()
        if live_intro(s, borrower.id) is None:
            start_matching(s, borrower, now, handoff_settings(svc))
    if told_time:
        intro = live_intro(s, borrower.id)
        if intro is not None and intro.status == "offered":
            refresh_offer_card(s, intro)  # the LO deciding sees when to call
    s.execute(
        update(Message)
        .where(Message.id == pending.message_id)
        .values(status="processed", done_at=now)
    )


def _store_slots(q: Qualification, slots: dict[str, Any]) -> None:
    for name in QUALIFICATION_SLOTS:
        value = slots.get(name)
        if value is None:
            continue
        if name == "price_usd":
            value = int(float(value))
        elif name in ("first_time_buyer", "va_eligible", "self_employed"):
            value = bool(value)
        else:
            value = str(value)
        setattr(q, name, value)


def _last_bot_question(s: Session, borrower_id: int) -> str | None:
    return s.scalars(
        select(Message.body)
        .where(Message.borrower_id == borrower_id, Message.direction == "out")
        .order_by(Message.id.desc())
        .limit(1)
    ).first()


def conversation_state(s: Session, borrower: Borrower) -> str:
    """qualifying | offered | introduced | no_match | language_question | opted_out, for
    `mm converse`. A no_match borrower waits on the list (the sandbox shows "waitlisted");
    language_question: asked whether an English-speaking LO is fine, not yet answered."""
    if borrower.opted_out_at is not None:
        return "opted_out"
    intro = s.scalars(
        select(Introduction)
        .where(Introduction.borrower_id == borrower.id)
        .order_by(Introduction.id.desc())
        .limit(1)
    ).first()
    if intro is not None and intro.status in LIVE_INTRO_STATUSES:
        return intro.status
    if next_steps.waitlisted(s, borrower.id) is not None:
        return "no_match"
    last_decision = s.scalars(
        select(MatchDecision)
        .where(MatchDecision.borrower_id == borrower.id)
        .order_by(MatchDecision.id.desc())
        .limit(1)
    ).first()
    if last_decision is not None and last_decision.chosen_lo_id is None:
        return "no_match"
    asked = last_decision is not None and "whether English" in last_decision.reason
    if asked and borrower.english_ok is None:
        return "language_question"
    return "qualifying"
