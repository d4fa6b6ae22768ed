"""Building a folder beside its target, and putting it in the target's place only when it is complete.

The staging folder `.NAME-staging` and the replaced folder `.NAME-previous` sit next to the
target NAME. The swap is two renames (target -> previous, staging -> target); a build killed
between them leaves the previous site in `.NAME-previous`, which the next build puts back
before it starts, so the target is never found empty and is missing for no longer than that.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Literal


def staging_path(target: Path) -> Path:
    return target.with_name(f".{target.name}-staging")


def previous_path(target: Path) -> Path:
    return target.with_name(f".{target.name}-previous")


def recover(target: Path) -> None:
    """Undo what a killed build left: its previous site put back, its staging folder removed."""
    previous = previous_path(target)
    if previous.exists():
        if target.exists():
            shutil.rmtree(previous, ignore_errors=True)
        else:
            os.replace(previous, target)
    shutil.rmtree(staging_path(target), ignore_errors=True)


def start_staging(target: Path, *, copy: Literal["nothing", "hidden", "everything"] = "nothing") -> Path:
    """A new staging folder for `target`, made with the default mode (the umask applies).

    It starts empty, with copies of the target's hidden top-level entries (such as .git or
    .nojekyll, which MkDocs keeps when it cleans a site), or with a copy of the whole target.
    """
    recover(target)
    staging = staging_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if copy == "everything" and target.is_dir():
        shutil.copytree(target, staging, symlinks=True)  # copy2 keeps the times a dirty build compares
        return staging
    os.mkdir(staging)
    try:
        if copy == "hidden" and target.is_dir():
            for entry in target.iterdir():
                if entry.name.startswith("."):
                    _copy(entry, staging / entry.name)
    except BaseException:
        discard(staging)
        raise
    return staging


def _copy(source: Path, destination: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, destination, symlinks=True)
    else:
        shutil.copy2(source, destination, follow_symlinks=False)


def replace(target: Path, staging: Path) -> None:
    """Put the complete staging folder in the target's place."""
    previous = previous_path(target)
    if target.exists():
        shutil.rmtree(previous, ignore_errors=True)
        os.replace(target, previous)
        os.replace(staging, target)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        os.replace(staging, target)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
