"""`python -m generator changes`: what a pull request changed in the fact-checks, verdicts first,
as Markdown that shows every text as written (read here as GitHub renders it: cmark-gfm)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import pytest
import yaml
from cmarkgfm.cmark import Options
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser
from gitrepo import commit_all, git, git_env, new_repository

from generator import changes, cli
from generator.changes import compare, load_base, markdown_text, summary_markdown
from generator.content import load_content

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
CLAIMS_HEADER = ["Change", "Claim", "Statement", "Verdict", "Fields changed", "Page"]
HOSTILE = "Five | <script>alert(1)</script> `killed` *62* [soldiers](https://evil.example/) &amp; \\ ~~x~~ $1$"


def render(markdown: str) -> LexborHTMLParser:
    """HTML as GitHub makes it of a job summary, without its sanitiser: raw HTML would pass."""
    html = cmarkgfm.markdown_to_html_with_extensions(markdown, options=Options.CMARK_OPT_UNSAFE,
                                                     extensions=["table", "strikethrough"])
    return LexborHTMLParser(html)


def tables(markdown: str) -> dict[str, list[list[str]]]:
    """Each table's rows of cell texts (its header first), by the heading before it."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    for node in render(markdown).body.iter():
        if node.tag in ("h2", "h3"):
            heading = node.text()
        elif node.tag == "table":
            found[heading] = [[cell.text() for cell in row.css("th, td")] for row in node.css("tr")]
    return found


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    """The base (old) and the pull request's (new) content, both tests/fixtures/minimal to start with."""
    shutil.copytree(MINIMAL, tmp_path / "old")
    shutil.copytree(MINIMAL, tmp_path / "new")
    return tmp_path / "old", tmp_path / "new"


def edited(new: Path) -> None:
    """A rating changed, a claim added, one removed (and from its report), a text changed."""
    edit(new / "claims" / "toll-62-killed.yaml", "rating: unproven", "rating: false")
    shutil.copy(new / "claims" / "strike-was-halted.yaml", new / "claims" / "bridge-closed.yaml")
    edit(new / "claims" / "bridge-closed.yaml", "The strike was halted", "The bridge was closed")
    (new / "claims" / "no-civilians-nearby.yaml").unlink()
    edit(new / "reports" / "briefing-review.yaml", "  - no-civilians-nearby\n", "")
    edit(new / "claims" / "strike-was-halted.yaml", "summary: The investigation confirms",
         "summary: The U.S. investigation confirms")


def summary_of(old: Path, new: Path) -> str:
    old_content, base_errors = load_base(old)
    new_content, problems = load_content(new)
    assert not problems.errors, problems.report()
    return summary_markdown(compare(old_content, new_content), "origin/main", base_errors)


def test_a_rating_change_comes_first_with_both_labels(trees: tuple[Path, Path]) -> None:
    edited(trees[1])
    summary = summary_of(*trees)
    assert list(tables(summary)) == ["Verdicts changed", "Claims", "Reports"]
    assert tables(summary)["Verdicts changed"] == [
        ["Claim", "Statement", "Verdict", "Page"],
        ["toll-62-killed", "Four air strikes killed 62 soldiers and wounded about 100 others.", "Unproven → False",
         "claims/toll-62-killed/"],
    ]
    assert summary.startswith("## Fact-check changes since origin/main\n\n"
                              "1 verdict changed, 1 claim added, 2 claims changed, 1 claim removed, "
                              "1 report changed.\n\n### Verdicts changed\n")


def test_claims_added_changed_and_removed_name_the_fields_that_differ(trees: tuple[Path, Path]) -> None:
    edited(trees[1])
    assert tables(summary_of(*trees))["Claims"] == [
        CLAIMS_HEADER,
        ["added", "bridge-closed", "The bridge was closed as soon as the error was reported.", "True", "",
         "claims/bridge-closed/"],
        ["changed", "strike-was-halted", "The strike was halted as soon as the error was reported.", "True",
         "verdict.summary", "claims/strike-was-halted/"],
        ["changed", "toll-62-killed", "Four air strikes killed 62 soldiers and wounded about 100 others.",
         "Unproven → False", "verdict.rating", "claims/toll-62-killed/"],
        ["removed", "no-civilians-nearby", "There were no civilians anywhere near the site.", "False", "",
         "claims/no-civilians-nearby/"],
    ]


def test_drafts_are_listed_and_marked_and_a_draft_without_a_verdict_says_so(trees: tuple[Path, Path]) -> None:
    old, new = trees
    (new / "claims" / "bridge-closed.yaml").write_text(
        "status: draft\nclaim: The bridge was closed.\nclaimant: jane-doe\ndate: 2016-09-20\n", encoding="utf-8")
    edit(new / "claims" / "toll-62-killed.yaml", "claim: Four", "status: review\nclaim: Four")
    edit(new / "reports" / "briefing-review.yaml", "title: ", "status: review\ntitle: ")
    edit(old / "claims" / "strike-was-halted.yaml", "claim: The", "status: draft\nclaim: The")
    edit(old / "claims" / "strike-was-halted.yaml", "  rating: true\n", "")
    summary = summary_of(old, new)
    assert tables(summary)["Verdicts changed"][1:] == [
        ["strike-was-halted", "The strike was halted as soon as the error was reported.", "no verdict yet → True",
         "claims/strike-was-halted/"]]
    assert [row[:4] for row in tables(summary)["Claims"][1:]] == [
        ["added (draft)", "bridge-closed", "The bridge was closed.", "no verdict yet"],
        ["changed", "strike-was-halted", "The strike was halted as soon as the error was reported.",
         "no verdict yet → True"],
        ["changed (review)", "toll-62-killed", "Four air strikes killed 62 soldiers and wounded about 100 others.",
         "Unproven"]]


def test_reports_added_changed_and_removed(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(new / "reports" / "briefing-review.yaml", "title: Review of", "title: A review of")
    edit(new / "reports" / "briefing-review.yaml", "published: 2026-11-22", "published: 2026-11-23")
    shutil.copy(new / "reports" / "briefing-review.yaml", new / "reports" / "interview-review.yaml")
    shutil.copy(old / "reports" / "briefing-review.yaml", old / "reports" / "old-review.yaml")
    assert tables(summary_of(old, new))["Reports"] == [
        ["Change", "Report", "Title", "Fields changed", "Page"],
        ["added", "interview-review", "A review of the ministry briefing", "", "reports/interview-review/"],
        ["changed", "briefing-review", "A review of the ministry briefing", "title, published",
         "reports/briefing-review/"],
        ["removed", "old-review", "Review of the ministry briefing", "", "reports/old-review/"],
    ]


def test_ratings_claimants_and_sources_are_listed_after_claims_and_reports(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(new / "ratings.yaml", "label: Mostly false", "label: Misleading")
    edit(new / "claimants" / "jane-doe.yaml", "kind: person", "kind: organization")
    edit(new / "sources" / "interview-2016-09-20.yaml", "kind: interview", "kind: news")
    found = tables(summary_of(old, new))
    assert list(found) == ["Ratings", "Claimants", "Sources"]
    assert found["Ratings"][1] == ["changed", "mostly-false", "Misleading", "label", "ratings/mostly-false/"]
    assert found["Claimants"][1][:2] + found["Claimants"][1][3:] == ["changed", "jane-doe", "kind",
                                                                    "claimants/jane-doe/"]
    assert found["Sources"][1][:2] + found["Sources"][1][3:] == ["changed", "interview-2016-09-20", "kind",
                                                                "sources/#interview-2016-09-20"]


def test_people_and_the_organisation_are_listed_with_their_pages(trees: tuple[Path, Path]) -> None:
    old, new = trees
    (new / "people").mkdir()
    (new / "people" / "ana.yaml").write_text("name: Ana Example\nrole: Editor\n", encoding="utf-8")
    (new / "organisation.yaml").write_text("name: Example Desk\n", encoding="utf-8")
    found = tables(summary_of(old, new))
    assert list(found) == ["Organisation", "People"]
    assert found["Organisation"][1][:2] + found["Organisation"][1][-1:] == ["added", "organisation", "transparency/"]
    assert found["People"][1][:3] + found["People"][1][-1:] == ["added", "ana", "Ana Example", "people/ana/"]


def test_the_same_content_has_no_changes(trees: tuple[Path, Path]) -> None:
    assert summary_of(*trees) == ("## Fact-check changes since origin/main\n\n"
                                  "No claim, report, rating, claimant or source changed.\n")


def test_a_base_that_does_not_validate_is_said_so_and_compared_as_far_as_it_loads(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(old / "claims" / "toll-62-killed.yaml", "claimant:", "claimnt:")
    old_content, base_errors = load_base(old, "origin/main:content")
    summary = summary_markdown(compare(old_content, load_content(new)[0]), "origin/main", base_errors)
    assert [str(problem) for problem in base_errors] == [
        "origin/main:content/claims/toll-62-killed.yaml:1:1: error: missing required field 'claimant'",
        "origin/main:content/claims/toll-62-killed.yaml:2:1: error: unknown field 'claimnt' "
        "(hint: did you mean 'claimant'?)"]
    assert "**origin/main does not validate** (2 errors): only what loads is compared" in summary
    assert "- origin/main:content/claims/toll-62-killed.yaml:2:1: error: unknown field 'claimnt' " in summary
    assert tables(summary)["Claims"][1][:2] == ["added", "toll-62-killed"]


def test_a_rating_missing_from_its_versions_scale_is_named_by_its_id(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(new / "claims" / "toll-62-killed.yaml", "rating: unproven", "rating: false")
    old_content, new_content = load_content(old)[0], load_content(new)[0]
    del old_content.ratings["unproven"]  # as when the base's ratings.yaml has errors
    (change,) = compare(old_content, new_content).verdicts
    assert (change.claim.id, change.old_label, change.new_label) == ("toll-62-killed", "unproven", "False")


def test_hostile_text_stays_text_in_one_cell(trees: tuple[Path, Path]) -> None:
    old, new = trees
    edit(new / "claims" / "toll-62-killed.yaml", "claim: Four air strikes killed 62 soldiers and wounded about 100 others.\n",
         yaml.safe_dump({"claim": HOSTILE}, allow_unicode=True, width=1000))
    edit(new / "claims" / "toll-62-killed.yaml", "rating: unproven", "rating: false")
    assert load_content(new)[0].claims["toll-62-killed"].claim == HOSTILE
    summary = summary_of(old, new)
    page = render(summary)
    assert not page.css("script, a, em, del")
    assert {code.text() for code in page.css("code")} == {"toll-62-killed", "claims/toll-62-killed/", "claim",
                                                          "verdict.rating"}
    assert {strong.text() for strong in page.css("strong")} == {"False"}  # the new verdict
    for table in tables(summary).values():
        assert len({len(row) for row in table}) == 1, table  # no row split by a `|` of the claim
    assert tables(summary)["Verdicts changed"][1][1] == HOSTILE


def test_long_texts_are_shortened_and_long_tables_end_with_a_count(trees: tuple[Path, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = trees
    long_claim = "A claim " + "that goes on " * 20
    edit(new / "claims" / "toll-62-killed.yaml", "Four air strikes killed", long_claim)
    monkeypatch.setattr(changes, "MAX_ROWS", 1)
    (new / "claims" / "no-civilians-nearby.yaml").unlink()
    edit(new / "reports" / "briefing-review.yaml", "  - no-civilians-nearby\n", "")
    summary = summary_of(old, new)
    (row,) = tables(summary)["Claims"][1:]
    assert row[2] == long_claim[: changes.TEXT_LIMIT - 1].rstrip() + "…"
    assert "\n… and 1 more.\n" in summary


@pytest.mark.parametrize("text, markdown", [
    ("a | b", "a \\| b"),
    ("<b>bold</b>", "\\<b\\>bold\\</b\\>"),
    ("- not a list", "\\- not a list"),
    ("# not a heading", "\\# not a heading"),
    ("-- and #1", "\\-- and #1"),
    ("#1 and 2.5", "#1 and 2.5"),
    ("1986. A year", "1986\\. A year"),
    ("1.5 million, 62 soldiers.", "1.5 million, 62 soldiers."),
    ("two\nlines\r\nthree", "two lines three"),
    ("right\u202eleft", "rightU+202Eleft"),
])
def test_markdown_text_escapes_what_markdown_would_read(text: str, markdown: str) -> None:
    assert markdown_text(text) == markdown


# Any text Python can encode, often made of Markdown's and HTML's signs and line starts.
PIECES = st.one_of(st.characters(blacklist_categories=("Cs",)),
                   st.sampled_from([*"-+#*_`[]()<>|!&;:.=~$\\ \t\n\r0123456789", "1. ", "- ", "# ", "```",
                                    "<script>", "&amp;", "<!--", "http://a.example", "|---|"]))
TEXT = st.lists(PIECES, max_size=30).map("".join)
HIDDEN = {chr(code) for code in [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, *range(0x202a, 0x202f),
                                 *range(0x2066, 0x206a)]}


def shown(text: str) -> str:
    """What a reader should see of text: on one line, without whitespace at its ends, controls by their code."""
    one_line = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("\t", " ").strip()
    return "".join(f"U+{ord(ch):04X}" if ch in HIDDEN else ch for ch in one_line)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_text_is_one_table_cell_or_list_item_shown_as_written(text: str) -> None:
    escaped = markdown_text(text)
    table = render(f"| a | b |\n| --- | --- |\n| {escaped} | x |\n")
    assert [cell.text() for cell in table.css("td")] == [shown(text), "x"]
    item = render(f"- {escaped}\n")
    assert [li.text().strip() for li in item.css("li")] == [shown(text)]
    assert not item.css("li *")  # no heading, list, link, code or HTML inside


# --- the command ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(argv))
    except SystemExit as exit:
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_compares_with_another_folder(trees: tuple[Path, Path], capsys) -> None:
    old, new = trees
    edited(new)
    code, out, err = run(capsys, "changes", "--old-content", str(old), str(new))
    assert (code, err) == (0, "")
    assert out == summary_of(old, new).replace("origin/main", markdown_text(str(old)))


def test_errors_in_the_new_content_are_printed_and_nothing_is_compared(trees: tuple[Path, Path], capsys,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = trees
    edit(new / "claims" / "toll-62-killed.yaml", "rating: unproven", "rating: ture")
    monkeypatch.chdir(new.parent)
    code, out, err = run(capsys, "changes", "--old-content", "old", "new")
    assert code == 1
    assert err.splitlines() == [
        "new/claims/toll-62-killed.yaml:8:11: error: unknown rating 'ture' (hint: did you mean 'true'?)",
        "new: 1 error, 0 warnings; nothing was compared"]
    assert out == ("## Fact-check changes: new has 1 error\n\nNothing is compared until they are fixed:\n\n"
                   "- new/claims/toll-62-killed.yaml:8:11: error: unknown rating 'ture' "
                   "\\(hint: did you mean 'true'?\\)\n")


def test_an_old_folder_that_is_missing_is_an_error(trees: tuple[Path, Path], capsys) -> None:
    code, out, err = run(capsys, "changes", "--old-content", str(trees[0] / "nowhere"), str(trees[1]))
    assert (code, out) == (1, "")
    assert err == (f"error: --old-content {trees[0] / 'nowhere'} is not a folder "
                   "(hint: pass the folder of the content to compare with)\n")


@pytest.mark.parametrize("argv", [[], ["--base", "main", "--old-content", "old"]])
def test_the_command_needs_one_version_to_compare_with(argv: list[str], capsys) -> None:
    code, out, err = run(capsys, "changes", *argv)
    assert (code, out) == (2, "")
    assert "one of the arguments --base --old-content is required" in err or "not allowed with argument" in err


def test_a_base_without_content_has_everything_new(trees: tuple[Path, Path], capsys,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in git_env().items():
        monkeypatch.setenv(name, value)
    old, new = trees
    (new.parent / "README.md").write_text("A desk.\n", encoding="utf-8")
    shutil.rmtree(old)
    new_repository(new.parent)
    git("rm", "-q", "-r", "--cached", "new", cwd=new.parent)
    git("commit", "-q", "-m", "No content", cwd=new.parent)
    code, out, err = run(capsys, "changes", "--base", "HEAD", str(new))
    assert (code, err) == (0, "")
    assert out.startswith("## Fact-check changes since HEAD\n\nHEAD has no content folder: everything is new.\n\n"
                          "3 claims added, 1 report added, 6 ratings added, 2 claimants added, 3 sources added.\n")


def test_a_revision_that_cannot_be_read_is_an_error(trees: tuple[Path, Path], capsys,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in git_env().items():
        monkeypatch.setenv(name, value)
    new_repository(trees[0].parent)
    code, out, err = run(capsys, "changes", "--base", "origin/main", str(trees[1]))
    assert (code, out) == (1, "")
    assert err.startswith("error: 'origin/main' is not a commit of this repository (hint: fetch it first")


# --- the git form, as CI runs it -------------------------------------------------------------


@pytest.mark.slow
def test_the_git_form_compares_the_working_tree_with_a_revision_and_touches_nothing(tmp_path: Path) -> None:
    repository = tmp_path / "desk"
    shutil.copytree(MINIMAL, repository / "content")
    new_repository(repository)
    git("update-ref", "refs/remotes/origin/main", "HEAD", cwd=repository)  # as a checkout with fetch-depth: 0 has it
    git("checkout", "-q", "-b", "edits", cwd=repository)
    edited(repository / "content")
    commit_all(repository, "Edits")
    edit(repository / "content" / "claims" / "strike-was-halted.yaml", "rating: true", "rating: mostly-true")
    status = git("status", "--porcelain", cwd=repository)
    env = {**git_env(), "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO)]))}
    result = subprocess.run([sys.executable, "-m", "generator", "changes", "--base", "origin/main", "content"],
                            cwd=repository, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (0, "")
    found = tables(result.stdout)
    assert [row[0] for row in found["Verdicts changed"][1:]] == ["strike-was-halted", "toll-62-killed"]
    assert found["Verdicts changed"][1][2] == "True → Mostly true"  # not committed: the working tree is compared
    assert [row[:2] for row in found["Claims"][1:]] == [
        ["added", "bridge-closed"], ["changed", "strike-was-halted"], ["changed", "toll-62-killed"],
        ["removed", "no-civilians-nearby"]]
    assert git("status", "--porcelain", cwd=repository) == status
    assert git("branch", "--show-current", cwd=repository) == "edits\n"
    assert git("stash", "list", cwd=repository) == ""
