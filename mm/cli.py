"""The `mm` command: demo, converse, roster, setup, simulate; and the production processes:
migrate, serve, worker, timers, rasa, actions (docs/production.md)."""

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
from typing import TYPE_CHECKING

import httpx

from runtime.settings import DEFAULT_DATABASE_URL, ConfigError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def cmd_setup(args: argparse.Namespace) -> int:
    from mm import rasa_env

    model = rasa_env.ensure_model()
    print(f"Rasa {rasa_env.RASA_VERSION} ready; model {model}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from mm.stack import Stack

    stack = Stack(database_url=database_url(args), port=args.port).start()
    print(f"\nSandbox running: open {stack.url}/sandbox  (Ctrl-C to stop)", flush=True)
    print(
        "Text the bot as a borrower on the left; accept the introduction on the right.", flush=True
    )
    print(f"Dashboard (this run's token): {stack.dashboard_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
    return 0


def database_url(args: argparse.Namespace) -> str:
    """--database-url, else DATABASE_URL, else the local SQLite file: what every command
    that opens the database uses (`mm serve` and the workers read DATABASE_URL too)."""
    return (
        getattr(args, "database_url", None)
        or os.environ.get("DATABASE_URL")
        or DEFAULT_DATABASE_URL
    )


def cmd_converse(args: argparse.Namespace) -> int:
    from mm import converse

    if not args.jsonl:
        print("mm converse: only --jsonl output is supported", file=sys.stderr)
        return 2
    try:
        if args.attach:
            converse.run(sys.stdin, sys.stdout, args.attach, args.phone, args.auto_accept)
            return 0
        from mm.stack import Stack

        with tempfile.TemporaryDirectory() as tmp:
            db = args.database_url or f"sqlite:///{tmp}/converse.db"
            with Stack(database_url=db) as stack:
                converse.run(sys.stdin, sys.stdout, stack.url, args.phone, args.auto_accept)
        return 0
    except converse.ConverseError as exc:
        print(f"mm converse: {exc}", file=sys.stderr)
        return 1
    except httpx.HTTPError as exc:
        print(f"mm converse: the sandbox did not answer ({exc})", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1  # the reader went away; nothing left to say


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from runtime.settings import Settings

    Settings.from_env()  # fail here, by name, before any worker starts
    _check_crm()
    _migrate()
    # Each worker process builds its own app (database pool, clients) from the environment.
    uvicorn.run(
        "mm.production:gateway_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,  # signatures are checked against PUBLIC_BASE_URL, not headers
        log_level="warning",
    )
    return 0


def _check_crm() -> None:
    from runtime.crm import config_from_env

    config_from_env()  # CRM_WEBHOOK_URL without its secret stops here, by name


def _migrate() -> None:
    from storage.db import make_engine, upgrade

    engine = make_engine(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    upgrade(engine)
    engine.dispose()


def cmd_migrate(args: argparse.Namespace) -> int:
    _migrate()
    print("database schema is up to date")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from channels import worker

    svc = worker.services()
    if svc.queue is None:
        raise ConfigError("mm worker needs JOB_QUEUE=redis and REDIS_URL")
    worker.work(svc, burst=args.burst)
    return 0


def cmd_timers(args: argparse.Namespace) -> int:
    from channels.timers import Timers
    from runtime.services import Services
    from runtime.settings import Settings
    from storage.privacy import retention_days

    retention_days()  # a malformed RETENTION_DAYS stops here, by name, not in every round
    _check_crm()
    timers = Timers(Services.build(Settings.from_env(), migrate=False), every=args.every)
    stopping = threading.Event()
    try:
        timers.run(stopping)
    except KeyboardInterrupt:
        stopping.set()
    return 0


def cmd_rasa(args: argparse.Namespace) -> int:
    from mm.production import exec_rasa

    exec_rasa(args.port, args.host)
    return 0  # not reached: the process is Rasa now


def cmd_actions(args: argparse.Namespace) -> int:
    from mm.production import exec_actions

    exec_actions(args.port)
    return 0  # not reached


def _roster_sessions(args: argparse.Namespace) -> sessionmaker[Session]:
    from storage.db import make_engine, session_factory, upgrade

    engine = make_engine(database_url(args))
    upgrade(engine)
    return session_factory(engine)


def _roster_add_fields(args: argparse.Namespace) -> dict[str, object]:
    """The new LO's fields: a YAML mapping (file or '-' for stdin), then the options on top."""
    import yaml

    from storage.roster import RosterError

    data: dict[str, object] = {}
    if args.yaml:
        try:
            text = sys.stdin.read() if args.yaml == "-" else Path(args.yaml).read_text("utf-8")
            loaded = yaml.safe_load(text) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RosterError(f"cannot read {args.yaml}: {exc}") from exc
        if isinstance(loaded, dict) and set(loaded) == {"loan_officers"}:
            loaded = (loaded["loan_officers"] or [None])[0]  # a one-LO roster file works too
        if not isinstance(loaded, dict):
            raise RosterError(f"{args.yaml}: expected a YAML mapping of one LO's fields")
        data.update(loaded)
    for name in ROSTER_ADD_OPTIONS:
        value = getattr(args, name)
        if value is not None:
            data[name] = value
    return data


ROSTER_ADD_OPTIONS = (
    "id",
    "name",
    "nmls_id",
    "phone",
    "slack_user_id",
    "timezone",
    "licensed_states",
    "languages",
    "products",
    "max_active_intros",
    "working_hours",
    "team",
)


def cmd_roster(args: argparse.Namespace) -> int:
    from storage import roster

    sessions = _roster_sessions(args)
    by = getattr(args, "by", None)
    if args.action == "import":
        return _roster_import(sessions, args, by)
    elif args.action == "export":
        roster.export_roster(sessions, Path(args.file))
        print(f"roster written to {args.file}")
    elif args.action == "list":
        for row in roster.list_roster(sessions):
            print(json.dumps(row, default=str))
    elif args.action == "add":
        entry = roster.add_lo(sessions, _roster_add_fields(args), by=by)
        print(f"added loan officer {entry.id} ({entry.name}, NMLS {entry.nmls_id})")
    elif args.action in ("pause", "resume"):
        active = args.action == "resume"
        changed = roster.set_active(sessions, args.lo_id, active, by=by)
        state = "active" if active else "paused (no new introductions)"
        print(f"{args.lo_id} is {state}" + ("" if changed else "; it already was"))
    elif args.action == "licenses":
        if not args.add and not args.remove:
            print(json.dumps(_licenses_of(sessions, args.lo_id)))
            return 0
        changed = roster.edit_licenses(sessions, args.lo_id, args.add, args.remove, by=by)
        held = ", ".join(_licenses_of(sessions, args.lo_id))
        print(f"{args.lo_id} is licensed in {held}" + ("" if changed else " (unchanged)"))
    else:
        for row in reversed(roster.audit_log(sessions, args.lo_id, args.limit)):
            print(json.dumps(row, default=str))
    return 0


def _roster_import(
    sessions: sessionmaker[Session], args: argparse.Namespace, by: str | None
) -> int:
    """A short summary ("18 created, 0 updated"), or every bad row and field at once;
    `--json` prints either as one JSON object."""
    from dataclasses import asdict

    from storage import roster

    try:
        result = roster.import_roster(sessions, Path(args.file), by=by)
    except roster.RosterError as exc:
        problems = exc.problems if isinstance(exc, roster.RosterProblems) else []
        if args.json:
            listed = [asdict(p) for p in problems] or [{"message": str(exc)}]
            print(json.dumps({"ok": False, "problems": listed}))
        elif len(problems) > 1:
            print(
                f"mm roster: {len(problems)} problems in {Path(args.file).name}; "
                "nothing was imported:",
                file=sys.stderr,
            )
            for p in problems:
                print(f"  {p}", file=sys.stderr)
        else:
            print(f"mm roster: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"ok": True, "created": result.created, "updated": result.updated}))
    else:
        print(f"roster imported from {Path(args.file).name}: {result.summary()}")
    return 0


def _licenses_of(sessions: sessionmaker[Session], lo_id: str) -> list[str]:
    from storage import roster

    for row in roster.list_roster(sessions):
        if row["id"] == lo_id:
            return list(row["licensed_states"])
    raise roster.RosterError(f"no loan officer with id {lo_id!r} (see `mm roster list`)")


def _roster_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("roster", help="the loan officers: import, export, list, add, pause, ...")
    actions = s.add_subparsers(dest="action", required=True)
    db_help = "default: $DATABASE_URL or " + DEFAULT_DATABASE_URL
    by_help = "who makes the change, for the audit trail (default: your OS user name)"

    def action(name: str, help: str, audited: bool = True) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help, description=help)
        a.add_argument("--database-url", help=db_help)
        if audited:
            a.add_argument("--by", help=by_help)
        a.set_defaults(func=cmd_roster)
        return a

    a = action(
        "import", "create or update LOs from a YAML or CSV file (a bad file changes nothing)"
    )
    a.add_argument("file", help="roster.yml, roster.yaml or roster.csv")
    a.add_argument("--json", action="store_true", help="print the result as one JSON object")
    a = action("export", "write every LO to a YAML or CSV file", audited=False)
    a.add_argument("file", help="roster.yml, roster.yaml or roster.csv")
    action("list", "print every LO, one JSON line each", audited=False)

    a = action("add", "add one LO from options and/or a YAML mapping of their fields")
    a.add_argument("--yaml", metavar="FILE", help="YAML with the LO's fields ('-' reads stdin)")
    a.add_argument("--id", help="a slug, e.g. dana")
    a.add_argument("--name")
    a.add_argument("--nmls-id", dest="nmls_id", help="NMLS id, digits only")
    a.add_argument("--phone", help="E.164, e.g. +13035550104")
    a.add_argument("--slack-user-id", dest="slack_user_id", help="e.g. U0DANA004")
    a.add_argument("--timezone", help="IANA, e.g. America/Denver")
    a.add_argument("--states", dest="licensed_states", help="licensed USPS codes, e.g. 'CO;TX'")
    a.add_argument("--languages", help="e.g. 'en;es'")
    a.add_argument("--products", help="e.g. 'conventional;fha;va'")
    a.add_argument("--max-active-intros", dest="max_active_intros", type=int)
    a.add_argument("--working-hours", dest="working_hours", help="e.g. 'mon-fri 09:00-18:00'")
    a.add_argument("--team", help="the dashboard's team filter, e.g. 'Austin'")

    for name, what in (("pause", "stop new introductions to"), ("resume", "resume")):
        a = action(name, f"{what} an LO (roster 'active')")
        a.add_argument("lo_id", metavar="ID")

    a = action("licenses", "show, add or remove an LO's licensed states")
    a.add_argument("lo_id", metavar="ID")
    a.add_argument("--add", action="append", default=[], metavar="ST", help="e.g. --add TX")
    a.add_argument("--remove", action="append", default=[], metavar="ST", help="e.g. --remove CA")

    a = action("audit", "print roster changes (who, when, what), oldest first", audited=False)
    a.add_argument("lo_id", metavar="ID", nargs="?", help="only this LO")
    a.add_argument("--limit", type=int, default=50, help="the newest N changes (default 50)")


# --- mm borrower (access and deletion requests) ------------------------------------------


def _actor(args: argparse.Namespace) -> str:
    import getpass

    return getattr(args, "by", None) or getpass.getuser()


def cmd_borrower(args: argparse.Namespace) -> int:
    from mm import borrower
    from storage.models import utcnow

    sessions = _roster_sessions(args)
    if args.action == "export":
        data = borrower.export(sessions, args.phone)
        if data is None:
            print(f"mm borrower export: nothing is stored about {args.phone}", file=sys.stderr)
            return 1
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        if args.out:
            Path(args.out).write_text(text, "utf-8")
            print(f"wrote everything stored about the borrower to {args.out}")
        else:
            sys.stdout.write(text)
        return 0
    rasa = args.rasa_url or os.environ.get("RASA_URL") or ""
    done = borrower.forget(
        sessions,
        args.phone,
        requested_by=_actor(args),
        now=utcnow(),
        reason=args.reason,
        redis_url=args.redis_url or os.environ.get("REDIS_URL") or None,
        rasa_urls=[u.strip() for u in rasa.split(",") if u.strip()],
        limiter_secret=os.environ.get("TWILIO_AUTH_TOKEN") or None,
        rasa_token=os.environ.get("RASA_AUTH_TOKEN") or None,
    )
    print(done.summary(privacy_phone(args.phone)))
    return 0


def privacy_phone(raw: str) -> str:
    from storage.privacy import normalize_phone

    return normalize_phone(raw)


def _borrower_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("borrower", help="one borrower's data: export it, or forget it")
    actions = s.add_subparsers(dest="action", required=True)
    db_help = "default: $DATABASE_URL or " + DEFAULT_DATABASE_URL
    a = actions.add_parser(
        "export", help="everything stored about a borrower, as JSON (an access request)"
    )
    a.add_argument("phone", metavar="PHONE", help="the borrower's number, e.g. +15125550199")
    a.add_argument("--out", metavar="FILE", help="write the JSON here (default: stdout)")
    a.add_argument("--database-url", help=db_help)
    a.set_defaults(func=cmd_borrower)
    a = actions.add_parser(
        "forget",
        help="erase a borrower's personal data everywhere (a deletion request); irreversible",
    )
    a.add_argument("phone", metavar="PHONE", help="the borrower's number, e.g. +15125550199")
    a.add_argument("--by", help="who asked, for the deletion record (default: your OS user)")
    a.add_argument("--reason", help="e.g. 'CCPA request #123'")
    a.add_argument("--database-url", help=db_help)
    a.add_argument("--redis-url", help="default: $REDIS_URL (trackers, lanes, jobs)")
    a.add_argument("--rasa-url", help="default: $RASA_URL (in-memory trackers, the sandbox)")
    a.set_defaults(func=cmd_borrower)


# --- mm audit ------------------------------------------------------------------------------


def cmd_audit(args: argparse.Namespace) -> int:
    from mm import audit

    start = audit.parse_day(args.start, "--from")
    end = audit.parse_day(args.end, "--to")
    fmt = audit.choose_format(args.format, args.out)
    text, count = audit.export(_roster_sessions(args), start, end, fmt)
    if args.out:
        Path(args.out).write_text(text, "utf-8")
        print(f"{count} records from {start} to {end} written to {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _audit_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("audit", help="the examiner's export: consents, introductions, opt-outs")
    actions = s.add_subparsers(dest="action", required=True)
    a = actions.add_parser(
        "export",
        help="every consent, introduction (with its decision), opt-out, HELP, roster change "
        "and deletion in a period, as CSV or JSON",
    )
    a.add_argument("--from", dest="start", required=True, metavar="DATE", help="e.g. 2026-11-01")
    a.add_argument("--to", dest="end", required=True, metavar="DATE", help="inclusive")
    a.add_argument("--format", choices=("csv", "json"), help="default: --out's extension, or csv")
    a.add_argument("--out", metavar="FILE", help="default: stdout")
    a.add_argument("--database-url", help="default: $DATABASE_URL or " + DEFAULT_DATABASE_URL)
    a.set_defaults(func=cmd_audit)


# --- mm doctor ----------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace) -> int:
    from mm.doctor import diagnose

    problems, checks = diagnose()
    for problem in problems:
        print(problem)
    if problems:
        print(f"mm doctor: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"mm doctor: no problems found ({checks} groups of checks)")
    return 0


# --- mm simulate (matching) ---------------------------------------------------------------


def cmd_simulate(args: argparse.Namespace) -> int:
    from mm import simulate

    preset = simulate.SEGMENTED if args.market == "segmented" else simulate.Settings()
    settings = simulate.Settings(
        seed=args.seed,
        weeks=args.weeks or preset.weeks,
        borrowers_per_day=args.borrowers_per_day or preset.borrowers_per_day,
        los=args.los or preset.los,
        market=args.market,
    )
    seeds = range(args.first_seed, args.first_seed + args.seeds) if args.seeds else ()
    plot = None if args.no_plot else Path(args.plot)
    print(simulate.main(settings, plot, args.json, seeds))
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
    s.add_argument("--database-url", help="default: $DATABASE_URL or " + DEFAULT_DATABASE_URL)
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
    s.add_argument("--workers", type=int, default=1, help="gateway processes on this port")
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser(
        "doctor",
        help="check this production environment (variables, database, Redis, Rasa) and "
        "print what is wrong, one line each",
    )
    s.set_defaults(func=cmd_doctor)

    s = sub.add_parser("migrate", help="bring the database schema (DATABASE_URL) up to date")
    s.set_defaults(func=cmd_migrate)

    s = sub.add_parser("worker", help="production: run dialogue turns and sends from Redis")
    s.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    s.set_defaults(func=cmd_worker)

    s = sub.add_parser("timers", help="production: deadlines, check-backs, retries, recovery")
    s.add_argument("--every", type=float, default=5.0, help="seconds between rounds")
    s.set_defaults(func=cmd_timers)

    s = sub.add_parser("rasa", help="production: one Rasa server with its trackers in Redis")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=5005)
    s.set_defaults(func=cmd_rasa)

    s = sub.add_parser("actions", help="production: the Rasa action server")
    s.add_argument("--port", type=int, default=5055)
    s.set_defaults(func=cmd_actions)

    _roster_parser(sub)
    _borrower_parser(sub)
    _audit_parser(sub)

    s = sub.add_parser(
        "simulate", help="compare matching policies on a synthetic market (same seed for all)"
    )
    s.add_argument("--seed", type=int, default=7, help="default %(default)s")
    s.add_argument(
        "--market",
        choices=("classic", "segmented"),
        default="classic",
        help="classic (issue 4) or segmented (skill by segment, drift, cold start)",
    )
    s.add_argument("--seeds", type=int, default=0, help="run N seeds; mean and spread")
    s.add_argument("--first-seed", type=int, default=1, help="with --seeds (default 1)")
    s.add_argument("--weeks", type=int, help="simulated weeks (default 12)")
    s.add_argument("--borrowers-per-day", type=int, help="default 20 (segmented: 36)")
    s.add_argument("--los", type=int, help="loan officers (default 40; segmented: 60)")
    s.add_argument("--plot", default="var/simulation.png", help="PNG path (default %(default)s)")
    s.add_argument("--no-plot", action="store_true", help="skip the plot")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=cmd_simulate)
    return p


LOG_FILE = "var/log/mm-cli.log"


def _log_details(command: str) -> str | None:
    """Append the traceback to the CLI's log (MM_CLI_LOG, default var/log/mm-cli.log);
    returns the log's path, or None when it cannot be written."""
    import traceback

    path = Path(os.environ.get("MM_CLI_LOG") or LOG_FILE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- mm {command}\n{traceback.format_exc()}\n")
    except OSError:
        return None
    return str(path)


def _quiet_closed_pipe() -> None:
    # The reader (`mm ... | head`) went away: send what is left nowhere, not to a traceback.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=os.environ.get("MM_LOG_LEVEL", "WARNING"))
    # SIGTERM (from a process manager or CI) stops the stack like Ctrl-C, Rasa included.
    signal.signal(signal.SIGTERM, _interrupt)
    from redis.exceptions import RedisError
    from sqlalchemy.exc import OperationalError

    from mm.audit import AuditError
    from mm.rasa_env import SetupError
    from storage.privacy import PrivacyError
    from storage.roster import RosterError

    try:
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not as an "Exception ignored" at exit
        return code
    except (ConfigError, SetupError, RosterError, PrivacyError, AuditError) as exc:
        print(f"mm {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        _quiet_closed_pipe()
        return 1
    except KeyboardInterrupt:
        return 130
    except (OSError, OperationalError, RedisError, httpx.HTTPError) as exc:
        # Expected in operation (a missing file, a database or server not answering): one
        # line here, the details in the log.
        where = _log_details(args.command)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        details = f" (details in {where})" if where else ""
        print(f"mm {args.command}: {first}{details}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
