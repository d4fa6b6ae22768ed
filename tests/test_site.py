"""generator.site in-process: the settings read from mkdocs.yml, absolute links, and each page's URL."""

from __future__ import annotations

import pytest

from generator.config import validate_options
from generator.headings import HeadingStyle
from generator.site import Publisher, Site, page_url, site_from_settings

DEFAULTS = Site(Publisher("Fact-check desk", None, None), site_url="",
                description="Sourced fact-checks, claim by claim.", language="en", about_page="about.md",
                corrections_page="corrections.md", feed_size=50)


def options(**given):
    config, failures, _ = validate_options(given)
    assert failures == []
    return config


def test_every_setting_given_is_used_as_given() -> None:
    given = options(publisher={"name": "Test Desk", "url": "https://desk.example.org/", "logo": "assets/logo.png"},
                    feed_size=10, about_page="who-we-are.md", corrections_page="fixes.md", digits="native",
                    share_cards=False, edition="ar")
    headings = HeadingStyle(permalink="#")
    site = site_from_settings(given, site_url="https://facts.example.org/", description="Checked claims.",
                              language="fr", name="Desk site", directory_urls=False, headings=headings)
    assert site == Site(Publisher("Test Desk", "https://desk.example.org/", "assets/logo.png"),
                        site_url="https://facts.example.org/", description="Checked claims.", language="fr",
                        digits="native", about_page="who-we-are.md", corrections_page="fixes.md", feed_size=10,
                        share_cards=False, name="Desk site", directory_urls=False, headings=headings, edition="ar")


def test_no_settings_give_the_defaults() -> None:
    assert Site() == DEFAULTS
    assert site_from_settings(options(), site_url=None, description=None, language=None) == DEFAULTS


def test_empty_settings_give_the_defaults_but_no_links_to_hand_written_pages() -> None:
    site = site_from_settings(options(publisher=None, about_page="", corrections_page=""), site_url="",
                              description="", language="")
    assert site == Site(DEFAULTS.publisher, site_url="", description=DEFAULTS.description, language="en",
                        about_page=None, corrections_page=None, feed_size=50)


def test_a_publisher_without_a_name_gets_the_default_name() -> None:
    site = site_from_settings(options(publisher={"url": "https://desk.example.org/"}), site_url=None,
                              description=None, language=None)
    assert site.publisher == Publisher("Fact-check desk", "https://desk.example.org/", None)


@pytest.mark.parametrize("site_url, path, expected", [
    ("https://facts.example.org/", "claims/a/", "https://facts.example.org/claims/a/"),
    ("https://facts.example.org", "claims/a/", "https://facts.example.org/claims/a/"),
    ("https://facts.example.org/", "/claims/a/", "https://facts.example.org/claims/a/"),
    ("https://facts.example.org/desk/", "", "https://facts.example.org/desk/"),
    ("https://facts.example.org/FAX/", "X-files/", "https://facts.example.org/FAX/X-files/"),  # only slashes go
    ("", "claims/a/", "claims/a/"),
    ("", "/claims/a/", "/claims/a/"),
])
def test_absolute_joins_the_site_url_and_the_path_with_one_slash(site_url: str, path: str, expected: str) -> None:
    assert Site(site_url=site_url).absolute(path) == expected


@pytest.mark.parametrize("md_path, expected", [
    ("index.md", ""),
    ("claims/index.md", "claims/"),
    ("claims/toll-62-killed.md", "claims/toll-62-killed/"),
    ("sources.md", "sources/"),
    ("reports/index-of-prices.md", "reports/index-of-prices/"),
    ("claims/reindex.md", "claims/reindex/"),
    ("INDEX.md", "INDEX/"),
    ("notes.MD", "notes.MD/"),
    ("md/claims.md", "md/claims/"),
    ("claims/index", "claims/"),
])
def test_page_url_is_the_directory_url_mkdocs_gives_the_page(md_path: str, expected: str) -> None:
    assert page_url(md_path) == expected


@pytest.mark.parametrize("md_path, directory_urls, expected", [
    ("claims/x.md", True, "claims/x/"), ("claims/x.md", False, "claims/x.html"),
    ("index.md", False, "index.html"), ("claims/index.md", False, "claims/index.html"),
])
def test_a_sites_urls_follow_its_use_directory_urls(md_path: str, directory_urls: bool, expected: str) -> None:
    site = Site(site_url="https://x.example/", directory_urls=directory_urls)
    assert page_url(md_path, directory_urls) == site.url(md_path) == expected
