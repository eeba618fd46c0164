"""The loan-officer roster: validate a YAML or CSV file, then upsert it in one transaction.

fields.py validates one LO; files.py reads, imports and exports whole files; admin.py lists,
changes one LO at a time and keeps the audit trail.

Import upserts by ``id``: LOs in the file are created or updated (licenses replaced). LOs
absent from the file are left untouched; set ``active: false`` to retire one. A bad file
raises RosterProblems naming every bad row and field at once, and nothing is written.

YAML holds one key, ``loan_officers``, with a list of LOs. CSV holds one LO per row, list
fields separated by ``;`` or ``|`` (``TX;CA``). working_hours, in the LO's timezone, is
``DAYS HH:MM-HH:MM`` where DAYS is a comma list of days or day ranges (``mon-fri 09:00-18:00``,
``mon,wed,fri-sat 08:30-12:00``); YAML may also give ``{days: [mon, tue], start: "09:00",
end: "18:00"}``. Both are stored as ``{"days": ["mon", ...], "start": "HH:MM", "end": "HH:MM"}``.
"""

from storage.roster.admin import (
    add_lo,
    audit_log,
    default_actor,
    edit_licenses,
    list_roster,
    set_active,
)
from storage.roster.fields import FIELDS, RosterEntry, RosterError, format_hours, validate_entry
from storage.roster.files import (
    ImportResult,
    Problem,
    RosterProblems,
    export_roster,
    import_roster,
    load_roster_file,
)

__all__ = [
    "FIELDS",
    "ImportResult",
    "Problem",
    "RosterEntry",
    "RosterError",
    "RosterProblems",
    "add_lo",
    "audit_log",
    "default_actor",
    "edit_licenses",
    "export_roster",
    "format_hours",
    "import_roster",
    "list_roster",
    "load_roster_file",
    "set_active",
    "validate_entry",
]
