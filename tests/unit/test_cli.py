"""The `mm` command: help on every subcommand, clear one-line errors, roster import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from runtime.settings import REQUIRED_IN_PRODUCTION, ConfigError, Settings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "roster"


def mm(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mm.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("sub", ["", "setup", "demo", "converse", "serve", "roster"])
def test_every_subcommand_has_help(sub):
    r = mm(*([sub] if sub else []), "--help")
    assert r.returncode == 0
    assert "usage: mm" in r.stdout


def test_serve_without_configuration_names_the_missing_variable():
    r = mm("serve", env={"PATH": "/usr/bin:/bin"})
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        f"mm serve: PUBLIC_BASE_URL is not set: {REQUIRED_IN_PRODUCTION['PUBLIC_BASE_URL']}"
    ]


@pytest.mark.parametrize("missing", sorted(REQUIRED_IN_PRODUCTION))
def test_each_required_setting_is_named_when_missing(missing):
    env = {name: "x" for name in REQUIRED_IN_PRODUCTION}
    del env[missing]
    with pytest.raises(ConfigError, match=f"^{missing} is not set"):
        Settings.from_env(env)


def test_roster_import_then_list_through_the_cli(tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    r = mm("roster", "import", str(FIXTURES / "good.yml"), "--database-url", db)
    assert r.returncode == 0, r.stderr
    listed = mm("roster", "list", "--database-url", db)
    assert listed.returncode == 0
    assert len(listed.stdout.strip().splitlines()) == 3


def test_a_bad_roster_file_is_one_clear_error_and_changes_nothing(tmp_path):
    db = f"sqlite:///{tmp_path}/cli.db"
    r = mm("roster", "import", str(FIXTURES / "duplicate_id.csv"), "--database-url", db)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "duplicate_id.csv" in r.stderr
    assert mm("roster", "list", "--database-url", db).stdout == ""
