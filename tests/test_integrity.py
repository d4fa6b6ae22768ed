"""generator/integrity.py: independent publishers, rating changes, the corrections log, and the
set-wide warnings and errors about bylines, history, sourcing and the organisation."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.content import load_content, load_valid_content
from generator.integrity import history_log, independent_publishers, publisher_key, rating_changes
from generator.model import Claim, HistoryEntry, Source

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def source(id: str, publisher: str, original: str | None = None) -> Source:
    return Source(id=id, title=id, publisher=publisher, url=f"https://example.org/{id}", kind="news",
                  original_publisher=original)


def claim(evidence: list[str], history: list[dict] | None = None, rating: str = "false", id: str = "c") -> Claim:
    return Claim.model_validate({
        "id": id, "claim": "x", "claimant": "a", "date": "2016-01-01", "history": history or [],
        "verdict": {"rating": rating, "summary": "s", "published": "2016-01-02",
                    "evidence": [{"source": s} for s in evidence]}})


SOURCES = {s.id: s for s in [source("radio", "Example Radio"), source("radio-again", " example  RADIO "),
                             source("reprint", "Aggregator", original="Example Radio"),
                             source("times", "Example Times")]}


@pytest.mark.parametrize("evidence, publishers", [
    (["radio"], ["Example Radio"]),
    (["radio", "radio-again"], ["Example Radio"]),  # the same name, spelt with other spaces and case
    (["reprint", "radio"], ["Example Radio"]),  # a reprint counts as its original publisher
    (["radio", "times", "reprint"], ["Example Radio", "Example Times"]),
    (["times", "radio"], ["Example Times", "Example Radio"]),  # as first cited
    (["missing"], []),
])
def test_independent_publishers_count_a_reprint_as_its_original(evidence: list[str], publishers: list[str]) -> None:
    assert independent_publishers(claim(evidence), SOURCES) == publishers


def test_publisher_key_ignores_case_and_spacing() -> None:
    assert publisher_key(SOURCES["radio-again"]) == publisher_key(SOURCES["reprint"]) == "example radio"


def test_a_claim_without_verdict_has_no_publishers() -> None:
    draft = Claim.model_validate({"id": "d", "claim": "x", "claimant": "a", "date": "2016-01-01", "status": "draft"})
    assert independent_publishers(draft, SOURCES) == []
    assert rating_changes(draft) == []


def test_history_entries_default_to_updates_without_a_previous_rating() -> None:
    entry = HistoryEntry.model_validate({"date": "2016-01-03", "note": "Added a source."})
    assert (entry.kind, entry.previous_rating) == ("update", None)


def test_each_rating_change_leads_to_the_next_and_the_last_to_the_verdict() -> None:
    checked = claim(["radio"], rating="false", history=[
        {"date": "2016-01-05", "kind": "correction", "previous_rating": "unproven", "note": "b"},
        {"date": "2016-01-03", "kind": "update", "note": "no change"},
        {"date": "2016-01-04", "kind": "correction", "previous_rating": "true", "note": "a"},
    ])
    changes = [(entry.note, after) for entry, after in rating_changes(checked)]
    assert changes == [("a", "unproven"), ("b", "false")]


def test_the_log_lists_every_entry_newest_first_with_the_ratings_around_a_change() -> None:
    one = claim(["radio"], id="one", rating="false", history=[
        {"date": "2016-01-03", "note": "first"},
        {"date": "2016-01-06", "kind": "correction", "previous_rating": "true", "note": "rating"},
    ])
    two = claim(["radio"], id="two", history=[{"date": "2016-01-04", "kind": "clarification", "note": "reworded"}])
    log = history_log([one, two])
    assert [(e.claim.id, e.entry.note, e.previous_rating, e.new_rating) for e in log] == [
        ("one", "rating", "true", "false"), ("two", "reworded", None, None), ("one", "first", None, None)]
    assert history_log([]) == []


# --- the checks, on content trees ---------------------------------------------------------------

@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(MINIMAL, copy)
    return copy


def messages(tree: Path) -> list[tuple[str, str, str]]:
    _, problems = load_content(tree)
    return [(Path(p.path).name, p.severity, p.message) for p in problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_free_text_author_is_read_and_warned_about_only_once_the_desk_has_people(tree: Path) -> None:
    assert messages(tree) == []  # "author: Example desk", and no people/
    (tree / "people").mkdir()
    (tree / "people" / "ana.yaml").write_text("name: Example Desk\nrole: Editor\n", encoding="utf-8")
    _, problems = load_content(tree)
    (warning,) = problems
    assert (warning.severity, warning.message) == ("warning", "author 'Example desk' is not a person of people/")
    assert warning.hint == "write their id to link the byline to their page: did you mean 'ana'?"  # by their name
    edit(tree / "claims" / "toll-62-killed.yaml", "author: Example desk", "author: ana")
    content, problems = load_content(tree)
    assert list(problems) == [] and content.claims["toll-62-killed"].verdict.author == "ana"


def test_an_author_matching_no_person_gets_the_ids_to_choose_from(tree: Path) -> None:
    (tree / "people").mkdir()
    for id in ("zoe", "ana", "bo", "cy"):
        (tree / "people" / f"{id}.yaml").write_text(f"name: {id.title()} Example\nrole: Editor\n", encoding="utf-8")
    _, problems = load_content(tree)
    (warning,) = problems
    assert warning.hint == ("free text is shown as written; write a person id ('ana', 'bo', 'cy'…) to link the byline "
                            "to their page")


def test_the_organisation_is_warned_about_until_it_names_funders_contact_and_tip_line(tree: Path) -> None:
    organisation = tree / "organisation.yaml"
    organisation.write_text("name: Desk\n", encoding="utf-8")
    assert messages(tree) == [("organisation.yaml", "warning", "the organisation gives no contact"),  # both at 1:1
                              ("organisation.yaml", "warning", "the organisation lists no funders")]
    organisation.write_text("name: Desk\nfunders: []\ncontact:\n  tip_line: Signal +00 0000\n", encoding="utf-8")
    assert messages(tree) == [("organisation.yaml", "warning", "the organisation lists no funders"),
                              ("organisation.yaml", "warning", "the organisation gives no contact")]
    organisation.write_text("name: Desk\nfunders:\n  - name: F\n    year: 2026\n    band: EUR 1 to 10\n"
                            "contact:\n  url: https://example.org/contact\n", encoding="utf-8")
    assert messages(tree) == [("organisation.yaml", "warning", "the organisation gives no tip line")]
    organisation.write_text(organisation.read_text() + "  tip_line: tips@example.org\n", encoding="utf-8")
    content, problems = load_valid_content(tree)
    assert list(problems) == []
    assert content.publishing_organisation is not None and content.publishing_organisation.contact.tip_line == "tips@example.org"


def test_without_organisation_yaml_there_is_no_organisation_and_no_warning(tree: Path) -> None:
    content, problems = load_content(tree)
    assert content.publishing_organisation is None and list(problems) == []


def test_a_history_entry_on_the_day_of_publication_or_today_is_in_order(tree: Path) -> None:
    path = tree / "claims" / "toll-62-killed.yaml"
    edit(path, "  - date: 2026-11-22\n", f"  - date: 2026-11-20\n    kind: correction\n    note: Same day.\n"
                                         f"  - date: {date.today().isoformat()}\n")
    edit(path, "  updated: 2026-11-22\n", "")
    assert messages(tree) == []


def test_a_published_verdict_on_one_publisher_is_warned_about_and_a_draft_is_not(tree: Path) -> None:
    path = tree / "claims" / "strike-was-halted.yaml"
    edit(path, "    - source: briefing-2016-09-17\n", "")
    assert messages(tree) == [("strike-was-halted.yaml", "warning",
                               "the verdict rests on a single publisher (Example Times)")]
    path.write_text("status: review\n" + path.read_text(), encoding="utf-8")
    edit(tree / "reports" / "briefing-review.yaml", "  - strike-was-halted\n", "")
    assert [m for m in messages(tree) if "publisher" in m[2]] == []
