"""The notice that a number was removed goes out in the language the borrower writes in, even
in a first text, before the dialogue has set one. Rasa is not running here, so the text that
reaches the dialogue gets the trouble reply; the notice is queued before it."""

from __future__ import annotations

from introductions.texts import REDACTED_SMS, redacted_sms
from runtime.outbox import FIRST_TEXT_DISCLOSURE
from tests.unit.test_introduction_flow import sms_to, text_bot


def test_a_spanish_first_text_with_an_ssn_gets_the_notice_in_spanish(wired):
    phone = "+15125550911"
    body = "hola quiero comprar casa en phoenix, mi seguro social es 219-09-9999 si lo necesitan"
    text_bot(wired, phone, body, "SM" + "es1".ljust(32, "0"))
    notice = sms_to(wired, phone)[0]
    assert notice.startswith(redacted_sms("es")), notice
    assert notice.endswith(FIRST_TEXT_DISCLOSURE["es"])  # the first text's disclosure too


def test_an_english_first_text_with_an_ssn_gets_the_notice_in_english(wired):
    phone = "+15125550912"
    body = "hi looking to buy in austin, my social is 219-09-9999 if you need it"
    text_bot(wired, phone, body, "SM" + "en1".ljust(32, "0"))
    notice = sms_to(wired, phone)[0]
    assert notice.startswith(REDACTED_SMS), notice
    assert notice.endswith(FIRST_TEXT_DISCLOSURE["en"])
