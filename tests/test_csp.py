"""generator.csp: the Content-Security-Policy <meta> given to each built page, in process."""

from __future__ import annotations

import re

import pytest

from generator.csp import policy, script_hash, with_policy
from htmltree import parse

# The CSP specification's own example: <script>alert('Hello, world.');</script> is allowed by this source.
HELLO = "alert('Hello, world.');"
HELLO_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"

PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>A page</title>
    <script>alert('Hello, world.');</script>
    <script id="__config" type="application/json">{"base": "."}</script>
    <script type="application/ld+json">{"@type": "ClaimReview"}</script>
    <script src="assets/bundle.js"></script>
  </head>
  <body>
    <!-- <script>commented()</script> -->
    <p title="<script>in_attribute()</script>">Text &lt;script&gt;escaped()&lt;/script&gt;</p>
    <script type="module">moduleCode();</script>
    <SCRIPT TYPE="Text/JavaScript">upperCase();</SCRIPT>
    <script type="text/template"><p>data</p></script>
  </body>
</html>
"""


def the_policy(page: str) -> str:
    metas = parse(page).find_all("meta", **{"http-equiv": "Content-Security-Policy"})
    assert len(metas) == 1, f"expected one policy <meta>, found {len(metas)}"
    return metas[0].attrs["content"]


def directives(text: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in text.split(";"):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} given twice"
        parsed[name] = sources
    return parsed


def test_the_hash_is_the_one_the_csp_specification_gives() -> None:
    assert script_hash(HELLO) == HELLO_HASH


def test_each_inline_script_that_runs_is_allowed_by_its_hash_and_nothing_else_is() -> None:
    scripts = directives(the_policy(with_policy(PAGE)))["script-src"]
    assert scripts == ["'self'", HELLO_HASH, script_hash("moduleCode();"), script_hash("upperCase();")]


def test_the_policy_refuses_inline_code_and_other_hosts() -> None:
    assert directives(the_policy(with_policy(PAGE))) == {
        "default-src": ["'self'"],
        "script-src": ["'self'", HELLO_HASH, script_hash("moduleCode();"), script_hash("upperCase();")],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-src": ["'self'"],
    }


def test_a_script_is_hashed_as_the_browser_reads_it() -> None:
    """Line breaks are normalised to LF before hashing; character references stay as written."""
    page = "<html><head><script>a();\r\nb();\rc('&amp;');</script></head></html>"
    assert directives(the_policy(with_policy(page)))["script-src"] == ["'self'", script_hash("a();\nb();\nc('&amp;');")]


def test_the_same_script_twice_is_listed_once() -> None:
    page = f"<html><head><script>{HELLO}</script></head><body><script>{HELLO}</script></body></html>"
    assert directives(the_policy(with_policy(page)))["script-src"] == ["'self'", HELLO_HASH]


def test_the_page_is_unchanged_but_for_the_policy() -> None:
    with_meta = with_policy(PAGE)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="[^"<>&]*">', with_meta)
    assert meta is not None
    assert with_meta[:meta.start()] + with_meta[meta.end():] == PAGE


@pytest.mark.parametrize(("page", "before"), [
    ("<!doctype html><html><head><meta charset=\"utf-8\"><title>t</title>", '<meta charset="utf-8">'),
    ("<!doctype html><html><head>\n  <META CHARSET=UTF-8>\n", "<META CHARSET=UTF-8>"),
    ("<html><head><title>t</title><meta charset=utf-8><script>x()</script>", "<head>"),
    ("<!-- a comment --><html lang=en><HEAD class=x><link rel=stylesheet href=a.css>", "<HEAD class=x>"),
    ("<!doctype html>\n<html><body><script>x()</script>", "<html>"),
    ("<!DOCTYPE html><p>x</p><script>x()</script>", "<!DOCTYPE html>"),
    ('<!doctype html><html><head><meta charset="utf-8" /><title>t</title>', '<meta charset="utf-8" />'),  # XHTML style
    ("<!doctype html><html><head><link rel=icon href=i.png /><meta charset=utf-8>", "<head>"),
])
def test_the_policy_comes_first_in_the_head_after_only_a_leading_charset(page: str, before: str) -> None:
    """A policy covers only what follows it; <meta charset> (which loads and runs nothing) may stay
    first, within the page's first 1,024 bytes."""
    with_meta = with_policy(page)
    start = with_meta.index('<meta http-equiv="Content-Security-Policy"')
    assert with_meta[:start].endswith(before), with_meta


def test_a_page_without_head_or_html_gets_the_policy_at_its_start() -> None:
    assert with_policy("<p>x</p>").startswith('<meta http-equiv="Content-Security-Policy"')


@pytest.mark.parametrize("src", ["pagefind/pagefind-ui.js", "../pagefind/pagefind.js", "/pagefind/pagefind-modular-ui.js"])
def test_webassembly_is_allowed_only_on_a_page_that_loads_pagefind(src: str) -> None:
    pagefind = f'<html><head></head><body><script src="{src}"></script></body></html>'
    assert "'wasm-unsafe-eval'" in directives(the_policy(with_policy(pagefind)))["script-src"]
    assert "'wasm-unsafe-eval'" not in directives(the_policy(with_policy(PAGE)))["script-src"]


def test_the_policy_text_needs_no_escaping_in_its_attribute() -> None:
    text = policy(["</script>\"'&<>", HELLO], webassembly=True)
    assert not set(text) & set('"<>&'), text
