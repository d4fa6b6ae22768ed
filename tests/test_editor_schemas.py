"""Editor integration: the JSON Schemas, as VS Code's YAML extension applies them, catch mistakes
in content files and accept every valid one."""

from __future__ import annotations

import copy
import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.kinds import LAYOUT
from generator.scaffold import NEW_KINDS, write_new
from generator.schemas import SCHEMA_FILES, schema_texts

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
SETTINGS = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
MAPPING: dict[str, list[str]] = SETTINGS["yaml.schemas"]


class EditorLoader(yaml.SafeLoader):
    """YAML as the editor's language server reads it (YAML 1.2 core schema): only true/false are
    booleans, and dates are plain strings, checked by the schema's "date" format."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def load_as_editor(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506 - a SafeLoader subclass


def schemas_for(repo_path: str) -> set[str]:
    """Schema files the settings map a repository path to (the extension's `*` also crosses folders)."""
    return {schema for schema, patterns in MAPPING.items()
            if any(fnmatch.fnmatchcase(repo_path, pattern) for pattern in patterns)}


def errors(schema_file: str, data: Any) -> list[str]:
    schema = json.loads((REPO / schema_file).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def content_files() -> list[tuple[Path, str]]:
    """Every content file to check, with the path it has (or would have) under content/."""
    files = []
    for root in (MINIMAL, REPO / "content"):
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.suffix in (".yaml", ".yml"):
                files.append((path, "content/" + path.relative_to(root).as_posix()))
    return files


def test_mapped_schema_files_exist() -> None:
    assert MAPPING
    for schema in MAPPING:
        assert (REPO / schema).is_file(), schema


@pytest.mark.parametrize("kind", ["ratings", *LAYOUT.folders])
@pytest.mark.parametrize("suffix", [".yaml", ".yml"])
def test_settings_cover_every_content_folder(kind: str, suffix: str) -> None:
    expected = {f"schemas/{SCHEMA_FILES[kind]}"}
    if kind == "ratings":
        assert schemas_for(f"content/ratings{suffix}") == expected
    else:
        assert schemas_for(f"content/{kind}/some-id{suffix}") == expected
        assert schemas_for(f"content/{kind}/2026/some-id{suffix}") == expected


def test_extension_is_recommended() -> None:
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_there_are_content_files_to_check() -> None:
    assert len(content_files()) >= 10


@pytest.mark.parametrize("path, as_content", content_files(), ids=lambda v: str(v) if isinstance(v, str) else "")
def test_content_file_is_valid_against_its_schema(path: Path, as_content: str) -> None:
    (schema,) = schemas_for(as_content)
    assert errors(schema, load_as_editor(path)) == []


def sample(kind_folder: str, name: str) -> Any:
    return load_as_editor(MINIMAL / kind_folder / f"{name}.yaml")


def rename(data: dict, old: str, new: str) -> dict:
    data[new] = data.pop(old)
    return data


MISTAKES = {
    "misspelt claimant": ("claims", lambda c: rename(c, "claimant", "claimnt")),
    "missing rating": ("claims", lambda c: c["verdict"].pop("rating") and c),
    "no evidence": ("claims", lambda c: c["verdict"].update(evidence=[]) or c),
    "impossible date": ("claims", lambda c: c.update(date="2016-13-45") or c),
    "id written in the file": ("claims", lambda c: c.update(id="toll-62-killed") or c),
    "rating id with capitals": ("claims", lambda c: c["verdict"].update(rating="Mostly-True") or c),
    "unknown field in evidence": ("claims", lambda c: c["verdict"]["evidence"][0].update(qoute="x") or c),
    "empty summary": ("claims", lambda c: c["verdict"].update(summary="") or c),
    "history kind misspelt": ("claims", lambda c: c["history"][0].update(kind="corection") or c),
    "previous rating with capitals": ("claims", lambda c: c["history"][0].update(previous_rating="Mostly-True") or c),
    "reviewer written as a name": ("claims", lambda c: c["verdict"].update(reviewers=["Ana Example"]) or c),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_claim_schema_catches(mistake: str) -> None:
    folder, spoil = MISTAKES[mistake]
    good = sample(folder, "toll-62-killed")
    assert errors("schemas/claim.schema.json", good) == []
    assert errors("schemas/claim.schema.json", spoil(copy.deepcopy(good))), mistake


@pytest.mark.parametrize("schema, folder, name, spoil", [
    ("source", "sources", "investigation-2016-11-29", lambda s: s.update(kind="blog") or s),
    ("source", "sources", "investigation-2016-11-29", lambda s: s.pop("url") and s),
    ("claimant", "claimants", "jane-doe", lambda c: c.update(kind="company") or c),
    ("claimant", "claimants", "jane-doe", lambda c: rename(c, "name", "nmae")),
    ("report", "reports", "briefing-review", lambda r: r.update(claims=[]) or r),
    ("report", "reports", "briefing-review", lambda r: r.update(published="soon") or r),
])
def test_other_schemas_catch_mistakes(schema: str, folder: str, name: str, spoil) -> None:
    good = sample(folder, name)
    assert errors(f"schemas/{schema}.schema.json", good) == []
    assert errors(f"schemas/{schema}.schema.json", spoil(copy.deepcopy(good)))


def test_unquoted_true_and_false_rating_ids_are_accepted_but_other_booleans_typos_are_not() -> None:
    ratings = load_as_editor(MINIMAL / "ratings.yaml")
    assert {True, False} <= {r["id"] for r in ratings}, "the fixture should exercise unquoted true/false"
    assert errors("schemas/ratings.schema.json", ratings) == []
    assert errors("schemas/ratings.schema.json", [{"id": 5, "label": "Five", "description": "x"}])


@pytest.mark.parametrize("kind", NEW_KINDS)
def test_new_files_name_the_schema_the_settings_map_them_to(kind: str, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "schemas").mkdir()
    path = write_new(kind, "x", tmp_path / "content")
    modeline = path.read_text(encoding="utf-8").splitlines()[0]
    schema = modeline.split("$schema=", 1)[1]
    assert schemas_for(path.relative_to(tmp_path).as_posix()) == {(path.parent / schema).resolve().relative_to(
        tmp_path.resolve()).as_posix()}


def test_exported_schemas_match_the_model() -> None:
    for name, text in schema_texts().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, (
            f"schemas/{name} is stale: run python -m generator schemas")


def test_a_new_claim_is_a_draft_the_schema_accepts_until_it_is_marked_published(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    path = write_new("claim", "x", tmp_path / "content")
    filled = (path.read_text(encoding="utf-8").replace("\nclaim: ", "\nclaim: A statement.", 1)
              .replace("\nclaimant: ", "\nclaimant: someone", 1).replace("\ndate: ", "\ndate: 2016-09-17", 1))
    path.write_text(filled, encoding="utf-8")
    assert errors("schemas/claim.schema.json", load_as_editor(path)) == []
    path.write_text(filled.replace("\nstatus: draft ", "\nstatus: published "), encoding="utf-8")
    assert errors("schemas/claim.schema.json", load_as_editor(path))  # no rating, summary or evidence yet


@pytest.mark.parametrize("schema, path, spoil", [
    ("person", "content/people/noor-example.yaml", lambda p: p.pop("role") and p),
    ("person", "content/people/noor-example.yaml", lambda p: p.update(links=[{"title": "x", "href": "https://x.example"}]) or p),
    ("organisation", "content/organisation.yaml", lambda o: o["funders"][0].pop("year") and o),
    ("organisation", "content/organisation.yaml", lambda o: o["contact"].update(email="desk at example.org") or o),
    ("organisation", "content/organisation.yaml", lambda o: rename(o, "funders", "funder")),
])
def test_people_and_organisation_schemas_catch_mistakes(schema: str, path: str, spoil) -> None:
    good = load_as_editor(REPO / path)
    assert errors(f"schemas/{schema}.schema.json", good) == []
    assert errors(f"schemas/{schema}.schema.json", spoil(copy.deepcopy(good)))
