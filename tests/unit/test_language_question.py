"""A Spanish-speaking borrower whose chosen LO speaks only English is asked, in Spanish,
before the offer reaches that LO: a yes makes the offer, a no puts them on the waiting list."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Borrower, Introduction, WaitlistEntry
from tests.unit.test_handoff import intro_of
from tests.unit.test_introduction_flow import Clock, sms_to, text_bot
from tests.unit.test_waitlist import qualified_borrower, start_clock

QUESTION = "¿Te parece bien un oficial que habla inglés? Responde SI o NO."


@pytest.fixture
def clock(wired) -> Clock:
    return start_clock(wired)


def cards_to(wired, user: str, seq: int = 0) -> list[dict]:
    return [
        c
        for c in wired.fakes.slack.calls.since(seq, method="chat.postMessage")
        if c["args"].get("channel") == user
    ]


def test_the_borrower_is_asked_in_spanish_before_any_offer_and_a_yes_makes_it(wired, clock):
    phone = "+13105550901"
    seq = len(wired.fakes.slack.calls.items)  # the fakes serve the whole session
    borrower_id = qualified_borrower(wired, state="CA", phone=phone, language="es")  # carol: en
    [asked] = sms_to(wired, phone)
    assert QUESTION in asked and "español" in asked
    assert intro_of(wired, borrower_id) is None
    assert cards_to(wired, "U0CAROL03", seq) == [], "the LO sees nothing before the borrower agrees"
    text_bot(wired, phone, "mmm no se", "SM" + "lq1".ljust(32, "0"))
    assert QUESTION in sms_to(wired, phone)[-1], "a non-answer gets the question again"
    text_bot(wired, phone, "sí", "SM" + "lq2".ljust(32, "0"))
    intro = intro_of(wired, borrower_id)
    assert intro is not None and intro.lo_id == "carol" and intro.status == "offered"
    assert len(cards_to(wired, "U0CAROL03", seq)) == 1
    assert "Encontre un oficial" in sms_to(wired, phone)[-1]
    with wired.svc.sessions() as s:
        assert s.get_one(Borrower, borrower_id).english_ok is True


def test_a_no_puts_the_borrower_on_the_waiting_list_in_spanish(wired, clock):
    phone = "+13105550902"
    seq = len(wired.fakes.slack.calls.items)
    borrower_id = qualified_borrower(wired, state="CA", phone=phone, language="es")
    text_bot(wired, phone, "no", "SM" + "lq3".ljust(32, "0"))
    assert "lista de espera 14 dias" in sms_to(wired, phone)[-1]
    assert "hable español" in sms_to(wired, phone)[-1]
    assert intro_of(wired, borrower_id) is None and cards_to(wired, "U0CAROL03", seq) == []
    with wired.svc.sessions() as s:
        assert s.get_one(Borrower, borrower_id).english_ok is False
        entry = s.scalars(select(WaitlistEntry).where(WaitlistEntry.borrower_id == borrower_id))
        assert entry.one().status == "waiting"
    wired.app.state.timers.tick()  # the sweep does not offer the English-only LO after a no
    assert intro_of(wired, borrower_id) is None
    text_bot(wired, phone, "hola?", "SM" + "lq4".ljust(32, "0"))
    assert "lista de espera hasta el mie 16 dic" in sms_to(wired, phone)[-1]


def test_a_spanish_speaking_lo_is_offered_without_a_question(wired, clock):
    phone = "+15125550903"
    borrower_id = qualified_borrower(wired, state="TX", phone=phone, language="es")
    assert not any(QUESTION in b for b in sms_to(wired, phone))
    with wired.svc.sessions() as s:
        intro = s.scalars(select(Introduction).where(Introduction.borrower_id == borrower_id))
        assert "es" in intro.one().loan_officer.languages
