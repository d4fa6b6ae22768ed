"""Site settings the generator needs, independent of MkDocs, the site's own pages, and their URLs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the fact-checks (ClaimReview `author`)."""

    name: str = "Fact-check desk"
    url: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class Site:
    publisher: Publisher = Publisher()
    site_url: str = ""  # absolute base URL, ending in "/" when set; "" for relative links only
    description: str = "Sourced fact-checks, claim by claim."
    language: str = "en"
    about_page: str | None = "about.md"  # hand-written pages the generated ones link to; None: no link
    corrections_page: str | None = "corrections.md"
    feed_size: int = 50

    def absolute(self, page_url: str) -> str:
        return f"{self.site_url.rstrip('/')}/{page_url.lstrip('/')}" if self.site_url else page_url


def site_from_settings(options: Mapping[str, Any], *, site_url: str | None, description: str | None,
                       language: str | None) -> Site:
    """Site settings from mkdocs.yml's values and the factcheck plugin's options."""
    publisher = options.get("publisher") or {}
    return Site(
        publisher=Publisher(publisher.get("name") or Publisher.name, publisher.get("url"), publisher.get("logo")),
        site_url=site_url or "",
        description=description or Site.description,
        language=language or "en",
        feed_size=options.get("feed_size") or Site.feed_size,
        about_page=options.get("about_page", Site.about_page) or None,
        corrections_page=options.get("corrections_page", Site.corrections_page) or None,
    )


# The pages of no kind of content (those of each kind are in generator.kinds).
METHODOLOGY_PATH = "methodology.md"
HOME_PATH = "index.md"
FEED_PATH = "feed.xml"
CLAIMREVIEW_FEED_PATH = "claimreview.json"


def page_url(md_path: str) -> str:
    """The directory-style URL MkDocs gives a Markdown path (use_directory_urls: true)."""
    stem = md_path.removesuffix(".md")
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
