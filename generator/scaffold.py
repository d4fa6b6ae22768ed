"""New content files from templates: `python -m generator new claim|source|claimant|report ID`.

A new file lists every field of its kind. Required fields the editor must fill are left
empty and marked "# required", so the validator points at exactly those lines until they
are filled; optional fields are commented out; dates default to today.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from string import Template

from .loading import YAML_SUFFIXES, slugify
from .model import ID_RE
from .problems import display_path
from .resources import NEW_FILE_TEMPLATES, REINSTALL_HINT
from .schemas import SCHEMA_FILES

TEMPLATES = NEW_FILE_TEMPLATES
FOLDERS = {"claim": "claims", "claimant": "claimants", "source": "sources", "report": "reports"}
NEW_KINDS = tuple(FOLDERS)


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
    slug = slugify(ascii_text).strip("-")
    return slug if ID_RE.match(slug) and slug != "item" else None


def check_id(new_id: str) -> None:
    if ID_RE.match(new_id):
        return
    suggestion = suggest_id(new_id)
    rule = "ids are 1-80 lowercase letters, digits and hyphens, starting with a letter or digit"
    hint = f"{rule}; try '{suggestion}'" if suggestion else rule
    raise ScaffoldError(f"'{new_id}' is not a valid id", hint, exit_code=2)


def _schema_reference(folder: Path, kind: str) -> str:
    """Where the kind's JSON Schema is, relative to the new file's folder, for the YAML language server.

    The schemas folder is looked for beside the content folder and above it; when none exists
    yet, the conventional layout (content/<kind>s/ two levels below schemas/) is assumed.
    """
    name = SCHEMA_FILES[FOLDERS[kind]]
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
    return template.substitute(id=new_id, today=today.isoformat(), schema=_schema_reference(folder, kind))


def plan_new(kind: str, new_id: str, content: Path, today: Date | None = None) -> NewFile:
    """The file `new` would write, after checking the id, the folder and that nothing is overwritten."""
    if kind not in FOLDERS:
        raise ScaffoldError(f"unknown kind '{kind}'", f"choose one of {', '.join(NEW_KINDS)}", exit_code=2)
    check_id(new_id)
    if not content.is_dir():
        raise ScaffoldError(f"content folder '{display_path(content)}' does not exist",
                            "run from the project folder, or pass --content DIR")
    folder = content / FOLDERS[kind]
    for suffix in YAML_SUFFIXES:
        existing = folder / f"{new_id}{suffix}"
        if existing.exists():
            raise ScaffoldError(f"{display_path(existing)} already exists; not overwriting it",
                                f"edit that file, or choose another id for a new {kind}")
    path = folder / f"{new_id}.yaml"
    return NewFile(path, render_new(kind, new_id, folder, today or Date.today()))


def write_new(kind: str, new_id: str, content: Path, today: Date | None = None) -> Path:
    new = plan_new(kind, new_id, content, today)
    try:
        new.path.parent.mkdir(parents=True, exist_ok=True)
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
