"""Why the matcher chose whom it chose, in words an LO manager can read.

`winner` and `nobody` write the one-line reason at choice time (it goes on the Slack card);
`assessments` and `record` write every candidate's verdict afterwards; `explain` turns a
stored record back into a short report.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from matching.bayes import parse, sigmoid
from matching.rules import PRODUCT_NAMES, preferred_products, product_preferences, program

if TYPE_CHECKING:
    from matching.core import Assessment, Decision, Workings

RECORD_VERSION = 3
LABELS = {
    "purpose:purchase": "purchases",
    "purpose:refinance": "refinances",
    "purpose:cash_out_refinance": "cash-out refinances",
    "purpose:heloc": "HELOCs",
    "lang:en": "English-speaking borrowers",
    "lang:es": "Spanish-speaking borrowers",
    "va": "VA-eligible borrowers",
    "self_employed": "self-employed borrowers",
    "price:under_250k": "loans under $250k",
    "price:250k_500k": "loans of $250k-500k",
    "price:500k_conforming": "loans of $500k up to the conforming limit",
    "price:jumbo": "jumbo loans",
}
SURE = 1.0  # an LO effect this many posterior sds from 0 (~84% sure of its sign) is said
UNSEEN = 0.9  # above this share: (next to) no outcomes with that trait yet


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _exclusion(w: Workings, code: str, i: int) -> str:
    pool, b = w.pool, w.borrower
    if code == "excluded":
        return "already offered this borrower"
    if code == "unlicensed":
        return f"not licensed in {b.property_state}"
    if code == "paused":
        return "paused (inactive in the roster, or unavailable in Slack)"
    if code == "full":
        return f"at capacity ({pool.live[i]} of {pool.cap[i]} introductions live)"
    if code == "daily_cap":
        return f"daily cap reached ({pool.today[i]} of {pool.daily[i]} offers today)"
    if code == "product":
        offered = set(pool.candidates[i].products)
        missing = [why for why, group in w.needs if not offered & group]
        return "offers no " + " and no ".join(missing)
    if code == "unfit":
        lo_id = pool.ids[i]
        seen = w.stats.unfit.get(lo_id, set())
        if f"state:{b.property_state}" in seen:
            return f"passed an earlier offer saying they are not licensed in {b.property_state}"
        return "passed an earlier offer of a borrower like this as not their product"
    if code == "language":
        name = LANGUAGE_NAMES.get(b.language, b.language)
        return f"does not speak {name}, and an eligible LO who does is available"
    raise ValueError(code)


LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def _bonus_words(w: Workings, k: int) -> list[str]:
    """The reasons behind eligible LO number k (index into w.eligible), strongest first."""
    i = int(w.eligible[k])
    c, b = w.pool.candidates[i], w.borrower
    words: list[tuple[float, str]] = []
    bonus = {name: float(arr[k]) for name, arr in w.bonuses.items()}
    if bonus["language"] > 0:
        words.append((bonus["language"], f"speaks {b.language}"))
    else:
        words.append((0.0, f"does not speak {b.language}"))
    if bonus.get("language_reserve", 0.0) < 0:
        extra = ", ".join(sorted(set(c.languages) - {b.language}))
        words.append(
            (bonus["language_reserve"], f"also speaks {extra}: kept for those borrowers first")
        )
    if bonus["price"] > 0:
        words.append((bonus["price"], f"price ${b.price_usd:,} is in their range"))
    elif bonus["price"] < 0:
        words.append((bonus["price"], f"price ${b.price_usd:,} is outside their range"))
    if bonus["credit"] > 0:
        words.append((bonus["credit"], f"serves credit band {b.credit_band}"))
    elif bonus["credit"] < 0:
        words.append((bonus["credit"], f"does not list credit band {b.credit_band}"))
    if bonus["products"] > 0:
        suits = sorted(preferred_products(b) & set(c.products))
        words.append((bonus["products"], "offers " + ", ".join(suits)))
    for product, why in product_preferences(b):
        name = PRODUCT_NAMES[product]
        if product in c.products:
            words.append((0.05, f"offers {name} ({why})"))
        else:
            words.append((WEIGHTS_GAP, f"does not offer {name} ({why}; a preference, not a rule)"))
    if bonus["zip"] > 0:
        words.append((bonus["zip"], f"prefers ZIP {b.property_zip} (metro preference)"))
    elif bonus["zip"] < 0:
        words.append((bonus["zip"], f"prefers other ZIPs than {b.property_zip}"))
    wait = float(w.hours_wait[k])
    if wait == 0:
        words.append((bonus["hours"], f"inside working hours now ({c.timezone})"))
    else:
        words.append((bonus["hours"], f"next working hours in {wait:.1f} h ({c.timezone})"))
    live, cap = int(w.pool.live[i]), int(w.pool.cap[i])
    words.append((bonus["room"], f"{live} of {cap} intro slots in use"))
    minutes = w.pool.speed[i]
    if not np.isnan(minutes):
        words.append((bonus["speed"], f"accepts offers in ~{minutes:.0f} min lately"))
    words.sort(key=lambda t: -t[0])
    return [text for _, text in words]


WEIGHTS_GAP = -0.15  # the order of the product-gap words (matching.core.WEIGHTS)


def _label(feature: str) -> str:
    if feature.startswith("band:"):
        return f"credit {feature[5:]} borrowers"
    if feature.startswith("state:"):
        return f"{feature[6:]} borrowers"
    return LABELS.get(feature, feature)


def learned_words(w: Workings, k: int) -> list[str]:
    """What the LO's own outcomes say against the market, e.g. "converts borrowers like this
    1.3x the market; converts refinances 1.4x the market", and which of the borrower's traits
    the LO has no outcomes with yet."""
    if w.prior.model != "logistic" or not w.resolved[k]:
        return []
    weights, lo_id = w.stats.weights, w.pool.ids[int(w.eligible[k])]
    market = min(max(float(w.market[k]), 1e-6), 1 - 1e-6)
    base = float(np.log(market / (1 - market)))
    _, lo_features = parse(f"{w.borrower.property_state}|" + "|".join(_fields(w)))
    words: list[tuple[float, str]] = []
    ratio = w.expected(k) / market
    if abs(ratio - 1) >= 0.1:
        words.append((abs(ratio - 1) + 1, f"converts borrowers like this {ratio:.1f}x the market"))
    unsure: list[str] = []
    for f in lo_features:
        m, v = weights.lo_get(lo_id, f)
        prior = weights.lo_prior_var(f)
        if f != "bias" and v > UNSEEN * prior:
            unsure.append(_label(f))
        elif f != "bias" and abs(m) >= SURE * math.sqrt(v):
            r = float(sigmoid(np.array(base + m))) / market
            if abs(r - 1) >= 0.1:
                words.append((abs(r - 1), f"converts {_label(f)} {r:.1f}x the market"))
    words.sort(key=lambda t: -t[0])
    out = [text for _, text in words[:3]]
    if unsure:
        out.append("not yet enough outcomes with " + ", ".join(unsure[:3]) + " to say")
    return out


def _fields(w: Workings) -> list[str]:
    b = w.borrower
    return [
        b.loan_purpose or "any", b.credit_band or "any", program(b), b.language,
        ",".join(w.extras),
    ]  # fmt: skip


def _conversion_words(w: Workings, k: int) -> str:
    n = int(w.resolved[k])
    seen = f"{n} resolved introduction{'s' if n != 1 else ''}" if n else "no outcomes yet"
    text = (
        f"expected conversion {_pct(w.expected(k))} for this borrower "
        f"({seen}; sampled {_pct(w.theta[k])})"
    )
    learned = learned_words(w, k)
    return text + ("; " + "; ".join(learned) if learned else "")


def winner(w: Workings, best: int) -> str:
    i = int(w.eligible[best])
    c = w.pool.candidates[i]
    parts = [f"licensed in {w.borrower.property_state}", *_bonus_words(w, best)]
    parts.append(_conversion_words(w, best))
    reason = f"{c.name}: " + "; ".join(parts)
    if w.language_fallback:
        name = LANGUAGE_NAMES.get(w.borrower.language, w.borrower.language)
        reason = f"No eligible LO speaks {name}, so one who does not was chosen. " + reason
    if len(w.eligible) > 1:
        others = w.score.copy()
        others[best] = -np.inf
        second = int(np.argmax(others))
        other = w.pool.candidates[int(w.eligible[second])]
        reason += (
            f" (score {w.score[best]:.3f} vs next {other.name} {w.score[second]:.3f}; "
            f"{len(w.eligible)} eligible)"
        )
    return reason


def nobody(w: Workings) -> str:
    st = w.borrower.property_state
    if not len(w.licensed):
        return f"No LO licensed in {st}."
    from matching.core import EXCLUSIONS

    counts: dict[str, int] = {}
    for code in w.why_out:
        counts[EXCLUSIONS[code]] = counts.get(EXCLUSIONS[code], 0) + 1
    words = {
        "excluded": "already offered",
        "paused": "paused",
        "full": "at capacity",
        "daily_cap": "at their daily cap",
        "product": "without a fitting product",
        "unfit": "who passed on borrowers like this",
        "language": f"not speaking {LANGUAGE_NAMES.get(w.borrower.language, w.borrower.language)}",
    }
    detail = ", ".join(f"{n} {words[code]}" for code, n in counts.items())
    return f"No active LO licensed in {st} has room ({len(w.licensed)} licensed: {detail})."


def assessments(w: Workings) -> list[Assessment]:
    from matching.core import EXCLUSIONS, Assessment

    pool = w.pool
    out: dict[int, Assessment] = {}
    pos = {int(i): k for k, i in enumerate(w.eligible)}
    for j, i in enumerate(w.licensed):
        i = int(i)
        c = pool.candidates[i]
        if w.why_out[j] >= 0:
            why = _exclusion(w, EXCLUSIONS[w.why_out[j]], i)
            out[i] = Assessment(c.id, c.name, False, 0.0, [why], why)
        else:
            k = pos[i]
            notes = [*_bonus_words(w, k), _conversion_words(w, k)]
            out[i] = Assessment(c.id, c.name, True, round(float(w.score[k]), 4), notes)
    for i, c in enumerate(pool.candidates):
        if i not in out:
            why = _exclusion(w, "unlicensed", i)
            out[i] = Assessment(c.id, c.name, False, 0.0, [why], why)
    return [out[i] for i in sorted(out)]


def record(d: Decision) -> dict[str, Any]:
    """What the store keeps for every decision (JSON)."""
    w = d.workings
    pos = {int(i): k for k, i in enumerate(w.eligible)}
    cands = []
    for a in d.assessments:
        row: dict[str, Any] = {"id": a.lo_id, "name": a.name, "eligible": a.eligible}
        if a.eligible:
            k = pos[w.pool.index[a.lo_id]]
            row |= {
                "score": round(float(w.score[k]), 4),
                "conversion": {
                    "model": w.prior.model,
                    "expected": round(w.expected(k), 4),
                    "market": round(float(w.market[k]), 4),
                    "resolved": int(w.resolved[k]),
                    "sampled": round(float(w.theta[k]), 4),
                },
                "bonuses": {n: round(float(v[k]), 4) for n, v in w.bonuses.items()},
                "why": a.notes,
            }
        else:
            row["excluded"] = a.excluded
        cands.append(row)
    return {
        "version": RECORD_VERSION,
        "now": w.now.isoformat(),
        "inputs": w.borrower.as_inputs(),
        "segment": d.segment,
        "market_rate": round(w.p0, 4),
        "needs": [why for why, _ in w.needs],
        "chosen": d.chosen_id,
        "language_fallback": d.language_fallback,
        "reason": d.reason,
        "candidates": cands,
    }


def explain(rec: dict[str, Any]) -> str:
    """A short report of one stored decision for an LO manager."""
    facts = ", ".join(f"{k}={v}" for k, v in rec["inputs"].items() if v is not None)
    lines = [f"Decision at {rec['now']} for a borrower with {facts}."]
    if rec.get("needs"):
        lines.append("Needed: " + "; ".join(rec["needs"]) + ".")
    considered = rec["candidates"]
    ok = [c for c in considered if c["eligible"]]
    lines.append(f"Considered {len(considered)} LOs; {len(ok)} eligible.")
    for c in considered:
        if not c["eligible"]:
            lines.append(f"  - {c['name']} ({c['id']}): excluded, {c['excluded']}.")
    for c in sorted(ok, key=lambda c: -c["score"]):
        mark = "CHOSEN" if c["id"] == rec["chosen"] else "eligible"
        lines.append(
            f"  - {c['name']} ({c['id']}): {mark}, score {c['score']}; " + "; ".join(c["why"])
        )
    lines.append("Why: " + rec["reason"])
    return "\n".join(lines)
