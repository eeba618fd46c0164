"""`mm roster import` reports every bad row and field at once, and a success as a summary;
`--json` for machines."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "roster"


def mm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mm.cli", "roster", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def bad_file(tmp_path: Path) -> Path:
    """Row 2: a bad NMLS id and a bad time zone; row 3: a bad state; row 4: row 1's id."""
    rows = list(csv.DictReader((FIXTURES / "good.csv").open()))
    rows[1] |= {"nmls_id": "12ab", "timezone": "Mars/Olympus"}
    rows[2] |= {"licensed_states": "TX;ZZ"}
    rows.append(rows[0] | {"nmls_id": "1000009"})
    path = tmp_path / "team.csv"
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_every_bad_row_and_field_is_reported_at_once_and_nothing_is_imported(tmp_path):
    db = f"sqlite:///{tmp_path}/r.db"
    r = mm("import", str(bad_file(tmp_path)), "--database-url", db)
    assert r.returncode == 2
    lines = r.stderr.splitlines()
    assert lines[0] == "mm roster: 4 problems in team.csv; nothing was imported:"
    assert [line.split(":")[0].strip() for line in lines[1:]] == [
        "team.csv row 2 (id=bob)",
        "team.csv row 2 (id=bob)",
        "team.csv row 3 (id=carol)",
        "team.csv row 4 (id=alice)",
    ]
    fields = [line.split(": ")[1] for line in lines[1:]]
    assert fields == ["nmls_id", "timezone", "licensed_states", "id"]
    assert "Traceback" not in r.stderr
    assert mm("list", "--database-url", db).stdout == ""

    j = mm("import", str(bad_file(tmp_path)), "--database-url", db, "--json")
    assert j.returncode == 2
    report = json.loads(j.stdout)
    assert report["ok"] is False
    assert [(p["row"], p["lo_id"], p["field"]) for p in report["problems"]] == [
        (2, "bob", "nmls_id"),
        (2, "bob", "timezone"),
        (3, "carol", "licensed_states"),
        (4, "alice", "id"),
    ]


def test_a_success_is_a_short_summary_or_json(tmp_path):
    db = f"sqlite:///{tmp_path}/r.db"
    r = mm("import", str(FIXTURES / "good.yml"), "--database-url", db)
    assert (r.returncode, r.stdout) == (0, "roster imported from good.yml: 3 created, 0 updated\n")
    j = mm("import", str(FIXTURES / "good.csv"), "--database-url", db, "--json")
    assert j.returncode == 0
    assert json.loads(j.stdout) == {
        "ok": True,
        "created": [],
        "updated": ["alice", "bob", "carol"],
    }
