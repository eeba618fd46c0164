"""The launcher that hands Rasa its auth token from the environment."""

from __future__ import annotations

import argparse
import sys
import types

import pytest

from mm.production import RASA_LAUNCHER


@pytest.mark.parametrize("token", ["plain-token_1", "-axujA926c0o3x44SPucZE3U"])
def test_the_token_reaches_rasa_whatever_its_first_character(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, str] = {}

    def rasa_main() -> None:  # Rasa's own parsing of `rasa run -t/--auth-token`
        parser = argparse.ArgumentParser()
        parser.add_argument("command")
        parser.add_argument("-t", "--auth-token")
        seen["token"] = parser.parse_args(sys.argv[1:]).auth_token

    fake = types.ModuleType("rasa.__main__")
    fake.main = rasa_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "rasa", types.ModuleType("rasa"))
    monkeypatch.setitem(sys.modules, "rasa.__main__", fake)
    monkeypatch.setenv("MM_RASA_AUTH_TOKEN", token)
    monkeypatch.setattr(sys, "argv", ["-c", "run"])
    exec(RASA_LAUNCHER, {})  # noqa: S102 - the launcher's own code, as `python -c` runs it
    assert seen["token"] == token
