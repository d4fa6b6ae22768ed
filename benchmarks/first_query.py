"""What a reader's browser downloads for a first search query, measured in headless Chromium.

The built site is served over loopback; the page is opened, the query typed as soon as the page
has loaded, and every response the search needs is counted until the first result is shown:
- Material: the search worker script and search/search_index.json (fetched by the worker);
- Pagefind, answering the theme's own search box (the plugin's option `search: pagefind`): the
  script that joins them (assets/javascripts/pagefind-search.js) and everything under pagefind/
  (pagefind.js, its worker, the entry file, the WebAssembly, the metadata, the index chunk(s) and
  the fragments of the results shown).
Sizes are the bodies as served (http.server sends no compression), and what gzip would make
of them (Pagefind's own files are already compressed, so that changes little for them).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RESULT_TIMEOUT_MS = 600_000  # Material builds its lunr index in the browser: minutes at 10,000 claims


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _measure(site: Path, path: str, type_query: Callable[[Any, str], None], result_selector: str,
             counts: Callable[[str], bool], query: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            # Nothing leaves the machine: the theme's GitHub API call is refused (it copes).
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                       else route.abort())
            responses: list[Any] = []
            page.on("response", lambda response: responses.append(response))
            start = time.perf_counter()
            page.goto(f"{base}/{path}", wait_until="load")
            type_query(page, query)
            page.locator(result_selector).first.wait_for(timeout=RESULT_TIMEOUT_MS)
            seconds = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            files = {}
            for response in responses:
                relative = response.url.removeprefix(base).split("?")[0]
                if counts(relative) and response.status == 200:
                    body = response.body()
                    files[relative] = (len(body), len(gzip.compress(body, 6)))
        finally:
            browser.close()
    return {"bytes": sum(size for size, _ in files.values()), "gzip_bytes": sum(z for _, z in files.values()),
            "requests": len(files), "seconds": seconds, "files": files}


def _type_in_material(page: Any, query: str) -> None:
    page.keyboard.press("/")  # Material's shortcut to the search box
    # Material ignores queries typed before its worker has downloaded the index and built it.
    page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(timeout=RESULT_TIMEOUT_MS)
    page.locator("input.md-search__input").press_sequentially(query, delay=20)


def _type_in_the_theme_box(page: Any, query: str) -> None:
    page.keyboard.press("/")  # the theme's shortcut to its search box, which Pagefind answers (search: pagefind)
    page.locator("input.md-search__input").press_sequentially(query, delay=20)


def material_first_query(site: Path, query: str) -> dict[str, Any]:
    return _measure(site, "", _type_in_material, "li.md-search-result__item",
                    lambda url: "/search/" in url or "/workers/search" in url, query)


def pagefind_first_query(site: Path, query: str) -> dict[str, Any]:
    return _measure(site, "", _type_in_the_theme_box, "li.md-search-result__item",
                    lambda url: url.startswith("/pagefind/") or url.endswith("/pagefind-search.js"), query)
