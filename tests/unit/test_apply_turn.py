"""What one Rasa turn writes: the replies, the slots, the message's end, and the consent record."""

from __future__ import annotations

from sqlalchemy import select

from channels.gateway import store_inbound
from introductions.inbound import Pending, apply_turn
from matching.store import borrower_facts
from runtime.outbox import queue_sms
from runtime.rasa_client import Turn
from storage.models import Borrower, Message, Qualification

PHONE = "+15125550142"
QUESTION = "Can I share your details with one licensed loan officer? (yes/no)"


def turn(slots: dict[str, object], replies: list[str]) -> Turn:
    return Turn(replies=replies, slots=slots, requested_slot=None, active_loop="qualification")


def texted(wired, body: str, sid: str) -> Pending:
    stored = store_inbound(wired.svc, PHONE, sid, body, redacted=False)
    assert stored is not None
    borrower_id, message_id = stored
    return Pending(message_id, borrower_id, body)


def qualification(s, borrower_id: int) -> Qualification:
    return s.scalars(select(Qualification).where(Qualification.borrower_id == borrower_id)).one()


def test_consent_records_the_question_asked_before_this_turns_replies(wired) -> None:
    first = texted(wired, "hi, I want to buy in Texas", "SM1")
    with wired.svc.sessions.begin() as s:
        apply_turn(s, wired.svc, first, turn({"property_state": "TX"}, [QUESTION]))
    answer = texted(wired, "yes", "SM2")
    with wired.svc.sessions.begin() as s:
        apply_turn(s, wired.svc, answer, turn({"consent": True}, ["Thanks! What's your name?"]))

    with wired.svc.sessions() as s:
        q = qualification(s, answer.borrower_id)
        assert q.consent is True and q.consent_at is not None
        # The question the borrower answered, never the reply this same turn queued.
        assert q.consent_text == f"Asked: {QUESTION!r}. Answered: 'yes'"
        assert q.property_state == "TX"
        statuses = dict(
            s.execute(
                select(Message.provider_sid, Message.status).where(Message.direction == "in")
            ).all()
        )
        assert statuses == {"SM1": "processed", "SM2": "processed"}


def test_a_turn_without_new_consent_leaves_the_record_alone(wired) -> None:
    pending = texted(wired, "yes", "SM3")
    with wired.svc.sessions.begin() as s:
        b = s.get_one(Borrower, pending.borrower_id)
        queue_sms(s, b.id, b.phone, QUESTION)
    with wired.svc.sessions.begin() as s:
        apply_turn(s, wired.svc, pending, turn({"consent": True}, []))
    with wired.svc.sessions() as s:
        recorded = qualification(s, pending.borrower_id).consent_text
    later = texted(wired, "my name is Ana", "SM4")
    with wired.svc.sessions.begin() as s:
        apply_turn(s, wired.svc, later, turn({"consent": True, "first_name": "Ana"}, ["Hi Ana!"]))
    with wired.svc.sessions() as s:
        q = qualification(s, later.borrower_id)
        # Given once: the "consent" slot of a later turn is no news.
        assert q.consent_text == recorded == f"Asked: {QUESTION!r}. Answered: 'yes'"
        assert q.first_name == "Ana"
        done = s.scalars(select(Message.status).where(Message.provider_sid == "SM4")).one()
        assert done == "processed"


def test_a_product_asked_for_by_name_reaches_the_matcher_as_a_rule(wired) -> None:
    """ "I want to use my VA": stored beside the contract's facts, and the matcher's
    borrower then requires an LO who offers VA (a veteran who names nothing does not)."""
    pending = texted(wired, "I want to use my VA loan in Texas", "SM5")
    slots = {"property_state": "TX", "va_eligible": True, "requested_product": "va"}
    with wired.svc.sessions.begin() as s:
        apply_turn(s, wired.svc, pending, turn(slots, ["Got it!"]))
    with wired.svc.sessions() as s:
        q = qualification(s, pending.borrower_id)
        assert q.requested_product == "va"
        assert borrower_facts(q, "en").requested_product == "va"


def test_a_product_outside_the_vocabulary_is_not_stored(wired) -> None:
    pending = texted(wired, "the usual one", "SM6")
    with wired.svc.sessions.begin() as s:
        apply_turn(s, wired.svc, pending, turn({"requested_product": "teaser"}, []))
    with wired.svc.sessions() as s:
        assert qualification(s, pending.borrower_id).requested_product is None
