"""Custom actions, run directly: a Tracker built from a dict state, a CollectingDispatcher,
and assertions on the returned events and the dispatched responses."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.conversation import ActionOutsideForm, ActionQualificationComplete
from bot.actions.digressions import ActionAnswerDigression
from bot.actions.extraction import ActionExtractFacts
from bot.actions.plan import required_slots
from bot.actions.questions import ActionAskConsent, ActionAskLoanPurpose, ActionAskVaEligible
from bot.actions.texts import CONTACT_TIME_NOTED, hint
from bot.actions.validation import ValidateQualificationForm

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"
FORM = "qualification_form"
QUALIFIED = {
    "loan_purpose": "purchase",
    "property_state": "TX",
    "price_usd": 450_000,
    "credit_band": "740+",
    "timeline": "now",
    "first_time_buyer": True,
    "va_eligible": False,
    "self_employed": False,
    "first_name": "Ana",
    "language": "en",
}
# GSM-7 basic set and extension table: a reply outside it is sent as UCS-2, 70 chars a part.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


def load_domain() -> dict[str, Any]:
    """The real domain, merged from its topic files the way Rasa merges a domain folder."""
    merged: dict[str, Any] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        for key, value in (yaml.safe_load(path.read_text()) or {}).items():
            if isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            elif isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


DOMAIN = load_domain()


def user(text: str, intent: str = "inform", confidence: float = 0.9) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": confidence},
            "entities": [],
        },
    }


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def tracker(
    slots: dict[str, Any] | None = None,
    events: list[dict[str, Any]] | None = None,
    active_loop: str | None = FORM,
) -> Tracker:
    """A tracker as Rasa sends it: current slot values plus the event history."""
    events = events or []
    latest = next((e for e in reversed(events) if e["event"] == "user"), {"text": ""})
    return Tracker.from_dict(
        {
            "sender_id": "borrower-1",
            "slots": dict(slots or {}),
            "latest_message": {"text": latest["text"], **latest.get("parse_data", {})},
            "events": events,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )


def texted(
    text: str,
    earlier: dict[str, Any] | None = None,
    requested: str | None = None,
    intent: str = "inform",
    active_loop: str | None = FORM,
) -> Tracker:
    """The borrower texted `text` while `requested` was the open question."""
    state = {**(earlier or {}), "requested_slot": requested}
    events = [slot(k, v) for k, v in state.items()] + [user(text, intent)]
    return tracker(state, events, active_loop)


async def extract(t: Tracker) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await ActionExtractFacts().run(dispatcher, t, DOMAIN)
    return slot_values(events), dispatcher.messages


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def responses(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m.get("response") for m in messages]


# --- action_extract_facts: what a message fills ------------------------------------------------


async def test_a_first_message_with_many_facts_fills_them_all() -> None:
    """One message fills purpose, state, price, credit, timeline and first-time buyer."""
    text = (
        "Hi, first time buyers in Denver, budget 550-600k, credit around 720, "
        "want to buy this spring"
    )
    filled, _ = await extract(texted(text, active_loop=None))
    assert (
        filled.items()
        >= {
            "language": "en",
            "loan_purpose": "purchase",
            "property_state": "CO",
            "price_usd": 600_000,
            "credit_band": "680-739",
            "first_time_buyer": True,
        }.items()
    )
    assert filled["timeline"] in ("1-3 months", "3-6 months", "6+ months")


async def test_a_product_named_in_any_message_is_kept_for_the_matcher() -> None:
    filled, _ = await extract(texted("we want an FHA loan, credit 610", requested="credit_band"))
    assert filled["requested_product"] == "fha" and filled["credit_band"] == "580-619"


@pytest.mark.parametrize(
    ("requested", "text", "expected"),
    [
        ("loan_purpose", "2", {"loan_purpose": "refinance"}),
        ("property_state", "Round Rock TX", {"property_state": "TX"}),
        ("property_state", "78701", {"property_state": "TX", "property_zip": "78701"}),
        ("price_usd", "375", {"price_usd": 375_000}),
        ("price_usd", "unos 300 mil", {"price_usd": 300_000}),
        ("credit_band", "not great, maybe 610", {"credit_band": "580-619"}),
        ("credit_band", "720", {"credit_band": "680-739"}),
        ("timeline", "under contract, closing in 3 weeks", {"timeline": "now"}),
        ("timeline", "el año que viene", {"timeline": "6+ months"}),
        ("first_name", "Austin", {"first_name": "Austin"}),
        ("consent", "yes, Ana", {"consent": True, "first_name": "Ana"}),
        ("consent", "no", {"consent": False}),
        ("va_eligible", "yes, army vet", {"va_eligible": True}),
        ("va_eligible", "nope", {"va_eligible": False}),
        ("self_employed", "no, W2 at the hospital", {"self_employed": False}),
        ("first_time_buyer", "sí, primera casa", {"first_time_buyer": True}),
    ],
)
async def test_the_answer_to_the_open_question_is_stored_normalized(
    requested: str, text: str, expected: dict[str, Any]
) -> None:
    """A reply fills the open question's slot (and only what it says) as contract values."""
    earlier = {"loan_purpose": "purchase", "language": "en"}
    filled, _ = await extract(texted(text, earlier, requested))
    filled.pop("language", None)
    assert filled == {k: v for k, v in expected.items() if earlier.get(k) != v}


@pytest.mark.parametrize(
    ("requested", "text", "earlier", "expected"),
    [
        ("credit_band", "actually it's 430k not 410", {"price_usd": 410_000},
         {"price_usd": 430_000}),
        ("price_usd", "oops its florida not texas", {"property_state": "TX"},
         {"property_state": "FL"}),
        ("va_eligible", "actually more like 3 months", {"timeline": "now"},
         {"timeline": "1-3 months"}),
    ],
)  # fmt: skip
async def test_a_correction_replaces_the_earlier_value_while_another_question_is_open(
    requested: str, text: str, earlier: dict[str, Any], expected: dict[str, Any]
) -> None:
    """ "actually ..." while another question is open updates the earlier answer."""
    filled, _ = await extract(texted(text, {**earlier, "language": "en"}, requested))
    assert filled == expected


@pytest.mark.parametrize(
    ("requested", "text", "earlier", "expected"),
    [
        ("credit_band", "good, around 760. sorry I said 240 before, I meant 285",
         {"price_usd": 240_000}, {"credit_band": "740+", "price_usd": 285_000}),
        ("timeline", "lo antes posible. ah perdón, son 450 no 480",
         {"price_usd": 480_000}, {"timeline": "now", "price_usd": 450_000}),
        ("credit_band", "like 600. oh my bad, the house is in west memphis AR not memphis TN",
         {"property_state": "TN", "price_usd": 210_000},
         {"credit_band": "580-619", "property_state": "AR"}),
        ("credit_band", "720. and forget the 300 from before, the one we like now is 335",
         {"price_usd": 300_000, "loan_purpose": "purchase"},
         {"credit_band": "680-739", "price_usd": 335_000}),
        ("credit_band", "about 700. scratch what i said about next month, lease ends in july",
         {"timeline": "1-3 months"}, {"credit_band": "680-739", "timeline": "6+ months"}),
        ("timeline", "by march. fyi my score is 6 40 now not 7 10",
         {"credit_band": "680-739"}, {"timeline": "1-3 months", "credit_band": "620-679"}),
        ("timeline", "spring. my credit dropped to 655 after the car loan",
         {"credit_band": "680-739"}, {"timeline": "3-6 months", "credit_band": "620-679"}),
    ],
)  # fmt: skip
async def test_a_correction_in_everyday_words_replaces_the_earlier_value(
    requested: str, text: str, earlier: dict[str, Any], expected: dict[str, Any]
) -> None:
    """ "I said X, I meant Y", "perdón, son Y no X", "my bad ... not", "forget the X ... now
    is Y": the earlier answer is
    replaced; the score said in the same reply is not taken for a price."""
    filled, _ = await extract(texted(text, {**earlier, "language": "en"}, requested))
    assert filled == expected


async def test_a_fact_kept_until_a_person_calls_is_unknown_not_a_hand_off() -> None:
    """ "I'd rather not say until I talk to someone": the question is skipped, the form goes
    on, no fast track."""
    filled, _ = await extract(
        texted("rather not say until I talk to someone", {"language": "en"}, "credit_band")
    )
    assert "fast_track" not in filled
    assert filled.get("miss_counts", {}).get("credit_band") is not None


async def test_a_home_sold_elsewhere_does_not_move_the_search() -> None:
    """ "not my first, owned a house in NC back in 2015": "not" is not a correction."""
    earlier = {"property_state": "TX", "loan_purpose": "purchase", "language": "en"}
    text = "not my first, owned a house in NC back in 2015"
    filled, _ = await extract(texted(text, earlier, "first_time_buyer"))
    assert filled == {"first_time_buyer": False}


async def test_a_new_state_without_a_zip_clears_the_old_zip() -> None:
    """Moving the search to another state drops the ZIP of the old one."""
    earlier = {"property_state": "TX", "property_zip": "78701", "language": "en"}
    filled, _ = await extract(texted("actually florida", earlier, "price_usd"))
    assert filled == {"property_state": "FL", "property_zip": None}


@pytest.mark.parametrize("text", ["can i just talk to a person", "quiero hablar con una persona"])
async def test_asking_for_a_person_sets_fast_track(text: str) -> None:
    """ "Talk to a person", in either language, sets fast_track."""
    filled, _ = await extract(texted(text, {"language": "en"}, "price_usd", "human_handoff"))
    assert filled["fast_track"] is True


async def test_a_name_is_not_taken_from_a_question_asked_instead() -> None:
    """ "bot?" while the name is asked is a question, not a name."""
    filled, _ = await extract(texted("bot?", {"language": "en"}, "first_name", "bot_challenge"))
    assert "first_name" not in filled


async def test_first_time_buyer_is_not_kept_for_a_refinance() -> None:
    """first_time_buyer is a purchase fact; a refinance never stores it."""
    filled, _ = await extract(texted("refi, first time doing this", {"language": "en"}))
    assert filled.get("loan_purpose") == "refinance"
    assert "first_time_buyer" not in filled


async def test_nothing_changes_once_the_qualification_is_over() -> None:
    """After the borrower answered consent and the form ended, later texts fill nothing."""
    done = {**QUALIFIED, "consent": True}
    filled, _ = await extract(texted("actually 500k", done, None, active_loop=None))
    assert filled == {}


# --- action_extract_facts: language -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hola quiero comprar una casa en tx", "es"),
        ("hola", "es"),
        ("hi I want to buy a house", "en"),
        ("720", "en"),
    ],
)
async def test_the_first_message_sets_the_language(text: str, language: str) -> None:
    """The language is set on the first message; English when it cannot tell."""
    filled, _ = await extract(texted(text, active_loop=None))
    assert filled["language"] == language


@pytest.mark.parametrize("text", ["ok", "720", "Round Rock TX", "asap", "yes Ana"])
async def test_a_spanish_speaker_stays_spanish(text: str) -> None:
    """Short or place-name replies never switch a Spanish conversation to English."""
    filled, _ = await extract(texted(text, {"language": "es"}, "price_usd"))
    assert "language" not in filled


# --- validate_qualification_form ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        (
            {"loan_purpose": "purchase"},
            ["loan_purpose", "property_state", "price_usd", "credit_band", "timeline",
             "first_time_buyer", "va_eligible", "self_employed", "consent", "first_name"],
        ),
        (
            {"loan_purpose": "refinance"},
            ["loan_purpose", "property_state", "price_usd", "credit_band", "timeline",
             "va_eligible", "self_employed", "consent", "first_name"],
        ),
        ({"fast_track": True}, ["property_state", "consent", "first_name"]),
        ({"fast_track": True, "consent": False}, ["property_state", "consent"]),
    ],
)  # fmt: skip
def test_the_questions_depend_on_what_is_known(slots: dict[str, Any], expected: list[str]) -> None:
    """first_time_buyer only for a purchase; fast_track keeps what matching needs; after a
    "no" the name is not asked."""
    assert required_slots(slots) == expected


async def test_validation_requests_the_first_missing_slot_in_the_plan() -> None:
    """The form asks the first unanswered question of the plan: for a refinance, the
    yes-or-no facts start at va_eligible (first_time_buyer is skipped)."""
    known = {"loan_purpose": "refinance", "property_state": "TX", "price_usd": 450_000}
    known |= {"credit_band": "740+"}
    events = [slot(k, v) for k, v in known.items()] + [user("asap"), slot("timeline", "now")]
    t = tracker({**known, "timeline": "now", "requested_slot": "timeline"}, events)
    result = await ValidateQualificationForm().run(CollectingDispatcher(), t, DOMAIN)
    assert slot_values(result) == {"timeline": "now", "requested_slot": "va_eligible"}


async def test_a_fast_tracked_form_ends_without_price_or_credit() -> None:
    """With fast_track, state + consent + name finish the form (requested_slot None)."""
    known = {"fast_track": True, "property_state": "TX", "consent": True}
    events = [slot(k, v) for k, v in known.items()] + [user("Mike"), slot("first_name", "Mike")]
    t = tracker({**known, "first_name": "Mike", "requested_slot": "first_name"}, events)
    result = await ValidateQualificationForm().run(CollectingDispatcher(), t, DOMAIN)
    assert slot_values(result) == {"first_name": "Mike", "requested_slot": None}


async def test_a_correction_is_acknowledged_in_the_borrowers_language() -> None:
    """A value that replaces an earlier answer gets a short "updated" line."""
    known = {"language": "es", "price_usd": 410_000, "requested_slot": "credit_band"}
    events = [slot(k, v) for k, v in known.items()]
    events += [user("perdon son 430 mil"), slot("price_usd", 430_000)]
    dispatcher = CollectingDispatcher()
    t = tracker({**known, "price_usd": 430_000}, events)
    await ValidateQualificationForm().run(dispatcher, t, DOMAIN)
    assert [m["text"] for m in dispatcher.messages] == ["Listo, actualice el precio."]


# --- the questions composed in code -------------------------------------------------------------


@pytest.mark.parametrize(
    ("slots", "question"),
    [
        (
            {"loan_purpose": "purchase", "language": "en"},
            "Have you served in the US military? (VA loans) Reply YES or NO.",
        ),
        (
            {"loan_purpose": "refinance", "language": "es"},
            "¿Ha servido en el ejercito de EEUU? (prestamos VA) Responda SI o NO.",
        ),
    ],
)
async def test_each_yes_or_no_fact_is_its_own_short_question(
    slots: dict[str, Any], question: str
) -> None:
    """One fact per question: a reply about one fact never answers the others by accident."""
    dispatcher = CollectingDispatcher()
    await ActionAskVaEligible().run(dispatcher, tracker(slots), DOMAIN)
    assert [m["text"] for m in dispatcher.messages] == [question]
    assert all(len(m["text"]) <= 160 for m in dispatcher.messages)


@pytest.mark.parametrize(
    ("first_name", "response"), [(None, "utter_ask_consent"), ("Ana", "utter_ask_consent_named")]
)
async def test_the_consent_question_asks_for_the_name_only_when_unknown(
    first_name: str | None, response: str
) -> None:
    """ "Reply YES and your first name" unless the borrower already gave it."""
    dispatcher = CollectingDispatcher()
    await ActionAskConsent().run(dispatcher, tracker({"first_name": first_name}), DOMAIN)
    assert responses(dispatcher.messages) == [response]


# --- action_answer_digression -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intent", "response"),
    [
        ("bot_challenge", "utter_iamabot"),
        ("ask_why", "utter_why"),
        ("ask_rates", "utter_rates"),
        ("human_handoff", "utter_fast_track"),
        ("out_of_scope", "utter_out_of_scope"),
        ("insult", "utter_insult"),
    ],
)
async def test_a_digression_gets_its_short_answer(intent: str, response: str) -> None:
    """Questions and remarks mid-form get one short, honest answer."""
    dispatcher = CollectingDispatcher()
    t = tracker({"requested_slot": "price_usd"}, [user("?", intent)])
    assert await ActionAnswerDigression().run(dispatcher, t, DOMAIN) == []
    assert responses(dispatcher.messages) == [response]


async def test_an_answer_mistaken_for_small_talk_is_not_answered_as_small_talk() -> None:
    """ "good" to the credit question, classified as chitchat, filled the slot: no reply."""
    dispatcher = CollectingDispatcher()
    events = [user("good", "chitchat"), slot("credit_band", "680-739")]
    t = tracker({"requested_slot": "credit_band", "credit_band": "680-739"}, events)
    await ActionAnswerDigression().run(dispatcher, t, DOMAIN)
    assert dispatcher.messages == []


# --- action_qualification_complete --------------------------------------------------------------


@pytest.mark.parametrize(
    ("consent", "response"),
    [(True, "utter_finding_loan_officer"), (False, "utter_no_consent")],
)
async def test_completion_thanks_by_name_or_confirms_nothing_is_shared(
    consent: bool, response: str
) -> None:
    """With consent the borrower hears we are finding their loan officer, without it that
    nothing will be shared; the action sets no slots (the gateway reads the tracker)."""
    dispatcher = CollectingDispatcher()
    t = tracker({**QUALIFIED, "consent": consent}, active_loop=None)
    events = await ActionQualificationComplete().run(dispatcher, t, DOMAIN)
    assert events == []
    assert responses(dispatcher.messages) == [response]


async def test_completion_without_a_name_thanks_without_one() -> None:
    """A borrower who gave no name (the question given up on) is thanked without one, not
    "Thanks, None!"; so is one who texts again afterwards."""
    slots = {**QUALIFIED, "consent": True, "first_name": None, "unknown_facts": ["first_name"]}
    dispatcher = CollectingDispatcher()
    await ActionQualificationComplete().run(dispatcher, tracker(slots, active_loop=None), DOMAIN)
    assert responses(dispatcher.messages) == ["utter_finding_loan_officer_unnamed"]
    dispatcher = CollectingDispatcher()
    await ActionOutsideForm().run(
        dispatcher, tracker(slots, [user("hello?", "greet")], None), DOMAIN
    )
    assert responses(dispatcher.messages) == ["utter_already_qualified_unnamed"]


# --- action_outside_form ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "expected_messages"),
    [
        ([user("yo whats this")], ["utter_greet"]),
        ([user("are you a bot"), {"event": "bot", "text": "Yes, I'm..."}], []),
        ([user("can i talk to a person", "human_handoff")], ["utter_greet", "utter_fast_track"]),
    ],
)
async def test_outside_form_starts_the_qualification_greeting_only_once(
    history: list[dict[str, Any]], expected_messages: list[str]
) -> None:
    """Before the qualification is done, any message starts the form; the greeting is sent
    only if the bot has not spoken yet in this session."""
    dispatcher = CollectingDispatcher()
    events = await ActionOutsideForm().run(dispatcher, tracker({}, history, None), DOMAIN)
    assert events == [FollowupAction(FORM)]
    assert responses(dispatcher.messages) == expected_messages


@pytest.mark.parametrize(
    ("intent", "response"),
    [("greet", "utter_already_qualified"), ("human_handoff", "utter_fast_track_done")],
)
async def test_outside_form_after_completion_answers_briefly(intent: str, response: str) -> None:
    """A borrower texting after a qualification with consent gets one short status line."""
    dispatcher = CollectingDispatcher()
    t = tracker({**QUALIFIED, "consent": True}, [user("hello?", intent)], None)
    events = await ActionOutsideForm().run(dispatcher, t, DOMAIN)
    assert events == []
    assert responses(dispatcher.messages) == [response]


@pytest.mark.parametrize(
    ("text", "language", "kept"),
    [
        ("weekdays after 5pm", "en", "weekdays after 5pm"),
        ("evenings are best", "en", "evenings are best"),
        ("por las tardes, despues de las 6", "es", "por las tardes, despues de las 6"),
        ("who is it?", "en", None),
        ("no thanks", "en", None),
        ("3 months", "en", None),
    ],
)
async def test_the_reply_to_the_optional_time_question_is_kept_for_the_lo(
    text: str, language: str, kept: str | None
) -> None:
    """After consent the thank-you asks for a good time to call: a time is kept in the
    borrower's words (and acknowledged); anything else gets the usual status line."""
    dispatcher = CollectingDispatcher()
    slots = {**QUALIFIED, "consent": True, "language": language}
    events = await ActionOutsideForm().run(dispatcher, tracker(slots, [user(text)], None), DOMAIN)
    if kept is None:
        assert events == []
        assert responses(dispatcher.messages) == ["utter_already_qualified"]
    else:
        assert events == [SlotSet("contact_time", kept)]
        assert dispatcher.messages[0]["text"] == CONTACT_TIME_NOTED[language]


async def test_a_time_already_given_is_not_overwritten() -> None:
    dispatcher = CollectingDispatcher()
    slots = {**QUALIFIED, "consent": True, "contact_time": "mornings"}
    events = await ActionOutsideForm().run(dispatcher, tracker(slots, [user("7pm")], None), DOMAIN)
    assert events == []


async def test_outside_form_after_a_no_asks_for_consent_again() -> None:
    """A borrower who declined and texts back is asked the consent question once more."""
    dispatcher = CollectingDispatcher()
    t = tracker({**QUALIFIED, "consent": False}, [user("actually can you introduce me")], None)
    events = await ActionOutsideForm().run(dispatcher, t, DOMAIN)
    assert events == [SlotSet("consent", None), FollowupAction(FORM)]
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("requested", "text", "hint"),
    [
        ("price_usd", "???", "A rough number is fine, like 350k."),
        ("credit_band", "hmm", "a number like 700, or excellent, good, fair or poor"),
        ("va_eligible", "hmm", "Just YES or NO is fine."),
        ("property_state", "over there", "like Texas or 78701"),
    ],
)
async def test_a_reply_that_misses_the_question_gets_a_hint_with_an_example(
    requested: str, text: str, hint: str
) -> None:
    """The form turned the reply down: a hint with an example, then the question once more."""
    dispatcher = CollectingDispatcher()
    slots = {"requested_slot": requested, "language": "en", "miss_counts": {requested: 1}}
    t = tracker(slots, [user(text)], FORM)
    events = await ActionOutsideForm().run(dispatcher, t, DOMAIN)
    assert events == [SlotSet("requested_slot", None), FollowupAction(FORM)]
    assert len(dispatcher.messages) == 1 and hint in dispatcher.messages[0]["text"]


# --- the SMS copy in the domain -----------------------------------------------------------------


LONGEST_NAME = "X" * 40  # parse_first_name accepts at most 40 characters


def all_texts() -> list[Any]:
    return [
        pytest.param(variant["text"], id=f"{name}-{i}")
        for name, variants in DOMAIN["responses"].items()
        for i, variant in enumerate(variants)
    ]


@pytest.mark.parametrize("text", all_texts())
def test_every_reply_is_one_plain_gsm7_sms(text: str) -> None:
    """Every response is plain GSM-7 text (no markdown, no a/i/o/u accents) that fits one
    160-character SMS, even with the longest first name filled in."""
    filled = text.replace("{first_name}", LONGEST_NAME)
    assert len(filled) <= 160
    assert not re.search(r"[*_`#{}]|\[.*\]\(", filled)
    assert set(filled) <= GSM7, set(filled) - GSM7


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_every_response_has_a_spanish_variation(name: str) -> None:
    """Each response has a variation for language es, so Spanish speakers get Spanish."""
    conditions = [v.get("condition") or [] for v in DOMAIN["responses"][name]]
    assert any({"type": "slot", "name": "language", "value": "es"} in c for c in conditions)


@pytest.mark.parametrize("name", sorted(DOMAIN["responses"]))
def test_no_two_conditional_variations_can_match_together(name: str) -> None:
    """Rasa picks at random among matching variations, so conditions never overlap: two
    variations always disagree on the value of some slot they both test."""
    conditioned = [v["condition"] for v in DOMAIN["responses"][name] if v.get("condition")]
    for a, b in itertools.combinations(conditioned, 2):
        values_a = {c["name"]: c["value"] for c in a}
        values_b = {c["name"]: c["value"] for c in b}
        shared = values_a.keys() & values_b.keys()
        assert any(values_a[s] != values_b[s] for s in shared), (a, b)


def test_the_form_lists_every_contract_question_each_with_a_question_and_a_hint() -> None:
    """Every slot the form can ask has a way to ask it and a hint in both languages."""
    actions = set(DOMAIN["actions"])
    for name in [*DOMAIN["forms"][FORM]["required_slots"], "property_zip"]:
        assert f"utter_ask_{name}" in DOMAIN["responses"] or f"action_ask_{name}" in actions
        assert hint(name, "en") and hint(name, "es")


@pytest.mark.parametrize(
    ("question", "choices"),
    [("utter_ask_loan_purpose", 4), ("utter_ask_credit_band", 5), ("utter_ask_timeline", 4)],
)
def test_menu_questions_number_their_choices_in_the_text(question: str, choices: int) -> None:
    """SMS has no buttons, so each menu question writes "1) ... N)" into the text itself."""
    for variant in DOMAIN["responses"][question]:
        assert all(f"{n})" in variant["text"] for n in range(1, choices + 1))


PROTECTED = re.compile(
    r"\b(?:ssn|social security|date of birth|birthday|account number|race|religio|national"
    r"|married|marital|spouse|age|how old|disab|children|kids|pregnan|welfare|food stamps"
    r"|seguro social|fecha de nacimiento|casad[oa]|esposa|esposo|edad|hijos)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize("text", all_texts())
def test_no_question_asks_for_a_protected_characteristic_or_id_number(text: str) -> None:
    """No SSN, birth date, account number or protected characteristic is ever asked."""
    assert not PROTECTED.search(text)


# --- never the same question three times ---------------------------------------------------------


async def validate(t: Tracker) -> tuple[list[dict[str, Any]], list[str]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateQualificationForm().run(dispatcher, t, DOMAIN)
    return events, [m["text"] for m in dispatcher.messages]


@pytest.mark.parametrize(
    ("requested", "text", "lang", "said"),
    [
        ("credit_band", "not sure", "en", "No problem, we can skip that one."),
        ("timeline", "idk honestly", "en", "No problem, we can skip that one."),
        ("price_usd", "prefiero no decir", "es", "No hay problema, nos saltamos esa."),
        ("va_eligible", "rather not say", "en", "No problem, we can skip that one."),
        ("self_employed", "no sé", "es", "No hay problema, nos saltamos esa."),
    ],
)
async def test_not_sure_is_an_answer_the_fact_is_unknown_and_the_form_moves_on(
    requested: str, text: str, lang: str, said: str
) -> None:
    """ "not sure" / "no sé" to an optional fact: unknown, said kindly, never asked again."""
    earlier = {"loan_purpose": "purchase", "language": lang}
    filled, _ = await extract(texted(text, earlier, requested))
    assert filled["unknown_facts"] == [requested]
    after = {**earlier, **filled, "requested_slot": requested}
    assert requested not in required_slots(after)
    events = [slot(k, v) for k, v in {**earlier, "requested_slot": requested}.items()]
    events += [user(text), *(slot(k, v) for k, v in filled.items())]
    validated, messages = await validate(tracker(after, events))
    assert messages == [said]
    assert {"event": "slot", "name": "unknown_facts", "value": [requested], "timestamp": None} in [
        {**e, "timestamp": None} for e in validated
    ]


async def test_an_optional_question_missed_twice_is_given_up_not_asked_a_third_time() -> None:
    """The first miss gets a hint and the question again; the second gives the fact up."""
    earlier = {"loan_purpose": "refinance", "language": "en"}
    first, _ = await extract(texted("my house has a pool", earlier, "timeline"))
    assert first == {"miss_counts": {"timeline": 1}}
    assert "timeline" in required_slots({**earlier, **first})
    second, _ = await extract(texted("we like the area", {**earlier, **first}, "timeline"))
    assert second["unknown_facts"] == ["timeline"]
    assert "timeline" not in required_slots({**earlier, **first, **second})


async def test_the_purpose_missed_twice_goes_to_a_person() -> None:
    """A required fact is asked once more; then the borrower is fast-tracked to an LO."""
    earlier: dict[str, Any] = {"language": "en"}
    first, _ = await extract(texted("hmm", earlier, "loan_purpose"))
    second, _ = await extract(texted("not sure", {**earlier, **first}, "loan_purpose"))
    assert second["fast_track"] is True
    assert required_slots({**earlier, **first, **second})[0] == "property_state"


async def test_the_state_missed_twice_is_asked_as_a_zip_then_the_bot_waits() -> None:
    """State, state again, then the ZIP; after that the bot says what it needs and waits."""
    slots: dict[str, Any] = {"loan_purpose": "purchase", "language": "en"}
    for _ in range(2):
        slots |= (await extract(texted("somewhere nice", slots, "property_state")))[0]
    assert required_slots(slots)[1] == "property_zip"
    slots |= (await extract(texted("no idea", slots, "property_zip")))[0]
    assert "property_state" not in required_slots(slots)
    assert "property_zip" not in required_slots(slots)
    dispatcher = CollectingDispatcher()
    await ActionQualificationComplete().run(dispatcher, tracker(slots), DOMAIN)
    assert "Text me the state or ZIP code" in dispatcher.messages[0]["text"]
    later, _ = await extract(texted("oh it's in Boise, Idaho", slots, None, active_loop=None))
    assert later["property_state"] == "ID"


async def test_a_zip_answers_the_zip_question_with_its_state() -> None:
    slots = {"loan_purpose": "purchase", "language": "en", "miss_counts": {"property_state": 2}}
    filled, _ = await extract(texted("83702", slots, "property_zip"))
    assert filled["property_state"] == "ID" and filled["property_zip"] == "83702"


@pytest.mark.parametrize(
    ("reply", "purpose"),
    [
        ("1", "cash_out_refinance"),
        ("2", "heloc"),
        ("the line of credit", "heloc"),
        ("whichever is cheaper, i dont know the difference", "cash_out_refinance"),
        ("cualquiera", "cash_out_refinance"),
    ],
)
async def test_equity_out_is_asked_as_cash_out_or_heloc_never_guessed(
    reply: str, purpose: str
) -> None:
    """ "Take some equity out" leads to different LOs by product: one short question."""
    opening, _ = await extract(
        texted("thinking about pulling some equity out of my house", {}, None)
    )
    assert opening["equity_question"] is True and "loan_purpose" not in opening
    dispatcher = CollectingDispatcher()
    slots = {**opening, "language": "en"}
    await ActionAskLoanPurpose().run(dispatcher, tracker(slots), DOMAIN)
    assert "1) a cash-out refinance" in dispatcher.messages[0]["text"]
    answer, _ = await extract(texted(reply, slots, "loan_purpose"))
    assert answer["loan_purpose"] == purpose


async def test_consent_missed_twice_waits_for_a_yes_and_takes_it_later() -> None:
    slots: dict[str, Any] = {**QUALIFIED, "consent": None, "first_name": None}
    for text in ("who would call me?", "hmm"):
        slots |= (await extract(texted(text, slots, "consent")))[0]
    assert "consent" not in required_slots(slots)
    later, _ = await extract(texted("ok yes", slots, None, active_loop=None))
    assert later["consent"] is True
