"""Fixtures for the browser tests: headless Chromium driven by Playwright's sync API.

The browser is Debian's /usr/bin/chromium (never a downloaded build); the server is pytest-django's
live_server, so every test runs against its own transactional database.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses ORM
# calls while one runs; the tests' own ORM calls (fixtures, assertions) are synchronous all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
VIEWPORT = {"width": 1280, "height": 900}


def skip_module_without_browser(*packages: str) -> None:
    """Skip the calling test module, before it imports them, if a package or Chromium is missing.

    `packages` are pip names; the module imported is the name with "-" written "_"."""
    for package in ("playwright", *packages):
        if importlib.util.find_spec(package.replace("-", "_")) is None:
            pytest.skip(
                f"browser tests need the {package} package (pip install {package})",
                allow_module_level=True,
            )
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)",
            allow_module_level=True,
        )


@pytest.fixture
def browser(transactional_db: None) -> Iterator[Any]:
    """One Chromium per test, started after the test database is ready and stopped before it is
    flushed: while Playwright's loop runs, Django hands out fresh connection objects (its
    connection registry is context-local under a running loop), which lack the serialized
    reference data that serialized_rollback restores."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Close the connections the test opened under the loop, or PostgreSQL cannot drop the
        # test database at the end of the run.
        connections.close_all()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot(page: Any, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """shot("login") saves a full-page screenshot as test-artifacts/e2e/<test>/NN-login.png."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def take(step: str) -> Path:
        page.wait_for_load_state("load")
        path = folder / f"{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def acme(transactional_db: None) -> Any:
    from tests.factories import exporter_at

    return exporter_at("Acme Precision Machinery K.K.", "acme")


@pytest.fixture
def sakura(transactional_db: None) -> Any:
    from tests.factories import exporter_at

    return exporter_at("Sakura Electronics Co., Ltd.", "sakura")


@pytest.fixture
def log_in(page: Any, live_server: Any) -> Callable[[str], None]:
    """Logs a persona in through the login page, as a person would."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    def log_in_as(username: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()

    return log_in_as
