"""Phrasings of referred buyers, military moves, expensive metros and ordinary leads (the themes
of the blind sets dev133-dev136), in our own words: a town they move away from, a Guard unit
named by its state, a second home away from where they live, a relative's loan told as the
reason they text, the name of someone else to write down, a score checked months ago. Then
those of dev137-dev140 (work breaks, immigrant families, college towns): a two-family they live
in, a condo for their student, a town named like a state, vet school, a hospital named for a
saint. Cases marked as guards passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize.answers import volunteered_first_name
from tests.unit.reading import facts

# --- places -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("PCSing from Killeen TX to Fort Drum in july, want to buy near post", "NY"),
        # the place they leave, and nowhere else named: asked
        ("getting transferred from Tulsa OK, buying wherever they send us", None),
        # a home they keep where they left (a guard: a refinance stays there)
        ("PCSd out of Alaska in 2024 but kept our house in Eagle River, want to refi", "AK"),
    ],
)
def test_a_military_move_names_where_they_leave(text: str, state: str | None) -> None:
    assert facts(text).get("property_state") == state


def test_a_guard_unit_named_by_its_state_is_not_the_home() -> None:
    said = facts("served 6 yrs in the National Guard of PR, now I live in Orlando, 32825")
    assert (said["property_state"], said["property_zip"]) == ("FL", "32825")


def test_a_guard_units_state_is_still_where_they_buy_beside_a_third_state() -> None:
    said = facts(
        "im in the national guard of Ohio, we live in Indiana now, want a house in Dayton Ohio"
    )
    assert said["property_state"] == "OH"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        (
            "nos mudamos de Minot (Dakota del Norte) a Tucson en marzo, queremos comprar allá",
            "AZ",
        ),
        # a guard: "cerca de" says where they go, not where they leave
        ("queremos mudarnos cerca de mis nietos en Tampa. vendimos la casa en Ohio", "FL"),
    ],
)
def test_a_spanish_move_from_a_town_and_its_state(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_where_they_are_before_a_second_home_elsewhere() -> None:
    said = facts("We're in Denver CO and want a beach condo in Destin for the winters")
    assert said["property_state"] == "FL"


def test_buying_across_the_river_from_where_they_live() -> None:
    said = facts("we live in Council Bluffs IA for now but we're buying across the river in Omaha")
    assert said["property_state"] == "NE"


def test_a_second_home_at_a_lake_the_tables_do_not_know_is_asked() -> None:
    said = facts("we live in Nashua NH and want a cabin on Moosehead for summers, around 400")
    assert "property_state" not in said


# --- purpose ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("my coworker refinanced with you last year. we're buying our first place", "purchase"),
        ("mi hermana compró con ustedes, nosotros queremos refinanciar", "refinance"),
        # a guard: nothing else said, the relative's loan is what they want too
        ("my brother refinanced through you, can I do the same?", "refinance"),
    ],
)
def test_a_relatives_loan_is_not_the_purpose(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Army wife here, we PCS in june", "Retired here, looking to downsize", "Coastie here!"],
)
def test_who_they_are_is_not_a_name(text: str) -> None:
    assert volunteered_first_name(text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("put my mom, Gloria. I'm her son, I just text for her", "Gloria"),
        ("it's really my wife's loan so put Renee. I'm Carl", "Renee"),
        ("Póngale Esteban, yo nomás le ayudo", "Esteban"),
        # a guard: a name with nothing else
        ("Renee", "Renee"),
    ],
)
def test_the_name_they_ask_to_be_written_down(text: str, name: str) -> None:
    assert facts(text, "first_name")["first_name"] == name


# --- numbers and times --------------------------------------------------------------------


def test_a_street_number_with_a_direction_is_not_the_price() -> None:
    said = facts("want a heloc on our place at 2817 S Kedzie in Chicago")
    assert "price_usd" not in said


def test_a_with_written_w_is_not_a_street() -> None:  # a guard for the street direction
    assert facts("450. well 475 w the upgrades", "price_usd")["price_usd"] == 475000


@pytest.mark.parametrize(
    "text",
    [
        "no idea, my bank app said 702 a couple months ago",
        "hace unos meses tenía 690",
    ],
)
def test_a_score_checked_months_ago_says_nothing_of_when(text: str) -> None:
    assert "timeline" not in facts(text, "credit_band")


def test_a_freelancer_beside_a_salaried_partner() -> None:
    said = facts("I do freelance video work so yes, she's salaried", "self_employed")
    assert said["self_employed"] is True


# --- the round after dev137-dev140: homes for others, two-families, towns named like states --


def test_a_lease_day_said_before_by_then() -> None:
    text = "our lease is up march 28th so we want to be moved by then"
    assert facts(text, "timeline")["timeline"] == "3-6 months"  # that day, not March 1st


def test_a_value_in_the_next_sentence_is_not_the_score() -> None:
    said = facts("want a heloc. Credit is great. Appraisal said 520 back in may")
    assert said.get("credit_band") != "<580"


def test_todays_value_after_an_older_appraisal() -> None:
    said = facts("HELOC on my house, it appraised at 410 two years ago, maybe 450 now")
    assert said["price_usd"] == 450000


@pytest.mark.parametrize(
    "text",
    [
        "looking at a 2 family in Yonkers, live in 1 and rent the other",
        "nos gustó un dúplex en Paterson, vivimos en uno y rentamos el otro",  # a guard
        "buying a townhouse in Reno, we'd live there",
    ],
)
def test_a_home_they_will_live_in(text: str) -> None:
    assert facts(text)["occupancy"] == "primary"


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        (
            "our daughter starts at UGA next fall, we want to buy her a condo in Athens",
            "second_home",
        ),
        ("mi hijo estudia en la universidad, queremos un depa para que viva él", "second_home"),
        ("buying a house for me and my son", "primary"),  # a guard: they live there too
    ],
)
def test_a_home_bought_for_their_student(text: str, occupancy: str) -> None:
    assert facts(text)["occupancy"] == occupancy


def test_a_first_name_said_after_the_full_name() -> None:
    said = facts("Park Ji-hoon. first name is Ji-hoon", "first_name")
    assert said["first_name"] == "Ji-hoon"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Florida - Palm Bay", None),  # a town of two words after the state
        ("Texas - Maria", "Maria"),  # a guard: a signature
    ],
)
def test_a_town_after_the_state_is_not_a_signature(text: str, name: str | None) -> None:
    assert facts(text, "property_state").get("first_name") == name


def test_vet_school_is_not_military_service() -> None:
    assert "va_eligible" not in facts("I'm in vet school at Cornell, we want to buy in Ithaca")


def test_an_army_vet_still_served() -> None:  # a guard for vet school
    assert facts("army vet, buying in Tampa")["va_eligible"] is True


def test_a_saints_name_after_an_article_is_a_hospital() -> None:
    assert "property_state" not in facts("i'm a nurse at the St. George clinic, want to buy ~250")


@pytest.mark.parametrize(
    ("text", "requested", "state"),
    [
        ("a farmhouse outside Nevada, Missouri", None, "MO"),  # a guard: the last state named
        ("Missouri, the town is called Nevada", "property_state", "MO"),
        # a guard: a state, then a Spanish "mi" that is not Michigan
        ("compramos en Yakima Washington, mi esposo trabaja ahí", None, "WA"),
    ],
)
def test_a_town_named_like_a_state(text: str, requested: str | None, state: str) -> None:
    assert facts(text, requested)["property_state"] == state


# --- the round after dev141-dev144: second homes in their words, SSN labels, sales -------


@pytest.mark.parametrize(
    "text",
    [
        "queremos comprar un condo en Destin pa' pasar los inviernos",
        "busco una cabañita en Pagosa pa' los fines de semana",
        "we own a ski chalet in Killington and want to refinance it",
        "looking at a weekend house on Lake Lanier",
    ],
)
def test_a_second_home_in_their_words(text: str) -> None:
    assert facts(text)["occupancy"] == "second_home"


def test_weekends_to_call_are_not_a_second_home() -> None:  # a guard for "fines de semana"
    assert "occupancy" not in facts("los fines de semana", "contact_time")


@pytest.mark.parametrize(
    "text",
    [
        "Vivo en Tampa y queremos una cabaña en Blue Ridge",
        "dreaming of a cottage in Bar Harbor for summers",
        "we're thinking about a condo in Gulf Shores",
    ],
)
def test_wanting_a_home_is_buying_one(text: str) -> None:
    assert facts(text)["loan_purpose"] == "purchase"


@pytest.mark.parametrize(
    "text",
    [
        "yo vivo en la casa y rento el estudio de atrás, busco algo así en Hialeah",
        "quiero un fourplex en El Paso con mi VA, viviré en una unidad",
    ],
)
def test_living_in_one_unit_in_spanish(text: str) -> None:
    assert facts(text)["occupancy"] == "primary"


def test_a_ski_condo_beside_where_they_live_is_asked() -> None:
    said = facts("Ski condo in Stowe. We live in Boston. Budget 900k")
    assert said["occupancy"] == "second_home"
    assert said.get("property_state") != "MA"


@pytest.mark.parametrize(
    ("text", "requested", "state"),
    [
        ("oregon, NE portland", "property_state", "OR"),  # northeast Portland
        ("Omaha NE", "property_state", "NE"),  # a guard
        ("Pennsylvania. the town is literally called Indiana", "property_state", "PA"),
        ("the condo is in Jackson, Wyoming", None, "WY"),  # a guard: the state beside the town
        (
            "my dad is moving in with us from Puerto Rico, we're in Kissimmee, need a heloc",
            None,
            "FL",
        ),
    ],
)
def test_more_places_named_beside_others(text: str, requested: str | None, state: str) -> None:
    assert facts(text, requested)["property_state"] == state


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("something around 300, mine I'm selling for 420", 300000),
        ("algo de 280, la nuestra la vendemos en 410", 280000),
        ("around 400. we'll have 250k from our sale for the down payment", 400000),  # a guard
    ],
)
def test_their_own_sale_is_not_the_price(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_a_heloc_for_land_is_on_the_homes_value() -> None:
    said = facts("la casa vale como 400, el terreno cuesta 90 mil", "price_usd", "heloc")
    assert said["price_usd"] == 400000


def test_a_new_job_found_in_a_month_gone_by_is_not_when() -> None:  # a guard
    said = facts("laid off in august, found a new job in october, want to refinance")
    assert "timeline" not in said


# --- the round after dev145-dev148: metro sides, comparisons, codes that are not states ----


@pytest.mark.parametrize(
    ("text", "state"),
    [
        # a guard: the base's own state
        ("orders to Fort Campbell, we want to live on the TN side, maybe Clarksville", "TN"),
        ("we looked in Texarkana TX but want to stay on the Arkansas side", "AR"),
        ("we rent in Vancouver (WA side) but want to buy in Portland OR", "OR"),  # a guard
    ],
)
def test_the_side_of_a_metro_they_pick(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_a_city_they_compare_with_is_not_the_home() -> None:
    said = facts("we want st john or crown point, way cheaper than the chicago burbs")
    assert said.get("property_state") != "IL"  # the Indiana towns are asked


def test_a_school_district_code_is_not_a_state() -> None:
    said = facts("need a heloc on our house in Redmond (Lake Washington SD)")
    assert said["property_state"] == "WA"


def test_the_east_side_of_los_angeles_in_spanish() -> None:
    assert facts("quiero refinanciar mi casa en el eastside de LA")["property_state"] == "CA"


def test_where_they_moved_from_in_spanish() -> None:
    said = facts("me mudé de Puerto Rico el año pasado, estoy en Orlando y quiero comprar aquí")
    assert said["property_state"] == "FL"


def test_the_cash_they_want_is_not_the_value() -> None:
    said = facts("want to pull some money out to redo the kitchen, about 45k. we owe 200")
    assert "price_usd" not in said


def test_one_person_is_not_a_name() -> None:
    assert "first_name" not in facts("ok. ONE lender.", "consent")


# --- the round after dev149-dev152: long first messages ---------------------------------


def test_a_1099_worker_is_not_a_price() -> None:
    said = facts("question about buying when you're 1099. I drive for Lyft, 2 yrs now")
    assert "price_usd" not in said


@pytest.mark.parametrize(
    "text",
    [
        "just a plain refi to get the rate down, not taking any cash out",
        "refinanciar nomás, sin sacar dinero",
        "refi with no cash out",  # a guard
    ],
)
def test_a_refinance_without_cash_out(text: str) -> None:
    assert facts(text)["loan_purpose"] == "refinance"


def test_cash_out_still_said_outright() -> None:  # a guard for "not ... cash out"
    assert facts("i want cash out, not sure how much")["loan_purpose"] == "cash_out_refinance"
