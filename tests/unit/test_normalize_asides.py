"""What a reply says beside its answer (#15, after the blind sets dev61 to dev64), in our own
words: the home they keep and rent out, a salon's booth rental, a lake place, the town after
the state, a region over three states, two towns near each other, a correction after the
name, a term of endearment after a yes, the conclusion after "so", a guess after "no sé",
"could be this, could be that", "soon" under pressure, the rate they want to keep, and
Spanish asked for or answered in; then a rate said of the house, a second guess of its worth,
the price of the house a down payment is for, the loan beside the price, "right now" before
"no rush", "make that 6", a summer place, a credit score taken back, "señor", the house they
live in, the home they keep in another state, an American's "1.2 mil"; then an income beside
the price, the home they sell, "I'd say 430-440", a ski town's short name, a two-family they
live in, a lake cabin, "María de Jesús", "idk what counts" before a 1099; then an opt-out
between other sentences, one Spanish word, "chivo", "Pastor James", rents beside the price,
"prob same now", "he lock", "neither of us has owned", a small town's lowercase state code."""

from __future__ import annotations

import pytest

from bot.normalize import (
    parse_credit_band,
    parse_loan_purpose,
    parse_price,
    parse_timeline,
)
from bot.normalize.answers import (
    occupancy_in,
    parse_consent_reply,
    parse_first_name,
    parse_flag_answer,
)
from bot.normalize.language import language_after
from bot.normalize.place import parse_state
from introductions.keywords import STOP, classify
from tests.unit.reading import TODAY, facts


def language_of(texts: list[str]) -> str | None:
    """The conversation's language after these texts, one by one."""
    lang = None
    for i, text in enumerate(texts):
        lang = language_after(text, lang, texts[:i])
    return lang


@pytest.mark.parametrize(
    "text",
    [
        "we own a townhouse in Tacoma we're keeping as a rental, buying in Olympia",
        "no, we have a place in El Paso we're renting out",
        "our current home will become a rental once we move",
    ],
)
def test_the_home_they_keep_and_rent_out_is_not_the_one_they_buy(text: str) -> None:
    assert occupancy_in(text, buying=True) == "primary"


def test_a_home_they_rent_out_is_an_investment_when_it_is_the_one_financed() -> None:
    assert facts("cash out refi on a condo in Tacoma we're renting out").get("occupancy") == (
        "investment"
    )


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("barber, chair rental so I get a 1099", None),
        ("un dúplex pa arrendar en Salem", "investment"),
        ("refi on our 2nd home", "second_home"),
        ("the lake house up at Lake Cumberland", "second_home"),
    ],
)
def test_what_the_home_is_for(text: str, occupancy: str | None) -> None:
    assert occupancy_in(text) == occupancy


@pytest.mark.parametrize(
    "text", ["Texas - Austin", "Maryland - Laurel", "GA - Marietta", "Ohio, Dayton"]
)
def test_a_town_after_the_state_is_no_signature(text: str) -> None:
    found = facts(text, "property_state")
    assert "first_name" not in found and found.get("property_state")


def test_a_signature_after_a_longer_text_is_still_a_name() -> None:
    found = facts("looking in Round Rock TX around 350k, credit 700 - Austin")
    assert found.get("first_name") == "Austin"


def test_a_region_over_three_states_is_asked_when_volunteered() -> None:
    assert "property_state" not in facts("tenemos una casa en el DMV, queremos un HELOC")
    assert facts("the DMV", "property_state").get("property_state") in ("DC", "MD", "VA")


def test_two_towns_near_each_other_in_two_states_are_asked() -> None:
    assert parse_state("land with a house cerca de Springdale o Lowell", asked=False) is None


def test_a_correction_after_the_name_is_read() -> None:
    found = facts(
        "Luis. oiga, antes le dije que no pero sí estuve en el army 4 años, cuenta?", "first_name"
    )
    assert found == {"first_name": "Luis", "va_eligible": True}


@pytest.mark.parametrize(
    "text", ["sí mi amor, dale", "ok, chilero", "ya, bacán", "si señor", "si patron", "ok señora"]
)
def test_an_endearment_slang_or_title_after_yes_is_no_name(text: str) -> None:
    assert parse_consent_reply(text) == (True, None)


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("we list ours in January, so probably late spring", "3-6 months"),
        ("no sé, en unos meses", "3-6 months"),
        ("idk, could be next month could be next summer, depends on the job", None),
        ("the basement floods every rain so soon please", "now"),
        ("pronto, la renta nos está matando", "now"),
        ("soon, once we find the right one", "1-3 months"),
    ],
)
def test_the_time_a_reply_ends_on(text: str, timeline: str | None) -> None:
    assert parse_timeline(text, today=TODAY) == timeline


@pytest.mark.parametrize(
    "text",
    ["whatever is best, I don't wanna lose my 3.1% rate", "i dont want to touch my mortgage"],
)
def test_keeping_the_first_mortgage_is_a_heloc(text: str) -> None:
    assert parse_loan_purpose(text) == "heloc"


def test_spanish_answers_one_after_another_switch_the_language() -> None:
    texts = ["hello i need info for buy house", "en salem oregon", "como 300 mil", "si primera"]
    assert language_of(texts) == "es"


def test_one_spanish_place_does_not_switch_the_language() -> None:
    texts = ["hello, looking to buy a house", "Santa Fe", "300k"]
    assert language_of(texts) == "en"


@pytest.mark.parametrize(
    ("text", "lang"),
    [("perdon, se puede en espanol?", "es"), ("sorry, in english please", "en")],
)
def test_a_language_asked_for_is_used(text: str, lang: str) -> None:
    current = "en" if lang == "es" else "es"
    assert language_after(text, current, ["hola quiero comprar una casa"]) == lang


@pytest.mark.parametrize(
    "text",
    [
        "mire, mejor ya no me manden mensajes, lo platico con mi esposo. gracias",
        "mejor no me manden mas mensajes por ahora, gracias",
        "look, stop texting me for now",
    ],
)
def test_an_opt_out_after_a_word_to_get_attention_or_for_now(text: str) -> None:
    keyword = classify(text)
    assert keyword is not None and keyword.kind == STOP


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("the interest on our place is 6.75 from when we bought in 2023", False, None),
        ("zillow says about 310,000 maybe 325", True, 325_000),
        ("how much do i need down on a 280k townhouse?", True, 280_000),
        ("we'd put cash down and finance about 150 of the 300", True, 300_000),
        ("we'd put cash down and finance about 150 of the 300", False, None),
    ],
)
def test_which_number_is_the_home(text: str, asked: bool, price: int | None) -> None:
    assert parse_price(text, asked=asked) == price


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("ahorita no tengo prisa, quizás en la primavera", "3-6 months"),
        ("2 months. actually make that 8, we're saving", "6+ months"),
        ("when the right one comes along, could be a few weeks could be a year", None),
    ],
)
def test_when_after_a_second_thought(text: str, timeline: str | None) -> None:
    assert parse_timeline(text, today=TODAY) == timeline


def test_a_summer_place_is_no_time() -> None:
    assert "timeline" not in facts(
        "want a small beach condo in Ocean City as a summer/weekend place"
    )


@pytest.mark.parametrize(
    ("text", "band"), [("690 creo, no espere, 640", "620-679"), ("745. no sorry, 712", "680-739")]
)
def test_a_score_taken_back(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("the house we live in is paid off, need a heloc for the roof", "primary"),
        ("es de renta, no vivimos ahí", "investment"),
        ("a condo in Sarasota for the winters", "second_home"),
    ],
)
def test_where_they_live(text: str, occupancy: str) -> None:
    assert occupancy_in(text) == occupancy


def test_the_home_they_keep_in_another_state_is_not_where_they_buy() -> None:
    text = "retired, buying a condo in Sarasota, we are keeping our house in Michigan"
    assert parse_state(text, asked=False) == ("FL", None)


def test_an_americans_mil_is_a_million() -> None:
    assert language_after("rates for 1.3 mil in greenwich?", None) == "en"


def test_spanish_answers_switch_the_language_past_a_state_code_and_a_score() -> None:
    texts = ["hi need rate for a house", "en el bronx", "NY", "como 500 mil", "720", "si primera"]
    assert language_of(texts) == "es"


def test_three_yeses_keep_a_spanish_conversation_spanish() -> None:
    texts = ["hola quiero comprar una casa en dallas", "yes", "ok", "yes", "no"]
    assert language_of(texts) == "es"


def test_an_opt_out_said_to_one_person() -> None:
    keyword = classify("lo pensamos mejor. ya no me escriba mas por favor, gracias")
    assert keyword is not None and keyword.kind == STOP


@pytest.mark.parametrize(
    ("text", "asked", "price"),
    [
        ("preapproved for $480,000. our combined income is right around $165k", False, 480_000),
        (
            "selling our place in San Jose for about 1.4M, buying in Boise for around 600",
            False,
            600_000,
        ),
        ("realtor says 520 but that's a stretch, I'd say 480-495", True, 495_000),
    ],
)
def test_the_price_among_other_amounts(text: str, asked: bool, price: int) -> None:
    assert parse_price(text, asked=asked) == price


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("second home in Breck or Frisco, we live in Austin", None),
        ("retiring from San Diego to Coeur d'Alene next year", ("ID", None)),
        ("vivo en Katy TX pero trabajo remoto y me quiero mudar a Nashville", ("TN", None)),
        (
            "trabajo en construccion en Jackson Wyoming, quiero comprar aqui en Jackson",
            ("WY", None),
        ),
    ],
)
def test_where_they_buy_among_other_places(text: str, state: tuple[str, None] | None) -> None:
    assert parse_state(text, asked=False) == state


@pytest.mark.parametrize(
    ("text", "occupancy"),
    [
        ("a 3 family, we live on the bottom floor n rent the other two", "primary"),
        ("heloc on our lake cabin, we live in Plymouth", "second_home"),
    ],
)
def test_a_home_they_share_or_visit(text: str, occupancy: str) -> None:
    assert occupancy_in(text) == occupancy


def test_a_given_name_with_its_particle_is_the_given_name() -> None:
    assert parse_first_name("Me llamo Maria de Jesus") == "Maria"


def test_a_1099_after_idk_what_counts_is_self_employment() -> None:
    text = "not sure what counts, i rent a chair at a salon and file a 1099"
    assert parse_flag_answer(text, ["self_employed"]) == {"self_employed": True}


@pytest.mark.parametrize(
    ("text", "stops"),
    [
        ("what for? never mind, please stop texting me, my bank already approved me", True),
        ("mmm no. ya no me manden mensajes por favor, lo vamos a pensar", True),
        ("I can't stop checking rates, is now a good time?", False),
    ],
)
def test_an_opt_out_between_other_sentences(text: str, stops: bool) -> None:
    keyword = classify(text)
    assert (keyword is not None and keyword.kind == STOP) is stops


def test_one_spanish_word_sets_the_language() -> None:
    assert language_after("refinanciamiento", None) == "es"


def test_slang_after_yes_and_a_pastors_title_are_no_names() -> None:
    assert parse_consent_reply("chivo, si") == (True, None)
    assert parse_first_name("Pastor Daniel") == "Daniel"


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("maybe 260-280, rents are 1150 a side", 280_000),
        ("paid 340 in 2023, prob same now", 340_000),
    ],
)
def test_rents_and_the_same_value_now(text: str, price: int) -> None:
    assert parse_price(text) == price


def test_a_heloc_heard_by_voice_to_text() -> None:
    assert parse_loan_purpose(
        "can i get a he lock on the house to buy a work truck", asked=False
    ) == ("heloc")


@pytest.mark.parametrize(
    "text", ["neither of us has owned before", "ninguno de los dos ha tenido casa"]
)
def test_neither_of_them_has_owned_is_a_first_time_buyer(text: str) -> None:
    assert parse_flag_answer(text, ["first_time_buyer"]) == {"first_time_buyer": True}  # VA unsaid


def test_a_lowercase_state_code_after_a_small_town_of_that_state() -> None:
    text = "looking to buy in horn lake ms, we rent in memphis right now"
    assert parse_state(text, asked=False) == ("MS", None)
