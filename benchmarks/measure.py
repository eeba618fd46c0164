"""Small measuring helpers the benchmarks share: latency summaries and process memory.

Memory comes from /proc (Linux): VmHWM is the kernel's own peak resident set size of a
process, so a peak is exact without sampling; VmRSS is the size now.
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an already sorted list."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class Latencies:
    """Turn or request latencies (seconds) of one run, and how many failed."""

    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    started: float = field(default_factory=time.perf_counter)
    finished: float = 0.0

    def add(self, started: float) -> float:
        took = time.perf_counter() - started
        self.seconds.append(took)
        self.finished = time.perf_counter()
        return took

    def summary(self) -> dict[str, float]:
        """count, errors, per-second rate over the run's wall time, p50/p95/p99/mean in ms."""
        values = sorted(self.seconds)
        wall = max((self.finished or time.perf_counter()) - self.started, 1e-9)
        return {
            "count": len(values),
            "errors": self.errors,
            "wall_s": round(wall, 2),
            "per_s": round(len(values) / wall, 1),
            "p50_ms": round(percentile(values, 50) * 1e3, 1),
            "p95_ms": round(percentile(values, 95) * 1e3, 1),
            "p99_ms": round(percentile(values, 99) * 1e3, 1),
            "mean_ms": round(statistics.fmean(values) * 1e3, 1) if values else 0.0,
        }


def _status_kib(pid: int | str, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def memory_mib(pid: int | str = "self") -> dict[str, float | None]:
    """Peak (VmHWM) and current (VmRSS) resident memory of a live process, in MiB."""
    peak, now = _status_kib(pid, "VmHWM"), _status_kib(pid, "VmRSS")
    if pid == "self" and peak is None:  # no /proc: the kernel's peak for this process
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "peak_mib": round(peak / 1024, 1) if peak is not None else None,
        "rss_mib": round(now / 1024, 1) if now is not None else None,
    }


class ChildrenPeak:
    """The largest peak RSS (VmHWM) among this process's children while the block runs,
    sampled from /proc every `every` s. (getrusage's children figure is no use here: a
    child's peak counts the parent's memory it was forked with, even after it execs.)"""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peaks_kib: dict[int, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _children(self) -> list[int]:
        me, pids = str(os.getpid()), []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if stat.read_text().rsplit(")", 1)[1].split()[1] == me:  # field 4: ppid
                    pids.append(int(stat.parent.name))
            except (OSError, IndexError):
                continue
        return pids

    def _sample(self) -> None:
        while not self.stop.wait(self.every):
            for pid in self._children():
                peak = _status_kib(pid, "VmHWM")
                if peak is not None:
                    self.peaks_kib[pid] = max(peak, self.peaks_kib.get(pid, 0))

    def __enter__(self) -> ChildrenPeak:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def mib(self) -> float | None:
        return round(max(self.peaks_kib.values()) / 1024, 1) if self.peaks_kib else None


def seconds_since_start(pid: int) -> float | None:
    """How long ago process `pid` started (from /proc/PID/stat and the boot time)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of stat: start time in clock ticks after boot
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return round(uptime - ticks / os.sysconf("SC_CLK_TCK"), 1)


def emit(result: dict[str, Any], path: Path | None) -> None:
    """A part's result: to `path` as JSON (the suite reads it), else to stdout."""
    text = json.dumps(result, indent=2)
    if path is None:
        print(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {path}")
