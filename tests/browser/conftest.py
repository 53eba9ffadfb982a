"""Browser fixtures: the archive under gunicorn as `make run` runs it, Debian's Chromium
driven by Playwright, and pages that fail the test on any request to another origin, any
console error or any failed request."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from harness.server import ROOT, serving

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}
LOOKS = [(viewport, scheme) for viewport in VIEWPORTS for scheme in ("light", "dark")]


@pytest.fixture(scope="session")
def base_url(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("browser") / "gunicorn.log") as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: `make test` installs it as root; "
                    "otherwise run `sudo apt-get install chromium`.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Watch:
    """What a page did that it must not: other origins, console errors, failed requests."""

    origin: str
    foreign: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def request(self, request) -> None:
        if not re.match(rf"{re.escape(self.origin)}/|data:|blob:|about:", request.url):
            self.foreign.append(request.url)

    def request_failed(self, request) -> None:
        # A request the page itself cancelled by navigating on (an icon still loading) is no failure.
        if "net::ERR_ABORTED" not in (request.failure or ""):
            self.failed.append(f"{request.url} {request.failure}")

    def response(self, response) -> None:
        """A 5xx anywhere, or a 4xx for anything but the page itself (an error page we opened)."""
        if response.status >= 500 or (response.status >= 400 and response.request.resource_type != "document"):
            self.failed.append(f"{response.url} {response.status}")

    def expect_error_page(self) -> None:
        """The test opened a 4xx page on purpose: Chromium logs that as a console error."""
        self.console_errors = [e for e in self.console_errors if "the server responded with a status of 4" not in e]

    def check(self) -> None:
        assert self.foreign == [], f"requests to other origins: {self.foreign}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.failed == [], f"failed requests: {self.failed}"


@pytest.fixture
def open_page(browser, base_url, request):
    """open_page(viewport, scheme, javascript=True, bypass_csp=False) -> a watched page;
    checked for foreign requests, console errors and failed requests when the test ends."""
    contexts, watches = [], []

    def opener(viewport: str = "desktop", scheme: str = "light", javascript: bool = True, bypass_csp: bool = False):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme, java_script_enabled=javascript,
                                      bypass_csp=bypass_csp, base_url=base_url)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        contexts.append(context)
        page = context.new_page()
        watch = Watch(base_url)
        page.on("request", watch.request)
        page.on("console", lambda message: message.type == "error" and watch.console_errors.append(message.text))
        page.on("requestfailed", watch.request_failed)
        page.on("response", watch.response)
        watches.append(watch)
        page.watch = watch
        page.shot = lambda name: _screenshot(page, request.node.name, name)
        return page

    yield opener
    for context in contexts:
        context.close()
    for watch in watches:
        watch.check()


def _screenshot(page, test_name: str, step: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{test_name}-{step}").strip("-")
    path = SCREENSHOTS / f"{safe}.png"
    page.screenshot(path=str(path))
    return path
