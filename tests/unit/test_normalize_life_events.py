"""What borrowers say around their answers (#15, after the blind sets dev69 to dev72), in our
own words: an opt-out followed by a new sentence without a stop, dictated punctuation and
"normal" beside a yes, a town after the state, a state spelled as said in Spanish, a home
"for me and the kids", the home a HELOC is on, a condo for a child at college, their own
rental lease, dates of other events (a wedding, a fall), "so like May", "al toque", a
correction in Spanish, what the down payment is for, buying out a share, the lender's
approval beside their own price, a neighbor's sale, a spouse who served, their own clients,
a score corrected with "sorry", a small town after the home, the house's place said outright.
"""

from __future__ import annotations

import pytest

from bot.normalize import parse_loan_purpose, parse_price, parse_timeline
from bot.normalize.answers import occupancy_in, parse_consent_reply, parse_flag_answer
from bot.normalize.place import parse_state
from introductions.keywords import STOP, classify
from tests.unit.reading import TODAY, facts


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("no thanks. please stop texting me I already have a lender", True),
        ("dont text me we will call you when ready", True),
        ("ya no me manden mensajes yo les llamo", True),
        ("stop I can't stop thinking about rates", False),
        ("I can't stop looking at houses", False),
    ],
)
def test_an_opt_out_that_runs_into_a_new_sentence(text: str, stops: bool) -> None:
    keyword = classify(text)
    assert (keyword is not None and keyword.kind == STOP) is stops


@pytest.mark.parametrize("text", ["yes go ahead period", "sure comma thanks", "ya, normal"])
def test_dictated_punctuation_and_normal_are_no_names(text: str) -> None:
    assert parse_consent_reply(text) == (True, None)


@pytest.mark.parametrize("text", ["Ohio - Parma", "Georgia - Dunwoody", "Colorado - Centennial"])
def test_a_town_after_the_state_is_no_signature(text: str) -> None:
    assert "first_name" not in facts(text, "property_state")


@pytest.mark.parametrize(
    ("text", "asked"), [("tenesi", True), ("buscamos casa por Smyrna tenesi", False)]
)
def test_a_state_spelled_as_said_in_spanish(text: str, asked: bool) -> None:
    assert parse_state(text, asked=asked) == ("TN", None)


@pytest.mark.parametrize(
    ("text", "buying", "occupancy"),
    [
        ("want to buy a 3 bed for me and my son in Mesa", True, "primary"),
        ("buscamos una casita pa mi familia en Dallas", True, "primary"),
        ("buying in Tucson, we'll live there full time", True, "primary"),
        ("a heloc for a new roof, we live in Fresno", False, "primary"),
        ("heloc please, we live in Ohio but the cabin is in Michigan", False, "second_home"),
        ("we live in Reno and want to buy in Sparks", True, None),
        ("a condo in Athens for our son while he's at UGA", True, "second_home"),
        ("my current rental ends in March so we need to move", True, None),
    ],
)
def test_occupancy_from_who_lives_there(text: str, buying: bool, occupancy: str | None) -> None:
    assert occupancy_in(text, buying=buying) == occupancy


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("we got remarried in august and need more room", False, None),
        ("mom is moving in after her fall, we need a one story", False, None),
        ("we're getting married in april and want to buy after", True, "3-6 months"),
        ("appraisal todavía no sale pero vale unos 400", False, None),
        ("our lease is up in july so like may?", True, "3-6 months"),
        ("al toque porfa", True, "now"),
        ("en un año... no, mejor en 2 meses", True, "1-3 months"),
    ],
)
def test_when_said_among_other_dates(text: str, asked: bool, timeline: str | None) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("how much down would I need on a townhouse in Boise", "purchase"),
        ("cuanto ocupo de prima para una casa en Houston", "purchase"),
        ("necesito el enganche para una casa", "purchase"),
        ("quiero quedarme con la casa y comprarles la parte a mis primos", "cash_out_refinance"),
        (
            "me quedo con la casa pero tengo que darle a mi ex la mitad, con un refi",
            "cash_out_refinance",
        ),
    ],
)
def test_what_the_money_is_for_says_the_purpose(text: str, purpose: str) -> None:
    assert parse_loan_purpose(text, asked=False) == purpose


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("around 310k, the credit union approved us for 380 but that's too much", 310_000),
        ("figuring 290k. wells fargo approved me for 360 tho", 290_000),
        ("preapproved for 425k", 425_000),
        ("tenemos 15 mil de enganche y nos aprobaron hasta 300", 300_000),
        ("unos 280? la señora de al lado vendió la suya hace poco en 330", 280_000),
    ],
)
def test_a_lenders_limit_and_a_neighbors_sale_are_not_their_price(text: str, price: int) -> None:
    assert parse_price(text) == price


@pytest.mark.parametrize(
    ("text", "served"),
    [
        ("my wife did 8 years in the navy, I did not", False),
        ("my wife was in the navy and she's on the loan with me", True),
    ],
)
def test_a_spouse_who_served_and_the_borrower_who_did_not(text: str, served: bool) -> None:
    assert parse_flag_answer(text, ["va_eligible"]) == {"va_eligible": served}


@pytest.mark.parametrize(
    "text", ["I clean offices, I have my own clients", "tengo mis propios clientes"]
)
def test_their_own_clients_is_self_employed(text: str) -> None:
    assert parse_flag_answer(text, ["self_employed"]) == {"self_employed": True}


def test_a_score_corrected_with_sorry() -> None:
    assert facts("mine is 690 sorry 609", "credit_band")["credit_band"] == "580-619"


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("a beach condo in Destin, we live in Atlanta", "FL"),
        ("we own our house in Ballard and want to buy in Boise", "ID"),
        ("we live in Denver but the house would be in Cheyenne", "WY"),
        ("the house is in kansas (overland park), the job is in MO", "KS"),
    ],
)
def test_where_the_home_is_among_other_places(text: str, state: str) -> None:
    assert parse_state(text, asked=False) == (state, None)


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("i'm a lineman, 21 on 7 off, want a house in Odessa", False, None),
        ("on the road like 3 weeks a month, want something near Joplin", False, None),
        ("whenever the payment makes sense. would it even be worth it now?", True, None),
        ("antes del verano, la cocina ya esta que se cae", True, "3-6 months"),
        ("ya, lo mas pronto", True, "now"),
    ],
)
def test_a_work_schedule_an_advice_question_and_ya_as_already(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


def test_a_northeast_zip_is_no_price() -> None:
    assert parse_price("rate is 7.1% and the house is in 07102", asked=False) is None


@pytest.mark.parametrize(
    "text",
    ["heloc for a bathroom reno and a new roof", "the loan would be in Taylor's name, not mine"],
)
def test_a_renovation_and_a_persons_name_are_no_places(text: str) -> None:
    assert parse_state(text, asked=False) is None


def test_a_name_before_a_parenthesis() -> None:
    text = "Dana (but the mortgage will probably be under my husband's name)"
    assert facts(text, "first_name")["first_name"] == "Dana"


def test_don_alone_is_a_name() -> None:
    assert facts("Don", "first_name")["first_name"] == "Don"


def test_a_question_about_scores_is_not_their_score() -> None:
    assert "credit_band" not in facts("what's a good score to buy a house? mine is fair i think")


@pytest.mark.parametrize(
    "text",
    ["ETS'd from the army in august, want a place in Killeen", "my 7/1 ARM is resetting in june"],
)
def test_a_discharge_and_an_arm_reset_are_not_when(text: str) -> None:
    assert "timeline" not in facts(text)


def test_each_buyer_living_in_one_unit_is_their_home() -> None:
    text = "me and 2 friends want a triplex in Lowell, each of us lives in one unit"
    assert occupancy_in(text, buying=True) == "primary"


@pytest.mark.parametrize(
    ("text", "first_time"),
    [
        ("none of us ever owned a place", True),
        ("I was on the deed with my ex back in 2018", False),
        ("first time buying in Nevada but we've owned in Ohio for 20 years", False),
    ],
)
def test_who_has_owned_before(text: str, first_time: bool) -> None:
    assert parse_flag_answer(text, ["first_time_buyer"]) == {"first_time_buyer": first_time}


def test_dropping_pmi_is_a_refinance_whatever_the_equity() -> None:
    text = "want to drop the PMI, we have a lot more equity now"
    assert parse_loan_purpose(text, asked=False) == "refinance"


@pytest.mark.parametrize("text", ["ya, basta de mensajes", "ok enough with the texts"])
def test_enough_of_the_texts_opts_out(text: str) -> None:
    keyword = classify(text)
    assert keyword is not None and keyword.kind == STOP


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("quiero un jelok sobre mi casa en Allentown", "heloc"),
        ("need 40k for a deck but don't want to lose my 3.1 rate", "heloc"),
    ],
)
def test_a_heloc_spelled_as_said_and_a_rate_kept_without_a_percent(text: str, purpose: str) -> None:
    assert parse_loan_purpose(text, asked=False) == purpose


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("want to buy instead of throwing my housing allowance at a landlord", "primary"),
        ("tired of the man camp, want to buy instead of living in one", "primary"),
        ("a cabin near Big Sky as a weekend/holiday place", "second_home"),
        ("una casa de dos familias, vivir en un piso y rentar el otro", "primary"),
        ("we need to move, the rental is month to month", None),
    ],
)
def test_buying_to_stop_renting_and_other_uses(text: str, occupancy: str | None) -> None:
    assert occupancy_in(text, buying=True) == occupancy


def test_a_single_wide_owned_before() -> None:
    text = "well i had a single wide on my dads lot, never a house"
    assert parse_flag_answer(text, ["first_time_buyer"]) == {"first_time_buyer": False}


@pytest.mark.parametrize(
    ("text", "asked", "timeline"),
    [
        ("I'd like to be under contract in jan/feb", True, "1-3 months"),
        ("we're under contract already", True, "now"),
        ("good, never missed a payment in 30 years", False, None),
        ("PCS'd to Fort Carson over the summer", False, None),
    ],
)
def test_a_contract_hoped_for_and_spans_in_the_past(
    text: str, asked: bool, timeline: str | None
) -> None:
    assert parse_timeline(text, asked=asked, today=TODAY) == timeline


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("I work in Kansas City MO but we want to buy in Overland Park", "KS"),
        ("we both work in Memphis, looking at houses in Southaven", "MS"),
    ],
)
def test_where_they_work_is_not_where_they_buy(text: str, state: str) -> None:
    assert parse_state(text, asked=False) == (state, None)


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("worth 310 owe 190", 310_000),
        ("con el VA sin enganche, como 280 mil", 280_000),
        ("como tres cientos veinte mil", 320_000),
        ("vale unos 410 mil, en mi cuadra vendieron una en 450", 410_000),
    ],
)
def test_what_is_owed_after_the_value_no_down_payment_and_spelled_hundreds(
    text: str, price: int
) -> None:
    assert parse_price(text) == price


def test_a_second_home_that_is_not_a_rental() -> None:
    assert (
        occupancy_in("a lake house as a second home (not a rental)", buying=True) == "second_home"
    )


def test_cincy_is_cincinnati() -> None:
    assert parse_state("moving to Cincy in the spring", asked=False) == ("OH", None)
