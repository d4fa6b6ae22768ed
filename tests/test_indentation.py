"""YAML errors caused by indentation (generator/indentation.py), as the loader reports them: at the line
where the structure went wrong, with a hint about indentation, from both PyYAML loaders' real errors."""

from __future__ import annotations

import os
import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import indentation
from generator.indentation import MAX_EXPLAINED_CHARS, odd_space
from generator.loading import DEFAULT_LOADER, InvalidYaml, parse_yaml
from tools import time_limit

LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]

CLAIM = """\
claim: There were no civilians near the site.
claimant: jane-doe
date: 2016-09-20
verdict:
  rating: false
  summary: Civilians were found within a kilometre.
  evidence:
    - source: interview
      quote: We saw families.
  published: 2016-09-21
history:
  - date: 2016-09-22
    note: Added the interview.
"""


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest) -> type:
    return request.param


def error_of(text: str, loader: type) -> tuple[int, int, str, str | None]:
    with pytest.raises(InvalidYaml) as error:
        parse_yaml(text, loader)
    return error.value.line, error.value.column, error.value.message, error.value.hint


def edited(old: str, new: str) -> str:
    assert old in CLAIM
    return CLAIM.replace(old, new, 1)


def test_the_example_claim_is_valid(loader: type) -> None:
    assert parse_yaml(CLAIM, loader).issues == []


@pytest.mark.parametrize("text, expected", [
    pytest.param(edited("  summary:", "summary:"), (
        6, 1, "wrong indentation", "'summary' is indented less than the fields of 'verdict': indent it 2 spaces, "
                                   "like 'rating', not 0"), id="dedented to the top, YAML stops a line later"),
    pytest.param(edited("  summary:", " summary:"), (
        6, 2, "wrong indentation", "'summary' is indented less than the fields of 'verdict': indent it 2 spaces, "
                                   "like 'rating', not 1"), id="dedented between two levels"),
    pytest.param(edited("  published:", " published:"), (
        10, 2, "wrong indentation", "'published' is indented less than the fields of 'verdict': indent it 2 spaces, "
                                    "like 'evidence', not 1"), id="dedented after a list"),
    pytest.param(edited("      quote:", "     quote:"), (
        9, 6, "wrong indentation", "'quote' is indented less than the fields of the item of 'evidence' above it: "
                                   "indent it 6 spaces, like 'source', not 5"), id="dedented inside a list item"),
    pytest.param(edited("    note:", "   note:"), (
        13, 4, "wrong indentation", "'note' is indented less than the fields of the item of 'history' above it: "
                                    "indent it 4 spaces, like 'date', not 3"), id="dedented short of the item"),
])
def test_a_dedented_field_is_reported_at_its_own_line(loader: type, text: str, expected: tuple) -> None:
    assert error_of(text, loader) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param(edited("  summary:", "    summary:"), (
        6, 5, "wrong indentation", "'summary' is indented more than 'rating' above it, so YAML reads it as more of "
                                   "the text of 'rating': indent it 2 spaces, like 'rating'; if it is text, put the "
                                   "whole text in quotes"), id="more than the field above"),
    pytest.param(edited("claimant:", "  claimant:"), (
        2, 3, "wrong indentation", "'claimant' is indented more than 'claim' above it, so YAML reads it as more of "
                                   "the text of 'claim': start it at the beginning of the line, like 'claim'; if it is "
                                   "text, put the whole text in quotes"), id="a top-level field"),
    pytest.param(edited("  rating:", " rating:"), (
        5, 2, "wrong indentation", "'rating' is indented less than the fields of 'verdict' after it: indent it "
                                   "2 spaces, like 'summary', not 1"), id="the first field is the odd one"),
    pytest.param("verdict:\n  rating: \"false\"\n   summary: x\n", (
        3, 4, "wrong indentation", "'summary' is indented more than 'rating' above it: indent it 2 spaces, "
                                   "like 'rating'"), id="after a quoted value"),
])
def test_a_key_indented_more_is_reported_at_its_own_line(loader: type, text: str, expected: tuple) -> None:
    assert error_of(text, loader) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param(edited("      quote: We saw families.\n", "      quote: We saw families.\n    source: other\n"), (
        10, 5, "list item without '- '", "'source' is indented like the items of 'evidence' but does not start "
                                         "with '- ': write '- source' to start another item"), id="a second item"),
    pytest.param(edited("    - source: interview\n      quote: We saw families.\n",
                        "    source: interview\n    - source: other\n"), (
        8, 5, "list item without '- '", "a list item ('- ') follows 'source' at the same indentation: if 'evidence' "
                                        "is a list, start each of its items with '- ', as in '- source'"),
        id="the first item"),
    pytest.param(CLAIM + "tags:\n  - casualties\n  air-strike\n", (
        16, 3, "list item without '- '", "'air-strike' is indented like the items of 'tags' but does not start with "
                                         "'- ': write '- air-strike'"), id="a list of words"),
    pytest.param(edited("    note:", "  note:"), (
        13, 3, "wrong indentation", "'note' is indented like the '- ' of the items of 'history', without one: to add "
                                    "it to the item above, indent it like 'date' (4 spaces); to start another item, "
                                    "write '- note'; to make it a field beside 'history', indent it like 'history'"),
        id="a field of the item above or a new item"),
])
def test_a_missing_dash_is_reported_at_the_item_without_it(loader: type, text: str, expected: tuple) -> None:
    assert error_of(text, loader) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param(edited("  summary:", "\tsummary:"), (
        6, 1, "tab in the indentation", "indent with spaces: YAML does not allow tabs in indentation"), id="tab"),
    pytest.param(edited("  summary:", "  \tsummary:"), (
        6, 3, "tab in the indentation", "indent with spaces: YAML does not allow tabs in indentation"),
        id="tab after spaces"),
    pytest.param(edited("  summary:", "\u00a0\u00a0summary:"), (
        6, 1, "non-breaking space (U+00A0) in the indentation",
        "indent with ordinary spaces: YAML reads the non-breaking space as text, not as indentation"),
        id="no-break spaces, YAML stops a line later"),
    pytest.param(edited("  rating:", " \u00a0rating:"), (
        5, 2, "non-breaking space (U+00A0) in the indentation",
        "indent with ordinary spaces: YAML reads the non-breaking space as text, not as indentation"),
        id="one no-break space"),
])
def test_tabs_and_other_spaces_in_the_indentation_are_named(loader: type, text: str, expected: tuple) -> None:
    assert error_of(text, loader) == expected


@pytest.mark.parametrize("text, position", [
    ("verdict:\n\u00a0\u00a0rating: false\n\u00a0\u00a0summary: x\n", (2, 1)),  # valid YAML: keys starting with U+00A0
    ("name: X\n\u3000kind: person\n", (2, 1)),
])
def test_a_key_indented_with_spaces_yaml_reads_as_text_is_refused(loader: type, text: str,
                                                                    position: tuple[int, int]) -> None:
    line, column, message, _ = error_of(text, loader)
    assert (line, column) == position
    assert message.endswith("in the indentation")


def test_odd_spaces_are_named() -> None:
    assert odd_space(" ") is None and odd_space("a") is None
    assert odd_space("\u3000") == ("ideographic space (U+3000) in the indentation",
                                   "indent with ordinary spaces: YAML reads the ideographic space as text, "
                                   "not as indentation")
    assert odd_space("\u2003")[0] == "em space (U+2003) in the indentation"


@pytest.mark.parametrize("text, message", [
    (edited("Civilians were found", "Civilians: were found"), "YAML syntax error: mapping values are not allowed"),
    ('claim: "open\nclaimant: x\n', "YAML syntax error: while scanning a quoted scalar"),
    ("claim: x\n---\nclaim: y\n", "YAML syntax error: expected a single document"),
    ("claim: x\n- y\n", "YAML syntax error: while parsing a block mapping"),
    ("tags:\n  - a\n    b: c\n", "YAML syntax error: mapping values are not allowed"),
])
def test_errors_that_are_not_about_indentation_keep_yaml_words(loader: type, text: str, message: str) -> None:
    assert error_of(text, loader)[2].startswith(message)


def test_text_in_blocks_and_quotes_is_not_taken_for_structure(loader: type) -> None:
    # The tab and the odd indentation are inside a `|` block: the mistake is the dedented line after it.
    text = "verdict:\n  analysis: |\n    code\n    \tindented\n      more\n  rating: false\n summary: x\n"
    assert error_of(text, loader)[:3] == (7, 2, "wrong indentation")
    text = 'verdict:\n  summary: "a\n    b: c"\n  rating: false\n summary: x\n'
    assert error_of(text, loader)[:3] == (5, 2, "wrong indentation")


def test_lines_are_counted_as_yaml_counts_them(loader: type) -> None:
    assert error_of("verdict:\r\n  rating: x\r\n summary: y\r\n", loader)[:2] == (3, 2)
    assert error_of("claim: a\x85verdict:\n  rating: x\n summary: y\n", loader)[:2] == (4, 2)


def test_names_in_hints_are_kept_short(loader: type) -> None:
    hint = error_of("verdict:\n  rating: x\n " + "k" * 200 + ": y\n", loader)[3]
    assert hint is not None and len(hint) < 160 and "k" * 39 + "…" in hint


def test_the_lists_of_a_ratings_file_are_explained_too(loader: type) -> None:
    assert error_of('- id: true\n  label: "True"\n value: 5\n', loader) == (
        3, 2, "wrong indentation", "'value' is indented less than the fields of the list item above it: "
                                   "indent it 2 spaces, like 'id', not 1")
    assert error_of('- id: true\n  label: "True"\nid: false\n', loader) == (
        3, 1, "list item without '- '", "'id' is indented like the list items but does not start with '- ': "
                                        "write '- id' to start another item")


@pytest.mark.timing
def test_explaining_reads_a_long_file_once_more_at_most() -> None:
    loader = DEFAULT_LOADER
    fields = "".join(f"  field-{i}: value\n" for i in range(MAX_EXPLAINED_CHARS // 20))
    text = "verdict:\n" + fields[: MAX_EXPLAINED_CHARS - 40] + " late: 1\n"
    started = time.perf_counter()
    assert error_of(text, loader)[2] == "wrong indentation"
    assert time.perf_counter() - started < time_limit(2)
    longer = "verdict:\n" + fields * 2 + " late: 1\n"  # past the limit: YAML's own words
    assert error_of(longer, loader)[2].startswith("YAML syntax error: ")


LINES = st.lists(st.tuples(st.sampled_from(["", " ", "  ", "   ", "    ", "      ", "\t", "\u00a0 "]),
                           st.sampled_from(["", "- "]),
                           st.sampled_from(["rating:", "summary: text", "evidence:", "source: a", "note: b: c",
                                            "word", "'quoted': x", "tags: [a,", "| ", "# comment", ""])),
                 min_size=1, max_size=12)


@settings(max_examples=int(300 * (0.2 if os.environ.get("MUTANT_UNDER_TEST") else 1)), deadline=None)
@given(lines=LINES)
def test_any_indentation_is_explained_at_a_line_at_or_before_where_yaml_stopped(lines: list[tuple[str, str, str]]) -> None:
    text = "".join(f"{indent}{dash}{body}\n" for indent, dash, body in lines)
    try:
        yaml.compose(text, Loader=DEFAULT_LOADER)
        return
    except yaml.MarkedYAMLError as error:
        stopped = (error.problem_mark or error.context_mark).line + 1
    except yaml.YAMLError:
        return
    with pytest.raises(InvalidYaml) as found:
        parse_yaml(text)
    assert 1 <= found.value.line <= stopped and found.value.column >= 1
    assert "\n" not in found.value.message + (found.value.hint or "")


# --- the helpers that read a line's shape ---------------------------------------------------

@pytest.mark.parametrize("key, unquoted", [
    ("'summary'", "summary"), ('"summary"', "summary"), ("''", ""), ('"x', '"x'), ("'x\"", "'x\""),
    ("x'", "x'"), ("'", "'"), ("ab", "ab"), ("a", "a"), ("'a'b'", "a'b"), ('"a"', "a"), ("xax", "xax"),
])
def test_a_quoted_key_is_named_without_its_quotes(key: str, unquoted: str) -> None:
    assert indentation._unquoted(key) == unquoted


@pytest.mark.parametrize("body, colon", [
    ("summary: text", 7), ("summary:", 7), ("summary:\ttext", 7), ("url: http://x", 3),
    ("http://x", None), ("a:b: c", 3), ("no colon", None), (":", 0), ("a:b:", 3), ("", None),
])
def test_a_keys_colon_is_the_one_followed_by_a_space_or_the_line_end(body: str, colon: int | None) -> None:
    assert indentation._key_colon(body) == colon


def test_spaces_are_counted_in_words() -> None:
    assert [indentation._spaces(n) for n in (0, 1, 2)] == ["0 spaces", "1 space", "2 spaces"]
    assert indentation._indent(0) == "start it at the beginning of the line"
    assert indentation._indent(1) == "indent it 1 space"


@pytest.mark.parametrize("text, shape", [
    ("  summary: No.", (2, 2, False, "summary", 9, "summary")),
    ("- source: s", (0, 2, True, "source", 8, "source")),
    ("  -   source: s", (2, 6, True, "source", 12, "source")),
    ("-", (0, 1, True, None, None, "-")),
    ("    just text", (4, 4, False, None, None, "just text")),
    ("  'quoted': x", (2, 2, False, "quoted", 10, "quoted")),
    ("", (0, 0, False, None, None, "-")),
    ("-item", (0, 0, False, None, None, "-item")),
])
def test_a_lines_shape_gives_its_indent_item_key_and_words(text: str, shape: tuple) -> None:
    line = indentation._shape(text)
    assert (line.indent, line.column, line.dash, line.key, line.key_end, line.words) == shape


def test_an_entry_is_named_by_its_key_or_as_a_list_item() -> None:
    entry = indentation._Entry(line=3, column=2, dash=None, key="verdict", opens=True)
    assert indentation._name(entry) == "verdict"
    assert indentation._name(indentation._Entry(line=3, column=2, dash=0, key=None, opens=False)) == "the list item"
    assert indentation._name(indentation._Entry(line=3, column=2, dash=None, key="k" * 60, opens=True)).endswith("…")


Entry = tuple  # (line, column, dash column, key, opens), 0-based


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("text, stop, entries", [
    # flow collections as list items, a plain item, a key with nothing after it at the end
    ("a:\n  - [x, [y]]\n  - {k: v}\n  - plain\nb: 1\nc:\n", 10,
     [(0, 0, None, "a", True), (1, 4, 2, None, False), (2, 4, 2, None, False), (3, 4, 2, None, False),
      (4, 0, None, "b", False), (5, 0, None, "c", True)]),
    ("a:\n  - [x, [y]]\n  - {k: v}\n  - plain\nb: 1\nc:\n", 2,
     [(0, 0, None, "a", True), (1, 4, 2, None, False), (2, 4, 2, None, False)]),
    # an anchor or a tag before the value: the key opens only when its value is below
    ("a: &one\n  b: 1\nc: !!str x\nd:\n  - e\n", 10,
     [(0, 0, None, "a", True), (1, 2, None, "b", False), (2, 0, None, "c", False), (3, 0, None, "d", True),
      (4, 4, 2, None, False)]),
    # a flow collection over several lines holds no entries; after it, block structure again
    ("a: [1,\n  2]\nb:\n  c: 1\n", 10, [(0, 0, None, "a", False), (2, 0, None, "b", True), (3, 2, None, "c", False)]),
    ("- [a,\n   b]\n- c: 1\n", 10, [(0, 2, 0, None, False), (2, 2, 0, "c", False)]),
    ("a: {x: [1, 2], y: 3}\nb: 2\n", 10, [(0, 0, None, "a", False), (1, 0, None, "b", False)]),
    ("a: 1\nb:\n  c: 2\nd: 3\n", 2, [(0, 0, None, "a", False), (1, 0, None, "b", True), (2, 2, None, "c", False)]),
])
def test_the_entries_before_an_error_are_the_keys_and_items_that_start_lines(loader: type, text: str, stop: int,
                                                                             entries: list[Entry]) -> None:
    found = indentation._entries(text, stop, loader)
    assert [(e.line, e.column, e.dash, e.key, e.opens) for e in found] == entries
