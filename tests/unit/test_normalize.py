"""bot.normalize: a borrower's SMS words become the qualification contract's values."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.normalize import (
    CREDIT_BANDS,
    LOAN_PURPOSES,
    TIMELINES,
    band_for_score,
    detect_language,
    extract_facts,
    flags_in,
    language_after,
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

LATE_NOVEMBER = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("buy", "purchase"),
        ("purchase", "purchase"),
        ("1", "purchase"),
        ("looking to buy a house in texas", "purchase"),
        ("bye a hous", "purchase"),
        ("purchace", "purchase"),
        ("refi", "refinance"),
        ("2", "refinance"),
        ("I want to refinace", "refinance"),
        ("cash out", "cash_out_refinance"),
        ("3", "cash_out_refinance"),
        ("cash out refi", "cash_out_refinance"),
        ("heloc", "heloc"),
        ("home equity line", "heloc"),
        ("4", "heloc"),
        ("#4", "heloc"),
        ("quiero comprar una casa", "purchase"),
        ("necesito refinanciar", "refinance"),
        ("quiero sacar dinero de mi casa para arreglarla con un refi", "cash_out_refinance"),
        ("una linea de credito", "heloc"),
    ],
)
def test_loan_purpose_is_read_from_words_typos_and_menu_numbers(text: str, expected: str) -> None:
    """Words, common misspellings and the 1-4 menu all name one of the four purposes."""
    assert parse_loan_purpose(text) == expected


@pytest.mark.parametrize("text", ["hello", "5", "not sure", ""])
def test_unclear_loan_purpose_is_not_guessed(text: str) -> None:
    """A reply that names no purpose (or a menu number out of range) gives None."""
    assert parse_loan_purpose(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TX", ("TX", None)),
        ("tx", ("TX", None)),
        ("Texas", ("TX", None)),
        ("Austin, TX", ("TX", None)),
        ("Round Rock TX", ("TX", None)),
        ("Austn TX", ("TX", None)),
        ("moving to Dallas TX next month", ("TX", None)),
        ("78701", ("TX", "78701")),
        ("austin tx 78701", ("TX", "78701")),
        ("Kansas City, MO", ("MO", None)),
        ("washington dc", ("DC", None)),
        ("Washington", ("WA", None)),
        ("west virginia", ("WV", None)),
        ("new york", ("NY", None)),
        ("flordia", ("FL", None)),
        ("tampa califronia", ("CA", None)),
        ("HI", ("HI", None)),
        ("pr", ("PR", None)),
        ("Denver", ("CO", None)),
        ("I'm in Austin", ("TX", None)),
        ("sugar land", ("TX", None)),
        ("en houston", ("TX", None)),
        ("carolina del norte", ("NC", None)),
        ("nyc", ("NY", None)),
        ("oops its florida not texas", ("FL", None)),
    ],
)
def test_state_is_read_from_codes_names_cities_and_zips(
    text: str, expected: tuple[str, str | None]
) -> None:
    """A code, a (misspelt) name, "City ST" or a ZIP gives the USPS code, plus the ZIP if any."""
    assert parse_state(text) == expected


@pytest.mark.parametrize(
    "text", ["hi", "ok", "in", "me", "main", "99999", "nope", "springfield", "Tyler"]
)
def test_everyday_words_and_unknown_zips_are_not_states(text: str) -> None:
    """Lowercase "hi" / "ok", sound-alikes like "main", unknown ZIPs, cities in several
    states and city names that are first names are not read as states."""
    assert parse_state(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "la casa de mi mama",
        "pa mi familia",
        "as soon as possible",
        "VA loan please",
        "want to buy this spring",
        "mi credito es 720",
    ],
)
def test_words_inside_a_message_are_not_taken_for_state_codes(text: str) -> None:
    """In free text, Spanish "la", "pa", "mi", English "as", "VA loan" and "Spring" are
    not states."""
    assert parse_state(text, asked=False) is None


def test_zip_that_contradicts_the_named_state_is_dropped() -> None:
    """When the ZIP is in another state than the one named, the named state wins, without ZIP."""
    assert parse_state("Austin TX 10001") == ("TX", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("450k", 450_000),
        ("$450,000", 450_000),
        ("1.2m", 1_200_000),
        ("$1.2 mil", 1_200_000),
        ("450 thousand", 450_000),
        ("half a million", 500_000),
        ("two and a half million", 2_500_000),
        ("three hundred ninety thousand", 390_000),
        ("four fifty", 450_000),
        ("around 500K", 500_000),
        ("550-600k", 600_000),
        ("1.2-1.5m", 1_500_000),
        ("450k and my credit is 720", 450_000),
        (450_000, 450_000),
        ("unos 300 mil", 300_000),
        ("unos trescientos mil", 300_000),
        ("medio millon", 500_000),
        ("un millon y medio", 1_500_000),
        ("entre 300 y 350 mil", 350_000),
        ("actually it's 430k not 410", 430_000),
        ("owe 200k, worth 500k", 500_000),
    ],
)
def test_price_is_read_in_whole_dollars_keeping_the_top_of_a_range(
    text: Any, expected: int
) -> None:
    """Shorthand, number words and ranges give whole dollars; a range keeps its top."""
    assert parse_price(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("375", 375_000), ("1.5", 1_500_000)])
def test_bare_number_is_a_price_only_as_the_answer_to_the_price_question(
    text: str, expected: int
) -> None:
    """A bare 375 means 375k when the price was asked, and nothing when picked up elsewhere."""
    assert parse_price(text, asked=True) == expected
    assert parse_price(text, asked=False) is None


@pytest.mark.parametrize(
    "text", ["2", "$5", "200m", "not sure", "450l", True, "78701", "we have 50k down"]
)
def test_absurd_or_unreadable_prices_are_rejected(text: Any) -> None:
    """Prices under $10,000 or over $100M, replies with no amount, a bare ZIP and a down
    payment give None."""
    assert parse_price(text, asked=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("720", "680-739"),
        ("760", "740+"),
        ("680ish", "680-739"),
        ("around 650", "620-679"),
        ("seven twenty", "680-739"),
        ("700-750", "680-739"),
        ("mid 700s", "740+"),
        ("mid 7oos", "740+"),
        ("low 700s", "680-739"),
        ("high 600s", "680-739"),
        ("low 600s", "620-679"),
        ("excellent", "740+"),
        ("excelent", "740+"),
        ("great", "740+"),
        ("good", "680-739"),
        ("fair", "620-679"),
        ("ok", "620-679"),
        ("not bad", "620-679"),
        ("poor", "580-619"),
        ("bad", "580-619"),
        ("my credit sucks", "580-619"),
        ("very bad", "<580"),
        ("terrible", "<580"),
        ("terible", "<580"),
        ("1", "740+"),
        ("3", "620-679"),
        ("5", "<580"),
        ("not great, maybe 610", "580-619"),
        ("buena", "680-739"),
        ("muy buena", "740+"),
        ("excelente", "740+"),
        ("regular", "620-679"),
        ("como 720", "680-739"),
        ("setecientos veinte", "680-739"),
        ("700 y pico", "680-739"),
    ],
)
def test_credit_band_is_read_from_scores_ranges_words_and_menu_numbers(
    text: str, expected: str
) -> None:
    """Scores, "mid 700s", plain words and the 1-5 menu all give one of the five bands."""
    assert parse_credit_band(text) == expected


@pytest.mark.parametrize(
    "text", ["not sure", "500k", "actually 450,000", "6", "no idea", "no se", "350 mil"]
)
def test_credit_band_ignores_prices_and_unclear_replies(text: str) -> None:
    """A price like "500k" or "450,000" is not a score, and an unclear reply gives None."""
    assert parse_credit_band(text) is None


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (850, "740+"),
        (740, "740+"),
        (739, "680-739"),
        (680, "680-739"),
        (679, "620-679"),
        (620, "620-679"),
        (619, "580-619"),
        (580, "580-619"),
        (579, "<580"),
        (300, "<580"),
    ],
)
def test_score_band_boundaries_are_inclusive_at_the_bottom(score: int, band: str) -> None:
    """Each band starts exactly at its lower bound: 740 is 740+, 739 is 680-739."""
    assert band_for_score(score) == band


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("asap", "now"),
        ("as soon as possible", "now"),
        ("now", "now"),
        ("under contract", "now"),
        ("this month", "now"),
        ("within 30 days", "now"),
        ("2 weeks", "now"),
        ("1-3 months", "1-3 months"),
        ("next month or two", "1-3 months"),
        ("soon", "1-3 months"),
        ("in two months", "1-3 months"),
        ("3 months", "1-3 months"),
        ("3-6 months", "3-6 months"),
        ("2-4 months", "3-6 months"),
        ("6+ months", "6+ months"),
        ("6 months", "6+ months"),
        ("next year", "6+ months"),
        ("next yr", "6+ months"),
        ("a year", "6+ months"),
        ("just looking", "6+ months"),
        ("not right now", "6+ months"),
        ("1", "now"),
        ("4", "6+ months"),
        ("under contract, closing in 3 weeks", "now"),
        ("el año que viene", "6+ months"),
        ("el ano q viene", "6+ months"),
        ("lo antes posible", "now"),
        ("en 3 meses", "1-3 months"),
        ("en unos meses", "3-6 months"),
        ("el mes que viene", "1-3 months"),
    ],
)
def test_timeline_is_read_from_phrases_durations_and_menu_numbers(text: str, expected: str) -> None:
    """Phrases, durations and the 1-4 menu give one of the four timelines."""
    assert parse_timeline(text) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("next spring", LATE_NOVEMBER, "3-6 months"),
        ("this summer", LATE_NOVEMBER, "6+ months"),
        ("this summer", date(2027, 4, 1), "1-3 months"),
        ("en primavera", date(2027, 2, 1), "1-3 months"),
    ],
)
def test_a_season_is_read_from_todays_date(text: str, today: date, expected: str) -> None:
    """ "next spring" counts the months from today to the middle of that season."""
    assert parse_timeline(text, today=today) == expected


@pytest.mark.parametrize("text", ["whenever", "5", "ana"])
def test_unclear_timeline_is_not_guessed(text: str) -> None:
    """A reply with no timing in it gives None."""
    assert parse_timeline(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True),
        ("YES!", True),
        ("yeah", True),
        ("yep", True),
        ("sure", True),
        ("ok", True),
        ("1", True),
        ("y", True),
        ("yes please", True),
        ("no", False),
        ("nope", False),
        ("2", False),
        ("n", False),
        ("no thanks", False),
        ("not interested", False),
        ("please don't", False),
        ("not sure", None),
        ("nothing", None),
        ("maybe", None),
        ("si", True),
        ("claro", True),
        ("dale", True),
        ("no gracias", False),
    ],
)
def test_yes_and_no_are_read_from_words_and_menu_numbers(text: str, expected: bool | None) -> None:
    """Yes-words and 1 give True, no-words and 2 give False, anything else None."""
    assert parse_yes_no(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ana", "Ana"),
        ("my name is ana", "Ana"),
        ("I'm Ana", "Ana"),
        ("hey it's Mike", "Mike"),
        ("this is Ana Lopez", "Ana"),
        ("sure it's ana", "Ana"),
        ("Imani", "Imani"),
        ("JOSE", "Jose"),
        ("mary-jane", "Mary-Jane"),
        ("McKenzie", "McKenzie"),
        ("José", "José"),
        ("me llamo ana", "Ana"),
        ("soy Luis", "Luis"),
    ],
)
def test_first_name_is_taken_from_the_reply_and_capitalized(text: str, expected: str) -> None:
    """Lead-ins like "my name is" are dropped and an all-lower or all-upper name capitalized."""
    assert parse_first_name(text) == expected


@pytest.mark.parametrize("text", ["ana2", "x" * 41, "hi", "yes", "", "!!"])
def test_first_name_rejects_digits_overlong_replies_and_greetings(text: str) -> None:
    """Digits, more than 40 characters, or only a greeting / yes give None."""
    assert parse_first_name(text) is None


@pytest.mark.parametrize(
    ("parse", "values"),
    [
        (parse_loan_purpose, LOAN_PURPOSES),
        (parse_credit_band, CREDIT_BANDS),
        (parse_timeline, TIMELINES),
        (parse_yes_no, (True, False)),
        (parse_price, (450_000,)),
        (parse_first_name, ("Ana",)),
    ],
)
def test_normalized_values_parse_to_themselves(parse: Any, values: tuple[Any, ...]) -> None:
    """Validating a slot twice (e.g. at form activation) never changes a normalized value."""
    for value in values:
        assert parse(value) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes, Ana", (True, "Ana")),
        ("yes ana", (True, "Ana")),
        ("sure its mike", (True, "Mike")),
        ("Ana, yes", (True, "Ana")),
        ("si, Maria", (True, "Maria")),
        ("claro que si, Lupe", (True, "Lupe")),
        ("yes ty", (True, "Ty")),
        ("yes Ty", (True, "Ty")),
        ("yes", (True, None)),
        ("yes please", (True, None)),
        ("yes thats fine", (True, None)),
        ("no", (False, None)),
        ("no thanks, Bob", (False, None)),
        ("maybe", (None, None)),
        # The last word alone is a yes only when nothing before it takes it back.
        ("not sure", (None, None)),
        ("not ok", (None, None)),
        ("I changed my mind, no", (False, None)),
    ],
)
def test_the_consent_reply_can_carry_the_first_name(
    text: str, expected: tuple[bool | None, str | None]
) -> None:
    """ "yes, Ana" gives consent and the name at once; a "no" never keeps a name."""
    assert parse_consent_reply(text) == expected


ALL_FLAGS = ["first_time_buyer", "va_eligible", "self_employed"]


@pytest.mark.parametrize(
    ("text", "asked", "expected"),
    [
        ("1 3", ALL_FLAGS, {"first_time_buyer": True, "va_eligible": False, "self_employed": True}),
        ("0", ALL_FLAGS, dict.fromkeys(ALL_FLAGS, False)),
        ("none", ALL_FLAGS, dict.fromkeys(ALL_FLAGS, False)),
        ("ninguno", ALL_FLAGS, dict.fromkeys(ALL_FLAGS, False)),
        ("all of them", ALL_FLAGS, dict.fromkeys(ALL_FLAGS, True)),
        ("1 y 3", ALL_FLAGS, {"first_time_buyer": True, "va_eligible": False,
                              "self_employed": True}),
        ("just 2", ALL_FLAGS, {"first_time_buyer": False, "va_eligible": True,
                               "self_employed": False}),
        ("yes", ["va_eligible"], {"va_eligible": True}),
        ("no", ["self_employed"], {"self_employed": False}),
        ("not self employed", ["self_employed"], {"self_employed": False}),
        ("4", ALL_FLAGS, {}),
    ],
)  # fmt: skip
def test_one_reply_answers_the_numbered_yes_or_no_question(
    text: str, asked: list[str], expected: dict[str, bool]
) -> None:
    """Numbers pick the facts that apply, 0 / none makes all false, yes / no answers one."""
    assert parse_flag_answer(text, asked) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("first time buyers", {"first_time_buyer": True}),
        ("not a first time buyer", {"first_time_buyer": False}),
        ("navy vet", {"va_eligible": True}),
        ("I served in the army", {"va_eligible": True}),
        ("soy veterano", {"va_eligible": True}),
        ("self employed", {"self_employed": True}),
        ("trabajo por mi cuenta", {"self_employed": True}),
        ("w2 employee", {"self_employed": False}),
        ("looking to buy in austin", {}),
    ],
)
def test_yes_or_no_facts_are_picked_up_when_volunteered(
    text: str, expected: dict[str, bool]
) -> None:
    """A borrower who says "navy vet" or "self employed" is not asked about it again."""
    assert flags_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it's a rental property", "investment"),
        ("buying a second home", "second_home"),
        ("es pa vivir", "primary"),
        ("buying in austin", None),
    ],
)
def test_occupancy_is_kept_only_when_volunteered(text: str, expected: str | None) -> None:
    """Occupancy is never asked; "rental" or "second home" in a message fills it."""
    assert occupancy_in(text) == expected


def test_one_message_with_many_facts_gives_them_all() -> None:
    """One message with purpose, state, price, credit, timeline and first-time buyer."""
    text = (
        "Hi, first time buyers in Denver, budget 550-600k, credit around 720, "
        "want to buy this spring"
    )
    assert extract_facts(text, today=LATE_NOVEMBER) == {
        "loan_purpose": "purchase",
        "property_state": "CO",
        "price_usd": 600_000,
        "credit_band": "680-739",
        "timeline": "3-6 months",
        "first_time_buyer": True,
    }


def test_one_spanish_message_with_many_facts_gives_them_all() -> None:
    """A Spanish first message gives the same contract values."""
    text = "hola, quiero comprar una casa en houston, unos 300 mil, mi credito es como 680"
    assert extract_facts(text) == {
        "loan_purpose": "purchase",
        "property_state": "TX",
        "price_usd": 300_000,
        "credit_band": "680-739",
    }


@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("375", "price_usd", {"price_usd": 375_000}),
        ("375", "credit_band", {"credit_band": "<580"}),
        ("2", "loan_purpose", {"loan_purpose": "refinance"}),
        ("2", "timeline", {"timeline": "1-3 months"}),
        ("2", None, {}),
        ("Austin", "first_name", {"first_name": "Austin"}),
        ("actually it's 430k not 410", "credit_band", {"price_usd": 430_000}),
        ("perdon, son 350 mil no 320", "credit_band", {"price_usd": 350_000}),
    ],
)
def test_bare_numbers_and_names_only_answer_the_question_just_asked(
    text: str, requested: str | None, expected: dict[str, Any]
) -> None:
    """ "375" is a price or a score depending on the question; a correction's numbers never
    answer the open question."""
    assert extract_facts(text, requested=requested) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hola", "es"),
        ("quiero comprar una casa en tx", "es"),
        ("q tal, busco casa pa mi familia", "es"),
        ("hi", "en"),
        ("I want to buy a house", "en"),
        ("720", None),
        ("ok", None),
    ],
)
def test_the_language_is_detected_from_words(text: str, expected: str | None) -> None:
    """Spanish and English texts are told apart; numbers and "ok" say nothing."""
    assert detect_language(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "current", "expected"),
    [
        ("720", None, "en"),
        ("hola", None, "es"),
        ("ok", "es", "es"),
        ("Round Rock TX", "es", "es"),
        ("yes Ana", "es", "es"),
        ("sorry I want to buy a house in texas", "es", "en"),
        ("quiero comprar una casa en tx", "en", "es"),
    ],
)
def test_the_language_is_set_once_and_kept(text: str, current: str | None, expected: str) -> None:
    """Set on the first message (English by default); only a clear sentence switches it."""
    assert language_after(text, current) == expected
