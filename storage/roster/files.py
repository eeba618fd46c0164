"""Roster files: read and validate a whole YAML or CSV file, import it in one transaction,
export the roster back to a file that imports unchanged."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import LoanOfficer
from storage.roster.admin import (
    apply_entry,
    list_roster,
    record_change,
    roster_row,
    session_for,
    with_licenses,
)
from storage.roster.fields import FIELDS, REQUIRED, RosterEntry, RosterError, describe, format_hours

SUFFIXES = (".yml", ".yaml", ".csv")


@dataclass
class ImportResult:
    """The ids the import created and the ids it updated, in file order."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.created)} created, {len(self.updated)} updated"


@dataclass(frozen=True)
class Problem:
    """One bad field of one row: `field` is "" for a whole-row problem."""

    file: str
    row: int
    lo_id: str | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file} row {self.row}" + (f" (id={self.lo_id})" if self.lo_id else "")
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class RosterProblems(RosterError):
    """Every bad row and field of a file at once (its message: one line each)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _problem(file: str, row: int, lo_id: object, text: str) -> Problem:
    field, _, message = text.partition(": ")
    shown = str(lo_id) if lo_id not in (None, "") else None
    return (
        Problem(file, row, shown, field, message)
        if message
        else Problem(file, row, shown, "", text)
    )


def load_roster_file(path: str | Path) -> list[RosterEntry]:
    """Read and validate a whole roster file; RosterProblems lists every bad row and field."""
    path = Path(path)
    entries: list[tuple[int, RosterEntry]] = []
    problems: list[Problem] = []
    for n, raw in enumerate(_read_rows(path), start=1):
        lo_id = raw.get("id")
        given = {k: v for k, v in raw.items() if v not in ("", None)}  # empty means missing
        try:
            entry = RosterEntry.model_validate(given)
        except ValidationError as exc:
            problems += [_problem(path.name, n, lo_id, describe(e)) for e in exc.errors()]
            continue
        for other_n, other in entries:
            if other.id == entry.id:
                problems.append(_problem(path.name, n, lo_id, f"id: duplicate of row {other_n}"))
            if other.nmls_id == entry.nmls_id:
                problems.append(
                    _problem(
                        path.name,
                        n,
                        lo_id,
                        f"nmls_id: {entry.nmls_id!r} is already used by "
                        f"row {other_n} (id={other.id})",
                    )
                )
        entries.append((n, entry))
    if problems:
        raise RosterProblems(problems)
    return [entry for _, entry in entries]


def file_suffix(path: Path) -> str:
    if (suffix := path.suffix.lower()) not in SUFFIXES:
        raise RosterError(f"{path.name}: unknown extension {suffix!r}; use .yml, .yaml or .csv")
    return suffix


def _read_rows(path: Path) -> list[dict[str, Any]]:
    suffix = file_suffix(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"cannot read {path}: {exc}") from exc
    rows = _csv_rows(path.name, text) if suffix == ".csv" else _yaml_rows(path.name, text)
    if not rows:
        raise RosterError(f"{path.name}: no loan officers in the file")
    return rows


def _yaml_rows(name: str, text: str) -> list[dict[str, Any]]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise RosterError(f"{name}: not valid YAML: {getattr(exc, 'problem', exc)}{at}") from exc
    if doc is None:
        return []
    if not isinstance(doc, dict) or set(doc) != {"loan_officers"}:
        raise RosterError(f"{name}: expected one top-level key, loan_officers, with a list")
    if not isinstance(rows := doc["loan_officers"] or [], list):
        raise RosterError(f"{name}: loan_officers must be a list")
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise RosterError(f"{name} row {n}: expected a mapping of fields, got {row!r}")
    return rows


def _csv_rows(name: str, text: str) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        return []
    reader.fieldnames = header
    if unknown := [h for h in header if h not in FIELDS]:
        raise RosterError(
            f"{name}: unknown column(s) {', '.join(map(repr, unknown))}; "
            f"expected {', '.join(FIELDS)}"
        )
    if missing := [f for f in REQUIRED if f not in header]:
        raise RosterError(f"{name}: missing required column(s) {', '.join(missing)}")
    if len(set(header)) < len(header):
        raise RosterError(f"{name}: a column appears twice in the header")
    rows = []
    for n, row in enumerate(reader, start=1):
        if None in row:
            raise RosterError(f"{name} row {n}: more values than columns")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def import_roster(
    target: sessionmaker[Session] | Session, path: str | Path, by: str | None = None
) -> ImportResult:
    """Validate the whole file, then create or update its LOs; others are left untouched.

    Each LO the import creates or changes gets an audit row (unchanged ones get none)."""
    name, entries, result = Path(path).name, load_roster_file(path), ImportResult()
    try:
        with session_for(target) as session:
            ids = [e.id for e in entries]
            existing = {
                lo.id: lo for lo in session.scalars(with_licenses().where(LoanOfficer.id.in_(ids)))
            }
            clashes: dict[str, str] = {
                nmls: lo_id
                for nmls, lo_id in session.execute(
                    select(LoanOfficer.nmls_id, LoanOfficer.id).where(
                        LoanOfficer.nmls_id.in_([e.nmls_id for e in entries]),
                        LoanOfficer.id.not_in(ids),
                    )
                )
            }
            if clashes:
                raise RosterProblems(
                    [
                        Problem(
                            name,
                            n,
                            e.id,
                            "nmls_id",
                            f"{e.nmls_id!r} already belongs to loan officer "
                            f"{clashes[e.nmls_id]!r}, who is not in this file",
                        )
                        for n, e in enumerate(entries, 1)
                        if e.nmls_id in clashes
                    ]
                )
            for entry in entries:
                before = None
                if (lo := existing.get(entry.id)) is not None:
                    result.updated.append(entry.id)
                    before = roster_row(lo)
                else:
                    lo = LoanOfficer(id=entry.id)
                    session.add(lo)
                    result.created.append(entry.id)
                apply_entry(lo, entry)
                record_change(session, lo, "import", before, by, source=name)
            session.flush()
    except IntegrityError as exc:
        raise RosterError(f"{name}: the database refused the roster: {exc.orig}") from exc
    return result


def export_roster(target: sessionmaker[Session] | Session, path: str | Path) -> int:
    """Write every LO to a YAML or CSV file that import_roster reads back; return the count."""
    path = Path(path)
    suffix, rows = file_suffix(path), list_roster(target)
    if suffix != ".csv":
        doc = {"loan_officers": [{k: v for k, v in r.items() if v is not None} for r in rows]}
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), "utf-8")
        return len(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, FIELDS)
        writer.writeheader()
        writer.writerows(_csv_cells(r) for r in rows)
    return len(rows)


def _csv_cells(row: dict[str, Any]) -> dict[str, Any]:
    cells = {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()}
    cells["working_hours"] = format_hours(row["working_hours"]) if row["working_hours"] else ""
    cells["active"] = "true" if row["active"] else "false"
    return cells
