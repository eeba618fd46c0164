"""The `mm` command: demo, serve, converse, roster, setup."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path

from mm.config import DEFAULT_DATABASE_URL, ConfigError


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_setup(args: argparse.Namespace) -> int:
    from mm import rasa_env

    model = rasa_env.ensure_model()
    print(f"Rasa {rasa_env.RASA_VERSION} ready; model {model}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from mm.stack import Stack

    stack = Stack(database_url=args.database_url, port=args.port).start()
    print(f"\nSandbox running: open {stack.url}/sandbox  (Ctrl-C to stop)", flush=True)
    print(
        "Text the bot as a borrower on the left; accept the introduction on the right.", flush=True
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
    return 0


def cmd_converse(args: argparse.Namespace) -> int:
    from mm import converse

    if not args.jsonl:
        print("mm converse: only --jsonl output is supported", file=sys.stderr)
        return 2
    if args.attach:
        converse.run(sys.stdin, sys.stdout, args.attach, args.phone, args.auto_accept)
        return 0
    from mm.stack import Stack

    with tempfile.TemporaryDirectory() as tmp:
        db = args.database_url or f"sqlite:///{tmp}/converse.db"
        with Stack(database_url=db) as stack:
            converse.run(sys.stdin, sys.stdout, stack.url, args.phone, args.auto_accept)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from channels.dedupe import Deduper, connect
    from channels.gateway import create_app
    from channels.services import Services
    from mm.config import Settings

    settings = Settings.from_env()
    svc = Services.build(settings)
    app = create_app(svc, Deduper(connect(settings.redis_url)))
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=False)
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from storage import roster
    from storage.db import make_engine, session_factory, upgrade

    engine = make_engine(
        args.database_url or os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    )
    upgrade(engine)
    sessions = session_factory(engine)
    if args.action == "import":
        result = roster.import_roster(sessions, Path(args.file))
        print(f"roster imported: {result}")
    elif args.action == "export":
        roster.export_roster(sessions, Path(args.file))
        print(f"roster written to {args.file}")
    else:
        for row in roster.list_roster(sessions):
            print(json.dumps(row, default=str))
    return 0


# --- mm simulate (matching) ---------------------------------------------------------------


def cmd_simulate(args: argparse.Namespace) -> int:
    from mm import simulate

    settings = simulate.Settings(
        seed=args.seed, weeks=args.weeks, borrowers_per_day=args.borrowers_per_day, los=args.los
    )
    print(simulate.main(settings, None if args.no_plot else Path(args.plot), args.json))
    return 0


# ------------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="mm", description="Mortgage Matchmaking: one borrower, one LO."
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser(
        "setup", help="install Rasa's Python 3.10 environment and train the model if needed"
    )
    s.set_defaults(func=cmd_setup)

    s = sub.add_parser("demo", help="run the whole product locally against fake Twilio and Slack")
    s.add_argument("--port", type=int, default=8000, help="the sandbox page's port (default 8000)")
    s.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="default: %(default)s")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("converse", help="text the bot from stdin, one message a line")
    s.add_argument("--jsonl", action="store_true", help="print one JSON line per turn (required)")
    s.add_argument(
        "--phone", default="+15125550199", help="the borrower's phone (default %(default)s)"
    )
    s.add_argument("--auto-accept", action="store_true", help="accept the offer as the matched LO")
    s.add_argument("--attach", metavar="URL", help="use a running sandbox (mm demo) at URL")
    s.add_argument("--database-url", help="default: a temporary SQLite file")
    s.set_defaults(func=cmd_converse)

    s = sub.add_parser(
        "serve", help="run the gateway in production (settings from the environment)"
    )
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("roster", help="import, export or list the loan officers")
    s.add_argument("action", choices=["import", "export", "list"])
    s.add_argument("file", nargs="?", help="YAML or CSV file (import / export)")
    s.add_argument("--database-url", help="default: $DATABASE_URL or " + DEFAULT_DATABASE_URL)
    s.set_defaults(func=cmd_roster)

    s = sub.add_parser(
        "simulate", help="compare matching policies on a synthetic market (same seed for all)"
    )
    s.add_argument("--seed", type=int, default=7, help="default %(default)s")
    s.add_argument("--weeks", type=int, default=12, help="simulated weeks (default %(default)s)")
    s.add_argument("--borrowers-per-day", type=int, default=20, help="default %(default)s")
    s.add_argument("--los", type=int, default=40, help="loan officers (default %(default)s)")
    s.add_argument("--plot", default="var/simulation.png", help="PNG path (default %(default)s)")
    s.add_argument("--no-plot", action="store_true", help="skip the plot")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=cmd_simulate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "roster" and args.action in ("import", "export") and not args.file:
        parser().error(f"mm roster {args.action} needs a FILE")
    logging.basicConfig(level=os.environ.get("MM_LOG_LEVEL", "WARNING"))
    # SIGTERM (from a process manager or CI) stops the stack like Ctrl-C, Rasa included.
    signal.signal(signal.SIGTERM, _interrupt)
    from mm.rasa_env import SetupError
    from storage.roster import RosterError

    try:
        return int(args.func(args))
    except (ConfigError, SetupError, RosterError) as exc:
        print(f"mm {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
