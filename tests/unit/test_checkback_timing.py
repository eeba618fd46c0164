"""Check-backs count from when the LO was told to reach out (their next working hour after
accepting, or the borrower's preferred time), plus two hours; and the borrower's preferred
time (contact_time) is the LO's suggested first contact."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from introductions.texts import ACCEPT
from storage.models import Introduction, LoanOfficer, Message, ScheduledJob
from tests.unit.test_handoff import intro_of
from tests.unit.test_introduction_flow import Clock, lo_user, press, sms_to, text_bot, tick
from tests.unit.test_waitlist import qualified_borrower, start_clock
from vocabulary import DAYS

CENTRAL = ZoneInfo("America/Chicago")


@pytest.fixture
def clock(wired) -> Clock:
    return start_clock(wired)


def central(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=CENTRAL).astimezone(UTC)


def office_hours_only(wired) -> None:
    with wired.svc.sessions.begin() as s:
        for lo in s.scalars(select(LoanOfficer)):
            lo.timezone = "America/Chicago"
            lo.working_hours = {"days": list(DAYS[:5]), "start": "08:00", "end": "18:00"}


def accept_now(wired, borrower_id: int) -> Introduction:
    intro = intro_of(wired, borrower_id)
    press(
        wired,
        intro.id,
        ACCEPT,
        lo_user(wired, intro),
        until=lambda: intro_of(wired, borrower_id).status == "introduced",
    )
    return intro_of(wired, borrower_id)


def check_back_due(wired, intro: Introduction) -> list[datetime]:
    with wired.svc.sessions() as s:
        return list(
            s.scalars(select(ScheduledJob.due_at).where(ScheduledJob.introduction_id == intro.id))
        )


def test_two_weekend_nos_never_count_against_an_lo_told_to_call_on_monday(wired, clock):
    office_hours_only(wired)
    phone = "+15125550801"
    clock.now = central(4, 17, 58)  # Friday, two minutes before the LO's day ends
    borrower_id = qualified_borrower(wired, state="TX", phone=phone)
    clock.now = central(4, 18, 1)  # accepted after hours: the LO is told to reach out Monday
    intro = accept_now(wired, borrower_id)
    # Monday 8am, when the LO starts, is 7am in El Paso: 8am there (9 Central) + 2 hours.
    assert check_back_due(wired, intro) == [central(7, 11)]
    for when in (central(5, 10), central(5, 12, 10), central(6, 11)):
        clock.now = when
        tick(wired)
        text_bot(wired, phone, "no", "SM" + f"wk{when.hour}{when.day}".ljust(32, "0"))
    assert not any("reach you" in b for b in sms_to(wired, phone)), "no check-back on a weekend"
    with wired.svc.sessions() as s:
        kept = s.get_one(Introduction, intro.id)
        assert (kept.status, kept.outcome, kept.check_backs_missed) == ("introduced", None, 0)
    clock.now = central(7, 11, 1)
    tick(wired)
    assert "reach you" in sms_to(wired, phone)[-1]


def test_after_a_no_the_next_check_back_waits_for_the_los_next_working_hours(wired, clock):
    office_hours_only(wired)
    phone = "+15125550802"
    clock.now = central(4, 15)  # Friday afternoon, at work
    intro = accept_now(wired, qualified_borrower(wired, state="TX", phone=phone))
    clock.now = central(4, 17, 1)
    tick(wired)
    assert "reach you" in sms_to(wired, phone)[-1]
    clock.now = central(4, 19)  # the borrower answers after the LO's day
    text_bot(wired, phone, "no", "SM" + "cb1".ljust(32, "0"))
    assert sorted(check_back_due(wired, intro))[-1] == central(7, 11)


def test_the_borrowers_preferred_time_sets_the_first_contact_and_the_check_back(wired, clock):
    office_hours_only(wired)
    phone = "+15125550803"
    clock.now = central(2, 10)  # Wednesday morning; the borrower asked for evenings
    borrower_id = qualified_borrower(wired, state="TX", phone=phone, contact_time="evenings <@U1>")
    seq = len(wired.fakes.slack.calls.items)
    intro = accept_now(wired, borrower_id)
    [due] = check_back_due(wired, intro)
    # Evenings (5-9pm) in every TX zone: from 6pm Central (5pm in El Paso), plus two hours.
    assert due == central(2, 20)
    [details] = [
        c["args"]["text"]
        for c in wired.fakes.slack.calls.since(seq, method="chat.postMessage")
        if phone in c["args"].get("text", "")
    ]
    assert "Best time to reach: evenings &lt;@U1&gt;" in details
    assert "Suggested first contact: <!date^" in details
    with wired.svc.sessions() as s:  # held for the evening too; it names the time
        warm = s.scalars(select(Message.body).where(Message.purpose == "intro")).one()
    assert "Wed 6:00 PM" in warm, warm


def test_an_offer_waiting_for_the_los_working_day_tells_the_borrower_when(wired, clock):
    office_hours_only(wired)
    phone = "+15125550804"
    clock.now = central(5, 11)  # Saturday: the offer's clock starts Monday 8am
    borrower_id = qualified_borrower(wired, state="TX", phone=phone)
    [told] = sms_to(wired, phone)
    assert "few minutes" not in told and "starts Mon 8:00 AM" in told, told
    # Asked again, the answer names the same time (and is not the dialogue's "soon").
    text_bot(wired, phone, "when?", "SM" + "ht1".ljust(32, "0"))
    assert "starts Mon 8:00 AM" in sms_to(wired, phone)[-1]
    assert intro_of(wired, borrower_id).status == "offered"


def test_an_lo_at_work_is_still_a_few_minutes_away(wired, clock):
    office_hours_only(wired)
    phone = "+15125550805"
    clock.now = central(2, 10)
    qualified_borrower(wired, state="TX", phone=phone)
    assert "in a few minutes" in sms_to(wired, phone)[-1]
