"""Phrasings of the themes of the blind sets dev177-dev184, in our own words: households that
decide together, first-time buyers without the mortgage words, numbers beside the asked one,
the border's own place names. Cases marked as guards passed before the change they sit beside
and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize.answers import volunteered_first_name
from tests.unit.reading import facts

# --- when ---------------------------------------------------------------------------------


def test_a_relatives_name_that_is_a_month_is_not_a_date() -> None:
    said = facts("somos Lupe y mi esposo Julio, queremos comprar casa en Tucson")
    assert "timeline" not in said
    assert facts("en julio", "timeline") == {"timeline": "6+ months"}  # a guard


@pytest.mark.parametrize(
    ("text", "requested", "timeline"),
    [
        ("right away please, it's for my son's tuition in january", "timeline", "now"),
        (
            "in the spring probably, the first tuition bill is due in august",
            "timeline",
            "3-6 months",
        ),
        ("tuition is due in january", "timeline", "1-3 months"),  # a guard: the only date said
        ("we'd like to close next fall", "timeline", "6+ months"),  # a guard
    ],
)
def test_when_the_school_bills_is_not_when_they_borrow(
    text: str, requested: str, timeline: str
) -> None:
    assert facts(text, requested).get("timeline") == timeline


def test_a_word_asked_about_at_the_end_of_a_first_text_is_not_a_date() -> None:
    said = facts("buying my first place, agent says get preapproved. and what does 'closing' mean")
    assert "timeline" not in said
    assert facts("we're closing on the 20th", "timeline") == {"timeline": "now"}  # a guard


def test_the_season_hoped_for_wins_over_whenever_approved() -> None:
    assert facts("whenever we get approved haha. hopefully spring", "timeline") == {
        "timeline": "3-6 months"
    }
    assert facts("whenever i get approved", "timeline") == {"timeline": "now"}  # a guard


# --- what they want -----------------------------------------------------------------------


def test_a_better_rate_than_a_pre_approval_is_still_a_purchase() -> None:
    said = facts(
        "moving to raleigh for work, budget 650k, preapproved with my bank but want a better rate"
    )
    assert said["loan_purpose"] == "purchase"
    assert said["price_usd"] == 650_000


def test_a_home_bought_years_ago_is_not_a_purchase() -> None:
    said = facts("we bought our first house 6 years ago and the rate keeps adjusting, help")
    assert said.get("loan_purpose") != "purchase"
    assert facts("want one that stays the same every month", "loan_purpose") == {
        "loan_purpose": "refinance"
    }


@pytest.mark.parametrize(
    "text",
    [
        "is there something like a credit card but against my house?",
        "that credit card home thing you mentioned",
        "I don't want to redo my entire mortgage, just borrow a bit as I go",
    ],
)
def test_a_line_of_credit_described_without_its_name(text: str) -> None:
    assert facts(text, "loan_purpose") == {"loan_purpose": "heloc"}


@pytest.mark.parametrize(
    "text",
    [
        "quiero cambiar mi hipoteca por una más grande y que me den la diferencia",
        "can I get a bigger loan on the house and keep the difference in cash",
    ],
)
def test_a_bigger_loan_that_pays_the_difference_is_a_cash_out(text: str) -> None:
    assert facts(text, "loan_purpose") == {"loan_purpose": "cash_out_refinance"}


# --- the price among other numbers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("we were at 600k... actually no 575 is the max", 575_000),
        ("Sam says 350 max. ok she just said 370 is fine with a yard. so 370", 370_000),
        ("prob 410? my neighbor at #12 sold for 440 last spring", 410_000),
    ],
)
def test_the_number_they_settle_on(text: str, price: int) -> None:
    assert facts(text, "price_usd") == {"price_usd": price}


@pytest.mark.parametrize(
    "text",
    [
        "want a triplex in memphis, we have roughly 80k to put down",
        "pago 1,500 de renta en Houston y quiero comprar. tengo como 15 mil pa el down (3.5%)",
    ],
)
def test_money_to_put_down_is_not_the_price(text: str) -> None:
    assert "price_usd" not in facts(text)


# --- places -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("queremos comprar en el Chuco, algo pa la familia", "TX"),
        ("wanna buy something out in san anto", "TX"),
        ("we rent in el paso but sunland park is cheaper so we're buying there", "NM"),
        ("buscando casita en burque", "NM"),
    ],
)
def test_places_by_their_local_names(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


# --- yes or no ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("I'm a mail carrier, no", False),
        ("I braid hair out of my house, get paid cash, so yes?", True),
        ("i deliver for doordash all week, does that count as self employed?", True),
        ("i wait tables, tips mostly... is that self employed? i get a w2", False),  # a guard
    ],
)
def test_self_employed_said_after_the_story(text: str, said: bool) -> None:
    assert facts(text, "self_employed") == {"self_employed": said}


def test_a_parent_who_uses_their_own_va_loan_is_the_buyer() -> None:
    said = facts(
        "my mom is a veteran and wants to use her VA loan for a condo in tampa, I'm helping"
    )
    assert said["va_eligible"] is True
    assert facts("my dad was navy, we're buying in tampa")["va_eligible"] is False  # a guard


def test_a_compound_given_name_in_a_first_text() -> None:
    assert volunteered_first_name("hola, me llamo María José, busco casa en Dallas") == "María José"
    assert volunteered_first_name("me llamo Rosa y busco casa") == "Rosa"  # a guard


# --- relocations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "price"),
    [
        (
            "selling our condo in miami (should go for ~600k) and buying in tampa around 400k",
            400_000,
        ),
        (
            "moving to boise for work. selling our place here for ~700k, looking at 450k",
            450_000,
        ),
        (
            "vendo mi casa en LA (vale como 800 mil) y quiero comprar en phoenix, algo de 400",
            400_000,
        ),
    ],
)
def test_the_home_they_sell_is_not_the_price(text: str, price: int) -> None:
    assert facts(text)["price_usd"] == price


@pytest.mark.parametrize(
    "text",
    [
        "my job is moving me to the springfield office in march, need to buy something up there."
        " renting in chicago for now",
        "tengo trabajo nuevo en portland y quiero comprar casa allá. ahorita rento en dallas",
    ],
)
def test_where_they_rent_now_is_not_where_they_buy_up_there(text: str) -> None:
    assert "property_state" not in facts(text)
    # a guard: the place named before "there" is where they buy
    assert facts("mi hermana vive en Tucson y queremos comprar allá")["property_state"] == "AZ"


def test_a_home_kept_and_borrowed_against_after_a_move() -> None:
    said = facts("taking a job in denver but keeping our house in nashville. want a heloc on it")
    assert said["property_state"] == "TN"
    said = facts(
        "relocating to phoenix, want to keep our house in boise and rent it out, cash out refi?"
    )
    assert said["property_state"] == "ID"
    # a guard: a move in the past is where the home is
    assert (
        facts("we moved from ohio to indianapolis in 2021, want to refi")["property_state"] == "IN"
    )


def test_the_place_they_buy_to_live_in_after_renting_out_the_old_one() -> None:
    text = "keeping our house in austin as a rental and buying a place to live in near denver"
    assert facts(text)["occupancy"] == "primary"
    text = "keeping our house as a rental and buying a duplex in tacoma to rent out too"
    assert facts(text)["occupancy"] == "investment"  # a guard


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("como 300, debo 140 y las tarjetas son 20 mil", 300_000),
        ("car loan is like 30k, the house maybe 410", 410_000),
        ("his appraised at 500, ours maybe 460", 460_000),
        ("el techo cuesta 15 mil, la casa vale unos 280", 280_000),
    ],
)
def test_debts_payouts_and_repairs_beside_the_value(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_a_co_owners_share_is_not_the_value() -> None:
    said = facts(
        "we agreed i keep the house in tulsa and pay him 70k. "
        "rate is 3% so i dont want to refinance"
    )
    assert "price_usd" not in said


def test_a_score_spelt_digit_by_digit() -> None:
    assert facts("its 7-1-5", "credit_band") == {"credit_band": "680-739"}


# --- older borrowers (dev188's theme), second round ------------------------------------------


def test_a_score_beside_a_name_that_is_a_month() -> None:
    said = facts("yo 640, junio 700", "credit_band")
    assert "timeline" not in said


def test_me_neither_after_a_spouse_says_no() -> None:
    assert facts("mi esposa no, yo tampoco", "va_eligible") == {"va_eligible": False}
    assert facts("my wife didn't, neither did i", "va_eligible") == {"va_eligible": False}


def test_never_bought_is_not_never_served() -> None:
    said = facts("nunca he comprado, siempre hemos rentado", "first_time_buyer")
    assert said == {"first_time_buyer": True}
    assert facts("nunca", "va_eligible") == {"va_eligible": False}  # a guard


def test_several_months_is_a_few_months_out() -> None:
    assert facts("no rush. within the next several months", "timeline") == {
        "timeline": "3-6 months"
    }


def test_a_move_for_work_in_a_season_says_when() -> None:
    said = facts("my job is moving me to tulsa in the spring, will need a mortgage")
    assert said["timeline"] == "3-6 months"


def test_the_home_named_beside_where_they_winter() -> None:
    text = "we spend winters in naples FL but our home is in Albany, New York. want to refinance"
    assert facts(text)["property_state"] == "NY"


def test_an_age_restricted_community_is_not_a_price() -> None:
    assert "price_usd" not in facts(
        "moving to ocala to be near the grandkids, looking at 55+ communities"
    )


def test_moving_near_a_child_who_lives_there() -> None:
    text = "mi hijo vive en Orlando y quiere que me vaya a vivir cerca. vendí mi casa en Ohio"
    assert facts(text)["property_state"] == "FL"


def test_a_household_counted_in_the_house_is_its_home() -> None:
    text = "ahora somos 6 en la casa aqui en queens, queremos refinanciar y sacar dinero"
    assert facts(text)["occupancy"] == "primary"
