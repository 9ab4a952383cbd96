"""Real-browser tests: the app served on 127.0.0.1 in a thread, driven by Debian's Chromium.

Playwright never downloads a browser here: it launches the executable from CHROMIUM_PATH
(default /usr/bin/chromium). Screenshots of each step go to test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser

# A shared two-core machine can be slow: give assertions that wait more time than the default.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    """Debian's Chromium (CHROMIUM_PATH or on PATH), else Playwright's own download (None).

    `make test` finds or installs one first (scripts/ensure-chromium).
    """
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if path:
        if not Path(path).exists():
            raise pytest.UsageError(f"CHROMIUM_PATH names no file: {path}")
        return path
    if os.environ.get("E2C_PLAYWRIGHT_BROWSER") == "1":
        return None
    raise pytest.UsageError(
        "Chromium is missing: run `make test` (it installs it), or apt-get install chromium,"
        " or set CHROMIUM_PATH."
    )


class LiveServer:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An app on its own SQLite file, with the demo site seeded."""
    from portfolio import create_app
    from portfolio.demo import seed_demo
    from portfolio.extensions import db
    from portfolio.models import Base

    root = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{root / 'live.sqlite'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "browser-tests",
            "UPLOAD_FOLDER": str(root / "uploads"),
            "LOGIN_RATE_LIMIT": "1000 per minute",
            "MAIL_BACKEND": "locmem",  # mails kept in memory; test_password_reset uses SMTP
        }
    )
    with app.app_context():
        seed_demo()
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app: Any) -> Iterator[LiveServer]:
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _new_page(browser: Any, viewport: dict[str, int], locale: str = "fr-FR") -> Any:
    context = browser.new_context(viewport=viewport, locale=locale)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page at 360×740, like a trainee's phone."""
    page = _new_page(browser, PHONE)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    page = _new_page(browser, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def mic_browser(browser: Any) -> Iterator[Any]:
    """A Chromium whose microphone is a fake device, granted without asking.

    Launched by the same Playwright as `browser` (one Playwright per process).
    """
    mic = browser.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )
    yield mic
    mic.close()


@pytest.fixture
def mic_phone(mic_browser: Any, live_server: Any) -> Iterator[Any]:
    context = mic_browser.new_context(viewport=PHONE, locale="fr-FR")
    context.grant_permissions(["microphone"], origin=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class Shots:
    """Saves numbered screenshots of each step under test-output/screenshots/<test>/."""

    def __init__(self, name: str) -> None:
        self.folder = SHOTS / re.sub(r"[^\w.-]+", "_", name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def __call__(self, page: Any, step: str) -> Path:
        self.count += 1
        slug = re.sub(r"[^\w-]+", "-", step)
        path = self.folder / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Shots:
    return Shots(request.node.name)
