"""Phrasings of the themes of the blind sets dev201-dev204, in our own words: a second lien the
borrower already has beside the loan they want, today's value said after an older figure,
a sale gone by that is not when, a joke or a title before the name, where they come from,
a state's code that is also a Spanish word, the household that lives in the home. Cases
marked as guards passed before the change they sit beside and hold its reach."""

from __future__ import annotations

import pytest

from bot.normalize.language import detect_language
from tests.unit.reading import facts

# --- the loan they want, beside the one they have -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "looking for a cash out refi, we also have a heloc at 8.5% with 40k on it",
        "want to do a cash-out refinance and pay off the heloc with it",  # a guard
        "cash out refi please, we have a 2nd heloc at 9%",
        "cash out refi please, and roll my existing heloc into it",
    ],
)
def test_a_heloc_they_have_is_not_the_loan_they_want(text: str) -> None:
    assert facts(text)["loan_purpose"] == "cash_out_refinance"


@pytest.mark.parametrize(
    "text", ["thinking a heloc", "i'd like to have a heloc instead of refinancing"]
)
def test_a_heloc_they_want_stays(text: str) -> None:  # guards
    assert facts(text)["loan_purpose"] == "heloc"


# --- what the home is worth now ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("it appraised at 390 in 2023, houses on my block now go for 420-430", 430_000),
        ("el avalúo fue 300 en 2022, ahora andan en 340", 340_000),  # a guard
        ("we paid 280 and it's still worth about the same", 280_000),  # a guard
        ("pagué 250 y creo que vale lo mismo", 250_000),
    ],
)
def test_todays_value_after_an_older_figure(text: str, value: int) -> None:
    assert facts(text, "price_usd", purpose="refinance")["price_usd"] == value


def test_a_sale_gone_by_is_not_when() -> None:
    said = facts("a house two doors down sold for 515,000 in August", "price_usd", "refinance")
    assert said == {"price_usd": 515_000}


# --- when, not known -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["cuando se pueda, no sé la verdad", "no sé... cuando se pueda"])
def test_whenever_it_can_be_and_not_knowing_is_unknown(text: str) -> None:
    assert "timeline" not in facts(text, "timeline")


def test_whenever_it_can_be_with_a_duration_says_when() -> None:  # a guard
    said = facts("no sé, cuando se pueda, quizás en unos 2 meses", "timeline")
    assert said["timeline"] == "1-3 months"


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Coach T haha jk it's Tanya", "Tanya"),
        ("Mrs Okafor... Grace", "Grace"),
        ("Dr. Lee - Sam", "Sam"),  # a guard
    ],
)
def test_the_name_after_a_joke_or_a_title(text: str, name: str) -> None:
    assert facts(text, "first_name")["first_name"] == name


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I'm Honduran and we rent in Raleigh, can we buy with an ITIN?",
        "hello I'm Dominican, just moved to Orlando and want to buy",
    ],
)
def test_where_they_come_from_is_not_a_name(text: str) -> None:
    assert "first_name" not in facts(text)


# --- language ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["heloc kitchen reno, lansing mi. at work sry", "erie pa"])
def test_a_state_code_that_is_a_spanish_word_is_not_spanish(text: str) -> None:
    assert detect_language(text)[0] != "es"


def test_spanish_mi_before_a_noun_stays_spanish() -> None:  # a guard
    assert detect_language("quiero refinanciar mi casa")[0] == "es"


# --- where the home is ---------------------------------------------------------------------


def test_where_they_are_is_not_the_home_they_look_at() -> None:
    said = facts("we're in woonsocket RI but the place we're looking at is in bellingham mass")
    assert said["property_state"] == "MA"


def test_the_nevada_shore_of_lake_tahoe() -> None:
    assert facts("looking at condos around incline village, up to 900k")["property_state"] == "NV"


# --- whether they are self-employed --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I am, I run two physical therapy clinics", True),
        ("I do catering out of a commercial kitchen", True),
        ("I clean pools, it's my own thing", True),
        ("mi esposa tiene su negocio, pero yo no", False),
        ("my wife owns a bakery, not me", False),  # a guard
        ("I'm not", False),  # a guard
        ("my husband has his own company, i'm not", False),  # a guard
    ],
)
def test_self_employed_in_plain_words(text: str, answer: bool) -> None:
    assert facts(text, "self_employed")["self_employed"] is answer


def test_not_me_answers_only_the_question_asked() -> None:
    assert facts("my husband owns a landscaping company, not me", "self_employed") == {
        "self_employed": False
    }


def test_my_parents_did_but_i_did_not_is_a_first_home() -> None:  # a guard
    said = facts("sí, mis papás tienen casa pero yo no", "first_time_buyer")
    assert said["first_time_buyer"] is True


@pytest.mark.parametrize("text", ["I did not", "we didn't"])
def test_a_plain_i_did_not_is_no(text: str) -> None:
    assert facts(text, "va_eligible") == {"va_eligible": False}


# --- who lives there -----------------------------------------------------------------------


def test_a_heloc_on_their_home_for_a_rentals_down_payment_is_on_their_home() -> None:
    said = facts("need a heloc on my primary in tempe for the down payment on a rental")
    assert said["occupancy"] == "primary"


def test_two_households_each_on_a_floor() -> None:
    said = facts("mi prima y yo queremos un dúplex en Paterson NJ, ella vive arriba y yo abajo")
    assert said["occupancy"] == "primary"


# --- from dev205-dev208: older borrowers, young buyers, questions back -----------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("low 700s I think, is that good enough?", "680-739"),
        ("it was 760 years ago, but recently it was 690", "680-739"),
    ],
)
def test_a_score_beside_a_question_or_an_older_one(text: str, band: str) -> None:
    assert facts(text, "credit_band")["credit_band"] == band


@pytest.mark.parametrize(
    "text",
    ["good? never checked it tbh", "¿será buena? nunca lo he revisado"],
)
def test_a_quality_asked_about_and_never_checked_is_unknown(text: str) -> None:
    assert "credit_band" not in facts(text, "credit_band")


def test_an_old_check_still_gives_the_guess() -> None:  # a guard
    said = facts("pretty good I think, haven't checked in a while", "credit_band")
    assert said["credit_band"] == "680-739"


def test_a_score_after_a_question_about_credit_is_not_a_price() -> None:
    said = facts("is my credit good enough? its about 585. looking near Tucson")
    assert said["credit_band"] == "580-619"
    assert "price_usd" not in said


def test_an_ssn_after_a_question_about_credit_is_no_score() -> None:  # a guard
    said = facts("need my social for the credit check? it's 501 22 7788")
    assert "credit_band" not in said


def test_the_top_of_a_range_said_in_words() -> None:
    assert facts("entre 380 y medio millón", "price_usd")["price_usd"] == 500_000


def test_at_your_earliest_convenience_answers_when() -> None:
    assert facts("at your earliest convenience", "timeline") == {"timeline": "now"}


def test_a_call_at_their_earliest_convenience_is_not_when() -> None:  # a guard
    said = facts(
        "I wish to refinance my home in Erie, PA. Please call at your earliest convenience."
    )
    assert "timeline" not in said


def test_a_season_of_next_year() -> None:
    assert facts("para el invierno del año que viene", "timeline") == {"timeline": "6+ months"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("this is her dad texting, her name is Brianna", "Brianna"),
        ("soy su papá, él se llama Mateo", "Mateo"),
    ],
)
def test_a_parent_gives_the_borrowers_name(text: str, name: str) -> None:
    assert facts(text, "first_name")["first_name"] == name


@pytest.mark.parametrize("text", ["yes mam", "Home here is paid off"])
def test_no_name_in_a_courtesy_or_a_thing(text: str) -> None:
    assert "first_name" not in facts(text, "consent" if "mam" in text else "timeline")


def test_a_spouses_service_then_their_own_no() -> None:
    said = facts("my wife was over in Iraq twice. I wasn't.", "va_eligible")
    assert said == {"va_eligible": False}


def test_paid_directly_by_clients_is_self_employed() -> None:
    said = facts(
        "I tutor from home and the families pay me directly, plus my pension", "self_employed"
    )
    assert said["self_employed"] is True


def test_asking_which_is_better_is_either_way() -> None:
    said = facts("can I take cash out with a refi? or is a HELOC better?")
    assert said["loan_purpose"] == "cash_out_refinance"


def test_a_home_to_retire_in_is_where_they_live() -> None:
    said = facts("we want a small place near Boise to retire in, selling our house in Fresno")
    assert said["occupancy"] == "primary"


# --- from dev209-dev212: corrections, towns named like states, households ------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [("Dainel - Daniel, sorry", "Daniel"), ("Marai... perdón, María", "María")],
)
def test_a_mistyped_name_then_the_same_name_typed_right(text: str, name: str) -> None:
    assert facts(text, "first_name")["first_name"] == name


def test_two_different_names_are_not_a_typo() -> None:  # a guard
    assert facts("Mike - Hannah", "first_name")["first_name"] == "Mike"


def test_a_town_named_like_a_state_before_its_state() -> None:
    said = facts("want a heloc on our place in Nevada Missouri")
    assert said["property_state"] == "MO"


def test_a_place_compared_with_is_not_the_place() -> None:
    said = facts("buying in Pearl City, prices in hawaii are crazy compared to TX")
    assert said["property_state"] == "HI"


def test_the_occupancy_said_after_a_correction() -> None:
    said = facts(
        "buying a rental in Destin, actually no, a beach house just for us, not renting it"
    )
    assert said["occupancy"] == "second_home"


def test_settling_on_a_plain_refinance_after_weighing_a_heloc() -> None:
    said = facts("heloc or refi? hmm ok let's just do a normal refi, my rate is 7.4")
    assert said["loan_purpose"] == "refinance"


def test_a_second_guess_carrying_the_thousands() -> None:
    assert facts("vale unos 500, 525 mil", "price_usd", "refinance")["price_usd"] == 525_000


@pytest.mark.parametrize(
    "text",
    [
        "I do taxes for a few clients, nights and weekends",
        "I cut lawns, customers pay me in cash or venmo",
        "rento una silla en un salón",
    ],
)
def test_more_words_for_working_for_themselves(text: str) -> None:
    assert facts(text, "self_employed")["self_employed"] is True


def test_a_home_for_them_and_a_parent() -> None:
    said = facts("buying a condo in Kendall for me and my dad, about 380k")
    assert said["occupancy"] == "primary"
