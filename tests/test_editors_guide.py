"""The editors' guide shows real output: each example it pastes is what the commands print."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


pytestmark = pytest.mark.slow  # the command line, run in another process as the guide shows it

REPO = Path(__file__).resolve().parents[1]
GUIDE = (REPO / "docs" / "editors-guide.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```(?:text|console)\n(.*?)```", GUIDE, re.DOTALL)


def printed_lines(block: str) -> list[str]:
    """What a block says the program prints: every line that is not a `$ command`."""
    return [line for line in block.splitlines() if line and not line.startswith("$ ")]


def block_with(text: str) -> list[str]:
    (block,) = [b for b in BLOCKS if text in b]
    return printed_lines(block)


def run(*args: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(REPO)]))}
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", tmp_path / "content")
    return tmp_path


def test_guide_starts_with_its_title() -> None:
    assert GUIDE.startswith("# Editors' guide\n")


def test_new_claim_and_its_first_validation_are_as_shown(project: Path) -> None:
    created = run("new", "claim", "bridge-closed-a-week", cwd=project)
    assert created.splitlines() == block_with("$ python -m generator new claim bridge-closed-a-week")
    output = run("validate", cwd=project).splitlines()
    assert output == block_with("error: field 'claim'")


def test_invalid_id_message_is_as_shown(project: Path) -> None:
    output = run("new", "claim", "Bridge closed a week", cwd=project)
    assert output.splitlines() == block_with('$ python -m generator new claim "Bridge closed a week"')


def test_fixing_example_is_as_shown(project: Path) -> None:
    claim = project / "content" / "claims" / "toll-62-killed.yaml"
    text = claim.read_text(encoding="utf-8")
    text = re.sub(r"^claimant: .*$", "claimnt: jane-doe", text, flags=re.MULTILINE)
    text = re.sub(r"^  rating: .*$", "  rating: mostly-flase", text, flags=re.MULTILINE)
    claim.write_text(text, encoding="utf-8")
    output = run("validate", cwd=project).splitlines()
    shown = block_with("claimnt")
    assert shown and all(line in output for line in shown), "\n".join(output)


def test_indentation_example_is_as_shown(project: Path) -> None:
    claim = project / "content" / "claims" / "toll-62-killed.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("  summary:", "summary:", 1), encoding="utf-8")
    output = run("validate", cwd=project).splitlines()
    shown = block_with("wrong indentation")
    assert shown and all(line in output for line in shown), "\n".join(output)
