"""One real stack for the end-to-end tests: trained Rasa model, actions, gateway, fakes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mm.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp: Path = tmp_path_factory.mktemp("e2e")
    with Stack(database_url=f"sqlite:///{tmp}/e2e.db", log_dir=tmp / "logs") as s:
        yield s
