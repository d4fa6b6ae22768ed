"""The plugin's defences as a reader's browser meets them in built HTML, and template errors as a
site's developer meets them: the demo loads nothing from other hosts and every page carries its
Content-Security-Policy; edit links cannot be broken out of; a broken template is reported as
`file:line: message` by `mkdocs build`, `python -m generator build` and `mkdocs serve`."""

from __future__ import annotations

import base64
import hashlib
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from generator.cli import main
from generator.plugin import FactCheckPlugin
from htmltree import Element, parse
from sitebuild import FIXTURES, build_site, mkdocs_build, write_project
from test_serve import CHANGE_TIMEOUT, fetch, running_server, wait_for

pytestmark = pytest.mark.slow

JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript"}


def html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10, f"too few pages in {site}"
    return pages


# --- the demo site: nothing from other hosts, a policy on every page --------------------------------


def fetched_urls(root: Element) -> list[tuple[str, str]]:
    """(what, URL) for everything a browser fetches on its own from the page's markup."""
    found = []
    for element in root.iter():
        attrs = element.attrs
        for name in ("src", "poster", "data", "background"):
            if attrs.get(name):
                found.append((f"<{element.tag} {name}>", attrs[name]))
        for name in ("srcset", "imagesrcset"):
            for candidate in attrs.get(name, "").split(","):
                if candidate.strip():
                    found.append((f"<{element.tag} {name}>", candidate.split()[0]))
        if element.tag == "link" and attrs.get("href"):
            relations = set(attrs.get("rel", "").lower().split())
            if relations - {"canonical", "alternate", "prev", "next", "edit", "license", "author", "help",
                            "search", "bookmark", "external", "nofollow", "noopener", "noreferrer", "me"}:
                found.append((f"<link rel={attrs.get('rel')}>", attrs["href"]))
        if "url(" in attrs.get("style", ""):
            found.append((f"<{element.tag} style>", attrs["style"]))
    return found


def test_the_demo_asks_no_other_host_for_anything(demo_site: Path) -> None:
    others = []
    for page in html_pages(demo_site):
        for what, url in fetched_urls(parse(page.read_text(encoding="utf-8"))):
            parts = urlsplit(url.strip())
            if parts.netloc or parts.scheme not in ("", "data") or url.strip().startswith("//"):
                others.append(f"{page.relative_to(demo_site)}: {what} {url}")
    assert others == []
    for stylesheet in demo_site.rglob("*.css"):
        text = stylesheet.read_text(encoding="utf-8")
        assert "//fonts." not in text and "@import url(http" not in text, stylesheet


def test_the_repository_link_is_a_plain_link_that_fetches_no_facts(demo_site: Path) -> None:
    home = parse((demo_site / "index.html").read_text(encoding="utf-8"))
    links = home.find_all("a", classes="md-source")
    assert links and all(link.attrs["href"] == "https://github.com/open-fact-desk/factcheck-site" for link in links)
    assert all(link.find(classes="md-source__icon").find("svg") is not None for link in links)
    assert all(link.text() == "open-fact-desk/factcheck-site" for link in links)
    for page in html_pages(demo_site):
        root = parse(page.read_text(encoding="utf-8"))
        assert root.find_all(where=lambda e: e.attrs.get("data-md-component") == "source") == [], page
        assert root.find_all(classes="md-source__facts") == [], page


def policy_of(root: Element) -> dict[str, list[str]]:
    head = root.one("head")
    metas = [e for e in head.iter() if e.tag == "meta" and e.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    elements = [e for e in head.iter() if e is not head]
    first = 1 if elements[0].tag == "meta" and "charset" in elements[0].attrs else 0
    assert elements[first] is metas[0], "the policy must come before anything it covers"
    return {name: sources for name, *sources in (d.split() for d in metas[0].attrs["content"].split(";"))}


def test_every_demo_page_has_a_policy_allowing_exactly_its_inline_scripts(demo_site: Path) -> None:
    for page in html_pages(demo_site):
        text = page.read_text(encoding="utf-8")
        root = parse(text)
        policy = policy_of(root)
        inline = {script.raw_text() for script in root.find_all("script")
                  if "src" not in script.attrs and script.attrs.get("type", "").lower() in JAVASCRIPT_TYPES}
        hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline}
        if page.parent.name != "embed":  # an embeddable card runs no script at all
            assert inline, f"{page}: Material's inline scripts not found"
        assert set(policy["script-src"]) == {"'self'"} | hashes, page
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], page
    assert (demo_site / "404.html") in html_pages(demo_site)


# --- edit links ------------------------------------------------------------------------------------

QUOTED = 'x" onfocus="alert(1)" data-x="'
REPO_SETTINGS = {"repo_url": "https://github.com/example/facts", "edit_uri": "edit/main/docs/",
                 "theme": {"features": ["content.action.edit"]}}


def edit_links(page: Path) -> list[Element]:
    return parse(page.read_text(encoding="utf-8")).find_all("a", rel="edit")


def plugin_in(base: Path) -> FactCheckPlugin:
    plugin = FactCheckPlugin()
    plugin.base = base
    return plugin


@pytest.mark.parametrize("name", [QUOTED, "a b", "<b>&amp;", "100%", "#?", "naïve"])
def test_each_name_in_an_edit_link_is_percent_encoded(tmp_path: Path, name: str) -> None:
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"))
    uri = plugin_in(tmp_path)._edit_uri(tmp_path / "content" / "claims" / name / "a.yaml", config)
    assert uri is not None
    assert not set(uri) & set("\"'<>& #?%") - {"%"}
    segments = uri.split("/")
    assert segments[:3] == ["..", "content", "claims"] and segments[-1] == "a.yaml"
    assert urllib.parse.unquote(segments[3]) == name


def test_edit_links_outside_the_repository_are_left_out(tmp_path: Path) -> None:
    config = SimpleNamespace(docs_dir=str(tmp_path / "docs"))
    assert plugin_in(tmp_path / "site")._edit_uri(tmp_path / "content" / "a.yaml", config) is None


def test_a_content_folder_named_with_quotes_cannot_break_out_of_the_edit_link(tmp_path: Path) -> None:
    project = tmp_path / "project"
    config = write_project(FIXTURES / "minimal", project, extra_config={**REPO_SETTINGS, "factcheck": {"content_dir": QUOTED}})
    shutil.move(project / "content", project / QUOTED)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    links = edit_links(tmp_path / "site" / "claims" / "toll-62-killed" / "index.html")
    assert len(links) == 1
    assert set(links[0].attrs) == {"href", "title", "class", "rel"}, links[0].attrs
    assert links[0].attrs["href"] == ("https://github.com/example/facts/edit/main/"
                                      "x%22%20onfocus%3D%22alert%281%29%22%20data-x%3D%22/claims/toll-62-killed.yaml")


def test_a_claim_subfolder_named_with_quotes_is_refused_or_linked_safely(tmp_path: Path) -> None:
    """Validation may refuse such a folder name; if it is built, its link stays one attribute."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    (content / "claims" / QUOTED).mkdir()
    shutil.move(content / "claims" / "toll-62-killed.yaml", content / "claims" / QUOTED / "toll-62-killed.yaml")
    result = build_site(content, tmp_path / "site", extra_config=REPO_SETTINGS)
    if result.returncode != 0:
        assert "error:" in result.stdout + result.stderr and "Traceback" not in result.stdout + result.stderr
        assert 'onfocus="alert(1)"' in result.stdout + result.stderr, "the refusal must name the folder"
        return
    links = edit_links(tmp_path / "site" / "claims" / "toll-62-killed" / "index.html")
    assert len(links) == 1 and set(links[0].attrs) == {"href", "title", "class", "rel"}, links
    assert "/claims/x%22%20onfocus%3D%22alert%281%29%22%20data-x%3D%22/toll-62-killed.yaml" in links[0].attrs["href"]


# --- template errors ---------------------------------------------------------------------------------

BROKEN_TEMPLATES = {
    "a syntax error": ({"claim.md.j2": "# {{ claim.claim|text }}\n\n{% if %}\n"},
                       "my-templates/claim.md.j2:3: error: Expected an expression, got 'end of statement block'"),
    "an undefined value": ({"claim.md.j2": "# {{ claim.claim|text }}\n\n{{ no_such_value }}\n"},
                           "my-templates/claim.md.j2:3: error: 'no_such_value' is undefined"),
    "an error in an included template": (
        {"claim.md.j2": "# Claim\n\n{% include 'part.md.j2' %}\n", "part.md.j2": "Part\n\n\n{{ {}.no_such_key }}\n"},
        "my-templates/part.md.j2:4: error: 'dict object' has no attribute 'no_such_key'"),
}


def broken_project(tmp_path: Path, templates: dict[str, str]) -> Path:
    project = tmp_path / "project"
    config = write_project(FIXTURES / "minimal", project, extra_config={"factcheck": {"overrides_dir": "my-templates"}})
    (project / "my-templates").mkdir()
    for name, text in templates.items():
        (project / "my-templates" / name).write_text(text, encoding="utf-8")
    return config


@pytest.mark.parametrize("case", BROKEN_TEMPLATES)
def test_mkdocs_build_reports_a_template_error_at_its_line(tmp_path: Path, case: str) -> None:
    templates, expected = BROKEN_TEMPLATES[case]
    result = mkdocs_build(broken_project(tmp_path, templates), tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert [line for line in output.splitlines() if line.startswith("ERROR")] == [f"ERROR   -  {expected}"], output
    assert "Traceback" not in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"], "no site, and no staging folder left"


@pytest.mark.parametrize("case", BROKEN_TEMPLATES)
def test_the_build_command_reports_a_template_error_in_one_line(tmp_path: Path, case: str, capsys,
                                                                 monkeypatch) -> None:
    templates, expected = BROKEN_TEMPLATES[case]
    config = broken_project(tmp_path, templates)
    monkeypatch.chdir(config.parent)
    assert main(["build", "--out", "pages"]) == 1
    assert capsys.readouterr().out == expected + "\n"
    assert not (config.parent / "pages").exists()


def answers_within(url: str, seconds: float) -> int:
    """The HTTP status of a request that must be answered in time."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=seconds) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert time.monotonic() - start < seconds
    return status


def test_serve_shows_a_template_error_and_keeps_serving(tmp_path: Path) -> None:
    def break_template(project: Path) -> None:
        (project / "my-templates").mkdir()
        (project / "my-templates" / "claim.md.j2").write_text("# {{ claim.claim|text }}\n\n{% if %}\n", encoding="utf-8")

    overrides = {"factcheck": {"overrides_dir": "my-templates"}}
    with running_server(tmp_path / "project", overrides, before_start=break_template) as (base, log):
        home = parse(wait_for(lambda: fetch(base), CHANGE_TIMEOUT, "the home page", log))
        shown = [item.text() for item in home.find_all("li")
                 if "my-templates/claim.md.j2:3: error: Expected an expression" in item.text()]
        assert shown, home.text()
        assert answers_within(base, 5) == 200
        assert answers_within(f"{base}claims/toll-62-killed/", 5) == 404

        (tmp_path / "project" / "my-templates" / "claim.md.j2").write_text(
            "# {{ claim.claim|text }}\n\nThe fixed override.\n", encoding="utf-8")
        page_url = f"{base}claims/toll-62-killed/"
        wait_for(lambda: True if "The fixed override." in (fetch(page_url) or "") else None, CHANGE_TIMEOUT,
                 "the claim page after the fix", log)

        (tmp_path / "project" / "my-templates" / "claim.md.j2").write_text("# {{ no_such_value }}\n", encoding="utf-8")
        wait_for(lambda: True if "claim.md.j2:1: error: 'no_such_value' is undefined" in parse(fetch(base) or "").text()
                 else None, CHANGE_TIMEOUT, "the new error on the home page", log)
        assert "The fixed override." in (fetch(page_url) or ""), "the last good claim page is no longer served"
        assert "Traceback" not in log.read_text(errors="replace")
