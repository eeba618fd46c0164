"""deploy/systemd: a unit for every process docs/production.md lists, each with an
environment file, a restart policy and a priority, running a command `mm` accepts."""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from mm.cli import parser

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
MM = "/opt/mortgage-matchmaking/.venv/bin/mm"


def unit(name: str) -> configparser.ConfigParser:
    cfg = configparser.ConfigParser(strict=False, interpolation=None)
    cfg.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are cased
    cfg.read(UNITS / name)
    return cfg


def documented_processes() -> list[str]:
    """The `mm ...` subcommands of docs/production.md's process table."""
    doc = (ROOT / "docs" / "production.md").read_text()
    table = doc.split("## Processes, one command each", 1)[1].split("\n\n", 2)[1]
    return sorted({m for m in re.findall(r"`mm (\w+)", table)})


def services() -> dict[str, configparser.ConfigParser]:
    return {p.name: unit(p.name) for p in sorted(UNITS.glob("*.service"))}


def test_every_documented_process_has_a_unit_running_a_command_mm_accepts():
    run = {}
    for name, cfg in services().items():
        argv = shlex.split(cfg["Service"]["ExecStart"].replace("%i", "5005"))
        assert argv[0] == MM, name
        parser().parse_args(argv[1:])  # exits (SystemExit) on an option mm does not have
        run[argv[1]] = name
    assert documented_processes() == ["actions", "migrate", "rasa", "serve", "timers", "worker"]
    assert sorted(run) == documented_processes()
    assert "deploy/systemd" in (ROOT / "docs" / "production.md").read_text()


def test_each_unit_has_an_environment_file_a_restart_policy_and_a_priority():
    for name, cfg in services().items():
        service = cfg["Service"]
        assert service["EnvironmentFile"] == "/etc/mortgage-matchmaking/mm.env", name
        assert service["Restart"] in ("always", "on-failure"), name
        assert service["User"] == "mm", name
        # The gateways answer Twilio first; everything else runs at a lower priority.
        assert service["Nice"] == ("0" if name == "mm-gateway.service" else "10"), name
        if name != "mm-migrate.service":
            assert service["Restart"] == "always", name
    wanted = " ".join(unit("mm.target").get("Unit", "Wants").split())
    for name in services():
        assert name.replace("@.service", "@") in wanted or name in wanted, name


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
def test_systemd_accepts_the_units(tmp_path):
    """Rendered for this checkout (paths, user) and checked by systemd itself."""
    names = []
    for src in [*UNITS.glob("*.service"), UNITS / "mm.target"]:
        text = src.read_text().replace("/opt/mortgage-matchmaking", str(ROOT))
        text = text.replace("/etc/mortgage-matchmaking/mm.env", str(UNITS / "mm.env.example"))
        text = re.sub(r"(?m)^(User|Group)=mm$", r"\1=root", text)
        target = tmp_path / src.name.replace("@.service", "@1.service")
        target.write_text(text)
        names.append(target.name)
    r = subprocess.run(
        ["systemd-analyze", "verify", *[n for n in names if n.endswith(".service")]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 0 and r.stderr.strip() == "", r.stderr
