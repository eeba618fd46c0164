"""Matching v0: hard filters, then a simple fit score; exactly one LO or nobody.

Only the qualification's business facts are inputs. Protected characteristics (and the
borrower's name or phone, which can proxy for them) never reach this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

# Loan limits above which a purchase needs a jumbo product (2025 baseline, one unit).
CONFORMING_LIMIT_USD = 806_500
LOWER_CREDIT_BANDS = frozenset({"620-679", "580-619", "<580"})


@dataclass(frozen=True)
class Borrower:
    """The inputs the matcher may use, and nothing else."""

    loan_purpose: str
    property_state: str
    price_usd: int
    credit_band: str
    language: str = "en"


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    licensed_states: frozenset[str] | set[str]
    active: bool
    active_intros: int
    max_active_intros: int
    languages: frozenset[str] | set[str]
    products: frozenset[str] | set[str]


@dataclass(frozen=True)
class Assessment:
    lo_id: str
    name: str
    eligible: bool
    score: float
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Decision:
    chosen_id: str | None
    reason: str
    assessments: list[Assessment]

    def as_record(self) -> dict[str, object]:
        return {"chosen": self.chosen_id, "assessments": [asdict(a) for a in self.assessments]}


def needed_products(b: Borrower) -> set[str]:
    """Products of which the LO must offer at least one for this borrower."""
    if b.loan_purpose == "heloc":
        return {"heloc"}
    if b.price_usd > CONFORMING_LIMIT_USD:
        return {"jumbo"}
    if b.credit_band in LOWER_CREDIT_BANDS:
        return {"fha", "va", "usda", "conventional"} if b.credit_band == "620-679" else {"fha"}
    return {"conventional", "fha", "va", "usda"}


def assess(b: Borrower, c: Candidate) -> Assessment:
    notes: list[str] = []
    if b.property_state not in c.licensed_states:
        return Assessment(c.id, c.name, False, 0.0, [f"not licensed in {b.property_state}"])
    if not c.active:
        return Assessment(c.id, c.name, False, 0.0, ["paused"])
    if c.active_intros >= c.max_active_intros:
        return Assessment(c.id, c.name, False, 0.0, [f"at capacity ({c.active_intros})"])
    offered = needed_products(b) & set(c.products)
    if not offered:
        wanted = "/".join(sorted(needed_products(b)))
        return Assessment(c.id, c.name, False, 0.0, [f"offers no {wanted} product"])

    notes.append(f"licensed in {b.property_state}")
    score = 1.0 + 0.5 * (len(offered) / len(needed_products(b)))
    notes.append("offers " + ", ".join(sorted(offered)))
    if b.language in c.languages:
        score += 1.0
        notes.append(f"speaks {b.language}")
    load = c.active_intros / c.max_active_intros if c.max_active_intros else 1.0
    score += 0.5 * (1.0 - load)
    notes.append(f"{c.active_intros} of {c.max_active_intros} intro slots in use")
    return Assessment(c.id, c.name, True, round(score, 4), notes)


def choose(b: Borrower, candidates: Iterable[Candidate], exclude: Sequence[str] = ()) -> Decision:
    """Exactly one eligible LO with the best score (ties by id, so the choice is stable)."""
    assessments = []
    for c in candidates:
        if c.id in exclude:
            assessments.append(Assessment(c.id, c.name, False, 0.0, ["already offered"]))
        else:
            assessments.append(assess(b, c))
    eligible = sorted((a for a in assessments if a.eligible), key=lambda a: (-a.score, a.lo_id))
    if not eligible:
        return Decision(None, f"No active LO licensed in {b.property_state} has room.", assessments)
    best = eligible[0]
    reason = f"{best.name}: " + "; ".join(best.notes)
    if len(eligible) > 1:
        reason += f" (score {best.score} vs next {eligible[1].score})"
    return Decision(best.lo_id, reason, assessments)
