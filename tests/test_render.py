"""generator.render in-process: the escaping and sanitising filters, and one page per output path."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import jinja2
import pytest

import generator
from generator.content import load_valid_content
from generator.pages import Page
from generator.render import (
    DEFAULT_TEMPLATES,
    GeneratedFile,
    RenderedPage,
    Renderer,
    front_matter,
    isolated_name,
    link_target,
    long_date,
    make_environment,
    markdown_block,
    plain_block,
    plain_text,
    relative,
    relative_url,
    site_url,
)
from generator.headings import HeadingStyle
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


# --- plain-text filters --------------------------------------------------------------------------


def test_line_breaks_in_plain_text_become_one_space_each() -> None:
    assert plain_text("a\r\nb\nc\rd") == "a b c d"
    assert plain_text("X") == "X", "letters are never escaped"
    assert plain_text(42) == "42"


def test_a_plain_block_keeps_each_line_break_as_one_br() -> None:
    assert plain_block("a <b>\r\nb\rc\nd") == "a &#60;b&#62;<br>b<br>c<br>d"
    assert plain_block("one line") == "one line"
    assert plain_block("سلام\nhello") == '<span dir="auto">سلام</span><br>hello'


def test_link_targets_keep_url_syntax_and_percent_encode_the_rest() -> None:
    kept = "https://x.example/p;a?q=1&r=[2]@u!$'(*)+,=%20~-._#top"
    # escaped for an HTML attribute too (Markdown keeps the entities as they are)
    assert link_target(kept) == kept.replace("(", "%28").replace(")", "%29").replace("&", "&amp;").replace("'", "&#x27;")
    assert link_target('https://x.example/a b"<>é`{|}\\^') == (
        "https://x.example/a%20b%22%3C%3E%C3%A9%60%7B%7C%7D%5C%5E")


def test_long_dates_are_day_month_year_without_leading_zero() -> None:
    assert long_date(date(2025, 1, 5)) == "5 January 2025"
    assert long_date(date(2016, 11, 29)) == "29 November 2016"


def test_front_matter_is_yaml_of_json_values_without_empty_ones() -> None:
    values = {"title": "Plain", "none": None, "list": [], "blank": "", "zero": 0, "no": False, "hide": ["toc"],
              "arabic": "سلام"}
    assert front_matter(values) == (
        '---\ntitle: "Plain"\nzero: 0\nno: false\nhide: ["toc"]\narabic: "سلام"\n---\n')
    assert front_matter({}) == "---\n---\n"


def test_front_matter_escapes_the_values_the_theme_writes_into_html_as_they_are() -> None:
    values = {"title": 'A <b> & "q"', "description": "<i>", "tags": ["x<y", "a&b"], "schema_org": "<script>",
              "other": ["<kept>"]}
    assert front_matter(values) == (
        '---\ntitle: "A &lt;b&gt; &amp; &quot;q&quot;"\ndescription: "&lt;i&gt;"\ntags: ["x&lt;y", "a&amp;b"]\n'
        'schema_org: "<script>"\nother: ["<kept>"]\n---\n')
    assert front_matter({"title": 7, "tags": "<one>"}) == '---\ntitle: 7\ntags: "&lt;one&gt;"\n---\n'


def test_front_matter_escapes_what_yaml_would_refuse_or_read_as_a_line_break() -> None:
    text = "a\x07b\u2028c\x85d\ufeffe\u2029f\x7fg\x0bh\x1fi\ud800j\ufffek\uffffl"
    assert front_matter({"title": text}) == (
        '---\ntitle: "a\\u0007b\\u2028c\\u0085d\\ufeffe\\u2029f\\u007fg\\u000bh\\u001fi\\ud800j\\ufffek\\uffffl"\n---\n')
    assert front_matter({"title": "tab\there é"}) == '---\ntitle: "tab\\there é"\n---\n'


@pytest.mark.parametrize("target, current, link", [
    ("claims/a.md", "claims/b.md", "a.md"),
    ("index.md", "claims/b.md", "../index.md"),
    ("claims/a.md", "index.md", "claims/a.md"),
    ("sources.md", "methodology.md", "sources.md"),
    ("a/b/c.md", "a/d/e.md", "../b/c.md"),
    ("claims/index.md", "claims/index.md", "index.md"),
    ("ratings/false.md", "claims/x.md", "../ratings/false.md"),
])
def test_relative_links_between_pages(target: str, current: str, link: str) -> None:
    assert relative(target, current) == link


# --- the url filter -----------------------------------------------------------------------------

def link_from(path: str, source: str, **values: object) -> str:
    return make_environment([]).from_string(source).render(page=Page(path, "t.md.j2", {}), **values)


@pytest.mark.parametrize("kind, id, current, link", [
    ("claims", "toll-62-killed", "claims/strike-was-halted.md", "toll-62-killed.md"),
    ("claims", "toll-62-killed", "index.md", "claims/toll-62-killed.md"),
    ("claimants", "jane-doe", "claims/toll-62-killed.md", "../claimants/jane-doe.md"),
    ("reports", "briefing-review", "sources.md", "reports/briefing-review.md"),
    ("ratings", "false", "methodology.md", "ratings/false.md"),
    ("sources", "interview-2016-09-20", "claims/toll-62-killed.md", "../sources.md#interview-2016-09-20"),
    ("sources", "interview-2016-09-20", "sources.md", "sources.md#interview-2016-09-20"),
])
def test_an_entity_links_to_its_page_relative_to_the_current_one(kind: str, id: str, current: str, link: str) -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    entity = getattr(content, kind)[id]
    assert link_from(current, "{{ entity|url }}", entity=entity) == link


@pytest.mark.parametrize("kind, current, link", [
    ("claims", "claims/toll-62-killed.md", "index.md"),
    ("claimants", "index.md", "claimants/index.md"),
    ("reports", "ratings/false.md", "../reports/index.md"),
    ("sources", "claims/index.md", "../sources.md"),
])
def test_a_kind_links_to_the_page_listing_them_all(kind: str, current: str, link: str) -> None:
    assert link_from(current, f"{{{{ kinds.{kind}|url }}}}") == link


def test_text_is_an_editors_address_made_safe_not_a_page() -> None:
    assert link_from("claims/a.md", "{{ v|url }}", v="https://x.example/a (b)") == "https://x.example/a%20%28b%29"


@pytest.mark.parametrize("source, values, message", [
    ("{{ kinds.ratings|url }}", {}, "url: ratings have no page listing them all"),
    ("{{ v|url }}", {"v": 3}, "url: int has no page to link to"),
])
def test_what_has_no_page_is_a_template_error(source: str, values: dict, message: str) -> None:
    with pytest.raises(jinja2.TemplateRuntimeError, match=f"^{message}$"):
        link_from("index.md", source, **values)


def test_links_are_made_from_a_page() -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    with pytest.raises(jinja2.TemplateRuntimeError, match="render the template with page="):
        make_environment([]).from_string("{{ c|url }}").render(c=content.claims["toll-62-killed"])


def test_macros_imported_with_context_link_from_the_page_that_calls_them(tmp_path: Path) -> None:
    (tmp_path / "m.md.j2").write_text("{% macro to(claim) %}{{ claim|url }}{% endmacro %}", encoding="utf-8")
    (tmp_path / "t.md.j2").write_text('{% from "m.md.j2" import to with context %}{{ to(claim) }}', encoding="utf-8")
    content, _ = load_valid_content(MINIMAL, jobs=1)
    page = Page("reports/briefing-review.md", "t.md.j2", {"claim": content.claims["toll-62-killed"]})
    assert Renderer(None, tmp_path).render_page(page).text == "../claims/toll-62-killed.md"


# --- pages written as HTML: links as MkDocs would write them ----------------------------------

@pytest.mark.parametrize("path, directory_urls, url", [
    ("index.md", True, "./"), ("claims/index.md", True, "claims/"), ("claims/x.md", True, "claims/x/"),
    ("claims/x.md", False, "claims/x.html"), ("index.md", False, "index.html"), ("feed.xml", True, "feed.xml"),
    ("media/a b.png", True, "media/a%20b.png"),
])
def test_a_path_has_the_url_mkdocs_gives_it(path: str, directory_urls: bool, url: str) -> None:
    assert site_url(path, directory_urls) == url


@pytest.mark.parametrize("target, current, directory_urls, href", [
    ("claims/toll-62-killed.md", "claims/strike-was-halted.md", True, "../toll-62-killed/"),
    ("claims/toll-62-killed.md", "index.md", True, "claims/toll-62-killed/"),
    ("index.md", "claims/x.md", True, "../../"),
    ("claimants/jane-doe.md", "claims/index.md", True, "../claimants/jane-doe/"),
    ("sources.md#interview", "claims/x.md", True, "../../sources/#interview"),
    ("methodology.md", "methodology.md", True, "./"),
    ("claims/x/embed.md", "claims/x.md", True, "embed/"),
    ("feed.xml", "ratings/false.md", True, "../../feed.xml"),
    ("claims/toll-62-killed.md", "claims/strike-was-halted.md", False, "toll-62-killed.html"),
    ("sources.md#interview", "claims/x.md", False, "../sources.html#interview"),
    ("index.md", "claims/x.md", False, "../index.html"),
    ("#top", "claims/x.md", True, "#top"),
])
def test_an_html_page_links_to_the_url_of_its_target(target: str, current: str, directory_urls: bool, href: str) -> None:
    assert relative_url(target, current, directory_urls) == href


def test_an_html_template_links_with_urls_and_a_markdown_one_with_paths(tmp_path: Path) -> None:
    for name in ("t.html.j2", "m.md.j2"):
        (tmp_path / name).write_text("{{ kinds.claims|url }} {{ link('sources.md#s') }}", encoding="utf-8")
    renderer = Renderer(None, tmp_path, directory_urls=False)
    assert renderer.render_page(Page("claims/x.md", "t.html.j2", {})) == RenderedPage("index.html ../sources.html#s", ())
    assert renderer.render_page(Page("claims/x.md", "m.md.j2", {})) == RenderedPage("index.md ../sources.md#s", None)


def test_a_desk_template_written_in_markdown_is_still_used_before_the_html_default(tmp_path: Path) -> None:
    """A site's overrides_dir from before pages were written as HTML keeps working: `claim.md.j2`
    there comes before the package's `claim.html.j2`; its page is Markdown, which MkDocs converts."""
    defaults, overrides = tmp_path / "defaults", tmp_path / "overrides"
    defaults.mkdir(), overrides.mkdir()
    (defaults / "claim.html.j2").write_text("<p>default</p>", encoding="utf-8")
    (defaults / "home.html.j2").write_text("{{ heading(1, 'Home') }}", encoding="utf-8")
    (overrides / "claim.md.j2").write_text("# ours", encoding="utf-8")
    renderer = Renderer(overrides, defaults)
    assert renderer.template_of("claim.html.j2") == ("claim.md.j2", False)
    assert renderer.render_page(Page("claims/x.md", "claim.html.j2", {})) == RenderedPage("# ours", None)
    assert renderer.template_of("home.html.j2") == ("home.html.j2", True)
    assert renderer.render_page(Page("index.md", "home.html.j2", {})) == RenderedPage(
        '<h1 id="home">Home</h1>', ((1, "home", "Home"),))
    (overrides / "claim.html.j2").write_text("<p>ours</p>", encoding="utf-8")
    assert Renderer(overrides, defaults).template_of("claim.html.j2") == ("claim.html.j2", True)


def test_an_html_page_gets_the_sites_heading_style(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text("{{ heading(2, 'A b') }}", encoding="utf-8")
    renderer = Renderer(None, tmp_path, headings=HeadingStyle(permalink="#", separator="_"))
    assert renderer.render_page(Page("x.md", "t.html.j2", {})).text == (
        '<h2 id="a_b">A b<a class="headerlink" href="#a_b" title="Permanent link">#</a></h2>')


# --- the environment ----------------------------------------------------------------------------


def test_the_environment_writes_markdown_as_the_templates_give_it(tmp_path: Path) -> None:
    environment = make_environment([tmp_path])
    assert environment.from_string("{{ '<b>' }}").render() == "<b>", "no HTML escaping of Markdown"
    assert environment.from_string("  {% if true %}\nx\n  {% endif %}\ny\n").render() == "x\ny\n"
    with pytest.raises(jinja2.UndefinedError, match="'missing' is undefined"):
        environment.from_string("{{ missing }}").render()


def test_the_environment_filters(tmp_path: Path) -> None:
    render = make_environment([tmp_path]).from_string
    assert render("{{ v|text }}").render(v="a.b") == "a&#46;b"
    assert render("{{ v|name }}").render(v="a.b") == "<bdi>a&#46;b</bdi>"
    assert render("{{ v|text_block }}").render(v="a\nb") == "a<br>b"
    assert render("{{ v|markdown }}").render(v="*a*") == markdown_block("*a*")
    assert render("{{ v|url }}").render(v="https://x.example/a b") == "https://x.example/a%20b"
    assert render("{{ v|attr }}").render(v="<\"&'>") == "&lt;&quot;&amp;&#x27;&gt;"
    assert render("{{ v|attr }}").render(v=3) == "3"
    assert render("{{ v|front_matter }}").render(v={"title": "T"}) == '---\ntitle: "T"\n---\n'
    assert render("{{ v|long_date }}").render(v=date(2024, 2, 9)) == "9 February 2024"


def test_renderers_share_an_environment_until_a_template_folder_changes(tmp_path: Path) -> None:
    """A preview renders again after each save: its templates are compiled once, and again when saved."""
    template = tmp_path / "page.md.j2"
    template.write_text("first\n", encoding="utf-8")
    renderer = Renderer(None, tmp_path)
    assert renderer.environment.get_template("page.md.j2").render() == "first\n"
    assert Renderer(None, tmp_path).environment is renderer.environment
    template.write_text("second\n", encoding="utf-8")
    later = template.stat().st_mtime + 10
    os.utime(template, (later, later))
    again = Renderer(None, tmp_path)
    assert again.environment is not renderer.environment
    assert again.environment.get_template("page.md.j2").render() == "second\n"
    assert Renderer(tmp_path / "overrides", tmp_path).environment is not renderer.environment
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "page.md.j2").write_text("override\n", encoding="utf-8")
    assert Renderer(tmp_path / "overrides", tmp_path).environment.get_template("page.md.j2").render() == "override\n"
    (tmp_path / "overrides" / "page.md.j2").unlink()
    assert Renderer(tmp_path / "overrides", tmp_path).environment.get_template("page.md.j2").render() == "second\n"


def test_a_site_template_is_used_before_the_default_of_its_name(tmp_path: Path) -> None:
    (tmp_path / "tags.md.j2").write_text("# Our tags\n", encoding="utf-8")
    renderer = Renderer(tmp_path)
    assert renderer.environment.get_template("tags.md.j2").render() == "# Our tags\n"
    assert renderer.environment.get_template("badge.html.j2").filename == str(DEFAULT_TEMPLATES / "badge.html.j2")
    assert Renderer().environment.get_template("tags.md.j2").filename == str(DEFAULT_TEMPLATES / "tags.md.j2")
    assert DEFAULT_TEMPLATES == (Path(generator.__file__).parent / "site_templates").resolve()  # the package's


def test_a_page_is_rendered_with_its_context_and_its_deferred_context(tmp_path: Path) -> None:
    (tmp_path / "t.md.j2").write_text("{{ a }} {{ b }} {{ link('claims/x.md') }} {{ page.path }}\n", encoding="utf-8")
    renderer = Renderer(None, tmp_path)
    page = Page("claims/y.md", "t.md.j2", {"a": 1, "b": 2}, deferred=lambda: {"b": "later"})
    assert renderer.render_page(page) == RenderedPage("1 later x.md claims/y.md\n", None)
    assert renderer.render_page(Page("index.md", "t.md.j2", {"a": 1, "b": 2})).text == "1 2 claims/x.md index.md\n"


def test_content_problems_become_a_home_page_listing_them_as_text() -> None:
    page = Renderer().render_problems(iter(["a.yaml:1:2: error: bad <x> (hint: y)", "b"]))
    assert page == GeneratedFile("index.md", page.data)
    assert page.text == (
        '---\ntitle: "Content errors"\nhide: ["navigation", "toc"]\n---\n\n# The content has errors\n\n'
        "`mkdocs serve` could not build the site from the content folder. Fix each problem below and save: this "
        "page reloads with the site as soon as the content is valid. The same list is in the terminal.\n\n"
        "- a&#46;yaml&#58;1&#58;2&#58; error&#58; bad &#60;x&#62; &#40;hint&#58; y&#41;\n- b\n")


def test_a_generated_file_is_utf8() -> None:
    file = GeneratedFile("a.md", "é سلام".encode())
    assert file.text == "é سلام"
    assert file.source is None and file.updated is None
