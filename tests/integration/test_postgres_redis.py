"""Against the machine's real PostgreSQL and Redis: migrations, exclusivity, dedupe."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.exc import IntegrityError
from starlette.testclient import TestClient

from channels.dedupe import Deduper, connect
from channels.gateway import WARM_UP_PHONE, create_app, store_inbound
from introductions.handoff import start_matching
from runtime.services import Services
from storage.models import Borrower, Introduction, Message, Qualification
from tests.conftest import sandbox_settings
from tests.signing import twilio_form
from tests.unit.test_twilio_webhook import wait_for

pytestmark = pytest.mark.integration


def new_borrower(sessions, phone: str, state: str = "TX") -> int:
    with sessions.begin() as s:
        b = Borrower(phone=phone)
        b.qualification = Qualification(
            loan_purpose="purchase",
            property_state=state,
            price_usd=400_000,
            credit_band="740+",
            timeline="now",
            first_name="Sam",
            consent=True,
        )
        s.add(b)
        s.flush()
        return b.id


def test_migrations_create_the_partial_unique_index_on_postgres(pg_sessions):
    engine = pg_sessions.kw["bind"]
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("introductions")}
    live = indexes["uq_introductions_live_borrower"]
    assert live["unique"]
    assert "offered" in live["dialect_options"]["postgresql_where"]


def test_postgres_refuses_a_second_live_introduction(pg_sessions):
    borrower_id = new_borrower(pg_sessions, "+15125550301")
    with pg_sessions.begin() as s:
        start_matching(s, s.get(Borrower, borrower_id), _now(), _cfg())
    with pg_sessions() as s:
        first = s.scalars(select(Introduction).where(Introduction.borrower_id == borrower_id)).one()
    with pytest.raises(IntegrityError), pg_sessions.begin() as s:
        s.add(
            Introduction(
                borrower_id=borrower_id,
                lo_id="alice" if first.lo_id != "alice" else "bob",
                decision_id=first.decision_id,
                status="offered",
                deadline_at=first.deadline_at,
            )
        )


def test_concurrent_matching_of_one_borrower_leaves_exactly_one_live_offer(pg_sessions):
    """Eight workers race to match the same borrower; the database lets one win."""
    borrower_id = new_borrower(pg_sessions, "+15125550302")
    barrier = threading.Barrier(8)

    def race() -> None:
        barrier.wait()
        try:
            with pg_sessions.begin() as s:
                start_matching(s, s.get(Borrower, borrower_id), _now(), _cfg())
        except IntegrityError:
            pass  # the loser's whole transaction rolls back

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: race(), range(8)))
    with pg_sessions() as s:
        live = s.scalar(
            select(func.count()).where(
                Introduction.borrower_id == borrower_id,
                Introduction.status.in_(("offered", "introduced")),
            )
        )
    assert live == 1


def test_ten_simultaneous_deliveries_of_one_message_sid_store_one_message(
    fakes, postgres_url, pg_sessions, redis_client
):
    settings = sandbox_settings(fakes, postgres_url, rasa_url="http://127.0.0.1:9")
    svc = Services.build(settings, migrate=False)
    app = create_app(svc, Deduper(redis_client))
    params, headers = twilio_form(settings, "SM" + "9" * 32, "hello", phone="+15125550303")
    try:
        with TestClient(app) as client, ThreadPoolExecutor(10) as pool:
            codes = list(
                pool.map(
                    lambda _: client.post("/twilio/sms", data=params, headers=headers).status_code,
                    range(10),
                )
            )
            wait_for(svc.lanes.idle)
    finally:
        svc.close()
    assert codes == [200] * 10
    with pg_sessions() as s:
        stored = s.scalar(select(func.count()).where(Message.provider_sid == params["MessageSid"]))
    assert stored == 1
    assert redis_client.exists("mm:twilio:sid:" + params["MessageSid"])
    replies = fakes.twilio.messages.since(0, to="+15125550303")
    assert len(replies) == 1


def test_the_gateways_start_up_rehearsal_leaves_nothing_behind(fakes, postgres_url, pg_sessions):
    """`Gateway.warm_up` stores a text on every pooled connection, then rolls it back."""
    settings = sandbox_settings(fakes, postgres_url, rasa_url="http://127.0.0.1:9")
    svc = Services.build(settings, migrate=False)
    app = create_app(svc, Deduper(connect(None)))
    try:
        with TestClient(app):  # the lifespan runs the warm-up
            app.state.gateway.warm_up()  # twice: nothing left from the first to collide with
        engine = svc.sessions.kw["bind"]
        assert engine.pool.checkedin() == engine.pool.size()  # open and back in the pool
    finally:
        svc.close()
    with pg_sessions() as s:
        assert s.scalar(select(func.count()).where(Borrower.phone == WARM_UP_PHONE)) == 0
        assert s.scalar(select(func.count()).where(Message.provider_sid == "warm-up")) == 0


def test_first_texts_racing_from_one_new_number_make_one_borrower(fakes, postgres_url, pg_sessions):
    """The borrower is created inside the text's transaction (INSERT ... ON CONFLICT DO
    NOTHING): the loser of the race on the unique phone inserts nothing, and stores its text
    under the winner."""
    settings = sandbox_settings(fakes, postgres_url, rasa_url="http://127.0.0.1:9")
    svc = Services.build(settings, migrate=False)
    phone = "+15125550177"
    barrier = threading.Barrier(8)

    def store(i: int):
        barrier.wait()
        return store_inbound(svc, phone, f"SMrace{i}", "hi", False)

    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(store, range(8)))
    finally:
        svc.close()
    assert None not in results
    with pg_sessions() as s:
        borrowers = s.scalars(select(Borrower.id).where(Borrower.phone == phone)).all()
        texts = s.scalar(select(func.count()).where(Message.address == phone))
    try:
        assert len(borrowers) == 1
        assert {borrower for borrower, _ in results} == set(borrowers)
        assert texts == 8
    finally:  # the schema is shared: a later gateway's start would resume these texts
        with pg_sessions.begin() as s:
            s.execute(delete(Message).where(Message.address == phone))
            s.execute(delete(Borrower).where(Borrower.phone == phone))


def test_dedupe_forgets_a_delivery_whose_store_failed_so_twilios_retry_is_processed(redis_client):
    d = Deduper(redis_client)
    assert d.first_time("SMretry")
    assert not d.first_time("SMretry")
    d.forget("SMretry")
    assert d.first_time("SMretry")


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def _cfg():
    from datetime import timedelta

    from introductions.handoff import HandoffSettings

    return HandoffSettings(offer_sla=timedelta(minutes=5))


def test_a_first_text_is_stored_in_three_statements(fakes, postgres_url, pg_sessions):
    """The acknowledgement's store for a new borrower: look up, create, store; no savepoint
    (each statement is a round trip in the 50-first-texts burst, #20)."""
    settings = sandbox_settings(fakes, postgres_url, rasa_url="http://127.0.0.1:9")
    svc = Services.build(settings, migrate=False)
    engine, phone, statements = svc.sessions.kw["bind"], "+15125550178", []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        stored = store_inbound(svc, phone, "SMfirst3", "hi", False)
    finally:
        svc.close()
    try:
        assert stored is not None
        assert len(statements) == 3, statements
        assert not any("SAVEPOINT" in s for s in statements)
    finally:  # the schema is shared: a later gateway's start would resume this text
        with pg_sessions.begin() as s:
            s.execute(delete(Message).where(Message.address == phone))
            s.execute(delete(Borrower).where(Borrower.phone == phone))
