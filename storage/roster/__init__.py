"""The loan-officer roster (being split by job: see the next commit)."""

from storage.roster.fields import *  # noqa: F403
from storage.roster.fields import RosterError, import_roster  # noqa: F401
