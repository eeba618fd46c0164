"""Replies of the kinds dev41 (English as a second language, Spanglish) and dev42 (military
life, owners paid on W-2, two jobs) found misread, in our own phrasings.

A yes in the borrower's first language or a parent's consent relayed by a child is no name;
a name given surname first, or said outright to be the first name; an opt-out after "nvm";
a month of next year, a date written day/month/year, a year of seasonal work; durations,
years and a neighbor's sale beside prices; a lender's limit beside the wish; an owner paid
on W-2 by their own company; the US as the place of a first purchase; a landmark city beside
the state; one English answer inside a Spanish conversation.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import parse_consent_reply, parse_first_name, parse_flag_answer
from bot.normalize.credit import parse_credit_band
from bot.normalize.language import language_after
from bot.normalize.money import parse_price
from bot.normalize.place import parse_state
from bot.normalize.purpose import parse_loan_purpose
from bot.normalize.timeline import parse_timeline
from introductions.keywords import classify

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok yes he say ok", (True, None)),  # a son relaying his father's yes
        ("Oui, ok", (True, None)),
        ("Yes, pode ser", (True, None)),
        ("yes thank you so much", (True, None)),
        ("yes - Mia", (True, "Mia")),  # a capital typed after the yes: a name
        ("ok - Paulo", (True, "Paulo")),
    ],
)
def test_whats_left_of_a_consent_reply_is_a_name_only_if_no_everyday_word(
    text: str, expected: tuple[bool, str | None]
) -> None:
    assert parse_consent_reply(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("her name is Lan. Tran Thi Lan, Tran is the last name, Lan is first", "Lan"),
        ("Park Minjun. Minjun is my first name", "Minjun"),
        ("Wang Fang, family name Wang. you can call me Fiona", "Fiona"),
        ("His name is Tuan, but he goes by Tony at work", "Tuan"),
        ("Se llama Rocío", "Rocío"),
    ],
)
def test_a_first_name_said_for_someone_or_said_to_be_the_first(text: str, name: str) -> None:
    assert parse_first_name(text) == name


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("why do you need that. nvm STOP", "stop"),
        ("never mind, STOP", "stop"),
        ("I can't stop thinking about rates", None),
    ],
)
def test_an_opt_out_after_never_mind(text: str, kind: str | None) -> None:
    found = classify(text)
    assert (found.kind if found else None) == kind


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("probably February or March next year", True, "1-3 months"),
        ("next year, around March-April", True, "3-6 months"),
        ("when the lease ends, 15/9/2027", True, "6+ months"),
        ("roofer can start in March, so before that", True, "1-3 months"),
        ("entre 4 y 6 meses", True, "3-6 months"),
        ("between 3 and 6 months", True, "3-6 months"),
        ("like may, before the kids finish school", True, "3-6 months"),
        ("I got a job at Mayo Clinic, need a 3 bed", False, None),
        ("lifeguard in summer, ski instructor in winter. want to buy in boise", False, None),
    ],
)
def test_months_of_next_year_dates_in_numbers_and_seasons_of_work(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("bought at 300 in 21. the neighbor sold for 340 so probably around there", True, 340_000),
        ("She figures 1.2 million? houses on her block went 1.1 to 1.3", True, 1_200_000),
        ("pre-approved up to 500k but we want to stay around 450", True, 450_000),
        ("Three hundred fifty thousand, más o menos", True, 350_000),
        ("entre 3 y 6 meses", False, None),
    ],
)
def test_durations_years_and_a_neighbors_sale_beside_prices(
    text: str, asked: bool, price: int | None
) -> None:
    assert parse_price(text, asked=asked) == price


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("don't know the number, the app says excellent", "740+"),
        ("maybe 6 hundred and.. 90? 690", "680-739"),
        ("in the 500s I think... ok checked, mine is 655, my wife's is 590", "620-679"),
    ],
)
def test_a_score_corrected_or_described(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


@pytest.mark.parametrize(
    ("text", "slot", "answer"),
    [
        ("No, W2 - but from my own company, I own 100% of it", "self_employed", True),
        ("I have a bakery with my sister, partners 50/50", "self_employed", True),
        ("no... bueno, me pago con W2 pero la empresa es mía", "self_employed", True),
        ("I'm a teacher at Lincoln Elementary", "self_employed", False),
        ("No, my husband is self employed", "self_employed", False),
        ("first in the US, we had a flat in Leeds", "first_time_buyer", True),
        ("En Estados Unidos sí", "first_time_buyer", True),
        ("we owned a townhouse in Tampa and sold it in 2019", "first_time_buyer", False),
    ],
)
def test_owners_on_w2_and_a_first_home_in_the_us(text: str, slot: str, answer: bool) -> None:
    assert parse_flag_answer(text, [slot]) == {slot: answer}


def test_a_country_of_origin_is_no_service() -> None:
    said = parse_flag_answer("I'm from Afghanistan originally, want to buy in Sacramento", [])
    assert "va_eligible" not in said


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Arlington, the Virginia one near DC", "VA"),
        ("Aurora, la de Colorado, no la de Illinois", "CO"),
    ],
)
def test_a_landmark_or_a_denied_state_is_not_the_place(text: str, state: str) -> None:
    assert parse_state(text)[0] == state


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("I want to buy a house, I've lived here 15 years", "purchase"),
        ("need a VA IRRRL on my house", "refinance"),
        ("just the streamline, not taking cash out", "refinance"),
    ],
)
def test_a_streamline_and_years_lived_somewhere(text: str, purpose: str) -> None:
    assert parse_loan_purpose(text, asked=False) == purpose


def test_one_english_answer_keeps_a_spanish_conversation() -> None:
    earlier = ["Hola, queremos comprar una casa en Lawrence para vivir con la familia"]
    english = "We like the ones that are around 600k, max 625"
    assert language_after(english, "es", earlier) == "es"
    assert (
        language_after("and we want to close before the summer", "es", [*earlier, english]) == "en"
    )
