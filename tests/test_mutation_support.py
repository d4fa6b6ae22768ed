"""How `make mutation` orders and limits a mutant's tests (tests/mutation_support.py)."""

from __future__ import annotations

import pytest

from mutation_support import TEST_BUDGET_VARIABLE, asked_tests, cached_functions, order_and_budget

MUTANT = "generator.site.x_page_url__mutmut_1"
DURATIONS = {"tests/test_cli.py::test_a": 0.5, "tests/test_cli.py::test_b": 0.1,
             "tests/test_site.py::test_c": 2.0, "tests/test_kinds.py::test_d": 0.05}


def test_the_modules_own_tests_come_first_then_the_quickest_files_each_quickest_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_BUDGET_VARIABLE, raising=False)
    kept, left_out = order_and_budget(MUTANT, list(DURATIONS), DURATIONS)
    assert kept == ["tests/test_site.py::test_c", "tests/test_kinds.py::test_d",
                    "tests/test_cli.py::test_b", "tests/test_cli.py::test_a"]
    assert left_out == []


def test_a_budget_leaves_out_the_tests_after_it_but_always_runs_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_BUDGET_VARIABLE, "2.6")
    assert order_and_budget(MUTANT, list(DURATIONS), DURATIONS) == (
        ["tests/test_site.py::test_c", "tests/test_kinds.py::test_d", "tests/test_cli.py::test_b"],
        ["tests/test_cli.py::test_a"])
    monkeypatch.setenv(TEST_BUDGET_VARIABLE, "0.01")
    assert order_and_budget(MUTANT, list(DURATIONS), DURATIONS)[0] == ["tests/test_site.py::test_c"]


def test_a_test_without_a_recorded_duration_counts_as_one_second(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_BUDGET_VARIABLE, "1.5")
    tests = ["tests/test_cli.py::test_new", "tests/test_cli.py::test_a", "tests/test_cli.py::test_b"]
    assert order_and_budget("generator.other.x_f__mutmut_1", tests, DURATIONS) == (
        ["tests/test_cli.py::test_b", "tests/test_cli.py::test_a"], ["tests/test_cli.py::test_new"])


def test_only_a_mutants_run_naming_each_test_asks_for_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MUTANT_UNDER_TEST", MUTANT)
    assert asked_tests(["tests/test_a.py::test_x[1-2]", "tests/test_b.py::test_y"]) == {
        "tests/test_a.py::test_x", "tests/test_b.py::test_y"}
    assert asked_tests(["tests/", "tests/test_b.py::test_y"]) is None
    assert asked_tests([]) is None
    monkeypatch.delenv("MUTANT_UNDER_TEST")
    assert asked_tests(["tests/test_b.py::test_y"]) is None


def test_the_cached_functions_of_a_module_are_found_again_for_a_new_module_object() -> None:
    import functools
    import types

    first, second = types.ModuleType("m"), types.ModuleType("m")
    first.f = functools.cache(lambda: 1)
    second.g, second.h = functools.lru_cache(lambda: 2), len
    assert cached_functions("m", first) == [first.f]
    assert cached_functions("m", second) == [second.g]
