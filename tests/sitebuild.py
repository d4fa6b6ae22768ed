"""Building whole sites for tests: the repository's mkdocs.yml, or any content tree with a small test config.

Test modules import these helpers (`from sitebuild import build_site`); tests/conftest.py
re-exports them and holds the session fixtures.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.resources import PAGE_TEMPLATES

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
TEMPLATES = PAGE_TEMPLATES  # site_templates/, as the package finds it (in a copy without links: its own copy)
BUILD_TIMEOUT = 300

PUBLISHER = {"name": "Test Fact Desk", "url": "https://facts.example.org/"}

# The generated home and claim pages link to these hand-written pages.
DEFAULT_DOCS = {
    "about.md": "# About\n\nA hand-written page.\n",
    "corrections.md": "# Corrections policy\n\nA hand-written page.\n",
}

# The smallest mkdocs.yml that exercises the same theme, plugins and extensions as the real one
# (the plugin adds its theme overrides, stylesheets, scripts and extensions itself).
BASE_CONFIG: dict[str, Any] = {
    "site_name": "Test Fact Desk",
    "site_url": "https://facts.example.org/",
    "site_description": "Fact-checks for tests.",
    "docs_dir": "docs",
    "theme": {"name": "material", "language": "en"},
    "plugins": [
        "search",
        "tags",
        {"factcheck": {"content_dir": "content", "publisher": PUBLISHER}},
    ],
    "markdown_extensions": [{"toc": {"permalink": True}}],
}


def mkdocs_build(config_file: Path, out_dir: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(out_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=config_file.parent, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
                          env=mkdocs_env())


def mkdocs_env() -> dict[str, str]:
    """The environment for MkDocs runs: Material's end-of-life banner off, so logs hold only the build's own lines."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` over `base`, dictionaries merged key by key; `factcheck` options merged into the plugin entry."""
    merged = dict(base)
    for key, value in extra.items():
        if key == "factcheck":
            merged["plugins"] = [
                {"factcheck": {**p["factcheck"], **value}} if isinstance(p, dict) and "factcheck" in p else p
                for p in merged["plugins"]
            ]
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def write_project(content_dir: Path, project: Path, *, extra_config: dict[str, Any] | None = None,
                  docs: dict[str, str] | None = None) -> Path:
    """A throwaway MkDocs project in `project`: mkdocs.yml, docs/ and a copy of the content.

    The content is copied (not pointed at) so that tests may edit it, and because the plugin
    computes edit links relative to mkdocs.yml's folder. Returns the mkdocs.yml path.
    `extra_config` is merged over BASE_CONFIG; its key `factcheck` holds plugin options.
    """
    project.mkdir(parents=True, exist_ok=True)
    if content_dir.resolve() != (project / "content").resolve():
        shutil.rmtree(project / "content", ignore_errors=True)
        shutil.copytree(content_dir, project / "content")
    docs_dir = project / "docs"
    docs_dir.mkdir(exist_ok=True)
    for name, text in {**DEFAULT_DOCS, **(docs or {})}.items():
        (docs_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (docs_dir / name).write_text(text, encoding="utf-8")
    config = merge(BASE_CONFIG, extra_config or {})
    config_file = project / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_file


def build_site(content_dir: Path, out_dir: Path, *, strict: bool = True,
               extra_config: dict[str, Any] | None = None,
               docs: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Build `content_dir` into `out_dir` with a temporary mkdocs.yml (in out_dir's sibling `<name>-project`)."""
    project = out_dir.with_name(out_dir.name + "-project")
    config_file = write_project(content_dir, project, extra_config=extra_config, docs=docs)
    return mkdocs_build(config_file, out_dir, strict=strict)


def build_or_fail(content_dir: Path, out_dir: Path, **options: Any) -> Path:
    result = build_site(content_dir, out_dir, **options)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed for {content_dir}:\n{result.stdout}{result.stderr}", pytrace=False)
    return out_dir


def build_editions(content_dir: Path, project: Path, language: str, docs: dict[str, str],
                   factcheck: dict[str, Any] | None = None) -> tuple[Path, str]:
    """The content's default edition into project/site, then its `language` edition (its hand-written
    pages `docs`, under docs/<language>/) into project/site/<language>, as `make site` builds the
    repository's; `factcheck`: more plugin options for both. Returns the site folder and both builds'
    logs. Fails the test when a build fails."""
    config_file = write_project(content_dir, project,
                                extra_config={"exclude_docs": f"/{language}/\n", "factcheck": factcheck or {}},
                                docs={f"{language}/{name}": text for name, text in docs.items()})
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    plugins = [{"factcheck": {**p["factcheck"], "edition": language}} if isinstance(p, dict) and "factcheck" in p else p
               for p in config["plugins"]]
    edition = {"INHERIT": config_file.name, "site_url": f"{config['site_url']}{language}/",
               "docs_dir": f"docs/{language}", "theme": {"language": language}, "plugins": plugins}
    edition_file = project / f"mkdocs.{language}.yml"
    edition_file.write_text(yaml.safe_dump(edition, sort_keys=False, allow_unicode=True), encoding="utf-8")
    site, logs = project / "site", ""
    for file, out in ((config_file, site), (edition_file, site / language)):
        result = mkdocs_build(file, out)
        logs += result.stdout + result.stderr
        if result.returncode != 0:
            pytest.fail(f"mkdocs build --strict failed for {file}:\n{result.stdout}{result.stderr}", pytrace=False)
    return site, logs
