"""docs/benchmarks.md from the suite's results: Markdown tables, no judgement of the numbers
beyond the target ratios."""

from __future__ import annotations

from typing import Any

MARKER = "<!-- results: written by `make bench`, edit the text above only -->"
HEAD = "# Benchmarks\n\n`make bench` writes this file.\n\n"


def table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("-" if c is None else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def pcts(summary: dict[str, Any]) -> list[float]:
    return [summary["p50_ms"], summary["p95_ms"], summary["p99_ms"]]


def _get(d: dict[str, Any] | None, *keys: str) -> Any:
    for key in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def machine(m: dict[str, Any], note: str | None) -> str:
    lines = [
        f"- date: {m['date']}",
        f"- machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB memory",
        f"- Python {m['python']} (app), Rasa {m['rasa']} (Python 3.10)",
        f"- load average (1, 5, 15 min) at start: {m['load_average_at_start']}, "
        f"at end: {m.get('load_average_at_end')}",
    ]
    if note:
        lines.append(f"- note: {note}")
    return "\n".join(lines)


def training(name: str, trained: dict[str, Any], timed: dict[str, Any] | None) -> str | None:
    record = timed if name == "ours" and timed else _get(trained, name)
    if not record or record.get("train_seconds") is None:
        return None
    notes = ["this run, empty cache"] if record is timed else [str(record["trained_at"])[:16]]
    if record.get("train_cpu_seconds") is not None:
        notes.append(f"{record['train_cpu_seconds']} s CPU")
    if record.get("restored_from_cache"):
        notes.append(f"{record['restored_from_cache']} components from cache")
    return f"{record['train_seconds']} ({', '.join(notes)})"


def turns(t: dict[str, Any], trained: dict[str, Any], timed: dict[str, Any] | None) -> str:
    models: dict[str, Any] = t["models"]
    rows = []
    for level in map(str, t["levels"]):
        for name, m in models.items():
            s = m["levels"][level]
            rows.append([name, level, s["per_s"], *pcts(s), s["count"], s["errors"]])
    out = [
        f"Rasa REST turns (`/webhooks/rest/webhook`, our action server answering), "
        f"{t['duration_s']:.0f} s per level and model, at most {t['max_turns']} turns.\n",
        table(
            ["model", "senders", "turns/s", "p50 ms", "p95 ms", "p99 ms", "turns", "errors"], rows
        ),
    ]
    ratios = t.get("ratio_over_default") or {}
    if ratios:
        default = models["default"]["levels"]
        ratio_rows = [
            [name, level, models[name]["levels"][level]["per_s"], default[level]["per_s"], f"{r}x"]
            for name, by_level in ratios.items()
            for level, r in by_level.items()
        ]
        out += [
            "\n**Throughput over Rasa's default pipeline's, same run:**\n",
            table(["model", "senders", "turns/s", "default turns/s", "ratio"], ratio_rows),
        ]
    acc_rows = [
        [
            name,
            f"{a['passed']}/{a['conversations']}",
            a["accuracy"],
            a["slot_accuracy"],
            a["median_messages_to_finish"],
            ", ".join(a["failed_ids"]) or "none",
        ]
        for name, m in models.items()
        if (a := m.get("accuracy"))
    ]
    if acc_rows:
        out += [
            "\n**Conversation test set** (tests/conversations, through the gateway; a "
            "conversation passes with the e2e test's criteria):\n",
            table(
                ["model", "passed", "accuracy", "slot accuracy", "median msgs", "failed"],
                acc_rows,
            ),
        ]
    model_rows = [
        [
            name,
            _get(trained, name, "config"),
            training(name, trained, timed),
            m["model_mib"],
            m["load_seconds"],
            _get(m, "rasa_idle", "rss_mib"),
            max((v["peak_mib"] or 0) for k, v in m["memory"].items() if k.startswith("rasa")),
        ]
        for name, m in models.items()
    ]
    out += [
        "\n**Models:**\n",
        table(
            [
                "model",
                "config",
                "training s",
                "model MiB",
                "load s",
                "Rasa RSS loaded MiB",
                "Rasa peak MiB",
            ],
            model_rows,
        ),
        "\nTraining: `rasa train` on this machine; `config.yml` is trained once more in every "
        "run from an empty Rasa cache, the others are timed when their cached model was "
        "trained (components Rasa restored from its cache took no time then). Load: `rasa run` "
        "start to `/status` naming the model (imports included). RSS loaded: right after "
        "load; peak: VmHWM after the run.",
    ]
    return "\n".join(out)


def turn_rows(runs: list[dict[str, Any]], path: str) -> tuple[list[Any], list[Any]]:
    """Per number of borrowers: bare Rasa, our last and first reply (`path`), and the acks."""
    rows, ack_rows = [], []
    for r in runs:
        bare, turn, first = r["bare_rasa"], r["gateway_turn"], r["gateway_first_reply"]
        x = r["turn_over_bare"]
        n, failed = r["borrowers"], turn["errors"] + r["unanswered_turns"]
        ratio = f"{x['p50_ms']}x / {x['p95_ms']}x / {x['p99_ms']}x"
        rows += [
            [n, "bare Rasa REST", bare["per_s"], *pcts(bare), bare["count"], bare["errors"], ""],
            [n, f"{path}, last reply", turn["per_s"], *pcts(turn), turn["count"], failed, ratio],
            [n, f"{path}, first reply", "", *pcts(first), first["count"], "", ""],
        ]
        a = r["webhook_ack"]
        ack_rows.append([n, *pcts(a), a["count"], a["errors"]])
    return rows, ack_rows


def load(ld: dict[str, Any]) -> str:
    rows, ack_rows = turn_rows(ld["runs"], "gateway")
    return "\n".join(
        [
            f"Signed Twilio webhooks from simulated borrowers through the whole stack "
            f"(database: {ld['database']}, webhook dedupe: {ld['dedupe']}), and the same "
            f"scripts straight to Rasa's REST channel in the same run, "
            f"{ld['runs'][0]['duration_s']:.0f} s each. Gateway turn: POST /twilio/sms to the "
            "last reply of that turn at the fake Twilio.\n",
            table(
                [
                    "borrowers",
                    "path",
                    "turns/s",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "turns",
                    "errors",
                    "gateway / bare (p50 / p95 / p99)",
                ],
                rows,
            ),
            "\n**Webhook acknowledgement** (POST /twilio/sms until its empty TwiML answer):\n",
            table(["borrowers", "p50 ms", "p95 ms", "p99 ms", "requests", "errors"], ack_rows),
        ]
    )


def scaled_acks(runs: list[dict[str, Any]]) -> list[list[Any]]:
    """Per number of borrowers: every ack, the first texts' (new borrowers), and the
    synchronized burst of first texts measured after the run."""
    rows = []
    for r in runs:
        a, first = r["webhook_ack"], r.get("webhook_ack_first_texts") or {}
        burst = (r.get("burst") or {}).get("webhook_ack") or {}
        rows.append(
            [
                r["borrowers"],
                *pcts(a),
                a["count"],
                a["errors"],
                first.get("p99_ms", ""),
                f"{burst['p50_ms']} / {burst['p99_ms']}" if burst else "",
            ]
        )
    return rows


def scaled(sc: dict[str, Any]) -> str:
    lay = sc["layout"]
    rows, _ = turn_rows(sc["runs"], "product")
    ack_rows = scaled_acks(sc["runs"])
    ramp = sc["runs"][0].get("ramp_s")
    cpu_rows = [
        [r["borrowers"], path.replace("_", " "), *cpu.values()]
        for r in sc["runs"]
        for path, cpu in r["cpu_ms_per_turn"].items()
    ]
    roles = list(sc["runs"][0]["cpu_ms_per_turn"]["product"])
    return "\n".join(
        [
            f"Production mode on loopback (`benchmarks.scaled`): {lay['gateways']} `mm serve`, "
            f"{lay['rasa_servers']} Rasa servers with trackers and locks in Redis, "
            f"{lay['workers']} `mm worker`s, `mm timers`, PostgreSQL"
            + (f"; all but the gateways at nice {lay['nice']}" if lay.get("nice") else "")
            + "; bare Rasa is driven "
            "across the same Rasa servers in the same run. Product turn: signed POST to a "
            "gateway until the turn is processed and its last reply reached the fake Twilio "
            "(per-number send pacing off).\n",
            table(
                [
                    "borrowers",
                    "path",
                    "turns/s",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "turns",
                    "errors",
                    "product / bare (p50 / p95 / p99)",
                ],
                rows,
            ),
            "\n**Webhook acknowledgement** (store, dedupe, enqueue; then the empty TwiML)"
            + (
                f". The borrowers' first texts are spread over the first {ramp:g} s; "
                "after the run, every borrower's first text at the same instant "
                "(the burst column, p50 / p99)"
                if ramp is not None
                else ""
            )
            + ":\n",
            table(
                [
                    "borrowers",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "requests",
                    "errors",
                    "first texts p99 ms",
                    "burst p50 / p99 ms",
                ],
                ack_rows,
            ),
            "\n**CPU per turn** (ms of user + system CPU of each role during the phase, per "
            "turn; postgres counts every backend on the machine):\n",
            table(["borrowers", "phase", *roles], cpu_rows),
        ]
    )


def floor(fl: dict[str, Any], scaled: dict[str, Any] | None) -> str:
    """#6's required parts alone, against the 0.15x allowance of the bare Rasa turn, and
    their CPU against #20's 0.5x of bare Rasa's CPU per turn at 10 borrowers."""
    runs = {r["borrowers"]: r for r in scaled["runs"]} if scaled else {}
    bare = runs[1]["bare_rasa"]["p50_ms"] if 1 in runs else None
    cpu = fl.get("cpu_ms", {})
    rows = [
        [name.replace("_", " "), s["p50_ms"], s["p95_ms"], s["mean_ms"], cpu.get(name, "")]
        for name, s in fl["steps"].items()
    ]
    rows.append(["**sum (the floor)**", fl["floor_p50_ms"], "", "", fl.get("floor_cpu_ms", "")])
    out = [
        "What #6's required parts cost around one turn with none of our code "
        f"(`benchmarks.floor`, {fl['n']} of each step, one at a time, loopback; CPU: the "
        "webhook server, RQ worker, PostgreSQL and Redis processes and the driver's own "
        "steps, not the load):\n",
        table(["step", "p50 ms", "p95 ms", "mean ms", "CPU ms"], rows),
    ]
    if bare:
        best = (bare + fl["floor_p50_ms"]) / bare
        out.append(
            f"\nBare Rasa's p50 at one borrower in 2b: {bare} ms, so the 1.15x target allows "
            f"{0.15 * bare:.1f} ms around it; these parts alone take {fl['floor_p50_ms']} ms, "
            f"so no design with them can do better than {best:.2f}x at one borrower."
        )
    if 10 in runs and "floor_cpu_ms" in fl:
        bare_cpu = runs[10]["cpu_ms_per_turn"]["bare_rasa"]
        rasa_cpu = bare_cpu["rasa"] + bare_cpu["actions"]
        out.append(
            f"\nBare Rasa's CPU per turn at 10 borrowers in 2b: {rasa_cpu:.1f} ms (Rasa + "
            f"action server), so #20's 0.5x allows {0.5 * rasa_cpu:.1f} ms outside Rasa; "
            f"these parts alone use {fl['floor_cpu_ms']} ms "
            f"({fl['floor_cpu_ms'] / rasa_cpu:.2f}x)."
        )
    return "\n".join(out)


def matcher(mt: dict[str, Any]) -> str:
    cols = ["scenario", "los", "candidates", "p50_ms", "p99_ms", "mean_ms", "pool_build_ms"]
    ex = mt["exclusive"]
    return "\n".join(
        [
            "Choice latency of `matching.core.choose` (from `benchmarks.matching`):\n",
            table(cols, [[row[c] for c in cols] for row in mt["latency"]]),
            f"\n**Exclusive matching on PostgreSQL** ({ex['market']}, every borrower handed "
            "to two workers at once; from `benchmarks.exclusive`):\n",
            table(
                ["offers/s", "attempts/s", "offered", "no match", "double offers", "overruns"],
                [
                    [
                        ex["offers_per_second"],
                        ex["attempts_per_second"],
                        ex["offered"],
                        ex["no_match"],
                        ex["double_offers"],
                        ex["capacity_overruns"],
                    ]
                ],
            ),
        ]
    )


def memory(results: dict[str, Any]) -> str:
    rows: list[list[Any]] = []
    for name, m in results["turns"]["models"].items():
        for proc, mem in m["memory"].items():
            rows.append([f"{proc} ({name} model)", "turns", mem["peak_mib"], mem["rss_mib"]])
    driver = results["turns"].get("driver_memory")
    if driver:
        rows.append(["turns driver (stacks' gateways + fakes)", "turns", *driver.values()])
    last = results["load"]["runs"][-1]
    for proc, mem in last["memory"].items():
        rows.append([proc, "load", mem["peak_mib"], mem["rss_mib"]])
    for proc, mem in results.get("scaled", {}).get("memory", {}).items():
        rows.append([proc, "scaled", mem["peak_mib"], mem["rss_mib"]])
    mt = results["matcher"]["memory"]
    rows.append(["matcher benchmark", "matcher", *mt["matcher_process"].values()])
    rows.append(
        ["largest exclusive-matching worker", "matcher", mt["exclusive_worker_peak_mib"], None]
    )
    return "\n".join(
        [
            "Peak resident memory (VmHWM) of each process, and its RSS at the end of its part:\n",
            table(["process", "part", "peak MiB", "RSS at end MiB"], rows),
        ]
    )


def render(results: dict[str, Any], note: str | None = None) -> str:
    profile = " (smoke profile: tiny sizes, not figures to quote)" * (results["profile"] == "smoke")
    return (
        "\n\n".join(
            [
                f"## Results{profile}",
                machine(results["machine"], note),
                "### 1. Rasa turns: our pipeline and Rasa's default",
                turns(results["turns"], results["models"], results.get("training")),
                "### 2. The full SMS turn through the gateway, next to bare Rasa",
                load(results["load"]),
                "### 2b. The same, production mode scaled out",
                scaled(results["scaled"]) if "scaled" in results else "(not run)",
                "### 2c. The floor under the 1.15x turn target",
                (
                    floor(results["floor"], results.get("scaled"))
                    if "floor" in results
                    else "(not run)"
                ),
                "### 3. The matcher",
                matcher(results["matcher"]),
                "### 4. Memory",
                memory(results),
            ]
        )
        + "\n"
    )
