"""Roster admin: add, pause, resume and licences, validated like an import; every change
(imports included) is audited with who, when and the fields before and after."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, session_factory, upgrade
from storage.models import LoanOfficer, RosterAudit
from storage.roster import (
    RosterError,
    add_lo,
    audit_log,
    edit_licenses,
    import_roster,
    list_roster,
    set_active,
)

EXAMPLE = Path(__file__).parents[2] / "roster.example.yml"
DANA = {
    "id": "dana",
    "name": "Dana Reyes",
    "nmls_id": "1000004",
    "phone": "+13035550104",
    "slack_user_id": "U0DANA004",
    "timezone": "America/Denver",
    "licensed_states": "CO;TX",
    "languages": "en",
    "products": "fha;conventional",
    "max_active_intros": 4,
    "working_hours": "mon-fri 09:00-17:00",
    "team": "Denver",
}


@pytest.fixture
def factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path}/t.db")
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()


def audits(factory: sessionmaker[Session]) -> list[RosterAudit]:
    with factory() as s:
        return list(s.scalars(select(RosterAudit).order_by(RosterAudit.id)))


def test_adding_an_lo_stores_them_normalized_and_audits_who_added_them(factory):
    add_lo(factory, DANA, by="ops@example.com")
    [row] = [r for r in list_roster(factory) if r["id"] == "dana"]
    assert row["licensed_states"] == ["CO", "TX"] and row["team"] == "Denver"
    assert row["working_hours"] == {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "09:00",
        "end": "17:00",
    }
    [audit] = audits(factory)
    assert (audit.actor, audit.action, audit.lo_id, audit.before) == (
        "ops@example.com",
        "add",
        "dana",
        None,
    )
    assert audit.after["nmls_id"] == "1000004"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nmls_id", "NMLS-12", "is not an NMLS id"),
        ("licensed_states", "CO;XX", "'XX' is not a USPS state or territory code"),
        ("timezone", "Mountain Time", "is not an IANA timezone"),
        ("phone", "555-0104", "is not a valid phone number"),
        ("working_hours", "mon-fri 18:00-09:00", "start 18:00 must be before end 09:00"),
        ("working_hours", "weekdays 9-5", "is not working hours like"),
        ("slack_user_id", "dana", "is not a Slack user id"),
    ],
)
def test_a_bad_field_is_one_clear_error_naming_it_and_nothing_is_stored(
    factory, field, value, message
):
    with pytest.raises(RosterError, match=message) as err:
        add_lo(factory, DANA | {field: value})
    assert str(err.value).startswith("loan officer 'dana': ")
    assert field in str(err.value)
    assert list_roster(factory) == [] and audits(factory) == []


def test_adding_an_existing_id_or_nmls_id_is_refused(factory):
    add_lo(factory, DANA)
    with pytest.raises(RosterError, match="already in the roster"):
        add_lo(factory, DANA)
    with pytest.raises(RosterError, match="'1000004' already belongs to loan officer 'dana'"):
        add_lo(factory, DANA | {"id": "dana2", "slack_user_id": "U0DANA005"})


def test_pause_and_resume_flip_active_and_audit_only_real_changes(factory):
    add_lo(factory, DANA)
    assert set_active(factory, "dana", False, by="sam") is True
    assert set_active(factory, "dana", False, by="sam") is False  # already paused
    with factory() as s:
        assert s.get(LoanOfficer, "dana").active is False
    assert set_active(factory, "dana", True, by="sam") is True
    log = audit_log(factory, "dana")
    assert [e["action"] for e in log] == ["resume", "pause", "add"]
    assert log[1]["changes"] == {"active": [True, False]} and log[1]["by"] == "sam"


def test_licences_are_added_and_removed_with_the_same_validation(factory):
    add_lo(factory, DANA)
    edit_licenses(factory, "dana", add=["nm", "AZ"], remove=["TX"], by="sam")
    [row] = list_roster(factory)
    assert row["licensed_states"] == ["AZ", "CO", "NM"]
    assert audit_log(factory, "dana")[0]["changes"] == {
        "licensed_states": [["CO", "TX"], ["AZ", "CO", "NM"]]
    }
    with pytest.raises(RosterError, match="'ZZ' is not a USPS state or territory code"):
        edit_licenses(factory, "dana", add=["ZZ"])
    with pytest.raises(RosterError, match=r"cannot remove 'CA': not one of their licences"):
        edit_licenses(factory, "dana", remove=["CA"])
    with pytest.raises(RosterError, match="at least one licensed state"):
        edit_licenses(factory, "dana", remove=["AZ", "CO", "NM"])
    with pytest.raises(RosterError, match="no loan officer with id 'nobody'"):
        edit_licenses(factory, "nobody", add=["TX"])


def test_an_import_audits_each_created_or_changed_lo_and_skips_unchanged_ones(factory, tmp_path):
    import_roster(factory, EXAMPLE, by="ci")
    created = audits(factory)
    assert {a.action for a in created} == {"import"} and all(a.before is None for a in created)
    assert {a.source for a in created} == {"roster.example.yml"}
    doc = yaml.safe_load(EXAMPLE.read_text())
    doc["loan_officers"][0]["max_active_intros"] = 9
    changed = tmp_path / "roster.yml"
    changed.write_text(yaml.safe_dump(doc))
    import_roster(factory, changed, by="ci")
    later = audits(factory)[len(created) :]
    assert len(later) == 1 and later[0].lo_id == doc["loan_officers"][0]["id"]
    assert audit_log(factory, later[0].lo_id)[0]["changes"] == {"max_active_intros": [5, 9]}


def mm(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mm.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
    )


def test_the_cli_adds_pauses_edits_licences_and_prints_the_audit(tmp_path):
    db = ["--database-url", f"sqlite:///{tmp_path}/cli.db"]
    snippet: dict[str, Any] = {k: v for k, v in DANA.items() if k != "team"}
    r = mm(
        "roster",
        "add",
        "--yaml",
        "-",
        "--team",
        "Denver",
        "--by",
        "sam",
        *db,
        stdin=yaml.safe_dump(snippet),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "added loan officer dana (Dana Reyes, NMLS 1000004)"
    r = mm(
        "roster",
        "add",
        "--id",
        "erin",
        "--name",
        "Erin Cho",
        "--nmls-id",
        "77",
        "--phone",
        "+12065550111",
        "--slack-user-id",
        "U0ERIN001",
        "--timezone",
        "America/Los_Angeles",
        "--states",
        "WA",
        "--languages",
        "en",
        "--products",
        "conventional",
        "--max-active-intros",
        "3",
        *db,
    )
    assert r.returncode == 0, r.stderr
    assert mm("roster", "pause", "dana", "--by", "sam", *db).stdout.startswith("dana is paused")
    r = mm("roster", "licenses", "dana", "--add", "NM", "--remove", "TX", *db)
    assert r.stdout.strip() == "dana is licensed in CO, NM"
    r = mm("roster", "audit", "dana", *db)
    assert [yaml.safe_load(line)["action"] for line in r.stdout.splitlines()] == [
        "add",
        "pause",
        "licenses",
    ]
    bad = mm("roster", "add", "--id", "x", "--nmls-id", "abc", *db)
    assert bad.returncode == 2
    assert bad.stderr.strip().startswith("mm roster: loan officer 'x': ")
    missing = mm("roster", "pause", "nobody", *db)
    assert missing.returncode == 2 and "no loan officer with id 'nobody'" in missing.stderr
