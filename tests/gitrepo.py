"""Temporary git repositories for tests: git run with this machine's settings left out."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tools import missing


def git_env() -> dict[str, str]:
    """No global or system settings (no signing, no hooks path), and a test author for commits."""
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(*args: str, cwd: Path) -> str:
    if shutil.which("git") is None:
        missing("git", "apt-get install git")
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=git_env(),
                          timeout=60).stdout


def new_repository(folder: Path) -> Path:
    """A repository on branch main whose first commit holds what folder holds."""
    git("init", "-q", "-b", "main", cwd=folder)
    commit_all(folder, "First")
    return folder


def commit_all(repository: Path, message: str) -> None:
    git("add", "-A", cwd=repository)
    git("commit", "-q", "--allow-empty", "-m", message, cwd=repository)
