"""New content files from templates: `python -m generator new claim|source|claimant|report ID`;
and a new desk's repository: `python -m generator init DIR`.

A new file lists every field of its kind. Required fields the editor must fill are left
empty and marked "# required", so the validator points at exactly those lines until they
are filled; optional fields are commented out; dates default to today.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from importlib import metadata
from pathlib import Path
from string import Template

import yaml

from .kinds import (CLAIMANTS, CLAIMS, KINDS, LANGUAGE_TAG, LAYOUT, RATINGS, REPORTS, TRANSLATED, TRANSLATED_KINDS,
                    TRANSLATIONS_FOLDER, Kind, TranslatedKind)
from .loading import YAML_SUFFIXES, InvalidYaml, find_files, read_yaml, slugify
from .model import ID_RE
from .problems import CloseMatches, Problem, display_path, shorten
from .resources import DESK_FILES, NEW_FILE_TEMPLATES, REINSTALL_HINT
from .schemas import schema_texts
from .translations import language_name

TEMPLATES = NEW_FILE_TEMPLATES
# The kinds kept one file each, by noun: a claim first (what editors add most), then as they are read.
NEW_FILE_KINDS = {kind.noun: kind for kind in sorted((k for k in KINDS if k.folder), key=lambda kind: kind is not CLAIMS)}
NEW_KINDS = tuple(NEW_FILE_KINDS)


class ScaffoldError(Exception):
    """A reason not to write the file, for the editor; exit_code follows the CLI's conventions."""

    def __init__(self, message: str, hint: str | None = None, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message, self.hint, self.exit_code = message, hint, exit_code

    def __str__(self) -> str:
        return f"error: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")


@dataclass(frozen=True)
class NewFile:
    path: Path
    text: str


def suggest_id(text: str) -> str | None:
    """A valid id close to what the editor typed, or None when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = slugify(ascii_text)
    return slug if ID_RE.match(slug) and slug != "item" else None


def check_id(new_id: str) -> None:
    if ID_RE.match(new_id):
        return
    suggestion = suggest_id(new_id)
    rule = "ids are 1-80 lowercase letters, digits and hyphens, starting with a letter or digit"
    hint = f"{rule}; try '{suggestion}'" if suggestion else rule
    raise ScaffoldError(f"'{new_id}' is not a valid id", hint, exit_code=2)


def _schema_reference(folder: Path, kind: Kind) -> str:
    """Where the kind's JSON Schema is, relative to the new file's folder, for the YAML language server.

    The schemas folder is looked for beside the content folder and above it; when none exists
    yet, the conventional layout (content/<kind>s/ two levels below schemas/) is assumed.
    """
    name = kind.schema_file
    for parent in folder.resolve().parents:
        candidate = parent / "schemas" / name
        if candidate.is_file():
            try:
                return Path(os.path.relpath(candidate, folder.resolve())).as_posix()
            except ValueError:  # another drive on Windows: no relative path exists
                return candidate.as_uri()
    return f"../../schemas/{name}"


def render_new(kind: str, new_id: str, folder: Path, today: Date) -> str:
    source = TEMPLATES / f"{kind}.yaml.tmpl"
    try:
        template = Template(source.read_text(encoding="utf-8"))
    except OSError:
        raise ScaffoldError(f"template {source} is missing", REINSTALL_HINT) from None
    return template.substitute(id=new_id, today=today.isoformat(), schema=_schema_reference(folder, NEW_FILE_KINDS[kind]))


def plan_new(kind: str, new_id: str, content: Path, today: Date | None = None) -> NewFile:
    """The file `new` would write, after checking the id, the folder and that nothing is overwritten."""
    if kind not in NEW_FILE_KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'", f"choose one of {', '.join(NEW_KINDS)}", exit_code=2)
    check_id(new_id)
    if not content.is_dir():
        raise ScaffoldError(f"content folder '{display_path(content)}' does not exist",
                            "run from the project folder, or pass --content DIR")
    folder = content / NEW_FILE_KINDS[kind].name
    for suffix in YAML_SUFFIXES:
        existing = folder / f"{new_id}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"{display_path(existing)} already exists; not overwriting it",
                                f"edit that file, or choose another id for a new {kind}")
    path = folder / f"{new_id}.yaml"
    return NewFile(path, render_new(kind, new_id, folder, today or Date.today()))


# --- a translation of an existing file: python -m generator new claim --lang ar ID ----------------

_TRANSLATION_NOTE = "the original"


def plan_translation(kind: str, original_id: str, language: str, content: Path, today: Date | None = None) -> NewFile:
    """The translation `new --lang` would write: the original's text fields to translate, each empty
    (required) or commented out (optional), with the original's words beside them."""
    translated = TRANSLATED.get(NEW_FILE_KINDS[kind].name) if kind in NEW_FILE_KINDS else None
    if translated is None or translated.original is RATINGS:
        choices = ", ".join(k.noun for k in TRANSLATED_KINDS if k.original.folder)
        raise ScaffoldError(f"a {kind} has no translation of its own", f"translate one of: {choices}", exit_code=2)
    if not LANGUAGE_TAG.match(language):
        raise ScaffoldError(f"'{language}' is not a language tag", "use the language's BCP 47 tag in lowercase, "
                                                                   "e.g. ar, fr or pt-br", exit_code=2)
    check_id(original_id)
    if not content.is_dir():
        raise ScaffoldError(f"content folder '{display_path(content)}' does not exist",
                            "run from the project folder, or pass --content DIR")
    files, _ = find_files(content, LAYOUT)
    of_kind = {found.id: found.path for found in files if found.kind == translated.name}
    if original_id not in of_kind:
        meant = CloseMatches(of_kind).closest(original_id)
        raise ScaffoldError(f"no {kind} '{original_id}' to translate" + (f"; did you mean '{meant}'?" if meant else ""),
                            f"a translation is made of an existing file of content/{translated.original.folder}/")
    try:
        data = read_yaml(of_kind[original_id]).data
    except (InvalidYaml, OSError) as error:
        raise ScaffoldError(f"cannot read {display_path(of_kind[original_id])}: {getattr(error, 'message', error)}",
                            "fix it first: python -m generator validate") from None
    folder = content / TRANSLATIONS_FOLDER / language / translated.original.folder
    for suffix in YAML_SUFFIXES:
        existing = folder / f"{original_id}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"{display_path(existing)} already exists; not overwriting it",
                                f"edit that file, and set its 'translated' date when it matches the original again")
    day = (today or Date.today()).isoformat()
    name = language_name(language)
    schema = _schema_reference_named(folder, translated.schema_file)
    lines = [f"# yaml-language-server: $schema={schema}",
             f"# The {name} translation of {kind} '{original_id}' ({display_path(of_kind[original_id])}), started {day}.",
             f"# Write each field marked 'required' in {name}; the original's words are beside each field. To use",
             "# an optional field, delete the '# ' in front of it. Check your work with: python -m generator validate"]
    lines += _translation_fields(translated, data if isinstance(data, dict) else {}, day)
    return NewFile(folder / f"{original_id}.yaml", "\n".join(lines) + "\n")


def _schema_reference_named(folder: Path, schema_file: str) -> str:
    for parent in folder.resolve().parents:
        candidate = parent / "schemas" / schema_file
        if candidate.is_file():
            try:
                return Path(os.path.relpath(candidate, folder.resolve())).as_posix()
            except ValueError:
                return candidate.as_uri()
    return f"../../../../schemas/{schema_file}"


def _original(value: object) -> str:
    """The original's text for a comment: on one line, shortened."""
    text = " ".join(str(value).split())
    return f"{_TRANSLATION_NOTE}: {shorten(text, 100)}"


def _field(name: str, value: object, *, required: bool, indent: str = "", block: bool = False) -> list[str]:
    if value is None or value == "":
        return []
    if required:
        return [f"{indent}{name}:".ljust(24) + f" # required; {_original(value)}"]
    commented = "" if indent.startswith("#") else "# "  # inside a block that is commented out already
    return [f"{indent}{commented}{name}:{' |' if block else ''}".ljust(24) + f" # {_original(value)}"]


def _translation_fields(kind: TranslatedKind, data: dict, day: str) -> list[str]:
    if kind.original is CLAIMS:
        verdict = data.get("verdict") if isinstance(data.get("verdict"), dict) else {}
        lines = [f"translated: {day}".ljust(24) + " # the day it was translated, or last checked against the original",
                 "# translator:".ljust(24) + " # a person id (a file name in people/, without .yaml)"]
        lines += _field("claim", data.get("claim"), required=True)
        lines += _field("context", data.get("context"), required=False)
        if verdict.get("summary") or verdict.get("analysis"):
            lines.append("verdict:")
            lines += _field("summary", verdict.get("summary"), required=True, indent="  ")
            lines += _field("analysis", verdict.get("analysis"), required=False, indent="  ", block=True)
        evidence = [item for item in verdict.get("evidence") or [] if isinstance(item, dict)]
        shown = [item for item in evidence if item.get("quote") or item.get("note")]
        if shown:
            lines.append("# evidence:".ljust(24) + " # by source id: delete the '# ' of the items you translate")
            for item in dict((str(item.get("source")), item) for item in shown).values():
                lines.append(f"#   {item.get('source')}:")
                lines += _field("quote", item.get("quote"), required=False, indent="#     ")
                if item.get("quote"):
                    lines.append("#     quote_is_translation: true".ljust(24) +
                                 " # false when the quote is the source's own words in this language")
                lines += _field("note", item.get("note"), required=False, indent="#     ")
        return lines
    if kind.original is REPORTS:
        return [f"translated: {day}".ljust(24) + " # the day it was translated, or last checked against the original",
                *_field("title", data.get("title"), required=True),
                *_field("summary", data.get("summary"), required=False, block=True)]
    if kind.original is CLAIMANTS:
        return [*_field("name", data.get("name"), required=True),
                *_field("description", data.get("description"), required=False)]
    return [*_field("title", data.get("title"), required=True),  # a source
            *_field("publisher", data.get("publisher"), required=False)]


def write_new(kind: str, new_id: str, content: Path, today: Date | None = None, language: str | None = None) -> Path:
    new = plan_new(kind, new_id, content, today) if language is None else \
        plan_translation(kind, new_id, language, content, today)
    try:
        new.path.parent.mkdir(parents=language is not None, exist_ok=True)  # in the content folder, which plan_new found
    except OSError as error:  # e.g. claims/ is a file
        raise ScaffoldError(f"cannot create {display_path(new.path.parent)}/: {error.strerror or error}") from None
    try:
        with new.path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite, even in a race
            file.write(new.text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(new.path)} already exists; not overwriting it") from None
    except OSError as error:
        raise ScaffoldError(f"cannot write {display_path(new.path)}: {error.strerror or error}") from None
    return new.path


# --- a new desk's repository: python -m generator init DIR ------------------------------------

DISTRIBUTION = "factcheck-site-generator"
GENERATOR_REPOSITORY = "https://github.com/open-fact-desk/factcheck-site"  # for pip and pre-commit
# What init writes into mkdocs.yml until the desk gives its own addresses (validate warns meanwhile).
PLACEHOLDERS = {
    "site_url": "https://YOUR-ORGANISATION.github.io/YOUR-REPOSITORY/",
    "repo_url": "https://github.com/YOUR-ORGANISATION/YOUR-REPOSITORY",
}
_PLACEHOLDER_WORDS = ("YOUR-ORGANISATION", "YOUR-REPOSITORY")
_SUBSTITUTED = ".tmpl"  # an init file with this suffix is a string.Template, written without the suffix


def desk_files(version: str) -> dict[str, bytes]:
    """Each file of a new desk, by its path relative to the desk's folder (schemas/ included)."""
    values = {**PLACEHOLDERS, "version": version, "generator_repo": GENERATOR_REPOSITORY}
    files: dict[str, bytes] = {}
    if not DESK_FILES.is_dir():
        raise ScaffoldError(f"the new desk's files ({DESK_FILES}) are missing", REINSTALL_HINT)
    for path in sorted(p for p in DESK_FILES.rglob("*") if p.is_file()):
        name = path.relative_to(DESK_FILES).as_posix()
        if name.endswith(_SUBSTITUTED):
            text = Template(path.read_text(encoding="utf-8")).substitute(values)
            files[name.removesuffix(_SUBSTITUTED)] = text.encode("utf-8")
        else:
            files[name] = path.read_bytes()
    for name, text in schema_texts().items():  # for the editor settings in .vscode/
        files[f"schemas/{name}"] = text.encode("utf-8")
    return files


def installed_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ScaffoldError(f"cannot tell which version of {DISTRIBUTION} this is, to pin it in the new desk",
                            f"install it: pip install {DISTRIBUTION}") from None


def init_desk(folder: Path) -> list[str]:
    """Write a new desk into folder (new, or empty); returns the paths written. Nothing is left
    behind when writing fails part of the way."""
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{display_path(folder)} is a file, not a folder",
                            "choose a new folder for the desk, e.g. python -m generator init my-desk", exit_code=2)
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"{display_path(folder)} is not empty; init starts a desk only in a new or empty folder",
                            "choose a new folder, e.g. python -m generator init my-desk", exit_code=2)
    files = desk_files(installed_version())
    created = not folder.exists()
    try:
        for name, data in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as file:  # "x": never overwrite, even in a race
                file.write(data)
    except BaseException as error:
        _remove_written(folder, created)
        if isinstance(error, OSError):
            raise ScaffoldError(f"cannot write the new desk in {display_path(folder)}: "
                                f"{error.strerror or error}") from None
        raise
    return list(files)


def _remove_written(folder: Path, created: bool) -> None:
    """Undo a part-written init: the folder was new, or empty before."""
    if created:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def placeholder_problems(mkdocs_yml: Path) -> list[Problem]:
    """A warning at each of site_url and repo_url that still holds init's placeholder address."""
    try:
        root = yaml.compose(mkdocs_yml.read_text(encoding="utf-8"))  # composed only: tags such as !ENV are fine
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # no site settings to check here (the build reports unreadable ones)
    if not isinstance(root, yaml.MappingNode):
        return []
    problems = []
    for key, value in root.value:
        if key.value in PLACEHOLDERS and isinstance(value, yaml.ScalarNode) and any(
                word in value.value for word in _PLACEHOLDER_WORDS):
            problems.append(Problem(
                display_path(mkdocs_yml), value.start_mark.line + 1, value.start_mark.column + 1,
                f"{key.value} still holds the placeholder address written by `python -m generator init`",
                "write where the site is published" if key.value == "site_url" else "write this repository's address",
                severity="warning"))
    return problems
