"""Headless Chromium (Debian's package) driven by Playwright, against the shared `stack`.

Playwright's own browser downloads are never used: `executable_path` points at the system
Chromium (`make test` installs it when missing). The browser fails, never skips, when absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path(os.environ.get("MM_CHROMIUM", "/usr/bin/chromium"))
# No internet here: without these, Chromium's background connections are refused noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Package scope: Playwright's sync API holds an event loop on the main thread while it runs,
# which would break the asyncio tests that run after this folder.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is required at {CHROMIUM} for the browser tests: run `make browser` "
            "(apt-get install chromium) or set MM_CHROMIUM"
        )
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1480, "height": 940})
    context.set_default_timeout(30_000)
    p = context.new_page()
    yield p
    context.close()
