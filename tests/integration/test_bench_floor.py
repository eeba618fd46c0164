"""benchmarks.floor at tiny size: a production turn's required parts alone, timed on this
machine's PostgreSQL and Redis with a real RQ worker process, so the floor it reports cannot rot."""

from __future__ import annotations

import pytest

from benchmarks import floor, report

pytestmark = pytest.mark.integration


def test_the_floor_times_every_required_part_and_sets_it_against_rasa() -> None:
    result = floor.run(5, bare_ms=26.0, bare_cpu_ms=20.0)
    steps = result["steps"]
    assert list(steps) == ["webhook", "store", "queue_hop", "outbox", "send"]
    for name, s in steps.items():
        assert 0 < s["p50_ms"] <= s["p95_ms"], (name, s)
    assert result["floor_p50_ms"] == pytest.approx(sum(s["p50_ms"] for s in steps.values()))
    assert result["allowance_ms"] == pytest.approx(3.9)
    assert result["best_possible_ratio"] == pytest.approx(
        (26.0 + result["floor_p50_ms"]) / 26.0, abs=0.01
    )
    # The driver's own steps are read by thread CPU time, never zero; the other processes
    # by /proc clock ticks, which 5 repetitions may not reach.
    for name in ("store", "outbox", "send"):
        assert steps[name]["cpu_driver_ms"] > 0, (name, steps[name])
    assert "cpu_driver_ms" not in steps["webhook"]  # the load's own client is not a part
    assert result["floor_cpu_ms"] == pytest.approx(sum(result["cpu_ms"].values()), abs=0.01)
    assert result["cpu_allowance_ms"] == pytest.approx(10.0)
    assert result["floor_cpu_ratio"] == pytest.approx(result["floor_cpu_ms"] / 20.0, abs=0.01)
    bare_cpu = {"rasa": 18.0, "actions": 2.0}
    scaled = {
        "runs": [
            {"borrowers": 1, "bare_rasa": {"p50_ms": 26.0}},
            {"borrowers": 10, "cpu_ms_per_turn": {"bare_rasa": bare_cpu}},
        ]
    }
    text = report.floor(result, scaled)
    assert "queue hop" in text and "allows 3.9 ms" in text
    assert "0.5x allows 10.0 ms" in text
