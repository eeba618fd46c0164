"""Fairness: only the allowed inputs can change the choice (a property-based test).

With the seed fixed, adding or changing anything outside ALLOWED_INPUTS (the borrower's name,
phone, consent text, invented attributes, or the LOs' names, phones and NMLS ids) never
changes which LO is chosen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.core import ALLOWED_INPUTS, Borrower, Candidate, choose, seeded
from matching.learning import Stats
from matching.store import borrower_facts

NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
LOS = [
    Candidate(
        id=f"lo{i}",
        name=f"LO {i}",
        licensed_states=frozenset({"TX", "FL"} if i % 2 else {"TX"}),
        active=i != 3,
        active_intros=i % 4,
        max_active_intros=4,
        languages=frozenset({"en", "es"} if i % 3 == 0 else {"en"}),
        products=frozenset(
            {"conventional", "fha", "va", "jumbo", "bank_statement"}
            if i % 2
            else {"conventional", "fha", "heloc"}
        ),
        timezone=("America/Chicago", "America/New_York")[i % 2],
        zip_prefixes=("787",) if i == 4 else (),
        price_max_usd=600_000 if i == 5 else None,
    )
    for i in range(8)
]
STATS = Stats()
for i in range(8):
    STATS.add(f"lo{i}", "TX|purchase|740+|conv|en", i % 3, 2)

allowed = st.fixed_dictionaries(
    {
        "loan_purpose": st.sampled_from([None, "purchase", "refinance", "heloc"]),
        "property_state": st.sampled_from(["TX", "FL"]),
        "property_zip": st.sampled_from([None, "78701", "33101"]),
        "price_usd": st.one_of(st.none(), st.integers(50_000, 2_000_000)),
        "credit_band": st.sampled_from([None, "740+", "680-739", "620-679", "580-619", "<580"]),
        "timeline": st.sampled_from([None, "now", "1-3 months"]),
        "first_time_buyer": st.sampled_from([None, True, False]),
        "va_eligible": st.sampled_from([None, True, False]),
        "occupancy": st.sampled_from([None, "primary", "investment"]),
        "self_employed": st.sampled_from([None, True, False]),
        "language": st.sampled_from(["en", "es"]),
    }
)
not_allowed_keys = st.text(min_size=1, max_size=12).filter(lambda k: k not in ALLOWED_INPUTS)
extras = st.dictionaries(
    st.one_of(
        st.sampled_from(
            [
                "first_name",
                "phone",
                "consent_text",
                "contact_time",
                "age",
                "race",
                "sex",
                "marital_status",
                "religion",
                "national_origin",
                "zip_income",
            ]
        ),
        not_allowed_keys,
    ),
    st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none()),
    max_size=8,
)


def chosen(facts: dict, los=LOS, seed: int = 11) -> str | None:
    return choose(Borrower.from_facts(facts), los, NOW, seeded(seed), STATS).chosen_id


@settings(max_examples=150, deadline=None)
@given(facts=allowed, extra=extras, seed=st.integers(0, 2**32))
def test_inputs_outside_the_allowed_list_never_change_the_choice(facts, extra, seed):
    assert chosen({**extra, **facts}, seed=seed) == chosen(facts, seed=seed)


@settings(max_examples=60, deadline=None)
@given(facts=allowed, names=st.lists(st.text(max_size=30), min_size=8, max_size=8))
def test_the_los_names_never_change_the_choice(facts, names):
    from dataclasses import replace

    renamed = [replace(c, name=n) for c, n in zip(LOS, names, strict=True)]
    assert chosen(facts, renamed) == chosen(facts)


@settings(max_examples=60, deadline=None)
@given(
    facts=allowed,
    first_name=st.text(max_size=30),
    consent_text=st.text(max_size=60),
    contact_time=st.text(max_size=30),
)
def test_a_qualifications_name_and_consent_never_reach_the_matcher(
    facts, first_name, consent_text, contact_time
):
    row = SimpleNamespace(
        **{k: v for k, v in facts.items() if k != "language"},
        first_name=first_name,
        consent_text=consent_text,
        contact_time=contact_time,
        consent=True,
    )
    b = borrower_facts(row, facts["language"])  # type: ignore[arg-type]
    assert b == Borrower.from_facts(facts)
