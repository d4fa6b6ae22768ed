"""Problems found in content: collected, sorted and printed as ``path:line:column: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
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
    """Every problem of one run, errors and warnings, in file order."""

    def __init__(self, items: Iterable[Problem] = ()) -> None:
        self._items: list[Problem] = list(items)

    def add(self, problem: Problem) -> None:
        self._items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self._items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self._items if p.severity == "warning")

    def __iter__(self):
        return iter(sorted(set(self._items)))

    def __len__(self) -> int:
        return len(self._items)

    def report(self) -> str:
        lines = [str(p) for p in self]
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


class ContentError(Exception):
    """Raised when content has errors; carries all of them so callers can print each."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        errors = problems.errors
        super().__init__(f"{len(errors)} error(s) in content:\n" + "\n".join(map(str, errors)))


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as an editor would type it: relative to the working directory when it is inside it."""
    path = path if path.is_absolute() else Path.cwd() / path
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()
