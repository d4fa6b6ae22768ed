"""Site settings the generator needs, the site's own pages, and their URLs.

The defaults of the plugin's options are those declared in generator.config.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .config import FactCheckConfig, PublisherConfig
from .headings import HeadingStyle
from .i18n import Localizer


@dataclass(frozen=True)
class Publisher:
    """The organisation that publishes the fact-checks (ClaimReview `author`)."""

    name: str = PublisherConfig.name.default
    url: str | None = None
    logo: str | None = None


@dataclass(frozen=True)
class Site:
    publisher: Publisher = Publisher()
    site_url: str = ""  # absolute base URL, ending in "/" when set; "" for relative links only
    description: str = "Sourced fact-checks, claim by claim."
    language: str = "en"
    digits: str = FactCheckConfig.digits.default  # Western digits (latn), or the language's own (native)
    # Hand-written pages the generated ones link to; None: no link.
    about_page: str | None = FactCheckConfig.about_page.default or None
    corrections_page: str | None = FactCheckConfig.corrections_page.default or None
    feed_size: int = FactCheckConfig.feed_size.default
    share_cards: bool = FactCheckConfig.share_cards.default
    name: str = ""  # mkdocs.yml's site_name (og:site_name, the share cards); "" for the publisher's name
    # How the pages written as HTML link and title their sections, as MkDocs' Markdown would:
    # mkdocs.yml's use_directory_urls and its `toc` extension's settings.
    directory_urls: bool = True
    headings: HeadingStyle = HeadingStyle()
    # The language edition built (the plugin option `edition`): None for the default one, the content as written.
    edition: str | None = None

    @functools.cached_property  # once per build: its catalog is found and read once
    def localizer(self) -> Localizer:
        """The interface's words, dates and numbers in the site's language."""
        return Localizer(self.language, self.digits)

    @property
    def title(self) -> str:
        return self.name or self.publisher.name

    def absolute(self, page_url: str) -> str:
        return f"{self.site_url.rstrip('/')}/{page_url.lstrip('/')}" if self.site_url else page_url

    def url(self, md_path: str) -> str:
        """The URL of the page written from md_path, site-relative, as this site's settings make it."""
        return page_url(md_path, self.directory_urls)


def site_from_settings(options: FactCheckConfig, *, site_url: str | None, description: str | None,
                       language: str | None, name: str | None = None, directory_urls: bool = True,
                       headings: HeadingStyle = HeadingStyle()) -> Site:
    """Site settings from mkdocs.yml's values and the factcheck plugin's options, validated."""
    publisher = options.publisher
    return Site(
        publisher=Publisher(publisher.name, publisher.url, publisher.logo),
        site_url=site_url or "",
        description=description or Localizer(language or Site.language).gettext("Sourced fact-checks, claim by claim."),
        language=language or Site.language,
        digits=options.digits,
        feed_size=options.feed_size,
        about_page=options.about_page or None,
        corrections_page=options.corrections_page or None,
        share_cards=options.share_cards,
        name=name or "",
        directory_urls=directory_urls,
        headings=headings,
        edition=options.edition,
    )


# The pages of no kind of content (those of each kind are in generator.kinds).
METHODOLOGY_PATH = "methodology.md"
HOME_PATH = "index.md"
FEED_PATH = "feed.xml"
CORRECTIONS_LOG_PATH = "corrections-log.md"
CORRECTIONS_FEED_PATH = "corrections.xml"
SITE_CARD_PATH = "share.png"  # the site's share image: og:image of the pages without one of their own
CLAIMREVIEW_FEED_PATH = "claimreview.json"


def page_url(md_path: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown path: directory-style (`claims/x/`, the home
    page "") or, with use_directory_urls: false, the file's (`claims/x.html`)."""
    stem = md_path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"
