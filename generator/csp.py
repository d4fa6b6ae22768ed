"""A Content-Security-Policy for one built page, as a <meta> element at the top of its <head>.

Scripts may come from the site itself, or be one of the page's own inline scripts, allowed by
the SHA-256 hash of its exact text; an inline script added later (injected) matches no hash
and does not run. Styles may be inline (Material sets style attributes), and nothing is
loaded from, sent to or framed from another host.
"""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser

# Script types a browser runs (the HTML standard's JavaScript MIME types, and modules);
# any other type, such as application/json or application/ld+json, is a data block.
JAVASCRIPT_TYPES = frozenset({
    "", "module", "application/ecmascript", "application/javascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript", "text/javascript1.0",
    "text/javascript1.1", "text/javascript1.2", "text/javascript1.3", "text/javascript1.4",
    "text/javascript1.5", "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
})

# Pagefind compiles its WebAssembly search in the page, which needs 'wasm-unsafe-eval';
# its scripts are loaded from the bundle folder pagefind/ (site_templates/overrides/pagefind.html),
# or by the script answering the theme's search box with Pagefind (generator.search), on every page.
PAGEFIND_FOLDER = "pagefind/"
PAGEFIND_SEARCH_SCRIPT = "assets/javascripts/pagefind-search.js"

FIXED_DIRECTIVES = (
    "style-src 'self' 'unsafe-inline'",  # Material sets style attributes from its JavaScript
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'self'",
)


def with_policy(page: str) -> str:
    """The page with a Content-Security-Policy <meta> first in its <head> (after its
    <meta charset>, when that comes first), allowing the page's own inline scripts."""
    inline, uses_pagefind = _scripts(page)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline, webassembly=uses_pagefind)}">'
    at = _policy_position(page)
    return page[:at] + meta + page[at:]


def policy(inline_scripts: list[str], *, webassembly: bool = False) -> str:
    """The policy: scripts from the site and these inline ones; nothing from other hosts."""
    scripts = ["'self'", *dict.fromkeys(script_hash(text) for text in inline_scripts)]
    if webassembly:
        scripts.append("'wasm-unsafe-eval'")
    return "; ".join(("default-src 'self'", "script-src " + " ".join(scripts), *FIXED_DIRECTIVES))


def script_hash(text: str) -> str:
    """The CSP source that allows an inline script with this text (as the browser parsed it)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _scripts(page: str) -> tuple[list[str], bool]:
    """The text of each inline script that runs, and whether the page loads Pagefind.

    Read with an HTML5 parser, which finds a script's text as a browser does (line breaks
    normalised, character references left as written), so that the hashes match.
    """
    inline: list[str] = []
    uses_pagefind = False
    for script in LexborHTMLParser(page).css("script"):
        attributes = script.attributes
        if "src" in attributes:
            src = attributes["src"] or ""
            uses_pagefind |= PAGEFIND_FOLDER in src or src.split("?")[0].endswith(PAGEFIND_SEARCH_SCRIPT)
        elif (attributes.get("type") or "").strip().lower() in JAVASCRIPT_TYPES:
            inline.append(script.text(deep=True))
    return inline, uses_pagefind


class _HeadStart(HTMLParser):
    """Finds where the policy goes: after <head>, or after its first child when that is
    <meta charset> (which must stay within the first 1,024 bytes, and loads and runs nothing)."""

    class Found(Exception):
        pass

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page = page
        self.line_starts = [0]
        self.position = 0  # a page with neither <html> nor <head>: the start, after any doctype
        self.in_head = False
        try:
            self.feed(page)
            self.close()
        except self.Found:
            pass

    def _offset(self) -> int:
        line, column = self.getpos()  # the parser counts lines at LF alone
        while len(self.line_starts) < line:
            self.line_starts.append(self.page.index("\n", self.line_starts[-1]) + 1)
        return self.line_starts[line - 1] + column

    def handle_decl(self, decl: str) -> None:
        self.position = self.page.index(">", self._offset()) + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        end_of_tag = self._offset() + len(self.get_starttag_text() or "")
        if self.in_head:
            if tag == "meta" and any(name.lower() == "charset" for name, _ in attrs):
                self.position = end_of_tag
            raise self.Found
        if tag not in ("html", "head"):
            raise self.Found  # the body, or an implied <head>: the policy goes before it
        self.position = end_of_tag
        self.in_head = tag == "head"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _policy_position(page: str) -> int:
    return _HeadStart(page).position
