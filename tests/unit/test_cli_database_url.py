"""`mm demo` honours DATABASE_URL as `mm serve`, the workers and the roster commands do."""

from __future__ import annotations

import pytest

import mm.stack
from mm import cli


class Started(Exception):
    pass


def demo_url(monkeypatch, *argv: str) -> str:
    seen: dict[str, str] = {}

    class RecordingStack:
        def __init__(self, database_url: str, port: int) -> None:
            seen["url"] = database_url

        def start(self) -> None:
            raise Started  # the real one would load Rasa

    monkeypatch.setattr(mm.stack, "Stack", RecordingStack)
    with pytest.raises(Started):
        cli.cmd_demo(cli.parser().parse_args(["demo", *argv]))
    return seen["url"]


def test_mm_demo_uses_database_url_then_the_option_then_sqlite(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://mm@db.internal/mm")
    assert demo_url(monkeypatch) == "postgresql://mm@db.internal/mm"
    assert demo_url(monkeypatch, "--database-url", "sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.delenv("DATABASE_URL")
    assert demo_url(monkeypatch) == "sqlite:///var/mm.db"


def test_every_command_that_opens_the_database_agrees(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://mm@db.internal/mm")
    for argv in (
        ["demo"],
        ["roster", "list"],
        ["audit", "export", "--from", "2026-01-01", "--to", "2026-01-02"],
        ["borrower", "export", "+15125550100"],
    ):
        assert cli.database_url(cli.parser().parse_args(argv)) == "postgresql://mm@db.internal/mm"
