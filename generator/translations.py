"""Translations of the content for language editions: content/translations/<language>/.

Each translation points to its original by id (the same file name as the original's): a claim's
translation replaces its text fields, a report's its title and summary, a claimant's its name, a
source's its title, and ratings.yaml gives every rating's label and description. Checked here,
with the originals: a translation of nothing is an error, so is an evidence key the original
does not cite and a rating left without its label; a published claim or report left untranslated
is a warning (the edition leaves it out), and so is a translation older than a change of its
original's verdict (stale).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from .documents import markup_warnings, validate_document
from .kinds import CLAIMS, LANGUAGE_TAG, RATINGS, TRANSLATED, TRANSLATED_KINDS, TRANSLATION_LAYOUT, TRANSLATIONS_FOLDER, TranslatedKind
from .loading import ID_RE, Document, InvalidYaml, Loc, find_files, position, read_yaml
from .model import (Claim, ClaimantTranslation, ClaimTranslation, Entity, Publishable, RatingTranslation,
                    ReportTranslation, SourceTranslation, type_name)
from .problems import CloseMatches, Problem, closest, did_you_mean, display_path, shorten


@dataclass
class Translation:
    """One language's translations: each kind's by the id of its original, and the file each came from."""

    language: str
    ratings: dict[str, RatingTranslation] = field(default_factory=dict)
    claimants: dict[str, ClaimantTranslation] = field(default_factory=dict)
    sources: dict[str, SourceTranslation] = field(default_factory=dict)
    claims: dict[str, ClaimTranslation] = field(default_factory=dict)
    reports: dict[str, ReportTranslation] = field(default_factory=dict)
    paths: dict[tuple[str, str], Path] = field(default_factory=dict)


@dataclass(frozen=True)
class Originals:
    """What translations are checked against: the loaded entities of each kind by id, the ids of every
    file found (valid or not: a translation of a file with errors is not an orphan too), the file of
    each original, and the ids of people (translators)."""

    entities: Mapping[str, Mapping[str, Entity]]
    known: Mapping[str, Iterable[str]]
    paths: Mapping[tuple[str, str], Path]
    people: Iterable[str] = ()


@functools.lru_cache(maxsize=64)
def language_name(language: str, in_language: str = "en") -> str:
    """The language's name, as CLDR (Babel) writes it in `in_language`: ar → Arabic, or العربية in ar."""
    try:
        return Locale.parse(language, sep="-").get_display_name(Locale.parse(in_language, sep="-")) or language
    except (ValueError, UnknownLocaleError):
        return language


def translation_languages(root: Path) -> list[str]:
    """The languages content/translations/ has a folder for (well named or not), in order."""
    folder = root / TRANSLATIONS_FOLDER
    if not folder.is_dir():
        return []
    return sorted(path.name for path in folder.iterdir() if path.is_dir() and not path.name.startswith("."))


def load_translations(root: Path, originals: Originals) -> tuple[dict[str, Translation], list[Problem]]:
    """Every language's translations under root/translations/, checked against the originals.
    A content folder without translations/ gives nothing, and no problem."""
    problems: list[Problem] = []
    translations: dict[str, Translation] = {}
    folder = root / TRANSLATIONS_FOLDER
    if not folder.is_dir():
        return translations, problems
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if not path.is_dir():
            problems.append(Problem(display_path(path), 1, 1, f"'{shorten(path.name)}' is not read",
                                    f"{TRANSLATIONS_FOLDER}/ holds one folder per language, e.g. "
                                    f"{TRANSLATIONS_FOLDER}/ar/", "warning"))
            continue
        if not LANGUAGE_TAG.match(path.name):
            problems.append(Problem(display_path(path), 1, 1,
                                    f"folder name '{shorten(path.name)}' is not a language tag, so its files are not read",
                                    "name it by the language's BCP 47 tag in lowercase, e.g. ar, fr or pt-br"))
            continue
        translation, found = _load_language(path, path.name, originals)
        translations[path.name] = translation
        problems.extend(found)
    return translations, problems


def _load_language(folder: Path, language: str, originals: Originals) -> tuple[Translation, list[Problem]]:
    translation = Translation(language)
    files, problems = find_files(folder, TRANSLATION_LAYOUT)
    seen: set[tuple[str, str]] = set()
    files_of: dict[str, set[str]] = {kind.name: set() for kind in TRANSLATED_KINDS}
    for found in files:
        kind = TRANSLATED[found.kind]
        key = (kind.name, found.id.lower())
        if key in seen:
            problems.append(Problem(display_path(found.path), 1, 1, f"the translation of {kind.noun} '{found.id}' "
                                    "is also given by another file", "rename or remove one of the two files"))
            continue
        seen.add(key)
        files_of[kind.name].add(found.id)
        try:
            parsed = read_yaml(found.path)
        except InvalidYaml as error:
            problems.append(Problem(display_path(found.path), error.line, error.column, error.message, error.hint))
            continue
        except OSError as error:
            problems.append(Problem(display_path(found.path), 1, 1, f"cannot read file: {error.strerror or error}"))
            continue
        document = Document(found.path, kind.name, found.id, parsed.data, parsed.node)
        problems.extend(Problem(document.shown_path, i.line, i.column, i.message, i.hint) for i in parsed.issues)
        if not isinstance(parsed.data, dict):
            what = "a mapping of rating ids to their label and description" if kind.original is RATINGS \
                else "a mapping of fields (name: value)"
            problems.append(Problem(document.shown_path, *position(parsed.node),
                                    f"the top level must be {what}, not {type_name(parsed.data)}"))
            continue
        if kind.original is RATINGS:
            files_of[RATINGS.name].update(map(str, document.data))  # a rating given, valid or not, is not missing
            problems.extend(_check_ratings(document, translation, originals))
        else:
            problems.extend(_check_item(document, kind, translation, originals))
        document.release(data=True)
    problems.extend(_missing(folder, translation, originals, files_of))
    return translation, problems


def _check_ratings(document: Document, translation: Translation, originals: Originals) -> list[Problem]:
    problems: list[Problem] = []
    ratings = originals.entities[RATINGS.name]
    for rating_id, item in document.data.items():
        if rating_id not in ratings:
            problems.append(document.problem((rating_id,), f"no rating '{shorten(rating_id)}' to translate",
                                             did_you_mean(str(rating_id), ratings) or
                                             f"ratings.yaml defines {', '.join(ratings) or 'no ratings'}", key=True))
            continue
        if not isinstance(item, dict):
            problems.append(document.problem((rating_id,), f"rating '{rating_id}' must be a mapping (label, description), "
                                                           f"not {type_name(item)}"))
            continue
        rating, found = validate_document(document, RatingTranslation, item, (rating_id,))
        problems.extend(problem for _, problem in found)
        if rating is not None:
            problems.extend(markup_warnings(document, rating, (rating_id,)))
            translation.ratings[rating_id] = rating
            translation.paths[(RATINGS.name, rating_id)] = document.path
    return problems


def _check_item(document: Document, kind: TranslatedKind, translation: Translation,
                originals: Originals) -> list[Problem]:
    problems: list[Problem] = []
    data = dict(document.data)
    if "id" in data:
        problems.append(document.problem(("id",), "unknown field 'id': the id comes from the file name",
                                         "a translation's file is named like its original's", key=True))
        del data["id"]
    known = set(originals.known.get(kind.name, ()))
    if document.id not in known:
        meant = CloseMatches(known).closest(document.id)
        problems.append(document.problem((), f"no {kind.noun} '{document.id}' to translate" +
                                         (f"; did you mean '{meant}'?" if meant else ""),
                                         f"a translation has the file name of its original, "
                                         f"content/{kind.original.folder}/<id>.yaml"))
    entity, found = validate_document(document, kind.model, {"id": document.id, **data}, ())
    problems.extend(problem for _, problem in found)
    for loc, target in kind.references:
        value = _value_at(data, loc)
        if isinstance(value, str) and ID_RE.match(value) and value not in set(originals.people):
            problems.append(document.problem(loc, f"unknown person '{value}'",
                                             did_you_mean(value, originals.people) or f"no file people/{value}.yaml exists"))
    if entity is None:
        return problems
    problems.extend(markup_warnings(document, entity))
    original = originals.entities[kind.name].get(document.id)
    if isinstance(entity, ClaimTranslation) and isinstance(original, Claim):
        problems.extend(_check_claim(document, entity, original))
    getattr(translation, kind.name)[document.id] = entity
    translation.paths[(kind.name, document.id)] = document.path
    return problems


def _value_at(data: Any, loc: Loc) -> Any:
    for step in loc:
        data = data.get(step) if isinstance(data, dict) else None
    return data


def _check_claim(document: Document, translation: ClaimTranslation, original: Claim) -> list[Problem]:
    problems: list[Problem] = []
    if translation.context is not None and original.context is None:
        problems.append(document.problem(("context",), f"claim '{original.id}' has no context to translate",
                                         "remove it, or give the original its context first", key=True))
    summary = original.verdict.summary if original.verdict else None
    if summary is not None and (translation.verdict is None or translation.verdict.summary is None):
        at = ("verdict",) if translation.verdict is not None else ()
        problems.append(document.problem(at, "missing required field 'verdict.summary'",
                                         f"the original's verdict has a summary: translate it (\"{shorten(summary, 40)}\")"))
    cited = list(dict.fromkeys(e.source for e in original.verdict.evidence)) if original.verdict else []
    for source_id in translation.evidence:
        if source_id not in cited:
            meant = closest(source_id, cited, cutoff=0.8)  # not 0.6: source ids share their dates' digits
            hint = f"did you mean '{meant}'?" if meant else (
                f"the original cites {', '.join(cited)}" if cited else "the original cites no source yet")
            problems.append(document.problem(("evidence", source_id), f"source '{source_id}' is not cited by "
                                                                      f"claim '{original.id}'", hint, key=True))
    changed = _changed_after(original, translation.translated)
    if changed is not None:
        problems.append(document.problem(
            ("translated",), f"the original's verdict changed on {changed.isoformat()}, after this translation "
                             f"({translation.translated.isoformat()})",
            f"check the translation against content/{CLAIMS.folder}/{original.id}.yaml, then set 'translated' "
            "to the day you did", severity="warning"))
    return problems


def _changed_after(original: Claim, translated: Date) -> Date | None:
    """The latest change of the original's verdict after the day of its translation, or None."""
    dates = [entry.date for entry in original.history]
    if original.verdict and original.verdict.updated:
        dates.append(original.verdict.updated)
    latest = max(dates, default=None)
    return latest if latest is not None and latest > translated else None


def _missing(folder: Path, translation: Translation, originals: Originals,
             files: dict[str, set[str]]) -> list[Problem]:
    """Warnings for each published claim and report left untranslated (no file: one with errors is
    reported for them); an error for the ratings without a label."""
    problems: list[Problem] = []
    name = language_name(translation.language)
    ratings = originals.entities[RATINGS.name]
    untranslated = [id for id in ratings if id not in files[RATINGS.name]]
    if untranslated:
        file = folder / RATINGS.files[0]
        shown = display_path(file)
        listed = f"ratings {', '.join(repr(id) for id in untranslated)} have" if len(untranslated) > 1 \
            else f"rating '{untranslated[0]}' has"
        problems.append(Problem(shown, 1, 1, f"{listed} no {name} label",
                                "every rating of ratings.yaml needs its label and description in the edition: "
                                f"{untranslated[0]}: {{label: …, description: …}}"))
    for kind in TRANSLATED_KINDS:
        if not kind.left_out:
            continue
        translated = getattr(translation, kind.name)
        for id, original in originals.entities[kind.name].items():
            if id in translated or id in files[kind.name] or (isinstance(original, Publishable) and not original.is_published):
                continue
            where = originals.paths.get((kind.name, id))
            problems.append(Problem(display_path(where) if where else id, 1, 1,
                                    f"{kind.noun} '{id}' has no {name} translation: it is left out of the "
                                    f"{name} edition",
                                    f"translate it: python -m generator new {kind.noun} --lang "
                                    f"{translation.language} {id}", "warning"))
    return problems
