"""bot.normalize on replies the way people text them: names with a question or a fact after
them, a yes taken back, a score where a price was asked, dates of other events said in passing.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.normalize import (
    extract_facts,
    flags_in,
    occupancy_in,
    parse_consent_reply,
    parse_credit_band,
    parse_first_name,
    parse_flag_answer,
    parse_loan_purpose,
    parse_price,
    parse_state,
    parse_timeline,
    parse_yes_no,
)

DECEMBER = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name's Rob, and yours?", "Rob"),
        ("Ernesto, ¿y usted quién es?", "Ernesto"),
        ("why do you need my name?", None),
        ("T.J.", "TJ"),
        ("a.j.", "AJ"),
        ("Dale", "Dale"),
        ("dale", None),
        ("Luz Marina", "Luz Marina"),
        ("Tom Nguyen", "Tom"),
    ],
)
def test_a_first_name_is_read_before_a_question_back(text: str, expected: str | None) -> None:
    assert parse_first_name(text) == expected


def test_a_name_then_other_facts_gives_both() -> None:
    facts = extract_facts(
        "Nina, and my partner Sam is on the loan too, we close in 3 weeks",
        requested="first_name",
        today=DECEMBER,
    )
    assert facts["first_name"] == "Nina"
    assert facts["timeline"] == "now"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i mean sure, why not", True),
        ("de una", True),
        ("vale", True),
        ("ok chévere", True),
        ("sí, con mucho gusto", True),
        ("yes. wait actually no, I need to ask my wife", False),
        ("ok. hold on, not yet", False),
    ],
)
def test_consent_in_everyday_words(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected
    consent, name = parse_consent_reply(text)
    assert consent is expected
    assert name is None  # "chévere", "vale", "wait" are not names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I was in the Army National Guard 8 years, does that count?", True),
        ("my grandpa was a marine, does that count", False),
        ("fui a basic training y me dieron de baja, cuenta?", None),
        ("militar no", False),
        ("military: no", False),
    ],
)
def test_military_service_with_a_question_back(text: str, expected: bool | None) -> None:
    assert parse_flag_answer(text, ["va_eligible"]).get("va_eligible") is expected


def test_a_house_sold_before_is_not_a_first_purchase_nor_the_last_menu_item() -> None:
    flags = ["first_time_buyer", "va_eligible", "self_employed"]
    answer = parse_flag_answer("none of them, we sold our last house in 2023, I'm W2", flags)
    assert answer == dict.fromkeys(flags, False)
    answer = parse_flag_answer("not first time, no service, yes self employed", flags)
    assert answer == {"first_time_buyer": False, "va_eligible": False, "self_employed": True}
    answer = parse_flag_answer("not the first house we bought, first one in Utah", flags[:1])
    assert answer == {"first_time_buyer": False}


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("90063, East LA", ("CA", "90063")),
        ("en el este de LA", ("CA", None)),
        ("Baton Rouge, LA", ("LA", None)),
        ("a condo in pawtucket", ("RI", None)),
        ("refi in ankeny", ("IA", None)),
    ],
)
def test_places_people_name(text: str, state: tuple[str, str | None]) -> None:
    assert parse_state(text, asked=False) == state


def test_a_first_name_that_is_also_a_city_stays_a_name() -> None:
    assert parse_state("Brandon", asked=True) is None
    assert extract_facts("Elizabeth", requested="first_name") == {"first_name": "Elizabeth"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my credit isn't great", "580-619"),
        ("credit ain't that good", "580-619"),
        ("my credit is great", "740+"),
    ],
)
def test_credit_described_with_a_negation(text: str, expected: str) -> None:
    assert parse_credit_band(text, asked=False) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("budget is 310 but we could stretch to 340", 340_000),
        ("unos 280 mil, máximo 300", 300_000),
        ("600.000 como mucho", 600_000),
        ("it appraised at 410 a couple years ago", 410_000),
        ("we bought it for 250 ten years ago", None),
    ],
)
def test_prices_with_a_ceiling_or_an_old_appraisal(text: str, expected: int | None) -> None:
    assert parse_price(text, asked=True) == expected


def test_a_score_given_to_the_price_question_is_a_score() -> None:
    assert extract_facts("credit's decent, we're both about 710", requested="price_usd") == {
        "credit_band": "680-739"
    }


@pytest.mark.parametrize(
    "text",
    [
        "I'm retiring in the spring and want something smaller in Boise",
        "my wife starts her new job in February, we want to buy in Raleigh",
        "we'd like to take money out of the house, the twins start college next fall",
    ],
)
def test_the_date_of_another_event_is_not_the_timeline(text: str) -> None:
    assert "timeline" not in extract_facts(text, today=DECEMBER)


def test_a_date_said_with_closing_is_still_the_timeline() -> None:
    facts = extract_facts("new job starts Feb 1 so we need to close by then", today=DECEMBER)
    assert facts["timeline"] == "1-3 months"
    facts = extract_facts(
        "credit was 700 when I checked before Thanksgiving", requested="credit_band"
    )
    assert "timeline" not in facts


def test_month_typos_are_months() -> None:
    assert parse_timeline("like 2 monts", asked=True, today=DECEMBER) == "1-3 months"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shorten to a 15 yr", "refinance"),
        ("quitar el PMI", "refinance"),
        ("borrow a bit against the house, not a whole new mortgage", "heloc"),
    ],
)
def test_purposes_in_other_words(text: str, expected: str) -> None:
    assert parse_loan_purpose(text, asked=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("un dúplex pa rentar", "investment"),
        ("a little place on the lake for the summers", "second_home"),
    ],
)
def test_occupancy_when_volunteered(text: str, expected: str) -> None:
    assert occupancy_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Like to months", "1-3 months"),  # voice-to-text "two"
        ("rn if possible", "now"),
        ("5ish months", "3-6 months"),
        ("after the baby comes. due in jan so like april maybe", "3-6 months"),
        ("by feb hopefully, whats the rate rn?", "1-3 months"),
    ],
)
def test_timelines_texted_fast(text: str, expected: str) -> None:
    assert parse_timeline(text, asked=True, today=DECEMBER) == expected


def test_a_value_said_after_a_line_of_credit_is_a_price() -> None:
    text = "quiero una linea de credito con el valor de mi casa, vale unos 290"
    assert extract_facts(text)["price_usd"] == 290_000


def test_the_score_of_now_wins_over_the_score_of_then() -> None:
    assert parse_credit_band("it was 640 when we bought but now its 728", asked=True) == "680-739"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("350-400, BAH covers about 2600", 400_000),
        ("unos 310, y ya tengo 20 mil ahorrados para el down", 310_000),
    ],
)
def test_allowances_and_savings_are_not_prices(text: str, expected: int) -> None:
    assert parse_price(text, asked=True) == expected


def test_the_loan_they_have_is_not_the_loan_they_ask_for() -> None:
    from bot.normalize.products import requested_product

    assert requested_product("we have an FHA loan, can we refi into conventional?") is None
    assert requested_product("I'd like an FHA loan") == "fha"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("question about refinacing my condo in Tulsa", "refinance"),
        ("im looking to purchse a townhouse", "purchase"),
        ("how much cash could we take out if we refi", "cash_out_refinance"),
    ],
)
def test_purposes_in_a_first_text_with_a_typo_or_other_words(text: str, expected: str) -> None:
    assert extract_facts(text)["loan_purpose"] == expected


def test_within_the_month_is_now() -> None:
    assert parse_timeline("within the next month if we can", asked=True) == "now"


def test_doubt_in_the_words_of_the_answer_is_still_an_answer() -> None:
    answer = parse_flag_answer("i drive for lyft so kinda self employed?", ["self_employed"])
    assert answer == {"self_employed": True}
    assert parse_flag_answer("does the national guard count?", ["va_eligible"]) == {}


def test_not_memphis_is_not_a_veteran_saying_not_me() -> None:
    assert "va_eligible" not in flags_in("west memphis AR not memphis TN", asked=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("list was 429, we offered 415 and they took it", 415_000),
        ("ofrecimos 312 y nos la aceptaron, la tenían en 325", 312_000),
        ("1.2M, maybe stretch to 1.3", 1_300_000),
        ("prob 380? neighbor sold for 395 in sept", 380_000),
        ("want the payment around 2100/mo, homes we're seeing are around 310", 310_000),
    ],
)
def test_the_borrowers_own_number_among_others(text: str, expected: int) -> None:
    assert parse_price(text, asked=True) == expected


def test_a_score_before_the_word_credit_beats_an_ok_after_it() -> None:
    assert parse_credit_band("i have a 612 credit score is that ok", asked=False) == "580-619"


@pytest.mark.parametrize(
    "text",
    [
        "ranch house on 2 acres south of town",
        "a cabin on 40 acres to hunt",
        "info about buying in silver spring maryland",
        "refi out of an adjustable rate that resets next year",
        "the neighbor sold for 460 in sept",
    ],
)
def test_acres_places_and_other_dates_are_not_timelines(text: str) -> None:
    assert "timeline" not in extract_facts(text, today=DECEMBER)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("antes de junio", "3-6 months"),
        ("before mardi gras", "1-3 months"),
        ("este año no, el que viene a mediados", "6+ months"),
    ],
)
def test_deadlines_and_events(text: str, expected: str) -> None:
    assert parse_timeline(text, asked=True, today=DECEMBER) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [("yes dear", None), ("yeah thatd be fine", None), ("sí mijo", None)],
)
def test_terms_of_address_are_not_names(text: str, name: str | None) -> None:
    assert parse_consent_reply(text) == (True, name)


def test_a_title_and_surname_then_the_first_name() -> None:
    assert parse_first_name("Dr. Okafor lol, it's Chidi") == "Chidi"


def test_spanglish_is_spanish_and_a_two_family_lived_in_is_a_home() -> None:
    from bot.normalize import detect_language

    assert (
        detect_language("necesito un lender, I'm under contract en Reading y el mío se fue")[0]
        == "es"
    )
    assert occupancy_in("un two family, vivir en uno y rentar el otro") == "primary"
    assert parse_state("California, LA", asked=True) == ("CA", None)
    assert parse_flag_answer("mi hijo está en el army pero yo no", ["va_eligible"]) == {
        "va_eligible": False
    }
    assert "loan_purpose" not in extract_facts(
        "a manufactured home, is that something you finance?"
    )


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("is it even worth refinancing at 6.875?? bought in 2022", False, None),
        ("My budget is between 260,000 and 295,000 dollars", True, 295_000),
        ("240 thousand maybe 260", True, 260_000),
    ],
)
def test_rates_ranges_and_hedges(text: str, asked: bool, expected: int | None) -> None:
    assert parse_price(text, asked=asked) == expected


def test_the_amount_to_borrow_is_not_the_value() -> None:
    assert "price_usd" not in extract_facts("heloc on my house, want around 90k to pay off cards")


def test_vague_low_credit_in_a_first_text_leaves_the_question_open() -> None:
    assert "credit_band" not in extract_facts("looking to buy in Tulsa, credit isn't great though")
    assert "credit_band" not in extract_facts("se puede comprar casa con credito bajo?")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("idk, when my credit is better. maybe one year", "6+ months"),
        ("cuando se pueda, este mes o el que viene", "now"),
        ("we start touring in january, want to close by april ideally", "3-6 months"),
    ],
)
def test_timelines_with_a_doubt_or_two_dates(text: str, expected: str) -> None:
    assert parse_timeline(text, asked=True, today=DECEMBER) == expected


@pytest.mark.parametrize(
    ("text", "slot", "expected"),
    [
        (
            "I was not soldier, I was interpreter with the army. Does it count?",
            "va_eligible",
            False,
        ),
        ("no, que es eso?", "va_eligible", False),
        (
            "¿Qué es self employed? Si es trabajar por mi cuenta, sí, tengo mi negocio",
            "self_employed",
            True,
        ),
        ("now no, i work at a warehouse. the shop is later", "self_employed", False),
        ("trabajo en construccion pero con una compania, me dan cheque", "self_employed", False),
    ],
)
def test_answers_around_a_question_back(text: str, slot: str, expected: bool) -> None:
    assert parse_flag_answer(text, [slot]) == {slot: expected}


def test_no_us_score_yet_is_unknown_and_thank_you_very_much_is_no_name() -> None:
    assert parse_credit_band("No score in the US yet. Back home it was very good") is None
    assert parse_consent_reply("Yes, thank you very much") == (True, None)


def test_spanish_loans_against_the_house() -> None:
    from bot.normalize import wants_equity

    assert wants_equity("quiero sacar un prestamo con la casa para arreglar la cocina")
    assert parse_loan_purpose("refinanciar mi casa para sacar unos 40 mil", asked=False) == (
        "cash_out_refinance"
    )


def test_work_with_the_army_as_a_civilian_is_not_service() -> None:
    text = "I worked with US Army as interpreter. Can I get VA loan to buy house in Virginia?"
    assert extract_facts(text)["va_eligible"] is False
    assert occupancy_in("I want buy 3 family house and live on first floor") == "primary"


def test_under_contract_closing_next_month_is_now() -> None:
    assert (
        parse_timeline("we're under contract, closing jan 10", asked=True, today=DECEMBER) == "now"
    )


def test_a_guess_after_not_sure_is_still_a_band() -> None:
    assert parse_credit_band("not sure, maybe low 600s. had some late payments") == "620-679"
