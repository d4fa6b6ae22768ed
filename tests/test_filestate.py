"""generator.filestate: how a preview tells that files changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.filestate import snapshot


def test_a_snapshot_has_every_file_of_folders_and_files_and_skips_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "c.yml").write_text("cc", encoding="utf-8")
    found = snapshot([None, tmp_path / "a", tmp_path / "missing", tmp_path / "c.yml"])
    assert sorted(found) == [str(tmp_path / "a" / "b" / "x.yaml"), str(tmp_path / "c.yml")]
    assert found[str(tmp_path / "c.yml")][0] == 2
    (tmp_path / "c.yml").write_text("ccc", encoding="utf-8")
    assert snapshot([tmp_path / "c.yml"]) != {str(tmp_path / "c.yml"): found[str(tmp_path / "c.yml")]}


def test_a_file_removed_while_its_folder_is_walked_is_left_out_and_the_others_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("x", "y", "z"):
        (tmp_path / f"{name}.yaml").write_text(name, encoding="utf-8")
    real_stat, removed = os.stat, []

    def stat(path, *args, **kwargs):  # the first file the walk lists is removed just before it is looked at
        if str(path).endswith(".yaml") and not removed:
            removed.append(str(path))
            os.remove(path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    found = snapshot([tmp_path])
    assert len(removed) == 1
    assert sorted(found) == sorted({str(tmp_path / f"{name}.yaml") for name in ("x", "y", "z")} - set(removed))
