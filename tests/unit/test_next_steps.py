"""Every text after the qualification gets a true answer about what happens next, never the
dialogue's "your loan officer will be in touch soon": after an introduction closed (funded,
lost, nobody called), after "I want someone else", a pass cascade that ran out of LOs, or an
expired offer. Rasa is not running here: a text that reached it would get the trouble text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from introductions.texts import ACCEPT, PASS, TROUBLE_SMS
from storage.models import Introduction, LoanOfficer
from tests.unit.test_handoff import intro_of
from tests.unit.test_introduction_flow import Clock, lo_user, press, sms_to, text_bot, tick
from tests.unit.test_waitlist import entry_of, qualified_borrower, slash, start_clock

_sid = iter(range(10_000))


@pytest.fixture
def clock(wired) -> Clock:
    return start_clock(wired)


def say(wired, phone: str, body: str) -> str:
    text_bot(wired, phone, body, "SM" + f"ns{next(_sid)}".ljust(32, "0"))
    last = sms_to(wired, phone)[-1]
    assert last != TROUBLE_SMS, "the text went to the dialogue"
    return last


def accepted(wired, phone: str, state: str = "NY") -> Introduction:
    borrower_id = qualified_borrower(wired, state=state, phone=phone)
    intro = intro_of(wired, borrower_id)
    press(
        wired,
        intro.id,
        ACCEPT,
        lo_user(wired, intro),
        until=lambda: intro_of(wired, borrower_id).status == "introduced",
    )
    return intro_of(wired, borrower_id)


def test_after_a_lost_introduction_the_borrower_can_ask_for_a_new_one(wired, clock):
    phone = "+15125550701"
    intro = accepted(wired, phone, state="TX")
    slash(wired, lo_user(wired, intro), f"outcome {intro.id} lost")
    with wired.svc.sessions() as s:
        first = s.get_one(Introduction, intro.id).loan_officer.name.split()[0]
    answer = say(wired, phone, "hi again")
    assert f"introduction to {first} has ended" in answer and "YES" in answer
    say(wired, phone, "yes please")
    again = intro_of(wired, intro.borrower_id)
    assert again.id != intro.id and again.status == "offered" and again.lo_id != intro.lo_id
    assert "found a licensed loan officer" in sms_to(wired, phone)[-1]


def test_a_funded_borrower_is_congratulated_and_a_no_is_respected(wired, clock):
    phone = "+15125550702"
    intro = accepted(wired, phone, state="TX")
    slash(wired, lo_user(wired, intro), f"outcome {intro.id} funded")
    assert "Congratulations" in say(wired, phone, "thanks!")
    assert "won't look" in say(wired, phone, "no")
    assert intro_of(wired, intro.borrower_id).id == intro.id


def test_someone_else_with_nobody_left_puts_the_borrower_on_the_list_truthfully(wired, clock):
    phone = "+12125550703"
    intro = accepted(wired, phone)  # NY: erin is the only LO
    text_bot(wired, phone, "I want someone else", "SM" + "se1".ljust(32, "0"))
    texts = sms_to(wired, phone)
    assert "waiting list for 14 days" in texts[-1]
    assert not any("I'll introduce you to a different" in t for t in texts), "no false promise"
    assert entry_of(wired, intro.borrower_id).status == "waiting"
    assert "on our waiting list until" in say(wired, phone, "so what now?")


def test_a_pass_cascade_that_runs_out_and_an_expired_offer_each_leave_a_true_answer(wired, clock):
    phone = "+12125550704"
    with wired.svc.sessions.begin() as s:  # two LOs in NY, so an offer can move on once
        s.get_one(LoanOfficer, "dave").licenses[0].state = "NY"
    borrower_id = qualified_borrower(wired, state="NY", phone=phone)
    first = intro_of(wired, borrower_id)
    # While the offer is open the borrower is told what is happening, not "in touch soon".
    assert "confirm" in say(wired, phone, "any news?")
    clock.now = first.deadline_at + timedelta(seconds=1)
    tick(wired)  # expired: offered to the other LO
    second = intro_of(wired, borrower_id)
    assert second.id != first.id and second.status == "offered"
    assert "confirm" in say(wired, phone, "hello?")
    press(
        wired,
        second.id,
        PASS,
        lo_user(wired, second),
        until=lambda: intro_of(wired, borrower_id).status == "passed",
    )
    assert "waiting list for 14 days" in sms_to(wired, phone)[-1]
    assert "on our waiting list until" in say(wired, phone, "?")
    with wired.svc.sessions() as s:
        assert s.scalars(select(Introduction).where(Introduction.borrower_id == borrower_id)).all()
