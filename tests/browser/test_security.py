"""The built site under its Content-Security-Policy, in Chromium: it asks no other host for
anything, its policy refuses nothing the theme needs, and an injected inline script is refused.

open_page (conftest.py) already fails a test on any request to another host and on any CSP
violation; these tests also assert it where they are the point.
"""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sitebuild import BASE_CONFIG, FIXTURES, build_or_fail
from tools import missing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

POLICY_META = 'meta[http-equiv="Content-Security-Policy"]'


def search_phrase(claim_text: str) -> str:
    """A few distinctive words of the claim, the way a reader would remember them."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]+", claim_text) if len(w) > 3]
    return " ".join(words[:4])


def column_texts(table, index: int) -> list[str]:
    return [text.strip() for text in table.locator(f"tbody tr td:nth-child({index + 1})").all_inner_texts()]


def demo_pages(demo) -> dict[str, str]:
    return {
        "home": "",
        "claim": f"claims/{demo.claim_id}/",
        "report": f"reports/{demo.report_id}/",
        "claimant": f"claimants/{demo.claimant_id}/",
        "claims index": "claims/",
        "methodology": "methodology/",
        "sources": "sources/",
    }


def search_once(page, phrase: str) -> None:
    page.keyboard.press("/")  # Material's shortcut to the search box
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    page.locator("input.md-search__input").press_sequentially(phrase, delay=20)
    page.locator(".md-search-result__item").first.wait_for()


def test_demo_pages_ask_no_other_host_and_break_no_policy(open_page, page_watch, demo) -> None:
    for name, path in demo_pages(demo).items():
        page = open_page(path)
        if name == "home":
            search_once(page, search_phrase(demo.claim_text))
        page.wait_for_load_state("networkidle")  # what the theme's scripts fetch after the page has loaded
        assert page.locator(POLICY_META).count() == 1, f"the {name} page has no Content-Security-Policy"
        # Material's first inline script defines __md_get: it ran, so its hash is in the policy.
        assert page.evaluate("typeof __md_get") == "function", f"the {name} page's inline script did not run"
        assert page.locator(".md-source").count() >= 1, f"the {name} page lost its repository link"
    assert page_watch.other_hosts == [], "requests to other hosts"
    assert page_watch.policy_violations == [], "refused by the pages' Content-Security-Policy"


def test_theme_works_under_the_policy(open_page, page_watch, demo) -> None:
    page = open_page("")
    search_once(page, search_phrase(demo.claim_text))
    assert page.locator(f".md-search-result__item > a[href*='claims/{demo.claim_id}/']").count() >= 1

    page = open_page("methodology/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label.md-header__button[title='Switch to dark mode']:visible").click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.reload(wait_until="load")  # the palette's inline script restores the choice
    assert page.evaluate(scheme) == "slate", "the chosen palette did not survive a reload"

    page = open_page("claims/")
    table = page.locator("article table").first
    names = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    index = names.index("Date")
    header = table.locator("thead th").nth(index)
    header.click()
    expect(header).to_have_attribute("aria-sort", re.compile("ascending|descending"))
    first = column_texts(table, index)
    header.click()
    assert column_texts(table, index) == first[::-1], "the claims table did not sort by date"
    assert page_watch.policy_violations == []


INJECTED = "<script>window.injectedScriptRan = true;</script>"


@pytest.fixture
def injected_copy(watched_context, base_url: str, demo):
    """A context whose claim page is a copy of the built one with an inline script added
    (and, at ?no-policy, also without its policy <meta>, to show the script runs there)."""
    context, watch = watched_context()
    url = f"{base_url}claims/{demo.claim_id}/"

    def copy_with_script(route) -> None:
        page = route.fetch().text()
        assert page.count("</body>") == 1
        page = page.replace("</body>", INJECTED + "</body>")
        if urlsplit(route.request.url).query == "no-policy":
            start = page.index('<meta http-equiv="Content-Security-Policy"')
            page = page[:start] + page[page.index(">", start) + 1:]
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=page)

    context.route(re.compile(re.escape(url) + r"(\?no-policy)?$"), copy_with_script)
    return context, watch, url


def test_an_inline_script_injected_into_a_built_page_does_not_run(injected_copy) -> None:
    context, watch, url = injected_copy
    page = context.new_page()
    page.goto(url, wait_until="load")
    assert page.evaluate("typeof __md_get") == "function", "the page's own inline scripts must still run"
    assert page.evaluate("window.injectedScriptRan") is None, "the injected inline script ran"
    expect(page.locator(".md-search__input")).to_be_attached()
    assert any(v.startswith("script-src-elem refused inline") for v in watch.policy_violations), \
        watch.policy_violations

    page.goto(url + "?no-policy", wait_until="load")
    assert page.evaluate("window.injectedScriptRan") is True, "without the policy the injected script runs"


# --- Pagefind's search page ----------------------------------------------------------------

SEARCH_PAGE = "---\ntitle: Search\ntemplate: pagefind.html\nhide: [navigation, toc]\n---\n# Search\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal fixture with Material's search off and a Pagefind search page, indexed and served."""
    out = tmp_path_factory.mktemp("pagefind") / "site"
    plugins = [{"search": {"enabled": False}} if p == "search" else p for p in BASE_CONFIG["plugins"]]
    build_or_fail(FIXTURES / "minimal", out, docs={"search.md": SEARCH_PAGE}, extra_config={"plugins": plugins})
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--root-selector", "article",
                             "--exclude-selectors", ".headerlink"], capture_output=True, text=True, timeout=120)
    if result.returncode != 0 and "No module named pagefind" in result.stderr:
        missing("Pagefind", ".venv/bin/pip install -r requirements/test.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("where", ["worker", "page"])
def test_pagefind_searches_under_the_policy(watched_context, pagefind_site: str, where: str) -> None:
    """Pagefind runs its WebAssembly in a worker, or in the page when the worker fails:
    there the policy's 'wasm-unsafe-eval' (on Pagefind's page only) is what lets it run."""
    context, watch = watched_context(pagefind_site)
    if where == "page":
        context.route("**/pagefind-worker.js", lambda route: route.fulfill(status=404, body=""))
    page = context.new_page()
    page.on("pageerror", lambda error: watch.problems.append(f"uncaught exception: {error}"))
    page.goto(pagefind_site + "search/", wait_until="load")
    assert "'wasm-unsafe-eval'" in page.locator(POLICY_META).get_attribute("content")
    page.locator("input.pagefind-ui__search-input").press_sequentially("toll", delay=20)
    page.locator("li.pagefind-ui__result a.pagefind-ui__result-link").first.wait_for()
    assert watch.problems == [], watch.problems

    page.goto(pagefind_site, wait_until="load")
    assert "'wasm-unsafe-eval'" not in page.locator(POLICY_META).get_attribute("content"), \
        "only a page that loads Pagefind may compile WebAssembly"
