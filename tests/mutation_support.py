"""How `make mutation` runs a mutant's tests (conftest.py's hooks call these; see tests/README.md).

mutmut forks each mutant's run from the process that ran the tests once unmutated, and pytest
imports conftest.py again in every run: what is worth keeping between runs is kept here, in a
module imported once.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

# Seconds of test time, as mutmut's first pass measured each test, that a mutant's run may spend;
# the tests after it are left out and a mutant they would have killed counts as not killed.
# Unset (a run by hand), every test that calls the mutated function runs.
TEST_BUDGET_VARIABLE = "MUTATION_TEST_BUDGET"
UNKNOWN_DURATION = 1.0  # a test mutmut's first pass did not time


def mutant_under_test() -> str:
    """The mutant this run tests (generator.site.x_page_url__mutmut_7); "" for an unmutated run."""
    return os.environ.get("MUTANT_UNDER_TEST", "")


@functools.cache
def _recorded_durations(stats: Path, modified: int) -> dict[str, float]:
    return json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"]


def recorded_durations() -> dict[str, float] | None:
    """The seconds each test took in mutmut's first pass (mutmut-stats.json, in mutants/, where the
    tests run), read once; None outside a mutation run."""
    stats = Path("mutmut-stats.json")
    return _recorded_durations(stats.resolve(), stats.stat().st_mtime_ns) if stats.is_file() else None


def asked_tests(args: list[str]) -> set[str] | None:
    """The test functions a mutant's run names one by one (file::test[params]), without their parameters."""
    if mutant_under_test() and args and all("::" in arg for arg in args):
        return {arg.split("[", 1)[0] for arg in args}
    return None


def order_and_budget(mutant: str, nodeids: list[str], durations: dict[str, float]) -> tuple[list[str], list[str]]:
    """The tests to run for a mutant, in order, and those the budget leaves out.

    The mutated module's own test file first (tests/test_<module>.py), then the files whose tests
    were quickest in mutmut's first pass; in each file, its quickest tests first. Most mutants are
    killed by a quick unit test of their module, and mutmut's `-x` stops at the first failure; a
    budget holds more tests, and the focused ones, when they come first. A file's tests stay
    together, so its module-scoped fixtures are set up once.
    """
    module = mutant.split(".")[1] if mutant.startswith("generator.") else ""
    own_tests = f"tests/test_{module}.py"

    def file_of(nodeid: str) -> str:
        return nodeid.split("::")[0]

    by_file: dict[str, list[float]] = {}
    for nodeid in nodeids:
        by_file.setdefault(file_of(nodeid), []).append(durations.get(nodeid, UNKNOWN_DURATION))
    mean = {name: sum(times) / len(times) for name, times in by_file.items()}
    ordered = sorted(nodeids, key=lambda nodeid: (file_of(nodeid) != own_tests, mean[file_of(nodeid)], file_of(nodeid),
                                                  durations.get(nodeid, UNKNOWN_DURATION)))
    budget = os.environ.get(TEST_BUDGET_VARIABLE)
    if not budget:
        return ordered, []
    spent, kept = 0.0, 0
    for nodeid in ordered:
        duration = durations.get(nodeid, UNKNOWN_DURATION)
        if kept and spent + duration > float(budget):
            break
        spent += duration
        kept += 1
    return ordered[:kept], ordered[kept:]


_CACHES: dict[str, tuple[object, list]] = {}


def cached_functions(name: str, module: object) -> list:
    """The functions of a module that cache their results, looked for once per module object
    (every test asks, hundreds of times a second under `make mutation`)."""
    if name not in _CACHES or _CACHES[name][0] is not module:
        _CACHES[name] = (module, [value for value in list(vars(module).values())
                                  if callable(getattr(value, "cache_clear", None))])
    return _CACHES[name][1]
