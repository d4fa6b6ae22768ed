"""generator.incremental, through the plugin: after a content save, `mkdocs serve` renders only the
changed pages, and the served folder is then the same as a full build's (in this process)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from PIL import Image

from generator.preview import replace_banner
from htmltree import parse
from sitebuild import FIXTURES, write_project
from test_plugin import (CLAIM_FILE, CLAIM_PAGE, REPO_SETTINGS, factcheck, project, serve_build,  # noqa: F401 (fixture)
                         set_options)

__all__ = ["project"]


class Preview:
    """A `mkdocs serve` of the project in this process, whose full rebuilds are counted, not run."""

    def __init__(self, project: Path, site: Path, server: LiveReloadServer) -> None:
        self.project, self.site, self.server = project, site, server
        self.config = serve_build(project, site)
        self.full_builds = 0
        server.builder = self._full_build
        self.config.plugins.on_serve(server, config=self.config, builder=self._full_build)

    def _full_build(self) -> None:
        self.full_builds += 1
        self.config = serve_build(self.project, self.site, first=False)

    def save(self, path: Path, old: str, new: str) -> None:
        """Change the file as an editor saves it, then let the server rebuild."""
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.server.builder()


@pytest.fixture
def preview(project: Path, tmp_path: Path) -> Iterator[Preview]:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "served"))
    try:
        yield Preview(project, tmp_path / "served", server)
    finally:
        server.server_close()


def files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def same_as_a_full_build(preview: Preview, tmp_path: Path) -> None:
    served = files_of(preview.site)
    fresh_site = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    serve_build(preview.project, fresh_site, first=False)
    fresh = files_of(fresh_site)
    assert sorted(served) == sorted(fresh)
    assert [path for path in fresh if served[path] != fresh[path]] == []


def summary_on(site: Path) -> str:
    return parse((site / CLAIM_PAGE).read_text(encoding="utf-8")).one(classes="fc-summary").text()


def test_a_content_save_renders_only_the_changed_pages(preview: Preview, tmp_path: Path) -> None:
    claim = preview.project / CLAIM_FILE
    before = files_of(preview.site)
    preview.save(claim, "summary: The toll was never independently confirmed.", "summary: Edited in the preview.")
    assert preview.full_builds == 0
    assert summary_on(preview.site) == "In short: Edited in the preview."
    after = files_of(preview.site)
    changed = sorted(path for path in after if after[path] != before[path])
    # The summary shows on the claim and its embeddable card, the related claims (of the same report),
    # the report, the home page (latest fact-checks), the feeds (the site's, its claimant's, rating's
    # and tags') and search; the other pages are left as they were (its share card shows no summary).
    feeds = ["feed-claimant-defence-ministry.xml", "feed-rating-unproven.xml", "feed-tag-air-strike.xml",
             "feed-tag-casualties.xml"]
    assert changed == sorted(["claimreview.json", "claims/no-civilians-nearby/index.html",
                              "claims/strike-was-halted/index.html", "claims/toll-62-killed/embed/index.html",
                              "claims/toll-62-killed/index.html", "feed.xml", "index.html",
                              "reports/briefing-review/index.html", "search/search_index.json", *feeds])
    assert sorted(factcheck(preview.config).served.rendered) == sorted([
        "claimreview.json", "claims/no-civilians-nearby.md", "claims/strike-was-halted.md", "claims/toll-62-killed.md",
        "claims/toll-62-killed/embed.md", "feed.xml", "index.md", "reports/briefing-review.md", *feeds])
    same_as_a_full_build(preview, tmp_path)


def test_rating_and_source_changes_match_a_full_build(preview: Preview, tmp_path: Path) -> None:
    preview.save(preview.project / CLAIM_FILE, "rating: unproven", "rating: false")
    preview.save(preview.project / "content/sources/interview-2016-09-20.yaml", "title: Interview with Jane Doe",
                 "title: Radio interview with Jane Doe")
    preview.save(preview.project / CLAIM_FILE, "updated: 2026-11-22", "updated: 2026-11-24")
    assert preview.full_builds == 0
    same_as_a_full_build(preview, tmp_path)


def test_a_broken_save_shows_the_banner_on_every_page_and_a_fix_removes_it(preview: Preview, tmp_path: Path) -> None:
    claim = preview.project / CLAIM_FILE
    good = files_of(preview.site)
    preview.save(claim, "rating: unproven", "rating: mostly-flase")
    pages = [path for path in good if path.endswith(".html")]
    for path in pages:
        shown = (preview.site / path).read_text(encoding="utf-8")
        banner = parse(shown).one(classes="fc-preview-problems")
        assert "unknown rating 'mostly-flase'" in banner.text(), path
        assert replace_banner(shown, "").encode("utf-8") == good[path], f"{path} changed beyond its banner"
    preview.save(claim, "rating: mostly-flase", "rating: unproven")
    assert preview.full_builds == 0
    assert files_of(preview.site) == good
    same_as_a_full_build(preview, tmp_path)


@pytest.mark.parametrize("change", ["a claim added", "tags changed", "a hand-written page edited", "mkdocs.yml edited"])
def test_changes_beyond_the_pages_text_get_a_full_build(preview: Preview, tmp_path: Path, change: str) -> None:
    project = preview.project
    if change == "a claim added":
        text = (project / CLAIM_FILE).read_text(encoding="utf-8")
        (project / "content/claims/a-new-claim.yaml").write_text(text, encoding="utf-8")
        preview.server.builder()
    elif change == "tags changed":
        preview.save(project / CLAIM_FILE, "tags: [casualties, air-strike]", "tags: [casualties]")
    elif change == "a hand-written page edited":
        preview.save(project / "docs/about.md", "A hand-written page.", "An edited hand-written page.")
    else:
        preview.save(project / "mkdocs.yml", "site_name: Test Fact Desk", "site_name: Edited Fact Desk")
    assert preview.full_builds == 1
    same_as_a_full_build(preview, tmp_path)


def test_the_incremental_option_off_gives_a_full_build_after_every_save(project: Path, tmp_path: Path) -> None:
    set_options(project, incremental=False)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "served"))
    try:
        preview = Preview(project, tmp_path / "served", server)
        preview.save(project / CLAIM_FILE, "summary: The toll was never independently confirmed.", "summary: Edited.")
        assert preview.full_builds == 1
        assert summary_on(preview.site) == "In short: Edited."
    finally:
        server.server_close()


def test_a_screenshot_replaced_or_its_alt_text_edited_is_served_without_a_full_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(FIXTURES / "media", tmp_path / "media-project", extra_config=REPO_SETTINGS).parent
    monkeypatch.chdir(project)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "served"))
    try:
        preview = Preview(project, tmp_path / "served", server)
        shot = project / "content" / "media" / "smoke-over-buildings.png"
        assert (preview.site / "media" / shot.name).read_bytes() == shot.read_bytes()
        Image.new("RGB", (32, 18), (200, 40, 40)).save(shot)  # the editor saves a better screenshot
        preview.server.builder()
        preview.save(project / "content" / "claims" / "smoke-photo-from-2013.yaml",
                     "alt: Grey smoke rising", "alt: Thick grey smoke rising")
        assert preview.full_builds == 0
        assert (preview.site / "media" / shot.name).read_bytes() == shot.read_bytes()
        page = parse((preview.site / "claims/smoke-photo-from-2013/index.html").read_text(encoding="utf-8"))
        assert page.one("figure", classes="fc-media").one("img").attrs["alt"].startswith("Thick grey smoke rising")
        same_as_a_full_build(preview, tmp_path)
    finally:
        server.server_close()
