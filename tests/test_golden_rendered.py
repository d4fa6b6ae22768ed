"""Golden pages as readers get them: fixtures built by MkDocs, each generated page's title, table
of contents and article compared with tests/golden/rendered/<fixture>.txt (tests/htmltree.canonical:
what a reader could see differ, and nothing else).

The expected files were first recorded from commit 6793f57, whose templates wrote Markdown that
MkDocs converted; the pages are written as HTML since, and give the same, except where
tests/golden/rendered/CHANGES.md says. After an intended change, regenerate and review:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_rendered.py
    git diff tests/golden/rendered/

A run with UPDATE_GOLDEN=1 rewrites the files and reports the test as skipped, never as passed.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from htmltree import Element, canonical, parse_file
from sitebuild import FIXTURES, REPO, build_or_fail

RENDERED = REPO / "tests" / "golden" / "rendered"
HAND_WRITTEN = {"about/index.html", "corrections/index.html", "404.html"}


def readers_view(site: Path) -> str:
    """Every generated page of the built site, as canonical lines under its path."""
    lines = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        if path in HAND_WRITTEN:
            continue
        tree = parse_file(page)
        toc = tree.find("nav", classes="md-nav--secondary")
        parts = [tree.find("title"), toc, tree.find("article")]
        lines.append(f"=== {path}")
        for part in parts:
            lines.extend(canonical(part) if isinstance(part, Element) else ["(none)"])
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fixture", ["minimal", "varied"])
def test_generated_pages_look_as_the_golden_ones(fixture: str, tmp_path: Path) -> None:
    actual = readers_view(build_or_fail(FIXTURES / fixture, tmp_path / "site"))
    expected_file = RENDERED / f"{fixture}.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        RENDERED.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        pytest.skip(f"{expected_file.relative_to(REPO)} rewritten: review it with git diff")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                 "expected", "built", n=2))[:80])
        pytest.fail(f"the pages readers get changed (UPDATE_GOLDEN=1 to accept after review):\n{diff}")
