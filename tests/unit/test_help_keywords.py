"""HELP and AYUDA are answered in the borrower's language with the brokerage's name, a
contact, how to opt out and the rates notice (CTIA); keyword answers are rate-limited per
number while the opt-out itself always applies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from runtime.settings import Settings
from storage.models import Borrower, Qualification
from tests.signing import twilio_form
from tests.unit.test_twilio_webhook import wait_for

CONTACT = "(512) 555-0199"


def texts_to(wired, phone: str) -> list[str]:
    return [m["body"] for m in wired.fakes.twilio.messages.since(0, to=phone)]


def send_all(wired, phone: str, bodies: list[str], tag: str) -> None:
    with TestClient(wired.app) as client:
        for n, body in enumerate(bodies):
            params, headers = twilio_form(
                wired.svc.settings, f"SM{tag}{n}".ljust(34, "0"), body, phone=phone
            )
            assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
    wait_for(wired.svc.lanes.idle)


@pytest.fixture
def contact(wired):
    wired.svc.settings = wired.svc.settings.with_(
        brokerage_name="Lone Star Home Loans", brokerage_contact=CONTACT
    )


@pytest.mark.parametrize(
    ("word", "phone", "must_say"),
    [
        ("HELP", "+15125550811", ["Lone Star Home Loans", CONTACT, "STOP", "Msg & data rates"]),
        ("help please", "+15125550812", ["Lone Star Home Loans", CONTACT, "STOP"]),
        ("AYUDA", "+15125550813", ["Lone Star Home Loans", CONTACT, "PARAR", "tarifas"]),
        ("ayuda por favor", "+15125550814", ["Lone Star Home Loans", CONTACT, "PARAR"]),
    ],
)
def test_help_names_the_brokerage_a_contact_the_opt_out_and_rates_in_the_borrowers_language(
    wired, contact, word, phone, must_say
):
    send_all(wired, phone, [word], "h" + phone[-2:])
    [answer] = texts_to(wired, phone)
    for words in must_say:
        assert words in answer, (words, answer)
    if word.lower().startswith("ayuda"):
        assert "Msg & data" not in answer


def test_a_spanish_speaking_borrower_asking_for_help_in_english_gets_spanish(wired, contact):
    phone = "+15125550815"
    with wired.svc.sessions.begin() as s:
        s.add(Borrower(phone=phone, language="es"))
    send_all(wired, phone, ["HELP"], "hes")
    assert "PARAR" in texts_to(wired, phone)[0]


def test_the_contact_defaults_to_the_public_url_and_comes_from_brokerage_contact():
    env = {
        "PUBLIC_BASE_URL": "https://mm.example.com",
        "TWILIO_ACCOUNT_SID": "AC1",
        "TWILIO_AUTH_TOKEN": "t",
        "TWILIO_FROM_NUMBER": "+15125550100",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
        "RASA_URL": "http://127.0.0.1:5005",
        "DASHBOARD_TOKEN": "x" * 20,
    }
    assert Settings.from_env(env).help_contact == "https://mm.example.com"
    with_contact = Settings.from_env({**env, "BROKERAGE_CONTACT": CONTACT})
    assert with_contact.help_contact == CONTACT


def test_thirty_help_and_start_texts_in_a_few_seconds_get_one_answer_each(wired, contact):
    phone = "+15125550816"
    send_all(wired, phone, ["HELP", "START"] * 15, "flood")
    answers = texts_to(wired, phone)
    assert sum("Msg & data rates" in a for a in answers) == 1
    assert sum("subscribed again" in a for a in answers) == 1
    assert len(answers) == 2


def test_every_stop_is_honoured_but_confirmed_once_and_help_answers_again_later(wired, contact):
    phone = "+15125550817"
    send_all(wired, phone, ["STOP", "START", "STOP", "START", "STOP"], "ss")
    with wired.svc.sessions() as s:
        opted_out = s.scalar(select(Borrower.opted_out_at).where(Borrower.phone == phone))
    assert opted_out is not None, "the last STOP applies although it was not confirmed again"
    answers = texts_to(wired, phone)
    assert sum("unsubscribed" in a for a in answers) == 1
    assert sum("subscribed again" in a for a in answers) == 1

    send_all(wired, phone, ["HELP"], "h1")
    base = wired.svc.clock
    wired.svc.clock = lambda: base() + timedelta(minutes=1)
    send_all(wired, phone, ["HELP"], "h2")  # a minute later: still inside the interval
    wired.svc.clock = lambda: base() + wired.svc.settings.keyword_reply_interval * 2
    send_all(wired, phone, ["HELP"], "h3")  # an opted-out number still gets HELP answered
    assert sum(CONTACT in a for a in texts_to(wired, phone)) == 2


def test_info_is_help_once_the_conversation_has_started_but_opens_it_as_a_first_text(wired):
    phone = "+15125550818"
    send_all(wired, phone, ["info?"], "i1")
    # A first text: the dialogue answers it (Rasa is down here, so the borrower hears that).
    [first] = texts_to(wired, phone)
    assert "trouble on my end" in first and "Msg & data rates" in first
    with wired.svc.sessions.begin() as s:
        b = s.scalars(select(Borrower).where(Borrower.phone == phone)).one()
        b.qualification = Qualification(loan_purpose="purchase")
    send_all(wired, phone, ["INFO"], "i2")
    assert "Reply STOP to opt out" in texts_to(wired, phone)[-1]
