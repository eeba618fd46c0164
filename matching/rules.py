"""The business rules the matcher applies: products a borrower needs, segments, working hours.

Pure functions of the allowed borrower facts and an LO's roster fields; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

# core.py reads these three here.
from vocabulary import CREDIT_BANDS as CREDIT_BANDS
from vocabulary import DAYS
from vocabulary import LANGUAGES as LANGUAGES
from vocabulary import PRODUCTS as PRODUCTS

if TYPE_CHECKING:
    from matching.core import Borrower

# One-unit conforming loan limit (FHFA's 2026 baseline). The loan, not the price, must fit
# under it, and the loan is not asked: above the limit a jumbo LO is preferred; only a
# purchase at twice the limit (a loan over the limit even with half paid down) needs one.
CONFORMING_LIMIT_USD = 832_750
JUMBO_CERTAIN_USD = 2 * CONFORMING_LIMIT_USD
FHA_BANDS = frozenset({"580-619", "<580"})  # FHA territory (the learning segment "fha")
# Below 580 conventional approval is out of reach: FHA (or VA) is required. At 580-619 FHA
# is preferred; conventional loans are possible since Fannie Mae's Desktop Underwriter
# dropped its 620 minimum score (Nov 2025).
FHA_REQUIRED_BANDS = frozenset({"<580"})
FIRST_MORTGAGE = frozenset(PRODUCTS) - {"heloc"}


def product_needs(b: Borrower) -> list[tuple[str, frozenset[str]]]:
    """What the LO must offer: for each (why, products) pair, at least one of the products.

    Only what an LO truly cannot do without: a HELOC, a jumbo loan for a purchase at twice
    the conforming limit, FHA (or VA for a veteran) below 580, and a product the borrower
    asked for. The rest are preferences (`product_preferences`): VA for a veteran (who may
    want a conventional loan), bank-statement loans for the self-employed (most qualify
    with two years of tax returns), jumbo above the limit (a down payment can keep the loan
    under it), FHA at 580-619. A missing fact adds no requirement.
    """
    if b.loan_purpose == "heloc":
        return [("a HELOC", frozenset({"heloc"}))]
    needs: list[tuple[str, frozenset[str]]] = []
    if b.requested_product in PRODUCTS:
        needs.append(
            (f"{PRODUCT_NAMES[b.requested_product]} (the borrower asked for it)",
             frozenset({b.requested_product}))
        )  # fmt: skip
    if _jumbo_certain(b):
        needs.append(
            (
                f"jumbo loans (price ${b.price_usd:,} is over twice the conforming limit "
                f"${CONFORMING_LIMIT_USD:,})",
                frozenset({"jumbo"}),
            )
        )
    if b.credit_band in FHA_REQUIRED_BANDS:
        if b.va_eligible:
            needs.append(
                (f"FHA or VA loans (credit band {b.credit_band})", frozenset({"fha", "va"}))
            )
        else:
            needs.append((f"FHA loans (credit band {b.credit_band})", frozenset({"fha"})))
    if not needs and b.loan_purpose is not None:
        needs.append(("a first-mortgage product", FIRST_MORTGAGE))
    return needs


PRODUCT_NAMES = {
    "conventional": "conventional loans",
    "fha": "FHA loans",
    "va": "VA loans",
    "jumbo": "jumbo loans",
    "heloc": "HELOCs",
    "usda": "USDA loans",
    "bank_statement": "bank-statement loans",
}


def _jumbo_certain(b: Borrower) -> bool:
    return b.loan_purpose == "purchase" and (b.price_usd or 0) > JUMBO_CERTAIN_USD


def product_preferences(b: Borrower) -> list[tuple[str, str]]:
    """(product, why) the borrower would be better served by, without it being required."""
    out: list[tuple[str, str]] = []
    if b.requested_product is not None or b.loan_purpose == "heloc":
        return out
    if b.va_eligible:
        out.append(("va", "the borrower is VA-eligible"))
    if b.self_employed:
        out.append(("bank_statement", "the borrower is self-employed"))
    price = b.price_usd or 0
    if price > CONFORMING_LIMIT_USD and not _jumbo_certain(b):
        out.append(("jumbo", f"price ${price:,} is above the conforming limit"))
    if b.credit_band in FHA_BANDS - FHA_REQUIRED_BANDS:
        out.append(("fha", f"credit band {b.credit_band}"))
    return out


def preferred_products(b: Borrower) -> frozenset[str]:
    """Products that suit the borrower without being required (a small score bonus)."""
    wanted: set[str] = set()
    if b.first_time_buyer:
        wanted |= {"fha", "usda"}
    if b.credit_band == "620-679":
        wanted.add("fha")
    return frozenset(wanted)


def program(b: Borrower) -> str:
    """The loan programme family used to segment learning: va, fha or conv."""
    if b.va_eligible:
        return "va"
    if b.credit_band in FHA_BANDS:
        return "fha"
    return "conv"


def segment_of(b: Borrower) -> str:
    """The learning segment: state, purpose, credit band, programme, language."""
    return "|".join(
        (
            b.property_state,
            b.loan_purpose or "any",
            b.credit_band or "any",
            program(b),
            b.language,
        )
    )


@lru_cache(maxsize=4096)
def _clock(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(int(h), int(m))


def hours_until_open(hours: Mapping[str, Any] | None, tz: str, now: datetime) -> float:
    """0 when the LO is inside working hours at `now` (in their timezone), else hours to wait.

    None means the LO works any time. A schedule with no open day within a week is 168.
    """
    if not hours:
        return 0.0
    zone = ZoneInfo(tz)
    local = now.astimezone(zone)
    start, end = _clock(hours["start"]), _clock(hours["end"])
    days = hours["days"]
    for ahead in range(8):
        day = local.date() + timedelta(days=ahead)
        if DAYS[day.weekday()] not in days:
            continue
        opens = datetime.combine(day, start, tzinfo=zone)
        closes = datetime.combine(day, end, tzinfo=zone)
        if opens <= local < closes:
            return 0.0
        if opens > local:
            return (opens - local).total_seconds() / 3600
    return 168.0
