"""The lock files: what `make site` and `make test` install, pinned inside pyproject.toml's ranges.

requirements/site.txt holds the site's dependencies only (what an editor's `make site` and the
publishing job install); requirements/test.txt adds the tests' at the same versions of the rest.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from tools import missing

REPO = Path(__file__).resolve().parents[1]
SITE_LOCK = REPO / "requirements" / "site.txt"
TEST_LOCK = REPO / "requirements" / "test.txt"
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(line) for line in PROJECT["dependencies"]]
TESTS = [Requirement(line) for line in PROJECT["optional-dependencies"]["test"]]


def hook_pins():
    spec = importlib.util.spec_from_file_location("hook_pins", REPO / "requirements" / "hook_pins.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locked(lock: Path) -> dict[str, tuple[Requirement, list[str]]]:
    """Each package of a lock file: its pinned requirement and its hashes, by canonical name."""
    entries: dict[str, tuple[Requirement, list[str]]] = {}
    # One entry: `name==version \` then `    --hash=sha256:... \` lines; comments between entries.
    for block in re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8")):
        if block.startswith("#") or not block.strip():
            continue
        first, *rest = block.split("\n")
        requirement = Requirement(first.removesuffix("\\").strip())
        hashes = [m[1] for line in rest if (m := re.match(r"\s+--hash=(sha256:[0-9a-f]{64})", line))]
        name = canonicalize_name(requirement.name)
        assert name not in entries, f"{lock.name}: {name} twice"
        entries[name] = (requirement, hashes)
    assert entries, f"{lock.name} lists nothing"
    return entries


def pinned_version(requirement: Requirement) -> Version:
    (specifier,) = requirement.specifier
    assert specifier.operator == "==", f"{requirement} is not pinned"
    return Version(specifier.version)


@pytest.mark.parametrize("lock", [SITE_LOCK, TEST_LOCK], ids=["site", "test"])
def test_every_package_is_pinned_with_hashes_for_every_platform(lock: Path) -> None:
    for name, (requirement, hashes) in locked(lock).items():
        pinned_version(requirement)
        assert not requirement.marker and not requirement.url, f"{lock.name}: {requirement} is not a plain pin"
        assert hashes, f"{lock.name}: {name} has no hash, so pip cannot install the lock with --require-hashes"


@pytest.mark.parametrize(("lock", "wanted"), [(SITE_LOCK, RUNTIME), (TEST_LOCK, RUNTIME + TESTS)], ids=["site", "test"])
def test_each_dependency_of_pyproject_is_locked_inside_its_range(lock: Path, wanted: list[Requirement]) -> None:
    entries = locked(lock)
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{requirement} is missing from {lock.name}: run `make lock`"
        version = pinned_version(entries[name][0])
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {name}=={version}, outside pyproject.toml's {requirement}: run `make lock`")


def test_the_site_lock_has_nothing_only_the_tests_need() -> None:
    site = set(locked(SITE_LOCK))
    runtime = {canonicalize_name(r.name) for r in RUNTIME}
    assert not ({canonicalize_name(r.name) for r in TESTS} - runtime) & site
    for tool in ("playwright", "pytest", "coverage", "mutmut", "pre-commit"):
        assert tool not in site, f"{tool} is in the site lock"


def test_the_tests_run_the_versions_the_site_is_built_with() -> None:
    site, test = locked(SITE_LOCK), locked(TEST_LOCK)
    assert set(site) <= set(test)
    for name, (requirement, hashes) in site.items():
        assert str(test[name][0]) == str(requirement), f"{name}: site.txt has {requirement}, test.txt {test[name][0]}"
        assert set(test[name][1]) == set(hashes), name


# --- the Makefile installs from the locks -----------------------------------------------------------

def make_dry_run(target: str, tmp_path: Path) -> list[str]:
    """The commands `make TARGET` would run in a checkout without a virtualenv yet."""
    tool = shutil.which("make")
    if tool is None:
        missing("make", "apt-get install make")
    result = subprocess.run([tool, "--dry-run", target, f"VENV={tmp_path / 'venv'}"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def pip_installs(commands: list[str]) -> list[str]:
    return [c for c in commands if re.search(r"\bpip install\b", c)]


def test_make_site_installs_the_site_lock_then_the_package_alone(tmp_path: Path) -> None:
    installs = pip_installs(make_dry_run("site", tmp_path))
    assert len(installs) == 2, installs
    assert re.search(r"--require-hashes -r requirements/site\.txt$", installs[0])
    assert re.search(r"--no-deps -e \.$", installs[1])
    assert not any("requirements/test.txt" in command or "[test]" in command for command in installs)


def test_make_test_installs_the_test_lock_then_the_package_alone(tmp_path: Path) -> None:
    installs = pip_installs(make_dry_run("test", tmp_path))
    assert len(installs) == 2, installs
    assert re.search(r"--require-hashes -r requirements/test\.txt$", installs[0])
    assert re.search(r"--no-deps -e \.$", installs[1])


def test_make_lock_is_documented_and_writes_both_locks_and_the_hook(tmp_path: Path) -> None:
    commands = make_dry_run("lock", tmp_path)
    compiles = [c for c in commands if "uv pip compile pyproject.toml" in c]
    assert [c.split(" -o ")[-1] for c in compiles] == ["requirements/site.txt", "requirements/test.txt"]
    assert all("--generate-hashes" in c and "--python-version 3.11" in c for c in compiles)
    assert "--extra test -c requirements/site.txt" in compiles[1]
    assert any("hook_pins.py requirements/site.txt .pre-commit-config.yaml" in c for c in commands)
    assert "make lock" in (REPO / "README.md").read_text(encoding="utf-8")


# --- the local pre-commit hook's virtualenv (requirements/hook_pins.py) -------------------------------

def test_the_local_hook_gets_the_site_lock() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for r in config["repos"] if r["repo"] == "local" for h in r["hooks"]]
    site = [f"{name}=={pinned_version(requirement)}" for name, (requirement, _) in locked(SITE_LOCK).items()]
    assert sorted(hook["additional_dependencies"]) == sorted(site), "run `make lock`"


def test_hook_pins_replaces_the_list_and_keeps_the_rest() -> None:
    module = hook_pins()
    config = ("repos:\n  - repo: local\n    hooks:\n      - id: x\n"
              "        additional_dependencies:  # copied\n          - old==1\n          - gone==2\n"
              "        files: ^content/\n")
    lock = "# header\nnew==3.0 \\\n    --hash=sha256:" + "0" * 64 + "\n    # via x\nother==1.2\n"
    assert module.pins(lock) == ["new==3.0", "other==1.2"]
    assert module.with_pins(config, module.pins(lock)) == (
        "repos:\n  - repo: local\n    hooks:\n      - id: x\n"
        "        additional_dependencies:  # copied\n          - new==3.0\n          - other==1.2\n"
        "        files: ^content/\n")


def test_hook_pins_refuses_a_config_without_one_list() -> None:
    with pytest.raises(SystemExit, match="found 0"):
        hook_pins().with_pins("repos: []\n", ["a==1"])
