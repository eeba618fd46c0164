"""Phrasings of terse and dictated texts, people in a life change and builders' buyers (the
themes of the blind sets dev89-dev92), in our own words: a home described instead of named,
dictation slips, an opt-out at the end of a run-on text, a digit for a price or a score, past
months that are not a timeline, a score found after the question moved on."""

from __future__ import annotations

import pytest

from bot.normalize import parse_state
from introductions.keywords import STOP, classify
from tests.unit.reading import facts, slots_set


@pytest.mark.parametrize(
    "text",
    [
        "we need a 4 bed before the baby comes, looking around Frisco, 450 max",
        "split up with my husband, i need to find my own place near Tulsa, under 180",
        "our lease is a nightmare, need out of our apt. looking in Boise, 350k tops",
        "moving for work, want to know what we could afford near Raleigh",
        "relocation package from my employer, Denver to Charlotte, 2.1 to 2.4 range",
        "the houses we like in Katy are around 380",
        "buscamos algo de 250 en El Paso",
        "estamos viendo casas nuevas en Laredo",
        "busco financiamiento para una casa prefabricada, piden 140",
        "tired of renting, what would i qualify for on a 3/2 in Ocala",
    ],
)
def test_a_home_described_instead_of_named_is_a_purchase(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("I want to refine ants my townhouse in Reno", "refinance"),
        ("trying to refinery my house before rates move", "refinance"),
        ("quiero re financiar mi casa", "refinance"),
        ("can I do a cash our refi on the duplex", "cash_out_refinance"),
        ("quiero hacer cash aut de mi casa", "cash_out_refinance"),
        ("interested in a hello c on my house", "heloc"),
        ("quiero refinanciar, la remodelamos y vale mas", "refinance"),
    ],
)
def test_dictation_slips_and_work_already_done(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


def test_a_refinery_job_is_not_a_refinance() -> None:
    assert "loan_purpose" not in facts("no, I'm a welder at the refinery", "self_employed")


@pytest.mark.parametrize(
    "text",
    [
        "nah im good take me off ur list",
        "not interested anymore please remove my number",
        "no thanks remove me from your list",
        "ok so stop sending me these texts",
        "still looking. stop texting me tho",
    ],
)
def test_an_opt_out_at_the_end_of_a_run_on_text(text: str) -> None:
    keyword = classify(text)
    assert keyword is not None and keyword.kind == STOP


@pytest.mark.parametrize(
    "text",
    [
        "the last lender wouldnt stop texting me",
        "i cant stop texting my realtor lol",
        "if that was you calling please lose my number, if not i want to buy in May",
    ],
)
def test_someone_elses_texts_and_a_condition_are_not_an_opt_out(text: str) -> None:
    assert classify(text) is None


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("5", 500_000),
        ("like 3", 300_000),
        ("worth like 4, owe 2", 400_000),
        ("como 6", 600_000),
        ("about one point one million", 1_100_000),
    ],
)
def test_a_price_said_by_one_digit_or_dictated(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_a_count_is_not_a_price() -> None:
    assert "price_usd" not in facts("4 kids, no idea", "price_usd")


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("quiero refinanciar, la casa vale como 310, no perdon 340", 340_000),
        ("quiero sacar dinero de la casa, vale unos 280, no espere, 300", 300_000),
        ("REFI QUOTE?? akron, worth bout 210", 210_000),
    ],
)
def test_a_value_corrected_in_spanish_or_said_loosely(text: str, price: int) -> None:
    assert facts(text)["price_usd"] == price


def test_a_score_corrected_is_not_a_price_corrected() -> None:
    text = "refinanciar, vale como 420. mi credito es 650, no espere, ya subio a 690"
    assert facts(text)["price_usd"] == 420_000


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("7", "740+"),
        ("mid 6s", "620-679"),
        ("in the 5s", "<580"),
        ("no problems ever, 7 something", "740+"),
        ("it was 700 last year, prob 640s now", "620-679"),
        ("high 600s, 662 on my bank app", "620-679"),
    ],
)
def test_a_score_by_its_first_digit_now_or_exactly(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


def test_six_alone_straddles_two_bands() -> None:
    assert "credit_band" not in facts("6", "credit_band")


@pytest.mark.parametrize(
    "text",
    [
        "got laid off in march but found a job in july, want to refi",
        "perdi mi trabajo en agosto pero ya encontre otro en octubre, quiero refinanciar",
        "school bus driver on 10 month pay, can i refi to drop the pmi",
        "what would i qualify for on a 3/2 in Ocala, hoa is 400 a yr",
    ],
)
def test_past_months_and_money_by_the_month_are_not_a_timeline(text: str) -> None:
    assert "timeline" not in facts(text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("buying a townhome in urbana md (frederick co)", "MD"),
        ("a new build near hilton head as our main home", "SC"),
        ("heloc on my house in Tuscon", "AZ"),
        ("moving to denver co", "CO"),
    ],
)
def test_a_county_a_resort_island_and_a_common_misspelling(text: str, state: str) -> None:
    found = parse_state(text, asked=False)
    assert found is not None and found[0] == state


@pytest.mark.parametrize("town", ["gainesville", "duluth", "columbus", "bellevue"])
def test_a_town_of_two_real_cities_is_asked(town: str) -> None:
    assert parse_state(f"looking to buy in {town}", asked=False) is None
    assert parse_state(f"buying in {town} ga", asked=False) is not None


def test_a_score_found_after_the_question_moved_on() -> None:
    slots = {
        "language": "en",
        "loan_purpose": "purchase",
        "requested_slot": "timeline",
        "unknown_facts": ["credit_band", "price_usd"],
    }
    got = slots_set("ok its 702. and we want to move by april", slots)
    assert got["credit_band"] == "680-739"
    assert got["unknown_facts"] == ["price_usd"]  # no longer given up on


def test_a_number_after_a_score_was_never_skipped_is_not_a_score() -> None:
    slots = {"language": "en", "loan_purpose": "purchase", "requested_slot": "timeline"}
    assert "credit_band" not in slots_set("ok its 702. and we want to move by april", slots)


@pytest.mark.parametrize(
    "text",
    [
        "do yall finance double wides? found one outside Searcy for 85,000",
        "found a little farmhouse near Kennett, asking 139,000",
        "lookin at a cabin in Blue Ridge, theyre askin 260k",
        "we rent in Bristol but the house we want is in Abingdon, 210,000",
        "how much house could we afford in Bethesda? looking at 1.1 to 1.3",
        "how much could i borrow for a condo in Astoria? looking at 500-550",
        "hola, estoy buscando un co-op en el Bronx",
        "gonna settle near Springfield MO, can i get a loan on 1099 income? house around 230k",
        "my wife works in Jackson Hole so we are looking at Driggs Idaho instead, 600k",
    ],
)
def test_a_purchase_said_by_what_is_bought_or_where(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


def test_an_equity_partner_buying_is_not_taking_equity_out() -> None:
    text = "offer accepted at 1,650,000, heads up I'm an equity partner so my income is K-1"
    assert facts(text)["loan_purpose"] == "purchase"


@pytest.mark.parametrize(
    ("text", "requested", "price"),
    [
        ("1.7-2.2, 2.2 is the most we'd do", "price_usd", 2_200_000),
        ("about a hundred n forty five thousand", "price_usd", 145_000),
        ("cash out refi on our condo, worth prob 1.4-2.1 now, owe 600k", None, 2_100_000),
    ],
)
def test_millions_in_a_range_and_dictated_hundreds(
    text: str, requested: str | None, price: int
) -> None:
    assert facts(text, requested)["price_usd"] == price


def test_income_by_the_year_is_not_a_price() -> None:
    text = "i fish for a living, 50k one yr 120k the next. want to buy a house in Gloucester"
    assert facts(text).get("price_usd") != 120_000


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("refinanciar, trabajo en boone nc pero la casa esta en independence virginia", "VA"),
        ("a house up the holler in logan county west by god virginia", "WV"),
        ("buying a place in michigan city, right on the lake", "IN"),
    ],
)
def test_where_the_home_is_across_a_state_line(text: str, state: str) -> None:
    found = parse_state(text, asked=False)
    assert found is not None and found[0] == state


def test_an_answer_needed_by_month_end_is_now() -> None:
    assert facts("seller wants an answer by the end of the month", "timeline")["timeline"] == "now"


def test_a_score_checked_again_replaces_the_guess() -> None:
    assert (
        facts("710 i think, nope just checked its 668", "credit_band")["credit_band"] == "620-679"
    )


def test_a_home_sold_for_a_whole_amount_under_100k() -> None:
    text = "do you finance single wides? found one on an acre near Crossville for 58,000"
    assert facts(text)["price_usd"] == 58_000


def test_an_appraisal_last_september_is_not_a_timeline() -> None:
    assert "timeline" not in facts("we had it appraised at $240,000 in September", "price_usd")


def test_a_second_guess_after_thousands_is_in_thousands() -> None:
    assert facts("wanna buy in Aiken SC, 240k maybe 265 if we can")["price_usd"] == 265_000


@pytest.mark.parametrize(
    "text",
    [
        "want a condo in Destin i can airbnb when im not there, ~380k",
        "comprar un depa en Orlando pa vacaciones y rentarlo en airbnb cuando no estamos",
    ],
)
def test_a_vacation_home_rented_out_between_stays(text: str) -> None:
    assert facts(text)["occupancy"] == "second_home"


def test_a_layoff_last_spring_is_not_a_timeline() -> None:
    got = facts("was 720 before, prob 680 now after the layoff in the spring", "credit_band")
    assert "timeline" not in got


def test_hoping_for_spring_is_still_a_timeline() -> None:
    assert facts("we were hoping to buy in the spring")["timeline"] == "3-6 months"


@pytest.mark.parametrize(
    "text",
    [
        "heloc on my house in Fresno, it's where I live",
        "buying a triplex in Waco, we'd live in 1 unit and rent the other 2",
        "a new build near Bluffton as our main home",
        "the house is too big now but i dont want to move, want some cash out",
    ],
)
def test_the_home_they_live_in(text: str) -> None:
    assert facts(text)["occupancy"] == "primary"


def test_not_our_main_house_is_not_primary() -> None:
    got = facts("weekends and hunting season, its not gonna be our main house", "occupancy")
    assert got.get("occupancy") != "primary"
