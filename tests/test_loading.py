"""The loader (generator/loading.py) and the checked whole (generator/content.py)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator import loading
from generator.content import Content, load_content, load_valid_content
from generator.kinds import LAYOUT
from generator.loading import DEFAULT_LOADER, Document, InvalidYaml, Positions, find_files, parse_yaml, read_yaml
from generator.problems import ContentError, display_path
from tools import time_limit

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest) -> type:
    return request.param


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(MINIMAL, copy)
    return copy


def lines(problems) -> list[str]:
    return [str(p) for p in problems]


# --- which YAML loader --------------------------------------------------------------------

def test_the_c_loader_is_used_when_pyyaml_has_it() -> None:
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert DEFAULT_LOADER is expected


def test_both_loaders_read_every_fixture_file_the_same() -> None:
    if len(LOADERS) < 2:
        pytest.fail("PyYAML was built without libyaml; the C loader cannot be compared")
    files = sorted(MINIMAL.rglob("*.yaml"))
    assert len(files) == 10
    for path in files:
        c, python = read_yaml(path, yaml.CSafeLoader), read_yaml(path, yaml.SafeLoader)
        assert c.data == python.data, path
        assert c.issues == python.issues == [], path


HOSTILE_TEXTS = {
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "python tag": "a: !!python/object/apply:os.system ['true']\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n",
    "bool spellings": "a: [true, false, yes, no, on, off, True, NO, y, n]\n",
    "big number": "a: " + "9" * 40 + "\n",
}


@pytest.mark.parametrize("name", HOSTILE_TEXTS)
def test_both_loaders_agree_on_data_and_issues(name: str) -> None:
    results = [parse_yaml(HOSTILE_TEXTS[name], loader) for loader in LOADERS]
    first = results[0]
    for other in results[1:]:
        assert other.data == first.data
        assert [(i.line, i.column, i.message, i.hint) for i in other.issues] == \
               [(i.line, i.column, i.message, i.hint) for i in first.issues]


# --- YAML to data -------------------------------------------------------------------------

def test_booleans_stay_the_words_the_editor_wrote(loader: type) -> None:
    data = parse_yaml("- id: true\n- id: false\n- rating: off\n- [yes, no, on, True, NO]\n", loader).data
    assert data == [{"id": "true"}, {"id": "false"}, {"rating": "off"}, ["yes", "no", "on", "True", "NO"]]


def test_scalars_become_plain_python_values(loader: type) -> None:
    data = parse_yaml("d: 2016-09-17\nn: 5\nf: 1.5\nz: ~\ns: '5'\nbad_date: 2016-02-30\n", loader).data
    assert data == {"d": dt.date(2016, 9, 17), "n": 5, "f": 1.5, "z": None, "s": "5", "bad_date": "2016-02-30"}


def test_duplicate_keys_are_reported_at_the_second_key(loader: type) -> None:
    parsed = parse_yaml("a: 1\nb:\n  c: 2\n  c: 3\n", loader)
    assert [(i.line, i.column, i.message) for i in parsed.issues] == [
        (4, 3, "duplicate key 'c' (YAML would silently keep only the last one)")]
    assert parsed.data == {"a": 1, "b": {"c": 2}}


def test_no_arbitrary_object_is_constructed(loader: type, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\nb: !!python/name:os.system ''\n"
    parsed = parse_yaml(text, loader)
    assert not marker.exists()
    assert parsed.data == {"a": [f"touch {marker}"], "b": ""}
    assert [i.message for i in parsed.issues] == [
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
        "unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'"]


def test_sets_and_binary_are_refused(loader: type) -> None:
    parsed = parse_yaml("a: !!set {x}\nb: !!binary aGk=\nc: !custom x\n", loader)
    assert [(i.line, i.message) for i in parsed.issues] == [
        (1, "unsupported YAML tag 'tag:yaml.org,2002:set'"),
        (2, "unsupported YAML tag 'tag:yaml.org,2002:binary'"),
        (3, "unsupported YAML tag '!custom'")]


def test_keys_must_be_plain(loader: type) -> None:
    parsed = parse_yaml("? [a, b]\n: 1\n", loader)
    assert [(i.line, i.column, i.message) for i in parsed.issues] == [
        (1, 3, "a key must be a plain word, not a list or mapping")]


@pytest.mark.parametrize("text, line, column, message", [
    ('a: "open\n', 2, 1, "YAML syntax error: while scanning a quoted scalar, found unexpected end of stream "
                         "(it starts at line 1, column 4)"),
    ("a: 1\n---\nb: 2\n", 2, 1, "YAML syntax error: expected a single document in the stream, but found another document"),
    ("a: [1, 2\nb: 3\n", 2, 2, None),
])
def test_syntax_errors_give_a_position(loader: type, text: str, line: int, column: int, message: str | None) -> None:
    with pytest.raises(InvalidYaml) as error:
        parse_yaml(text, loader)
    assert (error.value.line, error.value.column) == (line, column)
    assert error.value.message.startswith("YAML syntax error: ")
    if message:
        assert error.value.message == message


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n   \n"])
def test_an_empty_file_is_an_error(loader: type, text: str) -> None:
    with pytest.raises(InvalidYaml, match="file is empty"):
        parse_yaml(text, loader)


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("title: Café\npublisher: Caf".encode() + b"\xe9\n")
    with pytest.raises(InvalidYaml) as error:
        read_yaml(path)
    assert (error.value.line, error.value.column, error.value.message) == (2, 15, "bytes that are not UTF-8 (byte 0xe9)")


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: X\n")
    assert read_yaml(path).data == {"name": "X"}


# --- bounded work on hostile input ----------------------------------------------------------

def billion_laughs(levels: int = 9) -> str:
    text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, levels + 1):
        name, previous = chr(97 + i), chr(96 + i)
        text += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    return text


@pytest.mark.parametrize("text, message", [
    (billion_laughs(), "document is too large (more than 100000 values after expanding aliases)"),
    ("a: " + "[" * 100_000 + "]" * 100_000, "document is nested more than 64 levels deep"),
    ("a: " + "{a: " * 100_000 + "}" * 100_000, "document is nested more than 64 levels deep"),
    ("".join(" " * i + "a:\n" for i in range(1500)), "document is nested more than 64 levels deep"),
])
@pytest.mark.timing
def test_hostile_documents_are_refused_quickly(loader: type, text: str, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidYaml) as error:
        parse_yaml(text, loader)
    assert time.perf_counter() - started < time_limit(2)
    assert error.value.message == message


@pytest.mark.parametrize("text, position", [
    ("a: " + "[" * 63 + "]" * 63, None),  # the mapping and 63 lists: 64 levels, the limit
    ("a: " + "[" * 64 + "]" * 64, (1, 67)),  # at the 65th level
    ("a: " + "[" * 60 + "1], " + "[" * 6 + "2" + "]" * 6 + "]" * 59, (1, 72)),  # leaving one level keeps the rest
    ("a:\n" + "".join(" " * (i + 1) + "b:\n" for i in range(70)), (65, 65)),
])
def test_nesting_is_refused_at_the_level_that_passes_the_limit(loader: type, text: str,
                                                                 position: tuple[int, int] | None) -> None:
    if position is None:
        assert parse_yaml(text, loader).data["a"]
        return
    with pytest.raises(InvalidYaml) as error:
        parse_yaml(text, loader)
    assert (error.value.line, error.value.column, error.value.message) == (
        *position, "document is nested more than 64 levels deep")


def test_nesting_past_libyaml_own_limit_is_reported_as_ours() -> None:
    # libyaml stops at 1,000 levels while scanning ahead, before the events reach our count.
    with pytest.raises(InvalidYaml) as error:
        parse_yaml("a: " + "[" * 1100 + "]" * 1100, yaml.CSafeLoader)
    assert (error.value.line, error.value.column, error.value.message) == (
        1, 1003, "document is nested more than 64 levels deep")


@pytest.mark.parametrize("text, message, hint", [
    ("a: b: c", "mapping values are not allowed here", "put text that contains ': ' in quotes"),
    ('a: "open\nb: c\n\nd: e', "while scanning a quoted scalar, found unexpected end of stream (it starts at line 1, "
     "column 4)", "a quote or bracket is not closed"),
    ("key: [a, b", "while parsing a flow sequence, expected ',' or ']', but got '<stream end>'", None),  # one line
])
def test_syntax_errors_say_what_was_being_read(text: str, message: str, hint: str | None) -> None:
    with pytest.raises(InvalidYaml) as error:
        parse_yaml(text, yaml.SafeLoader)
    assert (error.value.message, error.value.hint) == (f"YAML syntax error: {message}", hint)


def test_a_syntax_error_without_a_position_is_placed_at_the_start() -> None:
    found = loading._syntax_error(yaml.MarkedYAMLError(problem="something odd"))
    assert (found.line, found.column, found.message) == (1, 1, "YAML syntax error: something odd")


@pytest.mark.parametrize("text, slug", [
    ("Hello, World!", "hello-world"), ("--Trimmed--", "trimmed"), ("!!!", "item"),
    ("a" * 79 + " b" + "c" * 30, "a" * 79),  # cut at 80 characters, then at the hyphen left at the end
])
def test_slugs_for_hints(text: str, slug: str) -> None:
    assert loading.slugify(text) == slug


@pytest.mark.parametrize("text, position, code", [
    ("a: ok\nb: x\x07y\n", (2, 5), "U+0007"), ("\x07a: b", (1, 1), "U+0007"),
    ("a: \x07\nb: \x07", (1, 4), "U+0007"), ("a: \ufffe", (1, 4), "U+FFFE"),
])
def test_characters_yaml_does_not_allow_are_found_where_they_are(loader: type, text: str,
                                                                  position: tuple[int, int], code: str) -> None:
    with pytest.raises(InvalidYaml) as error:
        parse_yaml(text, loader)
    assert (error.value.line, error.value.column, error.value.message) == (
        *position, f"character {code} is not allowed in YAML")
    assert error.value.hint == 'remove it, or write it as an escape in double quotes, e.g. "\\x07"'


@pytest.mark.parametrize("number", ["1" + "0" * 100_000, "0x" + "f" * 100_000, "1" + ":59" * 30_000,
                                    "1" + "0" * 31, "1.0e+" + "9" * 30])
@pytest.mark.timing
def test_huge_numbers_are_refused_not_converted(loader: type, number: str) -> None:
    started = time.perf_counter()
    parsed = parse_yaml(f"a: {number}\nb: 5\n", loader)
    assert time.perf_counter() - started < time_limit(2)
    assert parsed.data == {"a": None, "b": 5}
    assert [(i.line, i.column) for i in parsed.issues] == [(1, 4)]
    assert parsed.issues[0].message == f"number is too long ({len(number)} characters, the limit is 30)"


def test_infinite_floats_stay_numbers_for_the_model_to_refuse(loader: type) -> None:
    assert parse_yaml("a: 1.0e+999999\n", loader).data == {"a": float("inf")}


@pytest.mark.timing
def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 10_000_000)
    started = time.perf_counter()
    with pytest.raises(InvalidYaml, match=r"file is too large \(10000003 bytes, the limit is 2000000\)"):
        read_yaml(path)
    assert time.perf_counter() - started < time_limit(2)


@pytest.mark.timing
def test_a_file_just_under_the_limit_loads_in_time(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text("claim: " + "word " * 390_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    assert read_yaml(path).data["claim"].startswith("word word")
    assert time.perf_counter() - started < time_limit(2)


# --- positions ----------------------------------------------------------------------------

NESTED = """\
claim: x
verdict:
  rating: false
  evidence:
    - source: a
    - source: b
      quote: "q"
"""


@pytest.mark.parametrize("loc, key, expected", [
    (("claim",), False, (1, 8)),
    (("claim",), True, (1, 1)),
    (("verdict", "rating"), False, (3, 11)),
    (("verdict", "rating"), True, (3, 3)),
    (("verdict", "evidence", 1, "quote"), False, (7, 14)),
    (("verdict", "evidence", 1, "quote"), True, (7, 7)),
    (("verdict", "evidence", 1), False, (6, 7)),
    (("verdict", "missing"), False, (3, 3)),  # absent: the mapping that lacks it
    (("verdict", "evidence", 9, "source"), False, (5, 5)),
    ((), False, (1, 1)),
])
def test_locate_points_at_the_value_or_its_key(loc, key: bool, expected: tuple[int, int]) -> None:
    assert Positions(parse_yaml(NESTED).node).locate(loc, key=key) == expected


# --- finding files ------------------------------------------------------------------------

def test_yaml_and_yml_both_load_and_ids_come_from_stems(tree: Path) -> None:
    (tree / "claimants" / "jane-doe.yaml").rename(tree / "claimants" / "jane-doe.yml")
    files, problems = find_files(tree, LAYOUT)
    assert problems == []
    assert {(f.kind, f.id) for f in files if f.kind == "claimants"} == {
        ("claimants", "defence-ministry"), ("claimants", "jane-doe")}
    content, problems = load_content(tree)
    assert not problems.errors
    assert content.claimants["jane-doe"].name == "Jane Doe"
    assert content.path_of("claimants", "jane-doe").name == "jane-doe.yml"


def test_files_that_are_not_yaml_and_hidden_files_are_ignored(tree: Path) -> None:
    (tree / "README.md").write_text("# notes: [\n")
    (tree / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1\xff")
    (tree / "claims" / ".DS_Store").write_bytes(b"\xff")
    (tree / "claims" / ".draft.yaml").write_text("{{{")
    (tree / "claims" / ".hidden").mkdir()
    (tree / "claims" / ".hidden" / "x.yaml").write_text("{{{")
    (tree / "sources" / "notes.txt").write_text("{{{")
    _, problems = load_content(tree)
    assert lines(problems) == []


def test_nested_folders_are_read(tree: Path) -> None:
    (tree / "sources" / "2016").mkdir()
    (tree / "sources" / "interview-2016-09-20.yaml").rename(tree / "sources" / "2016" / "interview-2016-09-20.yaml")
    content, problems = load_content(tree)
    assert lines(problems) == []
    assert "interview-2016-09-20" in content.sources


def test_stray_files_and_folders_are_warned_about(tree: Path) -> None:
    (tree / "notes.yaml").write_text("a: 1\n")
    (tree / "settings.yaml").write_text("a: 1\n")  # not close enough to ratings.yaml to be a misspelling
    (tree / "drafts").mkdir()
    (tree / "drafts" / "x.yaml").write_text("a: 1\n")
    (tree / "images").mkdir()
    (tree / "images" / "logo.png").write_bytes(b"\x89PNG")
    (tree / "notes.yaml.bak").write_text("a: 1\n")
    _, problems = load_content(tree)
    assert lines(problems) == [
        f"{_shown(tree / 'drafts')}:1:1: warning: folder 'drafts' is not read "
        "(hint: content folders are claimants, people, sources, claims, reports)",
        f"{_shown(tree / 'notes.yaml')}:1:1: warning: 'notes.yaml' is not a content file and is not read "
        "(hint: move it into one of claimants, people, sources, claims, reports/)",
        f"{_shown(tree / 'settings.yaml')}:1:1: warning: 'settings.yaml' is not a content file and is not read "
        "(hint: move it into one of claimants, people, sources, claims, reports/)",
    ]


@pytest.mark.parametrize("name, meant", [("claim", "claims"), ("Sources", "sources"), ("report", "reports"),
                                         ("claimant", "claimants"), ("CLAIMS", "claims"), ("sourcse", "sources")])
def test_a_folder_named_almost_like_a_content_folder_is_an_error(tree: Path, name: str, meant: str) -> None:
    (tree / name / "2016").mkdir(parents=True)
    (tree / name / "2016" / "x.yaml").write_text("a: 1\n")
    _, problems = load_content(tree)
    assert lines(problems) == [f"{_shown(tree / name)}:1:1: error: folder '{name}' is not read "
                               f"(hint: did you mean '{meant}/'?)"]


def test_a_folder_named_almost_like_a_content_folder_without_content_is_ignored(tree: Path) -> None:
    (tree / "claim").mkdir()
    (tree / "claim" / "notes.txt").write_text("x\n")
    _, problems = load_content(tree)
    assert lines(problems) == []


def test_the_content_folder_itself_under_another_case_is_no_near_miss(tree: Path) -> None:
    # What a file system that ignores case shows: `Sources` and `Ratings.yaml` are the files read.
    (tree / "Sources").symlink_to(tree / "sources", target_is_directory=True)
    (tree / "Ratings.yaml").symlink_to(tree / "ratings.yaml")
    _, problems = load_content(tree)
    assert lines(problems) == []


@pytest.mark.parametrize("name, message, hint", [
    ("Ratings.yaml", "'Ratings.yaml' is not a content file and is not read", "'ratings.yaml' is beside it: if this "
                                                                            "is an old copy, delete it or move it out "
                                                                            "of the content folder"),
    ("ratings.yaml.bak", "'ratings.yaml.bak' is not a content file and is not read", "'ratings.yaml' is beside it: "
                                                                                    "if this is an old copy, delete it "
                                                                                    "or move it out of the content "
                                                                                    "folder"),
    ("rating.yml", "'rating.yml' is not a content file and is not read", "did you mean 'ratings.yml'?"),
])
def test_a_file_named_almost_like_ratings_yaml_is_an_error(tree: Path, name: str, message: str, hint: str) -> None:
    (tree / name).write_text("- id: x\n")
    _, problems = load_content(tree)
    assert [(p.path, p.severity, p.message, p.hint) for p in problems] == [(_shown(tree / name), "error", message, hint)]


@pytest.mark.parametrize("name, meant", [
    ("orphan.yaml.txt", "orphan.yaml"), ("orphan.yml.bak", "orphan.yml"), ("orphan.yaml~", "orphan.yaml"),
    ("orphan.yaml ", "orphan.yaml"), ("orphan.yaml  ~", "orphan.yaml"), ("Orphan Claim.YAML.txt", "orphan-claim.yaml"),
])
def test_a_file_named_almost_like_a_content_file_is_an_error(tree: Path, name: str, meant: str) -> None:
    (tree / "claims" / "2016").mkdir()
    (tree / "claims" / "2016" / name).write_text("claim: x\n")
    content, problems = load_content(tree)
    assert [(p.path, p.message, p.hint) for p in problems] == [
        (_shown(tree / "claims" / "2016" / name),
         f"file name '{name}' is not read: content files end in .yaml or .yml", f"did you mean '{meant}'?")]
    assert len(content.claims) == 3


def test_a_file_name_in_capitals_is_an_error_naming_the_file_meant(tree: Path) -> None:
    (tree / "claimants" / "X.YAML").write_text("name: X\nkind: person\n")
    (tree / "claimants" / "jane-doe.YAML").write_text("name: X\nkind: person\n")
    files, problems = find_files(tree, LAYOUT)
    assert [(p.message, p.hint) for p in problems] == [
        ("file name 'X.YAML' is not read: content files end in .yaml or .yml, in lowercase", "did you mean 'x.yaml'?"),
        ("file name 'jane-doe.YAML' is not read: content files end in .yaml or .yml, in lowercase",
         "'jane-doe.yaml' is beside it: if this is an old copy, delete it or move it out of the content folder")]
    assert {f.path.name for f in files} >= {"jane-doe.yaml"}
    assert not {"X.YAML", "jane-doe.YAML"} & {f.path.name for f in files}


def test_a_backup_beside_its_file_is_named_as_a_copy(tree: Path) -> None:
    shutil.copy(tree / "claimants" / "jane-doe.yaml", tree / "claimants" / "jane-doe.yaml.orig")
    _, problems = load_content(tree)
    assert [p.hint for p in problems] == [
        "'jane-doe.yaml' is beside it: if this is an old copy, delete it or move it out of the content folder"]


@pytest.mark.parametrize("name", [".jane-doe.yaml.swp", ".#jane-doe.yaml", "#jane-doe.yaml#", "notes.txt", "README.md",
                                  "jane-doe.yaml-notes.md", ".yaml.txt"])
def test_editors_swap_files_and_other_files_stay_ignored(tree: Path, name: str) -> None:
    (tree / "claimants" / name).write_text("{{{")
    _, problems = load_content(tree)
    assert lines(problems) == []


@pytest.mark.parametrize("name, meant", [
    ("x.yaml.txt", "x.yaml"), ("x.yml~", "x.yml"), ("x.yaml ", "x.yaml"), ("X.YAML", "x.yaml"), ("A b.yml.bak", "a-b.yml"),
    ("x.yaml", "x.yaml"), (".x.yaml.swp", None), ("x.txt", None), ("x.yamlx", None), (".yaml", None), ("x.yaml#", None),
])
def test_the_name_meant(name: str, meant: str | None) -> None:
    assert loading.meant_name(name) == meant


def _shown(path: Path) -> str:
    return display_path(path)


@pytest.mark.parametrize("name, suggestion", [
    ("Toll 62.yaml", "toll-62.yaml"), ("UPPER.yaml", "upper.yaml"), ("-dash.yaml", "dash.yaml"),
    ("a" * 81 + ".yaml", "a" * 80 + ".yaml"), ("é.yml", "item.yaml"),
])
def test_file_names_that_are_not_ids_are_errors(tree: Path, name: str, suggestion: str) -> None:
    (tree / "claimants" / name).write_text("name: X\nkind: person\n", encoding="utf-8")
    files, problems = find_files(tree, LAYOUT)
    assert name.lower() not in {f.path.name for f in files}
    assert [(p.message, p.hint) for p in problems] == [
        (f"file name '{loading.shorten(name)}' is not a valid id",
         f"ids are lowercase letters, digits and hyphens, e.g. '{suggestion}'")]


def test_two_files_with_one_id_are_an_error(tree: Path) -> None:
    shutil.copy(tree / "claimants" / "jane-doe.yaml", tree / "claimants" / "jane-doe.yml")
    content, problems = load_content(tree)
    assert [(p.path.rsplit("/", 2)[-2:], p.message) for p in problems.errors] == [
        (["claimants", "jane-doe.yml"], f"id 'jane-doe' is also given by {_shown(tree / 'claimants' / 'jane-doe.yaml')}")]
    assert content.path_of("claimants", "jane-doe").name == "jane-doe.yaml"


def test_two_ratings_files_are_an_error(tree: Path) -> None:
    shutil.copy(tree / "ratings.yaml", tree / "ratings.yml")
    _, problems = load_content(tree)
    assert [p.message for p in problems.errors] == [
        f"the verdict scale is also given by {_shown(tree / 'ratings.yaml')}"]


def test_symlinks_inside_the_content_folder_are_followed_for_files_not_folders(tree: Path) -> None:
    (tree / "claimants" / "alias.yaml").symlink_to(tree / "claimants" / "jane-doe.yaml")
    (tree / "archive").mkdir()
    (tree / "archive" / "old.yaml").write_text("name: Old\nkind: person\n")
    (tree / "claimants" / "archive").symlink_to(tree / "archive", target_is_directory=True)
    content, problems = load_content(tree)
    assert "alias" in content.claimants
    assert "old" not in content.claimants
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "folder 'archive' is not read"),
        ("warning", "symlinked folder is not read"),
    ]
    assert [p.hint for p in problems][1] == "move the files here instead of linking"


def test_symlinks_outside_the_content_folder_are_errors(tree: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: X\nkind: person\n")
    (tree / "claimants" / "x.yaml").symlink_to(outside)
    (tree / "claimants" / "relative.yaml").symlink_to(Path("..") / ".." / "outside.yaml")
    (tree / "claimants" / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    content, problems = load_content(tree)
    assert not {"x", "relative", "gone"} & set(content.claimants)
    assert sorted(p.message for p in problems.errors) == [
        "symlink points outside the content folder: ../../outside.yaml",
        f"symlink points outside the content folder: {tmp_path / 'missing.yaml'}",
        f"symlink points outside the content folder: {outside}",
    ]


def test_ratings_and_kind_folders_that_link_outside_are_errors(tree: Path, tmp_path: Path) -> None:
    shutil.move(tree / "ratings.yaml", tmp_path / "ratings.yaml")
    (tree / "ratings.yaml").symlink_to(tmp_path / "ratings.yaml")
    shutil.move(tree / "reports", tmp_path / "reports")
    (tree / "reports").symlink_to(tmp_path / "reports", target_is_directory=True)
    _, problems = load_content(tree)
    messages = [p.message for p in problems.errors]
    assert f"symlink points outside the content folder: {tmp_path / 'ratings.yaml'}" in messages
    assert f"symlink points outside the content folder: {tmp_path / 'reports'}" in messages
    assert "ratings.yaml is missing" not in messages


def test_a_symlink_loop_is_an_error_not_a_hang(tree: Path) -> None:
    (tree / "claimants" / "a.yaml").symlink_to(tree / "claimants" / "b.yaml")
    (tree / "claimants" / "b.yaml").symlink_to(tree / "claimants" / "a.yaml")
    _, problems = load_content(tree)
    assert [p.message for p in problems.errors] == ["cannot read file: Too many levels of symbolic links"] * 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_not_opened(tree: Path) -> None:
    os.mkfifo(tree / "claims" / "pipe.yaml")
    _, problems = load_content(tree)
    assert [p.message for p in problems.errors] == ["not a regular file"]


# --- the checked whole --------------------------------------------------------------------

def test_the_minimal_tree_loads_completely() -> None:
    content, problems = load_valid_content(MINIMAL)
    assert len(problems) == 0
    assert list(content.ratings) == ["true", "mostly-true", "mixed", "mostly-false", "false", "unproven"]
    assert (content.best_value, content.worst_value) == (5, 1)
    assert content.ratings["unproven"].value is None
    assert sorted(content.claimants) == ["defence-ministry", "jane-doe"]
    assert len(content.sources) == 3
    claim = content.claims["toll-62-killed"]
    assert claim.verdict.rating == "unproven"
    assert claim.tags == ["casualties", "air-strike"]
    assert claim.last_updated == dt.date(2026, 11, 22)
    assert content.claims["strike-was-halted"].verdict.rating == "true"
    assert content.claims["no-civilians-nearby"].verdict.rating == "false"
    assert content.reports["briefing-review"].claims == ["strike-was-halted", "toll-62-killed", "no-civilians-nearby"]
    assert [c.id for c in content.claims_citing()["investigation-2016-11-29"]] == [
        "no-civilians-nearby", "strike-was-halted", "toll-62-killed"]
    assert [r.id for r in content.reports_of()["toll-62-killed"]] == ["briefing-review"]
    assert content.path_of("ratings", "false") == MINIMAL / "ratings.yaml"


def test_load_valid_content_raises_with_every_error(tree: Path) -> None:
    claim = tree / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text().replace("claimant: defence-ministry", "claimant: defense-ministry")
                     .replace("rating: unproven", "rating: unprovn") + "extra: 1\n")
    with pytest.raises(ContentError) as error:
        load_valid_content(tree)
    assert [p.message for p in error.value.problems.errors] == [
        "unknown claimant 'defense-ministry'", "unknown rating 'unprovn'", "unknown field 'extra'"]
    assert "3 error(s) in content" in str(error.value)


def test_references_are_checked_in_files_with_other_errors(tree: Path) -> None:
    report = tree / "reports" / "briefing-review.yaml"
    report.write_text(report.read_text().replace("published: 2026-11-22", "published: soon")
                      .replace("  - toll-62-killed", "  - toll-62-kiled"))
    _, problems = load_content(tree)
    assert [(p.line, p.column, p.message, p.hint) for p in problems.errors] == [
        (3, 12, "field 'published': invalid date 'soon'", "dates are written YYYY-MM-DD"),
        (8, 5, "unknown claim 'toll-62-kiled'", "did you mean 'toll-62-killed'?"),
    ]


def test_an_id_whose_file_is_broken_is_still_known(tree: Path) -> None:
    (tree / "sources" / "investigation-2016-11-29.yaml").write_text("title: [unclosed\n")
    _, problems = load_content(tree)
    assert [p.message.split(",")[0] for p in problems.errors] == ["YAML syntax error: while parsing a flow sequence"]


def test_ratings_values_and_ids_must_be_unique(tree: Path) -> None:
    ratings = tree / "ratings.yaml"
    ratings.write_text(ratings.read_text() + "- id: true\n  label: Again\n  description: x\n"
                       "- id: again\n  label: Again\n  value: 5\n  description: x\n")
    content, problems = load_content(tree)
    assert [(p.line, p.column, p.message) for p in problems.errors] == [
        (31, 7, "duplicate rating id 'true'"),
        (36, 10, "rating value 5 is also the value of 'true'"),
    ]
    assert content.ratings["true"].label == "True"


def test_an_empty_scale_and_a_missing_scale_are_errors(tree: Path) -> None:
    (tree / "ratings.yaml").write_text("[]\n")
    _, problems = load_content(tree)
    assert "ratings.yaml lists no ratings" in [p.message for p in problems.errors]
    (tree / "ratings.yaml").unlink()
    _, problems = load_content(tree)
    assert [p.message for p in problems.errors] == ["ratings.yaml is missing"]


def test_an_id_written_in_a_one_entity_file_is_refused(tree: Path) -> None:
    path = tree / "claimants" / "jane-doe.yaml"
    path.write_text("id: john\n" + path.read_text())
    content, problems = load_content(tree)
    assert [(p.line, p.column, p.message) for p in problems.errors] == [
        (1, 1, "unknown field 'id': the id comes from the file name")]
    assert "john" not in content.claimants


def test_warnings_do_not_fail_and_name_the_loose_end(tree: Path) -> None:
    claim = tree / "claims" / "strike-was-halted.yaml"
    claim.write_text(claim.read_text().replace("published: 2026-11-20", "published: 2016-09-16"))
    report = tree / "reports" / "briefing-review.yaml"
    report.write_text(report.read_text().replace("  - strike-was-halted\n", ""))
    (tree / "sources" / "unused.yaml").write_text("title: T\npublisher: P\nurl: https://example.org/\nkind: other\n")
    content, problems = load_content(tree)
    assert not problems.errors
    assert [(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in problems.warnings] == [
        ("strike-was-halted.yaml", 1, "claim 'strike-was-halted' is in no report"),
        ("strike-was-halted.yaml", 10, "verdict published 2016-09-16 before the claim was made (2016-09-17)"),
        ("unused.yaml", 1, "source 'unused' is cited by no claim or report"),
        ("unused.yaml", 3, "source 'unused' has no archive_url (an archived copy)"),
    ]
    assert isinstance(content, Content) and len(content.claims) == 3


def test_a_missing_or_non_folder_content_path_is_one_clear_error(tmp_path: Path) -> None:
    _, problems = load_content(tmp_path / "nowhere")
    assert [p.message for p in problems] == ["content folder does not exist"]
    (tmp_path / "file.yaml").write_text("a: 1\n")
    _, problems = load_content(tmp_path / "file.yaml")
    assert [p.message for p in problems] == ["not a folder"]


# --- bounded work on many problems, files and folders -------------------------------------

@pytest.mark.timing
def test_locating_each_of_49000_unknown_keys_takes_linear_time(tmp_path: Path) -> None:
    # 49,000 keys and their values: just under the document's budget of 100,000 values.
    count = 49_000
    text = "name: X\n" + "".join(f"k{i}: 1\n" for i in range(count)) + "k7: again\n"
    parsed = parse_yaml(text)
    document = Document(tmp_path / "x.yaml", "claimants", "x", parsed.data, parsed.node)
    started = time.perf_counter()
    problems = [document.problem((f"k{i}",), "unknown field", key=True) for i in range(count)]
    assert time.perf_counter() - started < time_limit(3)  # scanning the keys for each one took minutes
    assert [(p.line, p.column) for p in problems] == [(i + 2, 1) for i in range(count)]
    assert document.problem(("k7",), "duplicate").line == 9  # a repeated key: its first occurrence
    assert document.problem(("name",), "x").column == 7


def test_positions_are_found_again_after_the_nodes_are_let_go(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(NESTED)
    parsed = read_yaml(path)
    document = Document(path, "claims", "x", parsed.data, parsed.node)
    assert (document.problem(("verdict", "rating"), "m").line, document.problem(("claim",), "m").column) == (3, 8)
    document.release(data=True)
    assert document.node is None and document._positions is None
    assert (document.problem(("verdict", "evidence", 1, "quote"), "m", key=True).line,
            document.problem(("verdict", "evidence", 1, "quote"), "m", key=True).column) == (7, 7)


@pytest.fixture
def deep_folder(tree: Path) -> Iterator[Path]:
    """sources/a/a/…/a, 1,200 folders deep; removed one level at a time, since shutil.rmtree (which
    pytest uses on old temporary folders) recurses once per level and would fail on it."""
    folder = top = tree / "sources"
    for _ in range(1_200):  # mkdir(parents=True) recurses too
        folder /= "a"
        folder.mkdir()
    yield folder
    while folder != top:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
        folder = folder.parent


def test_folders_nested_a_thousand_deep_are_read_without_recursion(tree: Path, deep_folder: Path) -> None:
    shutil.copy(tree / "sources" / "interview-2016-09-20.yaml", deep_folder / "deep.yaml")
    files, problems = find_files(tree, LAYOUT)
    assert problems == []
    assert [f.path for f in files if f.id == "deep"] == [deep_folder / "deep.yaml"]


def test_files_are_found_in_path_order_across_subfolders(tree: Path) -> None:
    for name in ("b/z.yaml", "b/a.yaml", "a1.yaml", "c.yaml", "b2/x.yaml", "a/y.yaml"):
        (tree / "claimants" / name).parent.mkdir(exist_ok=True)
        (tree / "claimants" / name).write_text("name: X\nkind: person\n")
    files, _ = find_files(tree, LAYOUT)
    assert [f.path.relative_to(tree / "claimants").as_posix() for f in files if f.kind == "claimants"] == [
        "a/y.yaml", "a1.yaml", "b/a.yaml", "b/z.yaml", "b2/x.yaml", "c.yaml", "defence-ministry.yaml", "jane-doe.yaml"]


# --- subfolder names ----------------------------------------------------------------------

@pytest.mark.parametrize("name, suggestion", [
    ('x" onfocus="alert(1)', "x-onfocus-alert-1"), ("Old Notes", "old-notes"), ("2016 Q3", "2016-q3"),
    ("-drafts", "drafts"), ("<b>", "b"), ("é", "item"),
])
def test_subfolder_names_that_are_not_ids_are_refused_with_their_files(tree: Path, name: str, suggestion: str) -> None:
    folder = tree / "sources" / name
    folder.mkdir()
    shutil.copy(tree / "sources" / "interview-2016-09-20.yaml", folder / "elsewhere.yaml")
    (folder / "ok").mkdir()
    shutil.copy(tree / "sources" / "interview-2016-09-20.yaml", folder / "ok" / "deeper.yaml")
    content, problems = load_content(tree)
    assert lines(problems) == [
        f"{_shown(folder)}:1:1: error: folder name '{name}' is not a valid id, so its files are not read "
        f"(hint: folder names follow the rule of ids: lowercase letters, digits and hyphens, e.g. '{suggestion}')"]
    assert not {"elsewhere", "deeper"} & set(content.sources)


def test_a_badly_named_folder_deeper_down_is_refused_too(tree: Path) -> None:
    folder = tree / "claimants" / "2016" / "Q3"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text("name: X\nkind: person\n")
    (tree / "claimants" / "2016" / "y.yaml").write_text("name: Y\nkind: person\n")
    files, problems = find_files(tree, LAYOUT)
    assert [(p.path, p.message) for p in problems] == [
        (_shown(folder), "folder name 'Q3' is not a valid id, so its files are not read")]
    assert {f.id for f in files if f.kind == "claimants"} == {"defence-ministry", "jane-doe", "y"}


def test_a_badly_named_folder_without_content_files_is_ignored(tree: Path) -> None:
    (tree / "claims" / "Images").mkdir()
    (tree / "claims" / "Images" / "chart.png").write_bytes(b"\x89PNG")
    (tree / "claims" / "Old Drafts" / ".hidden").mkdir(parents=True)
    (tree / "claims" / "Old Drafts" / ".hidden" / "x.yaml").write_text("claim: x\n")
    (tree / "claims" / "Empty").mkdir()
    _, problems = load_content(tree)
    assert lines(problems) == []


def test_a_subfolder_may_be_named_like_an_id(tree: Path) -> None:
    (tree / "claims" / "2016" / "q3-archive").mkdir(parents=True)
    (tree / "claims" / "toll-62-killed.yaml").rename(tree / "claims" / "2016" / "q3-archive" / "toll-62-killed.yaml")
    content, problems = load_content(tree)
    assert lines(problems) == []
    assert content.path_of("claims", "toll-62-killed").parent.name == "q3-archive"
