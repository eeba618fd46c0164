"""Phrasings of military families, homeowners, multi-generational households and city buyers
(the themes of the blind sets dev97-dev104), in our own words: a city known by two letters,
where someone was born, a road number, a typo taken back, a partner's credit, a home
described by its size or its use, a work rotation, a nickname before the real name."""

from __future__ import annotations

import pytest

from bot.actions.extraction import wants_a_person
from bot.normalize import parse_state
from introductions.keywords import STOP, classify
from tests.unit.reading import facts, slots_set

# --- places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "relocating to KC for a job, around 300",
        "buying in kc this spring",
    ],
)
def test_kc_is_asked_like_kansas_city(text: str) -> None:
    assert "property_state" not in facts(text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("we want a house in KCK, 200 max", "KS"),
        ("looking at a duplex in east st louis", "IL"),
        ("want a place in Queens, co-op or condo, 500 max", "NY"),
        ("buscamos en Queens, co-op o condo, hasta 450", "NY"),
        ("grew up in PR but we live by Fort Bragg now, want to buy", "NC"),
        ("me crié en Carolina, PR pero ya vivo en Allentown y quiero comprar", "PA"),
        ("want a cabin in Gatlinburg, we'd keep our house in Ohio", "TN"),
        (
            "my husband got a job on Maui and we want to buy a house there. right now we live in "
            "Puerto Rico",
            "HI",
        ),
        ("busco casa en Dothan alabama, mi esposo esta en la 101", "AL"),
        ("stationed at Pease, want to buy near the base", "NH"),
    ],
)
def test_where_the_home_is_not_where_they_came_from(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_the_big_house_in_spanish_is_not_casa_grande_arizona() -> None:
    assert parse_state("ya no necesitamos la casa grande", asked=False) is None
    assert parse_state("buscamos casa en Casa Grande", asked=False) == ("AZ", None)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Maine! everyone assumes Oregon", "ME"),
        ("Carolina del Norte, no perdón, del Sur", "SC"),
        ("north dakota, no wait, south", "SD"),
    ],
)
def test_a_state_taken_back_in_the_same_reply(text: str, state: str) -> None:
    assert parse_state(text) == (state, None)


def test_a_search_moved_across_the_river_later_in_the_conversation() -> None:
    slots = {
        "language": "en",
        "loan_purpose": "purchase",
        "property_state": "NE",
        "requested_slot": "credit_band",
    }
    got = slots_set("around 700. also we switched to looking in Council Bluffs", slots)
    assert got["property_state"] == "IA"


# --- money --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price", "requested"),
    [
        ("a bungalow listed at 412,000. sorry 421,000 typo", 421_000, None),
        ("docientos cincuenta mil", 250_000, "price_usd"),
        (
            "We paid 210 in 2014. The neighbors house just sold for 310 and it has the same layout "
            "so probably about that",
            310_000,
            "price_usd",
        ),
    ],
)
def test_the_price_among_other_numbers(text: str, price: int, requested: str | None) -> None:
    assert facts(text, requested)["price_usd"] == price


def test_going_past_a_number_is_a_ceiling_not_a_road() -> None:
    # a guard beside the road rule ("off the 215"): "past" names a road only before "the"
    assert facts("seen some in the 300s, wouldnt go past 375", "price_usd")["price_usd"] == 375_000


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("I drive a forklift at the warehouse off the 60, want to buy a house", None),
        ("we have about 45k in cards at like 25%, can we roll it into the mortgage. in Mesa", None),
        ("695 credit, we both work", "price_usd"),
    ],
)
def test_roads_debts_and_scores_are_not_the_price(text: str, requested: str | None) -> None:
    assert "price_usd" not in facts(text, requested)


def test_a_score_named_after_its_number_answers_the_credit_part() -> None:
    assert facts("695 credit, we both work", "price_usd")["credit_band"] == "680-739"


def test_a_million_price_taken_back_in_another_answer() -> None:
    slots = {
        "language": "en",
        "loan_purpose": "purchase",
        "price_usd": 1_500_000,
        "requested_slot": "property_zip",
    }
    assert slots_set("90210, and i mistyped, it's 1.05 not 1.5", slots)["price_usd"] == 1_050_000


# --- credit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("like 7 fitty", "740+"),
        ("mine is 752, wait no that's my wife's, mine is 690", "680-739"),
        ("no idea, never looked. probably fair?", "620-679"),
        ("not sure, i think it's good", "680-739"),
    ],
)
def test_a_score_said_loosely_or_corrected(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


@pytest.mark.parametrize(
    "text",
    [
        "my husband has a 560 credit score, we want a house in Mesa",
        "mi novio no tiene buen crédito, podemos comprar en Tucson?",
    ],
)
def test_a_partners_credit_is_not_the_borrowers(text: str) -> None:
    assert "credit_band" not in facts(text)


# --- purpose ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "PCSing to Fort Hood in March, want to use my VA",
        "0 down VA, something near Fort Carson under 400",
        "looking for a 4/2 near the base, wife and 3 kids",
        "we outgrew our condo, want something bigger in Plano",
        "empty nesters, downsizing to a one story around 300",
        "me and my sisters want to go in on a house in Fontana",
        "house in Elko w a shop, 380ish max",
        "thinking about a little beach condo in Gulf Shores",
        "looking for a fixer upper in Boise, we can put sweat equity into it",
        "there's a little double near Broad Ripple for 240, we'd live in one side",
    ],
)
def test_a_purchase_said_without_the_word(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("we have a heloc and a first mortgage, want to combine them into one loan", "refinance"),
        ("can i roll my credit cards into my mortgage", "cash_out_refinance"),
    ],
)
def test_loans_folded_into_one(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


# --- time, use, name, opt-out -------------------------------------------------------------


def test_a_work_rotation_is_not_a_timeline() -> None:
    assert "timeline" not in facts("I do 2 wks on 2 off at the mine, want a house in Elko")


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("first quarter next year", "1-3 months"),
        ("before presidents day", "1-3 months"),
        ("closing by halloween", "6+ months"),
    ],
)
def test_quarters_and_holidays(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


@pytest.mark.parametrize(
    "text",
    [
        "want to refinance the place in McCall we use on weekends",
        "want a ski condo, not our main home",
    ],
)
def test_a_home_used_on_weekends_is_a_second_home(text: str) -> None:
    assert facts(text)["occupancy"] == "second_home"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("why do they all want my score. nah im done, dont text me no more", "en"),
        ("olvídelo. no quiero que me escriban más", "es"),
    ],
)
def test_an_opt_out_in_plain_words(text: str, lang: str) -> None:
    found = classify(text)
    assert found is not None and found.kind == STOP


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("My late wife was in the Army. I never was.", "en"),
        (
            "mi esposo sí, estuvo en la marina, pero no está en la casa ni en el préstamo. yo no",
            "es",
        ),
    ],
)
def test_a_spouse_who_served_and_is_not_borrowing(text: str, lang: str) -> None:
    assert facts(text, "va_eligible")["va_eligible"] is False


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("me dicen Chuy pero me llamo Jesus", "Jesus"),
        ("they call me Red but my name is Daniel", "Daniel"),
        ("Kaitlin. well Katelyn with a y", "Katelyn"),
    ],
)
def test_the_real_name_after_a_nickname_or_a_spelling(text: str, name: str) -> None:
    assert facts(text, "first_name")["first_name"] == name


def test_complaining_before_answering_is_not_asking_for_a_person() -> None:
    assert not wants_a_person("why do you need that before i even talk to someone. ok 650", None)


# --- homeowners' numbers ------------------------------------------------------------------


def test_ok_starting_a_sentence_is_not_oklahoma() -> None:
    assert parse_state("hold on, checking. OK, 731", asked=False) is None
    assert parse_state("Tulsa, OK", asked=False) == ("OK", None)


def test_the_first_mortgage_and_a_heloc_they_have() -> None:
    got = facts("maybe 380. we owe 200 on the first and 30 on the heloc", "price_usd", "refinance")
    assert "timeline" not in got
    assert "loan_purpose" not in got


def test_what_the_home_cost_when_bought_is_not_its_value() -> None:
    text = "we bought our place in Kendall in 2022 for 310k, want to refi to lower the payment"
    assert "price_usd" not in facts(text)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("my dad says 600 but he's an optimist. realistically 540", 540_000),
        ("creía que 300 pero con el HOA mejor 260", 260_000),
        ("the bank approved 420 but we don't want to go that high. 360 feels right", 360_000),
    ],
)
def test_a_second_number_that_takes_the_first_back(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


# --- long messages, the border, older borrowers (dev105-dev112) ---------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        (
            "long story but im 34, making 91k now after my raise, rent is 1700. looking at "
            "townhomes around 289k out in pflugerville",
            289_000,
        ),
        ("we have 30k saved and 12k in my 401k. looking in the 390-420 range", 420_000),
        ("between us about 140k a year. looking 300-340 in Evans", 340_000),
        ("I'm a teacher (58k) with 20k saved. Budget maybe 325", 325_000),
        ("listed at 264,900 and the sellers accepted 255k!", 255_000),
    ],
)
def test_the_price_in_a_long_message_of_numbers(text: str, price: int) -> None:
    assert facts(text)["price_usd"] == price


@pytest.mark.parametrize(
    ("text", "requested"),
    [
        ("owe 240k at 3.875 (no wait, that's the car, the house is 5.125). refi?", None),
        ("compramos la casa en San Jose en el 2004 en 390 mil y queremos refinanciar", None),
        ("looking at a heloc on our house in Mankato for about 60k. roof and cards", None),
        ("mom is selling her condo and putting 90k toward it", None),
    ],
)
def test_rates_old_prices_and_borrowed_amounts_are_not_the_value(
    text: str, requested: str | None
) -> None:
    assert "price_usd" not in facts(text, requested)


def test_a_sale_of_our_own_home_is_not_the_price_but_a_neighbors_is_a_guide() -> None:
    text = "we sold our house in Joliet for 410k and want a ranch in Madison around 320"
    assert facts(text)["price_usd"] == 320_000
    neighbor = "paid 250, the one 3 doors down just sold for 330 so prob that"
    assert facts(neighbor, "price_usd")["price_usd"] == 330_000


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("tenía 710 pero bajó a 640 por una tarjeta", "620-679"),
        ("750, bueno eso fue el año pasado, ahora creo que 710", "680-739"),
    ],
)
def test_a_score_that_moved_said_in_spanish(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


def test_what_they_owe_now_is_not_a_score_taken_back() -> None:
    text = "ahora debo como 355 y la casa vale mas o menos lo mismo. mi score es 770"
    assert facts(text)["credit_band"] == "740+"


@pytest.mark.parametrize(
    "text",
    [
        "moving back to Tulsa from Austin, looking on the south side, 300 max",
        "retiring next year and want to move closer to the grandkids in Asheville",
        "looking for something in Hatch, 180 tops",
        "quiero algo de 250 a 280 mil cerca de la escuela",
        "renting in Mesilla, thinking 350 max for a house",
    ],
)
def test_a_move_or_a_search_is_a_purchase(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


def test_a_rate_someone_said_could_be_lower_is_a_refinance() -> None:
    text = "got a mortgage at 7.1% and my neighbor says I can get it lower"
    assert facts(text)["loan_purpose"] == "refinance"


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("once winter is over", "3-6 months"),
        ("después de que pase el invierno", "3-6 months"),
    ],
)
def test_after_a_season_is_the_next_one(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


@pytest.mark.parametrize(
    "text",
    [
        "we're winter Texans from Iowa, want a small place in Harlingen",
        "the builder gives 8k toward closing if we use them",
        "my score is 733 as of Nov",
        "owe 180 on the first and 25 on the heloc",
    ],
)
def test_words_that_look_like_a_time_and_are_not(text: str) -> None:
    assert "timeline" not in facts(text)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("I fly for Alaska Airlines out of Seattle, want to buy in Tacoma", "WA"),
        ("I'm in the Indiana Air National Guard, looking in Carmel", "IN"),
        ("a little place in Oxford near Ole Miss, our main house is in Memphis", "MS"),
    ],
)
def test_a_company_a_college_and_where_they_work(text: str, state: str | None) -> None:
    assert facts(text).get("property_state") == state


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("a heloc on my residence in Savannah", "primary"),
        ("mom wants a line of credit so she can stay there", "primary"),
        ("a condo near the college, our main house is in Dallas", "second_home"),
        ("want to buy a house to live with my family in Fort Morgan", "primary"),
    ],
)
def test_the_home_they_live_in_and_the_one_they_visit(text: str, occupancy: str) -> None:
    assert facts(text)["occupancy"] == occupancy


@pytest.mark.parametrize(
    ("text", "requested", "name"),
    [
        ("Snowbirds here! want a place in Naples", None, None),
        ("mi mamá se llama Rosa, yo soy su hija", "first_name", "Rosa"),
    ],
)
def test_who_is_named(text: str, requested: str | None, name: str | None) -> None:
    assert facts(text, requested).get("first_name") == name


def test_a_value_corrected_by_someone_else() -> None:
    text = "she says 500k. ok she just corrected me, the appraisal in may was 455"
    assert facts(text, "price_usd")["price_usd"] == 455_000


# --- New England, the Gulf after the storms -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("a 3 family in Lowell, 600 is my max. wait no 575, we need money for repairs", 575_000),
        ("assessor got it at 190 but it'd sell for 260 easy", 260_000),
        ("quiero un apartamento en Doral, está en 415.000 con una derrama de 40 mil", 415_000),
        ("Insurance on our Sarasota place is $8,900 now. looking inland around 320", 320_000),
        ("410. no sorry 385, the 410 one had a $550 hoa", 385_000),
        ("350... no perdón, 330, con 350 no nos alcanza", 330_000),
    ],
)
def test_a_price_beside_insurance_dues_and_the_listing_given_up(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_a_lot_premium_is_part_of_the_price() -> None:
    # a guard beside the rule for insurance and dues: a builder's premium is the price
    text = "base was 360 but with the lot premium its 384k now"
    assert facts(text, "price_usd")["price_usd"] == 384_000


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("want to buy a farmhouse that needs work, do you do renovation loans?", "purchase"),
        ("quiero un prestamo sobre el equity de mi casa pa la cocina", "heloc"),
        ("pago 1,700 de renta y prefiero pagar hipoteca", "purchase"),
        ("retiring to the mountains, around 400 and we'll put half down", "purchase"),
        ("new job in Boise, need to line up a mortgage out there", "purchase"),
    ],
)
def test_what_they_want_in_other_words(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("we're done with Florida. moving to Coeur d'Alene", "ID"),
    ],
)
def test_a_state_they_are_leaving(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


@pytest.mark.parametrize(
    "text",
    [
        "we winter in Naples and want a heloc on the house up north",
        "just not right on 75 or 85 please",
    ],
)
def test_a_season_spent_somewhere_a_past_month_and_a_road_are_not_when(text: str) -> None:
    assert "timeline" not in facts(text)


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("we've wintered in Venice for years and want to stop renting down here", "second_home"),
        ("un apartamento en Sunny Isles como segunda vivienda", "second_home"),
    ],
)
def test_a_winter_home(text: str, occupancy: str) -> None:
    assert facts(text)["occupancy"] == occupancy


def test_a_month_they_started_looking_is_not_when_they_buy() -> None:
    got = facts("hopefully in the spring, been looking since september ugh", "timeline")
    assert got["timeline"] == "3-6 months"


def test_seven_something_after_i_think() -> None:
    assert facts("I think its 7 something? been a while", "credit_band")["credit_band"] == "740+"


# --- every texting style -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flag", "value"),
    [
        ("yes Navy, 6 years. No, not self-employed", "self_employed", False),
        (
            "no, nunca estuve en el ejercito. y trabajo por mi cuenta, tengo mi taller",
            "self_employed",
            True,
        ),
        ("my mom was, i wasnt", "va_eligible", False),
    ],
)
def test_the_question_before_answered_first(text: str, flag: str, value: bool) -> None:
    assert facts(text, flag)[flag] is value


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("CA, LA, near ktown", "CA"),
        ("nos vamos de LA pa Texas, a Houston", "TX"),
    ],
)
def test_la_beside_california_or_left_behind(text: str, state: str) -> None:
    assert facts(text, "property_state")["property_state"] == state


@pytest.mark.parametrize(
    "text",
    [
        "me quiero ir de california a Arizona, casas de unos 380",
        "nos mudamos pa Texas, buscamos por San Antonio",
    ],
)
def test_a_move_in_spanish_is_a_purchase(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


def test_going_to_move_there_is_not_a_purchase() -> None:
    # a guard beside the Spanish moves: "me voy a ..." alone is not one
    assert "loan_purpose" not in facts("me voy a mudar ahí", "occupancy")


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("the spring semester bill is due Jan 20", "1-3 months"),
        ("después de que me llegue el income tax", "3-6 months"),
    ],
)
def test_a_semester_bill_and_a_tax_refund(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_moving_for_no_income_tax_is_not_when() -> None:
    # a guard beside "el income tax" (the refund, a date)
    assert "timeline" not in facts("moving from Portland to Vancouver for the no income tax")


def test_a_second_residence_for_the_winter_months() -> None:
    got = facts("financing for a second residence in Sarasota, for the winter months")
    assert got["occupancy"] == "second_home"
    assert "timeline" not in got
