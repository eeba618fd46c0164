"""CTIA: the first text the bot sends a borrower says how to opt out and that rates may
apply, in the borrower's language; later texts don't repeat it."""

from __future__ import annotations

from sqlalchemy import select

from runtime.outbox import FIRST_TEXT_DISCLOSURE, deliver_pending, queue_sms
from storage.models import Borrower, Message
from tests.unit.test_help_keywords import send_all, texts_to


def new_borrower(wired, phone: str, language: str) -> int:
    with wired.svc.sessions.begin() as s:
        b = Borrower(phone=phone, language=language)
        s.add(b)
        s.flush()
        return b.id


def queue(wired, borrower_id: int, phone: str, body: str) -> None:
    with wired.svc.sessions.begin() as s:
        queue_sms(s, borrower_id, phone, body)
    deliver_pending(wired.svc)


def test_the_first_text_carries_the_disclosure_and_the_second_does_not(wired):
    phone = "+15125550941"
    b = new_borrower(wired, phone, "en")
    queue(wired, b, phone, "Hi! Are you buying or refinancing?")
    queue(wired, b, phone, "Great. What state is the home in?")
    first, second = texts_to(wired, phone)
    assert first.endswith("Reply STOP to opt out, HELP for help. Msg & data rates may apply.")
    assert first.startswith("Hi! Are you buying or refinancing?")
    assert second == "Great. What state is the home in?"
    with wired.svc.sessions() as s:  # the stored row says what the borrower got
        bodies = list(s.scalars(select(Message.body).where(Message.address == phone)))
    assert bodies == [first, second]


def test_a_spanish_speaking_borrower_gets_it_in_spanish(wired):
    phone = "+15125550942"
    b = new_borrower(wired, phone, "es")
    queue(wired, b, phone, "¡Hola! ¿Quieres comprar o refinanciar?")
    [first] = texts_to(wired, phone)
    assert first.endswith(FIRST_TEXT_DISCLOSURE["es"]) and "PARAR" in first


def test_a_keyword_answer_as_the_first_text_is_not_doubled(wired):
    phone = "+15125550943"
    send_all(wired, phone, ["HELP"], "dh")
    [answer] = texts_to(wired, phone)
    assert answer.count("STOP") == 1 and answer.count("Msg & data rates") == 1
