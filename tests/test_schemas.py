"""The JSON Schemas in schemas/ are exported from the model and kept in sync with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator import schemas as schemas_module
from generator.kinds import BY_NAME, KINDS
from generator.model import Rating
from generator.schemas import (ALL_SCHEMA_FILES, SCHEMA_FILES, TRANSLATION_SCHEMA_FILES, schema_for, schema_texts,
                               translation_schema_for, write_schemas)

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"


def test_schema_files_match_the_model() -> None:
    """If this fails, run `python -m generator schemas` and commit schemas/."""
    texts = schema_texts()
    assert sorted(texts) == sorted(p.name for p in SCHEMAS.glob("*.schema.json"))
    for name, text in texts.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("kind", SCHEMA_FILES)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = schema_for(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", [kind.name for kind in KINDS if kind.folder])
def test_one_entity_schemas_have_the_model_fields_but_the_file_id(kind: str) -> None:
    schema, model = schema_for(kind), BY_NAME[kind].model
    assert set(schema["properties"]) == set(model.model_fields) - {"id"}
    assert set(schema["required"]) == {n for n, f in model.model_fields.items() if f.is_required()} - {"id"}
    assert schema["additionalProperties"] is False


def test_the_ratings_schema_is_a_list_of_ratings_with_their_id() -> None:
    schema = schema_for("ratings")
    assert schema["type"] == "array"
    rating = schema["$defs"]["Rating"]
    assert set(rating["properties"]) == set(Rating.model_fields)
    assert set(rating["required"]) == {"id", "label", "description"}


def test_schemas_reject_unknown_fields_and_non_http_urls() -> None:
    validator = Draft202012Validator(schema_for("sources"))
    good = {"title": "T", "publisher": "P", "url": "https://example.org/", "kind": "news"}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "titel": "x"}))
    assert list(validator.iter_errors({**good, "kind": "newspaper"}))


def test_write_schemas_writes_every_file(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(ALL_SCHEMA_FILES)
    for path in written:
        assert json.loads(path.read_text(encoding="utf-8"))["$schema"].startswith("https://json-schema.org/")


def test_the_schemas_command_writes_what_is_committed(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "schemas", "--out", str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote {tmp_path / name}" for name in ALL_SCHEMA_FILES]
    for name in ALL_SCHEMA_FILES:
        assert (tmp_path / name).read_text(encoding="utf-8") == (SCHEMAS / name).read_text(encoding="utf-8")


ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,79}$"


def test_the_ratings_schema_is_titled_for_editors() -> None:
    schema = schema_for("ratings")
    assert (schema["title"], schema["items"]) == ("Ratings (the verdict scale, best first)", {"$ref": "#/$defs/Rating"})


@pytest.mark.parametrize("kind, path, more", [("ratings", ("Rating", "id"), []),
                                              ("claims", ("Verdict", "rating"), [{"type": "null"}])])  # a draft's
def test_rating_ids_may_be_written_as_unquoted_booleans(kind: str, path: tuple[str, str], more: list) -> None:
    """`true`/`false` ids read as booleans by YAML 1.2 editors, as ids by the loader."""
    definition, field = path
    property_schema = schema_for(kind)["$defs"][definition]["properties"][field]
    assert property_schema["anyOf"] == [{"type": "string", "pattern": ID_PATTERN}, {"type": "boolean"}, *more]
    assert "type" not in property_schema and "pattern" not in property_schema
    assert property_schema["title"] == field.capitalize()


def test_the_ratings_schema_accepts_boolean_ids_and_refuses_others() -> None:
    validator = Draft202012Validator(schema_for("ratings"))
    rating = {"label": "True", "description": "Accurate."}
    assert list(validator.iter_errors([{"id": True, **rating}, {"id": "mostly-true", **rating}])) == []
    assert list(validator.iter_errors([{"id": "Mostly True", **rating}]))
    assert list(validator.iter_errors([{"id": 3, **rating}]))


def test_schema_files_keep_non_ascii_text_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schemas_module, "schema_for", lambda kind: {"title": f"Évaluation — {kind}"})
    monkeypatch.setattr(schemas_module, "translation_schema_for", lambda kind: {"title": f"Évaluation — {kind}"})
    expected = {name: f'{{\n  "title": "Évaluation — {kind}"\n}}\n'
                for files in (SCHEMA_FILES, TRANSLATION_SCHEMA_FILES) for kind, name in files.items()}
    assert schema_texts() == expected
    write_schemas(tmp_path)
    assert {name: (tmp_path / name).read_bytes() for name in ALL_SCHEMA_FILES} == \
        {name: text.encode("utf-8") for name, text in expected.items()}


def test_write_schemas_makes_missing_folders_and_replaces_old_files(tmp_path: Path) -> None:
    folder = tmp_path / "editor" / "settings" / "schemas"
    assert write_schemas(folder) == [folder / name for name in ALL_SCHEMA_FILES]
    (folder / "claim.schema.json").write_text("{}\n", encoding="utf-8")
    assert write_schemas(folder) == [folder / name for name in ALL_SCHEMA_FILES]
    assert {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()} == schema_texts()


# --- drafts: what publishing needs, required unless the status is draft or review ----------------

CLAIM = {"claim": "A statement.", "claimant": "someone", "date": "2016-09-17",
         "verdict": {"rating": "false", "summary": "No.", "evidence": [{"source": "s"}], "published": "2026-11-20"}}
UNFINISHED = {
    "no verdict": lambda claim: claim.pop("verdict") and claim,
    "an empty verdict": lambda claim: claim.update(verdict=None) or claim,
    "no rating": lambda claim: claim["verdict"].pop("rating") and claim,
    "an empty rating": lambda claim: claim["verdict"].update(rating=None) or claim,
    "no summary": lambda claim: claim["verdict"].pop("summary") and claim,
    "no evidence": lambda claim: claim["verdict"].pop("evidence") and claim,
    "an empty evidence field": lambda claim: claim["verdict"].update(evidence=None) or claim,
    "an empty list of evidence": lambda claim: claim["verdict"].update(evidence=[]) or claim,
}


def claim_errors(data: dict) -> list[str]:
    return [error.message for error in Draft202012Validator(schema_for("claims")).iter_errors(data)]


@pytest.mark.parametrize("unfinished", UNFINISHED)
def test_a_claim_may_leave_out_what_publishing_needs_only_in_draft_or_review(unfinished: str) -> None:
    for status in ("draft", "review"):
        assert claim_errors({"status": status, **UNFINISHED[unfinished](json.loads(json.dumps(CLAIM)))}) == []
    for published in ({}, {"status": "published"}):
        assert claim_errors({**published, **UNFINISHED[unfinished](json.loads(json.dumps(CLAIM)))}), unfinished


def test_a_complete_claim_validates_with_any_status_and_an_unknown_status_is_refused() -> None:
    for status in ({}, {"status": "draft"}, {"status": "review"}, {"status": "published"}):
        assert claim_errors({**status, **CLAIM}) == []
    assert claim_errors({"status": "drafted", **CLAIM})
    assert claim_errors({"status": "draft", "claim": "Only a statement."})  # claimant and date are always needed


def test_reports_have_a_status_and_nothing_a_draft_may_leave_out() -> None:
    schema = schema_for("reports")
    assert schema["properties"]["status"]["enum"] == ["draft", "review", "published"]
    assert "if" not in schema and "else" not in schema


# --- translations (content/translations/<language>/) ------------------------------------------

TRANSLATED_FIXTURE = REPO / "tests" / "fixtures" / "translated" / "translations" / "ar"


@pytest.mark.parametrize("kind", TRANSLATION_SCHEMA_FILES)
def test_each_translation_schema_is_valid_and_accepts_the_fixtures_translations(kind: str) -> None:
    import yaml

    schema = translation_schema_for(kind)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    files = [TRANSLATED_FIXTURE / "ratings.yaml"] if kind == "ratings" else sorted((TRANSLATED_FIXTURE / kind).glob("*.yaml"))
    assert files
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # keys as written: true stays "true"
        assert list(validator.iter_errors(data)) == [], path


def test_a_claim_translation_schema_refuses_unknown_fields_and_needs_the_claim_and_its_day() -> None:
    validator = Draft202012Validator(translation_schema_for("claims"))
    good = {"translated": "2026-11-30", "claim": "نص", "evidence": {"a-source": {"quote": "x", "quote_is_translation": False}}}
    assert list(validator.iter_errors(good)) == []
    assert list(validator.iter_errors({**good, "verdikt": {}}))
    assert list(validator.iter_errors({"claim": "نص"}))  # no translated
    assert list(validator.iter_errors({**good, "evidence": {"Not An Id": {}}}))


def test_the_ratings_translation_schema_maps_rating_ids_to_a_label_and_description() -> None:
    validator = Draft202012Validator(translation_schema_for("ratings"))
    assert list(validator.iter_errors({"true": {"label": "صحيح", "description": "دقيق."}})) == []
    assert list(validator.iter_errors({"true": {"label": "صحيح"}}))
    assert list(validator.iter_errors({"Bad Id": {"label": "x", "description": "y"}}))
