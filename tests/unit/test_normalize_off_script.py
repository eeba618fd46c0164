"""Replies of the kinds dev36-dev38 (homeowners, move-up buyers, texts off the script:
dictation, changes of mind, couples on one phone) found misread, in our own phrasings.

A deadline beside other dates, a date in numbers, a habit that names a season; a rank before
the name; an owner beside "Husband is W2."; the negotiated price, the maximum over a wish,
what is owed plus the equity, dictated hundreds; a city of two states, a hospital named like
a state; a change of mind about the purpose, a refinance that pays off the cards.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.actions.extraction import wants_a_person
from bot.normalize.answers import (
    parse_consent_reply,
    parse_first_name,
    parse_flag_answer,
    volunteered_first_name,
)
from bot.normalize.credit import parse_credit_band
from bot.normalize.money import parse_price
from bot.normalize.place import parse_state
from bot.normalize.purpose import parse_loan_purpose
from bot.normalize.timeline import parse_timeline

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("the roofer can come in april if we pay him by the end of january", "1-3 months"),
        ("we list the condo in february and hope to be moved by april", "3-6 months"),
        ("the baby is due in july, we'd like to be settled by summer", "3-6 months"),
        ("we report in february, before then if we can", "1-3 months"),
        ("la mudanza es en agosto y el banco nos dio hasta abril", "3-6 months"),
        ("we're just looking now, want to be in a place by summer", "3-6 months"),
    ],
)
def test_a_deadline_wins_over_the_other_dates(text: str, timeline: str) -> None:
    assert parse_timeline(text, asked=True, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("need to close by 2/10", True, "1-3 months"),
        ("2/10", True, "1-3 months"),
        ("cerramos para el 20/1", True, "1-3 months"),
        ("we rent the lake house every summer and want to buy one", False, None),
        ("con el 5.5% de enganche se puede?", False, None),
        ("how are rates right now?", True, None),
    ],
)
def test_dates_in_numbers_and_what_is_not_a_date(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


def test_a_spoken_change_of_mind_about_when() -> None:
    text = "ella dice que ya mismo... bueno, mejor en mayo cuando cobre"
    assert parse_timeline(text, asked=True, today=TODAY) == "3-6 months"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("SPC Alvarez lol. Marco", "Marco"),
        ("Sgt. Tanya Brooks", "Tanya"),
        ("SSG Whitfield", None),
        ("oh I'm Dana! should have said", "Dana"),
        ("Luz Mery", "Luz Mery"),
        ("alright", None),
    ],
)
def test_ranks_particles_and_compound_names(text: str, name: str | None) -> None:
    assert parse_first_name(text) == name


@pytest.mark.parametrize("text", ["That would be great.", "it'd be fine", "this should be ok"])
def test_a_conditional_yes(text: str) -> None:
    assert parse_consent_reply(text)[0] is True


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I own a dental lab (LLC). Wife is W2.", True),
        ("Jorge runs his own roofing company. I'm W2", True),
        ("we have a little taco truck business", True),
        ("I drive for the school district and tutor a little on the side", False),
        ("No, my husband is self employed", False),
    ],
)
def test_who_on_the_loan_owns_a_business(text: str, answer: bool) -> None:
    assert parse_flag_answer(text, ["self_employed"]) == {"self_employed": answer}


def test_a_business_yet_to_open_is_a_plan() -> None:
    text = "quiero sacar 60 mil de la casa para empezar mi propio negocio"
    assert parse_flag_answer(text, ["credit_band"]).get("self_employed") is None


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("list was 310k and we got it for 298", 298_000),
        ("450 max, ideally under 420", 450_000),
        ("budget is 500k. sorry, 480k", 480_000),
        ("we owe about 90k and have maybe 150k in equity", 240_000),
        ("paid 320 for it in 2021, about the same now", 320_000),
        ("la compramos en 2015 en 140 mil, ahora vale unos 260", 260_000),
        ("my budget is for 25 maybe for 40", 440_000),
        ("like to 90 or to 95", 295_000),
    ],
)
def test_prices_the_way_people_say_and_dictate_them(text: str, price: int) -> None:
    assert parse_price(text) == price


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("buying a condo in portland, first time", None),
        # Meridian is in Idaho and Mississippi (90,000 and 40,000 people): asked, not guessed
        ("we're in Meridian and want something in Kuna", None),
        ("I work at UT Health and want to buy in Tyler", "TX"),
        ("live in DC, buying a weekend place in Rehoboth", "DE"),
        ("llegamos primero a Miami, ahora estamos en Provo y queremos en Orem", "UT"),
    ],
)
def test_cities_of_two_states_hospitals_and_beaches(text: str, state: str | None) -> None:
    found = parse_state(text, asked=False)
    assert (found[0] if found else None) == state


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("thinking a refi... actually no, forget the refi, we want to buy bigger", "purchase"),
        ("about 25k on cards, want to refinance and pay them off", "cash_out_refinance"),
        ("want to refinance and pay it off faster", "refinance"),
    ],
)
def test_a_change_of_mind_and_a_refinance_that_pays_off_debt(text: str, purpose: str) -> None:
    assert parse_loan_purpose(text, asked=False) == purpose


def test_keeping_a_fact_until_a_person_is_not_asking_for_one() -> None:
    assert not wants_a_person("prefer not to say until I talk to someone", None)
    assert wants_a_person("can I just talk to someone", None)
    assert wants_a_person("I don't want to wait until March, can I talk to someone now", None)


# --- the dev39/dev40 kinds: renters' questions, rural and seasonal lives --------------------


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("renting in mesa, how much are closing costs here?", False, None),
        ("gig is 8 week contracts, we want to buy in about 5 months", True, "3-6 months"),
        ("I guide rafts june to september and want a cabin", False, None),
        ("en invierno trabajo en la empacadora, queremos casa propia", False, None),
        ("in the next 2 months, definitely before fall", True, "1-3 months"),
        ("lease is up feb 27 so we'd love to be moved by then", True, "1-3 months"),
        ("yesterday honestly, the builder starts in march", True, "now"),
        ("pretty quick, before it snows", True, "now"),
        ("whenever we can get approved", True, "now"),
        # by the start of next summer (June 1): under six months away (blind dev74, dev83)
        ("whenever we can really, love to be in by next summer", True, "3-6 months"),
        ("arranco el trabajo en enero, ideal comprar en abril", True, "3-6 months"),
    ],
)
def test_jobs_calendars_and_the_time_the_borrower_means(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("maybe 600? hold on... ok it says 641", "620-679"),
        ("estaba en 700 pero bajó, ahorita 655", "620-679"),
        ("tengo buen credito, no se el numero exacto", "680-739"),
    ],
)
def test_a_score_checked_on_the_spot_and_a_good_without_a_number(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("what can we afford on 90k combined? renting in tulsa", False, None),
        ("lived in our home for twenty-two years, want a lower rate", False, None),
        ("queremos algo de 300, bueno 320 la que vimos", False, 320_000),
        ("cash is tight, 380 is our max", False, 380_000),
        ("the land is 30k and the modular is 150k delivered", True, 180_000),
        ("un lote en 25 mil y una traila de 90 mil", True, 115_000),
    ],
)
def test_income_years_corrections_ceilings_and_land_with_a_home(
    text: str, asked: bool, price: int | None
) -> None:
    assert parse_price(text, asked=asked) == price


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("we rent in Loveland CO and want to buy in Cheyenne", "WY"),
        ("rento en Miami FL y quiero comprar en Carolina del Norte", "NC"),
        ("buying in lancaster county pa", "PA"),
    ],
)
def test_where_they_rent_is_not_where_they_buy(text: str, state: str) -> None:
    found = parse_state(text, asked=False)
    assert found is not None and found[0] == state


def test_a_greeting_there_a_cb_yes_and_a_first_home_asked_back() -> None:
    assert volunteered_first_name("Hello there, this is Norma. Looking near Conway") == "Norma"
    assert parse_consent_reply("10-4")[0] is True
    text = "we own the shop building but never owned a house, does that count?"
    assert parse_flag_answer(text, ["first_time_buyer"]) == {"first_time_buyer": True}
