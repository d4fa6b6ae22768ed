"""generator.search in-process: which search a site gets, Material's index kept from being built,
and the verdict, claimant and date a claim's result shows, read from its page's ClaimReview."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from sitebuild import FIXTURES

from generator.claimreview import claim_review_script, json_ld_script
from generator.search import (MATERIAL, PAGEFIND, PAGEFIND_BODY, ResultMeta, choose_engine, count_pages, indexable,
                              indexing_material_search, material_search, result_meta, results_meta_json,
                              stop_material_index, with_pagefind_body)

RATING_IDS = {"Mostly false": "mostly-false", "False": "false"}


def review(**overrides: object) -> dict:
    data = {
        "@type": "ClaimReview", "claimReviewed": "Four strikes killed 62 soldiers.", "datePublished": "2026-11-20",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly false", "ratingValue": 2},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Organization", "name": "Defence Ministry"},
                         "datePublished": "2016-09-17"},
    }
    return {**data, **overrides}


# --- which engine ---------------------------------------------------------------------------


@pytest.mark.parametrize("option, pages, engine", [
    ("auto", 499, MATERIAL), ("auto", 500, PAGEFIND), ("auto", 10_000, PAGEFIND), ("auto", 0, MATERIAL),
    ("material", 10_000, MATERIAL), ("pagefind", 1, PAGEFIND),
])
def test_auto_uses_pagefind_from_the_threshold_on_and_an_explicit_choice_always_wins(option, pages, engine) -> None:
    assert choose_engine(option, pages, 500) == engine


def test_the_threshold_is_an_option() -> None:
    assert choose_engine("auto", 50, 50) == PAGEFIND
    assert choose_engine("auto", 49, 50) == MATERIAL


def test_pages_are_the_generated_ones_and_docs_markdown_counted_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guide").mkdir(parents=True)
    for name in ("about.md", "index.md", "guide/editing.md", "logo.png"):
        (docs / name).write_text("x", encoding="utf-8")
    generated = ["index.md", "claims/a.md", "claims/b.md", "feed.xml", "claims/a/share.png", "ratings.css"]
    # index.md is hand-written and generated: one page; images, feeds and stylesheets are no pages.
    assert count_pages(generated, docs) == 5
    assert count_pages(generated, tmp_path / "no-docs") == 3


# --- Material's search plugin: its box stays, its index goes ---------------------------------------


@pytest.fixture
def mkdocs_yml(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    path.write_text("site_name: Test\ntheme: {name: material}\nplugins:\n  - search\n", encoding="utf-8")
    cache = MkDocsConfig.plugins.plugin_cache
    cache.clear()
    yield path
    cache.clear()


def test_stopping_materials_index_unregisters_only_its_indexing_events(mkdocs_yml: Path) -> None:
    config = load_config(config_file=str(mkdocs_yml))
    plugin = material_search(config)
    assert plugin is not None and indexing_material_search(config) is plugin
    before = {event: list(handlers) for event, handlers in config.plugins.events.items()}
    stop_material_index(config)
    assert indexing_material_search(config) is None
    assert plugin.config.enabled, "the header renders its search box only while the plugin is enabled"
    mine = {event for event, handlers in before.items() if any(getattr(h, "__self__", None) is plugin for h in handlers)}
    assert {"page_context", "post_build"} <= mine
    for event, handlers in config.plugins.events.items():
        expected = [h for h in before[event] if not (event in ("page_context", "post_build")
                                                     and getattr(h, "__self__", None) is plugin)]
        assert handlers == expected, event
    assert any(getattr(h, "__self__", None) is plugin for h in config.plugins.events["config"]), \
        "its on_config still runs (the search box's language settings)"


def test_a_site_without_materials_search_is_left_alone(mkdocs_yml: Path) -> None:
    mkdocs_yml.write_text("site_name: Test\ntheme: {name: material}\nplugins: []\n", encoding="utf-8")
    config = load_config(config_file=str(mkdocs_yml))
    stop_material_index(config)
    assert material_search(config) is None and indexing_material_search(config) is None


def test_a_disabled_material_search_does_not_index(mkdocs_yml: Path) -> None:
    mkdocs_yml.write_text("site_name: Test\ntheme: {name: material}\nplugins:\n  - search: {enabled: false}\n",
                          encoding="utf-8")
    assert indexing_material_search(load_config(config_file=str(mkdocs_yml))) is None


# --- what a claim's result shows --------------------------------------------------------------


def test_a_claim_pages_result_meta_comes_from_its_claim_review() -> None:
    meta = {"schema_org": json_ld_script(review())}
    assert result_meta(meta, RATING_IDS) == ResultMeta("Mostly false", "mostly-false", "Defence Ministry",
                                                       "17 September 2016")


def test_the_claim_review_is_found_beside_a_media_review() -> None:
    media = json_ld_script({"@type": "MediaReview", "reviewRating": {"alternateName": "Edited"}})
    assert result_meta({"schema_org": media + json_ld_script(review())}, RATING_IDS).verdict == "Mostly false"


def test_the_site_writes_what_result_meta_reads() -> None:
    """claim_review_script, which writes the claim page's JSON-LD, with a claim holding `</script>` and quotes."""
    import json

    text = json.dumps(review(claimReviewed='</script><script>alert(1)</script> "x"'), ensure_ascii=False)
    meta = {"schema_org": claim_review_script("{" + text[1:])}
    assert result_meta(meta, RATING_IDS).claimant == "Defence Ministry"


@pytest.mark.parametrize("meta", [
    {}, {"schema_org": None}, {"schema_org": "<p>not JSON-LD</p>"},
    {"schema_org": '<script type="application/ld+json">{not json</script>'},
    {"schema_org": json_ld_script({"@type": "NewsArticle"})},
    {"schema_org": json_ld_script(review(reviewRating="False"))},
    {"schema_org": json_ld_script(review(reviewRating={"alternateName": ""}))},
])
def test_any_other_page_has_no_result_meta(meta: dict) -> None:
    assert result_meta(meta, RATING_IDS) is None


def test_missing_parts_are_left_out_not_guessed() -> None:
    data = review(itemReviewed={"@type": "Claim", "datePublished": "17/09/2016"},
                  reviewRating={"alternateName": "Off the scale"})
    assert result_meta({"schema_org": json_ld_script(data)}, RATING_IDS) == ResultMeta("Off the scale", None, None, None)


def test_the_results_meta_file_holds_each_claim_page_and_leaves_out_what_is_unknown() -> None:
    import json

    hostile = '</script><img src=x onerror=alert(1)>"'
    data = results_meta_json({"claims/a/": ResultMeta("False", "false", hostile, "1 May 2020"),
                              "claims/b/": ResultMeta("Satire", None, None, None)})
    assert json.loads(data) == {"claims/a/": {"verdict": "False", "rating": "false", "claimant": hostile,
                                              "date": "1 May 2020"},
                                "claims/b/": {"verdict": "Satire"}}


# --- which pages Pagefind indexes ----------------------------------------------------------------


@pytest.mark.parametrize("meta, expected", [
    ({}, True), ({"robots": None}, True),
    ({"robots": "noindex"}, False), ({"robots": "NOINDEX, nofollow"}, False),
    ({"template": "embed.html", "robots": "noindex", "search": {"exclude": True}}, False),
    ({"search": {"exclude": True}}, False), ({"template": "pagefind.html"}, False),
])
def test_pagefind_indexes_no_noindex_embed_or_search_page(meta: dict, expected: bool) -> None:
    assert indexable(meta) is expected


def test_the_content_element_is_marked_once() -> None:
    page = ('<body><article class="md-content__inner md-typeset"><h1>T</h1>'
            '<p>&lt;article class="md-content__inner md-typeset"&gt;</p></article></body>')
    marked = with_pagefind_body(page)
    assert marked.count("data-pagefind-body") == 1 and marked.startswith(f"<body>{PAGEFIND_BODY}<h1>T</h1>")
    assert with_pagefind_body("<body><p>an embed card</p></body>") == "<body><p>an embed card</p></body>"
