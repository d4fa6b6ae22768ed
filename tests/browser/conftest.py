"""Fixtures that let tests read the built demo site as a person would, in Debian's Chromium.

The site is built once per session, served over loopback (Material's search needs HTTP,
not file://), and every page a test opens is watched: a console error, an uncaught
exception, a failed or refused request, a request to any other host, or anything the
page's Content-Security-Policy refuses fails the test.
"""

from __future__ import annotations

import asyncio
import sys

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from serving import served
from tools import missing

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


# --- the site under test -------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(demo_site: Path) -> Path:
    """The demo site (mkdocs.yml and content/), built once per session by tests/conftest.py."""
    return demo_site


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served at the root of a free loopback port."""
    with served(site_dir) as url:
        yield url


# --- what the demo content contains ----------------------------------------------------


@dataclass(frozen=True)
class DemoPages:
    """Paths (relative to the site root) of one page of each kind, and what they show."""

    report_id: str
    report_title: str
    claim_id: str
    claim_text: str
    rating_label: str
    claimant_id: str
    claimant_name: str
    evidence_source_ids: tuple[str, ...]
    rating_labels: frozenset[str]

    @property
    def main_pages(self) -> dict[str, str]:
        return {
            "home": "",
            "report": f"reports/{self.report_id}/",
            "claim": f"claims/{self.claim_id}/",
            "claims-index": "claims/",
            "methodology": "methodology/",
            "corrections-log": "corrections-log/",
            "people": "people/",
            "transparency": "transparency/",
        }


@pytest.fixture(scope="session")
def demo() -> DemoPages:
    """The first report of the demo content and its first claim: what the pages must show."""
    from generator.content import load_content

    content, problems = load_content(REPO / "content")
    if problems.errors:
        pytest.fail(f"the demo content in content/ has errors:\n{problems}", pytrace=False)
    if not content.reports:
        pytest.fail("the demo content has no report: browser tests need one", pytrace=False)
    report = content.reports[min(content.reports)]
    claim = content.claims[report.claims[0]]
    claimant = content.claimants[claim.claimant]
    return DemoPages(
        report_id=report.id,
        report_title=report.title,
        claim_id=claim.id,
        claim_text=claim.claim,
        rating_label=content.ratings[claim.verdict.rating].label,
        claimant_id=claimant.id,
        claimant_name=claimant.name,
        evidence_source_ids=tuple(dict.fromkeys(e.source for e in claim.verdict.evidence)),
        rating_labels=frozenset(rating.label for rating in content.ratings.values()),
    )


# --- the browser -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        missing(f"Debian's Chromium at {CHROMIUM}", "make system-deps (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    if sys.version_info < (3, 12):
        # Python 3.11 waits for each child process (Playwright's driver) in a helper thread; this
        # watcher waits on SIGCHLD instead, so the tests leave no thread behind them (see serving.py).
        watcher = asyncio.MultiLoopChildWatcher()
        watcher.attach_loop(None)
        asyncio.set_child_watcher(watcher)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True,
        )
        try:
            yield browser
        finally:
            browser.close()


# Reports each `securitypolicyviolation` event (from the page's CSP <meta>) to the test.
# Playwright adds it to every document before the page's own scripts, and outside its policy.
REPORT_POLICY_VIOLATIONS = """
window.addEventListener("securitypolicyviolation", (event) => {
  window.reportPolicyViolation(`${event.effectiveDirective} refused ${event.blockedURI || "?"} `
    + `(${event.sourceFile || event.documentURI}:${event.lineNumber})`);
}, true);
"""


@dataclass
class PageWatch:
    """Everything that went wrong while pages were open, in the order it happened."""

    origin: str
    problems: list[str] = field(default_factory=list)
    policy_violations: list[str] = field(default_factory=list)
    other_hosts: list[str] = field(default_factory=list)  # requests to them, all refused

    def watch_context(self, context) -> None:  # playwright BrowserContext, before any page opens
        context.expose_function("reportPolicyViolation", self._on_policy_violation)
        context.add_init_script(REPORT_POLICY_VIOLATIONS)

    def _on_policy_violation(self, description: str) -> None:
        self.policy_violations.append(description)
        self.problems.append(f"Content-Security-Policy violation: {description}")

    def attach(self, page) -> None:  # playwright Page
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console error on {message.page.url if message.page else '?'}: "
                                 f"{message.text} ({message.location.get('url', '')})")

    def _on_request_failed(self, request) -> None:
        failure = request.failure or ""
        if failure.startswith("net::ERR_BLOCKED_BY_CLIENT"):
            return  # a request to another host, reported when it was refused
        if failure == "net::ERR_ABORTED":
            return  # cut short by the next navigation (a click on a link); a missing file shows as HTTP 404
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} for {response.url}")


@pytest.fixture
def watched_context(browser, base_url: str) -> Iterator[Callable[..., tuple[object, PageWatch]]]:
    """watched_context(origin=base_url) -> (a new browser context, its PageWatch), for tests that
    route or check pages themselves: the watch records the pages' policy violations, and lists
    what else went wrong only for pages given to watch.attach. The contexts close at the end."""
    contexts = []

    def new(origin: str = base_url):
        context = browser.new_context()
        context.set_default_timeout(10_000)
        contexts.append(context)
        watch = PageWatch(origin=origin.rstrip("/"))
        watch.watch_context(context)
        return context, watch

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def page_watch(base_url: str) -> PageWatch:
    """What went wrong on the pages open_page opened (checked again when the test ends)."""
    return PageWatch(origin=base_url.rstrip("/"))


@pytest.fixture
def open_page(browser, base_url: str, page_watch: PageWatch) -> Iterator[Callable[..., object]]:
    """open_page(path, viewport="desktop"|"phone", color_scheme="light"|"dark") -> a Page there.

    A request to any host but the test server is refused (nothing leaves this machine) and
    fails the test: the published site asks no other host for anything.
    """
    watch = page_watch
    contexts = []

    def refuse_other_hosts(route) -> None:
        host = urlsplit(route.request.url).netloc
        if host == urlsplit(base_url).netloc:
            route.continue_()
        else:
            watch.other_hosts.append(route.request.url)
            watch.problems.append(f"request to another host: {route.request.url}")
            route.abort("blockedbyclient")

    def open_(path: str, viewport: str = "desktop", color_scheme: str = "light"):
        context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=color_scheme)
        context.set_default_timeout(10_000)
        context.route("**/*", refuse_other_hosts)
        watch.watch_context(context)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        page.goto(base_url + path, wait_until="load")
        return page

    yield open_
    for context in contexts:
        context.close()
    if watch.problems:
        pytest.fail("the browser reported problems:\n  " + "\n  ".join(dict.fromkeys(watch.problems)),
                    pytrace=False)


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    """test-artifacts/screenshots/, shared with other tests: files are overwritten by name, never cleared."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
