"""benchmarks/hugo_site.py: the generated pages as a Hugo site (no Hugo needed to write one)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

import hugo_site  # noqa: E402

CLAIM_PAGE = """---
title: "Fact-check: a claim"
description: "In short."
tags: ["aid", "جرحى"]
template: "embed.html"
url: "not/where/hugo/would/put/it"
date: "yesterday"
---

# A claim

<p class="fc-verdict">False</p>
"""


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 3)])


def test_only_title_and_description_stay_where_hugo_reads_its_own_fields() -> None:
    page = hugo_site.hugo_page(CLAIM_PAGE)
    assert front_matter(page) == {
        "title": "Fact-check: a claim",
        "description": "In short.",
        "params": {"tags": ["aid", "جرحى"], "template": "embed.html", "url": "not/where/hugo/would/put/it",
                   "date": "yesterday"},
    }
    assert page.endswith('\n# A claim\n\n<p class="fc-verdict">False</p>\n')


def test_a_page_without_front_matter_is_left_as_it_is() -> None:
    for text in ("# About\n\nText.\n", "---\nnot closed\n", "---\n- a list\n---\nbody\n"):
        assert hugo_site.hugo_page(text) == text


def test_the_site_has_sections_for_index_pages_and_static_files_for_the_rest(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "claims" / "claim-1").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "claims" / "index.md").write_text("# Claims\n", encoding="utf-8")
    (docs / "claims" / "claim-1.md").write_text(CLAIM_PAGE, encoding="utf-8")
    (docs / "claims" / "claim-1" / "share.png").write_bytes(b"\x89PNG")
    (docs / "feed.xml").write_text("<feed/>", encoding="utf-8")
    site = hugo_site.write_site(docs, tmp_path / "hugo", {"site_name": "Desk", "site_url": "https://desk.example/"})
    content = sorted(p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*") if p.is_file())
    static = sorted(p.relative_to(site / "static").as_posix() for p in (site / "static").rglob("*") if p.is_file())
    assert content == ["_index.md", "claims/_index.md", "claims/claim-1.md"]
    assert static == ["claims/claim-1/share.png", "feed.xml"]
    assert (site / "static" / "claims" / "claim-1" / "share.png").read_bytes() == b"\x89PNG"
    assert sorted(p.name for p in (site / "layouts").iterdir()) == ["baseof.html", "list.html", "single.html"]
    config = json.loads((site / "hugo.json").read_text(encoding="utf-8"))
    assert config["baseURL"] == "https://desk.example/" and config["title"] == "Desk"
    assert config["markup"]["goldmark"]["renderer"]["unsafe"] is True


def test_a_second_write_replaces_the_first(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "old.md").write_text("# Old\n", encoding="utf-8")
    site = hugo_site.write_site(docs, tmp_path / "hugo", {})
    (docs / "old.md").unlink()
    (docs / "new.md").write_text("# New\n", encoding="utf-8")
    hugo_site.write_site(docs, site, {})
    assert [p.name for p in (site / "content").iterdir()] == ["new.md"]
