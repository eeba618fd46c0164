"""The examiner's export: `mm audit export` and the dashboard's download hold every consent,
introduction (decision record and explanation), opt-out, HELP, roster change and deletion in
the period, with numbers masked."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from datetime import timedelta

from starlette.testclient import TestClient

from channels.dedupe import Deduper, connect
from channels.gateway import create_app
from dashboard.app import Dashboard
from mm import audit as mm_audit
from mm import borrower as mm_borrower
from storage.models import Borrower, Introduction, MatchDecision, Qualification
from tests.signing import twilio_form

PHONE = "+15125550151"
STOPPER = "+15125550152"
FORGOTTEN = "+15125550153"
TOKEN = "d" * 24


def seed(svc) -> int:
    now = svc.clock()
    with svc.sessions.begin() as s:
        b = Borrower(phone=PHONE)
        s.add(b)
        s.flush()
        s.add(
            Qualification(
                borrower_id=b.id,
                property_state="TX",
                consent=True,
                consent_text="yes you can text me",
                consent_at=now,
            )
        )
        d = MatchDecision(
            borrower_id=b.id,
            chosen_lo_id="alice",
            inputs={"property_state": "TX"},
            candidates={"chosen": "alice", "version": 3},
            reason="Alice: licensed in TX; fastest to accept",
        )
        s.add(d)
        s.flush()
        intro = Introduction(
            borrower_id=b.id,
            lo_id="alice",
            decision_id=d.id,
            status="offered",
            deadline_at=now + timedelta(minutes=5),
        )
        s.add(intro)
        s.add(Borrower(phone=FORGOTTEN))
        s.flush()
        return intro.id


def text(wired, client, body: str, sid: str, phone: str) -> None:
    params, headers = twilio_form(wired.svc.settings, sid, body, phone)
    assert client.post("/twilio/sms", data=params, headers=headers).status_code == 200
    deadline = time.monotonic() + 10
    while not wired.svc.lanes.idle():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def everything(wired) -> int:
    intro_id = seed(wired.svc)
    with TestClient(wired.app) as client:
        text(wired, client, "STOP texting me", "SM" + "5" * 32, STOPPER)
        text(wired, client, "HELP", "SM" + "6" * 32, STOPPER)
    mm_borrower.forget(wired.svc.sessions, FORGOTTEN, "dpo@brokerage", wired.svc.clock(), "req 4")
    return intro_id


def test_the_export_holds_every_kind_of_record_with_numbers_masked(wired):
    intro_id = everything(wired)
    today = wired.svc.clock().date()
    body, count = mm_audit.export(wired.svc.sessions, today, today, "json")
    records = json.loads(body)["records"]
    assert count == len(records)
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)

    [consent] = by_kind["consent"]
    assert consent["subject"] == "+1••••••0151"
    assert consent["details"]["words"] == "yes you can text me"
    [intro] = by_kind["introduction"]
    assert intro["details"]["introduction_id"] == intro_id
    assert intro["details"]["explanation"] == "Alice: licensed in TX; fastest to accept"
    assert intro["details"]["decision"]["record"] == {"chosen": "alice", "version": 3}
    [opt_out] = by_kind["opt_out"]
    assert opt_out["details"]["words"] == "STOP texting me"
    [help_] = by_kind["help"]
    assert help_["details"]["words"] == "HELP" and help_["subject"] == "+1••••••0152"
    roster = by_kind["roster_change"]
    assert {r["subject"] for r in roster} >= {"alice", "bob"}  # the fixture's import
    assert all(r["details"]["action"] == "import" for r in roster)
    [deletion] = by_kind["deletion"]
    assert deletion["actor"] == "dpo@brokerage" and deletion["details"]["reason"] == "req 4"
    for phone in (PHONE, STOPPER, FORGOTTEN):
        assert phone not in body and phone[2:] not in body

    # Another period: nothing.
    earlier = today - timedelta(days=10)
    assert mm_audit.export(wired.svc.sessions, earlier, earlier, "json")[1] == 0


def test_the_csv_has_one_row_per_record_and_never_starts_a_formula(wired):
    everything(wired)
    today = wired.svc.clock().date()
    body, count = mm_audit.export(wired.svc.sessions, today, today, "csv")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == count > 5
    assert list(rows[0]) == ["at", "kind", "subject", "actor", "summary", "details"]
    consent = next(r for r in rows if r["kind"] == "consent")
    assert consent["subject"] == "'+1••••••0151"  # '+...' would be a formula in a spreadsheet
    assert json.loads(consent["details"])["words"] == "yes you can text me"


def test_the_dashboard_serves_the_export_behind_its_token(wired):
    everything(wired)
    svc = wired.svc
    svc.settings = svc.settings.with_(dashboard_token=TOKEN)
    dashboard = Dashboard(svc)
    app = create_app(svc, Deduper(connect(None)), lambda _: dashboard.routes())
    today = svc.clock().date().isoformat()
    with TestClient(app) as client:
        url = f"/dashboard/api/audit?from={today}&to={today}&format=csv"
        assert client.get(url).status_code == 401
        r = client.get(url, headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200
        assert r.headers["content-disposition"] == (
            f'attachment; filename="audit-{today}-{today}.csv"'
        )
        kinds = {row["kind"] for row in csv.DictReader(io.StringIO(r.text))}
        assert kinds >= {"consent", "introduction", "opt_out", "help", "roster_change"}
        j = client.get(url.replace("csv", "json"), headers={"Authorization": f"Bearer {TOKEN}"})
        assert j.status_code == 200 and j.json()["from"] == today
        bad = client.get(url + "&format=xls", headers={"Authorization": f"Bearer {TOKEN}"})
        assert bad.status_code == 400


def test_the_cli_writes_the_file_and_says_how_many(tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    roster = mm_cli("roster", "import", "roster.example.yml", "--database-url", db)
    assert roster.returncode == 0, roster.stderr
    out = tmp_path / "audit.csv"
    r = mm_cli(
        "audit",
        "export",
        "--from",
        "2020-01-01",
        "--to",
        "2099-12-31",
        "--out",
        str(out),
        "--database-url",
        db,
    )
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open()))
    assert r.stdout.strip() == f"{len(rows)} records from 2020-01-01 to 2099-12-31 written to {out}"
    assert {row["kind"] for row in rows} == {"roster_change"}
    bad = mm_cli(
        "audit", "export", "--from", "yesterday", "--to", "2026-12-01", "--database-url", db
    )
    assert bad.returncode == 2
    assert bad.stderr == "mm audit: --from must be a date like 2026-11-30, not 'yesterday'\n"


def mm_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mm.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
