"""`mm worker` pays for twilio's lazy imports before its first job, not in a turn."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from channels.worker import warm_up
from runtime.twilio_client import make_client

class Svc:
    twilio = make_client("AC" + "0" * 32, "token", "http://127.0.0.1:9")

assert "twilio.rest.api.v2010.account.message" not in sys.modules
warm_up(Svc())
assert "twilio.rest.api.v2010.account.message" in sys.modules
"""


def test_warm_up_imports_what_the_first_send_would():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
