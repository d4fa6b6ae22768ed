"""Every generated page is valid HTML according to the Nu HTML Checker (vnu.jar).

One Java process checks the whole built site (the checker is slow to start). Messages
that come from the Material theme's own markup, which our templates do not produce, are
filtered below, each with its reason; a filter that no longer matches anything fails the
suite, so the list cannot silently outgrow the problems it excuses.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import FIXTURES, build_or_fail
from tools import missing

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class ThemeFilter:
    message: re.Pattern[str]
    extract: re.Pattern[str]  # the markup quoted by the message: pins the filter to the theme's element
    reason: str

    def matches(self, message: dict) -> bool:
        return bool(self.message.search(message.get("message", ""))
                    and self.extract.search(message.get("extract", "")))


# Messages caused by mkdocs-material's own templates (material/templates/...), not by ours.
THEME_FILTERS: tuple[ThemeFilter, ...] = (
    ThemeFilter(
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
        re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"'),
        "base.html puts autocomplete=off on its drawer and search checkboxes (so browsers do not "
        "restore their open state); the attribute is harmless but not allowed on checkboxes",
    ),
    ThemeFilter(
        re.compile(r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden"),
        re.compile(r'<label class="md-nav__title" for="__toc">'),
        "partials/toc.html always labels the table-of-contents toggle #__toc, which nav-item.html "
        "renders only for pages listed in the nav; claim, report, claimant and rating pages are "
        "deliberately left out of the nav (not_in_nav)",
    ),
    ThemeFilter(
        re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
        re.compile(r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">'),
        "partials/nav-item.html writes tabindex=\"\" on the labels of nav sections "
        "(navigation.sections) instead of leaving the attribute out",
    ),
)


@pytest.fixture(scope="session")
def site_dir(demo_site: Path) -> Path:
    """The demo site (mkdocs.yml and content/), built once per session by tests/conftest.py."""
    return demo_site


def run_vnu(paths: list[Path]) -> list[dict]:
    """All messages of one vnu.jar run over the given files or folders."""
    java = shutil.which("java")
    if java is None:
        missing("java", "make system-deps (Debian: apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing(str(VNU_JAR.relative_to(REPO)), "make test (npm ci --ignore-scripts)")
    result = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", "--exit-zero-always",
         "--stdout", *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}",
                    pytrace=False)


def is_error(message: dict) -> bool:
    return message.get("type") in {"error", "non-document-error"}


def matching_filter(message: dict) -> ThemeFilter | None:
    return next((f for f in THEME_FILTERS if f.matches(message)), None)


def describe(message: dict, root: Path) -> str:
    url = message.get("url", "").removeprefix("file:")
    where = Path(url).relative_to(root).as_posix() if url.startswith(str(root)) else url
    extract = message.get("extract", "").replace("\n", " ")
    return f"{where}:{message.get('lastLine', '?')}:{message.get('firstColumn', message.get('lastColumn', '?'))}: " \
           f"{message.get('message')}\n      {extract}"


@pytest.fixture(scope="session")
def vnu_messages(site_dir: Path) -> list[dict]:
    return run_vnu([site_dir.resolve()])


def test_every_generated_page_is_valid_html(site_dir, vnu_messages):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 5, f"only {len(pages)} HTML pages in {site_dir}"
    errors = [m for m in vnu_messages if is_error(m) and matching_filter(m) is None]
    root = site_dir.resolve()
    if errors:
        pytest.fail(f"{len(errors)} HTML errors in {len(pages)} pages:\n"
                    + "\n".join(describe(m, root) for m in errors[:80]), pytrace=False)


def test_every_theme_filter_is_still_needed(vnu_messages):
    stale = [f.message.pattern for f in THEME_FILTERS if not any(is_error(m) and f.matches(m) for m in vnu_messages)]
    assert not stale, f"no message matches these filters any more, remove them: {stale}"


def test_the_checker_finds_an_error_in_broken_markup(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html lang=en><head><title>x</title></head>"
                    "<body><p>text<div></body></html>", encoding="utf-8")
    assert any(is_error(m) for m in run_vnu([page]))


def test_a_previews_marked_drafts_are_valid_html(tmp_path):
    """The pages only a preview has, and the lists that mark drafts (tests/fixtures/drafts, drafts shown)."""
    site = build_or_fail(FIXTURES / "drafts", tmp_path / "site", extra_config={"factcheck": {"drafts": True}})
    pages = [site / url / "index.html" for url in (
        "claims/drone-over-hospital", "claims/fuel-convoy-turned-back", "reports/convoy-statements-review",
        "claims", "reports", "claimants/jane-doe", ".")]
    errors = [m for m in run_vnu(pages) if is_error(m) and matching_filter(m) is None]
    assert not errors, "\n".join(describe(m, site.resolve()) for m in errors)


def test_both_language_editions_are_valid_html(tmp_path):
    """The English and Arabic editions of tests/fixtures/translated: hreflang links, the language selector,
    names marked with their language, right-to-left pages and the Arabic embed card."""
    from sitebuild import build_editions

    site, _ = build_editions(FIXTURES / "translated", tmp_path / "project", "ar",
                             {"about.md": "# من نحن\n", "corrections.md": "# سياسة التصحيح\n"})
    pages = [site / url / "index.html" for url in (
        ".", "claims/toll-62-killed", "claims/no-civilians-nearby", "ar", "ar/claims/toll-62-killed",
        "ar/claims/toll-62-killed/embed", "ar/claimants", "ar/sources", "ar/about", "ar/methodology")]
    errors = [m for m in run_vnu(pages) if is_error(m) and matching_filter(m) is None]
    assert not errors, "\n".join(describe(m, site.resolve()) for m in errors)
