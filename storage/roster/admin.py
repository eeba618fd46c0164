"""The roster in the database: listing, one change at a time (add, pause, resume, licences),
and the audit trail each change leaves (who, when, the fields before and after)."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from copy import deepcopy
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from storage.db import transaction
from storage.models import License, LoanOfficer, RosterAudit
from storage.roster.fields import (
    FIELDS,
    OMITTED_WHEN_EMPTY,
    RosterEntry,
    RosterError,
    validate_entry,
)


@contextmanager
def session_for(target: sessionmaker[Session] | Session) -> Iterator[Session]:
    """A Session is used as is (its owner commits); a sessionmaker gets its own transaction."""
    if isinstance(target, Session):
        yield target
    else:
        with transaction(target) as session:
            yield session


def with_licenses() -> Select[LoanOfficer]:
    return select(LoanOfficer).options(selectinload(LoanOfficer.licenses))


def apply_entry(lo: LoanOfficer, entry: RosterEntry) -> None:
    for name in FIELDS:
        if name not in ("id", "licensed_states", "working_hours"):
            setattr(lo, name, deepcopy(getattr(entry, name)))
    lo.working_hours = entry.working_hours.model_dump() if entry.working_hours else None
    kept = {lic.state: lic for lic in lo.licenses}
    lo.licenses = [kept.get(state) or License(state=state) for state in entry.licensed_states]


def list_roster(target: sessionmaker[Session] | Session) -> list[dict[str, Any]]:
    """Every LO in the database, by id, as plain dicts with the roster file's fields."""
    with session_for(target) as session:
        los = session.scalars(with_licenses().order_by(LoanOfficer.id))
        return [roster_row(lo) for lo in los]


def roster_row(lo: LoanOfficer) -> dict[str, Any]:
    """The file's fields; the optional matching fields only when the LO has them."""
    row = {f: deepcopy(getattr(lo, f)) for f in FIELDS}
    return {k: v for k, v in row.items() if k not in OMITTED_WHEN_EMPTY or v is not None}


def default_actor() -> str:
    """Who made a change when `--by` is not given: the operating-system user."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (e.g. a container without a passwd entry)
        return "unknown"


def record_change(
    session: Session,
    lo: LoanOfficer,
    action: str,
    before: dict[str, Any] | None,
    by: str | None,
    source: str | None = None,
) -> bool:
    """Record one change to `lo`; a change that changes nothing is not recorded."""
    after = roster_row(lo)
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


def add_lo(
    target: sessionmaker[Session] | Session, data: dict[str, Any], by: str | None = None
) -> RosterEntry:
    """Create one LO; an id or NMLS id already in the roster is an error, not an update."""
    entry = validate_entry(data)
    try:
        with session_for(target) as session:
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
            apply_entry(lo, entry)
            record_change(session, lo, "add", None, by)
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
    with session_for(target) as session:
        lo = session.scalars(
            with_licenses().where(LoanOfficer.id == lo_id).with_for_update()
        ).first()
        if lo is None:
            raise RosterError(f"no loan officer with id {lo_id!r} (see `mm roster list`)")
        before = roster_row(lo)
        entry = validate_entry(edit(deepcopy(before)))
        apply_entry(lo, entry)
        changed = record_change(session, lo, action, before, by)
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
    with session_for(target) as session:
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
