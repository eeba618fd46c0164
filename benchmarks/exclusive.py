"""Exclusive matching under concurrency on PostgreSQL: many workers, one offer per borrower.

Used by `python -m benchmarks.matching` (1,000 borrowers, 4 processes) and by the
integration test (a smaller run). Each borrower is handed to `copies` different workers at
once, as a duplicated delivery would, so the database has to refuse double offers; LOs have
less total capacity than there are borrowers, so it also has to refuse overruns.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from matching.core import seeded
from matching.store import OfferConflict, borrower_facts, offer
from storage.db import make_engine, session_factory, upgrade
from storage.models import Borrower, Introduction, License, LoanOfficer, Qualification
from vocabulary import LIVE_INTRO_STATUSES

NOW = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
SLA = timedelta(minutes=15)


@dataclass(frozen=True)
class Market:
    los: int = 150
    capacity: int = 6
    borrowers: int = 1000
    state: str = "TX"


def create_schema(base_url: str) -> tuple[str, str]:
    """A fresh schema (and its search_path URL) in the server at `base_url`."""
    schema = f"mm_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return schema, f"{base_url}?options=-csearch_path%3D{schema}"


def drop_schema(base_url: str, schema: str) -> None:
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def seed(url: str, m: Market) -> list[int]:
    """Migrate, then add the LOs and qualified borrowers; return the borrower ids."""
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions.begin() as s:
        for n in range(m.los):
            lo = LoanOfficer(
                id=f"lo{n:04d}",
                name=f"LO {n}",
                nmls_id=str(700_000 + n),
                phone=f"+1512555{n:04d}",
                slack_user_id=f"U{n:08d}",
                timezone="America/Chicago",
                languages=["en", "es"] if n % 3 == 0 else ["en"],
                products=["conventional", "fha", "va"],
                max_active_intros=m.capacity,
                working_hours=None,
                active=True,
            )
            lo.licenses = [License(state=m.state)]
            s.add(lo)
        for n in range(m.borrowers):
            b = Borrower(phone=f"+1737555{n:04d}", language="es" if n % 4 == 0 else "en")
            b.qualification = Qualification(
                loan_purpose="purchase",
                property_state=m.state,
                price_usd=300_000 + 1_000 * (n % 300),
                credit_band=("740+", "680-739", "620-679")[n % 3],
                timeline="now",
                first_name=f"B{n}",
                consent=True,
            )
            s.add(b)
    with sessions() as s:
        ids = list(s.scalars(select(Borrower.id).order_by(Borrower.id)))
    engine.dispose()
    return ids


def worker(url: str, borrower_ids: list[int], rng_seed: int, start: Any, out: Any) -> None:
    """Match each borrower in its own transaction, as the handoff does; report on `out`."""
    engine = make_engine(url)
    sessions = session_factory(engine)
    rng = seeded(rng_seed)
    counts: dict[str, float] = {"offered": 0, "already_live": 0, "no_match": 0, "errors": 0}
    start.wait()
    t0 = time.perf_counter()
    for borrower_id in borrower_ids:
        try:
            with sessions.begin() as s:
                b = s.get_one(Borrower, borrower_id)
                q = b.qualification
                assert q is not None
                _, _, intro = offer(s, b.id, borrower_facts(q, b.language), NOW, SLA, rng)
                counts["offered" if intro is not None else "no_match"] += 1
        except OfferConflict:
            counts["already_live"] += 1
        except DBAPIError:
            counts["errors"] += 1
    counts["seconds"] = time.perf_counter() - t0
    engine.dispose()
    out.put(counts)


def run(url: str, ids: list[int], workers: int = 4, copies: int = 2) -> dict[str, Any]:
    """Every borrower goes to `copies` workers at once; returns the counts and the rate."""
    shuffled = seeded(1)
    plans: list[list[int]] = [[] for _ in range(workers)]
    for k, borrower_id in enumerate(ids):
        for c in range(copies):
            plans[(k + c) % workers].append(borrower_id)
    for plan in plans:
        shuffled.shuffle(plan)
    ctx = mp.get_context("spawn")  # no connection inherited from the parent
    start, out = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=worker, args=(url, plan, n, start, out)) for n, plan in enumerate(plans)
    ]
    for p in procs:
        p.start()
    time.sleep(3.0)  # let every worker import and connect before the gun
    t0 = time.perf_counter()
    start.set()
    results = [out.get(timeout=600) for _ in procs]
    wall = time.perf_counter() - t0
    for p in procs:
        p.join(timeout=30)
    total: dict[str, Any] = {
        k: int(sum(r[k] for r in results))
        for k in ("offered", "already_live", "no_match", "errors")
    }
    total["attempts"] = len(ids) * copies
    total["wall_seconds"] = round(wall, 3)
    total["offers_per_second"] = round(total["offered"] / wall, 1)
    total["attempts_per_second"] = round(total["attempts"] / wall, 1)
    return total


def audit(url: str) -> dict[str, int]:
    """Double offers (borrowers with 2+ live introductions) and LOs over capacity."""
    engine = make_engine(url)
    with engine.connect() as c:
        double = c.scalar(
            select(func.count()).select_from(
                select(Introduction.borrower_id)
                .where(Introduction.status.in_(LIVE_INTRO_STATUSES))
                .group_by(Introduction.borrower_id)
                .having(func.count() > 1)
                .subquery()
            )
        )
        live = (
            select(Introduction.lo_id, func.count().label("n"))
            .where(Introduction.status.in_(LIVE_INTRO_STATUSES))
            .group_by(Introduction.lo_id)
            .subquery()
        )
        over = c.scalar(
            select(func.count())
            .select_from(live.join(LoanOfficer, LoanOfficer.id == live.c.lo_id))
            .where(live.c.n > LoanOfficer.max_active_intros)
        )
        offers = c.scalar(select(func.count()).select_from(Introduction))
        slots = c.scalar(select(func.sum(LoanOfficer.max_active_intros)))
    engine.dispose()
    return {
        "double_offers": int(double or 0),
        "capacity_overruns": int(over or 0),
        "introductions": int(offers or 0),
        "total_slots": int(slots or 0),
    }
