"""Reading content/: finding files, safe YAML with positions, and bounds on hostile input.

YAML is composed into nodes (PyYAML's safe C loader when present, the safe pure-Python
one otherwise) and converted to plain data here, never through PyYAML's constructors of
collections, so that:

- no object other than str, int, float, None, date/datetime, list and dict is ever built;
- duplicate keys are caught instead of silently keeping the last one;
- aliases are expanded under a node budget (billion laughs), nesting is bounded, and
  numbers are bounded in length (Python refuses to convert ints of more than 4300 digits);
- plain booleans (`rating: false`) stay the strings the editor typed: no field of the
  contract is a boolean, and pydantic still reads "true"/"yes" wherever one is added later.

The composed nodes are kept with the data, so any problem can point at the line and
column of the offending key or value.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import indentation
from .problems import Problem, Severity, closest, display_path, shorten

try:
    from yaml import CSafeLoader as DEFAULT_LOADER
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as DEFAULT_LOADER  # type: ignore[assignment]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
ID_RE = re.compile(ID_PATTERN)

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 30

Loc = tuple[str | int, ...]
_scalar_constructor = yaml.SafeLoader("")  # only its scalar constructors (int, float, timestamp) are used

_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE, _TIMESTAMP, _NULL = (_TAG + name for name in ("str", "seq", "map", "merge", "timestamp", "null"))
_TEXT_TAGS = {_STR, _TAG + "bool"}
_NUMBER_TAGS = {_TAG + "int", _TAG + "float"}


class InvalidYaml(Exception):
    """A problem in one file's YAML, with its 1-based position."""

    def __init__(self, line: int, column: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


@dataclass
class ParsedYaml:
    node: yaml.Node
    data: Any
    issues: list[InvalidYaml]


@dataclass
class Document:
    """One parsed content file: its data, its YAML nodes (for positions) and where it came from.

    Once a file is checked, its nodes and data may be let go (`release`): at 10,000 claims they
    hold millions of objects, and files checked in another process (generator.parallel) travel
    back without them. A problem found later reads the file again for its position.
    """

    path: Path
    kind: str
    id: str
    data: Any
    node: yaml.Node | None = field(default=None, repr=False)
    _positions: Positions | None = field(default=None, init=False, repr=False, compare=False)

    @functools.cached_property
    def shown_path(self) -> str:
        return display_path(self.path)

    def release(self, *, data: bool) -> None:
        self.node = self._positions = None
        if data:
            self.data = None

    def problem(self, loc: Loc, message: str, hint: str | None = None, *,
                severity: Severity = "error", key: bool = False) -> Problem:
        """A problem at the value at loc (or at its key, with key=True)."""
        if self.node is None:
            self.node = _nodes_again(self.path)
        if self.node is None:
            return Problem(self.shown_path, 1, 1, message, hint, severity)
        if self._positions is None or self._positions.root is not self.node:
            self._positions = Positions(self.node)
        return Problem(self.shown_path, *self._positions.locate(loc, key=key), message, hint, severity)


def _nodes_again(path: Path) -> yaml.Node | None:
    try:
        return read_yaml(path).node
    except (InvalidYaml, OSError):  # the file changed since it was read
        return None


# --- YAML text to data -------------------------------------------------------------------

def parse_yaml(text: str, loader: type = DEFAULT_LOADER) -> ParsedYaml:
    """Parse one YAML document; recoverable issues are collected, fatal ones raise InvalidYaml."""
    try:
        if _could_nest_deeply(text):
            _check_nesting(text, loader)
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, loader) from None
    except yaml.reader.ReaderError as error:
        raise _unreadable_character(text, error) from None
    except yaml.YAMLError as error:
        raise InvalidYaml(1, 1, f"YAML error: {shorten(str(error).strip(), 200)}") from None
    except RecursionError:  # a last guard: _check_nesting should have refused such input
        raise InvalidYaml(1, 1, f"document is nested more than {MAX_DEPTH} levels deep") from None
    if node is None:
        raise InvalidYaml(1, 1, "file is empty", "delete it, or fill in the fields of its kind")
    issues: list[InvalidYaml] = []
    return ParsedYaml(node, _Converter(issues).build(node, 0), issues)


def _could_nest_deeply(text: str) -> bool:
    """A cheap upper bound: each level of nesting needs a bracket, a dash, a '?' or more indentation."""
    openers = text.count("[") + text.count("{") + text.count("-") + text.count("?")
    if openers >= MAX_DEPTH:
        return True
    indent = " " * (MAX_DEPTH - openers)  # a line indented this much or more
    return text.startswith(indent) or "\n" + indent in text


def _check_nesting(text: str, loader: type) -> None:
    """Refuse deep nesting before composing: the composers recurse once per level (the C one in C)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise InvalidYaml(event.start_mark.line + 1, event.start_mark.column + 1,
                                  f"document is nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _unreadable_character(text: str, error: yaml.reader.ReaderError) -> InvalidYaml:
    """A character YAML does not allow in a file (the loaders count its offset differently: find it)."""
    character = chr(error.character)  # a code point: the text is decoded already
    before = text[: max(text.find(character), 0)]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return InvalidYaml(line, column, f"character U+{error.character:04X} is not allowed in YAML",
                       'remove it, or write it as an escape in double quotes, e.g. "\\x07"')


_SYNTAX_HINTS = {
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
    "found character that cannot start any token": "indent with spaces, not tabs; quote text that starts with @ or `",
    "but found another document": "one entity per file: remove the second '---' and what follows",
    "mapping values are not allowed here": "put text that contains ': ' in quotes",
    "mapping values are not allowed in this context": "put text that contains ': ' in quotes, and check the indentation",
    "found unexpected end of stream": "a quote or bracket is not closed",
}


def _syntax_error(error: yaml.MarkedYAMLError, text: str = "", loader: type = DEFAULT_LOADER) -> InvalidYaml:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or str(error)
    if problem == "exceeded maximum nesting depth":  # libyaml's own limit (1000), hit while scanning ahead
        return InvalidYaml(line, column, f"document is nested more than {MAX_DEPTH} levels deep")
    explained = indentation.explain(text, error.context, problem, error.problem_mark, error.context_mark, loader)
    if explained is not None:  # where the structure went wrong, rather than where YAML gave up
        return InvalidYaml(explained.line, explained.column, explained.message, explained.hint)
    # PyYAML puts the part that reads first ("while scanning a quoted scalar") in context.
    message = f"{error.context}, {problem}" if error.context else problem
    start = error.context_mark
    if str(error.context).startswith("while") and start is not None and mark is not None and start.line != mark.line:
        message += f" (it starts at line {start.line + 1}, column {start.column + 1})"
    return InvalidYaml(line, column, f"YAML syntax error: {message}", _SYNTAX_HINTS.get(problem))


class _Converter:
    """Nodes to plain Python data, bounded in size and depth."""

    def __init__(self, issues: list[InvalidYaml]) -> None:
        self.issues = issues
        self.budget = MAX_NODES
        self.top_level_item: yaml.Node | None = None  # the field or list item being built

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth == 1:
            self.top_level_item = node
        self.budget -= 1
        if self.budget < 0:
            # An alias repeats the anchored nodes, whose positions are the anchor's: name the
            # top-level field that grew too large instead.
            raise InvalidYaml(*position(self.top_level_item or node),
                              f"document is too large (more than {MAX_NODES} values after expanding aliases)",
                              "remove the anchors and aliases (&name / *name)")
        if depth > MAX_DEPTH:
            raise InvalidYaml(*position(node), f"document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, _SEQ)
            return [self.build(child, depth + 1) for child in node.value]
        self.check_tag(node, _MAP)
        return self.mapping(node, depth)

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.issues.append(InvalidYaml(*position(key_node), "merge keys (<<) are not supported",
                                               "write the fields out in full"))
                continue
            key = self.build(key_node, depth + 1)
            odd = indentation.odd_space(key[0]) if isinstance(key, str) and key and not key_node.style else None
            if odd is not None:  # valid YAML, but a field the editor indented with the wrong kind of space
                raise InvalidYaml(*position(key_node), *odd)
            if isinstance(key, (list, dict)):
                self.issues.append(InvalidYaml(*position(key_node), "a key must be a plain word, not a list or mapping"))
            elif key in mapping:
                self.issues.append(InvalidYaml(*position(key_node),
                                               f"duplicate key '{shorten(key)}' (YAML would silently keep only the last one)",
                                               "remove or rename one of them"))
            else:
                mapping[key] = self.build(value_node, depth + 1)
        return mapping

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.issues.append(InvalidYaml(*position(node), f"unsupported YAML tag '{shorten(node.tag)}'",
                                           "remove the !tag; content is plain text, numbers, dates, lists and mappings"))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:  # most values: tested first
            return node.value
        if tag == _TIMESTAMP:
            try:
                return _scalar_constructor.construct_yaml_timestamp(node)
            except ValueError:
                return node.value  # the model reports it as an invalid date, with the field's name
        if tag in _NUMBER_TAGS:
            return self.number(node)
        if tag == _NULL:
            return None
        if tag not in _TEXT_TAGS:
            self.check_tag(node, _STR)
        return node.value

    def number(self, node: yaml.ScalarNode) -> int | float | None:
        if len(node.value) > MAX_NUMBER_CHARS:
            self.issues.append(InvalidYaml(*position(node),
                                           f"number is too long ({len(node.value)} characters, the limit is {MAX_NUMBER_CHARS})",
                                           "put it in quotes if it is text"))
            return None
        try:
            return _scalar_constructor.construct_object(node)
        except ValueError as error:  # e.g. sexagesimal ints beyond Python's int-string limit
            self.issues.append(InvalidYaml(*position(node), f"not a usable number: {shorten(str(error))}"))
            return None


def position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed); anything else is an error at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise InvalidYaml(line, column, f"bytes that are not UTF-8 (byte 0x{raw[error.start]:02x})",
                          "save the file as UTF-8") from None


def read_yaml(path: Path, loader: type = DEFAULT_LOADER) -> ParsedYaml:
    """Read and parse one file, refusing files too large to be hand-written content."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InvalidYaml(1, 1, f"file is too large ({size} bytes, the limit is {MAX_FILE_BYTES})",
                          "one entity per file; content files are a few kilobytes")
    with path.open("rb") as handle:  # read at most the limit, in case the file grew since stat
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidYaml(1, 1, f"file is too large (more than {MAX_FILE_BYTES} bytes)")
    return parse_yaml(decode(raw), loader)


# --- positions ---------------------------------------------------------------------------

class Positions:
    """Line and column of any loc in one document.

    Each mapping's keys are indexed the first time a loc passes through it, so that a file
    with thousands of problems (50,000 unknown fields) is located in linear time.
    """

    def __init__(self, root: yaml.Node) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}  # by id() of mappings under root

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value (or key) at loc; the nearest existing parent if absent."""
        node, key_node = self._node_at(loc)
        return position(key_node if key and key_node is not None else node)

    def _node_at(self, loc: Loc) -> tuple[yaml.Node, yaml.Node | None]:
        """The deepest node along loc, and the key node that led to it (if any)."""
        node, key_node = self.root, None
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                match = self._keys_of(node).get(str(step))
                if match is None:
                    return node, None
                key_node, node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node, key_node = node.value[step], None
            else:
                break
        return node, key_node

    def _keys_of(self, mapping: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        keys = self._keys.get(id(mapping))
        if keys is None:
            keys = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node, yaml.ScalarNode):
                    keys.setdefault(key_node.value, (key_node, value_node))  # a duplicate key: the first one
            self._keys[id(mapping)] = keys
        return keys


# --- finding files -----------------------------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """Where content files are (generator.kinds describes it): a folder per kind, and the kinds kept in one file."""

    folders: tuple[str, ...]  # each the name of its kind
    files: dict[str, str]  # file name at the top of the content folder: its kind
    others: tuple[str, ...] = ()  # folders at the top read by other means (translations/), not stray


@dataclass
class FoundFile:
    path: Path
    kind: str
    id: str


def _is_yaml(path: Path) -> bool:
    return _is_yaml_name(path.name)


def _is_yaml_name(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES) and not name.startswith(".")


def meant_name(name: str) -> str | None:
    """The content file name a file that is not read was probably meant to have, or None.

    x.yaml.txt, x.yml.bak, x.yaml~, "x.yaml " (a space typed after it) and X.YAML give x.yaml, x.yml …;
    hidden files (editors' swap and lock files: .x.yaml.swp, .#x.yaml) and other names give None.
    """
    if name.startswith("."):
        return None
    lower = name.lower()
    for suffix in YAML_SUFFIXES:
        at = lower.rfind(suffix)
        rest = name[at + len(suffix):].rstrip(" ~")
        if at > 0 and (not rest or rest.startswith(".")):
            stem = name[:at]
            return f"{stem if ID_RE.match(stem) else slugify(stem)}{suffix}"
    return None


def _holds_yaml(folder: Path) -> bool:
    """Whether a YAML file would be read somewhere under folder (hidden and symlinked folders aside)."""
    for _, folders, names in os.walk(folder):
        if any(_is_yaml_name(name) for name in names):
            return True
        folders[:] = [name for name in folders if not name.startswith(".")]
    return False


def _is_dir(entry: os.DirEntry) -> bool:
    """A folder, or a symlink to one (as os.walk counts them)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def find_files(root: Path, layout: Layout) -> tuple[list[FoundFile], list[Problem]]:
    """Every content file under root, with problems for misplaced, unsafe or misnamed files.

    Files that are not YAML (a README, .DS_Store) and hidden files are ignored.
    """
    finder = _Finder(root, layout)
    return finder.find(), finder.problems


class _Finder:
    def __init__(self, root: Path, layout: Layout) -> None:
        self.root = root
        self.layout = layout
        self.real_root = Path(os.path.realpath(root))
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str, hint: str | None = None, severity: Severity = "error") -> None:
        self.problems.append(Problem(display_path(path), 1, 1, message, hint, severity))

    def find(self) -> list[FoundFile]:
        found = [FoundFile(self.root / name, kind, kind)
                 for name, kind in self.layout.files.items() if self.readable(self.root / name)]
        for kind in self.layout.folders:
            folder = self.root / kind
            if folder.is_dir() and self.inside_root(folder):
                found.extend(self.named(path, kind) for path in self.walk(folder))
        self.warn_about_stray_files()
        return [f for f in found if f.id]

    def named(self, path: Path, kind: str) -> FoundFile:
        if ID_RE.match(path.stem) and path.suffix in YAML_SUFFIXES:
            return FoundFile(path, kind, path.stem)
        if path.suffix not in YAML_SUFFIXES:  # X.YAML
            self.not_read(path, meant_name(path.name) or "", f"file name '{shorten(path.name)}' is not read: "
                                                             "content files end in .yaml or .yml, in lowercase")
        else:
            self.add(path, f"file name '{shorten(path.name)}' is not a valid id",
                     f"ids are lowercase letters, digits and hyphens, e.g. '{slugify(path.stem)}.yaml'")
        return FoundFile(path, kind, "")

    def not_read(self, path: Path, meant: str, message: str | None = None) -> None:
        """An error for a file named almost like a content file (x.yaml.txt), which would be left out."""
        beside = path.with_name(meant)
        if beside.exists() and not _same_file(beside, path):
            hint = f"'{meant}' is beside it: if this is an old copy, delete it or move it out of the content folder"
        else:
            hint = f"did you mean '{meant}'?"
        self.add(path, message or f"file name '{shorten(path.name)}' is not read: content files end in .yaml or .yml",
                 hint)

    def inside_root(self, path: Path) -> bool:
        if path.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(self.real_root):
            self.add(path, f"symlink points outside the content folder: {os.readlink(path)}",
                     "copy the file into the content folder instead")
            return False
        return True

    def readable(self, path: Path) -> bool:
        """A regular file inside the content folder (a FIFO or device would block or never end)."""
        if not path.exists() and not path.is_symlink():
            return False
        if not self.inside_root(path):
            return False
        try:
            mode = path.stat().st_mode
        except OSError as error:
            self.add(path, f"cannot read file: {error.strerror or error}")
            return False
        if not stat.S_ISREG(mode):
            if not stat.S_ISDIR(mode):
                self.add(path, "not a regular file", "content files are plain text files")
            return False
        return True

    def walk(self, folder: Path) -> Iterator[Path]:
        """Content files under folder, in path order (each folder's entries sorted by name).

        Iterative, so that folders nested thousands deep cost no recursion.
        """
        pending = [self.entries(folder)]
        while pending:
            entry = next(pending[-1], None)
            if entry is None:
                pending.pop()
                continue
            path = Path(entry.path)
            if _is_dir(entry):
                if self.followed(path) and self.well_named(path):
                    pending.append(self.entries(path))
            elif _is_yaml_name(entry.name):
                if entry.is_file(follow_symlinks=False) or self.readable(path):
                    yield path  # a plain regular file needs no more checks; anything else is looked at closely
            elif (meant := meant_name(entry.name)) is not None:
                self.not_read(path, meant)

    def entries(self, folder: Path) -> Iterator[os.DirEntry]:
        try:
            with os.scandir(folder) as scan:
                return iter(sorted(scan, key=lambda entry: entry.name))
        except OSError as error:
            self.add(folder, f"cannot read folder: {error.strerror or error}")
            return iter(())

    def followed(self, folder: Path) -> bool:
        """Hidden and symlinked folders are not entered (no loops); symlinks outside are reported."""
        if folder.name.startswith("."):
            return False
        if folder.is_symlink():
            if self.inside_root(folder):
                self.add(folder, "symlinked folder is not read", "move the files here instead of linking", "warning")
            return False
        return True

    def well_named(self, folder: Path) -> bool:
        """A subfolder's name follows the rule of ids; one that does not is refused if it holds content."""
        if ID_RE.match(folder.name):
            return True
        if _holds_yaml(folder):
            self.add(folder, f"folder name '{shorten(folder.name)}' is not a valid id, so its files are not read",
                     f"folder names follow the rule of ids: lowercase letters, digits and hyphens, "
                     f"e.g. '{slugify(folder.name)}'")
        return False

    def warn_about_stray_files(self) -> None:
        """Files and folders at the top of the content folder that are not read: an error when named
        almost like a content file or folder (`claim/`, `Ratings.yaml`), a warning otherwise."""
        if not self.root.is_dir():
            return
        folders = self.layout.folders
        for path in sorted(self.root.iterdir()):
            if (path.name.startswith(".") or path.name in folders or path.name in self.layout.files
                    or path.name in self.layout.others):
                continue
            not_read = f"'{shorten(path.name)}' is not a content file and is not read"
            if path.is_dir():
                near = closest(path.name.lower(), folders)
                if near and _same_file(self.root / near, path):
                    continue  # `Sources` on a file system that ignores case: the folder sources/ itself
                if near and _holds_yaml(path):
                    self.add(path, f"folder '{shorten(path.name)}' is not read", f"did you mean '{near}/'?")
                elif any(_is_yaml(p) for p in path.iterdir()):
                    self.add(path, f"folder '{shorten(path.name)}' is not read",
                             f"content folders are {', '.join(folders)}", "warning")
            elif path.is_file():
                meant = meant_name(path.name) if not _is_yaml(path) else path.name
                near = self.near_file(Path(meant)) if meant else None
                if near and _same_file(self.root / near, path):
                    continue  # `Ratings.yaml`, where case is ignored: ratings.yaml itself
                if near:
                    self.not_read(path, near, not_read)
                elif _is_yaml(path):
                    self.add(path, not_read, f"move it into one of {', '.join(folders)}/", "warning")

    def near_file(self, name: Path) -> str | None:
        """The file of the layout that name is a near miss of (`Ratings.yaml`, `rating.yml`), with its suffix."""
        stems = [Path(file).stem for file in self.layout.files]
        near = closest(name.stem.lower(), stems, cutoff=0.8)  # not 0.6: `settings` is not `ratings`
        return f"{near}{name.suffix.lower()}" if near and name.suffix.lower() in YAML_SUFFIXES else None


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def slugify(text: str) -> str:
    return id_spelling(text) or "item"


def id_spelling(text: str) -> str:
    """text written as an id (`Mostly False`: `mostly-false`); empty when it has no letter or digit to keep."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].rstrip("-")

