"""Opt-outs in the borrower's own words (FCC 2024: "any reasonable means"), in English and
Spanish, are STOP; "stop" inside an ordinary sentence is not. The phrasings are data:
tests/fixtures/keywords/opt_out_phrases.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from starlette.testclient import TestClient

from introductions.keywords import STOP, Keyword, classify
from storage.models import Borrower
from tests.signing import twilio_form
from tests.unit.test_twilio_webhook import wait_for

PHRASES = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "keywords" / "opt_out_phrases.yaml").read_text()
)


def phrases(kind: str, language: str) -> list[str]:
    return [str(p) for p in PHRASES[kind][language]]


def test_the_fixture_holds_at_least_40_phrasings_each_way_in_each_language():
    for kind in ("opt_out", "not_opt_out"):
        for language in ("en", "es"):
            assert len(set(phrases(kind, language))) >= 40, (kind, language)


@pytest.mark.parametrize("text", phrases("opt_out", "en") + phrases("opt_out", "es"))
def test_a_clear_opt_out_in_plain_words_is_stop(text):
    found = classify(text)
    assert found is not None and found.kind == "stop"


@pytest.mark.parametrize("text", phrases("not_opt_out", "en") + phrases("not_opt_out", "es"))
def test_an_ordinary_sentence_that_mentions_stop_words_is_not_an_opt_out(text):
    found = classify(text)
    assert found is None or found.kind != "stop"


@pytest.mark.parametrize("text", [p for p in phrases("opt_out", "es") if p != "stop por favor"])
def test_a_spanish_opt_out_is_known_to_be_spanish(text):
    assert classify(text).language == "es"  # type: ignore[union-attr]


def texts_to(wired, phone: str) -> list[str]:
    return [m["body"] for m in wired.fakes.twilio.messages.since(0, to=phone)]


def send(wired, phone: str, body: str, sid: str) -> None:
    params, headers = twilio_form(wired.svc.settings, sid, body, phone=phone)
    with TestClient(wired.app) as client:
        assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
    wait_for(wired.svc.lanes.idle)


@pytest.mark.parametrize(
    ("body", "phone", "expected"),
    [
        ("no me escriban más", "+15125557811", "te dimos de baja"),
        ("PARAR", "+15125557822", "te dimos de baja"),
        ("stop texting me please", "+15125557833", "you're unsubscribed"),
    ],
)
def test_an_opt_out_phrase_opts_out_and_is_confirmed_once_in_its_language(
    wired, body, phone, expected
):
    send(wired, phone, body, "SM" + phone[-4:].ljust(32, "a"))
    send(wired, phone, body, "SM" + phone[-4:].ljust(32, "b"))  # said again: no second answer
    with wired.svc.sessions() as s:
        assert s.scalar(select(Borrower.opted_out_at).where(Borrower.phone == phone)) is not None
    confirmations = [t for t in texts_to(wired, phone) if expected in t]
    assert len(confirmations) == 1 and len(texts_to(wired, phone)) == 1


def test_stop_inside_a_sentence_reaches_the_dialogue_and_opts_nobody_out(wired):
    phone = "+15125557844"
    send(wired, phone, "I can't stop thinking about rates", "SM" + "c".ljust(32, "0"))
    with wired.svc.sessions() as s:
        assert s.scalar(select(Borrower.opted_out_at).where(Borrower.phone == phone)) is None
    # Rasa is down in this fixture: the text went to the dialogue, which is why it failed.
    assert any("trouble on my end" in t for t in texts_to(wired, phone))


@pytest.mark.parametrize("text", ["mejor no, ya no me escriban", "que ya no me escriban mas!!"])
def test_a_spanish_opt_out_after_a_word_of_refusal(text: str) -> None:
    assert classify(text) == Keyword(STOP, "es")


@pytest.mark.parametrize(
    ("text", "stops"),
    [("no me manden mas mensajes, STOP", True), ("cant stop, wont stop", False)],
)
def test_an_opt_out_as_a_clause_of_its_own(text: str, stops: bool) -> None:
    got = classify(text)
    assert (got is not None and got.kind == STOP) is stops
