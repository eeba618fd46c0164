"""A real Rasa server refuses whoever lacks its token; our gateway's client has it (#18)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml

from mm.production import (
    PRODUCTION_CREDENTIALS,
    PRODUCTION_ENDPOINTS,
    rasa_command,
    rasa_process_env,
)
from mm.rasa_env import ROOT
from runtime.rasa_client import RasaClient, RasaUnavailable

SENDER = "borrower-999999"  # the shape of a real borrower's conversation id


def rasa(stack) -> str:
    return stack.svc.settings.rasa_url.split(",")[0]


def test_rasas_api_and_turn_channel_refuse_a_request_without_the_token(stack):
    token = stack.svc.settings.rasa_auth_token
    assert token, "the stack runs Rasa behind a token"
    tracker = f"{rasa(stack)}/conversations/{SENDER}/tracker"
    assert httpx.get(tracker, timeout=30).status_code == 401
    assert httpx.get(tracker, params={"token": "x" * 24}, timeout=30).status_code == 401
    assert httpx.get(rasa(stack) + "/status", timeout=30).status_code == 401
    slot = [{"event": "slot", "name": "consent", "value": True}]
    r = httpx.post(tracker.replace("/tracker", "/tracker/events"), json=slot, timeout=30)
    assert r.status_code == 401
    turn = {"sender": SENDER, "message": "yes I consent"}
    r = httpx.post(rasa(stack) + "/webhooks/turn/webhook", json=turn, timeout=30)
    assert r.status_code == 401
    r = httpx.post(
        rasa(stack) + "/webhooks/turn/webhook", params={"token": "wrong"}, json=turn, timeout=30
    )
    assert r.status_code == 401
    # Nothing reached the conversation; with the token, ours is let in.
    state = stack.svc.rasa.servers[0].get(f"/conversations/{SENDER}/tracker").json()
    assert state["slots"].get("consent") is None
    assert not [e for e in state["events"] if e.get("event") == "user"]
    assert stack.svc.rasa.ready()


def test_a_client_with_the_wrong_token_says_which_setting_is_wrong(stack):
    client = RasaClient(rasa(stack), token="not-the-token-of-this-rasa")
    try:
        with pytest.raises(RasaUnavailable, match="RASA_AUTH_TOKEN"):
            client.turn(SENDER, "hi", "wrong-token-turn")
        assert not client.ready()
    finally:
        client.close()


def test_the_token_is_not_in_the_process_list(stack):
    rasa_process = next(p for p in stack.processes if p.name == "rasa")
    argv = Path(f"/proc/{rasa_process.proc.pid}/cmdline").read_bytes()
    assert stack.svc.settings.rasa_auth_token.encode() not in argv


def listening_addresses(port: int) -> set[str]:
    """Local addresses in LISTEN state on `port` (Linux's /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_rasa_and_the_action_server_listen_on_loopback_only(stack):
    loopback = "0100007F"  # 127.0.0.1 as /proc/net/tcp writes it
    for process in stack.processes:
        args = [str(a) for a in process.proc.args]
        port = int(args[args.index("--port" if "--port" in args else "-p") + 1])
        assert listening_addresses(port) == {loopback}, (process.name, port)


def test_the_sandbox_itself_listens_on_loopback_only(stack):
    port = int(stack.url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}


# -- production's configuration (`mm rasa`), without starting another Rasa ------------------


def test_production_rasa_opens_our_turn_channel_only_and_behind_the_token():
    credentials = yaml.safe_load((ROOT / PRODUCTION_CREDENTIALS).read_text())
    assert credentials == {"bot.turn_channel.TurnInput": {"token": "${MM_RASA_AUTH_TOKEN}"}}
    cmd = rasa_command(Path("model.tar.gz"), 5005, "127.0.0.1", PRODUCTION_ENDPOINTS)
    assert cmd[cmd.index("--credentials") + 1] == PRODUCTION_CREDENTIALS
    assert cmd[cmd.index("-i") + 1] == "127.0.0.1"
    env = rasa_process_env("http://127.0.0.1:5055/webhook", None, "s" * 24)
    assert env["MM_RASA_AUTH_TOKEN"] == "s" * 24 and "s" * 24 not in " ".join(cmd)


def test_mm_rasa_refuses_to_start_without_a_token():
    env = {k: v for k, v in os.environ.items() if k != "RASA_AUTH_TOKEN"}
    env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
    r = subprocess.run(
        [sys.executable, "-m", "mm.cli", "rasa", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert r.returncode == 2
    assert (
        r.stderr.startswith("mm rasa: RASA_AUTH_TOKEN is not set") and "Traceback" not in r.stderr
    )
