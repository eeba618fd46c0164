"""A turn loads the borrower with their qualification in one query (#20: each query is a
round trip and CPU on both sides, at every turn)."""

from __future__ import annotations

from sqlalchemy import event

from introductions.inbound import _with_qualification
from storage.models import Borrower, Qualification


def test_the_borrower_and_their_qualification_come_in_one_query(wired):
    sessions = wired.svc.sessions
    with sessions.begin() as s:
        b = Borrower(phone="+15125550123", qualification=Qualification(loan_purpose="purchase"))
        s.add(b)
        s.flush()
        borrower_id = b.id
    statements: list[str] = []
    engine = sessions.kw["bind"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with sessions() as s:
            _held = _with_qualification(s, borrower_id)
            borrower = s.get_one(Borrower, borrower_id)  # what _triage and apply_turn do
            assert borrower.qualification is not None
            assert borrower.qualification.loan_purpose == "purchase"
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 1, statements
