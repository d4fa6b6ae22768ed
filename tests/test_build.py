"""generator.build in-process: the pipeline from a content folder to every generated file."""

from __future__ import annotations

import gc
import html
import json
import random
import shutil
from pathlib import Path

import pytest
from pngs import comparable
from sitebuild import FIXTURES, REPO

import generator.build
from generator.build import Settings, SharedPathError, build_site, render_content
from generator.claimreview import claim_review_json, claim_review_script, data_feed_json
import generator.content
from generator.content import FileChecks, load_valid_content
from generator.cards import CardCache, card_png
from generator.feeds import atom_feed, corrections_feed, subject_feeds
from generator.output import MARKER, site_from_mkdocs_yml
from generator.pages import plan_pages
from generator.problems import Problem
from generator.render import Renderer
from generator.sharing import planned_cards
from generator.site import Publisher, Site

MINIMAL, VARIED, DRAFTS = FIXTURES / "minimal", FIXTURES / "varied", FIXTURES / "drafts"
GOLDEN = REPO / "tests" / "golden"
SITE = Site(publisher=Publisher("Build Desk", "https://build.example.org/"), site_url="https://build.example.org/",
            feed_size=3)


def test_minimal_content_gives_the_golden_files() -> None:
    site, _, _ = site_from_mkdocs_yml(GOLDEN / "mkdocs.yml")
    build = build_site(MINIMAL, site, Settings(jobs=1))
    expected = {p.relative_to(GOLDEN / "minimal").as_posix(): comparable(p.name, p.read_bytes())
                for p in (GOLDEN / "minimal").rglob("*") if p.is_file() and p.name != MARKER}
    assert {f.path: comparable(f.path, f.data) for f in build.files} == expected


def test_varied_content_gives_every_page_then_the_cards_the_stylesheet_and_the_feeds() -> None:
    build = build_site(VARIED, SITE, Settings(jobs=1))
    content, _ = load_valid_content(VARIED, jobs=1)
    pages = plan_pages(content, SITE)
    cards = planned_cards(content, SITE)
    feeds = subject_feeds(content, SITE)
    assert [(f.path, f.source, f.updated) for f in build.files] == [(p.path, p.source, p.updated) for p in pages] + [
        (path, None, None) for path, _ in cards] + [("assets/stylesheets/ratings.css", None, None)] + [
        (feed.path, None, None) for feed in feeds] + [("feed.xml", None, None), ("corrections.xml", None, None),
                                                      ("claimreview.json", None, None)]
    renderer = Renderer()
    renderer.render_badges_once(content.ratings.values())
    for file, page in zip(build.files, pages):
        more = {"json_ld": claim_review_script(claim_review_json(page.claim, content, SITE))} if page.claim else {}
        rendered = renderer.render_page(page, **more)
        assert (file.text, file.toc) == (rendered.text, rendered.toc), page.path
    files = {f.path: f for f in build.files}
    for path, card in cards:
        assert files[path].data == card_png(card, CardCache(None))[0], path
    assert files["assets/stylesheets/ratings.css"].text.startswith("/* Generated from ratings.yaml: one colour per verdict. */\n")
    for feed in feeds:
        assert files[feed.path].data == atom_feed(content, SITE, feed).encode("utf-8"), feed.path
    assert build.files[-3].data == atom_feed(content, SITE).encode("utf-8")
    assert build.files[-2].data == corrections_feed(content, SITE).encode("utf-8")
    assert build.files[-1].data == data_feed_json(content, SITE).encode("utf-8")
    assert [p.message for p in build.problems] == ["source 'council-minutes' has no archive_url (an archived copy)"]


def texts(files: list) -> dict[str, str]:
    """The generated text files by path (not the share cards)."""
    return {f.path: f.text for f in files if not f.path.endswith(".png")}


@pytest.mark.parametrize("fixture", [MINIMAL, VARIED])
def test_reviews_are_keyed_by_claim_id_whatever_order_the_tasks_run_in(fixture: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    in_order = build_site(fixture, SITE, Settings(jobs=1))

    def shuffled(work, items, jobs=None):  # results come back in another order than the tasks
        items = list(items)
        random.Random(7).shuffle(items)
        return work(items)

    monkeypatch.setattr(generator.build, "map_shared", shuffled)
    build = build_site(fixture, SITE, Settings(jobs=1))
    content, _ = load_valid_content(fixture, jobs=1)
    expected = {claim.id: claim_review_json(claim, content, SITE).encode("utf-8") for claim in content.claims.values()}
    assert build.reviews == in_order.reviews == expected
    files = {f.path: f.data for f in build.files}
    assert files == {f.path: f.data for f in in_order.files}
    for claim_id, review in expected.items():  # each page shows its own claim's review, in its front matter
        front_matter = f"schema_org: {json.dumps(claim_review_script(review.decode()), ensure_ascii=False)}\n"
        assert front_matter.encode() in files[f"claims/{claim_id}.md"], claim_id


@pytest.mark.parametrize("fixture", [MINIMAL, VARIED])
def test_one_process_and_two_give_the_same_build(fixture: Path) -> None:
    one, two = build_site(fixture, SITE, Settings(jobs=1)), build_site(fixture, SITE, Settings(jobs=2))
    assert two.files == one.files
    assert two.reviews == one.reviews
    assert list(two.problems) == list(one.problems)


def test_the_jobs_setting_reaches_loading_and_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    load, share = generator.build.load_content, generator.build.map_shared

    def loading(root, jobs=None, checks=None):
        asked.append(("load", jobs))
        return load(root, 1, checks)

    def sharing(work, items, jobs=None):
        asked.append(("render", jobs))
        return share(work, items, 1)

    monkeypatch.setattr(generator.build, "load_content", loading)
    monkeypatch.setattr(generator.build, "map_shared", sharing)
    build_site(MINIMAL, Site(), Settings(jobs=3))
    build_site(MINIMAL, Site())
    assert asked == [("load", 3), ("render", 3), ("load", None), ("render", None)]


def test_content_with_errors_gives_its_problems_and_no_files(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "content")
    (tmp_path / "content" / "ratings.yaml").unlink()
    build = build_site(tmp_path / "content", Site(), Settings(jobs=1))
    assert build.files == [] and build.reviews == {}
    assert [p.message for p in build.problems.errors][-1] == "ratings.yaml is missing"


def test_a_sites_own_templates_come_before_the_templates_folder(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "tags.md.j2").write_text("# Our own tags page\n", encoding="utf-8")
    shutil.copytree(REPO / "site_templates", tmp_path / "templates")
    (tmp_path / "templates" / "methodology.html.j2").write_text("<h1>How we rate</h1>\n", encoding="utf-8")
    build = build_site(MINIMAL, Site(), Settings(tmp_path / "templates", tmp_path / "mine", jobs=1))
    files = {f.path: f for f in build.files}
    assert files["tags.md"].text == "# Our own tags page\n"
    assert files["methodology.md"].text == "<h1>How we rate</h1>\n"
    assert files["claims/toll-62-killed.md"].source == MINIMAL / "claims" / "toll-62-killed.yaml"


def test_two_pages_never_share_a_path() -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    claim = content.claims["strike-was-halted"]
    content.claims["index"] = claim.model_copy(update={"id": "index"})  # validation refuses this id
    content.paths[("claims", "index")] = content.path_of("claims", claim.id)
    with pytest.raises(SharedPathError) as raised:
        render_content(content, Site(), Settings(jobs=1))
    assert str(raised.value) == "two generated pages would be written to claims/index.md"


def test_a_build_kept_frozen_stays_out_of_the_collector_until_thawed() -> None:
    generator.build.thaw()
    build_site(MINIMAL, Site(), Settings(jobs=1))
    assert gc.get_freeze_count() == 0
    try:
        build_site(MINIMAL, Site(), Settings(jobs=1, keep_frozen=True))
        assert gc.get_freeze_count() > 0
    finally:
        generator.build.thaw()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_a_claim_page_shows_the_badge_of_its_rating() -> None:
    files = texts(build_site(VARIED, SITE, Settings(jobs=1)).files)
    assert '<span class="fc-badge fc-rating-false"><bdi>False</bdi></span>' in files["claims/export-record.md"]
    assert '<span class="fc-badge fc-rating-misleading"><bdi>Misleading</bdi></span>' in files["claims/bread-price-doubled.md"]
    assert "fc-rating-false" not in files["claims/bread-price-doubled.md"].split('id="related-fact-checks"')[0]


def test_the_problems_page_lists_each_problem_with_the_sites_own_template_first(tmp_path: Path) -> None:
    problem = Problem("claims/x.yaml", 3, 7, "unknown rating 'flase'", "did you mean 'false'?")
    page = generator.build.problems_page([problem])
    assert page.path == "index.md" and page.text.startswith('---\ntitle: "Content errors"\n')
    assert html.unescape(page.text).endswith("- claims/x.yaml:3:7: error: unknown rating 'flase' (hint: did you mean 'false'?)\n")
    (tmp_path / "content_errors.md.j2").write_text("# Ours: {{ problems|length }}\n", encoding="utf-8")
    assert generator.build.problems_page([problem], Settings(overrides=tmp_path)).text == "# Ours: 1\n"


# --- drafts ---------------------------------------------------------------------------------------

UNPUBLISHED_PAGES = ["claims/drone-over-hospital.md", "claims/fuel-convoy-turned-back.md",
                     "reports/convoy-statements-review.md", "claimants/convoy-spokesman.md"]


def test_a_publishing_build_leaves_drafts_out_of_every_file() -> None:
    """The drafts fixture is minimal with drafts added: without them, the very same files."""
    assert Settings().drafts is False
    build, minimal = build_site(DRAFTS, SITE, Settings(jobs=1)), build_site(MINIMAL, SITE, Settings(jobs=1))
    assert {f.path: f.data for f in build.files} == {f.path: f.data for f in minimal.files}
    assert build.reviews == minimal.reviews
    assert [p.severity for p in build.problems] == ["warning"]  # the draft without a verdict


def test_a_preview_build_adds_the_drafts_pages_marked_and_never_their_claimreview() -> None:
    preview, published = build_site(DRAFTS, SITE, Settings(jobs=1, drafts=True)), build_site(DRAFTS, SITE, Settings(jobs=1))
    files, published_files = texts(preview.files), texts(published.files)
    assert sorted(set(files) - set(published_files)) == sorted([*UNPUBLISHED_PAGES, "feed-claimant-convoy-spokesman.xml"])
    assert "<entry>" not in files["feed-claimant-convoy-spokesman.xml"]  # named by drafts only: a page, an empty feed
    # No share card or embed page for a draft, even in a preview.
    assert {p for p in (f.path for f in preview.files) if p.endswith((".png", "/embed.md"))} == \
        {p for p in (f.path for f in published.files) if p.endswith((".png", "/embed.md"))}
    for path in UNPUBLISHED_PAGES[:3]:
        assert '\nrobots: "noindex"\n' in files[path].split("\n---\n")[0] + "\n", path  # in the front matter
        assert "schema_org" not in files[path], path
        assert '<p class="fc-status-note"><span class="fc-status fc-status--' in files[path], path
    assert '<span class="fc-status fc-status--review">In review</span> This fact-check is not published' in \
        files["claims/fuel-convoy-turned-back.md"]
    assert '<span class="fc-status fc-status--draft">Draft</span> This report is not published' in \
        files["reports/convoy-statements-review.md"]
    assert 'Our verdict:</span> <span class="fc-badge fc-badge--pending">No verdict yet</span>' in \
        files["claims/drone-over-hospital.md"]
    for path in ("claims/index.md", "index.md", "claimants/jane-doe.md"):
        assert 'drone-over-hospital/"><bdi>A drone circled over the eastern hospital for an hour&#46;</bdi></a> <span class="fc-status ' \
            'fc-status--draft">Draft</span>' in files[path], path
    assert 'href="reports/convoy-statements-review/"><bdi>Review of the convoy statements</bdi></a></strong> ' \
        '<span class="fc-status fc-status--draft">Draft</span>' in files["index.md"]
    for path, text in files.items():
        if path not in UNPUBLISHED_PAGES and not path.endswith("/embed.md"):  # an embed page is always noindex
            assert "noindex" not in text and ("fc-status" in text) == (path in (
                "index.md", "claims/index.md", "reports/index.md", "claimants/jane-doe.md", "claims/strike-was-halted.md",
                "ratings/mostly-false.md")), path
    # Feeds and structured data: the published claims only, as in a publishing build.
    assert preview.reviews == published.reviews
    for path in ("feed.xml", "claimreview.json"):
        assert files[path] == published_files[path], path
    for path in published_files:
        if path.startswith("claims/") and path != "claims/index.md":
            assert files[path].split("\n---\n")[0] == published_files[path].split("\n---\n")[0], path  # front matter


def test_with_file_checks_a_build_reads_again_only_the_files_saved_since(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    checked = []
    check = generator.content._check_files

    def counting(files):
        checked.extend(found.path.name for found in files)
        return check(files)

    monkeypatch.setattr(generator.content, "_check_files", counting)
    checks = FileChecks()
    first = build_site(content, Site(), Settings(jobs=1), checks)
    assert len(checked) == len(list(content.rglob("*.yaml")))
    checked.clear()
    claim = content / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("never independently", "not independently"),
                     encoding="utf-8")
    (content / "claims" / "strike-was-halted.yaml").rename(content / "claims" / "strike-stopped.yaml")
    report = content / "reports" / "briefing-review.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("- strike-was-halted", "- strike-stopped"),
                      encoding="utf-8")
    again = build_site(content, Site(), Settings(jobs=1), checks)
    assert sorted(checked) == ["briefing-review.yaml", "strike-stopped.yaml", "toll-62-killed.yaml"]
    fresh = build_site(content, Site(), Settings(jobs=1))
    assert [(f.path, f.data) for f in again.files] == [(f.path, f.data) for f in fresh.files]
    assert [(f.path, f.data) for f in again.files] != [(f.path, f.data) for f in first.files]
    assert list(again.problems) == list(fresh.problems)


@pytest.mark.parametrize("config_file, where", [(Path("desk/mkdocs.yml"), "desk/mkdocs.yml"), (None, "mkdocs.yml")])
def test_an_edition_without_translations_is_refused_at_the_settings_with_what_to_do(
        config_file: Path | None, where: str) -> None:
    build = build_site(FIXTURES / "minimal", Site(edition="fr", share_cards=False), Settings(jobs=1, config_file=config_file))
    assert build.files == []
    assert [str(problem) for problem in build.problems.errors] == [
        f"{where}:1:1: error: the French edition has no translations: {(FIXTURES / 'minimal').as_posix()}/translations/fr/ "
        "does not exist (hint: translate the content there (docs/content-format.md), or correct the factcheck plugin's "
        "option edition: fr)"]
