"""Which search answers the theme's search box, and what a result shows besides the title.

Material's search plugin writes one index of every page's text, which each reader downloads
whole before a first answer; Pagefind (generator.pagefind_index) writes small chunks of which a
query loads a few. `search: auto` picks Pagefind from `pagefind_from_pages` pages on. With
Pagefind, Material's plugin keeps rendering its search box but indexes nothing, and
assets/javascripts/pagefind-search.js answers the box.

A claim's result shows its verdict badge, claimant and date, read from the ClaimReview JSON-LD
its page already carries (front matter `schema_org`): for Material in a small file beside its index
(results-meta.json, which assets/javascripts/search-meta.js adds to its results), for Pagefind as
metadata elements (site_templates/overrides/main.html).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from .i18n import ENGLISH, Localizer

MATERIAL = "material"
PAGEFIND = "pagefind"

# The events in which Material's search plugin builds and writes search/search_index.json.
_INDEXING_EVENTS = ("page_context", "post_build")

_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)

# Material's content element: Pagefind indexes it (and nothing else) on the pages given this attribute.
_ARTICLE = '<article class="md-content__inner md-typeset">'
PAGEFIND_BODY = '<article class="md-content__inner md-typeset" data-pagefind-body>'


def choose_engine(option: str, pages: int, pagefind_from_pages: int) -> str:
    """material or pagefind: the option, or for `auto` Pagefind from pagefind_from_pages pages on."""
    if option != "auto":
        return option
    return PAGEFIND if pages >= pagefind_from_pages else MATERIAL


def count_pages(generated_paths: Iterable[str], docs_dir: Path) -> int:
    """The site's pages: the generated ones and docs/'s Markdown (a hand-written page of the same path counts once)."""
    pages = {path for path in generated_paths if path.endswith(".md")}
    if docs_dir.is_dir():
        pages.update(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md"))
    return len(pages)


def material_search(config: MkDocsConfig) -> BasePlugin | None:
    """Material's search plugin, when the site lists it (None otherwise), before or after this plugin."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            return plugin
    return None


def stop_material_index(config: MkDocsConfig) -> None:
    """Material's search plugin builds no index, while its search box still renders (its
    header template asks only whether it is enabled): its indexing events are unregistered."""
    plugin = material_search(config)
    if plugin is None:
        return
    for event in _INDEXING_EVENTS:
        config.plugins.events[event] = [handler for handler in config.plugins.events[event]
                                        if getattr(handler, "__self__", None) is not plugin]


def indexing_material_search(config: MkDocsConfig) -> BasePlugin | None:
    """Material's search plugin when it writes an index (not when Pagefind searches instead)."""
    plugin = material_search(config)
    if plugin is None or not plugin.config.enabled:
        return None
    registered = any(getattr(handler, "__self__", None) is plugin for handler in config.plugins.events["post_build"])
    return plugin if registered else None


@dataclass(frozen=True)
class ResultMeta:
    """What a claim's search result shows besides its title and excerpt (plain text)."""

    verdict: str
    rating: str | None  # the rating's id, for the badge's colour class fc-rating-<id>
    claimant: str | None
    date: str | None  # when the claim was made, as the claim page writes it


def result_meta(meta: Mapping[str, Any], rating_ids: Mapping[str, str], localizer: Localizer = ENGLISH) -> ResultMeta | None:
    """A claim page's result metadata from its ClaimReview JSON-LD (front matter schema_org);
    None for any other page. rating_ids maps each rating's label to its id; the date is written
    in the localizer's language."""
    review = _claim_review(meta.get("schema_org"))
    if review is None:
        return None
    rating = review.get("reviewRating") if isinstance(review.get("reviewRating"), dict) else {}
    verdict = rating.get("alternateName")
    if not isinstance(verdict, str) or not verdict:
        return None
    item = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else {}
    author = item.get("author") if isinstance(item.get("author"), dict) else {}
    claimant = author.get("name") if isinstance(author.get("name"), str) else None
    return ResultMeta(verdict, rating_ids.get(verdict), claimant, _long_date(item.get("datePublished"), localizer))


def _claim_review(schema_org: object) -> dict[str, Any] | None:
    if not isinstance(schema_org, str):
        return None
    for block in _JSON_LD.findall(schema_org):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        if isinstance(data, dict) and data.get("@type") == "ClaimReview":
            return data
    return None


def _long_date(value: object, localizer: Localizer) -> str | None:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return localizer.long_date(day) if day else None


RESULTS_META_PATH = "search/results-meta.json"  # beside Material's index: what its results show besides it


def results_meta_json(by_url: Mapping[str, ResultMeta]) -> bytes:
    """Each claim page's result metadata by its URL, for assets/javascripts/search-meta.js, which adds
    it to Material's results (whose worker keeps only the blocks of text a query matched)."""
    rows = {url: {key: value for key, value in vars(meta).items() if value is not None} for url, meta in by_url.items()}
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def indexable(meta: Mapping[str, Any]) -> bool:
    """Whether Pagefind indexes a page: not one kept out of search engines (embeds, drafts in a
    preview) nor one that Material's index leaves out, nor Pagefind's own search page."""
    robots = str(meta.get("robots") or "").lower()
    search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
    return "noindex" not in robots and not search.get("exclude") and meta.get("template") != "pagefind.html"


def with_pagefind_body(page_html: str) -> str:
    """The page with its content element marked as what Pagefind indexes: once any page has
    data-pagefind-body, Pagefind indexes only the pages that have it."""
    return page_html.replace(_ARTICLE, PAGEFIND_BODY, 1)
