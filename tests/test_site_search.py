"""Built sites and their search (generator.search): with Pagefind, no Material index and a Pagefind
bundle of the article of each indexable page, and hostile claim text in the metadata elements only as text."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser
from sitebuild import FIXTURES, build_or_fail, build_site
from tools import missing

from generator import pagefind_index
from generator.pagefind_index import PagefindError

pytestmark = pytest.mark.slow

HOSTILE = '</span><img src=x onerror=alert(1)><span data-pagefind-meta="verdict">True</span>"\'&amp;{{ 7*7 }}'


def pagefind_or_skip() -> None:
    try:
        pagefind_index.executable()
    except PagefindError:
        missing("Pagefind (the pagefind package with its binary)", ".venv/bin/pip install -r requirements/test.txt")


@pytest.fixture(scope="module")
def hostile_pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal fixture, a claimant's name and a rating's label hostile, built with `search: pagefind`."""
    pagefind_or_skip()
    root = tmp_path_factory.mktemp("hostile-search")
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    claimant = content / "claimants" / "defence-ministry.yaml"
    data = yaml.safe_load(claimant.read_text(encoding="utf-8")) | {"name": HOSTILE}
    claimant.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ratings = yaml.safe_load((content / "ratings.yaml").read_text(encoding="utf-8"))
    for rating in ratings:
        rating["label"] = f"{HOSTILE} {rating['id']}"
    (content / "ratings.yaml").write_text(yaml.safe_dump(ratings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build_or_fail(content, root / "site", extra_config={"factcheck": {"search": "pagefind"}})


def claim_pages(site: Path) -> list[Path]:
    return [p for p in site.glob("claims/*/index.html")]


def test_a_pagefind_site_has_no_material_index_and_a_pagefind_bundle(hostile_pagefind_site: Path) -> None:
    site = hostile_pagefind_site
    assert not (site / "search" / "search_index.json").exists()
    assert not (site / "search" / "results-meta.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language["page_count"] for language in entry["languages"].values())
    marked = [p for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert pages == len(marked) > 0, "Pagefind indexed other pages than those marked"


def test_pagefind_indexes_the_article_of_each_page_but_no_embed_or_404(hostile_pagefind_site: Path) -> None:
    site = hostile_pagefind_site
    for page in claim_pages(site):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        assert [node.tag for node in tree.css("[data-pagefind-body]")] == ["article"], page
        form = tree.css_first("form.md-search__form")
        assert form.attributes["name"] == "pagefind-search", "Material's script would download an index"
        policy = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
        assert "'wasm-unsafe-eval'" in policy and "pagefind-search.js" in page.read_text(encoding="utf-8")
    embeds = list(site.glob("claims/*/embed/index.html"))
    assert embeds and not any("data-pagefind-body" in p.read_text(encoding="utf-8") for p in embeds)
    assert "data-pagefind-body" not in (site / "404.html").read_text(encoding="utf-8")


def test_the_metadata_elements_hold_hostile_text_as_text(hostile_pagefind_site: Path) -> None:
    page = hostile_pagefind_site / "claims" / "toll-62-killed" / "index.html"
    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    holder = tree.css_first("div[data-pagefind-ignore]")
    assert holder is not None and "hidden" in holder.attributes
    meta = {node.attributes["data-pagefind-meta"]: node.text() for node in holder.css("[data-pagefind-meta]")}
    assert meta["claimant"] == HOSTILE
    assert meta["verdict"].startswith(HOSTILE)
    assert list(meta) == ["verdict", "rating", "claimant", "date"], "an element was injected among the metadata"
    assert not holder.css("img") and not tree.css("img[onerror]")
    assert [node.text() for node in holder.css("[data-pagefind-filter]")] == [meta["verdict"]]


def test_a_material_site_has_its_index_and_each_claims_result_meta(minimal_site: Path) -> None:
    assert (minimal_site / "search" / "search_index.json").is_file() and not (minimal_site / "pagefind").exists()
    rows = json.loads((minimal_site / "search" / "results-meta.json").read_text(encoding="utf-8"))
    assert set(rows) == {f"claims/{p.parent.name}/" for p in claim_pages(minimal_site)}
    assert all(set(row) <= {"verdict", "rating", "claimant", "date"} and row["verdict"] for row in rows.values())
    assert "data-pagefind" not in (minimal_site / "claims" / "toll-62-killed" / "index.html").read_text(encoding="utf-8")


def test_without_pagefind_the_build_stops_with_the_install_hint_and_keeps_the_last_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site whose Python has no pagefind package: a message at the option, and the previous site kept."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    blocker = tmp_path / "no-pagefind"
    (blocker / "pagefind").mkdir(parents=True)
    (blocker / "pagefind" / "__init__.py").write_text("raise ImportError('no pagefind here')\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(blocker), os.environ.get("PYTHONPATH")])))
    result = build_site(FIXTURES / "minimal", site, extra_config={"factcheck": {"search": "pagefind"}})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "mkdocs.yml:" in output and ": error: the search engine is Pagefind, but Pagefind is not installed " \
        "(hint: install it with: pip install 'pagefind[extended]'" in output
    assert "Traceback" not in output
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good site"
