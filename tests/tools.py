"""One rule for a tool a test needs but cannot find: fail under CI, skip with the install command elsewhere.

A skipped check must never pass as a green run, so when the `CI` environment variable is truthy
(`1`, `true`, `yes`, `on`, in any case) a missing tool fails the test.
"""

from __future__ import annotations

import os
import sys
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


# Coverage's tracing makes pure-Python code several times slower, and `make test` runs two
# test processes on two cores: a time limit stays the feature (hostile input answered in
# seconds, where the bugs it guards against took minutes) with this margin.
UNDER_COVERAGE_FACTOR = 4


def time_limit(seconds: float) -> float:
    """The wall-clock limit for work measured at `seconds` on an idle machine without coverage."""
    measured = "coverage" in sys.modules and sys.gettrace() is not None
    return seconds * (UNDER_COVERAGE_FACTOR if measured else 1)
