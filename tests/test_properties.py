"""Property-based tests: plain text survives loading exactly, and no input crashes the loader.

Plain-text fields keep the editor's text exactly, except that leading and trailing whitespace
is stripped (documented in generator/model.py): a loaded value equals `text.strip()`, and
text that is only whitespace is an error, never a crash.
"""

from __future__ import annotations

import os

import shutil
import unicodedata
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import load_content
from generator.loading import InvalidYaml, parse_yaml
from generator.model import field_path

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"

# Every character YAML can carry: surrogates cannot be encoded at all. Written raw (UTF-8),
# NEL (U+0085) is a line break inside a quoted scalar, which PyYAML's emitter leaves unescaped
# and YAML then folds into a space; escaped (the emitter's default), everything survives.
# Text fields refuse C0 controls (but tab and line breaks), DEL and bidi overrides (generator.model).
HIDDEN_CONTROLS = "".join(map(chr, [*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f,
                                    *range(0x202a, 0x202f), *range(0x2066, 0x206a)]))
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=HIDDEN_CONTROLS), max_size=80)
RAW_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85" + HIDDEN_CONTROLS),
                   max_size=80)

WHITESPACE = [chr(code) for code in range(0x3001) if chr(code).isspace()]  # none above U+3000

# (file, path to the field, how to read it back from Content)
PLAIN_FIELDS: dict[str, tuple[str, tuple[Any, ...], Any]] = {
    "claim": ("claims/toll-62-killed.yaml", ("claim",), lambda c: c.claims["toll-62-killed"].claim),
    "context": ("claims/toll-62-killed.yaml", ("context",), lambda c: c.claims["toll-62-killed"].context),
    "summary": ("claims/toll-62-killed.yaml", ("verdict", "summary"),
                lambda c: c.claims["toll-62-killed"].verdict.summary),
    "quote": ("claims/toll-62-killed.yaml", ("verdict", "evidence", 0, "quote"),
              lambda c: c.claims["toll-62-killed"].verdict.evidence[0].quote),
    "evidence note": ("claims/toll-62-killed.yaml", ("verdict", "evidence", 0, "note"),
                      lambda c: c.claims["toll-62-killed"].verdict.evidence[0].note),
    "history note": ("claims/toll-62-killed.yaml", ("history", 0, "note"),
                     lambda c: c.claims["toll-62-killed"].history[0].note),
    "source title": ("sources/investigation-2016-11-29.yaml", ("title",),
                     lambda c: c.sources["investigation-2016-11-29"].title),
    "publisher": ("sources/investigation-2016-11-29.yaml", ("publisher",),
                  lambda c: c.sources["investigation-2016-11-29"].publisher),
    "name": ("claimants/jane-doe.yaml", ("name",), lambda c: c.claimants["jane-doe"].name),
    "report title": ("reports/briefing-review.yaml", ("title",), lambda c: c.reports["briefing-review"].title),
    "rating label": ("ratings.yaml", (5, "label"), lambda c: c.ratings["unproven"].label),
}

# A mutant that survives runs every test of the functions it changed: in `make mutation`, a fifth of
# the examples keeps the properties in each run without making them most of its time.
SCALE = 0.2 if os.environ.get("MUTANT_UNDER_TEST") else 1.0
SETTINGS = settings(max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def minimal_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "content"
        shutil.copytree(MINIMAL, tree)
        yield tree


def set_field(tree: Path, file: str, loc: tuple[Any, ...], text: str, allow_unicode: bool) -> None:
    path = tree / file
    data = parse_yaml(path.read_text(encoding="utf-8")).data
    target = data
    for step in loc[:-1]:
        target = target[step]
    target[loc[-1]] = text
    path.write_text(yaml.safe_dump(data, allow_unicode=allow_unicode, sort_keys=False), encoding="utf-8")


def check_round_trip(field: str, text: str, allow_unicode: bool) -> None:
    file, loc, read_back = PLAIN_FIELDS[field]
    with minimal_copy() as tree:
        set_field(tree, file, loc, text, allow_unicode)
        content, problems = load_content(tree)
    if text.strip():
        assert [str(p) for p in problems.errors] == []
        assert read_back(content) == text.strip()
    else:
        name = field_path(loc if isinstance(loc[0], str) else loc[1:])  # ratings: relative to the item
        assert [p.message for p in problems.errors] == [f"field '{name}' must not be empty"]


@SETTINGS
@given(field=st.sampled_from(sorted(PLAIN_FIELDS)), text=RAW_TEXT)
def test_plain_text_written_as_utf8_loads_unchanged(field: str, text: str) -> None:
    check_round_trip(field, text, allow_unicode=True)


@SETTINGS
@given(field=st.sampled_from(sorted(PLAIN_FIELDS)), text=ANY_TEXT)
def test_plain_text_written_with_escapes_loads_unchanged(field: str, text: str) -> None:
    check_round_trip(field, text, allow_unicode=False)


@SETTINGS
@given(field=st.sampled_from(sorted(PLAIN_FIELDS)), before=ANY_TEXT, control=st.sampled_from(HIDDEN_CONTROLS),
       after=ANY_TEXT)
def test_text_with_a_hidden_control_is_refused_at_its_field(field: str, before: str, control: str, after: str) -> None:
    file, loc, _ = PLAIN_FIELDS[field]
    text = f"{before}x{control}y{after}"
    with minimal_copy() as tree:
        set_field(tree, file, loc, text, allow_unicode=False)
        _, problems = load_content(tree)
    name = field_path(loc if isinstance(loc[0], str) else loc[1:])
    assert [p.message.split(" at position")[0] for p in problems.errors] == [
        f"field '{name}' contains the invisible character U+{ord(control):04X} "
        + (f"({unicodedata.name(control)})" if control >= "\u202a" else "(a control character)")]
    assert problems.errors[0].path.endswith(file)


@SETTINGS
@given(text=st.text(st.sampled_from(WHITESPACE), max_size=5))
def test_blank_plain_text_is_an_error(text: str) -> None:
    check_round_trip("claim", text, allow_unicode=False)


@settings(max_examples=int(300 * SCALE), deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_parses_or_is_refused_with_a_position(text: str) -> None:
    try:
        parsed = parse_yaml(text)
    except InvalidYaml as error:
        assert error.line >= 1 and error.column >= 1 and error.message
        return
    for issue in parsed.issues:
        assert issue.line >= 1 and issue.column >= 1 and issue.message


YAML_PIECES = st.sampled_from(["a", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "!!str ",
                               "!!python/object ", "'", '"', "#", "---", "<<: ", "true", "2016-02-30", "9" * 40,
                               "claim", "verdict", "rating", "id", "\t", "\xe9", "?", "|", ">"])


@settings(max_examples=int(150 * SCALE), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(YAML_PIECES, max_size=40), raw=st.binary(max_size=60), file=st.sampled_from(
    ["ratings.yaml", "claimants/jane-doe.yaml", "sources/interview-2016-09-20.yaml", "claims/toll-62-killed.yaml",
     "reports/briefing-review.yaml"]))
def test_any_file_content_gives_problems_never_a_crash(pieces: list[str], raw: bytes, file: str) -> None:
    with minimal_copy() as tree:
        (tree / file).write_bytes("".join(pieces).encode("utf-8") + raw)
        _, problems = load_content(tree)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert "\n" not in str(problem)
