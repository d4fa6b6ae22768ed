"""Reading content/: finding files, safe YAML with positions, and bounds on hostile input.

YAML is composed into nodes with PyYAML's safe C loader when present and converted here,
so that duplicate keys are caught, node counts are bounded (alias bombs), and plain
booleans (`rating: false`) stay the strings the editor typed: no field of the contract
is a boolean, and pydantic still reads "true"/"yes" wherever one is added later.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import ID_RE
from .problems import Problem, display_path

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

YAML_SUFFIXES = (".yaml", ".yml")
KIND_FOLDERS = ("claimants", "sources", "claims", "reports")
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]
_constructor = yaml.SafeLoader("")  # only its scalar constructors are used


class InvalidYaml(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


@dataclass
class Document:
    """One parsed file: its data and where it came from."""

    path: Path
    shown_path: str
    kind: str
    id: str
    data: Any

    def problem(self, loc: Path_, message: str, hint: str | None = None, *, severity="error", key=False) -> Problem:
        line, column = locate(self.path, loc, key=key)
        return Problem(self.shown_path, line, column, message, hint, severity)


def _convert(node: yaml.Node, issues: list[InvalidYaml]) -> Any:
    """Nodes to Python data, bounded in size and depth; recoverable issues are collected."""
    budget = [MAX_NODES]

    def build(node: yaml.Node, depth: int) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise InvalidYaml(*_position(node), f"document is too large (more than {MAX_NODES} values after expanding aliases)",
                              "remove the anchors and aliases (&name / *name)")
        if depth > MAX_DEPTH:
            raise InvalidYaml(*_position(node), f"document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node, issues)
        if isinstance(node, yaml.SequenceNode):
            return [build(child, depth + 1) for child in node.value]
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = build(key_node, depth + 1)
            if isinstance(key, (list, dict)):
                issues.append(InvalidYaml(*_position(key_node), "a key must be a plain word, not a list or mapping"))
            elif key in mapping:
                issues.append(InvalidYaml(*_position(key_node), f"duplicate key '{key}' (YAML would silently keep only the last one)",
                                          "remove or rename one of them"))
            else:
                mapping[key] = build(value_node, depth + 1)
        return mapping

    return build(node, 0)


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode, issues: list[InvalidYaml]) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return _constructor.construct_yaml_timestamp(node)
        except ValueError:
            return node.value  # the model reports it as an invalid date, with the field's name
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null"):
        return _constructor.construct_object(node)
    if tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:bool"):
        issues.append(InvalidYaml(*_position(node), f"unsupported YAML tag '{tag}'",
                                  "remove the !tag; content is plain text, numbers and dates"))
    return node.value


def parse_yaml(text: str) -> tuple[Any, list[InvalidYaml]]:
    """Parse one YAML document: its data and recoverable issues; fatal ones raise InvalidYaml."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InvalidYaml(line, column, f"YAML syntax error: {error.problem or error}",
                          error.context if error.context else None) from None
    except yaml.YAMLError as error:
        raise InvalidYaml(1, 1, f"YAML error: {error}") from None
    except RecursionError:
        raise InvalidYaml(1, 1, "document is nested too deeply") from None
    if node is None:
        raise InvalidYaml(1, 1, "file is empty", "delete it, or fill in the fields of its kind")
    issues: list[InvalidYaml] = []
    return _convert(node, issues), issues


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise InvalidYaml(line, column, f"bytes that are not UTF-8 (byte 0x{raw[error.start]:02x})",
                          "save the file as UTF-8") from None


def read_yaml(path: Path) -> tuple[Any, list[InvalidYaml]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InvalidYaml(1, 1, f"file is too large ({size} bytes, the limit is {MAX_FILE_BYTES})")
    return parse_yaml(_decode(path.read_bytes()))


def _node_at(root: yaml.Node, loc: Path_) -> tuple[yaml.Node, yaml.Node | None]:
    """The deepest node along loc, and the key node that led to it (if any)."""
    node, key_node = root, None
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(step):
                    node, key_node = v, k
                    break
            else:
                return node, None
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node, key_node = node.value[step], None
        else:
            break
    return node, key_node


def locate(path: Path, loc: Path_, *, key: bool = False) -> tuple[int, int]:
    """1-based line and column of the value (or key) at loc; the nearest existing parent if absent."""
    try:
        root = yaml.compose(_decode(path.read_bytes()), Loader=SafeLoader)
    except (InvalidYaml, yaml.YAMLError, OSError):
        return 1, 1
    if root is None:
        return 1, 1
    node, key_node = _node_at(root, loc)
    mark = (key_node if key and key_node is not None else node).start_mark
    return mark.line + 1, mark.column + 1


@dataclass
class FoundFile:
    path: Path
    kind: str  # "ratings" or one of KIND_FOLDERS
    id: str


def _is_yaml(path: Path) -> bool:
    return path.suffix in YAML_SUFFIXES and not path.name.startswith(".")


def find_files(root: Path) -> tuple[list[FoundFile], list[Problem]]:
    """Every content file under root, with problems for misplaced, unsafe or misnamed files."""
    found: list[FoundFile] = []
    problems: list[Problem] = []
    real_root = root.resolve()

    def shown(p: Path) -> str:
        return display_path(p, root)

    def inside_root(p: Path) -> bool:
        if p.is_symlink() and not p.resolve().is_relative_to(real_root):
            problems.append(Problem(shown(p), 1, 1, f"symlink points outside {shown(root)}/: {os.readlink(p)}",
                                    "copy the file into the content folder instead"))
            return False
        return True

    for name in ("ratings.yaml", "ratings.yml"):
        if (root / name).exists() and inside_root(root / name):
            found.append(FoundFile(root / name, "ratings", "ratings"))
    for kind in KIND_FOLDERS:
        folder = root / kind
        if not folder.is_dir() or not inside_root(folder):
            continue
        for path in sorted(_walk(folder, problems, real_root, shown)):
            stem = path.stem
            if not ID_RE.match(stem):
                problems.append(Problem(shown(path), 1, 1, f"file name '{path.name}' is not a valid id",
                                        f"ids are lowercase letters, digits and hyphens, e.g. '{slugify(stem)}{path.suffix}'"))
                continue
            found.append(FoundFile(path, kind, stem))
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        if _is_yaml(path) and path.stem != "ratings":
            problems.append(Problem(shown(path), 1, 1, f"'{path.name}' is not a content file and is not read",
                                    f"move it into one of {', '.join(KIND_FOLDERS)}/", "warning"))
    return found, problems


def _walk(folder: Path, problems: list[Problem], real_root: Path, shown) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            if (base / d).is_symlink():
                dirnames.remove(d)
                if not (base / d).resolve().is_relative_to(real_root):
                    problems.append(Problem(shown(base / d), 1, 1, "symlink points outside the content folder",
                                            "copy the files into the content folder instead"))
        for name in filenames:
            path = base / name
            if not _is_yaml(path):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                problems.append(Problem(shown(path), 1, 1, f"symlink points outside the content folder: {os.readlink(path)}",
                                        "copy the file into the content folder instead"))
                continue
            yield path


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "item"
