"""No `mm` command prints a Python traceback for an expected condition: one line on stderr,
a non-zero exit code, the details in the CLI's log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "roster"


def mm(*args: str, log: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mm.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MM_CLI_LOG": str(log)},
        check=False,
    )


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`mm roster list | head -0`: the reader is gone before the first line."""
    db = f"sqlite:///{tmp_path}/p.db"
    assert (
        mm(
            "roster", "import", str(FIXTURES / "good.yml"), "--database-url", db, log=tmp_path / "l"
        ).returncode
        == 0
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "mm.cli", "roster", "list", "--database-url", db],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `head` exiting
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == ""


def test_a_file_that_cannot_be_written_is_one_line_with_the_log_named(tmp_path):
    log = tmp_path / "cli.log"
    db = f"sqlite:///{tmp_path}/w.db"
    r = mm(
        "audit",
        "export",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--out",
        str(tmp_path / "no" / "such" / "dir.csv"),
        "--database-url",
        db,
        log=log,
    )
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("mm audit: [Errno 2] No such file or directory")
    assert r.stderr.rstrip().endswith(f"(details in {log})")
    assert "Traceback" in log.read_text()


def test_a_database_that_does_not_answer_is_one_line(tmp_path):
    r = mm(
        "roster", "list", "--database-url", "postgresql://mm@127.0.0.1:9/none", log=tmp_path / "l"
    )
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("mm roster: ")


def test_a_missing_roster_file_is_one_line(tmp_path):
    r = mm(
        "roster",
        "import",
        str(tmp_path / "nowhere.yml"),
        "--database-url",
        f"sqlite:///{tmp_path}/m.db",
        log=tmp_path / "l",
    )
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "cannot read" in r.stderr
