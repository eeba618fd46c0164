"""What a turn asks the database (#20: each query is a round trip and CPU on both sides, at
every turn): the message, the borrower and their qualification come in one query, once for
the whole turn, and the reply's send reads the row it claims without loading it again."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from channels.gateway import store_inbound
from introductions.inbound import process_inbound
from runtime.rasa_client import Turn
from storage.models import Borrower, Message, Qualification

PHONE = "+15125550123"
REPLY = "Got it. Which state is the home in?"


class CannedRasa:
    """Rasa's answer to one turn, so only our side of the turn is counted."""

    def turn(self, sender: str, text: str, **_: Any) -> Turn:
        return Turn([REPLY], {"loan_purpose": "purchase"}, "property_state", "qualification")


def statements_of_a_turn(wired, monkeypatch) -> list[str]:
    stored = store_inbound(wired.svc, PHONE, "SM1", "hi, we want to buy", redacted=False)
    assert stored is not None
    borrower_id, message_id = stored
    with wired.svc.sessions.begin() as s:
        s.get_one(Borrower, borrower_id).qualification = Qualification(loan_purpose="purchase")
    monkeypatch.setattr(wired.svc, "rasa", CannedRasa())
    engine = wired.svc.sessions.kw["bind"]
    statements: list[str] = []
    listener = lambda *args: statements.append(" ".join(args[2].split()))  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        process_inbound(wired.svc, message_id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    with wired.svc.sessions() as s:
        sent = s.scalars(select(Message.body).where(Message.status == "sent")).all()
        assert [body.split("\n")[0] for body in sent] == [REPLY]  # the turn happened
    return statements


def test_a_turn_loads_the_borrower_and_their_qualification_once(wired, monkeypatch) -> None:
    statements = statements_of_a_turn(wired, monkeypatch)
    borrower_loads = [st for st in statements if "borrowers.phone" in st]
    assert len(borrower_loads) == 1, borrower_loads
    assert "FROM messages" in borrower_loads[0] and "qualifications" in borrower_loads[0]
    assert sum("qualifications" in st and st.startswith("SELECT") for st in statements) == 1


def test_the_reply_is_claimed_and_read_in_one_statement(wired, monkeypatch) -> None:
    statements = statements_of_a_turn(wired, monkeypatch)
    claims = [st for st in statements if "SET status=?, attempts=" in st]
    assert len(claims) == 1 and "RETURNING" in claims[0], claims
    # Never loaded whole again after the claim: the send works from what RETURNING gave.
    message_loads = [
        st for st in statements if st.startswith("SELECT messages.id, messages.direction")
    ]
    assert len(message_loads) == 1, message_loads  # the turn's own inbound text
