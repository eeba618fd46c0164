"""Phrasings of the themes of the blind sets dev153-dev160, in our own words: borrowers who
correct themselves ("wait actually no"), owners who keep a home where they used to live,
retirees selling the home they have, rural places and voice typing. Cases marked as guards
passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.actions.extraction import _place_from_entities
from tests.unit.reading import facts

# --- corrections --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        (
            "cash out refi on my place. wait actually no, i dont need any cash out, lower rate",
            "refinance",
        ),
        ("quiero refinanciar la casa, nada de sacar efectivo, solo bajar el pago", "refinance"),
        ("refi and I need to take cash out for the roof", "cash_out_refinance"),  # a guard
    ],
)
def test_cash_taken_back_leaves_a_plain_refinance(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


def test_a_yes_or_no_answer_corrected_in_the_same_text() -> None:
    said = facts(
        "no, w2 at the hospital. wait actually no, i went out on my own so i guess yes",
        "self_employed",
    )
    assert said["self_employed"] is True
    # a guard: the correction's own words say no
    assert facts("yes. wait, no, my husband is the vet not me", "va_eligible") == {
        "va_eligible": False
    }


def test_service_remembered_after_saying_no_in_the_first_text() -> None:
    said = facts("buying a townhouse in dover. never served... oh wait, 4 yrs army reserve")
    assert said["va_eligible"] is True


def test_a_name_fixed_with_an_asterisk() -> None:
    assert facts("Jenn. ugh Jen*", "first_name") == {"first_name": "Jen"}


def test_a_ceiling_said_as_our_limit_is_the_price() -> None:
    assert facts("our limit is $450,000 but we'd love to be closer to $400k", "price_usd") == {
        "price_usd": 450_000
    }


# --- homes they have ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (
            "we moved to denver but kept our old condo in tucson as a rental, want to refi it",
            "AZ",
        ),
        # a guard: buying, the home they keep is not the one financed
        (
            "we live in Houston but have a condo in Miami we're keeping, want to buy in Orlando",
            "FL",
        ),
    ],
)
def test_a_home_kept_where_they_lived_is_the_one_refinanced(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


@pytest.mark.parametrize(
    "text",
    [
        "we'd sell our townhouse in Reno, which should net us around 410k, and buy in Boise",
    ],
)
def test_what_their_own_sale_brings_is_not_the_price(text: str) -> None:
    assert "price_usd" not in facts(text)


def test_the_sale_of_the_home_they_have_beside_the_price_asked() -> None:
    said = facts("como 200 mil, la casa vieja la vamos a vender en 300", "price_usd")
    assert said == {"price_usd": 200_000}


@pytest.mark.parametrize(
    "text",
    [
        "I'd just like to reduce my monthly payment on the house",
        "I want my mortgage payment to be lower, that's all",
    ],
)
def test_a_smaller_payment_is_a_refinance(text: str) -> None:
    assert facts(text, "loan_purpose")["loan_purpose"] == "refinance"


# --- second homes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "looking for a vacation townhouse in ocean city md, about 380",
        "buying a condo at the beach but keeping our main home in baltimore",
        "want a little hunting shack up north, 90k or so",
        "una casita en las montañas para ir de pesca los fines de semana",
    ],
)
def test_a_place_for_holidays_and_hunting_is_a_second_home(text: str) -> None:
    assert facts(text).get("occupancy") == "second_home"


# --- places and numbers -------------------------------------------------------------------


def test_a_county_named_like_a_state_is_not_that_state() -> None:
    tagged = {"entity": "property_state", "value": "Washington"}
    county = {"text": "refi on our farm in Washington County", "entities": [tagged]}
    state = {"text": "refi on our farm in Washington", "entities": [tagged]}  # a guard
    assert _place_from_entities(county) == {}
    assert _place_from_entities(state) == {"property_state": "WA"}


def test_a_towns_population_is_not_a_price() -> None:
    assert "price_usd" not in facts("want to buy a farmhouse in a tiny town, pop about 900")


def test_voice_typed_too_hundred_is_two_hundred() -> None:
    assert facts("too hundred fifty thousand", "price_usd") == {"price_usd": 250_000}


def test_going_out_on_their_own_in_a_past_month_is_not_when_they_buy() -> None:
    assert facts("i went out on my own in june", "self_employed") == {"self_employed": True}


# --- investors and landlords (dev161-dev164) ------------------------------------------------


def test_a_score_corrected_in_the_first_text() -> None:
    said = facts(
        "buying a condo in reno, budget 300k. credit 590.. wait no, i looked again its 652"
    )
    assert said["credit_band"] == "620-679"


def test_a_word_for_credit_beside_a_price_is_left_to_its_question() -> None:
    assert "credit_band" not in facts("buying in st louis around 210k, my credit isnt great tho")


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("he starts jan 15 so asap-ish, but realistically 2-3 months", "1-3 months"),
        ("in the next month", "now"),
    ],
)
def test_the_realistic_time_and_the_next_month(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_a_refinance_they_had_does_not_change_the_loan_they_want() -> None:
    said = facts("appraised at 410 when we refinanced in 2020, prob 450 now", "price_usd", "heloc")
    assert said == {"price_usd": 450_000}
    # a guard: said unasked, the refinance they had is the one they want again
    assert facts("we refinanced in 2022 and rates dropped, want to do it again")[
        "loan_purpose"
    ] == ("refinance")


@pytest.mark.parametrize(
    ("text", "requested", "price"),
    [
        ("flip in toledo, 95k purchase, arv is 170", None, 95_000),
        ("170 is the arv, the contract is 95k", "price_usd", 95_000),
        ("under contract on a fixer in toledo at 140k. rehab budget 40k", None, 140_000),
        ("queremos un condo en miami, budget 350k... bueno tal vez 380k", None, 380_000),
    ],
)
def test_an_investors_numbers_that_are_not_the_price(
    text: str, requested: str | None, price: int
) -> None:
    assert facts(text, requested)["price_usd"] == price


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("want to refi my triplex in el paso, every unit is rented", "investment"),
        ("tengo un triplex rentado en el paso, quiero refinanciar", "investment"),
        ("finished my brrrr in akron, need the cash out refi now", "investment"),
        ("heloc on the one we live in, for the down payment on another rental", "primary"),
        ("siempre he rentado, quiero comprar mi primera casa", None),  # a guard
    ],
)
def test_rented_units_and_the_home_borrowed_against(text: str, occupancy: str | None) -> None:
    assert facts(text).get("occupancy") == occupancy


def test_rentals_elsewhere_are_not_the_home_borrowed_against() -> None:
    said = facts("heloc on my home in portland oregon, already have 2 rentals in vancouver wa")
    assert said["property_state"] == "OR"


# --- wary borrowers, military moves, families, city neighbourhoods (dev165-dev168) ---------


def test_how_many_calls_in_a_day_is_not_when() -> None:
    said = facts("filled out one form and got 20 calls in a day. anyway buying in tulsa ok")
    assert "timeline" not in said


def test_a_discharge_received_in_a_past_month_is_not_when() -> None:
    assert "timeline" not in facts("just got my DD-214 in september, want to refi into a VA loan")


def test_a_score_that_was_and_what_it_is_now() -> None:
    said = facts("it was 760 until a late payment in august, prob around 725 now", "credit_band")
    assert said == {"credit_band": "680-739"}


def test_a_name_after_a_question_back_in_spanish() -> None:
    said = facts("¿para qué necesitan mi nombre? ... bueno, Martín", "first_name")
    assert said == {"first_name": "Martín"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my mom is Graciela, I'm Lupe (her daughter)", "Graciela"),
        # a guard: the texter's own name said outright
        ("Me llamo Sofía, mi mamá se llama Teresa. Hablen conmigo", "Sofía"),
    ],
)
def test_a_child_texting_for_a_parent(text: str, name: str) -> None:
    assert facts(text, "first_name") == {"first_name": name}


def test_pcs_orders_of_a_civilian_are_not_service() -> None:
    said = facts("DoD civilian, GS-12, got PCS orders to fort bliss, buying in el paso")
    assert "va_eligible" not in said


def test_service_wondered_about_is_asked() -> None:
    said = facts("my cousin says a VA loan is the way but idk if i qualify, buying in ocala fl")
    assert "va_eligible" not in said


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("we're at fort bragg in fayetteville NC now but PCSing to fort stewart in april", "GA"),
        ("soy Carolina, buscamos en durham. mi tía vive en south carolina", "NC"),
        ("trabajo en DC pero aqui todo es caro, quiero comprar en frederick maryland", "MD"),
        ("quiero comprar en DC... bueno no, en alexandria virginia", "VA"),
        # a guard: a job offered there is where they will buy
        ("me ofrecieron trabajo en Bangor Maine, vengo de Boston, quiero comprar alla", "ME"),
    ],
)
def test_where_they_are_work_or_family_and_where_they_buy(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_everything_rented_out_in_spanish_is_an_investment() -> None:
    said = facts("tengo un triplex en lawrence, lo rento todo, quiero sacar dinero")
    assert said["occupancy"] == "investment"
