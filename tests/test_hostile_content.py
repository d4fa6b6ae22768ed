"""Attack payloads in every Markdown field, built into a real site with `mkdocs build --strict`.

The site (tests/conftest.py `attack_site`, payloads in tests/attacks.py) must hold nothing
that runs, navigates, submits, restyles or loads from another host, and every claim page
must still show its evidence. tests/browser/test_attack_pages_in_chromium.py opens the same pages in Chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from attacks import EVIL, PAYLOADS
from htmltree import Element, main_content, parse_file

pytestmark = pytest.mark.slow

DANGEROUS_ELEMENTS = {"base", "meta", "link", "form", "input", "button", "textarea", "select", "iframe", "frame",
                      "object", "embed", "applet", "style", "script", "plaintext", "xmp", "template", "svg",
                      "math", "details", "dialog", "marquee", "audio", "video", "noscript"}


# The theme's icons and the verdict charts are SVG.
THEME_ELEMENTS = {"svg"}


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def editors_markdown(page: Element) -> list[Element]:
    """The blocks holding editors' Markdown fields, as the templates place them."""
    return page.find_all("div", classes="fc-markdown")


def test_every_markdown_field_is_on_the_pages(attack_site) -> None:
    site = attack_site.path
    claim = parse_file(site / "claims" / "attack-img-onerror" / "index.html")
    assert len(editors_markdown(claim)) == 1
    for path, fields in [("reports/briefing-review/index.html", 1), ("claimants/jane-doe/index.html", 1),
                         ("methodology/index.html", 6), ("ratings/false/index.html", 1)]:
        page = parse_file(site / path)
        assert len(editors_markdown(page)) == fields, path
        assert "Payload img-onerror" in editors_markdown(page)[0].text(), path


def test_no_page_has_an_event_handler_or_a_script_link(attack_site) -> None:
    for path in pages(attack_site.path):
        for element in parse_file(path).iter():
            handlers = [name for name in element.attrs if name.startswith("on")]
            assert not handlers, f"{path}: <{element.tag} {handlers}>"
            for name in ("href", "src", "action", "formaction", "data", "poster", "srcset"):
                value = "".join(element.attrs.get(name, "").split()).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), f"{path}: {name}={value}"


def test_the_articles_hold_no_dangerous_element(attack_site) -> None:
    for path in pages(attack_site.path):
        page = parse_file(path)
        # An embeddable card is a page of its own, without the theme's article.
        article = page.one("main", classes="fc-embed-page") if path.parent.name == "embed" else main_content(page)
        theirs = {id(e) for form in article.find_all("form", classes="fc-lost-search") for e in form.iter()}
        assert not theirs or path.name == "404.html", path  # the theme's search form, on the 404 page only
        found = [e.tag for e in article.iter() if e.tag in DANGEROUS_ELEMENTS - THEME_ELEMENTS and id(e) not in theirs]
        assert not found, f"{path}: {found}"
        for block in editors_markdown(article):
            found = [e.tag for e in block.iter() if e.tag in DANGEROUS_ELEMENTS]
            assert not found, f"{path}: {found}"


def test_the_head_is_the_theme_own(attack_site) -> None:
    """No base, refresh or stylesheet of another host anywhere on any page."""
    for path in pages(attack_site.path):
        page = parse_file(path)
        assert page.find("base") is None, path
        assert not page.find_all("meta", where=lambda e: e.attrs.get("http-equiv", "").lower() == "refresh"), path
        for element in page.iter():
            for name in ("href", "src", "action", "data", "poster", "srcset"):
                assert EVIL not in element.attrs.get(name, "") or element.tag == "a", f"{path}: <{element.tag} {name}>"


def test_editors_markup_cannot_imitate_the_theme(attack_site) -> None:
    for path in pages(attack_site.path):
        for block in editors_markdown(parse_file(path)):
            for element in block.iter():
                if element is block:
                    continue
                assert "style" not in element.attrs and "id" not in element.attrs, f"{path}: <{element.tag}>"
                assert not (element.classes - {c for c in element.classes if c.startswith("language-")}), \
                    f"{path}: <{element.tag} class={element.attrs.get('class')}>"
                if element.tag == "a":
                    href = element.attrs.get("href")
                    assert href is None or href.startswith(("https:", "http:", "mailto:", "#", "../", "/")) \
                        or ":" not in href, f"{path}: {href}"
                if element.tag == "img":
                    src = element.attrs.get("src", "")
                    assert ":" not in src and not src.startswith("//"), f"{path}: {src}"


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_the_evidence_follows_every_payload(attack_site, name: str) -> None:
    article = main_content(parse_file(attack_site.path / "claims" / f"attack-{name}" / "index.html"))
    evidence = article.one("h2", id="evidence")
    items = [e for e in evidence.following_siblings() if e.tag == "ol"]
    assert items and "at least 15 people were killed" in items[0].text()
    assert article.one("h2", id="about-this-fact-check")


def test_fields_after_a_swallowing_payload_still_render(attack_site) -> None:
    """A payload that hides what follows it in its own field hides nothing outside that field."""
    report = main_content(parse_file(attack_site.path / "reports" / "briefing-review" / "index.html"))
    assert report.one("h2", id="verdicts-at-a-glance")
    assert len(report.find_all("h3")) == 3  # the three claims of the report, after its summary
