"""Writing one field into an editor's file: everything the editor wrote stays as written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.yaml_edit import EditError, set_field

WRITTEN = """\
# yaml-language-server: $schema=../../schemas/source.schema.json
# The briefing, as first published.
title: "US military says the strike was due to 'human errors'"   # the headline
publisher: 'The Hill'
url: https://thehill.com/policy/defense/307841   # the page we read

published: 2016-11-29
kind: news
language: en
"""


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "source.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_field_goes_under_the_one_named_and_nothing_else_changes(tmp_path: Path) -> None:
    path = written(tmp_path, WRITTEN)
    set_field(path, "archive_url", "https://web.archive.org/web/2016/https://thehill.com/x", after="url")
    assert path.read_text(encoding="utf-8") == WRITTEN.replace(
        "# the page we read\n", "# the page we read\narchive_url: https://web.archive.org/web/2016/https://thehill.com/x\n")


@pytest.mark.parametrize(("before", "after"), [
    ("url: x\nkind: news\n", "url: x\narchive_url: y\nkind: news\n"),
    ("url: x\n\n# below\nkind: news\n", "url: x\narchive_url: y\n\n# below\nkind: news\n"),
    ("kind: news\nurl: x\n", "kind: news\nurl: x\narchive_url: y\n"),
    ("kind: news\n", "kind: news\narchive_url: y\n"),  # without the field named: last
    # A value replaced: its comment stays where it was, in the same column.
    ("url: x\narchive_url: old   # to replace\nkind: news\n", "url: x\narchive_url: y     # to replace\nkind: news\n"),
    ("---\nurl: x\n", "---\nurl: x\narchive_url: y\n"),
])
def test_blank_lines_comments_and_an_existing_value(tmp_path: Path, before: str, after: str) -> None:
    path = written(tmp_path, before)
    set_field(path, "archive_url", "y", after="url")
    assert path.read_text(encoding="utf-8") == after


def test_the_files_permissions_stay_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = written(tmp_path, "url: x\n")
    os.chmod(path, 0o640)
    set_field(path, "archive_url", "y", after="url")
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["source.yaml"]


def test_a_file_that_is_not_a_mapping_is_left_alone(tmp_path: Path) -> None:
    path = written(tmp_path, "- a\n- b\n")
    with pytest.raises(EditError, match="not a mapping"):
        set_field(path, "archive_url", "y", after="url")
    assert path.read_text(encoding="utf-8") == "- a\n- b\n"


NESTED = """\
claim: A claim whose fields are nested as the contract's examples nest them.
tags:
  - casualties
  - air-strike
verdict:
  rating: false
  evidence:
    - source: investigation
      note: See the map.
    - source: briefing
media:
  type: image
  url: https://example.org/i
"""


def test_nested_lists_and_mappings_keep_their_indentation(tmp_path: Path) -> None:
    path = written(tmp_path, NESTED)
    set_field(path, "context", "Said at a briefing.", after="claim")
    assert path.read_text(encoding="utf-8") == NESTED.replace(
        "nest them.\n", "nest them.\ncontext: Said at a briefing.\n")


def test_a_long_line_is_never_folded(tmp_path: Path) -> None:
    long = "word " * 25_000  # 125,000 characters, longer than any fixed width a YAML writer is given
    path = written(tmp_path, f"url: x\nnote: {long.strip()}\n")
    set_field(path, "archive_url", "y", after="url")
    assert path.read_text(encoding="utf-8") == f"url: x\narchive_url: y\nnote: {long.strip()}\n"


def test_the_first_field_named_gets_the_new_one_under_it(tmp_path: Path) -> None:
    path = written(tmp_path, "url: x\nkind: news\n")
    set_field(path, "archive_url", "y", after="kind")
    set_field(path, "title", "t", after="nothing")  # not there: last
    assert path.read_text(encoding="utf-8") == "url: x\nkind: news\narchive_url: y\ntitle: t\n"


def test_an_empty_mapping_gets_the_field_as_its_only_line(tmp_path: Path) -> None:
    path = written(tmp_path, "{}\n")
    set_field(path, "archive_url", "y", after="url")
    assert path.read_text(encoding="utf-8") == "archive_url: y\n"


def test_the_new_file_is_written_beside_the_old_one_then_moved_over_it(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A temporary file in the same folder (a rename across file systems would fail), hidden by its dot."""
    moves: list[tuple[Path, Path]] = []
    replace = os.replace

    def recorded(source, target) -> None:
        moves.append((Path(source), Path(target)))
        replace(source, target)

    monkeypatch.setattr(os, "replace", recorded)
    path = written(tmp_path, "url: x\n")
    set_field(path, "archive_url", "y", after="url")
    ((source, target),) = moves
    assert target == path and source.parent == tmp_path and source.name.startswith(".source.yaml.")


def test_a_failed_write_leaves_the_file_as_it_was_and_no_temporary_file(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(source, target) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing)
    path = written(tmp_path, "url: x\n")
    with pytest.raises(OSError, match="No space left"):
        set_field(path, "archive_url", "y", after="url")
    assert path.read_text(encoding="utf-8") == "url: x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["source.yaml"]
