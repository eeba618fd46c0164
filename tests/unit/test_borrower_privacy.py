"""Access and deletion requests (`mm borrower export|forget`) on the database: what an export
holds, what a forget leaves (nothing personal; the matcher's counts; a deletion record), and
an opt-out that outlives the borrower's rows. Redis and Rasa's trackers:
tests/integration/test_borrower_forget_cluster.py."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import func, select
from starlette.testclient import TestClient

from introductions.texts import start_sms
from mm import borrower as mm_borrower
from runtime.outbox import deliver_pending, queue_sms
from storage import privacy
from storage.models import (
    Borrower,
    DeletionRecord,
    Introduction,
    IntroOutcome,
    LoSegmentStat,
    MatchDecision,
    Message,
    OptOutHash,
    Qualification,
)
from tests.signing import twilio_form

PHONE = "+15125550142"
OTHER = "+15125550143"
NAME = "Zephyrine"
CONSENT = "yes, Zephyrine here, text me about loans"
BODY = "my SSN-free secret: I live at 12 Quokka Lane"


def seed(svc, phone: str = PHONE, name: str = NAME, opted_out: bool = False) -> int:
    """A borrower with everything we keep: facts, consent, a decision, an introduction with
    an outcome, texts both ways and the LO's Slack card."""
    now = svc.clock()
    with svc.sessions.begin() as s:
        b = Borrower(phone=phone, language="en", opted_out_at=now if opted_out else None)
        s.add(b)
        s.flush()
        s.add(
            Qualification(
                borrower_id=b.id,
                loan_purpose="purchase",
                property_state="TX",
                price_usd=450000,
                first_name=name,
                consent=True,
                consent_text=CONSENT if name == NAME else "yes",
                consent_at=now,
            )
        )
        d = MatchDecision(
            borrower_id=b.id,
            chosen_lo_id="alice",
            inputs={"loan_purpose": "purchase", "property_state": "TX", "language": "en"},
            candidates={"chosen": "alice"},
            reason="Alice: licensed in TX, speaks English",
        )
        s.add(d)
        s.flush()
        intro = Introduction(
            borrower_id=b.id,
            lo_id="alice",
            decision_id=d.id,
            status="introduced",
            deadline_at=now + timedelta(minutes=5),
            responded_at=now,
            outcome="application",
            outcome_note=f"{name} applied",
        )
        s.add(intro)
        s.flush()
        s.add(
            IntroOutcome(
                introduction_id=intro.id, lo_id="alice", outcome="application", segment="purchase"
            )
        )
        s.add(
            Message(
                direction="in",
                channel="sms",
                borrower_id=b.id,
                provider_sid=f"SM{b.id:032d}",
                address=phone,
                body=BODY if name == NAME else "hello",
                status="processed",
            )
        )
        s.add(
            Message(
                direction="out",
                channel="sms",
                borrower_id=b.id,
                address=phone,
                body=f"Hi {name}!",
                status="sent",
            )
        )
        s.add(
            Message(
                direction="out",
                channel="slack",
                introduction_id=intro.id,
                address="U0ALICE01",
                body=f"{name} {phone}",
                payload={"args": {"text": f"{name} {phone}"}},
                status="sent",
            )
        )
        return b.id


def dump(sqlite_url: str) -> str:
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as conn:
        return "\n".join(conn.iterdump())


def test_an_export_holds_everything_about_the_borrower_and_nobody_else(wired):
    seed(wired.svc)
    seed(wired.svc, OTHER, "Otherperson")
    data = mm_borrower.export(wired.svc.sessions, "(512) 555-0142")
    assert data is not None
    assert data["borrower"]["phone"] == PHONE
    assert data["facts"]["first_name"] == NAME and data["facts"]["price_usd"] == 450000
    assert data["consent"]["given"] is True and data["consent"]["words"] == CONSENT
    assert data["consent"]["at"]
    assert [m["body"] for m in data["messages"]] == [BODY, f"Hi {NAME}!", f"{NAME} {PHONE}"]
    assert [i["loan_officer"]["nmls_id"] for i in data["introductions"]] == ["900101"]
    assert [o["outcome"] for o in data["outcomes"]] == ["application"]
    assert data["decisions"][0]["reason"].startswith("Alice")
    text = json.dumps(data)
    assert OTHER not in text and "Otherperson" not in text
    assert mm_borrower.export(wired.svc.sessions, "+15125550111") is None


def test_a_forget_leaves_nothing_personal_and_keeps_the_learned_counts(wired, sqlite_url):
    seed(wired.svc)
    seed(wired.svc, OTHER, "Otherperson")
    with wired.svc.sessions() as s:
        stats_before = s.execute(
            select(LoSegmentStat.lo_id, LoSegmentStat.segment, LoSegmentStat.successes)
        ).all()
    assert NAME in dump(sqlite_url) and PHONE in dump(sqlite_url)

    done = mm_borrower.forget(
        wired.svc.sessions,
        PHONE,
        requested_by="compliance@brokerage",
        now=wired.svc.clock(),
        reason="CCPA request 17",
    )

    everything = dump(sqlite_url)
    for trace in (PHONE, PHONE[2:], NAME, CONSENT, "Quokka"):
        assert trace not in everything, trace
    assert OTHER in everything and "Otherperson" in everything  # nobody else is touched
    with wired.svc.sessions() as s:
        record = s.get_one(DeletionRecord, done.deletion_id)
        assert record.requested_by == "compliance@brokerage" and record.reason == "CCPA request 17"
        assert record.erased["messages"] == 3 and record.erased["borrowers"] == 1
        assert record.phone_hash == privacy.phone_hash(PHONE)
        stats_after = s.execute(
            select(LoSegmentStat.lo_id, LoSegmentStat.segment, LoSegmentStat.successes)
        ).all()
        assert s.scalar(select(func.count()).select_from(OptOutHash)) == 0  # never opted out
    assert stats_after == stats_before
    assert "forgot +1" in done.summary(PHONE) and PHONE not in done.summary(PHONE)


def text(wired, client, body: str, sid: str, phone: str = PHONE) -> None:
    params, headers = twilio_form(wired.svc.settings, sid, body, phone)
    assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
    deadline = time.monotonic() + 10
    while not wired.svc.lanes.idle():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_forgotten_number_that_opted_out_is_never_texted_until_it_says_start(wired):
    seed(wired.svc, opted_out=True)
    mm_borrower.forget(wired.svc.sessions, PHONE, requested_by="ops", now=wired.svc.clock())
    with wired.svc.sessions() as s:
        assert s.get(OptOutHash, privacy.phone_hash(PHONE)) is not None
        assert s.scalar(select(Borrower).where(Borrower.phone == PHONE)) is None
    sent_before = len(wired.fakes.twilio.messages.since(0, to=PHONE))

    with TestClient(wired.app) as client:
        text(wired, client, "hi again", "SM" + "1" * 32)
        with wired.svc.sessions() as s:
            again = s.scalars(select(Borrower).where(Borrower.phone == PHONE)).one()
            assert again.opted_out_at is not None  # the new conversation starts opted out
            # Anything queued to the number anyway (a retry, a bug) is withheld at send time.
            bid = again.id
        with wired.svc.sessions.begin() as s:
            stray = queue_sms(s, bid, PHONE, "Are you still looking for a loan?", "check_back")
            s.flush()
            stray_id = stray.id
        deliver_pending(wired.svc)
        with wired.svc.sessions() as s:
            withheld = s.get_one(Message, stray_id)
        assert withheld.status == "cancelled"
        assert len(wired.fakes.twilio.messages.since(0, to=PHONE)) == sent_before

        text(wired, client, "START", "SM" + "2" * 32)
    with wired.svc.sessions() as s:
        assert s.get(OptOutHash, privacy.phone_hash(PHONE)) is None
        assert s.scalars(select(Borrower.opted_out_at).where(Borrower.phone == PHONE)).one() is None
    replies = wired.fakes.twilio.messages.since(0, to=PHONE)[sent_before:]
    assert [r["body"] for r in replies] == [start_sms(wired.svc.settings.brokerage_name)]


def test_the_cli_exports_and_forgets(tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    from storage.db import make_engine, session_factory, upgrade
    from storage.roster import import_roster
    from tests.conftest import ROOT

    engine = make_engine(db)
    upgrade(engine)
    sessions = session_factory(engine)
    import_roster(sessions, ROOT / "roster.example.yml")

    class Svc:
        def __init__(self) -> None:
            self.sessions = sessions

        @staticmethod
        def clock():
            from storage.models import utcnow

            return utcnow()

    seed(Svc())
    engine.dispose()

    def mm(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mm.cli", "borrower", *args, "--database-url", db],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    exported = mm("export", PHONE)
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["consent"]["words"] == CONSENT
    forgot = mm("forget", PHONE, "--by", "dpo", "--reason", "request 9")
    assert forgot.returncode == 0, forgot.stderr
    assert forgot.stdout.startswith("forgot +1") and PHONE not in forgot.stdout
    gone = mm("export", PHONE)
    assert (
        gone.returncode == 1
        and gone.stderr.strip() == f"mm borrower export: nothing is stored about {PHONE}"
    )
    bad = mm("forget", "not-a-number")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
