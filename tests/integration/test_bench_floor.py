"""benchmarks.floor at tiny size: a production turn's required parts alone, timed on this
machine's PostgreSQL and Redis with a real RQ worker process, so the floor it reports cannot rot."""

from __future__ import annotations

import pytest

from benchmarks import floor, report

pytestmark = pytest.mark.integration


def test_the_floor_times_every_required_part_and_sets_it_against_rasa() -> None:
    result = floor.run(5, bare_ms=26.0)
    steps = result["steps"]
    assert list(steps) == ["webhook", "store", "queue_hop", "outbox", "send"]
    for name, s in steps.items():
        assert 0 < s["p50_ms"] <= s["p95_ms"], (name, s)
    assert result["floor_p50_ms"] == pytest.approx(sum(s["p50_ms"] for s in steps.values()))
    assert result["allowance_ms"] == pytest.approx(3.9)
    assert result["best_possible_ratio"] == pytest.approx(
        (26.0 + result["floor_p50_ms"]) / 26.0, abs=0.01
    )
    scaled = {"runs": [{"borrowers": 1, "bare_rasa": {"p50_ms": 26.0}}]}
    text = report.floor(result, scaled)
    assert "queue hop" in text and "allows 3.9 ms" in text
