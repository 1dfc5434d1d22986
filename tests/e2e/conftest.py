"""Headless Chromium for end-to-end tests: Debian's chromium, driven by Playwright (sync API).

Playwright's bundled browsers are never downloaded (`playwright install` needs the network):
the tests use the system Chromium at $SSJ_CHROMIUM or /usr/bin/chromium. Without it they are
skipped with a visible reason, unless SSJ_REQUIRE_TOOLS=1 (CI), where that is a failure
(tests/tools.py: require_tool).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..tools import require_tool

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    return Path(os.environ.get("SSJ_CHROMIUM") or "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser(django_db_setup: None) -> Iterator[Any]:
    """One Chromium per test module, closed before other modules' tests run.

    Starting Playwright switches this thread's context, and Django keeps its connections in
    context-local storage: without re-linking, the tests would get a fresh connection that
    lacks the test database's serialized reference data (serialized_rollback restores none).
    """
    path = require_tool("chromium", path=chromium_path())
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse ORM calls from the test body unless told it is safe; restored afterwards so the
    # setting never leaks into other tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    saved = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, connection in saved.items():
                connections[alias] = connection
            launched = playwright.chromium.launch(
                executable_path=path, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) at a laptop's screen size, in Chinese."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where the tests leave screenshots for a person to look at."""
    path = Path(os.environ.get("SSJ_SCREENSHOT_DIR") or "/tmp/ssj-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
