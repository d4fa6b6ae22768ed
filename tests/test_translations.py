"""Translations of the content (content/translations/<language>/): loaded beside the originals and
checked against them. The broken-content corpus (tests/broken/translation-*) pins each message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.content import load_content
from generator.model import ClaimTranslation
from generator import translations
from generator.translations import language_name, translation_languages

FIXTURES = Path(__file__).parent / "fixtures"
TRANSLATED = FIXTURES / "translated"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(TRANSLATED, tmp_path / "content")
    return tmp_path / "content"


def test_content_without_translations_loads_as_before() -> None:
    content, problems = load_content(FIXTURES / "minimal")
    assert content.translations == {} and list(problems) == []
    assert translation_languages(FIXTURES / "minimal") == []


def test_the_languages_are_the_folders_of_translations_in_order_hidden_ones_and_files_left_out(tmp_path: Path) -> None:
    for name in ("fr", "ar", ".git", "pt-br"):
        (tmp_path / "translations" / name).mkdir(parents=True)
    (tmp_path / "translations" / "README.md").write_text("notes", encoding="utf-8")
    assert translation_languages(tmp_path) == ["ar", "fr", "pt-br"]


def test_each_translation_is_loaded_by_its_originals_id_with_its_file() -> None:
    content, problems = load_content(TRANSLATED)
    assert problems.errors == []
    arabic = content.translations["ar"]
    assert sorted(arabic.claims) == ["strike-was-halted", "toll-62-killed"]
    assert sorted(arabic.reports) == ["briefing-review"] and sorted(arabic.claimants) == ["defence-ministry"]
    assert sorted(arabic.sources) == ["briefing-2016-09-17", "investigation-2016-11-29"]
    assert sorted(arabic.ratings) == sorted(content.ratings)
    toll = arabic.claims["toll-62-killed"]
    assert isinstance(toll, ClaimTranslation) and toll.claim.startswith("أربع غارات")
    assert toll.evidence["investigation-2016-11-29"].quote_is_translation is True  # the default
    assert arabic.paths[("claims", "toll-62-killed")] == TRANSLATED / "translations" / "ar" / "claims" / "toll-62-killed.yaml"


def test_an_untranslated_published_claim_is_a_warning_naming_its_file() -> None:
    _, problems = load_content(TRANSLATED)
    assert [str(p).split(": ", 1)[1] for p in problems.warnings if "translation" in p.message] == [
        "warning: claim 'no-civilians-nearby' has no Arabic translation: it is left out of the Arabic edition "
        "(hint: translate it: python -m generator new claim --lang ar no-civilians-nearby)"]
    assert [p.path.endswith("claims/no-civilians-nearby.yaml") for p in problems.warnings] == [True]


def test_an_untranslated_report_is_a_warning_too_and_a_draft_is_not(tree: Path) -> None:
    (tree / "translations" / "ar" / "reports" / "briefing-review.yaml").unlink()
    claim = tree / "claims" / "no-civilians-nearby.yaml"
    claim.write_text("status: draft\n" + claim.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = load_content(tree)
    assert [p.message for p in problems.warnings if "translation" in p.message] == [
        "report 'briefing-review' has no Arabic translation: it is left out of the Arabic edition"]


def test_a_translation_with_errors_is_reported_for_itself_not_as_missing(tree: Path) -> None:
    path = tree / "translations" / "ar" / "claims" / "toll-62-killed.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("claim: ", "claimm: "), encoding="utf-8")
    content, problems = load_content(tree)
    assert {p.message for p in problems.errors} == {"unknown field 'claimm'", "missing required field 'claim'"}
    assert not any("toll-62-killed' has no Arabic translation" in p.message for p in problems)
    assert "toll-62-killed" not in content.translations["ar"].claims


@pytest.mark.parametrize("day, stale", [("2026-11-21", True), ("2026-11-22", False), ("2026-11-23", False)])
def test_a_translation_older_than_the_verdicts_last_change_is_stale(tree: Path, day: str, stale: bool) -> None:
    path = tree / "translations" / "ar" / "claims" / "toll-62-killed.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("translated: 2026-11-23", f"translated: {day}"),
                    encoding="utf-8")
    _, problems = load_content(tree)
    found = [p for p in problems.warnings if "after this translation" in p.message]
    assert [(p.line, p.column) for p in found] == ([(1, 13)] if stale else [])


def test_a_history_entry_after_the_translation_makes_it_stale_without_an_updated_verdict(tree: Path) -> None:
    original = tree / "claims" / "strike-was-halted.yaml"
    original.write_text(original.read_text(encoding="utf-8") +
                        "history:\n  - date: 2026-11-25\n    kind: correction\n    note: Reworded.\n", encoding="utf-8")
    _, problems = load_content(tree)
    assert [p.message for p in problems.warnings if "after this translation" in p.message] == [
        "the original's verdict changed on 2026-11-25, after this translation (2026-11-20)"]


def test_an_unknown_translator_is_an_error_with_a_hint(tree: Path) -> None:
    path = tree / "translations" / "ar" / "claims" / "strike-was-halted.yaml"
    path.write_text("translator: noor\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _, problems = load_content(tree)
    assert [(p.line, p.column, p.message, p.hint) for p in problems.errors] == [
        (1, 13, "unknown person 'noor'", "no file people/noor.yaml exists")]


def test_ratings_yaml_missing_from_an_edition_is_an_error_naming_every_rating(tree: Path) -> None:
    (tree / "translations" / "ar" / "ratings.yaml").unlink()
    _, problems = load_content(tree)
    (error,) = problems.errors
    assert error.path.endswith("translations/ar/ratings.yaml") and error.message == (
        "ratings 'true', 'mostly-true', 'mixed', 'mostly-false', 'false', 'unproven' have no Arabic label")


def test_a_translations_folder_of_the_top_level_is_not_a_stray_folder() -> None:
    _, problems = load_content(TRANSLATED)
    assert not any("'translations' is not" in p.message for p in problems)


@pytest.mark.parametrize("tag, english, itself", [("ar", "Arabic", "العربية"), ("fr", "French", "français"),
                                                  ("pt-br", "Portuguese (Brazil)", "português (Brasil)"),
                                                  ("zz", "zz", "zz")])
def test_languages_are_named_by_cldr(tag: str, english: str, itself: str) -> None:
    assert language_name(tag) == english
    assert language_name(tag, tag) == itself


def problems_of(tree: Path) -> list[str]:
    _, problems = load_content(tree, jobs=1)
    return [str(problem).replace(tree.as_posix() + "/", "") for problem in problems]


def test_a_second_file_for_one_translation_is_an_error_and_the_first_is_used(tree: Path) -> None:
    first = tree / "translations" / "ar" / "claims" / "toll-62-killed.yaml"
    shutil.copy(first, first.with_suffix(".yml"))
    shutil.copy(tree / "translations" / "ar" / "claimants" / "defence-ministry.yaml",
                tree / "translations" / "ar" / "claimants" / "Defence-Ministry.yaml")
    content, problems = load_content(tree, jobs=1)
    assert [str(p).replace(tree.as_posix() + "/", "") for p in problems.errors] == [
        "translations/ar/claimants/Defence-Ministry.yaml:1:1: error: file name 'Defence-Ministry.yaml' is not a valid id "
        "(hint: ids are lowercase letters, digits and hyphens, e.g. 'defence-ministry.yaml')",
        "translations/ar/claims/toll-62-killed.yml:1:1: error: the translation of claim 'toll-62-killed' is also given "
        "by another file (hint: rename or remove one of the two files)"]
    assert content.translations["ar"].paths[("claims", "toll-62-killed")] == first


@pytest.mark.parametrize("name, text, message", [
    ("claims/toll-62-killed.yaml", "- a list\n",
     "translations/ar/claims/toll-62-killed.yaml:1:1: error: the top level must be a mapping of fields (name: value), "
     "not a list"),
    ("ratings.yaml", "- a list\n", "translations/ar/ratings.yaml:1:1: error: the top level must be a mapping of rating "
                                   "ids to their label and description, not a list"),
    ("claims/toll-62-killed.yaml", "claim: [unclosed\n",
     "translations/ar/claims/toll-62-killed.yaml:2:1: error: YAML syntax error: while parsing a flow sequence, did not "
     "find expected ',' or ']' (it starts at line 1, column 8)"),
])
def test_a_translation_file_that_is_not_a_mapping_of_fields_is_an_error_at_its_place(
        tree: Path, name: str, text: str, message: str) -> None:
    (tree / "translations" / "ar" / name).write_text(text, encoding="utf-8")
    assert message in problems_of(tree)


def test_each_broken_translation_file_is_reported_at_its_place_and_the_others_still_load(
        tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A duplicate id, a recoverable issue, a syntax error and a file that cannot be read, each in
    its own file: every one reported (with its hint), and every other file still translated."""
    folder = tree / "translations" / "ar"
    shutil.copy(folder / "claimants" / "defence-ministry.yaml", folder / "claimants" / "defence-ministry.yml")
    halted = folder / "claims" / "strike-was-halted.yaml"
    halted.write_text(halted.read_text(encoding="utf-8") + "translated: 2026-11-24\n", encoding="utf-8")
    duplicate_line = halted.read_text(encoding="utf-8").count("\n")
    (folder / "reports" / "briefing-review.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    unreadable = folder / "sources" / "briefing-2016-09-17.yaml"
    real_read = translations.read_yaml

    def read(path: Path, *args):
        if path == unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, *args)

    monkeypatch.setattr(translations, "read_yaml", read)
    content, problems = load_content(tree, jobs=1)
    shown = [str(p).replace(tree.as_posix() + "/", "") for p in problems.errors]
    assert shown == [
        "translations/ar/claimants/defence-ministry.yml:1:1: error: the translation of claimant 'defence-ministry' is "
        "also given by another file (hint: rename or remove one of the two files)",
        f"translations/ar/claims/strike-was-halted.yaml:{duplicate_line}:1: error: duplicate key 'translated' "
        "(YAML would silently keep only the last one) (hint: remove or rename one of them)",
        "translations/ar/reports/briefing-review.yaml:2:1: error: YAML syntax error: while parsing a flow sequence, "
        "did not find expected ',' or ']' (it starts at line 1, column 8)",
        "translations/ar/sources/briefing-2016-09-17.yaml:1:1: error: cannot read file: Permission denied",
    ]
    arabic = content.translations["ar"]
    assert sorted(arabic.claims) == ["strike-was-halted", "toll-62-killed"]
    assert sorted(arabic.claimants) == ["defence-ministry"] and sorted(arabic.sources) == ["investigation-2016-11-29"]
    assert sorted(arabic.ratings) == sorted(content.ratings) and arabic.reports == {}


def test_ratings_and_fields_a_translation_cannot_have_are_errors_at_their_place(tree: Path) -> None:
    folder = tree / "translations" / "ar"
    ratings = folder / "ratings.yaml"
    ratings.write_text(ratings.read_text(encoding="utf-8")
                       .replace("unproven:\n", "unproven:\n  - a list\nunknown-one:\n  label: x\n  description: y\n"
                                               "old-unproven:\n", 1)
                       .replace("  description: التصريح غير دقيق.", "  description: التصريح <script>x</script> غير دقيق."),
                       encoding="utf-8")
    toll = folder / "claims" / "toll-62-killed.yaml"
    lines = toll.read_text(encoding="utf-8").count("\n")
    toll.write_text(toll.read_text(encoding="utf-8") + "id: toll-62-killed\n", encoding="utf-8")
    content, problems = load_content(tree, jobs=1)
    assert [str(p).replace(tree.as_posix() + "/", "") for p in problems if "translations/" in p.path] == [
        f"translations/ar/claims/toll-62-killed.yaml:{lines + 1}:1: error: unknown field 'id': the id comes from the file "
        "name (hint: a translation's file is named like its original's)",
        "translations/ar/ratings.yaml:16:16: warning: markup removed from the page: <script> (hint: Markdown fields allow "
        "text formatting, links, lists, tables, quotes, code and images of this site; to show markup as text, put it "
        "between backticks)",
        "translations/ar/ratings.yaml:18:3: error: rating 'unproven' must be a mapping (label, description), not a list",
        "translations/ar/ratings.yaml:19:1: error: no rating 'unknown-one' to translate (hint: ratings.yaml defines true, "
        "mostly-true, mixed, mostly-false, false, unproven)",
        "translations/ar/ratings.yaml:22:1: error: no rating 'old-unproven' to translate (hint: did you mean 'unproven'?)",
    ]
    arabic = content.translations["ar"]
    assert "toll-62-killed" in arabic.claims  # loaded, the id field left out
    assert arabic.paths[("ratings", "false")] == ratings and "unproven" not in arabic.ratings


def test_two_untranslated_ratings_are_named_together(tree: Path) -> None:
    ratings = tree / "translations" / "ar" / "ratings.yaml"
    text = ratings.read_text(encoding="utf-8")
    for rating in ("mixed", "unproven"):
        text = re.sub(rf"{rating}:\n(  .*\n)+", "", text)
    ratings.write_text(text, encoding="utf-8")
    assert "translations/ar/ratings.yaml:1:1: error: ratings 'mixed', 'unproven' have no Arabic label (hint: every " \
           "rating of ratings.yaml needs its label and description in the edition: mixed: {label: …, description: …})" \
           in problems_of(tree)
