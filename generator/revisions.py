"""A content folder as it was at a git revision, copied into a temporary folder.

The copy is read with `git archive`, which only reads the repository: the editor's working
tree, index and branches are never touched, whatever state they are in.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .problems import display_path

FETCH_HINT = ("fetch it first (git fetch origin); in GitHub Actions, check out with fetch-depth: 0 "
              "so that the base branch is there")


class RevisionError(Exception):
    """Why the content at a revision cannot be read, for the editor."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint

    def __str__(self) -> str:
        return f"error: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")


@dataclass(frozen=True)
class ContentAt:
    folder: Path | None  # the copy; None when the revision has no such folder
    shown_as: str  # how its files are named in messages: <revision>:<path in the repository>


@contextlib.contextmanager
def content_at(revision: str, content_dir: Path) -> Iterator[ContentAt]:
    """The content folder (which must exist in the working tree) as it was at revision, in a
    temporary folder removed afterwards."""
    if shutil.which("git") is None:
        raise RevisionError("git is not installed", "install git, or compare with a folder: --old-content DIR")
    folder = content_dir.resolve()
    top = _top_level(content_dir, folder)
    inside = folder.relative_to(top.resolve()).as_posix()  # git found the repository from inside the folder
    inside = "" if inside == "." else inside
    commit = _commit(revision, top)
    shown_as = f"{revision}:{inside}"
    if _object_type(f"{commit}:{inside}", top) != "tree":
        yield ContentAt(None, shown_as)
        return
    archive = _git(["archive", "--format=tar", f"{commit}:{inside}"], top)
    with tempfile.TemporaryDirectory(prefix="factcheck-base-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:") as tar:
            tar.extractall(temporary, filter=_inside_the_copy)
        yield ContentAt(Path(temporary), shown_as)


def _top_level(content_dir: Path, folder: Path) -> Path:
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    except RevisionError as error:
        raise RevisionError(f"no git repository holds {display_path(content_dir)}: {error.message}",
                            "run this in the desk's repository, or compare with a folder: --old-content DIR") from None


def _commit(revision: str, top: Path) -> str:
    """The commit a revision names; checked first, so that no revision is read as an option of git."""
    try:
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], top)
    except RevisionError:
        raise RevisionError(f"'{revision}' is not a commit of this repository", FETCH_HINT) from None
    return found.decode().strip()


def _object_type(name: str, top: Path) -> str | None:
    try:
        return _git(["cat-file", "-t", name], top).decode().strip()
    except RevisionError:
        return None


def _inside_the_copy(member: tarfile.TarInfo, destination: str) -> tarfile.TarInfo | None:
    try:
        return tarfile.data_filter(member, destination)
    except tarfile.FilterError:
        # A link out of the content folder: left out, so the loader reports its file as missing.
        return None


def _git(arguments: list[str], cwd: Path) -> bytes:
    result = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, timeout=300)
    if result.returncode != 0:
        raise RevisionError(result.stderr.decode(errors="replace").strip() or f"git {arguments[0]} failed")
    return result.stdout
