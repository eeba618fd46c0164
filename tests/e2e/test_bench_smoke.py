"""The benchmark suite at tiny sizes, so `make bench` cannot rot.

It drives the tests' own stack (no second Rasa, no training of Rasa's default pipeline):
turns on our model, a few borrowers through the gateway next to bare Rasa, the matcher's
part in its own process, then the report. Not a timed test: it checks that every figure
was measured and is sane, never that it is fast.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from benchmarks import load, report, suite, turns
from benchmarks.conversations import load_scripts
from mm import rasa_env

pytestmark = pytest.mark.e2e


def short_scripts() -> list[Any]:
    """The first two messages of longer scripts: never the consent, so no borrower is
    matched and the shared stack's LOs keep their room for the other e2e tests."""
    scripts = [copy.copy(s) for s in load_scripts() if len(s.messages) >= 4]
    for s in scripts:
        s.messages = s.messages[:2]
    return scripts


@pytest.fixture(scope="module")
def results(stack, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    t = turns.measure({"ours": stack}, [1, 3], 3.0, 300, accuracy=False)
    t["models"]["ours"].update(turns.describe(stack, rasa_env.model_path(), just_started=False))
    run = load.measure(stack, borrowers=3, duration=4.0, max_turns=300, scripts=short_scripts())
    return {
        "profile": "smoke",
        "machine": suite.machine(),
        "models": suite.models(["ours"]),
        "turns": t,
        "load": {"runs": [run], "database": "sqlite", "dedupe": "in-process"},
        "matcher": suite.part("matcher", ["--smoke"], tmp_path_factory.mktemp("bench")),
    }


def test_rasa_turns_are_measured_at_each_level(results) -> None:
    ours = results["turns"]["models"]["ours"]
    for level in ("1", "3"):
        s = ours["levels"][level]
        assert s["count"] > 0 and s["errors"] == 0, s
        assert 0 < s["p50_ms"] <= s["p95_ms"] <= s["p99_ms"], s
        assert s["per_s"] > 0
    assert ours["model_mib"] > 0
    assert ours["rasa_idle"]["rss_mib"] > 100  # a loaded Rasa with TensorFlow, not a stub


def test_the_gateway_and_bare_rasa_are_measured_in_the_same_run(results) -> None:
    run = results["load"]["runs"][0]
    bare, turn, ack = run["bare_rasa"], run["gateway_turn"], run["webhook_ack"]
    assert bare["count"] > 0 and bare["errors"] == 0, bare
    assert turn["count"] > 0 and turn["errors"] == 0 and run["unanswered_turns"] == 0, turn
    assert ack["count"] >= turn["count"] and ack["errors"] == 0, ack
    assert 0 < ack["p50_ms"] < turn["p50_ms"]  # the webhook answers before the dialogue ends
    assert run["gateway_first_reply"]["p50_ms"] <= turn["p50_ms"]
    assert run["turn_over_bare"]["p50_ms"] > 0


def test_the_matcher_part_runs_in_its_own_process(results) -> None:
    mt = results["matcher"]
    assert {row["los"] for row in mt["latency"]} == {1_000}
    assert all(row["p50_ms"] > 0 for row in mt["latency"])
    ex = mt["exclusive"]
    assert ex["offered"] > 0 and ex["double_offers"] == 0 and ex["capacity_overruns"] == 0
    assert mt["memory"]["matcher_process"]["peak_mib"] > 0
    assert mt["memory"]["exclusive_worker_peak_mib"] > 0


def test_the_report_has_every_section_and_process(results, tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    suite.write(results, out, note="smoke")
    text = out.read_text()
    for heading in ("### 1.", "### 2.", "### 3.", "### 4."):
        assert heading in text
    for row in ("| ours | 1 |", "bare Rasa REST", "gateway, last reply", "all licensed in TX"):
        assert row in text
    assert "rasa" in report.memory(results) and "action" in report.memory(results)
    assert out.with_suffix(".json").exists()


def test_the_comparison_tables_render(results) -> None:
    """`make bench` adds Rasa's default model; its tables render from the same shapes (here
    our own figures stand in for it, so the ratio is 1.0)."""
    both = copy.deepcopy(results)
    models = both["turns"]["models"]
    models["default"] = copy.deepcopy(models["ours"])
    both["turns"]["ratio_over_default"] = turns.ratios(both["turns"])
    assert both["turns"]["ratio_over_default"] == {"ours": {"1": 1.0, "3": 1.0}}
    text = report.render(both)
    assert "over Rasa's default pipeline's" in text and "| 1.0x |" in text
