"""Writing one field into an editor's YAML file, keeping everything else as the editor wrote it.

ruamel.yaml's round trip keeps comments, key order, quoting and blank lines; only the new line
is added. The file is replaced in one step (a temporary file beside it, then a rename), so an
interrupted run never leaves half a file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


class EditError(Exception):
    pass


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = sys.maxsize  # never fold an editor's long line (a content file may hold up to 2 MB)
    yaml.indent(mapping=2, sequence=4, offset=2)  # `- item` indented under its key, as the contract's examples
    return yaml


def set_field(path: Path, key: str, value: str, *, after: str) -> None:
    """Write `key: value` at the top level of path's mapping, on the line after the field `after`
    (or last); an existing key keeps its place and gets the new value."""
    text = path.read_text(encoding="utf-8")
    yaml = _round_trip()
    yaml.explicit_start = text.startswith("---")
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise EditError(f"{path}: the top level is not a mapping of fields")
    if key in data:
        data[key] = value
    else:
        keys = list(data)
        position = keys.index(after) + 1 if after in keys else len(keys)
        data.insert(position, key, value)
        if position and keys[position - 1] == after:
            _keep_blank_lines_after(data, after, key)
    out = StringIO()
    yaml.dump(data, out)
    _replace(path, out.getvalue())


def _keep_blank_lines_after(data: CommentedMap, before: str, key: str) -> None:
    """ruamel.yaml holds the blank lines and comment lines below a field in that field's end-of-line
    comment: move them below the new field, so that it is written right under `before`."""
    slot = data.ca.items.get(before)
    token = slot[2] if slot and len(slot) > 2 else None
    own, _, below = token.value.partition("\n") if token is not None else ("", "", "")
    if not below:
        return
    token.value = own + "\n"
    if not own.strip():
        slot[2] = None  # no comment on its own line
    data.ca.items.setdefault(key, [None, None, None, None])[2] = CommentToken("\n" + below, CommentMark(0), None)


def _replace(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
