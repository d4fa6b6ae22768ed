"""Shared fixtures for tests that build whole sites.

`demo_site` builds the repository's own mkdocs.yml (the demo content in content/) once per
session with `mkdocs build --strict`; `minimal_site` builds tests/fixtures/minimal with the
test config of sitebuild.py. `build_site(content_dir, out_dir, strict=True, extra_config=None)`
builds any content tree (import it with `from sitebuild import build_site`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import mutation_support
from sitebuild import FIXTURES, REPO, build_or_fail, build_site, mkdocs_build, write_project

__all__ = ["build_site", "build_or_fail", "mkdocs_build", "write_project"]

# `make mutation`: mutmut's first pass records, in this process, which tests call each function
# (it keeps the mode in-process too). CLI and MkDocs runs started by tests cannot record it
# (their working folder has no mutmut settings): without the variable they run the original code.
if os.environ.get("MUTANT_UNDER_TEST") == "stats":
    del os.environ["MUTANT_UNDER_TEST"]


ASKED_TESTS = pytest.StashKey[set[str]]()


def pytest_configure(config: pytest.Config) -> None:
    """Under `make mutation`, each mutant's run names its tests one by one: remember them."""
    asked = mutation_support.asked_tests([str(arg) for arg in config.args])
    if asked is not None:
        config.stash[ASKED_TESTS] = asked


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Module, name: str, obj: object) -> list | None:
    """Make no item of a test not asked for: pytest would otherwise make one of each test (and
    parameter) of every file a mutant's tests are in, most of a mutant's run for a short test."""
    asked = collector.config.stash.get(ASKED_TESTS, None)
    if asked is not None and name.startswith("test") and f"{collector.nodeid}::{name}" not in asked:
        return []
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `make mutation`, a mutant's tests in the order most likely to kill it soon, within the
    test budget (mutation_support.order_and_budget)."""
    durations = mutation_support.recorded_durations()  # read here, before any mutant's run forks
    mutant = mutation_support.mutant_under_test()
    if ASKED_TESTS not in config.stash or durations is None:
        return  # not a mutant's run: mutmut's listing of the tests, say, which must list them all
    by_id = {item.nodeid: item for item in items}
    kept, left_out = mutation_support.order_and_budget(mutant, list(by_id), durations)
    items[:] = [by_id[nodeid] for nodeid in kept]
    if left_out:
        config.hook.pytest_deselected(items=[by_id[nodeid] for nodeid in left_out])


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Each test computes what it checks: a result cached by an earlier test would hide the code
    behind it from this one (and from `make mutation`, which runs only the tests that call it)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("generator."):
            for cached in mutation_support.cached_functions(name, module):
                cached.cache_clear()



@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's mkdocs.yml and content/, built once with `mkdocs build --strict` as `make site`
    builds it: the English edition, then the Arabic one (mkdocs.ar.yml) into its ar/ folder."""
    out = tmp_path_factory.mktemp("demo") / "site"
    for config, site_dir in ((REPO / "mkdocs.yml", out), (REPO / "mkdocs.ar.yml", out / "ar")):
        result = mkdocs_build(config, site_dir)
        if result.returncode != 0:
            pytest.fail(f"mkdocs build --strict of {config.name} failed:\n{result.stdout}{result.stderr}", pytrace=False)
    return out


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/minimal built with the test mkdocs.yml, once per session."""
    return build_or_fail(FIXTURES / "minimal", tmp_path_factory.mktemp("minimal") / "site")


@dataclass(frozen=True)
class AttackSite:
    """tests/fixtures/minimal with an attack payload in every Markdown field, built with `mkdocs build --strict`."""

    path: Path
    claims: dict[str, str]  # claim id -> payload name (tests/attacks.py)


@pytest.fixture(scope="session")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> AttackSite:
    from attacks import write_attack_content

    root = tmp_path_factory.mktemp("attack")
    claims = write_attack_content(FIXTURES / "minimal", root / "content")
    return AttackSite(build_or_fail(root / "content", root / "site"), claims)
