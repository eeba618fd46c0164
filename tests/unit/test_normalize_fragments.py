"""Replies in fragments and second thoughts (#15, after the blind sets dev49 and dev50):
numbers dictated as clock times, a home picked from a pair listed before, an answer taken
back within the reply, service and business said without a subject. Our own words."""

from __future__ import annotations

import pytest

from bot.normalize import extract_facts, parse_credit_band, parse_price, parse_timeline
from bot.normalize.facts import picked_price
from bot.normalize.language import language_after
from tests.unit.reading import TODAY, facts


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("somewhere near 4:25", 425_000),
        ("the bank said 3:90 last spring", 390_000),
        ("2:85 tops", 285_000),
        ("por ahí medio palo", 500_000),
        ("un palo y medio más o menos", 1_500_000),
    ],
)
def test_a_price_dictated_as_a_clock_time_or_in_slang(text: str, price: int) -> None:
    assert parse_price(text) == price


def test_a_clock_time_is_no_price_when_the_price_was_not_asked() -> None:
    assert "price_usd" not in facts("call me after 5:30 please")


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("like 6:90", "680-739"),
        ("mine's 7:45 i think", "740+"),
    ],
)
def test_a_score_dictated_as_a_clock_time(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


def test_a_dictated_score_taken_back_in_passing_replaces_the_old_one() -> None:
    said = facts("whenever works. oh and the score is 6 55 now not 7 05", "timeline")
    assert said["credit_band"] == "620-679"


@pytest.mark.parametrize(
    ("answer", "listed", "price"),
    [
        ("the second", "one in mesa for 310 or one in gilbert for 365", 365_000),
        ("1st one", "a duplex at 480 and a condo at 295", 480_000),
        ("la segunda", "vimos dos: una de 275 y otra de 330", 330_000),
        ("the cheaper one", "torn between a 520 ranch and a 445 bungalow", 445_000),
    ],
)
def test_the_home_picked_from_a_pair_listed_before(answer: str, listed: str, price: int) -> None:
    assert picked_price(answer, ["hi there", listed]) == price


def test_no_pick_without_a_list_or_with_a_number_of_its_own() -> None:
    assert picked_price("the second one", ["we want to buy in reno"]) is None
    assert picked_price("the 2nd one, 365", ["mesa 310 or gilbert 365"]) is None


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("yes... well no, the agency pays me on a W2", "self_employed", False),
        ("no, wait, yes, I run my own painting crew", "self_employed", True),
        ("nope. well, air guard for 4 years, would that count?", "va_eligible", True),
        ("would the coast guard reserve count?", "va_eligible", None),
        ("my uncle was in the guard, does that count?", "va_eligible", False),
        ("I work nights for a trucking company", "self_employed", False),
        ("we own a little taco place downtown", "self_employed", True),
        ("owned a mobile home years ago", "first_time_buyer", False),
        ("aquí sí, allá en Perú tuvimos un terreno", "first_time_buyer", True),
        ("ye", "first_time_buyer", True),
    ],
)
def test_an_answer_said_in_fragments(text: str, slot: str, value: bool | None) -> None:
    assert facts(text, slot).get(slot) == value


@pytest.mark.parametrize(
    ("text", "purpose"),
    [
        ("thinking of refinancing and we'd like 40k out for the kitchen", "cash_out_refinance"),
        ("quiero refinanciar y sacar unos varos para el negocio", "cash_out_refinance"),
    ],
)
def test_cash_out_said_in_passing(text: str, purpose: str) -> None:
    assert facts(text)["loan_purpose"] == purpose


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("we're in omaha NE now but want to buy across the river in council bluffs", "IA"),
        ("ex Arizona National Guard, buying a place in Las Cruces NM", "NM"),
        ("estuve en la guardia nacional de Texas, busco casa en Albuquerque", "NM"),
    ],
)
def test_where_they_are_or_served_is_not_where_they_buy(text: str, state: str) -> None:
    assert facts(text)["property_state"] == state


def test_a_place_named_navy_is_not_service() -> None:
    said = facts("condo near the Navy Yard in DC, budget 600k")
    assert said["property_state"] == "DC" and "va_eligible" not in said


def test_a_far_deadline_in_passing_is_not_when_they_buy() -> None:
    assert parse_timeline("need the new roof before next winter", asked=False, today=TODAY) is None
    assert parse_timeline("before next winter", asked=True, today=TODAY) == "6+ months"


@pytest.mark.parametrize(
    ("reply", "name"),
    [("yes that works, mahalo", None), ("sure, gracias", None), ("cabal, sí", None)],
)
def test_thanks_in_any_language_beside_a_yes_is_no_name(reply: str, name: str | None) -> None:
    said = facts(reply, "consent")
    assert said["consent"] is True and said.get("first_name") == name


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("semi-retired, I do consulting through my own LLC", "self_employed", True),
        ("I teach, my husband works for a roofing company", "self_employed", False),
        ("tenemos casa en Ponce pero la vamos a vender", "first_time_buyer", False),
    ],
)
def test_the_fact_under_the_words(text: str, slot: str, value: bool) -> None:
    assert facts(text, slot)[slot] == value


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("it went from 590 to 648 this year", "620-679"),
        ("subió de 640 a 702", "680-739"),
        ("about 745. and the budget's more like 520 now", "740+"),
    ],
)
def test_the_score_it_moved_to_and_not_a_price_corrected_beside_it(text: str, band: str) -> None:
    assert parse_credit_band(text) == band


def test_a_price_changed_in_the_same_breath() -> None:
    said = facts("queremos comprar en Houston de 280 mil, no, mejor 310")
    assert said["price_usd"] == 310_000


def test_what_we_can_get_is_no_cash_out_amount() -> None:
    assert facts("the most we can get, prob 425ish", "price_usd")["price_usd"] == 425_000


@pytest.mark.parametrize("city", ["Charleston", "Lancaster"])
def test_a_city_each_of_two_states_can_claim_is_asked_about(city: str) -> None:
    assert "property_state" not in facts(f"want to buy a house in {city}, around 300k")


def test_a_county_and_its_state_name_the_place() -> None:
    assert facts("buying out in lancaster county pa")["property_state"] == "PA"


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("saw the sign on the house at 27 Birch Ln, still for sale??", "price_usd"),
        ("quiero sacar dinero de mi casa para el techo, como 70 mil", "price_usd"),
        ("pay off my credit cards, about 20k. Reno NV. Worth maybe 410?", "credit_band"),
    ],
)
def test_an_address_the_cash_wanted_or_card_debt_is_no_price_or_score(text: str, slot: str) -> None:
    assert slot not in facts(text)


@pytest.mark.parametrize(
    ("text", "slot", "value"),
    [
        ("I'm a nurse and he's a pipefitter in the union", "self_employed", False),
        ("I'm a dentist, co-owner of the practice", "self_employed", True),
        ("could we get a home equity loan for the addition?", "loan_purpose", "heloc"),
        ("refinancing so I can pay him out his half, roughly 60k", "loan_purpose",
         "cash_out_refinance"),
        ("early next year", "timeline", "1-3 months"),
        ("tenemos una oferta aceptada, cerramos en febrero", "timeline", "now"),
    ],
)  # fmt: skip
def test_said_the_way_it_is_said(text: str, slot: str, value: object) -> None:
    assert facts(text, slot)[slot] == value


def test_no_accepted_offer_yet_is_not_under_contract() -> None:
    assert facts("no accepted offer yet, maybe spring", "timeline")["timeline"] == "3-6 months"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my score is 640 now", {"credit_band": "620-679"}),
        ("score's 712 now, we want to buy in the spring",
         {"credit_band": "680-739", "timeline": "3-6 months"}),
    ],
)  # fmt: skip
def test_a_number_as_it_is_now_is_not_when_they_buy(text: str, expected: dict) -> None:
    got = facts(text, "timeline")
    assert {k: got.get(k) for k in ("credit_band", "timeline")} == expected | (
        {"timeline": None} if "timeline" not in expected else {}
    )


def test_a_score_said_in_words_keeps_its_vague_word_from_being_dropped() -> None:
    assert facts("credit is fair, six forty ish")["credit_band"] == "620-679"


# After the blind sets dev55 and dev56 (our own words)


def test_land_and_rooms_are_no_price() -> None:
    assert "price_usd" not in facts("looking at 12 acres with an old farmhouse on it")
    assert facts("5 acres, they want 480 for it", "price_usd")["price_usd"] == 480_000


def test_what_a_housing_allowance_covers_is_the_price() -> None:
    assert parse_price("the housing allowance covers about 390, nothing over that") == 390_000
    assert parse_price("my BAH is 2,300 a month") is None


def test_a_credit_union_is_no_credit_score() -> None:
    got = facts("the credit union sent us. budget 430k actually more like 470")
    assert "credit_band" not in got and got["price_usd"] == 470_000


def test_a_relative_is_no_answer_about_service_until_service_is_said() -> None:
    assert "va_eligible" not in facts("my sister is a teacher, she told me to text you")
    assert facts("my uncle was in the marines")["va_eligible"] is False


@pytest.mark.parametrize(
    ("reply", "eligible"),
    [
        ("my wife did 8 years in the air force, does that count?", True),
        ("my husband was a marine but he isn't on the loan, does that count?", False),
    ],
)
def test_a_spouses_service_asked_about(reply: str, eligible: bool) -> None:
    assert facts(reply, "va_eligible")["va_eligible"] is eligible


def test_the_speaker_named_after_the_one_whose_phone_it_is() -> None:
    assert (
        facts("hi it's Tom's wife Linda, he asked me to finish this", "credit_band")["first_name"]
        == "Linda"
    )
    assert "first_name" not in facts("this is Tom's wife, he's at work", "credit_band")


def test_where_they_have_lived_for_years_is_not_where_they_buy() -> None:
    text = "llevo 5 años en Texas y quiero comprar en Albuquerque"
    assert facts(text)["property_state"] == "NM"


def test_the_first_message_with_words_of_a_language_sets_it() -> None:
    assert language_after("quiero comprar", "en", ["info"]) == "es"
    assert language_after("Mesa AZ", "en", ["info"]) == "en"  # a place name never does


def test_the_loan_they_need_is_not_the_price() -> None:
    assert "price_usd" not in facts("moving up to a bigger place, need a loan for about 390k")
    assert facts("need a loan for a 390k house")["price_usd"] == 390_000


# After the blind sets dev57 and dev58 (our own words)


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("excellent, last I checked", "740+"),
        ("según el último reporte del banco, 700", "680-739"),
        ("seven hundred and eighty-something", "740+"),
        ("hers is 790 and mine is 640", "620-679"),
        ("her report says 712. mine is 630 but i'm not on the loan", "680-739"),
        ("una tarjeta de 300 nada mas", None),
        ("no idea, my social is 512 44 7781 if you need it", None),
    ],
)
def test_a_score_in_long_or_roundabout_words(text: str, band: str | None) -> None:
    assert parse_credit_band(text) == band


@pytest.mark.parametrize(
    "text",
    [
        "we PCS'd in August and are renting off post",
        "we refinanced in the spring of 2021",
        "the asking price on the one we like is 400",
        "the porch won't survive another winter",
        "my in-laws arrive in May, we want to add a suite for them",
    ],
)
def test_no_timeline_in_what_was_done_or_said_in_passing(text: str) -> None:
    assert "timeline" not in facts(text)


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("by the middle of February", "1-3 months"),
        ("en un par de meses, la escuela arranca en agosto", "1-3 months"),
    ],
)
def test_when_they_want_it_beside_someone_elses_dates(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_a_mount_is_not_montana() -> None:
    assert "property_state" not in facts("our place in Mt Pleasant needs a new roof")


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("worth about 310 before the flood", 310_000),
        ("it appraised at 300 back in March", 300_000),
        ("between 850k and a million", 1_000_000),
    ],
)
def test_a_value_of_another_time_or_said_to_a_million(text: str, price: int) -> None:
    assert facts(text, "price_usd")["price_usd"] == price


def test_what_a_sale_nets_is_not_the_price() -> None:
    assert "price_usd" not in facts("we should net about 150 from the sale of the condo")


def test_a_score_in_words_is_no_value_of_the_home() -> None:
    got = extract_facts("Around seven hundred, I think", requested="credit_band",
                        known_purpose="refinance", today=TODAY)  # fmt: skip
    assert got == {"credit_band": "680-739"}


def test_the_first_time_they_asked_is_no_first_home() -> None:
    assert facts("it appraised higher when we asked the first time") == {}
    assert "first_time_buyer" not in facts("our daughter is a first-time buyer in Boise")
    assert facts("it's the first time", "first_time_buyer")["first_time_buyer"] is True


def test_a_relative_said_warmly_served() -> None:
    assert facts("my granddad was in the navy, does that count?", "va_eligible") == {
        "va_eligible": False
    }


def test_the_home_they_leave_is_named_beside_the_one_they_buy() -> None:
    assert facts("Indiana. the old one is in Ohio", "property_state")["property_state"] == "IN"


def test_the_score_of_someone_not_on_the_loan() -> None:
    text = "mi hermana tiene buen crédito, como 790, pero ella no va a estar en el préstamo"
    assert facts(text) == {}  # nor is "no va a estar" a "no" about VA


def test_a_state_code_or_a_lone_letter_does_not_set_the_language() -> None:
    assert language_after("PA", "en", ["heloc rates?"]) == "en"
    assert language_after("Y", "en", ["HELOC. Tucson.", "AZ"]) == "en"


def test_the_borrowers_own_no_before_a_spouses_service() -> None:
    reply = "No, I never served. my wife was in the army, does that count?"
    assert facts(reply, "va_eligible")["va_eligible"] is False


@pytest.mark.parametrize(
    "text",
    [
        "mi suegra se viene a vivir con nosotros en abril y queremos agregar un cuarto",
        "mi mamá se viene de Quito en marzo, queremos hacerle un cuarto",
        "my parents are coming to live with us in May so we need a bigger place",
    ],
)
def test_family_arriving_is_not_when_they_buy(text: str) -> None:
    assert "timeline" not in facts(text)


@pytest.mark.parametrize(
    ("text", "timeline"),
    [
        ("no rush, the builder can start in january", "1-3 months"),
        ("compramos en marzo si todo sale bien", "3-6 months"),
    ],
)
def test_a_start_or_a_spanish_present_keeps_its_date(text: str, timeline: str) -> None:
    assert facts(text, "timeline")["timeline"] == timeline


def test_the_speaker_named_after_the_phones_owner() -> None:
    assert facts("this is Tom's phone, his wife Linda here")["first_name"] == "Linda"


def test_a_birth_they_move_before_is_their_deadline() -> None:
    text = "buscamos casa pa movernos antes de que nazca el bebé en mayo"
    assert facts(text)["timeline"] == "3-6 months"


# After the blind sets dev59 and dev60 (our own words)


def test_please_run_together_is_no_name() -> None:
    assert facts("si porfavor", "consent") == {"consent": True}


def test_a_score_said_of_credits_is_no_price() -> None:
    assert "price_usd" not in facts("my credits kinda rough, like 590ish. can i still buy?")


def test_a_second_amount_beside_millions_is_in_millions() -> None:
    assert facts("worth about 1.3 million maybe 1.35", "price_usd")["price_usd"] == 1_350_000


def test_a_guess_after_idk_says_when() -> None:
    assert facts("idk, depends on the market, next few months?", "timeline")["timeline"] == (
        "3-6 months"
    )
