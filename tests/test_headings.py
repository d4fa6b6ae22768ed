"""generator.headings: headings written as HTML get the ids, permalinks and table of contents that
Python-Markdown's toc extension gives the same heading written in Markdown."""

from __future__ import annotations

import markdown
import pytest
from markdown.extensions.toc import slugify_unicode
from mkdocs.structure.toc import get_toc

from generator.headings import Headings, HeadingStyle, nested

STYLE = HeadingStyle(permalink="&para;")


def written(style: HeadingStyle, *headings: tuple) -> tuple[str, tuple]:
    heading = Headings(style)
    text = "\n".join(heading(level, inner, **more) for level, inner, more in headings)
    return heading.finish(text)


def test_ids_and_permalinks_are_those_of_markdown() -> None:
    text, toc = written(STYLE, (1, "<bdi>Syria&#39;s war&#46;</bdi>", {}), (2, "Analysis", {}), (2, "Analysis", {}))
    md = markdown.Markdown(extensions=["toc", "md_in_html"], extension_configs={"toc": {"permalink": True}})
    expected = md.convert("# <bdi>Syria&#39;s war&#46;</bdi>\n\n## Analysis\n\n## Analysis")
    assert text == expected.replace("\n\n", "\n")
    assert toc == ((1, "syrias-war", "Syria&#39;s war&#46;"), (2, "analysis", "Analysis"), (2, "analysis_1", "Analysis"))
    assert [(t["level"], t["id"], t["name"]) for t in md.toc_tokens[0]["children"]] == [
        (2, "analysis", "Analysis"), (2, "analysis_1", "Analysis")]


def test_an_id_the_template_gives_is_kept_and_never_taken_by_a_heading_before_it() -> None:
    text, toc = written(STYLE, (1, "Sources", {}), (2, "First source", {"id": "sources"}))
    assert '<h1 id="sources_1">' in text and '<h2 id="sources">' in text
    assert [id for _, id, _ in toc] == ["sources_1", "sources"]


def test_attributes_come_before_the_id_as_markdowns_attribute_lists_put_them() -> None:
    text, _ = written(HeadingStyle(), (2, "Embed", {"data_search_exclude": ""}), (3, "X", {"data_x": "a\"b"}))
    assert text == '<h2 data-search-exclude id="embed">Embed</h2>\n<h3 data-x="a&quot;b" id="x">X</h3>'


def test_several_attributes_are_written_in_order_each_with_its_space() -> None:
    text, _ = written(HeadingStyle(), (2, "Embed", {"data_a": "1", "data_b": "", "data_c": "3"}))
    assert text == '<h2 data-a="1" data-b data-c="3" id="embed">Embed</h2>'


def test_a_permalink_without_a_title_has_no_title_attribute_as_in_markdown() -> None:
    text, _ = written(HeadingStyle(permalink="&para;", permalink_title=""), (2, "Analysis", {}))
    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"permalink": True, "permalink_title": ""}})
    assert text == md.convert("## Analysis") == '<h2 id="analysis">Analysis<a class="headerlink" href="#analysis">&para;</a></h2>'


def test_a_toc_depth_that_markdown_refuses_is_refused() -> None:
    for depth in ("2--3", "1-2-3"):
        with pytest.raises(ValueError):
            markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"toc_depth": depth}}).convert("# T")
        with pytest.raises(ValueError):
            HeadingStyle.from_toc_options({"toc_depth": depth})


def test_an_editor_cannot_write_the_placeholder_of_an_id() -> None:
    heading = Headings(STYLE)
    first = heading(2, "Evidence")
    forged = first.split('id="')[1].split('"')[0]  # what this page uses, unknown before rendering
    text, _ = heading.finish(first + Headings(STYLE)(2, "x") + forged.replace("\x00", ""))
    assert "\x00" not in text.split("</h2>")[0] and text.startswith('<h2 id="evidence">')


@pytest.mark.parametrize("options, style", [
    (None, HeadingStyle()),
    ({"permalink": True}, HeadingStyle(permalink="&para;")),
    ({"permalink": False}, HeadingStyle()),
    ({"permalink": "<#>", "permalink_title": "", "permalink_class": "p"},
     HeadingStyle(permalink="&lt;#&gt;", permalink_title="", permalink_class="p")),
    ({"toc_depth": "2-3", "separator": "_"}, HeadingStyle(top=2, bottom=3, separator="_")),
    ({"toc_depth": 2, "slugify": slugify_unicode}, HeadingStyle(bottom=2, slugify=slugify_unicode)),
])
def test_the_style_follows_the_sites_toc_settings(options: dict | None, style: HeadingStyle) -> None:
    assert HeadingStyle.from_toc_options(options) == style


def test_levels_outside_toc_depth_get_an_id_but_no_permalink_or_entry() -> None:
    text, toc = written(HeadingStyle(permalink="¶", top=2, bottom=2), (1, "T", {}), (2, "A", {}), (3, "B", {}))
    assert text == '<h1 id="t">T</h1>\n<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>\n<h3 id="b">B</h3>'
    assert toc == ((2, "a", "A"),)


def test_a_unicode_slugify_keeps_arabic_ids() -> None:
    _, toc = written(HeadingStyle(slugify=slugify_unicode), (2, "<bdi>الأدلة</bdi>", {}))
    assert toc == ((2, "الأدلة", "الأدلة"),)


def test_the_table_of_contents_nests_as_markdowns() -> None:
    tokens = nested(((1, "t", "T"), (2, "a", "A"), (3, "b", "B"), (2, "c", "C")))
    assert [(t["id"], [(c["id"], [g["id"] for g in c["children"]]) for c in t["children"]]) for t in tokens] == [
        ("t", [("a", ["b"]), ("c", [])])]
    assert [(link.title, link.url) for link in get_toc(tokens).items[0].children] == [("A", "#a"), ("C", "#c")]
