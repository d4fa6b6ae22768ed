"""One rule for a tool a test needs but cannot find: fail under CI, skip with the install command elsewhere.

A skipped check must never pass as a green run, so when the `CI` environment variable is truthy
(`1`, `true`, `yes`, `on`, in any case) a missing tool fails the test.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

TRUTHY = frozenset({"1", "true", "yes", "on"})


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in TRUTHY


def missing(tool: str, install: str) -> NoReturn:
    """Stop the test: `tool` (what is missing) is needed; `install` is the command that provides it."""
    if under_ci():
        pytest.fail(f"{tool} is missing under CI; install it with: {install}", pytrace=False)
    pytest.skip(f"{tool} is missing; install it with: {install}")
