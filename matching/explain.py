"""Why the matcher chose whom it chose, in words an LO manager can read.

`winner` and `nobody` write the one-line reason at choice time (it goes on the Slack card);
`assessments` and `record` write every candidate's verdict afterwards; `explain` turns a
stored record back into a short report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from matching.rules import preferred_products

if TYPE_CHECKING:
    from matching.core import Assessment, Decision, Workings

RECORD_VERSION = 2


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
    raise ValueError(code)


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


def _conversion_words(w: Workings, k: int) -> str:
    a, b = float(w.alpha[k]), float(w.beta[k])
    n = int(w.resolved[k])
    mean = a / (a + b)
    seen = f"{n} resolved introduction{'s' if n != 1 else ''}" if n else "no outcomes yet"
    return f"expected conversion {_pct(mean)} in this segment ({seen}; sampled {_pct(w.theta[k])})"


def winner(w: Workings, best: int) -> str:
    i = int(w.eligible[best])
    c = w.pool.candidates[i]
    parts = [f"licensed in {w.borrower.property_state}", *_bonus_words(w, best)]
    parts.append(_conversion_words(w, best))
    reason = f"{c.name}: " + "; ".join(parts)
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
                    "alpha": round(float(w.alpha[k]), 3),
                    "beta": round(float(w.beta[k]), 3),
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
