"""Replies of the kinds dev29-dev35 (regional voices, untidy lives, Spanish of many
countries) found misread (our own phrasings).

A neighbour's sale beside the borrower's own value, a yes with a worry after it, a parent
of someone else who served, an owner beside a W-2 spouse, "the first of the year", the past
"a while back", "soon as y'all can"; regions named instead of states, hundreds said in
words, owners of a boat or a crew, titles and nicknames, a month said alone.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize.answers import (
    flags_in,
    name_at_the_end,
    parse_consent_reply,
    parse_first_name,
    parse_flag_answer,
)
from bot.normalize.credit import parse_credit_band
from bot.normalize.money import parse_price
from bot.normalize.place import parse_state
from bot.normalize.purpose import parse_loan_purpose
from bot.normalize.timeline import parse_timeline

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("place next door sold for 610, ours is maybe 590", 590_000),
        ("the one across the road went for 415 so call mine 400", 400_000),
        ("la de enfrente se vendio en 350, la mia vale unos 320", 320_000),
    ],
)
def test_a_neighbours_sale_is_not_the_homes_value(text: str, price: int) -> None:
    assert parse_price(text, asked=True) == price


@pytest.mark.parametrize(
    "text",
    [
        "yeah sure but it's just one lender right? don't want a bunch of calls",
        "ok ok but i don't want to be spammed",
    ],
)
def test_a_yes_with_a_worry_after_it_is_a_yes(text: str) -> None:
    assert parse_consent_reply(text)[0] is True


def test_someone_elses_parent_who_served_is_a_no() -> None:
    answer = parse_flag_answer("no but their dad was army does that count", ["va_eligible"])
    assert answer == {"va_eligible": False}


def test_an_owner_beside_a_w2_spouse_is_self_employed() -> None:
    text = "I own my chiropractic practice, my wife is W2 at the hospital"
    assert parse_flag_answer(text, ["self_employed"]) == {"self_employed": True}
    assert parse_flag_answer("No, my wife is self employed", ["self_employed"]) == {
        "self_employed": False
    }


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("sometime after the 1st of the year", True, "1-3 months"),
        ("soon as you guys can", True, "now"),
        ("soon as yall can get it done", True, "now"),
        ("around 700, missed a payment a while ago", False, None),
        ("we refinanced a good while back", False, None),
    ],
)
def test_new_year_soon_as_yall_can_and_the_past(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("fixing to buy in the Upstate, round Spartanburg", "SC"),
        ("a cabin up in da U.P. near Escanaba", "MI"),
        ("something down the shore, Ocean County", "NJ"),
        ("a little place out in the hill country", "TX"),
    ],
)
def test_regions_named_instead_of_a_state(text: str, state: str) -> None:
    assert parse_state(text, asked=False) == (state, None)


@pytest.mark.parametrize(
    "text", ["refinancing our place in the Panhandle", "buying out in the Valley"]
)
def test_a_region_in_several_states_is_asked(text: str) -> None:
    assert parse_state(text, asked=False) is None


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("thinking two and a half, three tops", 300_000),
        ("budget is three and a quarter", 325_000),
        ("probably the low four hundreds", 420_000),
        ("400k, actually make it 425", 425_000),
    ],
)
def test_hundreds_said_the_way_people_say_them(text: str, price: int) -> None:
    assert parse_price(text, asked=True) == price


@pytest.mark.parametrize(
    ("text", "asked", "answer"),
    [
        ("I run charters. My own boat", ["self_employed"], True),
        ("paid on a K-1 from the partnership", ["self_employed"], True),
        ("got my own crew, so yep", ["self_employed"], True),
    ],
)
def test_owners_in_their_own_words(text: str, asked: list[str], answer: bool) -> None:
    assert parse_flag_answer(text, asked) == {asked[0]: answer}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("My name is Dr. Alan Fisk.", "Alan"),
        ("yes ma'am go ahead sugar", None),
        ("ayuh, go ahead", None),
        ("dale asere", None),
    ],
)
def test_titles_and_what_people_call_each_other(text: str, name: str | None) -> None:
    if name:
        assert parse_first_name(text) == name
    else:
        assert parse_consent_reply(text) == (True, None)


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("Once the ice is out. May.", "3-6 months"),
        ("asap, the arm resets in february", "now"),
        ("quick as we can", "now"),
        ("by Easter so the kids can finish school", "3-6 months"),
    ],
)
def test_a_month_alone_asap_beside_a_month_and_a_so_that_explains(text: str, timeline: str) -> None:
    assert parse_timeline(text, asked=True, today=TODAY) == timeline


def test_a_price_corrected_inside_the_credit_answer_is_not_a_score() -> None:
    text = "low 700s. oh and make that 450 for the price, we can stretch"
    assert parse_credit_band(text) == "680-739"


@pytest.mark.parametrize(
    "text",
    [
        "710 on one of them, not sure about the third",
        "the realtor down the road says 380",
        "went through chapter 13, discharged Sept 2022",
    ],
)
def test_scores_neighbours_and_past_dates_are_no_timeline(text: str) -> None:
    assert parse_timeline(text, asked=False, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("need it closed before my lease runs out Feb 28", "1-3 months"),
        ("want to start the build in March", "3-6 months"),
        ("probate wraps up in a month or two, then asap", "1-3 months"),
    ],
)
def test_a_months_own_day_a_verb_start_and_then_asap(text: str, timeline: str) -> None:
    assert parse_timeline(text, asked=True, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("roughly 4 hundred", 400_000),
        ("un millon, millon trescientos", 1_300_000),
        ("been paying 6 and a half on it, worth about 380", 380_000),
    ],
)
def test_hundreds_in_words_and_a_rate_said_in_words(text: str, price: int) -> None:
    assert parse_price(text, asked=True) == price


@pytest.mark.parametrize(
    "text",
    ["not sure if I want a heloc or a refinance", "cash out or heloc, whatever is cheaper"],
)
def test_either_way_to_take_equity_is_a_cash_out_refinance(text: str) -> None:
    assert parse_loan_purpose(text, asked=False) == "cash_out_refinance"


def test_a_borrower_who_leans_one_way_keeps_it() -> None:
    assert parse_loan_purpose("heloc or a refi? rather keep my 3% rate", asked=False) == "heloc"


def test_a_va_streamline_is_the_loan_not_virginia() -> None:
    assert parse_state("VA streamline refi on my condo", asked=False) is None
    assert parse_state("a cabin up in the Flathead", asked=False) == ("MT", None)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I do lashes out of my house", True),
        ("no tenemos W2, solo estados de cuenta del banco", True),
    ],
)
def test_work_from_home_and_bank_statements_are_self_employment(text: str, answer: bool) -> None:
    assert flags_in(text, asked=False if "W2" in text else True).get("self_employed") is answer


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Nashville, TN (ahora estamos en El Paso, Texas)", "TN"),
        ("Knoxville TN, right now we're in Lubbock, TX", "TN"),
        ("Me trasladaron de Fort Bliss, Texas. Queremos comprar en Colorado Springs", "CO"),
    ],
)
def test_where_they_are_now_or_come_from_is_not_where_they_buy(text: str, state: str) -> None:
    assert parse_state(text, asked=True) == (state, None)


def test_a_name_after_a_question_back() -> None:
    assert name_at_the_end("what do you need my name for? ... ok, Darnell") == "Darnell"
    assert name_at_the_end("why do you need my name?") is None


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("only browsing right now, probably in a couple months", True, "1-3 months"),
        ("ahoritica mismo si se puede", True, "now"),
    ],
)
def test_what_they_do_now_then_when(text: str, asked: bool, timeline: str) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


def test_when_we_bought_is_not_a_purchase() -> None:
    assert parse_loan_purpose("worth about 300, it was 250 when we bought", asked=False) is None


@pytest.mark.parametrize(
    ("text", "price"), [("unos 4 cientos", 400_000), ("2 cientos 75", 275_000)]
)
def test_hundreds_in_spanish_digits_and_words(text: str, price: int) -> None:
    assert parse_price(text, asked=True) == price


def test_the_central_valley_in_spanish_is_california() -> None:
    assert parse_state("trabajo en el valle central, en el fil", asked=False) == ("CA", None)


def test_a_sentence_after_a_month_is_not_its_day() -> None:
    text = "buying after my bonus hits in March. First home, 325k range"
    assert parse_timeline(text, asked=False, today=TODAY) == "3-6 months"
