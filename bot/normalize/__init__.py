"""Turn a borrower's SMS words (English or Spanish) into the qualification contract's values.

Pure functions, no Rasa imports: each `parse_*` takes what the borrower wrote (or an already
normalized value, so validating twice is harmless) and returns the contract value, or `None`
when it cannot tell; `extract_facts` reads every fact one message gives. State names and
codes come from `us`, ZIP codes and city names from `zipcodes`, number words (English and
Spanish) from `text2num`, the language from `py3langid`.
"""

from bot.normalize.answers import (
    FLAG_SLOTS,
    flags_in,
    occupancy_in,
    parse_consent_reply,
    parse_first_name,
    parse_flag_answer,
    parse_yes_no,
    says_unknown,
    volunteered_first_name,
)
from bot.normalize.credit import CREDIT_BANDS, band_for_score, dont_know, parse_credit_band
from bot.normalize.facts import extract_facts, picked_price
from bot.normalize.language import LANGUAGES, detect_language, language_after
from bot.normalize.money import MAX_PRICE_USD, MIN_PRICE_USD, parse_price
from bot.normalize.place import parse_state
from bot.normalize.purpose import (
    LOAN_PURPOSES,
    parse_equity_kind,
    parse_loan_purpose,
    wants_equity,
)
from bot.normalize.timeline import TIMELINES, parse_timeline

__all__ = [
    "CREDIT_BANDS",
    "FLAG_SLOTS",
    "LANGUAGES",
    "LOAN_PURPOSES",
    "MAX_PRICE_USD",
    "MIN_PRICE_USD",
    "TIMELINES",
    "band_for_score",
    "detect_language",
    "dont_know",
    "extract_facts",
    "flags_in",
    "language_after",
    "occupancy_in",
    "parse_consent_reply",
    "parse_credit_band",
    "parse_equity_kind",
    "parse_first_name",
    "parse_flag_answer",
    "parse_loan_purpose",
    "parse_price",
    "parse_state",
    "parse_timeline",
    "parse_yes_no",
    "picked_price",
    "says_unknown",
    "volunteered_first_name",
    "wants_equity",
]
