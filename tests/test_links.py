"""No broken internal link or anchor anywhere in the built demo site.

Every href/src in every generated HTML page that points into the site must name a file
that exists, and its #fragment must be an id (or <a name>) in the target page. Links to
other hosts are not followed; links to the site's own absolute URL (site_url) are checked
like relative ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.slow

LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
NOT_LINKS = {"mailto", "tel", "javascript", "data", "blob"}
BASE = "http://site.invalid/"  # an origin for resolving relative links; never contacted


@pytest.fixture(scope="session")
def site_dir(demo_site: Path) -> Path:
    """The demo site (mkdocs.yml and content/), built once per session by tests/conftest.py."""
    return demo_site


@dataclass
class Link:
    line: int
    tag: str
    attribute: str
    value: str


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    canonical: str | None = None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs if value is not None}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "link" and values.get("rel") == "canonical":
            self.page.canonical = values.get("href")
        for name in LINK_ATTRIBUTES & values.keys():
            self.page.links.append(Link(self.getpos()[0], tag, name, values[name]))
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.page.links.append(Link(self.getpos()[0], tag, "srcset", candidate.split()[0]))

    handle_startendtag = handle_starttag


@cache
def parse(path: Path) -> ParsedPage:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def site_url_of(site: Path) -> str | None:
    """The site's own absolute URL, from the home page's canonical link (mkdocs site_url)."""
    canonical = parse(site / "index.html").canonical
    return canonical if canonical and urlsplit(canonical).scheme in {"http", "https"} else None


def internal_url(value: str, page_url: str, site_url: str | None) -> str | None:
    """The link as a URL on BASE, or None when it leads to another host or is no link."""
    value = value.strip()
    scheme = urlsplit(value).scheme.lower()
    if scheme in NOT_LINKS:
        return None
    if site_url and value.startswith(site_url):
        return BASE + value.removeprefix(site_url)
    if scheme or value.startswith("//"):
        return None
    if value.startswith("/") and site_url:
        prefix = urlsplit(site_url).path
        value = "/" + value.removeprefix(prefix) if value.startswith(prefix) else value
    return urljoin(BASE + page_url, value)


def target_file(site: Path, url: str) -> Path | None:
    path = unquote(urlsplit(url).path).removeprefix("/")
    if ".." in PurePosixPath(path).parts:
        return None
    candidate = site / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path) -> list[str]:
    site_url = site_url_of(site)
    problems = []
    for page in sorted(site.rglob("*.html")):
        page_url = page.relative_to(site).as_posix()
        for link in parse(page).links:
            url = internal_url(link.value, page_url, site_url)
            if url is None:
                continue
            where = f"{page_url}:{link.line}: <{link.tag} {link.attribute}=\"{link.value}\">"
            target = target_file(site, url)
            if target is None:
                problems.append(f"{where}: no such file in the site")
                continue
            fragment = unquote(urlsplit(url).fragment)
            if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                problems.append(f"{where}: {target.relative_to(site).as_posix()} has no id {fragment!r}")
    return problems


def test_the_site_has_pages_to_check(site_dir):
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) >= 5, f"only {len(pages)} HTML pages in {site_dir}"
    assert sum(len(parse(page).links) for page in pages) > 0


def test_no_broken_internal_links_or_anchors(site_dir):
    problems = broken_links(site_dir)
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems[:100])


def test_the_checker_reports_a_missing_page_and_a_missing_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#here">ok</a><a href="#top" id="top">ok</a>'
        '<a href="https://example.org/x">external</a><a href="mailto:x@example.org">mail</a>'
        '<a href="b/">missing page</a><a href="a/#there">missing anchor</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2><img src="../index.html">',
                                               encoding="utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 2, problems
    assert "b/" in problems[0] and "no such file" in problems[0]
    assert "no id 'there'" in problems[1]


def test_pages_written_as_html_link_right_without_directory_urls(tmp_path):
    """The generator writes the links of its pages itself: with use_directory_urls off (claims/x.html)
    and another permalink, they still reach every page and anchor, as MkDocs' own links would."""
    from htmltree import parse_file
    from sitebuild import FIXTURES, build_or_fail

    site = build_or_fail(FIXTURES / "varied", tmp_path / "site", extra_config={
        "use_directory_urls": False, "markdown_extensions": [{"toc": {"permalink": "§", "toc_depth": 2}}]})
    assert (site / "claims" / "hospital-reopened.html").is_file()
    assert not (site / "claims" / "hospital-reopened" / "index.html").exists()
    problems = broken_links(site)
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems[:100])
    page = parse_file(site / "claims" / "hospital-reopened.html")
    evidence = page.find("h2", id="evidence")
    assert evidence is not None and evidence.find("a", classes="headerlink").text() == "§"
    assert page.find_all("a", where=lambda a: a.attrs.get("href", "").startswith("../methodology.html#"))
    toc = page.find("nav", classes="md-nav--secondary")
    assert toc is not None and {a.attrs["href"] for a in toc.find_all("a")} >= {"#evidence", "#about-this-fact-check"}
