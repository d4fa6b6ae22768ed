"""The pre-commit hook (local config and the manifest other repositories use) validates content.

pre-commit runs are slow: pre-commit builds each hook's virtualenv (with pip, from its cache when it
has the packages) under a PATH whose only `python` is a decoy, so a hook that used whatever Python
came first on PATH, or a package installed beside pre-commit, would fail.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tools import missing

from generator import scaffold

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests" / "fixtures" / "minimal"
CONFIG = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
MANIFEST = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
INSTALL_TIMEOUT = 600  # a hook's first run builds its virtualenv


def pre_commit() -> str:
    """pre-commit is in the [test] extra: missing it is a broken install in CI, a skip elsewhere."""
    found = shutil.which("pre-commit") or next(
        (str(p) for p in [Path(sys.prefix) / "bin" / "pre-commit"] if p.is_file()), None)
    if found is None:
        missing("pre-commit", "pip install -r requirements/test.txt")
    return found


def local_hook() -> dict:
    (repo,) = [r for r in CONFIG["repos"] if r["repo"] == "local"]
    (hook,) = [h for h in repo["hooks"] if h["id"] == "factcheck-validate"]
    return hook


def published_hook() -> dict:
    (hook,) = [h for h in MANIFEST if h["id"] == "factcheck-validate"]
    return hook


def environment() -> dict[str, str]:
    """`python` on PATH is this interpreter, and it can import the generator from the checkout."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    pythonpath = os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO)]))
    return {**os.environ, "PATH": path, "PYTHONPATH": pythonpath}


def run_entry(entry: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = shlex.split(entry)
    assert command[0] == "python"
    return subprocess.run([sys.executable, *command[1:]], cwd=cwd, env=environment(),
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "content")
    return tmp_path


def break_a_claim(project: Path) -> None:
    claim = project / "content" / "claims" / "strike-was-halted.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("claimant:", "claimnt:"), encoding="utf-8")


def test_local_hook_validates_the_content_folder() -> None:
    hook = local_hook()
    assert hook["entry"] == "python -m generator validate content"
    assert hook["language"] == "python", "pre-commit must build the hook's environment, not use PATH's python"
    assert hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/claims/toll-62-killed.yaml")
    assert not re.search(hook["files"], "README.md")


def test_published_hook_is_reusable() -> None:
    hook = published_hook()
    assert (hook["language"], hook["entry"], hook["files"], hook["pass_filenames"]) == (
        "python", "python -m generator validate", "^content/", False)
    assert re.search(hook["files"], "content/sources/x.yml") and not re.search(hook["files"], "docs/content/x.yaml")


def test_pre_commit_accepts_both_files() -> None:
    tool = pre_commit()
    for command, name in (("validate-config", ".pre-commit-config.yaml"), ("validate-manifest", ".pre-commit-hooks.yaml")):
        result = subprocess.run([tool, command, name], cwd=REPO, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("entry", [local_hook()["entry"], published_hook()["entry"]], ids=["local", "published"])
def test_entry_passes_valid_content_and_fails_broken_content(entry: str, project: Path) -> None:
    assert run_entry(entry, project).returncode == 0
    break_a_claim(project)
    result = run_entry(entry, project)
    assert result.returncode == 1
    assert re.search(r"content/claims/strike-was-halted\.yaml:\d+:\d+: error: .*claimnt", result.stdout)
    assert "Traceback" not in result.stdout + result.stderr


def bare_environment(home: Path) -> dict[str, str]:
    """No virtualenv active, nothing importable from a checkout, and a `python` (and `python3`) on PATH
    that only fails: a hook works only if pre-commit built its own environment."""
    decoys = home / "decoys"
    decoys.mkdir(parents=True)
    for name in ("python", "python3"):
        decoy = decoys / name
        decoy.write_text("#!/bin/sh\necho 'decoy python: not the hook environment' >&2\nexit 3\n", encoding="utf-8")
        decoy.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "PATH": os.pathsep.join([str(decoys), "/usr/bin", "/bin"]),
            "PRE_COMMIT_HOME": str(home / "pre-commit-home"), "SKIP": ""}


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                            cwd=folder, check=True, capture_output=True, text=True, timeout=60)
    return result.stdout.strip()


def run_hook(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([pre_commit(), "run", "factcheck-validate", "--all-files", "--color", "never"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)



def test_the_environment_has_only_a_decoy_python(tmp_path: Path) -> None:
    env = bare_environment(tmp_path)
    probe = subprocess.run(["python", "-c", "import jinja2"], env=env, capture_output=True, text=True, timeout=60)
    assert probe.returncode == 3 and "decoy" in probe.stderr


@pytest.mark.slow
def test_pre_commit_runs_the_local_hook(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """In a checkout: this repository's config, its package folder beside content/."""
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    for folder in ("generator", "site_templates"):  # generator/site_templates links to site_templates/
        shutil.copytree(REPO / folder, project / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    env = bare_environment(tmp_path_factory.mktemp("home"))
    git(project, "init", "-q")
    git(project, "add", "content", ".pre-commit-config.yaml")
    passed = run_hook(project, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    break_a_claim(project)
    git(project, "add", "content")
    failed = run_hook(project, env)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout and "strike-was-halted.yaml" in failed.stdout
    assert "decoy" not in failed.stdout + failed.stderr


def package_repository(folder: Path) -> tuple[str, str]:
    """A git repository holding what the published hook installs; its path and commit."""
    folder.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, folder / name)
    for name in ("generator", "site_templates"):
        shutil.copytree(REPO / name, folder / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "the package")
    return str(folder), git(folder, "rev-parse", "HEAD")


@pytest.mark.slow
def test_pre_commit_runs_the_published_hook_in_a_new_desk(tmp_path: Path) -> None:
    """A desk from `init`, its config pointed at a local copy of this repository instead of the tag."""
    repository, commit = package_repository(tmp_path / "generator-repository")
    desk = tmp_path / "desk"
    scaffold.init_desk(desk)
    config_file = desk / ".pre-commit-config.yaml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["repos"][0].update(repo=repository, rev=commit)
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    env = bare_environment(tmp_path / "home")
    git(desk, "init", "-q")
    git(desk, "add", ".")
    passed = run_hook(desk, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    claim = desk / "content" / "claims" / "example-claim.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("claimant:", "claimnt:"), encoding="utf-8")
    git(desk, "add", "content")
    failed = run_hook(desk, env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"content/claims/example-claim\.yaml:\d+:\d+: error: .*claimnt", failed.stdout)
    assert "decoy" not in failed.stdout + failed.stderr

@pytest.mark.slow

def test_published_hook_runs_from_an_installed_package(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Other repositories get the package pip-installed, without this checkout's other folders."""
    installed = tmp_path_factory.mktemp("site-packages")
    shutil.copytree(REPO / "generator", installed / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    command = shlex.split(published_hook()["entry"])
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run([sys.executable, *command[1:]], cwd=project, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    probe = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=project,
                           env=env, capture_output=True, text=True, timeout=60)
    assert probe.stdout.strip().startswith(str(installed))


def test_a_new_desks_config_uses_the_published_hook(tmp_path: Path) -> None:
    """`python -m generator init` writes a .pre-commit-config.yaml that names this repository's hook."""
    scaffold.init_desk(tmp_path / "desk")
    config = tmp_path / "desk" / ".pre-commit-config.yaml"
    (repo,) = yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
    assert repo["repo"] == scaffold.GENERATOR_REPOSITORY
    assert [hook["id"] for hook in repo["hooks"]] == [published_hook()["id"]]
    result = subprocess.run([pre_commit(), "validate-config", str(config)], cwd=tmp_path / "desk",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
