"""JSON Schema for each content kind, exported from the model for editors' YAML language servers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_origin

from pydantic import TypeAdapter

from .kinds import BY_NAME, KINDS, RATINGS, TRANSLATED, TRANSLATED_KINDS
from .loading import ID_PATTERN, Loc
from .model import STATUSES, Entity, Rating, RatingTranslation, field_model

SCHEMA_FILES = {kind.name: kind.schema_file for kind in KINDS}
# The translations of each kind (content/translations/<language>/), by the kind they translate.
TRANSLATION_SCHEMA_FILES = {kind.name: kind.schema_file for kind in TRANSLATED_KINDS}
ALL_SCHEMA_FILES = (*SCHEMA_FILES.values(), *TRANSLATION_SCHEMA_FILES.values())


def _without_file_id(schema: dict[str, Any]) -> dict[str, Any]:
    """Ids of one-entity files come from the file name, so the file itself must not carry one."""
    del schema["properties"]["id"]  # every entity has an id, and it is required
    schema["required"].remove("id")
    return schema


def _rating_ids_may_be_booleans(id_schema: dict[str, Any]) -> dict[str, Any]:
    """Editors write `rating: true` unquoted; YAML 1.2 editors read that as a boolean, the loader as the id."""
    branches = id_schema.pop("anyOf", None) or [{key: id_schema.pop(key) for key in ("type", "pattern")}]
    with_booleans = [new for branch in branches
                     for new in ([branch, {"type": "boolean"}] if "pattern" in branch else [branch])]
    return {"anyOf": with_booleans, **id_schema}


_NULL = {"type": "null"}
_ABOUT = ("title", "description", "default")  # what stays beside "anyOf" when a schema is made a choice


def _may_be_null(node: dict[str, Any]) -> dict[str, Any]:
    """A field written with nothing after it (`evidence:`), as a draft may leave it."""
    if _NULL in node.get("anyOf", []):
        return node
    return {"anyOf": [{k: v for k, v in node.items() if k not in _ABOUT}, _NULL],
            **{k: v for k, v in node.items() if k in _ABOUT}}


def _published_needs(model: type[Entity]) -> dict[str, Any]:
    """What a published file must hold beyond the model's own requirements (model.TO_PUBLISH):
    each field present, not empty, and a list with at least one item."""
    needs: dict[str, Any] = {}
    for path in model.TO_PUBLISH:
        node, owner = needs, model
        for step in path[:-1]:
            node = node.setdefault("properties", {}).setdefault(step, {})
            owner = field_model(owner.model_fields[step].annotation)
        node.setdefault("required", []).append(path[-1])
        field = {"not": _NULL}
        if get_origin(owner.model_fields[path[-1]].annotation) is list:
            field["minItems"] = 1
        node.setdefault("properties", {})[path[-1]] = field
    return needs


def _replace_at(schema: dict[str, Any], path: Loc, replace: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Replace the schema of the value at path (as in Kind.references), following $refs into $defs."""
    node: dict[str, Any] = schema
    for step in path:
        node = _resolved(schema, node)
        parent, key = (node, "items") if step == "*" else (node["properties"], step)
        node = parent[key]
    parent[key] = replace(node)


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The schema a node stands for: its $ref followed into $defs, the one choice of an optional field."""
    choices = [choice for choice in node.get("anyOf", []) if choice != _NULL]
    node = choices[0] if len(choices) == 1 else node
    ref = node.get("$ref")
    return schema["$defs"][ref.removeprefix("#/$defs/")] if ref else node


def schema_for(kind: str) -> dict[str, Any]:
    described = BY_NAME[kind]
    if described is RATINGS:
        schema = TypeAdapter(list[Rating]).json_schema()
        schema["title"] = "Ratings (the verdict scale, best first)"
        properties = schema["$defs"]["Rating"]["properties"]
        properties["id"] = _rating_ids_may_be_booleans(properties["id"])
    else:
        schema = _without_file_id(described.model.model_json_schema())
    for path, target in described.references:
        if target == RATINGS.name:
            _replace_at(schema, path, _rating_ids_may_be_booleans)
    to_publish = getattr(described.model, "TO_PUBLISH", ())
    for path in to_publish:
        _replace_at(schema, path, _may_be_null)
    if to_publish:  # a draft or a claim in review may leave them out; a published file (the default) may not
        unpublished = [status for status in STATUSES if status != "published"]
        schema["if"] = {"required": ["status"], "properties": {"status": {"enum": unpublished}}}
        schema["else"] = _published_needs(described.model)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def translation_schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of a translation of the kind: ratings.yaml's maps each rating id (unquoted
    true and false included) to its label and description; the others are one file's fields, id aside."""
    translated = TRANSLATED[kind]
    if translated.original is RATINGS:
        schema = TypeAdapter(dict[str, RatingTranslation]).json_schema()
        schema["title"] = "Ratings, translated: each rating id of ratings.yaml with its label and description"
        schema["propertyNames"] = {"pattern": ID_PATTERN}
    else:
        schema = _without_file_id(translated.model.model_json_schema())
    for field in schema.get("properties", {}).values():
        if field.get("type") == "object" and "patternProperties" in field:  # keyed by ids: a claim's evidence
            field["additionalProperties"] = False
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_texts() -> dict[str, str]:
    texts = {name: _text(schema_for(kind)) for kind, name in SCHEMA_FILES.items()}
    return texts | {name: _text(translation_schema_for(kind)) for kind, name in TRANSLATION_SCHEMA_FILES.items()}


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
