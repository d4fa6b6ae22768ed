"""The checked whole (generator/content.py): reserved ids, hints for unknown ids, bounded work at scale."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from generator.content import (
    RESERVED_IDS,
    CheckedFile,
    Content,
    _check_references,
    load_content,
    load_valid_content,
    newest_first,
)
from generator.loading import Document, parse_yaml
from generator.model import Rating
from generator.problems import Problems, did_you_mean, display_path
from tools import time_limit

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
DRAFTS = Path(__file__).parent / "fixtures" / "drafts"  # minimal, and drafts (see its README.md)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(MINIMAL, copy)
    return copy


# --- reserved ids -------------------------------------------------------------------------

def test_index_is_the_reserved_id() -> None:
    assert RESERVED_IDS == {"index"}


def test_ids_that_would_take_the_place_of_an_index_page_are_refused(tree: Path) -> None:
    shutil.copy(tree / "claimants" / "jane-doe.yaml", tree / "claimants" / "index.yaml")
    claim = (tree / "claims" / "toll-62-killed.yaml").read_text()
    (tree / "claims" / "index.yaml").write_text(claim.replace("claimant: defence-ministry", "claimant: index")
                                                .replace("source: investigation-2016-11-29", "source: index"))
    report = (tree / "reports" / "briefing-review.yaml").read_text()
    (tree / "reports" / "index.yaml").write_text(report.replace("  - toll-62-killed\n", "  - index\n"))
    shutil.copy(tree / "sources" / "interview-2016-09-20.yaml", tree / "sources" / "index.yaml")  # no page of its own
    _, problems = load_content(tree)
    shown = display_path(tree)
    assert [str(p) for p in problems.errors] == [
        f"{shown}/claimants/index.yaml:1:1: error: id 'index' is reserved: claimants/index.md is the list of all "
        "claimants (hint: rename the file)",
        f"{shown}/claims/index.yaml:1:1: error: id 'index' is reserved: claims/index.md is the list of all claims "
        "(hint: rename the file)",
        f"{shown}/reports/index.yaml:1:1: error: id 'index' is reserved: reports/index.md is the list of all reports "
        "(hint: rename the file)",
    ]  # and the references to them are not unknown ids as well


def test_a_rating_with_a_reserved_id_is_refused_at_its_id(tree: Path) -> None:
    ratings = tree / "ratings.yaml"
    ratings.write_text(ratings.read_text() + "- id: index\n  label: Index\n  description: Not a verdict.\n")
    _, problems = load_content(tree)
    assert [(p.line, p.column, p.message, p.hint) for p in problems.errors] == [
        (31, 7, "id 'index' is reserved: ratings/index.md is kept for the list of all ratings",
         "choose another id for this rating")]


def test_ids_that_only_contain_index_are_ordinary(tree: Path) -> None:
    shutil.copy(tree / "claimants" / "jane-doe.yaml", tree / "claimants" / "index-fund.yaml")
    shutil.copy(tree / "claimants" / "jane-doe.yaml", tree / "claimants" / "indexes.yaml")
    content, problems = load_content(tree)
    assert not problems.errors
    assert {"index-fund", "indexes"} <= set(content.claimants)


# --- hints for unknown ids ------------------------------------------------------------------

CLAIM = "claimant: someone\nverdict:\n  evidence:\n    - source: x\n"


def claims_citing(values: list[str], tmp_path: Path) -> list[CheckedFile]:
    """One checked claim file per value, each citing that source id as its evidence."""
    node = parse_yaml(CLAIM).node  # the same layout in every file
    return [CheckedFile(Document(tmp_path / f"claim-{i}.yaml", "claims", f"claim-{i}", None, node), [], None,
                        [(("verdict", "evidence", 0, "source"), "sources", value)])
            for i, value in enumerate(values)]


def known_sources(ids: set[str]) -> dict[str, set[str] | None]:
    return {"claimants": {"someone"}, "sources": ids, "claims": set(), "reports": set(), "ratings": None}


SOURCES = {f"source-{i:05d}-alpha" for i in range(10_000)}
TYPOS = {  # misspelt ids, and the id meant (the one a comparison with every id names)
    "source-04242-alpah": "source-04242-alpha",  # two letters swapped
    "sorce-04242-alpha": "source-04242-alpha",  # a letter missing
    "sourcce-04242-alpha": "source-04242-alpha",  # a letter extra
    "sourse-04242-alpha": "source-04242-alpha",  # a letter wrong
    "source-04242-alpxx": "source-04242-alpha",  # two letters wrong at the end
    "xxsource-04242-alpha": "source-04242-alpha",  # two letters extra at the start
}


@pytest.mark.timing
def test_thousands_of_unknown_ids_among_thousands_are_hinted_in_seconds(tmp_path: Path) -> None:
    unknown = [f"zz-unknown-{i:05d}-q" for i in range(5_000)]
    checked = claims_citing([*unknown, *TYPOS], tmp_path)
    problems = Problems()
    started = time.perf_counter()
    _check_references(checked, known_sources(SOURCES), problems)
    # Comparing each unknown id with each of the 10,000 took minutes (12 to validate such a tree).
    assert time.perf_counter() - started < time_limit(5)
    hints = {p.message: p.hint for p in problems}
    assert len(hints) == len(unknown) + len(TYPOS)
    assert all(hints[f"unknown source '{value}'"] == f"no file sources/{value}.yaml exists" for value in unknown)
    # Past the first, whole comparisons are no longer made: typos are still hinted.
    assert {value: hints[f"unknown source '{value}'"] for value in TYPOS} == {
        value: f"did you mean '{meant}'?" for value, meant in TYPOS.items()}


def test_a_few_unknown_ids_get_the_hint_of_a_comparison_with_every_id(tmp_path: Path) -> None:
    sources = {"reuters-strike-report", "hill-strike-article", "dod-statement", *(f"s{i}" for i in range(100))}
    values = ["reuters-strike", "hill-strike-artcle", "statement-dod"]
    problems = Problems()
    _check_references(claims_citing(values, tmp_path), known_sources(sources), problems)
    assert [p.hint for p in problems] == [did_you_mean(v, sources) or f"no file sources/{v}.yaml exists" for v in values]
    assert [p.hint for p in problems][:2] == ["did you mean 'reuters-strike-report'?", "did you mean 'hill-strike-article'?"]


def test_an_unknown_rating_names_the_scale_and_a_long_scale_only_in_part(tree: Path) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("rating: unproven", "rating: zzz"))
    _, problems = load_content(tree)
    assert [p.hint for p in problems.errors] == [
        "ratings.yaml defines false, mixed, mostly-false, mostly-true, true, unproven"]
    ratings = tree / "ratings.yaml"
    scale = ratings.read_text()
    ratings.write_text(scale + "".join(f"- id: extra-{i:02d}\n  label: Extra\n  description: x\n" for i in range(14)))
    _, problems = load_content(tree)
    extras = ", ".join(f"extra-{i:02d}" for i in range(14))
    assert [p.hint for p in problems.errors] == [  # 20 ratings: all of them
        f"ratings.yaml defines {extras}, false, mixed, mostly-false, mostly-true, true, unproven"]
    ratings.write_text(scale + "".join(f"- id: extra-{i:02d}\n  label: Extra\n  description: x\n" for i in range(30)))
    _, problems = load_content(tree)
    extras = ", ".join(f"extra-{i:02d}" for i in range(20))
    assert [p.hint for p in problems.errors] == [f"ratings.yaml defines {extras}, … (36 in all)"]
    ratings.write_text("[]\n")
    _, problems = load_content(tree)
    assert "ratings.yaml defines no ratings" in [p.hint for p in problems.errors]


@pytest.mark.parametrize("written, meant", [
    ("False", "false"), ("TRUE", "true"), ("Mostly-False", "mostly-false"), ("mostly false", "mostly-false"),
    ("Mostly_True", "mostly-true"), (" unproven", "unproven"), ("Unprovn", "unproven"),
])
def test_a_rating_written_in_another_case_or_spelling_is_told_the_real_id(tree: Path, written: str, meant: str) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("rating: unproven", f'rating: "{written}"'))
    _, problems = load_content(tree)
    assert [(p.line, p.column, p.message, p.hint) for p in problems.errors] == [
        (8, 11, f"field 'verdict.rating': '{written}' is not a valid id", f"did you mean '{meant}'?")]


def test_other_ids_written_in_capitals_are_told_the_real_id(tree: Path) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("claimant: defence-ministry", "claimant: Defence Ministry"))
    report = tree / "reports" / "briefing-review.yaml"
    report.write_text(report.read_text().replace("  - toll-62-killed\n", "  - Toll-62-Killed\n"))
    _, problems = load_content(tree)
    assert [(p.message, p.hint) for p in problems.errors] == [
        ("field 'claimant': 'Defence Ministry' is not a valid id", "did you mean 'defence-ministry'?"),
        ("field 'claims[1]': 'Toll-62-Killed' is not a valid id", "did you mean 'toll-62-killed'?")]


@pytest.mark.parametrize("written", ["Zzz", "!!!", ""])
def test_a_malformed_id_like_no_known_one_keeps_the_rule_of_ids(tree: Path, written: str) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("rating: unproven", f'rating: "{written}"'))
    _, problems = load_content(tree)
    assert [p.hint for p in problems.errors] == [
        "ids are lowercase letters, digits and hyphens, starting with a letter or digit"]


def test_a_malformed_rating_without_a_scale_keeps_the_rule_of_ids(tree: Path) -> None:
    (tree / "ratings.yaml").unlink()
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("rating: unproven", "rating: False"))
    _, problems = load_content(tree)
    assert [(p.message, p.hint) for p in problems.errors] == [
        ("field 'verdict.rating': 'False' is not a valid id",
         "ids are lowercase letters, digits and hyphens, starting with a letter or digit"),
        ("ratings.yaml is missing", "every site needs a verdict scale: a list of ratings, best first")]


@pytest.mark.parametrize("written, hint", [
    ("mostly", "did you mean 'mostly-true' or 'mostly-false'?"),  # as close to both
    ("mostly-fals", "did you mean 'mostly-false'?"),  # much closer to one
    ("misleading", "ratings.yaml defines false, mixed, mostly-false, mostly-true, true, unproven"),
])
def test_an_unknown_rating_names_the_closest_ones(tree: Path, written: str, hint: str) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("rating: unproven", f"rating: {written}"))
    _, problems = load_content(tree)
    assert [(p.message, p.hint) for p in problems.errors] == [(f"unknown rating '{written}'", hint)]


# --- files of another kind -------------------------------------------------------------------

def test_a_claim_saved_in_sources_is_told_to_move(tree: Path) -> None:
    shutil.move(tree / "claims" / "toll-62-killed.yaml", tree / "sources" / "toll-62-killed.yaml")
    report = tree / "reports" / "briefing-review.yaml"
    report.write_text(report.read_text().replace("  - toll-62-killed\n", ""))
    _, problems = load_content(tree)
    assert [(p.path, p.line, p.column, p.message, p.hint) for p in problems] == [
        (display_path(tree / "sources" / "toll-62-killed.yaml"), 1, 1, "this file looks like a claim, not a source",
         "it has the fields of a claim: move it to claims/")]  # and not a warning that no claim cites it


def test_a_source_saved_in_claims_is_told_to_move_and_a_rating_to_the_scale(tree: Path) -> None:
    (tree / "claims" / "2016").mkdir()
    shutil.copy(tree / "sources" / "interview-2016-09-20.yaml", tree / "claims" / "2016" / "interview-copy.yaml")
    (tree / "claims" / "misleading.yaml").write_text("id: misleading\nlabel: Misleading\ndescription: Half true.\n")
    _, problems = load_content(tree)
    assert [(p.path.rsplit("/", 1)[-1], p.message, p.hint) for p in problems] == [
        ("interview-copy.yaml", "this file looks like a source, not a claim", "it has the fields of a source: move it "
                                                                              "to sources/"),
        ("misleading.yaml", "this file looks like a rating, not a claim", "it has the fields of a rating: ratings are "
                                                                          "the items of the list in ratings.yaml")]


def test_a_file_of_its_own_kind_with_a_mistake_is_not_taken_for_another(tree: Path) -> None:
    path = tree / "claimants" / "jane-doe.yaml"
    path.write_text(path.read_text() + "title: Dr\npublisher: x\n")  # two fields of a source, and both of its own
    _, problems = load_content(tree)
    assert [p.message for p in problems] == ["unknown field 'title'", "unknown field 'publisher'"]


# --- the scale's ends -----------------------------------------------------------------------

def test_the_best_and_worst_values_follow_the_ratings() -> None:
    content, _ = load_valid_content(MINIMAL)
    assert (content.worst_value, content.best_value) == (1, 5)
    content.ratings = {"mixed": content.ratings["mixed"]}
    assert (content.worst_value, content.best_value) == (3, 3)
    content.ratings["false"] = Rating(id="false", label="False", value=-2, description="Wrong.")
    assert (content.worst_value, content.best_value) == (-2, 3)
    content.ratings = {}
    assert (content.worst_value, content.best_value) == (None, None)


@pytest.mark.timing
def test_the_scale_ends_of_a_long_scale_are_counted_once(tmp_path: Path) -> None:
    content = Content(root=tmp_path)
    content.ratings = {f"r{i}": Rating(id=f"r{i}", label="R", value=i, description="x") for i in range(20_000)}
    started = time.perf_counter()
    ends = [(content.worst_value, content.best_value) for _ in range(20_000)]  # once per claim, or per rating
    assert time.perf_counter() - started < time_limit(2)  # counting them each time took minutes
    assert set(ends) == {(0, 19_999)}


# --- drafts ---------------------------------------------------------------------------------------

UNPUBLISHED = {("claims", "drone-over-hospital"), ("claims", "fuel-convoy-turned-back"),
               ("reports", "convoy-statements-review")}
# Named only by the unpublished claims and report: left out of a publishing build with them.
ONLY_FOR_DRAFTS = {("claimants", "convoy-spokesman"), ("sources", "customs-ledger-2016-09")}


def ids(content: Content) -> set[tuple[str, str]]:
    return {(kind, id) for kind in ("ratings", "claimants", "sources", "claims", "reports")
            for id in getattr(content, kind)}


def test_drafts_may_be_unfinished_and_are_warned_about_not_refused() -> None:
    content, problems = load_content(DRAFTS)
    shown = display_path(DRAFTS)
    assert [str(p) for p in problems] == [
        f"{shown}/claims/drone-over-hospital.yaml:1:1: warning: field 'verdict' is not filled in yet "
        "(hint: publishing needs it; it may stay empty while the status is draft)"]
    assert content.claims["drone-over-hospital"].verdict is None
    assert (content.claims["fuel-convoy-turned-back"].status, content.reports["convoy-statements-review"].status) == (
        "review", "draft")


def test_the_published_view_leaves_out_drafts_and_what_only_they_name() -> None:
    content, _ = load_valid_content(DRAFTS)
    published = content.published()
    assert ids(published) == ids(content) - UNPUBLISHED - ONLY_FOR_DRAFTS
    assert ids(published) == ids(load_valid_content(MINIMAL)[0])
    assert set(published.paths) == set(content.paths) - UNPUBLISHED - ONLY_FOR_DRAFTS
    assert all(published.path_of(*key) == content.path_of(*key) for key in published.paths)
    assert ids(content) >= UNPUBLISHED | ONLY_FOR_DRAFTS, "the loaded content itself keeps everything"
    assert published.published() is published


def test_content_without_drafts_is_its_own_published_view() -> None:
    content, _ = load_valid_content(MINIMAL)
    assert content.published() is content


def test_what_a_draft_shares_with_published_content_stays(tree: Path) -> None:
    (tree / "claims" / "draft.yaml").write_text("status: draft\nclaim: Work in progress.\nclaimant: jane-doe\n"
                                                "date: 2016-09-20\nappearance: interview-2016-09-20\n")
    content, problems = load_content(tree)
    assert not problems.errors
    assert ids(content.published()) == ids(content) - {("claims", "draft")}


def test_a_published_claim_must_be_finished(tree: Path) -> None:
    claim = tree / "claims" / "strike-was-halted.yaml"
    claim.write_text(claim.read_text().replace(
        "  evidence:\n    - source: investigation-2016-11-29\n    - source: briefing-2016-09-17\n", ""))
    _, problems = load_content(tree)
    assert [(p.line, p.column, p.message, p.hint) for p in problems.errors] == [
        (5, 3, "missing required field 'verdict.evidence'",
         "publishing needs it: fill it in, or set 'status: draft' to work on it unpublished")]
    for path in (claim, tree / "reports" / "briefing-review.yaml"):  # the report that lists it, too
        path.write_text("status: review\n" + path.read_text())
    _, problems = load_content(tree)
    assert problems.errors == []
    assert [(p.line, p.column, p.severity, p.message) for p in problems if p.path.endswith("strike-was-halted.yaml")] == [
        (6, 3, "warning", "field 'verdict.evidence' is not filled in yet")]


def test_a_wrong_status_is_refused_and_the_file_held_to_what_publishing_needs(tree: Path) -> None:
    (tree / "claims" / "draft.yaml").write_text("status: drafted\nclaim: Work in progress.\nclaimant: jane-doe\n"
                                                "date: 2016-09-20\n")
    _, problems = load_content(tree)
    assert [(p.line, p.column, p.message, p.hint) for p in problems.errors] == [
        (1, 1, "missing required field 'verdict'",
         "publishing needs it: fill it in, or set 'status: draft' to work on it unpublished"),
        (1, 9, "field 'status': 'drafted' is not one of draft, review, published", "did you mean 'draft'?")]


@pytest.mark.parametrize("status, said", [("draft", "a draft"), ("review", "in review")])
def test_a_published_report_cannot_list_an_unpublished_claim(tree: Path, status: str, said: str) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(f"status: {status}\n" + claim.read_text())
    _, problems = load_content(tree)
    shown = display_path(tree)
    assert [str(p) for p in problems.errors] == [
        f"{shown}/reports/briefing-review.yaml:8:5: error: claim 'toll-62-killed' is {said}; publish it first or "
        f"remove it (hint: set 'status: published' in {shown}/claims/toll-62-killed.yaml, or this report's status "
        f"to {status})"]
    report = tree / "reports" / "briefing-review.yaml"
    listing = report.read_text()
    for report_status in ("draft", "review"):
        report.write_text(f"status: {report_status}\n{listing}")
        _, problems = load_content(tree)
        assert problems.errors == [], report_status


def test_a_draft_report_may_list_drafts_and_published_claims() -> None:
    content, problems = load_content(DRAFTS)
    assert not problems.errors
    assert content.reports["convoy-statements-review"].claims == [
        "fuel-convoy-turned-back", "drone-over-hospital", "strike-was-halted"]


def test_drafts_without_a_verdict_are_ordered_by_the_claims_date() -> None:
    content, _ = load_valid_content(DRAFTS)
    assert [claim.id for claim in newest_first(content.claims.values())] == [
        "fuel-convoy-turned-back", "no-civilians-nearby", "toll-62-killed", "strike-was-halted", "drone-over-hospital"]
    assert "drone-over-hospital" not in content.claims_citing().get("interview-2016-09-20", [])


# --- sources that last ----------------------------------------------------------------------------

def test_a_source_without_an_archived_copy_is_warned_about_at_its_url(tree: Path) -> None:
    source = tree / "sources" / "briefing-2016-09-17.yaml"
    source.write_text("# The briefing, as the ministry published it.\ntitle: Ministry briefing\n"
                      "publisher: Example News Agency\nurl: https://example.org/news/briefing\nkind: news\n",
                      encoding="utf-8")
    content, problems = load_content(tree)
    assert not problems.errors
    assert [str(p) for p in problems.warnings] == [
        f"{display_path(source)}:4:1: warning: source 'briefing-2016-09-17' has no archive_url (an archived copy) "
        "(hint: run `python -m generator check-links --archive` to save a copy and write its archive_url here, "
        "or add one by hand)"]
    assert "briefing-2016-09-17" in content.sources  # a warning: the source is still used


def test_a_source_with_an_archived_copy_or_with_errors_gets_no_archive_warning(tree: Path) -> None:
    (tree / "sources" / "briefing-2016-09-17.yaml").write_text("title: Ministry briefing\nurl: ftp://x\n", encoding="utf-8")
    _, problems = load_content(tree)
    assert problems.errors  # its own errors are enough: no warning about what it lacks besides
    assert not [p for p in problems if "archive_url" in p.message]
