"""Content: the whole checked set, references resolved, ready to render.

`load_content(root)` reads every file, validates each against the model, checks every
reference and the set as a whole, and returns Content plus all problems found. Nothing
is rendered from content with errors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .loading import Document, InvalidYaml, find_files, read_yaml
from .model import KINDS, Claim, Claimant, Entity, Rating, Report, Source
from .problems import ContentError, Problem, Problems, did_you_mean, display_path


@dataclass
class Content:
    root: Path
    ratings: dict[str, Rating] = field(default_factory=dict)
    claimants: dict[str, Claimant] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)

    def path_of(self, kind: str, id: str) -> Path:
        """The YAML file an entity came from (ratings: ratings.yaml)."""
        return self.paths[(kind, id)]

    @property
    def best_value(self) -> int | None:
        values = [r.value for r in self.ratings.values() if r.value is not None]
        return max(values) if values else None

    @property
    def worst_value(self) -> int | None:
        values = [r.value for r in self.ratings.values() if r.value is not None]
        return min(values) if values else None

    def claims_citing(self) -> dict[str, list[Claim]]:
        citing: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.claims.values():
            for source_id in dict.fromkeys(e.source for e in claim.verdict.evidence):
                citing[source_id].append(claim)
        return citing

    def reports_of(self) -> dict[str, list[Report]]:
        reports: dict[str, list[Report]] = defaultdict(list)
        for report in self.reports.values():
            for claim_id in report.claims:
                reports[claim_id].append(report)
        return reports


def load_content(root: Path) -> tuple[Content, Problems]:
    """Read and check everything under root. Content is complete only when there are no errors."""
    root = Path(root)
    problems = Problems()
    content = Content(root=root)
    if not root.is_dir():
        problems.add(Problem(display_path(root), 1, 1, "content folder does not exist",
                             "pass the folder that holds ratings.yaml, claims/, sources/ …"))
        return content, problems
    files, found_problems = find_files(root)
    problems.extend(found_problems)
    documents = _parse(files, root, problems)
    _check_unique_ids(documents, problems)
    for document in documents:
        if document.kind == "ratings":
            _load_ratings(document, content, problems)
        else:
            entity = _validate(document, KINDS[document.kind], {"id": document.id, **document.data}, (), problems)
            if entity is not None:
                getattr(content, document.kind).setdefault(document.id, entity)
                content.paths[(document.kind, document.id)] = document.path
    if not any(d.kind == "ratings" for d in documents) and not any(
        p.path.endswith(("ratings.yaml", "ratings.yml")) for p in problems
    ):
        problems.add(Problem(display_path(root / "ratings.yaml", root), 1, 1, "ratings.yaml is missing",
                             "every site needs a verdict scale: a list of ratings, best first"))
    _check_references(content, {(d.kind, d.id): d for d in documents}, problems)
    return content, problems


def load_valid_content(root: Path) -> tuple[Content, Problems]:
    """Like load_content, but raises ContentError when there is any error."""
    content, problems = load_content(root)
    if problems.errors:
        raise ContentError(problems)
    return content, problems


def _parse(files, root: Path, problems: Problems) -> list[Document]:
    documents = []
    for found in files:
        shown = display_path(found.path, root)
        try:
            data, issues = read_yaml(found.path)
        except InvalidYaml as error:
            problems.add(Problem(shown, error.line, error.column, error.message, error.hint))
            continue
        except OSError as error:
            problems.add(Problem(shown, 1, 1, f"cannot read file: {error.strerror or error}"))
            continue
        for issue in issues:
            problems.add(Problem(shown, issue.line, issue.column, issue.message, issue.hint))
        expected = list if found.kind == "ratings" else dict
        if not isinstance(data, expected):
            what = "a list of ratings" if expected is list else "a mapping of fields (name: value)"
            problems.add(Problem(shown, 1, 1, f"the top level must be {what}, not {_type_name(data)}"))
            continue
        documents.append(Document(found.path, shown, found.kind, found.id, data))
    return documents


def _check_unique_ids(documents: list[Document], problems: Problems) -> None:
    by_id: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for document in documents:
        if document.kind != "ratings":
            by_id[(document.kind, document.id.lower())].append(document)
    for same in by_id.values():
        for duplicate in same[1:]:
            problems.add(duplicate.problem((), f"id '{duplicate.id}' is also given by {same[0].shown_path}",
                                           "rename or remove one of the two files"))
            documents.remove(duplicate)
    ratings = [d for d in documents if d.kind == "ratings"]
    for duplicate in ratings[1:]:
        problems.add(duplicate.problem((), f"the scale is also given by {ratings[0].shown_path}", "keep one ratings file"))
        documents.remove(duplicate)


def _load_ratings(document: Document, content: Content, problems: Problems) -> None:
    seen_values: dict[int, str] = {}
    for index, item in enumerate(document.data):
        if not isinstance(item, dict):
            problems.add(document.problem((index,), f"each rating must be a mapping (id, label, …), not {_type_name(item)}"))
            continue
        rating = _validate(document, Rating, item, (index,), problems)
        if rating is None:
            continue
        if rating.id in content.ratings:
            problems.add(document.problem((index, "id"), f"duplicate rating id '{rating.id}'"))
            continue
        if rating.value is not None and rating.value in seen_values:
            problems.add(document.problem((index, "value"),
                                          f"rating value {rating.value} is also the value of '{seen_values[rating.value]}'",
                                          "each step of the scale needs its own value"))
            continue
        if rating.value is not None:
            seen_values[rating.value] = rating.id
        content.ratings[rating.id] = rating
        content.paths[("ratings", rating.id)] = document.path


def _validate(document: Document, model: type[Entity], data: dict[str, Any], prefix: tuple, problems: Problems):
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            problems.add(_problem_from(document, model, prefix, detail))
        return None


def _problem_from(document: Document, model: type[BaseModel], prefix: tuple, detail: dict) -> Problem:
    loc = tuple(detail["loc"])
    where = ".".join(str(step) for step in loc) or "file"
    kind = detail["type"]
    if kind == "extra_forbidden":
        fields = _fields_at(model, loc[:-1])
        return document.problem(prefix + loc, f"unknown field '{loc[-1]}'",
                                did_you_mean(str(loc[-1]), fields) or f"allowed fields: {', '.join(fields)}", key=True)
    if kind == "missing":
        return document.problem(prefix + loc[:-1], f"missing required field '{where}'")
    value = detail.get("input")
    message = f"field '{where}': {detail['msg'][0].lower()}{detail['msg'][1:]}"
    hint = None
    if kind == "string_type" and isinstance(value, (int, float)) or kind == "string_type" and hasattr(value, "isoformat"):
        hint = f'put it in quotes: "{value}"'
    elif kind == "string_pattern_mismatch" and loc and loc[-1] in ("rating", "claimant", "source", "appearance", "id"):
        hint = "ids are lowercase letters, digits and hyphens"
    elif kind.startswith("date") or kind.startswith("datetime"):
        message = f"field '{where}': invalid date {value!r}"
        hint = "dates are written YYYY-MM-DD"
    elif kind == "value_error":
        message = f"field '{where}': {detail['msg'].removeprefix('Value error, ')}"
        if isinstance(value, str) and ":" in value:
            message += f" (got '{value.split(':', 1)[0]}:')"
    elif kind == "literal_error":
        hint = did_you_mean(str(value), _literal_choices(model, loc))
    return document.problem(prefix + loc, message, hint)


def _field_model(annotation: Any) -> Any:
    from typing import get_args

    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        inner = _field_model(candidate) if get_args(candidate) else None
        if inner is not None:
            return inner
    return None


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        info = current.model_fields.get(step) if current else None
        current = _field_model(info.annotation) if info else None
        if current is None:
            return None
    return current


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    target = _model_at(model, loc)
    return [name for name in (target.model_fields if target else {}) if name != "id" or target is Rating]


def _literal_choices(model: type[BaseModel], loc: tuple) -> list[str]:
    from typing import get_args

    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent and isinstance(loc[-1], str) else None
    return [str(a) for a in get_args(info.annotation)] if info else []


def _type_name(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _check_references(content: Content, documents: dict[tuple[str, str], Document], problems: Problems) -> None:
    def unknown(kind_id: tuple[str, str], loc: tuple, what: str, value: str, choices) -> None:
        document = documents.get(kind_id)
        if document is not None:
            problems.add(document.problem(loc, f"unknown {what} '{value}'",
                                          did_you_mean(value, choices) or f"no file {_folder(what)}/{value}.yaml exists"))

    cited: set[str] = set()
    for claim in content.claims.values():
        key = ("claims", claim.id)
        if claim.claimant not in content.claimants:
            unknown(key, ("claimant",), "claimant", claim.claimant, content.claimants)
        if claim.appearance is not None:
            cited.add(claim.appearance)
            if claim.appearance not in content.sources:
                unknown(key, ("appearance",), "source", claim.appearance, content.sources)
        if content.ratings and claim.verdict.rating not in content.ratings:
            unknown(key, ("verdict", "rating"), "rating", claim.verdict.rating, content.ratings)
        for index, evidence in enumerate(claim.verdict.evidence):
            cited.add(evidence.source)
            if evidence.source not in content.sources:
                unknown(key, ("verdict", "evidence", index, "source"), "source", evidence.source, content.sources)
        if claim.verdict.published < claim.date:
            problems.add(documents[key].problem(("verdict", "published"),
                                                f"verdict published {claim.verdict.published} before the claim was made ({claim.date})",
                                                "check both dates", severity="warning"))
    in_report: set[str] = set()
    for report in content.reports.values():
        key = ("reports", report.id)
        cited.add(report.source)
        if report.source not in content.sources:
            unknown(key, ("source",), "source", report.source, content.sources)
        seen: set[str] = set()
        for index, claim_id in enumerate(report.claims):
            if claim_id in seen:
                problems.add(documents[key].problem(("claims", index), f"claim '{claim_id}' is listed twice"))
            seen.add(claim_id)
            in_report.add(claim_id)
            if claim_id not in content.claims:
                unknown(key, ("claims", index), "claim", claim_id, content.claims)
    for source_id in content.sources.keys() - cited:
        problems.add(documents[("sources", source_id)].problem((), f"source '{source_id}' is cited by no claim or report",
                                                               "cite it as evidence, or remove the file", severity="warning"))
    for claim_id in content.claims.keys() - in_report:
        problems.add(documents[("claims", claim_id)].problem((), f"claim '{claim_id}' is in no report",
                                                             "list it in a report's claims, if it belongs to one", severity="warning"))


def _folder(what: str) -> str:
    return {"claimant": "claimants", "source": "sources", "claim": "claims", "rating": "ratings.yaml:"}.get(what, what)
