"""One parsed content file checked against its model: the entity, or each problem at its line and
column; and warnings for what its Markdown fields will not show as written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from .loading import Document, Loc
from .markup import TooMuchMarkup, attribute_list, removed_markup
from .model import Entity, explain, field_path, markdown_fields
from .problems import Problem


def validate_document(document: Document, model: type[Entity], data: dict[Any, Any],
                      prefix: Loc) -> tuple[Any, list[tuple[Loc, Problem]]]:
    """The entity, or None and each problem with the loc it is at."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        located = [(prefix + issue.loc, issue) for issue in explain(model, error)]
        return None, [(loc, document.problem(loc, issue.message, issue.hint, key=issue.at_key)) for loc, issue in located]


def markup_warnings(document: Document, entity: Entity, prefix: Loc = ()) -> Iterator[Problem]:
    """Warnings for what readers will not see as written in the entity's Markdown fields
    (and an error for a field with more markup than can be sanitised quickly)."""
    for loc, text in markdown_fields(entity):
        try:
            removed = removed_markup(text)
        except TooMuchMarkup as error:
            yield document.problem(prefix + loc, f"field '{field_path(loc)}' {error}",
                                   "split it, or use fewer nested quotes, lists and tags")
            continue
        if removed:
            yield document.problem(prefix + loc, f"markup removed from the page: {removed}",
                                   "Markdown fields allow text formatting, links, lists, tables, quotes, code and "
                                   "images of this site; to show markup as text, put it between backticks",
                                   severity="warning")
        attributes = attribute_list(text)
        if attributes:
            yield document.problem(prefix + loc, f"attribute lists are not applied in Markdown fields: {attributes}",
                                   "remove it: it is shown as text", severity="warning")
