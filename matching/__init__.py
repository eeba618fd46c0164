"""Pick one loan officer for one borrower.

`matching.core` is pure (no I/O, no web, Slack, Twilio or Rasa): it takes a qualified
borrower and candidate LOs and returns a `Decision` with its reasons. `matching.store`
loads candidates from the database and records an offer under the exclusivity rules.

Example::

    from matching.core import Borrower, Candidate, choose
    decision = choose(
        Borrower(loan_purpose="purchase", property_state="TX", price_usd=450_000,
                 credit_band="680-739", language="en"),
        [Candidate(id="alice", name="Alice", licensed_states={"TX"}, active=True,
                   active_intros=1, max_active_intros=5, languages={"en"},
                   products={"conventional", "fha"})],
    )
    decision.chosen_id  # "alice"
    decision.reason     # "Alice: licensed in TX, ..."
"""
