"""A stack whose free port is taken before its server binds it starts again on fresh ports:
concurrent sandboxes (check-personas lanes, parallel e2e runs) race for loopback ports."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

import mm.stack
from mm.stack import Stack


def test_a_port_taken_between_choosing_and_binding_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    taken = squatter.getsockname()[1]
    handed_out: list[int] = []
    real_free_port = mm.stack.free_port

    def first_one_taken() -> int:
        port = taken if not handed_out else real_free_port()
        handed_out.append(port)
        return port

    monkeypatch.setattr(mm.stack, "free_port", first_one_taken)
    try:
        with Stack(
            database_url=f"sqlite:///{tmp_path}/ports.db", log_dir=tmp_path / "logs", roster=None
        ) as s:
            assert handed_out[0] == taken
            rasa_url = s.svc.settings.rasa_url
            assert not rasa_url.endswith(f":{taken}")
            assert s.svc.rasa.ready()
            assert httpx.get(s.url + "/healthz", timeout=10).status_code == 200
            # two ports per attempt, then the gateway's: a second attempt was made
            assert len(handed_out) == 5
    finally:
        squatter.close()
