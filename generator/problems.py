"""Problems found in content: collected, sorted and printed as ``path:line:column: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text


class Problems:
    """Every problem of one run, errors and warnings, each once, in file order."""

    def __init__(self, items: Iterable[Problem] = ()) -> None:
        self._items: dict[Problem, None] = dict.fromkeys(items)

    def add(self, problem: Problem) -> None:
        self._items[problem] = None

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.update(dict.fromkeys(problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if p.severity == "warning"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._items, key=_file_order))

    def __len__(self) -> int:
        return len(self._items)

    def summary(self) -> str:
        return f"{count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}"

    def report(self) -> str:
        return "\n".join([*map(str, self), self.summary()])


def _file_order(problem: Problem) -> tuple[str, int, int, str, str]:
    return problem.path, problem.line, problem.column, problem.message, problem.hint or ""


def count(number: int, noun: str) -> str:
    """"1 error", "2 errors"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class ContentError(Exception):
    """Raised when content has errors; carries all of them so callers can print each."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        errors = problems.errors
        super().__init__(f"{len(errors)} error(s) in content:\n" + "\n".join(map(str, errors)))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A hint naming the closest choice, for misspelt ids and field names."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def shorten(value: object, limit: int = 60) -> str:
    """A value as it may appear in a message: one line, at most limit characters."""
    text = str(value).replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as an editor would type it: relative to the working directory when it is inside it.

    root is accepted for callers that pass the content folder; paths stay relative to the
    working directory so that terminals and editors can open them.
    """
    path = path if path.is_absolute() else Path.cwd() / path
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
