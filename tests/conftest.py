"""Shared fixtures for tests that build whole sites.

`demo_site` builds the repository's own mkdocs.yml (the demo content in content/) once per
session with `mkdocs build --strict`; `minimal_site` builds tests/fixtures/minimal with the
test config of sitebuild.py. `build_site(content_dir, out_dir, strict=True, extra_config=None)`
builds any content tree (import it with `from sitebuild import build_site`).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import FIXTURES, REPO, build_or_fail, build_site, mkdocs_build, write_project

__all__ = ["build_site", "build_or_fail", "mkdocs_build", "write_project"]

# `make mutation`: mutmut's first pass records, in this process, which tests call each function
# (it keeps the mode in-process too). CLI and MkDocs runs started by tests cannot record it
# (their working folder has no mutmut settings): without the variable they run the original code.
if os.environ.get("MUTANT_UNDER_TEST") == "stats":
    del os.environ["MUTANT_UNDER_TEST"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `make mutation`, run the tests of the mutated module's own test file first, then the
    files whose tests were quickest in mutmut's first pass: most mutants are killed by a quick unit
    test of their module, and `-x` stops at the first failure. Each file keeps its own order, so
    its module-scoped fixtures are set up once."""
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if not mutant:
        return
    module = mutant.split(".")[1] if mutant.startswith("generator.") else ""
    own_tests = f"tests/test_{module}.py"
    stats = Path("mutmut-stats.json")
    if not stats.is_file():
        return
    durations: dict[str, float] = json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"]
    by_file: dict[str, list[float]] = {}
    for item in items:
        by_file.setdefault(item.nodeid.split("::")[0], []).append(durations.get(item.nodeid, 1.0))
    mean = {name: sum(times) / len(times) for name, times in by_file.items()}
    items.sort(key=lambda item: (item.nodeid.split("::")[0] != own_tests, mean[item.nodeid.split("::")[0]],
                                 item.nodeid.split("::")[0]))


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Each test computes what it checks: a result cached by an earlier test would hide the code
    behind it from this one (and from `make mutation`, which runs only the tests that call it)."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("generator."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


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
