"""Content: the whole checked set, references resolved, ready to render.

`load_content(root)` reads every file, validates each against the model, checks every
reference and the set as a whole, and returns Content plus all problems found. Nothing
is rendered from content with errors (`load_valid_content` raises ContentError).

References are checked on the parsed data rather than on validated entities, so that a
misspelt id is reported even in a file that has other errors, and an id is "known" when
its file exists, even if that file has errors of its own (no cascade of unknown ids).

Claims and reports in draft or review are loaded with the rest: what publishing needs and
they lack is a warning, and a published report cannot list them. `Content.published()` is
the set a publishing build shows, without them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from .bulk import collector_paused
from .documents import markup_warnings, validate_document
from .integrity import integrity_problems
from .kinds import BY_NAME, CLAIMANTS, CLAIMS, KINDS, LAYOUT, PEOPLE, RATINGS, REPORTS, SOURCES, Kind, kind_fitting, kind_of
from .loading import ID_RE, Document, FoundFile, InvalidYaml, Loc, find_files, id_spelling, position, read_yaml
from .media import screenshot_problem
from .model import (Claim, Claimant, Entity, Organisation, Person, Publishable, Rating, Report, Source, status_of,
                    type_name, unfinished)
from .parallel import map_shared
from .problems import CloseMatches, ContentError, Problem, Problems, display_path, did_you_mean_one_of, shorten
from .translations import Originals, Translation, load_translations


@dataclass
class Content:
    """The entities of each kind (generator.kinds) by id, and the file each came from."""

    root: Path
    ratings: dict[str, Rating] = field(default_factory=dict)
    organisation: dict[str, Organisation] = field(default_factory=dict)  # organisation.yaml, when there is one
    claimants: dict[str, Claimant] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    # The translations of content/translations/, by language (generator.translations); none without that folder.
    translations: dict[str, Translation] = field(default_factory=dict)
    _scale: tuple[dict[str, Rating], int, int | None, int | None] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def publishing_organisation(self) -> Organisation | None:
        """The organisation of organisation.yaml, or None when the site has no such file."""
        return next(iter(self.organisation.values()), None)

    def path_of(self, kind: str, id: str) -> Path:
        """The YAML file an entity came from (ratings: ratings.yaml)."""
        return self.paths[(kind, id)]

    @property
    def best_value(self) -> int | None:
        return self._scale_ends()[1]

    @property
    def worst_value(self) -> int | None:
        return self._scale_ends()[0]

    def _scale_ends(self) -> tuple[int | None, int | None]:
        """The smallest and largest rating values, counted once per set of ratings.

        They are read for every claim (ClaimReview) and every rating (the methodology page): counting
        them each time would cost ratings × claims. A set of ratings is not changed once loaded.
        """
        if self._scale is None or self._scale[0] is not self.ratings or self._scale[1] != len(self.ratings):
            values = [r.value for r in self.ratings.values() if r.value is not None]
            self._scale = (self.ratings, len(self.ratings), min(values, default=None), max(values, default=None))
        return self._scale[2], self._scale[3]

    def claims_citing(self) -> dict[str, list[Claim]]:
        citing: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.claims.values():
            evidence = claim.verdict.evidence if claim.verdict else []
            for source_id in dict.fromkeys(e.source for e in evidence):
                citing[source_id].append(claim)
        return citing

    def published(self) -> Content:
        """What a publishing build shows: the published claims and reports, without the claimants and
        sources that only unpublished ones name (so that nothing hints at work in progress). Ratings
        are the scale, always shown. The same Content when everything is published."""
        publishable = [item for kind in KINDS if issubclass(kind.model, Publishable)
                       for item in getattr(self, kind.name).values()]
        unpublished = [item for item in publishable if not item.is_published]
        if not unpublished:
            return self
        named_only_by_unpublished = set(_named(unpublished)) - set(_named(i for i in publishable if i.is_published))
        left_out = {(kind, id) for kind, id in named_only_by_unpublished if kind in _LEFT_OUT_WITH_DRAFTS}
        left_out |= {(kind_of(item).name, item.id) for item in unpublished}
        view = Content(root=self.root)
        for kind in KINDS:
            setattr(view, kind.name, {id: item for id, item in getattr(self, kind.name).items()
                                      if (kind.name, id) not in left_out})
        view.paths = {key: path for key, path in self.paths.items() if key not in left_out}
        view.translations = self.translations
        return view

    def reports_of(self) -> dict[str, list[Report]]:
        reports: dict[str, list[Report]] = defaultdict(list)
        for report in self.reports.values():
            for claim_id in report.claims:
                reports[claim_id].append(report)
        return reports


ARCHIVE_HINT = ("run `python -m generator check-links --archive` to save a copy and write its archive_url here, "
                "or add one by hand")

# Kinds without a status of their own, left out of a publishing build when only unpublished
# claims and reports name them (ratings, the scale, are always shown).
_LEFT_OUT_WITH_DRAFTS = (CLAIMANTS.name, SOURCES.name)


def _named(entities: Iterable[Entity]) -> Iterator[tuple[str, str]]:
    """(kind, id) of everything the entities refer to (generator.kinds: each kind's references)."""
    for entity in entities:
        for path, kind in kind_of(entity).references:
            for value in _attributes_at(entity, path):
                yield kind, value


def _attributes_at(value: Any, path: Loc) -> Iterator[Any]:
    if value is None:
        return
    if not path:
        yield value
        return
    step, rest = path[0], path[1:]
    for item in value if step == "*" else [getattr(value, str(step))]:
        yield from _attributes_at(item, rest)


def newest_first(claims: Iterable[Claim]) -> list[Claim]:
    """The one "newest first" order of claims, for every page and feed that lists them: newest
    verdict first (a draft without one: by the claim's date), then the most recent claim, then ids in
    reverse alphabetical order."""
    return sorted(claims, key=lambda c: (c.verdict.published if c.verdict else c.date, c.date, c.id), reverse=True)


def load_content(root: Path, jobs: int | None = None, cache: FileChecks | None = None) -> tuple[Content, Problems]:
    """Read and check everything under root. Content is complete only when there are no errors.

    Files are parsed by `jobs` processes (generator.parallel; None: one per core for large sets).
    With a cache (a preview loading the same folder again and again), files whose bytes have not
    changed since the last load are not parsed or checked again.
    """
    with collector_paused():
        return _load_content(Path(root), jobs, cache)


class FileChecks:
    """Each file's own check (its parse, model and references), kept by its path and the hash of its bytes."""

    def __init__(self) -> None:
        self._checked: dict[tuple[Path, str, str], tuple[bytes, tuple[CheckedFile | None, list[Problem]]]] = {}

    def check(self, files: list[FoundFile], jobs: int | None) -> list[tuple[CheckedFile | None, list[Problem]]]:
        keys = [(found.path, found.kind, found.id) for found in files]
        digests = [_digest(found.path) for found in files]
        changed = [found for found, key, digest in zip(files, keys, digests)
                   if digest is None or self._checked.get(key, (None,))[0] != digest]
        fresh = dict(zip((found.path for found in changed), map_shared(_check_files, changed, jobs)))
        results, kept = [], {}
        for found, key, digest in zip(files, keys, digests):
            result = fresh[found.path] if found.path in fresh else self._checked[key][1]
            if digest is not None:
                kept[key] = (digest, result)
            results.append(result)
        self._checked = kept  # files removed since are forgotten
        return results


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None  # checked again, which reports why it cannot be read


def _load_content(root: Path, jobs: int | None, cache: FileChecks | None = None) -> tuple[Content, Problems]:
    problems = Problems()
    content = Content(root=root)
    if not root.is_dir():
        problems.add(Problem(display_path(root), 1, 1, "not a folder" if root.exists()
                             else "content folder does not exist",
                             "pass the folder that holds ratings.yaml, claims/, sources/ …"))
        return content, problems
    files, found_problems = find_files(root, LAYOUT)
    problems.extend(found_problems)
    problems.extend(Problem(display_path(f.path), 1, 1, reserved, "rename the file")
                    for f in files if f.kind != RATINGS.name and (reserved := reserved_id(BY_NAME[f.kind], f.id)))
    results = cache.check(files, jobs) if cache is not None else map_shared(_check_files, files, jobs)
    checked = _without_duplicate_ids(results, problems)
    for file in checked:
        problems.extend(file.problems)
        if file.document.kind == RATINGS.name:
            _load_ratings(file.document, content, problems)
        elif file.entity is not None:
            getattr(content, file.document.kind)[file.document.id] = file.entity
            content.paths[(file.document.kind, file.document.id)] = file.document.path
    if not any((root / name).exists() or (root / name).is_symlink() for name in RATINGS.files):
        problems.add(Problem(display_path(root / RATINGS.files[0]), 1, 1, "ratings.yaml is missing",
                             "every site needs a verdict scale: a list of ratings, best first"))
    known = _known_ids(files, checked)
    _check_references(checked, known, problems)
    _check_screenshots(content, checked, problems)
    _warn_about_loose_ends(content, checked, problems)
    content.translations, found = load_translations(root, Originals(
        {kind.name: getattr(content, kind.name) for kind in KINDS}, {kind: ids or () for kind, ids in known.items()},
        content.paths, known[PEOPLE.name] or ()))
    problems.extend(found)
    return content, problems


def load_valid_content(root: Path, jobs: int | None = None) -> tuple[Content, Problems]:
    """Like load_content, but raises ContentError when there is any error."""
    content, problems = load_content(root, jobs)
    if problems.errors:
        raise ContentError(problems)
    return content, problems


# --- each file by itself ----------------------------------------------------------------

@dataclass
class CheckedFile:
    """One content file, read and checked on its own (possibly in another process).

    A file of claims, sources, claimants or reports keeps only its entity and references once
    checked; ratings.yaml keeps its data, checked as a whole scale afterwards.
    """

    document: Document
    problems: list[Problem]  # the model's problems with this file's fields
    entity: Entity | None = None
    references: list[tuple[Loc, str, str]] = field(default_factory=list)
    status: str = "published"  # as the file gives it, valid or not (generator.model.status_of)
    # Ids written wrong (`rating: False`): the model's problem, given a hint once every id is known.
    malformed: list[tuple[str, str, Problem]] = field(default_factory=list)  # (kind, value, problem)
    of_another_kind: bool = False  # its fields are another kind's: only that is reported


def _check_files(files: list[FoundFile]) -> list[tuple[CheckedFile | None, list[Problem]]]:
    """Each file checked, or None when it cannot be read as its kind; with its reading problems."""
    return [_check_file(found) for found in files]


def _check_file(found: FoundFile) -> tuple[CheckedFile | None, list[Problem]]:
    try:
        parsed = read_yaml(found.path)
    except InvalidYaml as error:
        return None, [Problem(display_path(found.path), error.line, error.column, error.message, error.hint)]
    except OSError as error:
        return None, [Problem(display_path(found.path), 1, 1, f"cannot read file: {error.strerror or error}")]
    document = Document(found.path, found.kind, found.id, parsed.data, parsed.node)
    reading = [Problem(document.shown_path, issue.line, issue.column, issue.message, issue.hint) for issue in parsed.issues]
    expected = list if found.kind == RATINGS.name else dict
    if not isinstance(parsed.data, expected):
        what = "a list of ratings ('- id: …')" if expected is list else "a mapping of fields (name: value)"
        reading.append(Problem(document.shown_path, *position(parsed.node),
                               f"the top level must be {what}, not {type_name(parsed.data)}"))
        return None, reading
    if found.kind == RATINGS.name:
        document.release(data=False)
        return CheckedFile(document, []), reading
    problems: list[Problem] = []
    malformed = {loc: (kind, value) for loc, kind, value in references(document, well_formed=False)}
    held: dict[Loc, Problem | None] = dict.fromkeys(malformed)
    entity = _check_entity(document, problems, held)
    if entity is None:
        other = kind_fitting(document.data, BY_NAME[found.kind])
        if other is not None:  # reported alone: its fields' problems as the wrong kind mean nothing
            problems = [_of_another_kind(document, BY_NAME[found.kind], other)]
            document.release(data=True)
            return CheckedFile(document, problems, of_another_kind=True), reading
    if entity is not None:
        problems.extend(markup_warnings(document, entity))
    cited = list(references(document))
    status = status_of(document.data) if issubclass(BY_NAME[found.kind].model, Publishable) else "published"
    document.release(data=True)
    malformed_ids = [(*malformed[loc], problem) for loc, problem in held.items() if problem is not None]
    return CheckedFile(document, problems, entity, cited, status, malformed_ids), reading


def _of_another_kind(document: Document, kind: Kind, other: Kind) -> Problem:
    if other.folder:
        where = f"move it to {other.folder}/"
    else:
        where = f"{other.name} are the items of the list in {other.files[0]}"
    return document.problem((), f"this file looks like a {other.noun}, not a {kind.noun}",
                            f"it has the fields of a {other.noun}: {where}")


def _without_duplicate_ids(results: list[tuple[CheckedFile | None, list[Problem]]], problems: Problems) -> list[CheckedFile]:
    """The first file of each id (x.yaml before x.yml); the others are errors, and not checked further."""
    first: dict[tuple[str, str], Document] = {}
    kept = []
    for checked, reading in results:
        problems.extend(reading)
        if checked is None:
            continue
        document = checked.document
        key = (document.kind, document.id.lower())
        if key in first:
            what = "the verdict scale" if document.kind == RATINGS.name else f"id '{document.id}'"
            problems.add(document.problem((), f"{what} is also given by {first[key].shown_path}",
                                          "rename or remove one of the two files"))
            continue
        first[key] = document
        kept.append(checked)
    return kept


# --- documents to entities ---------------------------------------------------------------

def _check_entity(document: Document, problems: list[Problem],
                  held: dict[Loc, Problem | None] | None = None) -> Entity | None:
    """The file's entity, or None; a problem at a loc that is a key of held is kept there instead of listed."""
    data = dict(document.data)
    if "id" in data:
        problems.append(document.problem(("id",), "unknown field 'id': the id comes from the file name",
                                         f"remove it, or rename the file to '{shorten(data['id'])}.yaml'", key=True))
        del data["id"]
    model = BY_NAME[document.kind].model
    entity, found = validate_document(document, model, {"id": document.id, **data}, ())
    for loc, problem in found:
        if held is not None and loc in held:
            held[loc] = problem
        else:
            problems.append(problem)
    # What publishing needs: an error in a published file, a warning in a draft.
    severity = "error" if status_of(data) == "published" else "warning"
    problems.extend(document.problem(issue.loc, issue.message, issue.hint, severity=severity, key=issue.at_key)
                    for issue in unfinished(model, data))
    return entity


def _load_ratings(document: Document, content: Content, problems: Problems) -> None:
    if not document.data:
        problems.add(document.problem((), "ratings.yaml lists no ratings", "list the verdict scale, best first"))
    seen_values: dict[int, str] = {}
    for index, item in enumerate(document.data):
        if not isinstance(item, dict):
            problems.add(document.problem((index,), f"each rating must be a mapping (id, label, …), not {type_name(item)}"))
            continue
        rating, found = validate_document(document, Rating, item, (index,))
        problems.extend(problem for _, problem in found)
        if rating is None:
            continue
        if rating.id in content.ratings:
            problems.add(document.problem((index, "id"), f"duplicate rating id '{rating.id}'", "each rating needs its own id"))
            continue
        reserved = reserved_id(RATINGS, rating.id)
        if reserved:
            problems.add(document.problem((index, "id"), reserved, "choose another id for this rating"))
        if rating.value is not None and rating.value in seen_values:
            problems.add(document.problem((index, "value"),
                                          f"rating value {rating.value} is also the value of '{seen_values[rating.value]}'",
                                          "each step of the scale needs its own value"))
            continue
        if rating.value is not None:
            seen_values[rating.value] = rating.id
        problems.extend(markup_warnings(document, rating, (index,)))
        content.ratings[rating.id] = rating
        content.paths[(RATINGS.name, rating.id)] = document.path


# --- references and the set as a whole ---------------------------------------------------

# Ids no item with a page of its own may take: its page, <kind>/<id>.md, would be the list of its
# kind (a kind without such a list, ratings, keeps the name free for one).
RESERVED_IDS = frozenset({"index"})


def reserved_id(kind: Kind, id: str) -> str | None:
    """The message for an id whose page would be an index page, or None."""
    if kind.page is None or id not in RESERVED_IDS:
        return None
    page = kind.page_path(id)
    kept = "" if page == kind.index else "kept for "
    return f"id '{id}' is reserved: {page} is {kept}the list of all {kind.name}"


def _known_ids(files: list[FoundFile], checked: list[CheckedFile]) -> dict[str, set[str] | None]:
    """Ids by kind: every file found, valid or not; ratings only when a scale could be read."""
    known: dict[str, set[str] | None] = {kind.name: set() for kind in KINDS if kind.folder}
    for found in files:
        if found.kind in known:
            known[found.kind].add(found.id)  # type: ignore[union-attr]
    scales = [file.document for file in checked if file.document.kind == RATINGS.name]
    known[RATINGS.name] = {item["id"] for d in scales for item in d.data
                           if isinstance(item, dict) and isinstance(item.get("id"), str)} if scales else None
    return known


def references(document: Document, *, well_formed: bool = True) -> Iterator[tuple[Loc, str, str]]:
    """(loc, kind, id) of every well-formed id this document refers to (with well_formed=False: every text
    that is not an id, such as `False`, which the model reports and the set of known ids gives a hint for)."""
    for pattern, kind in BY_NAME[document.kind].references:
        for loc, value in _values_at(document.data, pattern, ()):
            if isinstance(value, str) and bool(ID_RE.match(value)) == well_formed:
                yield loc, kind, value


def _values_at(data: Any, pattern: Loc, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    if not pattern:
        yield loc, data
        return
    step, rest = pattern[0], pattern[1:]
    if step == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _values_at(item, rest, loc + (index,))
    elif isinstance(data, dict) and step in data:
        yield from _values_at(data[step], rest, loc + (step,))


def _check_references(checked: list[CheckedFile], known: dict[str, set[str] | None], problems: Problems) -> None:
    hints = _UnknownIdHints(known)
    by_id = {(file.document.kind, file.document.id): file for file in checked}
    for file in checked:
        document = file.document
        listed: set[str] = set()
        for loc, kind, value in file.references:
            if document.kind == REPORTS.name and kind == CLAIMS.name:
                if value in listed:
                    problems.add(document.problem(loc, f"claim '{value}' is listed twice", "list each claim once"))
                listed.add(value)
            ids = known[kind]
            if ids is not None and value not in ids:
                problems.add(document.problem(loc, f"unknown {BY_NAME[kind].noun} '{value}'", hints.hint(kind, value)))
            cited = by_id.get((kind, value))
            if file.status == "published" and cited is not None and cited.status != "published":
                problems.add(_unpublished_cited(document, loc, cited))
        for kind, value, problem in file.malformed:
            meant = hints.meant(kind, value)
            problems.add(Problem(problem.path, problem.line, problem.column, problem.message,
                                 f"did you mean '{meant}'?", problem.severity) if meant else problem)


_AS_STATUS = {"draft": "a draft", "review": "in review"}


def _unpublished_cited(document: Document, loc: Loc, cited: CheckedFile) -> Problem:
    """A published file names an unpublished one, which a publishing build leaves out."""
    noun, cited_noun = BY_NAME[document.kind].noun, BY_NAME[cited.document.kind].noun
    return document.problem(loc, f"{cited_noun} '{cited.document.id}' is {_AS_STATUS[cited.status]}; "
                                 "publish it first or remove it",
                            f"set 'status: published' in {cited.document.shown_path}, "
                            f"or this {noun}'s status to {cited.status}")


class _UnknownIdHints:
    """The hint for an unknown id: the closest known id of its kind, in bounded time however many there are."""

    LISTED_RATINGS = 20  # a longer scale is not spelt out in each hint

    def __init__(self, known: dict[str, set[str] | None]) -> None:
        self.known = known
        self.matches: dict[str, CloseMatches] = {}

    def hint(self, kind: str, value: str) -> str:
        matches = self._matches(kind)
        if kind == RATINGS.name:  # a short list: every rating about as close as the closest is named
            suggestion = did_you_mean_one_of(value, matches.choices)
        else:
            suggestion = matches.hint(value)
        if suggestion:
            return suggestion
        if kind == RATINGS.name:
            ids = matches.choices
            if not ids:
                return "ratings.yaml defines no ratings"
            more = f", … ({len(ids)} in all)" if len(ids) > self.LISTED_RATINGS else ""
            return f"ratings.yaml defines {', '.join(ids[: self.LISTED_RATINGS])}{more}"
        return f"no file {kind}/{value}.yaml exists"

    def meant(self, kind: str, value: str) -> str | None:
        """The known id a text that is not an id stands for: its spelling as an id (`Mostly False`:
        `mostly-false`), or the known id closest to that."""
        ids = self.known[kind]
        if not ids:
            return None
        spelt = id_spelling(value)
        if not spelt or spelt in ids:
            return spelt or None
        return self._matches(kind).closest(spelt)

    def _matches(self, kind: str) -> CloseMatches:
        if kind not in self.matches:
            self.matches[kind] = CloseMatches(self.known[kind] or ())
        return self.matches[kind]


def _check_screenshots(content: Content, checked: list[CheckedFile], problems: Problems) -> None:
    """Each claim's screenshot is a readable image of the type its name says, small enough (generator.media)."""
    documents = {file.document.id: file.document for file in checked if file.document.kind == CLAIMS.name}
    for claim in content.claims.values():
        screenshot = claim.media.screenshot if claim.media else None
        if screenshot is None:
            continue
        found = screenshot_problem(content.root, screenshot.file)
        if found is not None:
            problems.add(documents[claim.id].problem(("media", "screenshot", "file"), *found))


def _warn_about_loose_ends(content: Content, checked: list[CheckedFile], problems: Problems) -> None:
    """Warnings: sources nobody cites or without an archived copy, claims in no report, verdicts dated before
    their claim."""
    referenced: dict[str, set[str]] = defaultdict(set)
    for file in checked:
        for _, kind, value in file.references:
            referenced[kind].add(value)
    documents = [file.document for file in checked]
    for document in (file.document for file in checked if not file.of_another_kind):  # its one error is enough
        if document.kind == SOURCES.name and document.id not in referenced[SOURCES.name]:
            problems.add(document.problem((), f"source '{document.id}' is cited by no claim or report",
                                          "cite it as evidence, or remove the file", severity="warning"))
        if document.kind == SOURCES.name and (source := content.sources.get(document.id)) and not source.archive_url:
            problems.add(document.problem(("url",), f"source '{document.id}' has no archive_url (an archived copy)",
                                          ARCHIVE_HINT, severity="warning", key=True))
        if document.kind == CLAIMS.name and document.id not in referenced[CLAIMS.name]:
            problems.add(document.problem((), f"claim '{document.id}' is in no report",
                                          "list it in a report's claims, if it belongs to one", severity="warning"))
    by_id = {(d.kind, d.id): d for d in documents}
    for claim in content.claims.values():
        if claim.verdict and claim.verdict.published < claim.date:
            problems.add(by_id[(CLAIMS.name, claim.id)].problem(
                ("verdict", "published"), f"verdict published {claim.verdict.published} before the claim was made ({claim.date})",
                "check both dates", severity="warning"))
    problems.extend(integrity_problems(content.claims, content.sources, content.people, content.publishing_organisation, by_id,
                                       Date.today()))
