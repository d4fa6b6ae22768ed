"""generator.render in-process: the escaping and sanitising filters, and one page per output path."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content import load_valid_content
from generator.render import Renderer, SharedPathError, isolated_name, markdown_block, plain_text
from generator.site import Site
from htmltree import parse

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def test_names_are_escaped_and_isolated() -> None:
    assert isolated_name("Jane <b>Doe</b> [x](y)") == (
        "<bdi>Jane &#60;b&#62;Doe&#60;/b&#62; &#91;x&#93;&#40;y&#41;</bdi>")
    assert isolated_name("الجيش") == "<bdi>الجيش</bdi>"
    assert parse(isolated_name('a "quoted" & <name>')).find("bdi").text() == 'a "quoted" & <name>'


@pytest.mark.parametrize("text", ["שלום", "سلام", "درود", "ܫܠܡܐ"])  # Hebrew, Arabic, Persian, Syriac
def test_right_to_left_plain_text_is_isolated(text: str) -> None:
    assert plain_text(f"{text} (1)") == f'<span dir="auto">{text} &#40;1&#41;</span>'


def test_left_to_right_plain_text_is_only_escaped() -> None:
    assert plain_text("U.S. <b>") == "U&#46;S&#46; &#60;b&#62;"


def test_markdown_fields_become_a_sanitised_html_block() -> None:
    block = markdown_block("**Bold** <img src=x onerror=alert(1)>")
    assert block == '<div class="fc-markdown">\n<p><strong>Bold</strong> <img src="x"></p>\n</div>'


def test_two_pages_never_share_a_path() -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    claim = next(iter(content.claims.values()))
    content.claims["index"] = claim.model_copy(update={"id": "index"})  # validation refuses this id
    content.paths[("claims", "index")] = content.path_of("claims", claim.id)
    with pytest.raises(SharedPathError, match="claims/index.md"):
        Renderer().render_site(content, Site(), jobs=1)


def test_every_generated_path_is_unique_for_real_content() -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    paths = [file.path for file in Renderer().render_site(content, Site(), jobs=1)]
    assert len(paths) == len(set(paths))
