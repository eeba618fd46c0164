"""Run jobs concurrently across borrowers but strictly in order for each borrower."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class KeyedExecutor:
    """One FIFO lane per key on a shared thread pool; jobs of one key never overlap."""

    def __init__(self, workers: int = 8) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mm-worker")
        self.lock = threading.Lock()
        self.lanes: dict[Hashable, deque[tuple[Callable[[], object], Future[object]]]] = {}

    def submit(self, key: Hashable, job: Callable[[], object]) -> Future[object]:
        done: Future[object] = Future()
        with self.lock:
            lane = self.lanes.get(key)
            if lane is not None:
                lane.append((job, done))
                return done
            self.lanes[key] = deque([(job, done)])
        self.pool.submit(self._drain, key)
        return done

    def _drain(self, key: Hashable) -> None:
        while True:
            with self.lock:
                lane = self.lanes[key]
                if not lane:
                    del self.lanes[key]
                    return
                job, done = lane.popleft()
            try:
                done.set_result(job())
            except BaseException as exc:  # the job's own failure belongs to its Future
                log.exception("job for %s failed", key)
                done.set_exception(exc)

    def idle(self) -> bool:
        with self.lock:
            return not self.lanes

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
