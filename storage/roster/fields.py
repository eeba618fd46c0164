"""The loan-officer roster: validate a YAML or CSV file, then upsert it in one transaction.

Import upserts by ``id``: LOs in the file are created or updated (licenses replaced). LOs
absent from the file are left untouched; set ``active: false`` to retire one. A bad file
raises one RosterError naming the row and the field, and nothing is written.

YAML holds one key, ``loan_officers``, with a list of LOs. CSV holds one LO per row, list
fields separated by ``;`` or ``|`` (``TX;CA``). working_hours, in the LO's timezone, is
``DAYS HH:MM-HH:MM`` where DAYS is a comma list of days or day ranges (``mon-fri 09:00-18:00``,
``mon,wed,fri-sat 08:30-12:00``); YAML may also give ``{days: [mon, tue], start: "09:00",
end: "18:00"}``. Both are stored as ``{"days": ["mon", ...], "start": "HH:MM", "end": "HH:MM"}``.
"""

from __future__ import annotations

import csv
import getpass
import io
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, suppress
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import us
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storage.db import transaction
from storage.models import License, LoanOfficer, RosterAudit
from vocabulary import CREDIT_BANDS, DAYS, LANGUAGES, PRODUCTS

USPS_STATES = frozenset({s.abbr for s in us.STATES} | {us.states.DC.abbr})
SUFFIXES = (".yml", ".yaml", ".csv")


class RosterError(Exception):
    """A roster that cannot be imported; the message names the file, row and field."""


@dataclass
class ImportResult:
    """The ids the import created and the ids it updated, in file order."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


# --- fields ----------------------------------------------------------------------------------


def _as_text(v: Any) -> Any:
    # YAML reads an unquoted +15125550101 or 123456 as an int; take it as written.
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _pattern(regex: str, what: str) -> Any:
    def check(v: str) -> str:
        if not re.fullmatch(regex, v):
            raise ValueError(f"{v!r} is not {what}")
        return v

    return Annotated[str, BeforeValidator(_as_text), AfterValidator(check)]


def _split(v: Any) -> Any:
    return [p.strip() for p in re.split(r"[;|]", v) if p.strip()] if isinstance(v, str) else v


def _codes(allowed: Collection[str], what: str, norm: Callable[[str], str]) -> Any:
    """A non-empty list of known codes; a string is split on ';' or '|'."""

    def check(values: list[str]) -> list[str]:
        out: list[str] = []
        for raw in values:
            if norm(raw) not in allowed:
                raise ValueError(f"{raw!r} is not {what}")
            if norm(raw) not in out:
                out.append(norm(raw))
        if not out:
            raise ValueError("must list at least one")
        return out

    return Annotated[list[str], BeforeValidator(_split), AfterValidator(check)]


def _phone(v: str) -> str:
    with suppress(phonenumbers.NumberParseException):
        number = phonenumbers.parse(v, "US")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(f"{v!r} is not a valid phone number")


def _timezone(v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{v!r} is not an IANA timezone (e.g. America/Chicago)") from None
    return v


def _clock(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool):  # YAML 1.1 reads 18:00 as 1080 minutes
        v = f"{v // 60}:{v % 60:02d}"
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", str(v).strip())
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"{v!r} is not a time HH:MM between 00:00 and 23:59")
    return f"{int(m[1]):02d}:{m[2]}"


def _days(v: Any) -> list[str]:
    if not isinstance(v, str | list):
        raise ValueError(f"{v!r} is not a list of days")
    picked: set[str] = set()
    for token in v.split(",") if isinstance(v, str) else v:
        first, _, last = str(token).strip().lower().partition("-")
        last = last or first
        if first not in DAYS or last not in DAYS or DAYS.index(first) > DAYS.index(last):
            raise ValueError(f"{token!r} is not a day or day range (mon..sun, e.g. mon-fri)")
        picked.update(DAYS[DAYS.index(first) : DAYS.index(last) + 1])
    if not picked:
        raise ValueError("must list at least one day")
    return [d for d in DAYS if d in picked]


def _hours(v: Any) -> Any:
    if not isinstance(v, str):
        return v
    m = re.fullmatch(r"(\S+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})", v.strip())
    if not m:
        raise ValueError(f"{v!r} is not working hours like 'mon-fri 09:00-18:00'")
    return {"days": m[1], "start": m[2], "end": m[3]}


def format_hours(hours: dict[str, Any]) -> str:
    """The string form of stored working hours; three or more days in a row become a range."""
    runs: list[list[str]] = []
    for day in hours["days"]:
        if runs and DAYS.index(day) == DAYS.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    days = ",".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ",".join(r) for r in runs)
    return f"{days} {hours['start']}-{hours['end']}"


Slug = _pattern(r"[a-z0-9][a-z0-9_-]{0,63}", "a slug (a-z, 0-9, '-' or '_'; at most 64)")
NmlsId = _pattern(r"\d{1,12}", "an NMLS id (1 to 12 digits)")
SlackUserId = _pattern(r"[UW][A-Z0-9]{2,31}", "a Slack user id (U or W, then A-Z, 0-9)")
States = Annotated[_codes(USPS_STATES, "a USPS state code", str.upper), AfterValidator(sorted)]
Languages = _codes(LANGUAGES, "a supported language (en, es)", str.lower)
Products = _codes(PRODUCTS, f"a known product ({', '.join(sorted(PRODUCTS))})", str.lower)
CreditBands = _codes(
    CREDIT_BANDS, f"a credit band ({', '.join(sorted(CREDIT_BANDS))})", lambda v: v.strip()
)


def _zip_prefixes(values: list[Any]) -> list[str]:
    out: list[str] = []
    for raw in values:
        v = str(raw).strip()
        if not re.fullmatch(r"\d{3,5}", v):
            raise ValueError(f"{raw!r} is not a ZIP prefix (3 to 5 digits, quoted in YAML)")
        if v not in out:
            out.append(v)
    if not out:
        raise ValueError("must list at least one")
    return out


ZipPrefixes = Annotated[list[Any], BeforeValidator(_split), AfterValidator(_zip_prefixes)]
Usd = Annotated[int, Field(ge=0, le=100_000_000)]


class WorkingHours(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: Annotated[list[str], BeforeValidator(_days)]
    start: Annotated[str, BeforeValidator(_clock)]
    end: Annotated[str, BeforeValidator(_clock)]

    @model_validator(mode="after")
    def _start_before_end(self) -> WorkingHours:
        if self.start >= self.end:
            raise ValueError(f"start {self.start} must be before end {self.end}")
        return self


class RosterEntry(BaseModel):
    """One loan officer as the roster file describes it, validated and normalized."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Slug
    name: Annotated[str, Field(min_length=1, max_length=120)]
    nmls_id: NmlsId
    phone: Annotated[str, BeforeValidator(_as_text), AfterValidator(_phone)]
    slack_user_id: SlackUserId
    timezone: Annotated[str, AfterValidator(_timezone)]
    licensed_states: States
    languages: Languages
    products: Products
    max_active_intros: Annotated[int, Field(ge=0, le=100)]
    working_hours: Annotated[WorkingHours | None, BeforeValidator(_hours)] = None
    active: bool = True
    # Optional, read by the matcher's score (absent: no preference).
    price_min_usd: Usd | None = None
    price_max_usd: Usd | None = None
    credit_bands: CreditBands | None = None
    zip_prefixes: ZipPrefixes | None = None  # metro / ZIP preference within licensed states
    daily_cap: Annotated[int, Field(ge=1, le=1000)] | None = None
    team: Annotated[str, Field(min_length=1, max_length=64)] | None = None  # dashboard filter

    @field_validator("price_max_usd")
    @classmethod
    def _price_range(cls, hi: int | None, info: ValidationInfo) -> int | None:
        lo = info.data.get("price_min_usd")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"{hi} is below price_min_usd {lo}")
        return hi


FIELDS = tuple(RosterEntry.model_fields)
MATCHING_FIELDS = ("price_min_usd", "price_max_usd", "credit_bands", "zip_prefixes", "daily_cap")
OMITTED_WHEN_EMPTY = (*MATCHING_FIELDS, "team")
REQUIRED = tuple(n for n, f in RosterEntry.model_fields.items() if f.is_required())


# --- files -----------------------------------------------------------------------------------


def load_roster_file(path: str | Path) -> list[RosterEntry]:
    """Read and validate a whole roster file; raise RosterError at the first problem."""
    path = Path(path)
    entries: list[RosterEntry] = []
    for n, raw in enumerate(_read_rows(path), start=1):
        lo_id = raw.get("id")
        where = f"{path.name} row {n}" + (f" (id={lo_id})" if lo_id not in (None, "") else "")
        given = {k: v for k, v in raw.items() if v not in ("", None)}  # empty means missing
        try:
            entry = RosterEntry.model_validate(given)
        except ValidationError as exc:
            raise RosterError(f"{where}: {_describe(exc.errors()[0])}") from exc
        for other_n, other in enumerate(entries, start=1):
            if other.id == entry.id:
                raise RosterError(f"{where}: id: duplicate of row {other_n}")
            if other.nmls_id == entry.nmls_id:
                raise RosterError(
                    f"{where}: nmls_id: {entry.nmls_id!r} is already used by "
                    f"row {other_n} (id={other.id})"
                )
        entries.append(entry)
    return entries


def _describe(err: ErrorDetails) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    if err["type"] == "missing":
        return f"{where}: is required"
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown field"
    if err["type"] == "value_error":
        return f"{where}: {err.get('ctx', {}).get('error', err['msg'])}"
    return f"{where}: {err['msg']} (got {err['input']!r})"


def _suffix(path: Path) -> str:
    if (suffix := path.suffix.lower()) not in SUFFIXES:
        raise RosterError(f"{path.name}: unknown extension {suffix!r}; use .yml, .yaml or .csv")
    return suffix


def _read_rows(path: Path) -> list[dict[str, Any]]:
    suffix = _suffix(path)
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


# --- the database ----------------------------------------------------------------------------


@contextmanager
def _session(target: sessionmaker[Session] | Session) -> Iterator[Session]:
    """A Session is used as is (its owner commits); a sessionmaker gets its own transaction."""
    if isinstance(target, Session):
        yield target
    else:
        with transaction(target) as session:
            yield session


def import_roster(
    target: sessionmaker[Session] | Session, path: str | Path, by: str | None = None
) -> ImportResult:
    """Validate the whole file, then create or update its LOs; others are left untouched.

    Each LO the import creates or changes gets an audit row (unchanged ones get none)."""
    name, entries, result = Path(path).name, load_roster_file(path), ImportResult()
    try:
        with _session(target) as session:
            ids = [e.id for e in entries]
            existing = {lo.id: lo for lo in session.scalars(_los().where(LoanOfficer.id.in_(ids)))}
            clash = session.execute(
                select(LoanOfficer.nmls_id, LoanOfficer.id).where(
                    LoanOfficer.nmls_id.in_([e.nmls_id for e in entries]),
                    LoanOfficer.id.not_in(ids),
                )
            ).first()
            if clash:
                n, entry = next((n, e) for n, e in enumerate(entries, 1) if e.nmls_id == clash[0])
                raise RosterError(
                    f"{name} row {n} (id={entry.id}): nmls_id: {clash[0]!r} already "
                    f"belongs to loan officer {clash[1]!r}, who is not in this file"
                )
            for entry in entries:
                before = None
                if (lo := existing.get(entry.id)) is not None:
                    result.updated.append(entry.id)
                    before = _row(lo)
                else:
                    lo = LoanOfficer(id=entry.id)
                    session.add(lo)
                    result.created.append(entry.id)
                _apply(lo, entry)
                _audit(session, lo, "import", before, by, source=name)
            session.flush()
    except IntegrityError as exc:
        raise RosterError(f"{name}: the database refused the roster: {exc.orig}") from exc
    return result


def _los() -> Select[tuple[LoanOfficer]]:
    return select(LoanOfficer).options(selectinload(LoanOfficer.licenses))


def _apply(lo: LoanOfficer, entry: RosterEntry) -> None:
    for name in FIELDS:
        if name not in ("id", "licensed_states", "working_hours"):
            setattr(lo, name, deepcopy(getattr(entry, name)))
    lo.working_hours = entry.working_hours.model_dump() if entry.working_hours else None
    kept = {lic.state: lic for lic in lo.licenses}
    lo.licenses = [kept.get(state) or License(state=state) for state in entry.licensed_states]


def list_roster(target: sessionmaker[Session] | Session) -> list[dict[str, Any]]:
    """Every LO in the database, by id, as plain dicts with the roster file's fields."""
    with _session(target) as session:
        los = session.scalars(_los().order_by(LoanOfficer.id))
        return [_row(lo) for lo in los]


def _row(lo: LoanOfficer) -> dict[str, Any]:
    """The file's fields; the optional matching fields only when the LO has them."""
    row = {f: deepcopy(getattr(lo, f)) for f in FIELDS}
    return {k: v for k, v in row.items() if k not in OMITTED_WHEN_EMPTY or v is not None}


def export_roster(target: sessionmaker[Session] | Session, path: str | Path) -> int:
    """Write every LO to a YAML or CSV file that import_roster reads back; return the count."""
    path = Path(path)
    suffix, rows = _suffix(path), list_roster(target)
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


# --- single changes and the audit trail ------------------------------------------------------


def default_actor() -> str:
    """Who made a change when `--by` is not given: the operating-system user."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (e.g. a container without a passwd entry)
        return "unknown"


def _audit(
    session: Session,
    lo: LoanOfficer,
    action: str,
    before: dict[str, Any] | None,
    by: str | None,
    source: str | None = None,
) -> bool:
    """Record one change to `lo`; a change that changes nothing is not recorded."""
    after = _row(lo)
    if before == after:
        return False
    session.add(
        RosterAudit(
            actor=by or default_actor(),
            action=action,
            lo_id=lo.id,
            source=source,
            before=before,
            after=after,
        )
    )
    return True


def validate_entry(data: dict[str, Any], where: str = "") -> RosterEntry:
    """One LO's fields, validated as an import would; RosterError names the field."""
    given = {k: v for k, v in data.items() if v not in ("", None)}
    try:
        return RosterEntry.model_validate(given)
    except ValidationError as exc:
        lo_id = given.get("id")
        prefix = where or (f"loan officer {lo_id!r}" if lo_id else "loan officer")
        raise RosterError(f"{prefix}: {_describe(exc.errors()[0])}") from exc


def add_lo(
    target: sessionmaker[Session] | Session, data: dict[str, Any], by: str | None = None
) -> RosterEntry:
    """Create one LO; an id or NMLS id already in the roster is an error, not an update."""
    entry = validate_entry(data)
    try:
        with _session(target) as session:
            if session.get(LoanOfficer, entry.id) is not None:
                raise RosterError(
                    f"loan officer {entry.id!r} is already in the roster; "
                    "change them with pause/resume/licenses or a roster import"
                )
            holder = session.scalar(
                select(LoanOfficer.id).where(LoanOfficer.nmls_id == entry.nmls_id)
            )
            if holder is not None:
                raise RosterError(
                    f"loan officer {entry.id!r}: nmls_id: {entry.nmls_id!r} already "
                    f"belongs to loan officer {holder!r}"
                )
            lo = LoanOfficer(id=entry.id)
            session.add(lo)
            _apply(lo, entry)
            _audit(session, lo, "add", None, by)
            session.flush()
    except IntegrityError as exc:
        raise RosterError(f"the database refused loan officer {entry.id!r}: {exc.orig}") from exc
    return entry


def _change(
    target: sessionmaker[Session] | Session,
    lo_id: str,
    action: str,
    edit: Callable[[dict[str, Any]], dict[str, Any]],
    by: str | None,
) -> bool:
    """Load an LO's roster fields, edit them, validate, store and audit; False: no change."""
    with _session(target) as session:
        lo = session.scalars(_los().where(LoanOfficer.id == lo_id).with_for_update()).first()
        if lo is None:
            raise RosterError(f"no loan officer with id {lo_id!r} (see `mm roster list`)")
        before = _row(lo)
        entry = validate_entry(edit(deepcopy(before)))
        _apply(lo, entry)
        changed = _audit(session, lo, action, before, by)
        session.flush()
        return changed


def set_active(
    target: sessionmaker[Session] | Session, lo_id: str, active: bool, by: str | None = None
) -> bool:
    """Pause (no new introductions) or resume an LO; False when they already were."""
    return _change(
        target, lo_id, "resume" if active else "pause", lambda row: row | {"active": active}, by
    )


def edit_licenses(
    target: sessionmaker[Session] | Session,
    lo_id: str,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    by: str | None = None,
) -> bool:
    """Add and remove licensed states (USPS codes); an LO keeps at least one."""

    def edit(row: dict[str, Any]) -> dict[str, Any]:
        held = list(row["licensed_states"])
        for raw in remove:
            code = raw.strip().upper()
            if code not in held:
                raise RosterError(
                    f"loan officer {lo_id!r}: cannot remove {raw!r}: "
                    f"not one of their licences ({', '.join(row['licensed_states'])})"
                )
            held.remove(code)
        held += [raw.strip().upper() for raw in add]
        if not held:
            raise RosterError(f"loan officer {lo_id!r}: must keep at least one licensed state")
        return row | {"licensed_states": held}

    return _change(target, lo_id, "licenses", edit, by)


def audit_log(
    target: sessionmaker[Session] | Session, lo_id: str | None = None, limit: int = 50
) -> list[dict[str, Any]]:
    """The newest roster changes first, each with only the fields that changed."""
    with _session(target) as session:
        query = select(RosterAudit).order_by(RosterAudit.id.desc()).limit(limit)
        if lo_id is not None:
            query = query.where(RosterAudit.lo_id == lo_id)
        rows = session.scalars(query).all()
        return [
            {
                "at": r.at.isoformat(),
                "by": r.actor,
                "action": r.action,
                "lo_id": r.lo_id,
                **({"source": r.source} if r.source else {}),
                "changes": _diff(r.before, r.after),
            }
            for r in rows
        ]


def _diff(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    if before is None:
        return {"created": after}
    keys = [k for k in (*after, *before) if before.get(k) != after.get(k)]
    return {k: [before.get(k), after.get(k)] for k in dict.fromkeys(keys)}
