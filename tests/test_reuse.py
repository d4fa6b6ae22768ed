"""generator.reuse: a preview's pages kept between builds give the files of a fresh build, and
only the pages whose state changed are rendered again."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import FIXTURES

from generator.build import Build, Settings, build_site
from generator.content import FileChecks, load_valid_content
from generator.feeds import subject_feeds
from generator.pages import plan_pages
from generator.reuse import ReusedPages
from generator.sharing import planned_cards
from generator.site import Publisher, Site

SITE = Site(publisher=Publisher("Reuse Desk", "https://reuse.example.org/"), site_url="https://reuse.example.org/")
VARIED = load_valid_content(FIXTURES / "varied", jobs=1)[0]
# The files of tests/fixtures/varied a preview may reuse: the pages that need only what they show,
# and the share cards.
REUSABLE = ({page.path for page in plan_pages(VARIED, SITE) if page.reusable or page.shows is not None}
            | {path for path, _ in planned_cards(VARIED, SITE)}
            | {feed.path for feed in subject_feeds(VARIED, SITE)})


class Preview:
    """Builds of one content folder as `mkdocs serve` makes them, one after another."""

    def __init__(self, content: Path, templates: Path | None = None) -> None:
        self.content, self.checks, self.reuse = content, FileChecks(), ReusedPages()
        self.settings = Settings(overrides=templates, jobs=1, drafts=True)

    def build(self, site: Site = SITE) -> Build:
        return build_site(self.content, site, self.settings, self.checks, self.reuse)

    def fresh(self, site: Site = SITE) -> Build:
        return build_site(self.content, site, self.settings)


def files(build: Build) -> dict[str, bytes]:
    assert not build.problems.errors, list(build.problems)
    return {file.path: file.data for file in build.files}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Preview:
    shutil.copytree(FIXTURES / "varied", tmp_path / "content")
    return Preview(tmp_path / "content")


def test_a_build_with_nothing_changed_reuses_every_reusable_page_and_gives_the_same_files(preview: Preview) -> None:
    first = files(preview.build())
    assert preview.reuse.reused == 0
    assert files(preview.build()) == first == files(preview.fresh())
    assert sorted(set(first) - REUSABLE) == [  # the pages that look across the content, the stylesheet, the site's feeds
        "assets/stylesheets/ratings.css", "claimants/index.md", "claimreview.json", "corrections-log.md",
        "corrections.xml", "feed.xml", "methodology.md", "tags.md"]
    assert preview.reuse.reused == len(REUSABLE)
    assert set(preview.reuse.entries) == REUSABLE


Change = Callable[[Path], None]
CHANGES: dict[str, tuple[Change, set[str]]] = {
    # A claim's own text: its page, and the pages that list it as related (its report's other claims and its tags').
    "a claim's summary": (
        lambda c: edit(c / "claims" / "export-record.yaml", "summary:", "summary: Edited."),
        {"claims/export-record.md"}),
    # A claimant's name shows on each of their claims and in the related lists that name them.
    "a claimant's name": (
        lambda c: edit(c / "claimants" / "dana-levi.yaml", "name: דנה לוי", "name: דנה לוי-כהן"),
        {"claims/border-crossing-open.md"}),
    # An evidence source's title shows on the claims that cite it.
    "a source's title": (
        lambda c: edit(c / "sources" / "price-survey.yaml", "title:", "title: Edited"),
        {"claims/bread-price-doubled.md"}),
    # A claim's text shows on the sources page, beside each source it cites, and in its feeds.
    "a claim's text": (
        lambda c: edit(c / "claims" / "export-record.yaml", "claim: Exports", "claim: Edited, exports"),
        {"claims/export-record.md", "sources.md"}),
    # A report's title shows on the sources page, under the document it reviews.
    "a report's title": (
        lambda c: edit(c / "reports" / "trade-figures-review.yaml", "title: Review", "title: Edited review"),
        {"sources.md"}),
    # A rating's label shows on every badge, and the scale is in every ClaimReview.
    "a rating's label": (
        lambda c: edit(c / "ratings.yaml", "label: Misleading", "label: Misleading in part"),
        set()),
    # The order of ratings.yaml is the order of the scale wherever it is listed.
    "the ratings' order": (lambda c: move_last_rating_first(c / "ratings.yaml"), set()),
}


def move_last_rating_first(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first, last = text.index("- id:"), text.rindex("- id:")
    path.write_text(text[:first] + text[last:] + text[first:last], encoding="utf-8")


@pytest.mark.parametrize("name", CHANGES)
def test_after_a_change_the_files_are_those_of_a_fresh_build_and_the_changed_pages_are_rendered_again(
        preview: Preview, name: str) -> None:
    change, must_render = CHANGES[name]
    before = files(preview.build())
    change(preview.content)
    after = files(preview.build())
    assert after == files(preview.fresh())
    changed_pages = {path for path in after if path.startswith(("claims/", "sources")) and after[path] != before.get(path)}
    assert must_render <= changed_pages
    if name in ("a rating's label", "the ratings' order"):
        assert preview.reuse.reused == 0  # every page depends on the scale
    else:
        assert 0 < preview.reuse.reused <= len(REUSABLE) - len(must_render)


def test_a_claim_deleted_and_a_claim_renamed_are_forgotten_and_the_files_are_those_of_a_fresh_build(
        preview: Preview) -> None:
    preview.build()
    (preview.content / "claims" / "vaccine-stock.yaml").unlink()
    (preview.content / "claims" / "curfew-lifted.yaml").rename(preview.content / "claims" / "curfew-ended.yaml")
    for report in (preview.content / "reports").glob("*.yaml"):
        text = report.read_text(encoding="utf-8")
        report.write_text("\n".join(line for line in text.splitlines() if "vaccine-stock" not in line)
                          .replace("curfew-lifted", "curfew-ended") + "\n", encoding="utf-8")
    after = files(preview.build())
    assert after == files(preview.fresh())
    assert "claims/curfew-ended.md" in preview.reuse.entries
    assert not {"claims/vaccine-stock.md", "claims/curfew-lifted.md"} & set(preview.reuse.entries)


def test_other_site_settings_reuse_nothing(preview: Preview) -> None:
    preview.build()
    other = Site(publisher=Publisher("Other Desk", "https://other.example.org/"), site_url="https://other.example.org/")
    assert files(preview.build(other)) == files(preview.fresh(other))
    assert preview.reuse.reused == 0


def test_a_template_saved_between_builds_reuses_nothing(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "varied", tmp_path / "content")
    overrides = tmp_path / "templates"
    overrides.mkdir()
    preview = Preview(tmp_path / "content", overrides)
    preview.build()
    (overrides / "claim.md.j2").write_text("---\ntitle: {{ claim.claim|text }}\n---\n# {{ claim.claim|name }}\n",
                                           encoding="utf-8")
    after = files(preview.build())
    assert preview.reuse.reused == 0
    assert after == files(preview.fresh())
    assert after["claims/export-record.md"].startswith(b"---\ntitle: ")


def test_a_draft_published_between_builds_gets_its_claimreview(preview: Preview) -> None:
    claim = preview.content / "claims" / "export-record.yaml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text("status: draft\n" + text, encoding="utf-8")
    preview.build()
    claim.write_text(text, encoding="utf-8")
    build = preview.build()
    assert files(build) == files(preview.fresh())
    assert "export-record" in build.reviews
