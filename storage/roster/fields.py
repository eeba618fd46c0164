"""One loan officer's roster fields and their validation: each error names the field.

The file format is described in storage/roster/__init__.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from contextlib import suppress
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
import us
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

from vocabulary import CREDIT_BANDS, DAYS, LANGUAGES, PRODUCTS

# The states, DC and the territories: NMLS licenses loan officers in Puerto Rico and the
# others too, and the dialogue records them as the home's place.
USPS_STATES = frozenset({s.abbr for s in us.STATES_AND_TERRITORIES} | {us.states.DC.abbr})


class RosterError(Exception):
    """A roster that cannot be imported; the message names the file, row and field."""


# --- fields ----------------------------------------------------------------------------------


def _as_text(v: Any) -> Any:
    # YAML reads an unquoted +15125550101 or 123456 as an int; take it as written.
    return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


def _matches(regex: str, what: str) -> Callable[[str], str]:
    def check(v: str) -> str:
        if not re.fullmatch(regex, v):
            raise ValueError(f"{v!r} is not {what}")
        return v

    return check


def _split(v: Any) -> Any:
    return [p.strip() for p in re.split(r"[;|]", v) if p.strip()] if isinstance(v, str) else v


def _one_of(
    allowed: Collection[str], what: str, norm: Callable[[str], str]
) -> Callable[[list[str]], list[str]]:
    """A non-empty list of known codes (after `_split`, which cuts a string on ';' or '|')."""

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

    return check


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


Slug = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(
        _matches(r"[a-z0-9][a-z0-9_-]{0,63}", "a slug (a-z, 0-9, '-' or '_'; at most 64)")
    ),
]
NmlsId = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_matches(r"\d{1,12}", "an NMLS id (1 to 12 digits)")),
]
SlackUserId = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_matches(r"[UW][A-Z0-9]{2,31}", "a Slack user id (U or W, then A-Z, 0-9)")),
]
States = Annotated[
    list[str],
    BeforeValidator(_split),
    AfterValidator(_one_of(USPS_STATES, "a USPS state or territory code", str.upper)),
    AfterValidator(sorted),
]
Languages = Annotated[
    list[str],
    BeforeValidator(_split),
    AfterValidator(_one_of(LANGUAGES, "a supported language (en, es)", str.lower)),
]
Products = Annotated[
    list[str],
    BeforeValidator(_split),
    AfterValidator(
        _one_of(PRODUCTS, f"a known product ({', '.join(sorted(PRODUCTS))})", str.lower)
    ),
]
CreditBands = Annotated[
    list[str],
    BeforeValidator(_split),
    AfterValidator(
        _one_of(
            CREDIT_BANDS, f"a credit band ({', '.join(sorted(CREDIT_BANDS))})", lambda v: v.strip()
        )
    ),
]


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


def describe(err: ErrorDetails) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"]).lstrip(".")
    if err["type"] == "missing":
        return f"{where}: is required"
    if err["type"] == "extra_forbidden":
        return f"{where}: unknown field"
    if err["type"] == "value_error":
        return f"{where}: {err.get('ctx', {}).get('error', err['msg'])}"
    return f"{where}: {err['msg']} (got {err['input']!r})"


def validate_entry(data: dict[str, Any], where: str = "") -> RosterEntry:
    """One LO's fields, validated as an import would; RosterError names the field."""
    given = {k: v for k, v in data.items() if v not in ("", None)}
    try:
        return RosterEntry.model_validate(given)
    except ValidationError as exc:
        lo_id = given.get("id")
        prefix = where or (f"loan officer {lo_id!r}" if lo_id else "loan officer")
        raise RosterError(f"{prefix}: {describe(exc.errors()[0])}") from exc
