"""Problems found in content: collected, sorted and printed as ``path:line:column: message``."""

from __future__ import annotations

import bisect
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
    """A hint naming the closest choice, for misspelt ids and field names (compares every choice)."""
    match = closest(word, choices)
    return f"did you mean '{match}'?" if match else None


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean_one_of(word: str, choices: Iterable[str], most: int = 3) -> str | None:
    """did_you_mean for a short list (a rating scale): every choice about as close as the closest is named."""
    matches = difflib.get_close_matches(word, list(choices), n=most, cutoff=0.6)  # the closest first
    if not matches:
        return None
    ratios = [difflib.SequenceMatcher(None, match, word).ratio() for match in matches]
    return f"did you mean {_either([m for m, ratio in zip(matches, ratios) if ratio >= ratios[0] - 0.1])}?"


def _either(words: list[str]) -> str:
    quoted = [f"'{word}'" for word in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"

class CloseMatches:
    """did_you_mean for many words over one set of choices, with bounded work however many there are.

    Each word is compared with every choice, as did_you_mean does, while the set is small or the
    comparisons made so far stay within BUDGET: a few misspelt ids among thousands get the hints
    they always had. Comparing each of thousands of misspelt ids with each of thousands of ids
    would take minutes, so past that only a few choices are compared: those one letter off the
    word (a letter wrong, missing or extra, or two letters swapped), found through an index of each
    choice with one letter deleted; if there are none, those sharing the longest start or end with
    the word (typos near one end). Each word's hint is kept, for ids misspelt the same way in many files.
    """

    FEW = 50  # a set this small is always compared whole
    BUDGET = 5_000  # choices compared in whole-set comparisons of a larger set, in all
    NEAR = 10  # at most this many choices one letter off are compared
    NEIGHBOURS = 3  # choices on each side of the word in sorted order (and sorted by their ends)

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = sorted(set(choices))
        self._budget = self.BUDGET
        self._hints: dict[str, str | None] = {}  # each word's closest choice
        self._deleted: dict[int, str | list[str]] | None = None
        self._ends: list[str] | None = None

    def hint(self, word: str) -> str | None:
        match = self.closest(word)
        return f"did you mean '{match}'?" if match else None

    def closest(self, word: str) -> str | None:
        if word not in self._hints:
            self._hints[word] = closest(word, self._compared_with(word))
        return self._hints[word]

    def _compared_with(self, word: str) -> list[str]:
        if len(self.choices) <= self.FEW:
            return self.choices
        if self._budget >= len(self.choices):
            self._budget -= len(self.choices)
            return self.choices
        return self._near(word)

    def _near(self, word: str) -> list[str]:
        near: dict[str, None] = {}
        lookup = self._deletion_index().get
        for variant in _with_one_deleted(word):
            found = lookup(hash(variant))
            if found is not None:
                near.update(dict.fromkeys([found] if isinstance(found, str) else found[: self.NEAR]))
                if len(near) >= self.NEAR:
                    break
        if near:
            return list(near)[: self.NEAR]
        if self._ends is None:
            self._ends = sorted(choice[::-1] for choice in self.choices)
        return [*_neighbours(self.choices, word, self.NEIGHBOURS),
                *(end[::-1] for end in _neighbours(self._ends, word[::-1], self.NEIGHBOURS))]

    def _deletion_index(self) -> dict[int, str | list[str]]:
        """Each choice under itself and under each way of deleting one of its letters.

        Two words one letter apart meet in it: one is the other with a letter deleted, or both are
        the same with one deleted. Keyed by the strings' hashes, so that thousands of ids take a few
        megabytes; a rare collision only adds a choice to compare.
        """
        if self._deleted is None:
            index: dict[int, str | list[str]] = {}
            for choice in self.choices:
                for variant in _with_one_deleted(choice):
                    key = hash(variant)
                    found = index.get(key)
                    if found is None:
                        index[key] = choice
                    elif isinstance(found, list):
                        found.append(choice)
                    else:
                        index[key] = [found, choice]
            self._deleted = index
        return self._deleted


def _with_one_deleted(word: str) -> list[str]:
    """word, then each distinct string made by deleting one of its letters."""
    return list(dict.fromkeys([word, *(word[:i] + word[i + 1:] for i in range(len(word)))]))


def _neighbours(ordered: list[str], word: str, count: int) -> list[str]:
    """The count items on each side of where word would go in the ordered list."""
    at = bisect.bisect_left(ordered, word)
    return ordered[max(at - count, 0): at + count]


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
