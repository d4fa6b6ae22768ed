"""tests/tools.py: a missing tool fails the test under CI and skips it, with the install command, elsewhere."""

from __future__ import annotations

import sys

import pytest

import tools
from tools import missing


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "True", "yes", "Yes", "on", "ON", " true "])
def test_a_missing_tool_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="java is missing under CI; install it with: apt-get install java"):
        missing("java", "apt-get install java")


@pytest.mark.parametrize("value", [None, "", "0", "false", "no", "off"])
def test_a_missing_tool_is_skipped_elsewhere_with_its_install_command(monkeypatch: pytest.MonkeyPatch,
                                                                       value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="java is missing; install it with: apt-get install java"):
        missing("java", "apt-get install java")


def test_time_limits_have_a_margin_only_under_coverage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "gettrace", lambda: None)
    assert tools.time_limit(2) == 2
    monkeypatch.setattr(sys, "gettrace", lambda: print)
    monkeypatch.setitem(sys.modules, "coverage", sys)
    assert tools.time_limit(2) == 2 * tools.UNDER_COVERAGE_FACTOR
