"""Phrasings of rural buyers, landlords, the self-employed and people who dictate their texts
(the themes of the blind sets dev113-dev124), in our own words: a county named instead of a
town, a military family's Jacksonville, a rent beside the price, a line of credit that is not
a credit score, a side gig beside a W-2, a contract that is not a lease. A few cases passed
before the change they sit beside and guard its reach (Benton County, a navy family's and a
civilian's Jacksonville, a refinance of a rental, a lease, a travel nurse's contract)."""

from __future__ import annotations

import pytest

from bot.actions.intents import effective_intent, wants_a_person
from bot.normalize import parse_state
from bot.normalize.answers import occupancy_in
from bot.normalize.purpose import wants_equity
from tests.unit.reading import facts

# --- places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("a house on ten acres in Torrance County", "NM"),  # New Mexico's only Torrance County
        ("we found a farmhouse out in Itawamba county", "MS"),
        ("land in Lincoln County TN, maybe 40 acres", "TN"),  # one of 23: the state says (a guard)
        ("a camp down in terrebonne parish", "LA"),  # only Louisiana has parishes
        ("busco casa en el condado de Coahoma", "MS"),
    ],
)
def test_a_county_names_its_state_when_only_one_state_has_it(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


@pytest.mark.parametrize(
    "text",
    [
        "need a heloc on the house, it sits on 5 acres in Lincoln County",  # 23 states
        "a house in Benton County, maybe 180",  # nine states: not a guess
    ],
)
def test_a_county_many_states_have_is_asked(text: str) -> None:
    assert "property_state" not in facts(text)


def test_a_county_is_not_the_city_of_its_name() -> None:
    assert facts("a house in Raleigh County, 150k")["property_state"] == "WV"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("PCSing to jacksonville in the summer, want to use my VA", None),  # NC or FL: asked
        ("navy orders to jacksonville, want to buy near the base", "FL"),
        ("marine here, pcs to jacksonville in june, want to buy", "NC"),
        ("buying a condo in jacksonville, 250 max", "FL"),  # no service: the big city
    ],
)
def test_a_military_familys_jacksonville(text: str, state: str | None) -> None:
    assert facts(text).get("property_state") == state


def test_a_move_to_la_is_asked_which_la() -> None:
    assert "property_state" not in facts("moving to LA for a new job, want to buy a condo")


def test_mortgage_insurance_is_not_michigan() -> None:
    said = facts("want to refi to get rid of the MI, house is in baton rouge")
    assert said["property_state"] == "LA"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("I live in Reno but NV is too pricey so looking at a fourplex in Tulsa", "OK"),
        (
            "vivo en Newark pero quiero invertir en Tampa, un triplex. aqui en NJ ya tengo casa",
            "FL",
        ),
        # a guard: the town and its state stay together
        ("relocating from Dover, DE to Mobile. we'd like to buy in Daphne, AL", "AL"),
        ("a beach condo in Destin for summers. we're in atlanta", "FL"),
        ("me trasladan de base, de El Paso a jacksonville (navy). quiero comprar", "FL"),
    ],
)
def test_where_they_buy_beside_where_they_live(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_where_they_are_answers_the_question() -> None:  # a guard for "we're in"
    assert parse_state("We are in Ohio, just outside of Springfield in Clark County") == (
        "OH",
        None,
    )


# --- money ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("electrician, made about 85k last year, want a house in tulsa around 250", 250000),
        ("i made 110k in 2025 on 1099s, want a place in boise", None),
        ("a duplex in dayton, each unit rents for about 1100", None),
        ("between three hundred and three fifty, a house in Mesa", 350000),
    ],
)
def test_a_price_among_incomes_and_rents(text: str, price: int | None) -> None:
    assert facts(text).get("price_usd") == price


def test_hours_between_are_not_a_price() -> None:  # a guard for "between X and Y" in words
    assert "price_usd" not in facts("between nine and eleven in the morning", "contact_time")


# --- purpose --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("we're moving up to Denver next year, want something around 450", "purchase"),
        ("want to finance a duplex in Dayton, I have 2 rentals already", "purchase"),
        ("looking to refinance a rental in dayton", "refinance"),
        ("we made an offer on a townhouse yesterday", "purchase"),
        ("we're in the market for a condo in Austin", "purchase"),
        ("need a loan on some land with a doublewide on it", "purchase"),
        ("quiero invertir en Orlando, un duplex de 300", "purchase"),
        ("quiero sacar como treinta mil de mi casa y refinanciar", "cash_out_refinance"),
    ],
)
def test_a_purpose_said_in_other_words(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


def test_cash_pulled_out_of_the_house_is_equity() -> None:
    # a cash-out or a HELOC: the bot asks which
    assert wants_equity("is it possible to pull out 30k from my house to pay off my truck")


# --- credit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "can i get a line of credit on my house? its worth 500",
        "quiero una línea de crédito, la casa vale como 400",
    ],
)
def test_a_line_of_credit_is_not_a_credit_score(text: str) -> None:
    assert "credit_band" not in facts(text)


# --- the yes-or-no facts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requested", "self_employed"),
    [
        ("nurse, mostly W2 but a little 1099 on weekends. buying in Provo", None, False),
        ("i drive for lyft on the side but my main job is W2", "self_employed", False),
        ("soy contratista y quiero comprar casa en Phoenix", None, True),
        ("i'm a roofing contractor looking to buy in Mesa", None, True),
        ("yes, I run a bakery. Jess's W2 at the hospital", "self_employed", True),
    ],
)
def test_self_employment_beside_a_w2(text: str, requested: str | None, self_employed: bool) -> None:
    assert facts(text, requested)["self_employed"] is self_employed


@pytest.mark.parametrize(
    "text", ["my late husband served in the Navy but I did not", "neither of us"]
)
def test_no_service_of_their_own(text: str) -> None:
    assert facts(text, "va_eligible")["va_eligible"] is False


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("want to buy a house in Waco for me n my daughter", "primary"),
        ("a cabin i rent on airbnb, want a cash out refi. we live in Denver", "investment"),
        ("a condo at the beach we'd use a few weeks a year and airbnb the rest", "second_home"),
        ("buying a small house in town to rent to our farm hands", "investment"),
        ("quiero invertir en un duplex en Houston", "investment"),
    ],
)
def test_who_lives_there(text: str, occupancy: str) -> None:
    assert occupancy_in(text) == occupancy


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "requested", "timeline"),
    [
        ("el año que viene, como en enero", "timeline", "1-3 months"),
        ("ya tenemos contrato, cerramos en enero", "timeline", "now"),
        ("offer's accepted! we close in about 5 weeks", "timeline", "now"),
        ("antes de que termine el año", "timeline", "now"),
        ("this year if we can", "timeline", "now"),  # said in December
        ("want to be moved in before school starts in august", "timeline", "6+ months"),
    ],
)
def test_when_in_everyday_words(text: str, requested: str, timeline: str) -> None:
    assert facts(text, requested)["timeline"] == timeline


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("tenemos contrato de renta hasta junio", None),  # a lease, not a purchase contract
        ("ahorita tengo contrato en Las Vegas, soy enfermera de viaje", None),
        ("a condo we'd use a couple weeks a year", None),  # how often, not when
    ],
)
def test_not_a_time_to_buy_now(text: str, requested: str | None) -> None:
    assert facts(text, requested).get("timeline") != "now"


def test_the_end_of_the_school_year_is_not_the_end_of_the_year() -> None:
    assert facts("cuando termine el año escolar, en junio", "timeline")["timeline"] != "now"


# --- the dialogue ---------------------------------------------------------------------------


def test_asking_if_it_is_a_bot_is_not_asking_for_a_person() -> None:
    text = "is this a real person or a bot? we dont want calls from 10 different people"
    assert effective_intent(text, "human_handoff") == "bot_challenge"
    assert not wants_a_person(text, "human_handoff")


def test_asking_for_a_person_still_is() -> None:
    text = "are you a bot? i want to talk to a real person"
    assert effective_intent(text, "human_handoff") == "human_handoff"
    assert wants_a_person(text, "human_handoff")


# --- round two: new builds, corrections, names, Spanglish -----------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        (
            "we signed w a builder in frisco, base price was 389,990 but w/ upgrades its like 420k",
            420000,
        ),
        ("the model home is listed at 510 but we'd take the smaller plan, ~455k", 455000),
        (
            "las casas nuevas en conroe empiezan desde 280, la que queremos es de 310",
            310000,
        ),  # a guard
        ("tengo una aprobación de 260 mil pero queremos algo de 230", 230000),
        ("maybe 300? the neighbors bigger one went for 345 last spring", 300000),
    ],
)
def test_the_price_beside_a_builders_or_a_neighbors(text: str, price: int) -> None:
    requested = "price_usd" if text.startswith("maybe") else None
    assert facts(text, requested)["price_usd"] == price


def test_a_communitys_starting_price_is_not_theirs() -> None:
    assert "price_usd" not in facts("hay una comunidad nueva en katy con casas desde 290")


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("our lease is up 4/30", "3-6 months"),
        ("3 months, wait no, more like 6", "6+ months"),
        ("1 month. wait no, his new job starts in the fall so more like 9 months", "6+ months"),
    ],
)
def test_when_with_a_date_or_a_correction(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


@pytest.mark.parametrize(
    "text",
    [
        "the builder gives 8k for closing if we use their lender, house in katy 330",
        "el builder da 10 mil para closing, la casa en katy cuesta 330",
        "we're under contract on our house in tempe, closing feb 3. buying in flagstaff next",
    ],
)
def test_a_closing_that_is_not_theirs_to_buy(text: str) -> None:
    assert facts(text).get("timeline") != "now"


def test_the_name_before_an_offered_ssn() -> None:  # the SSN is redacted before parsing
    said = facts("Luis Ortega ssn [redacted] dob [redacted] if u need it", "first_name")
    assert said["first_name"] == "Luis"


def test_a_parent_texting_for_a_named_child_is_asked_whose_name() -> None:
    assert "first_name" not in facts(
        "hi this is Carol, I'm texting for my daughter Jenna. she wants to buy in Tulsa"
    )


def test_self_employed_in_spanish_beside_a_trade() -> None:
    assert (
        facts("trabajo en lavado de alfombras por mi cuenta", "self_employed")["self_employed"]
        is True
    )


def test_across_the_border_is_not_the_state_named() -> None:
    text = "memphis taxes are too high so we're looking across the state line in olive branch"
    assert facts(text).get("property_state") != "TN"


def test_spanglish_with_spanish_verbs_is_spanish() -> None:
    from bot.normalize.language import detect_language

    said = "hello, quiero comprar un house en san antonio, like 300k, my credit is good"
    assert detect_language(said)[0] == "es"


# --- round three: addresses, rents, assessments, saints, buyouts ----------------------------


@pytest.mark.parametrize(
    ("text", "requested", "price"),
    [
        ("a house at 2417 N cedar ridge rd in tulsa listed 259,900", None, 259900),
        ("want a bungalow in tulsa around 240. my rent just went up to 1450", None, 240000),
        ("lender says we qualify up to like 450 but id rather stay near 380", "price_usd", 380000),
        (
            "taxes say $198,000 but thats always low. id guess its worth about $235,000",
            "price_usd",
            235000,
        ),
    ],
)
def test_the_price_beside_an_address_a_rent_a_cap_or_an_assessment(
    text: str, requested: str | None, price: int
) -> None:
    assert facts(text, requested)["price_usd"] == price


def test_a_saints_town_by_its_short_form() -> None:
    assert facts("need a heloc on our house in st george")["property_state"] == "UT"
    assert facts("looking for a condo in ft myers")["property_state"] == "FL"


def test_a_saints_hospital_is_not_a_town() -> None:  # a guard for the short forms
    assert "property_state" not in facts("no, i'm a nurse at St. Joseph's", "self_employed")


@pytest.mark.parametrize(
    "text",
    [
        "divorcing and i want to keep the house, need to buy out my ex's half",
        "dad left the house to me and my sister, i want to buy her out",  # a guard
        "me divorcié y tengo que pagarle su parte a mi ex, la casa está en Tucson",
        "a 4.9% first, a heloc at 9% and a car loan at 8%. can we roll it all into one loan?",
    ],
)
def test_paying_a_co_owner_or_other_debts_out_of_the_equity(text: str) -> None:
    assert facts(text)["loan_purpose"] == "cash_out_refinance"


def test_buying_out_there_is_still_buying() -> None:  # a guard for the buyout rule
    assert facts("relocating, want to buy out in boise around 450")["loan_purpose"] == "purchase"


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("moving to denver for a new job in march, need a place around 500k", "1-3 months"),
        ("quiero comprar casa cuando me llegue el income tax", "1-3 months"),
    ],
)
def test_a_move_or_a_tax_refund_says_when(text: str, timeline: str) -> None:
    assert facts(text)["timeline"] == timeline


@pytest.mark.parametrize(
    "text",
    [
        "a tree fell on our roof in october, need a heloc to fix it",  # a date gone by
        "ideally under contract in the next 60-90 days",  # a hope, not a contract
    ],
)
def test_not_a_date_to_buy_or_a_contract(text: str) -> None:
    assert facts(text).get("timeline") not in ("now", "6+ months")


def test_years_lived_there_make_it_their_home() -> None:
    assert occupancy_in("a heloc on our house, we've lived here 15 years") == "primary"


def test_a_university_campus_is_not_a_state() -> None:
    assert "property_state" not in facts("buying a duplex near UT campus to rent out")
