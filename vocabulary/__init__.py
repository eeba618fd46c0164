"""The product's vocabulary: the qualification's slots and values, products, outcomes, statuses.

The dialogue, the matcher, the introduction workflow, the roster and the database all speak
these words; they are written once, here. Plain tuples that import nothing, so any layer
(and the matcher's pure core) may use them. The database's CHECK constraints and indexes
are built from them (storage/models.py); the bot's Rasa domain keeps its YAML, and
tests/unit/test_vocabulary.py checks it against this module.
"""

# The qualification (docs/architecture.md has the contract): normalized slot values.
LOAN_PURPOSES = ("purchase", "refinance", "cash_out_refinance", "heloc")
CREDIT_BANDS = ("740+", "680-739", "620-679", "580-619", "<580")  # best first
TIMELINES = ("now", "1-3 months", "3-6 months", "6+ months")
OCCUPANCIES = ("primary", "second_home", "investment")
LANGUAGES = ("en", "es")  # what the borrower writes in, and what an LO speaks

# The questions, in the order the form asks them.
CORE_SLOTS = ("loan_purpose", "property_state", "price_usd", "credit_band", "timeline")
FLAG_SLOTS = ("first_time_buyer", "va_eligible", "self_employed")  # yes-or-no facts
CLOSING_SLOTS = ("consent", "first_name")  # one question asks for both
# A borrower who asks for a person right away is matched on what licensing needs.
FAST_TRACK_SLOTS = ("property_state", "consent", "first_name")
# What a qualification row keeps of the slots (consent is stored with its question apart).
QUALIFICATION_SLOTS = (
    *CORE_SLOTS,
    "property_zip",
    *FLAG_SLOTS,
    "occupancy",
    "first_name",
    "contact_time",
)

# An LO's roster.
PRODUCTS = ("conventional", "fha", "va", "jumbo", "heloc", "usda", "bank_statement")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order

# An introduction's status; a live one binds the borrower to one LO (one per borrower).
# "withdrawn": the borrower opted out (STOP) while the offer was open.
INTRO_STATUSES = ("offered", "passed", "expired", "introduced", "closed", "withdrawn")
LIVE_INTRO_STATUSES = ("offered", "introduced")

# What happened after an introduction, in the order it usually happens.
OUTCOMES = ("accepted", "contacted", "application", "locked", "funded", "lost", "nobody_called")
LO_OUTCOMES = ("contacted", "application", "locked", "funded", "lost")  # an LO records these
CLOSING_OUTCOMES = frozenset({"funded", "lost", "nobody_called"})  # the introduction ends

# Why an LO passed on an offer (the card asks). A product or licensing pass says the LO
# could not serve this borrower, which teaches fit, not how well the LO converts.
PASS_REASONS = ("not_my_product", "too_busy", "not_licensed", "other")
FIT_PASS_REASONS = frozenset({"not_my_product", "not_licensed"})
