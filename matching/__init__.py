"""Pick one loan officer for one borrower, learn from what happens, explain every choice.

The core (`matching.core`, `matching.rules`, `matching.learning`, `matching.bayes`,
`matching.explain`) is pure: no I/O, no clock, no hidden randomness, and no web, Slack,
Twilio, Rasa or database code.
`matching.store` is the database adapter the product uses. See docs/matching.md.

Public API of the core (another program can drive it without our database)::

    from datetime import UTC, datetime
    from matching import (Borrower, Candidate, Stats, choose, explain, record_outcome,
                          record_pass, seeded)

    los = [
        Candidate(id="alice", name="Alice", licensed_states={"TX"}, active=True,
                  active_intros=1, max_active_intros=5, languages={"en", "es"},
                  products={"conventional", "fha"}, timezone="America/Chicago",
                  working_hours={"days": ["mon", "tue", "wed", "thu", "fri"],
                                 "start": "09:00", "end": "18:00"}),
        Candidate(id="bob", name="Bob", licensed_states={"TX"}, active=True,
                  active_intros=0, max_active_intros=3, languages={"en"},
                  products={"conventional"}),
    ]
    borrower = Borrower.from_facts({"loan_purpose": "purchase", "property_state": "TX",
                                    "price_usd": 450_000, "credit_band": "680-739",
                                    "language": "es", "first_name": "Ana"})  # name dropped
    stats = Stats()                              # what was learned; keep it between choices
    now = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
    decision = choose(borrower, los, now, seeded(42), stats)
    decision.chosen_id                           # "alice"
    decision.reason                              # "Alice: licensed in TX; speaks es; ..."
    decision.language_fallback                   # False: a Spanish speaker was eligible, so
                                                 # Bob (English only) was not (see explain)
    print(explain(decision.as_record()))         # every candidate, excluded or not, in words

    # Later, what happened to that introduction (earlier outcomes of the same intro first):
    record_outcome(stats, "alice", decision.segment, ["accepted", "contacted"], "application")

    # An LO passed on an offer, with a reason from vocabulary.PASS_REASONS: "not_my_product"
    # or "not_licensed" keep them from borrowers like this one (returns what was learned);
    # "too_busy", "other" or None teach nothing, and no pass is a conversion signal.
    record_pass(stats, "alice", decision.segment, "too_busy")   # None

    # decision.segment names the borrower's features and the chosen LO's fit: pass it back
    # as it is. Prior(model="beta") gives issue 4's per-cell model instead of the default
    # shared-strength one (matching.bayes); Borrower(requested_product="va") makes VA a rule.

With the database (what the product calls; each inside the caller's transaction):

    matching.store.borrower_facts(qualification, language) -> Borrower
    matching.store.offer(session, borrower_id, facts, now, sla, rng=None)
        -> (Decision, MatchDecision, Introduction | None)   # raises OfferConflict
    matching.store.decide(session, borrower_id, facts, now, rng=None)
    matching.store.make_offer(session, borrower_id, record, now, sla) -> Introduction
    matching.store.record_outcome(session, introduction_id, outcome, now) -> IntroOutcome
    matching.store.record_pass(session, introduction_id, now, reason=None) -> str | None
        # reason None: the introduction's pass_reason
    matching.store.explain_decision(session, decision_id) -> str
"""

from matching.core import ALLOWED_INPUTS, Borrower, Candidate, Decision, Pool, choose, seeded
from matching.explain import explain
from matching.learning import OUTCOMES, Prior, Stats, record_outcome, record_pass

__all__ = [
    "ALLOWED_INPUTS",
    "OUTCOMES",
    "Borrower",
    "Candidate",
    "Decision",
    "Pool",
    "Prior",
    "Stats",
    "choose",
    "explain",
    "record_outcome",
    "record_pass",
    "seeded",
]
