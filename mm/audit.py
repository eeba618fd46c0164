"""`mm audit export --from DATE --to DATE`: the examiner's export (storage/audit.py) as CSV or
JSON, to a file or stdout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from storage import audit

FORMATS = ("csv", "json")


class AuditError(Exception):
    """Bad dates or format; the message says which."""


def parse_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise AuditError(f"{name} must be a date like 2026-11-30, not {value!r}") from exc


def choose_format(fmt: str | None, out: str | None) -> str:
    """--format, else the output file's extension, else CSV."""
    chosen = fmt or (Path(out).suffix.lstrip(".").lower() if out else "") or "csv"
    if chosen not in FORMATS:
        raise AuditError(f"the format must be csv or json, not {chosen!r}")
    return chosen


def export(sessions: sessionmaker[Session], start: date, end: date, fmt: str) -> tuple[str, int]:
    """The export's text and how many records it holds."""
    if start > end:
        raise AuditError("--from must be on or before --to")
    with sessions() as s:
        rows = audit.records(s, start, end)
    text = audit.to_csv(rows) if fmt == "csv" else audit.to_json(rows, start, end) + "\n"
    return text, len(rows)
