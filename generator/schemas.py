"""JSON Schema for each content kind, exported from the model for editors' YAML language servers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .kinds import BY_NAME, KINDS, RATINGS
from .loading import Loc
from .model import Rating

SCHEMA_FILES = {kind.name: kind.schema_file for kind in KINDS}


def _without_file_id(schema: dict[str, Any]) -> dict[str, Any]:
    """Ids of one-entity files come from the file name, so the file itself must not carry one."""
    del schema["properties"]["id"]  # every entity has an id, and it is required
    schema["required"].remove("id")
    return schema


def _rating_ids_may_be_booleans(id_schema: dict[str, Any]) -> dict[str, Any]:
    """Editors write `rating: true` unquoted; YAML 1.2 editors read that as a boolean, the loader as the id."""
    return {"anyOf": [{key: id_schema.pop(key) for key in ("type", "pattern")}, {"type": "boolean"}], **id_schema}


def _replace_at(schema: dict[str, Any], path: Loc, replace: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Replace the schema of the value at path (as in Kind.references), following $refs into $defs."""
    node: dict[str, Any] = schema
    for step in path:
        node = _resolved(schema, node)
        parent, key = (node, "items") if step == "*" else (node["properties"], step)
        node = parent[key]
    parent[key] = replace(node)


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
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
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_texts() -> dict[str, str]:
    return {name: json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n" for kind, name in SCHEMA_FILES.items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
