"""How a preview tells that files changed: the size and modification time of each file."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Iterable[Path | str | None]) -> Snapshot:
    """Size and modification time of every file in these files and folders (missing ones left out)."""
    found: Snapshot = {}
    for path in paths:
        if path is None:
            continue
        path = os.fspath(path)
        if os.path.isfile(path):
            stat = os.stat(path)
            found[path] = (stat.st_size, stat.st_mtime_ns)
        for folder, _, names in os.walk(path):
            for name in names:
                file = os.path.join(folder, name)
                try:
                    stat = os.stat(file)
                except OSError:
                    continue  # removed while walking: the next snapshot differs anyway
                found[file] = (stat.st_size, stat.st_mtime_ns)
    return found
