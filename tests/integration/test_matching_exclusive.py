"""Exclusive matching on the real PostgreSQL: concurrent processes, the capacity trigger,
learning that survives a restart. Uses its own fresh schema, dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from sqlalchemy.exc import IntegrityError

from benchmarks import exclusive
from matching.core import seeded
from matching.store import borrower_facts, load_stats, offer, record_outcome
from storage.db import make_engine, session_factory
from storage.models import Borrower, Introduction, LoanOfficer
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
MARKET = exclusive.Market(los=20, capacity=5, borrowers=200)  # 100 slots for 200 borrowers


@pytest.fixture(scope="module")
def market() -> Iterator[tuple[str, list[int]]]:
    try:
        schema, url = exclusive.create_schema(POSTGRES_URL)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is required at {POSTGRES_URL}: {exc}")
    try:
        yield url, exclusive.seed(url, MARKET)
    finally:
        exclusive.drop_schema(POSTGRES_URL, schema)


@pytest.fixture(scope="module")
def raced(market) -> dict:
    """200 borrowers, each handed to two of four worker processes at once."""
    url, ids = market
    return exclusive.run(url, ids, workers=4, copies=2) | exclusive.audit(url)


def test_four_processes_make_no_double_offer_and_overrun_no_lo(raced):
    assert raced["double_offers"] == 0
    assert raced["capacity_overruns"] == 0
    assert raced["errors"] == 0


def test_every_slot_is_used_and_the_rest_are_told_nobody_has_room(raced):
    assert raced["introductions"] == raced["total_slots"] == 100
    assert raced["offered"] == 100
    assert raced["offered"] + raced["already_live"] + raced["no_match"] == raced["attempts"]


def test_postgres_refuses_an_introduction_beyond_capacity_even_without_python(market, raced):
    url, ids = market
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions() as s:
        full = s.scalars(
            Introduction.__table__.select().with_only_columns(Introduction.lo_id).limit(1)
        ).one()
        some = s.scalars(
            Introduction.__table__.select().with_only_columns(Introduction.decision_id).limit(1)
        ).one()
    unmatched = next(i for i in reversed(ids) if not _has_intro(sessions, i))
    with pytest.raises(IntegrityError, match="lo_capacity"), sessions.begin() as s:
        s.add(
            Introduction(
                borrower_id=unmatched, lo_id=full, decision_id=some, status="offered",
                offered_at=NOW, deadline_at=NOW + timedelta(minutes=5),
            )
        )  # fmt: skip
    engine.dispose()


def test_learning_survives_a_restart(market, raced):
    url, _ = market
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions.begin() as s:
        intro = s.scalars(
            Introduction.__table__.select().with_only_columns(Introduction.id)
        ).first()
        lo_id = s.get_one(Introduction, intro).lo_id
        s.get_one(Introduction, intro).status = "introduced"
        record_outcome(s, intro, "application", NOW)
    engine.dispose()

    restarted = make_engine(url)
    with session_factory(restarted)() as s:
        stats = load_stats(s, [lo_id], "TX|purchase|680-739|conv|en")
        assert stats.get(lo_id) == (1.0, 0.0)
        bias, var = stats.weights.lo_get(lo_id, "bias")  # the logistic model's, too
        assert bias > 0 and var < stats.weights.lo_prior_var("bias")
    restarted.dispose()


def test_a_freed_slot_goes_to_a_waiting_borrower(market, raced):
    url, ids = market
    engine = make_engine(url)
    sessions = session_factory(engine)
    with sessions.begin() as s:
        intro = s.scalars(
            Introduction.__table__.select()
            .with_only_columns(Introduction.id)
            .where(Introduction.status == "offered")
        ).first()
        lo_id = s.get_one(Introduction, intro).lo_id
        s.get_one(Introduction, intro).status = "passed"
    waiting = next(i for i in reversed(ids) if not _has_intro(sessions, i))
    with sessions.begin() as s:
        b = s.get_one(Borrower, waiting)
        _, _, made = offer(
            s, b.id, borrower_facts(b.qualification, b.language), NOW, timedelta(minutes=5),
            seeded(0),
        )  # fmt: skip
        assert made is not None and made.lo_id == lo_id
        assert s.get_one(LoanOfficer, lo_id).max_active_intros == MARKET.capacity
    engine.dispose()


def _has_intro(sessions, borrower_id: int) -> bool:
    with sessions() as s:
        return (
            s.scalars(
                Introduction.__table__.select()
                .with_only_columns(Introduction.id)
                .where(Introduction.borrower_id == borrower_id)
            ).first()
            is not None
        )
