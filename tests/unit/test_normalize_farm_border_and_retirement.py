"""Phrasings of farm-country buyers, border families and retirees (the themes of the blind
sets dev79-dev82), in our own words: what the home is for, a price left bare in a buyer's
first text, an opt-out joined to another."""

from __future__ import annotations

import pytest

from bot.normalize import parse_price
from introductions.keywords import STOP, classify
from tests.unit.reading import facts


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("looking at a double wide on 10 acres near Enid, 120k", "purchase"),
        ("we're looking at an acreage north of town, 4 bed", "purchase"),
        ("need a loan on a cabin up north for hunting season", "purchase"),
        ("a 3 bed outside Yankton, they want 210 for it", "purchase"),
        ("we bought on a land contract and the balloon is due, need a real mortgage", "refinance"),
        ("i have always rented and i want to finally own something small", "purchase"),
        ("buscamos una casita en Dodge City", "purchase"),
        ("dan lineas de credito sobre la casa?", "heloc"),
        ("do you do lines of credit on a paid off house", "heloc"),
        ("quiero refinansiar la casa", "refinance"),
    ],
)
def test_what_the_home_is_for_in_plain_words(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("want to buy a house in Garden City. 180-210", 210_000),
        ("quiero comprar una casa en Caldwell. Como 320.", 320_000),
        ("we want to buy near the lake, thinking 250-300", 300_000),
        ("20k down payment, house around 300k", 300_000),
    ],
)
def test_a_buyers_bare_price(text: str, price: int) -> None:
    assert facts(text)["price_usd"] == price


@pytest.mark.parametrize(
    "text",
    [
        "want to buy a house, 3 bed 2.5 bath",  # a size
        "want to buy a house close to the 287",  # a highway
        "quiero comprar, las casas empiezan en 310",  # the cheapest, not theirs
        "want to buy a house, credit is ok maybe 640",  # a score
        "buying a house, call me at 316-555-0142",  # a phone number
    ],
)
def test_numbers_in_a_buyers_first_text_that_are_no_price(text: str) -> None:
    assert "price_usd" not in facts(text)


def test_a_bare_number_is_no_price_for_a_refinance() -> None:
    assert parse_price("refinance my house in Salina. 380-420", asked=False) is None
    assert "price_usd" not in facts("refinance my house in Salina. 380-420")


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("Please remove my number and do not contact me again. Thank you, June", True),
        ("no me manden mensajes y no me llamen", True),
        ("stop and think about it for a second", False),
        ("quit my job and now I'm self-employed", False),
    ],
)
def test_an_opt_out_joined_to_another(text: str, stops: bool) -> None:
    keyword = classify(text)
    assert (keyword is not None and keyword.kind == STOP) is stops


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("the taco truck is mine, she is W2", True),
        ("I do drywall on my own, she works at the hospital", True),
        ("the trucking is my own business, the warehouse job is W2", True),
        ("I cut hair, I rent my own chair", True),
        ("no, I live on my own, I work at the plant", False),
    ],
)
def test_self_employed_beside_someone_elses_job(text: str, said: bool) -> None:
    assert facts(text, "self_employed")["self_employed"] is said


@pytest.mark.parametrize(
    "text",
    [
        "the house was in both our names but the bank took it in 2019",
        "we owned years ago, sold it and rented since",
    ],
)
def test_a_home_owned_before_said_in_passing(text: str) -> None:
    assert facts(text, "first_time_buyer")["first_time_buyer"] is False


def test_a_spouse_who_served_and_is_not_on_the_loan() -> None:
    said = facts("my wife was in the navy but shes not on the loan, only me", "va_eligible")
    assert said["va_eligible"] is False


def test_a_base_is_a_place_not_service() -> None:
    assert "va_eligible" not in facts("Georgia, near the air force base", "property_state")


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Ohio, en el condado de Lake. No es el de Texas", "OH"),
        # a guard: the state they move within is where they buy
        ("we're moving within NJ, a house in Springfield, not the one in Mass", "NJ"),
    ],
)
def test_a_state_taken_back_or_stayed_in(text: str, state: str) -> None:
    assert facts(text, "property_state")["property_state"] == state


def test_a_county_named_like_a_state_is_not_the_state() -> None:
    assert (
        facts("a paid off house in Washington County, want a HELOC").get("property_state") is None
    )


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("six eighty I think. no wait that was my husband's, mine is six forty", "620-679"),
        ("en los 600 altos", "680-739"),
        ("in the high seven hundreds", "740+"),
    ],
)
def test_scores_said_in_words(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("we want to move when school lets out", "3-6 months"),
        ("by next ski season", "6+ months"),
        ("antes de la cuaresma", "1-3 months"),
        ("soon as possible, the contractor starts in january", "now"),
        ("ahora no, como en medio año", "3-6 months"),
        ("me quedan 2 años de contrato, quiero comprar en los próximos 4 meses", "3-6 months"),
        ("se nos acaba el contrato en junio", "3-6 months"),
        ("lease is up end of june", "6+ months"),  # a guard: the end of the month
    ],
)
def test_when_in_everyday_words(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_a_time_of_day_when_school_lets_out_is_no_timeline() -> None:
    assert "timeline" not in facts("after 3:30 when school lets out", "contact_time")


@pytest.mark.parametrize(
    "text",
    [
        "we'd live in the main house and rent the basement out",
        "buying near Hays so we can move off the farm",
        "my dad and me are buying together so he can live with us",
    ],
)
def test_a_home_to_live_in(text: str) -> None:
    assert facts(f"want to buy a house. {text}")["occupancy"] == "primary"


def test_a_price_scratched_and_replaced_in_another_answer() -> None:
    said = facts(
        "good, 760. oh and scratch the 310, my husband says 340", "credit_band", "refinance"
    )
    assert said["price_usd"] == 340_000


def test_a_second_guess_after_a_comma() -> None:
    assert facts("quiero comprar en Yuma, precio como 260, 270")["price_usd"] == 270_000


@pytest.mark.parametrize(
    "text",
    [
        # where they live, as a state, and a town the tables do not know
        "we live in Beatrice Nebraska but want to buy a house over in Seneca",
        # a second home in a small town, said beside their city
        "looking at a ski condo in Ketchum, we're in Denver",
        # a town taken back for another
        "buying in Salina Kansas, actually the one we like is up in Hiawatha",
    ],
)
def test_the_home_elsewhere_is_asked_not_guessed(text: str) -> None:
    assert "property_state" not in facts(text)


def test_a_neighbourhood_of_their_own_city_keeps_the_state() -> None:
    said = facts("vivimos en Houston, queremos comprar en River Oaks")
    assert said["property_state"] == "TX"


def test_small_phrasings_of_buying_and_owning() -> None:
    assert facts("quiero saber si califico para una casa")["loan_purpose"] == "purchase"
    assert facts("a condo in the villages for the winters")["property_state"] == "FL"
    assert facts("aquí no, pero tenemos una casa en Honduras", "first_time_buyer") == {
        "first_time_buyer": False
    }
    assert facts("I had a place with my ex, only in his name", "first_time_buyer") == {
        "first_time_buyer": True
    }


@pytest.mark.parametrize(
    "text",
    [
        "lookin for a little hunting camp up on the lake, round 120k",
        "finally saved up enough for a house, thinking around Tyler",
        "need a house for me and my kids near Dothan",
        "looking at triple deckers in Worcester, we'd live on one floor",
        "my wife wants to look at houses in Valparaiso",
        "how much house can i afford on 80k a year",
        "got 3 rentals already and looking to pick up another one",
        "condo near the train, budget 600 max",
        "busco condo en Revere, 2 cuartos",
    ],
)
def test_buying_said_without_the_word(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


def test_a_price_range_and_a_score_left_bare() -> None:
    said = facts("looking 2 buy. ga. 200-225. 610. 1st time")
    assert said["price_usd"] == 225_000


def test_a_home_down_the_street_in_that_ballpark() -> None:
    text = (
        "refinance: bought for 300,000, one down the street listed at $385,000,"
        " so mine is in that ballpark"
    )
    assert facts(text)["price_usd"] == 385_000


def test_a_value_said_then_corrected() -> None:
    text = "cash out refi, its worth about 280k (actually my wife says more like 300 with the deck)"
    assert facts(text)["price_usd"] == 300_000
    assert facts("refi. worth abt 240")["price_usd"] == 240_000


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("510. no 530 after the new roof", 530_000),
        ("415 no 450", 415_000),  # a guard: "no" without a stop takes 450 back
    ],
)
def test_no_after_a_number(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_a_lake_on_a_state_line_is_not_a_city() -> None:
    assert "property_state" not in facts("want a little place on Toledo Bend, 150k")


def test_money_out_without_refinancing_is_a_heloc() -> None:
    text = (
        "any way to get money out of my house without refinancing?? I have 3.1% and I'm keeping it"
    )
    assert facts(text)["loan_purpose"] == "heloc"


def test_a_product_turned_down_is_not_the_one_wanted() -> None:
    assert facts("appraised at 400 for a heloc that got denied", "price_usd", "refinance") == {
        "price_usd": 400_000
    }
    # the only product named stays: they want it elsewhere
    assert facts("Chase denied my refi, can you do better?")["loan_purpose"] == "refinance"


def test_i_dont_want_cash_out() -> None:
    text = "need to refinance to take my ex off the loan, I don't want cash out"
    assert facts(text)["loan_purpose"] == "refinance"


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("looking for a fishing camp on the river, weekends and such", "second_home"),
        ("a condo at the beach, second home we'd rent out a few weeks", "second_home"),
        ("moving back home to Biloxi, want something raised", "primary"),
        ("a house for me and my 2 kids, budget 140", "primary"),
        ("a beach place for summers, we'd only use it ourselves", "second_home"),
        ("quiero comprar algo de dos pisos para rentar el de arriba y vivir abajo", "primary"),
    ],
)
def test_what_the_home_is_for_in_a_first_text(text: str, occupancy: str) -> None:
    assert facts(f"want to buy. {text}")["occupancy"] == occupancy


def test_living_in_an_inherited_house() -> None:
    said = facts("my dad left me his house in Tulsa, been living in it since, want a heloc")
    assert said["occupancy"] == "primary"


@pytest.mark.parametrize(
    ("text", "slot", "said"),
    [
        ("I have a condo in Atlanta but I'm selling it", "first_time_buyer", False),
        ("I'm a shrimper, own my boat", "self_employed", True),
        ("estuve en el ejército en Honduras pero aquí no", "va_eligible", False),
        ("7 something last I looked", "credit_band", "740+"),
        ("7 something. like 715 last time", "credit_band", "680-739"),  # a guard
    ],
)
def test_answers_in_passing(text: str, slot: str, said: object) -> None:
    assert facts(text, slot)[slot] == said


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("no huge rush but want it done before next summer", "3-6 months"),
        ("we put an offer in friday, waiting to hear back", "now"),
        ("we'll make an offer in the spring", "3-6 months"),  # a guard: the offer is later
    ],
)
def test_deadlines_and_offers(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


@pytest.mark.parametrize(
    "text",
    [
        "found a house between Slidell and Picayune, asking 289,900",  # a state line
        "CO at the prison in jackson, want to buy a house",  # a corrections officer
    ],
)
def test_places_that_are_no_state(text: str) -> None:
    assert "property_state" not in facts(text)


def test_the_gulf_beaches_are_alabama() -> None:
    assert facts("want a condo at Orange Beach")["property_state"] == "AL"


def test_a_lenders_approval_alone_is_the_price() -> None:
    said = facts("quiero comprar casa en el sur de chicago, 60617. me aprobaron por 230")
    assert said["price_usd"] == 230_000


def test_a_bare_range_beside_no_credit_history() -> None:
    text = "quiero comprar una casa chiquita, de 150 a 170. pero no tengo historial de credito"
    assert facts(text)["price_usd"] == 170_000


def test_equity_out_in_spanish_after_buying_years_ago() -> None:
    text = "tenemos casa en Raleigh que compramos en el 2015, queremos sacar como 70 mil"
    assert facts(text).get("loan_purpose") != "purchase"


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("a 2 family in Lowell, we live upstairs and my mother downstairs", "primary"),
        ("a 2 flat, we live one floor and rent the other", "primary"),
        ("a house for me my wife our kids and my parents", "primary"),
        ("a house near Classen, my parents, me, my sister all live together", "primary"),
        ("una casa con mis suegros que viven con nosotros", "primary"),
        ("a house for my family to live, maybe a rental later", "primary"),
        ("a condo in Naples for vacation", "second_home"),
    ],
)
def test_households_that_live_together(text: str, occupancy: str) -> None:
    assert facts(f"want to buy {text}")["occupancy"] == occupancy


def test_the_va_used_for_a_home_is_a_purchase() -> None:
    assert facts("want to use my VA for a townhouse in Bowie")["loan_purpose"] == "purchase"
