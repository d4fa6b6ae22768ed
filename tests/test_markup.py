"""generator.markup: editors' Markdown to sanitised HTML, what the sanitiser reports, and hostile input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from attacks import LEGITIMATE, PAYLOADS
from generator import markup
from generator.content import load_content
from generator.loading import MAX_FILE_BYTES
from generator.markup import (MAX_ELEMENTS, MAX_MARKDOWN_CHARS, TooMuchMarkup, attribute_list, is_same_site,
                              removed_markup, to_html)
from htmltree import parse
from tools import time_limit

FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "object", "embed", "base", "meta", "link", "form", "input",
                      "button", "textarea", "select", "plaintext", "xmp", "svg", "math", "template", "noscript",
                      "details", "dialog", "marquee", "audio", "video", "div", "span", "body", "frame", "frameset"}
ALLOWED_ATTRIBUTES = {"href", "title", "src", "alt", "width", "height", "start", "align", "class"}


def assert_inert(html: str) -> None:
    """Nothing that runs, restyles, navigates, submits or loads from another host."""
    for element in parse(html).iter():
        assert element.tag not in FORBIDDEN_ELEMENTS, html
        assert set(element.attrs) <= ALLOWED_ATTRIBUTES, html
        assert not any(name.startswith("on") for name in element.attrs), html
        href = element.attrs.get("href")
        if href is not None:
            assert href.split(":", 1)[0].lower() in ("http", "https", "mailto") or ":" not in href.split("/")[0], html
        src = element.attrs.get("src")
        if src is not None:
            assert "//" not in src and ":" not in src, html
        if "class" in element.attrs:
            assert element.tag == "code" and element.attrs["class"].startswith("language-"), html


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_attack_payloads_are_made_inert(name: str) -> None:
    assert_inert(to_html(PAYLOADS[name]))
    assert_inert(to_html(f"Some text before.\n\n{PAYLOADS[name]}\n\nSome text after."))


@pytest.mark.parametrize("name", sorted(set(PAYLOADS) - {
    "img-onerror-slash", "svg-onload",  # not HTML to CommonMark: shown as the text they are
    "attr-list-autofocus", "attr-list-inline",  # shown as text; attribute_list() warns about them
    "body-onload",  # a <body> tag inside a field is dropped by every HTML parser, with what it holds
}))
def test_the_sanitiser_says_what_it_removed(name: str) -> None:
    assert removed_markup(PAYLOADS[name]) is not None


def test_removed_markup_names_the_tag() -> None:
    assert removed_markup("Fine.\n\n<img src=x onerror=alert(1)>") == '<img src="x" onerror="alert(1)">'
    assert removed_markup("[x](javascript:alert(1))") == '<a href="javascript:alert(1)">'
    assert removed_markup('<p style="color:red">x</p>') == '<p style="color:red">'


def test_removed_markup_is_shown_as_the_tag_that_holds_it_on_one_line() -> None:
    assert removed_markup("<p>" + "a " * 60 + '<span id="x">u</span></p>') == '<span id="x">'
    assert removed_markup("<p>" + "a " * 10 + '<span\n    id="x">u</span></p>') == '<span id="x">'
    assert removed_markup('<p class="' + "long " * 30 + '">t</p>') == '<p class="' + "long " * 13 + "long…"
    assert removed_markup('x <span class="' + "a" * 70 + '">') == '<span class="' + "a" * 67 + "…"
    assert removed_markup('x <span class="' + "a" * 64 + '">') == '<span class="' + "a" * 64 + '">'
    # The tag starts too far back: the excerpt starts where the removed markup does.
    assert removed_markup('<img src="x" alt="' + "long " * 30 + '" onerror="y">') == 'onerror="y">'
    assert removed_markup("<!-- a\ncomment -->") == "<!-- a comment -->"


@pytest.mark.parametrize(("url", "same_site"), [
    ("pictures/map.png", True), ("/assets/map.png", True), ("../map.png", True), (" map.png\n", True),
    ("X//evil.example/map.png", True),  # a path that starts with the letter X
    ("\u00a0//evil.example/map.png", True),  # a browser strips only ASCII spaces and controls: a path
    ("", False), (" \t\n", False), ("//evil.example/map.png", False), (" //evil.example/map.png", False),
    ("\\evil.example/map.png", False), ("/\\evil.example/map.png", False),
    ("https://evil.example/map.png", False), ("data:image/png;base64,AAAA", False), ("https:map.png", False),
])
def test_same_site_urls(url: str, same_site: bool) -> None:
    assert is_same_site(url) is same_site


def test_attribute_lists_are_reported_and_shown_as_text() -> None:
    text = PAYLOADS["attr-list-autofocus"]
    assert attribute_list(text) == "{: autofocus onfocus=alert(1) tabindex=0 }"
    assert "{: autofocus" in to_html(text)
    assert attribute_list("No braces {here} or there.") is None


def test_legitimate_markdown_renders_and_is_not_reported() -> None:
    html = to_html(LEGITIMATE)
    assert removed_markup(LEGITIMATE) is None
    page = parse(html)
    assert [a.attrs["href"] for a in page.find_all("a")] == [
        "https://example.org/a", "mailto:desk@example.org", "../../methodology/"]
    assert page.find("strong").text() == "The attribution is accurate."
    assert [li.text() for li in page.find("ol").find_all("li")] == ["first", "second"]
    assert page.find("blockquote") is not None
    assert [td.attrs.get("align") for td in page.find_all("td")] == ["left", "right", "left", "right"]
    assert page.find("img").attrs == {"src": "../../assets/chart.png", "alt": "A chart of this site"}
    codes = [c.text() for c in page.find_all("code")]
    assert codes == ["<img src=x onerror=alert(1)>", "<script>alert('shown, not run')</script>"]
    assert page.find("code", classes="language-html") is not None
    assert_inert(html)


def test_links_keep_their_text_when_their_target_is_removed() -> None:
    assert parse(to_html("[the images](javascript:alert(1))")).find("a").text() == "the images"


def test_headings_sit_below_the_page_own() -> None:
    html = to_html("# One\n\n## Two\n\n### Three\n\n###### Six")
    assert [e.tag for e in parse(html).iter() if e.tag.startswith("h")] == ["h3", "h4", "h5", "h6"]


def test_images_only_from_this_site() -> None:
    assert 'src="pictures/map.png"' in to_html("![map](pictures/map.png)")
    for url in ("https://evil.example/p.png", "http://evil.example/p.png", "//evil.example/p.png",
                "\\\\evil.example/p.png", "data:image/png;base64,AAAA"):
        assert "src=" not in to_html(f'<img src="{url}" alt="x">'), url


def test_fields_with_too_much_markup_are_refused() -> None:
    with pytest.raises(TooMuchMarkup, match="too many HTML elements"):
        removed_markup(">" * (MAX_ELEMENTS + 1) + " deep")
    assert removed_markup(">" * 100 + " deep") is None


def test_a_field_with_too_much_markup_is_an_error_at_its_place_with_a_hint(tmp_path: Path) -> None:
    root = write_tree(tmp_path, ">" * (MAX_ELEMENTS + 1) + " deep")
    _, problems = load_content(root, jobs=1)
    [problem] = problems.errors
    assert (problem.path, problem.line, problem.column) == (str(root / "claims" / "c.yaml"), 10, 13)
    assert problem.message.startswith("field 'verdict.analysis' makes too many HTML elements (")
    assert problem.hint == "split it, or use fewer nested quotes, lists and tags"


# --- hostile input is answered quickly -----------------------------------------------------

TIME_LIMIT = 2.0  # seconds to validate a tree holding one hostile field (the feature under test)


def hostile_inputs(size: int) -> dict[str, str]:
    """Inputs that take super-linear time in some Markdown or HTML parser, `size` characters each."""
    def repeat(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]
    return {
        "brackets": repeat("["), "bang-brackets": repeat("!["), "link-openers": repeat("[]("),
        "emphasis": repeat("*a"), "mixed-emphasis": repeat("*_"), "backticks": repeat("`a"),
        "nested-quotes": repeat(">"), "nested-lists": repeat("- "), "quoted-lists": repeat("> - "),
        "open-divs": repeat("<div>"), "open-tags": repeat("<a "), "open-attributes": repeat('<a b="'),
        "cdata": repeat("<![CDATA["), "comments": repeat("<!--"), "autolinks": repeat("<http://"),
        "less-than": repeat("< "), "ampersands": repeat("&"), "entities": repeat("&#"),
        "table-rows": "|a|b|\n|-|-|\n" + repeat("|x|y|\n"), "attribute-list": "x\n{: " + repeat("a=b "),
        "old-screen-href": "href=" + " " * (size - 12) + "x data:",
    }


def write_tree(root: Path, analysis: str) -> Path:
    (root / "claims").mkdir(parents=True)
    (root / "sources").mkdir()
    (root / "claimants").mkdir()
    (root / "ratings.yaml").write_text("- id: false\n  label: \"False\"\n  value: 0\n  description: Not accurate.\n",
                                       encoding="utf-8")
    (root / "claimants" / "jane.yaml").write_text("name: Jane\nkind: person\n", encoding="utf-8")
    (root / "sources" / "s.yaml").write_text("title: T\npublisher: P\nurl: https://example.org/\nkind: news\n",
                                             encoding="utf-8")
    head = ("claim: C\nclaimant: jane\ndate: 2016-09-17\nverdict:\n  rating: false\n  summary: S\n"
            "  evidence:\n    - source: s\n  published: 2016-09-18\n  analysis: |-\n")
    indented = "\n".join("    " + line for line in analysis.split("\n"))
    excess = len(head) + len(indented) + 1 - MAX_FILE_BYTES
    if excess > 0:  # the indentation counts towards the file's limit: keep the file just under it
        indented = indented[: len(indented) - excess].rstrip()
    (root / "claims" / "c.yaml").write_text(f"{head}{indented}\n", encoding="utf-8")
    return root


@pytest.mark.timing
@pytest.mark.parametrize("size", [MAX_MARKDOWN_CHARS, MAX_FILE_BYTES - 1000], ids=["at-the-field-limit", "2MB"])
def test_hostile_markdown_fields_validate_quickly(tmp_path: Path, size: int) -> None:
    slowest = (0.0, "")
    for name, analysis in hostile_inputs(size).items():
        root = write_tree(tmp_path / name, analysis)
        started = time.perf_counter()
        _, problems = load_content(root, jobs=1)
        elapsed = time.perf_counter() - started
        slowest = max(slowest, (elapsed, name))
        print(f"{name}: {elapsed:.2f} s")
        assert all(p.path.endswith("c.yaml") for p in problems.errors), (name, problems.report())
        if size > MAX_MARKDOWN_CHARS:
            assert any("is too long" in p.message for p in problems.errors), name
    assert slowest[0] < time_limit(TIME_LIMIT), f"{slowest[1]} took {slowest[0]:.2f} s"


@pytest.mark.timing
def test_a_hostile_field_at_the_limit_still_renders_quickly() -> None:
    slowest = (0.0, "")
    for name, analysis in hostile_inputs(MAX_MARKDOWN_CHARS).items():
        try:
            removed_markup(analysis)
        except TooMuchMarkup:
            continue  # refused by validation, never rendered
        started = time.perf_counter()
        assert_inert(to_html(analysis))
        slowest = max(slowest, (time.perf_counter() - started, name))
    assert slowest[0] < time_limit(TIME_LIMIT), f"{slowest[1]} took {slowest[0]:.2f} s"


@pytest.mark.parametrize("html, index, excerpt", [
    ("a<b>", 0, "a<b>"),  # the text before a tag starts where the text does
    (">x", 0, ">"),  # a tag's end at the very start
    (">" + "x" * 100, 0, ">"),
    ("<abc", 0, "<abc"),  # a tag cut off by the end of the text: nothing more to show
    ("<" + "a" * 100, 0, "<" + "a" * 79 + "…"),
])
def test_an_excerpt_shows_the_tag_at_a_place_and_marks_only_a_cut(html: str, index: int, excerpt: str) -> None:
    assert markup._excerpt_at(html, index) == excerpt
