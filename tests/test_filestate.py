"""generator.filestate: how a preview tells that files changed."""

from __future__ import annotations

from pathlib import Path

from generator.filestate import snapshot


def test_a_snapshot_has_every_file_of_folders_and_files_and_skips_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "c.yml").write_text("cc", encoding="utf-8")
    found = snapshot([tmp_path / "a", tmp_path / "c.yml", tmp_path / "missing", None])
    assert sorted(found) == [str(tmp_path / "a" / "b" / "x.yaml"), str(tmp_path / "c.yml")]
    assert found[str(tmp_path / "c.yml")][0] == 2
    (tmp_path / "c.yml").write_text("ccc", encoding="utf-8")
    assert snapshot([tmp_path / "c.yml"]) != {str(tmp_path / "c.yml"): found[str(tmp_path / "c.yml")]}
