"""`/mm capacity N` is bounded by the capacity the roster gave the LO and recorded in the
roster's audit, through a signed Slack command."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import LoanOfficer, RosterAudit
from storage.roster import import_roster
from tests.conftest import ROOT
from tests.unit.test_waitlist import slash


def capacity(wired, lo_id: str) -> int:
    with wired.svc.sessions() as s:
        return s.get_one(LoanOfficer, lo_id).max_active_intros


def audit(wired, lo_id: str) -> list[RosterAudit]:
    with wired.svc.sessions() as s:
        return list(
            s.scalars(
                select(RosterAudit)
                .where(RosterAudit.lo_id == lo_id, RosterAudit.action == "capacity")
                .order_by(RosterAudit.id)
            )
        )


def test_an_lo_lowers_capacity_and_raises_it_back_up_to_the_roster_and_each_is_audited(wired):
    assert capacity(wired, "alice") == 5  # roster.example.yml
    assert "capacity is now 2" in slash(wired, "U0ALICE01", "capacity 2")
    assert "capacity is now 5" in slash(wired, "U0ALICE01", "capacity 5")
    rows = audit(wired, "alice")
    assert [(r.before["max_active_intros"], r.after["max_active_intros"]) for r in rows] == [
        (5, 2),
        (2, 5),
    ]
    assert {r.actor for r in rows} == {"slack:U0ALICE01"}


@pytest.mark.parametrize("word", ["6", "100", "-1", "two", "²", "99999999999"])
def test_a_capacity_beyond_the_roster_or_not_a_number_is_refused_and_changes_nothing(wired, word):
    answer = slash(wired, "U0ALICE01", f"capacity {word}")
    assert "from 0 to 5 (your roster's maximum)" in answer
    assert capacity(wired, "alice") == 5 and audit(wired, "alice") == []


def test_a_new_roster_import_sets_the_new_maximum(wired, tmp_path):
    raised = (
        (ROOT / "roster.example.yml")
        .read_text()
        .replace("max_active_intros: 5", "max_active_intros: 7", 1)
    )
    (tmp_path / "roster.yml").write_text(raised)
    import_roster(wired.svc.sessions, tmp_path / "roster.yml")
    assert "capacity is now 7" in slash(wired, "U0ALICE01", "capacity 7")
    assert "from 0 to 7" in slash(wired, "U0ALICE01", "capacity 8")
