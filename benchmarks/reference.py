"""The reference pages as hand-written Markdown: written by the generator of a fixed git revision.

Plain MkDocs and Hugo are measured on "the same pages as hand-written Markdown". Once the
generator's templates write HTML bodies, `python -m generator build --out` of the checkout no
longer gives such pages, so the reference is written by the generator of REVISION instead: a
snapshot of that commit (`git archive REV | tar -x`) run with PYTHONPATH set to it. The theme
overrides, stylesheets, scripts and Markdown extensions that plain MkDocs needs for those pages
are the snapshot's too, so the reference site is that revision's, on today's content.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from processes import BenchmarkError, run_measured, with_pythonpath

REPO = Path(__file__).resolve().parent.parent
# The last commit whose page templates write Markdown bodies.
DEFAULT_REVISION = "6793f57"
_COMPLETE = ".snapshot-complete"

# What the snapshot's plugin adds to a site (its generator.wiring), and where its files are.
_WIRING_SNIPPET = """
import json
from generator import wiring
from generator.resources import ASSETS, THEME_OVERRIDES
print(json.dumps({"stylesheets": list(wiring.STYLESHEETS), "scripts": list(wiring.SCRIPTS),
                  "markdown_extensions": list(wiring.MARKDOWN_EXTENSIONS), "not_in_nav": list(wiring.NOT_IN_NAV),
                  "theme_overrides": str(THEME_OVERRIDES), "assets": str(ASSETS)}))
"""


@dataclass(frozen=True)
class Wiring:
    stylesheets: list[str]
    scripts: list[str]
    markdown_extensions: list
    not_in_nav: list[str]
    theme_overrides: Path
    assets: Path


@dataclass(frozen=True)
class Reference:
    revision: str  # as given
    commit: str
    folder: Path  # the snapshot

    def wiring(self) -> Wiring:
        _, output = run_measured([sys.executable, "-c", _WIRING_SNIPPET], cwd=self.folder,
                                 env=with_pythonpath(self.folder))
        found = json.loads(output.strip().splitlines()[-1])
        return Wiring(found["stylesheets"], found["scripts"], found["markdown_extensions"], found["not_in_nav"],
                      Path(found["theme_overrides"]), Path(found["assets"]))

    def write_pages(self, content: Path, config: Path, out: Path) -> None:
        """The generated pages of content as files in out (which is replaced), as this revision writes them."""
        shutil.rmtree(out, ignore_errors=True)
        run_measured([sys.executable, "-m", "generator", "build", "--out", str(out), "--content", str(content),
                      "--config", str(config)], cwd=self.folder, env=with_pythonpath(self.folder))
        (out / ".generated-by-factcheck").unlink()


def snapshot(revision: str, work: Path) -> Reference:
    """The repository at revision, extracted once into work (reused by later runs)."""
    commit = _commit(revision)
    folder = work / f"markdown-from-{commit[:12]}"
    if not (folder / _COMPLETE).is_file():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
        partial.mkdir(parents=True)
        archive = _git(["archive", "--format=tar", commit])
        subprocess.run(["tar", "-x", "-C", str(partial)], input=archive, check=True)
        (partial / _COMPLETE).write_text(f"git archive {commit}\n", encoding="utf-8")
        partial.rename(folder)
    return Reference(revision, commit, folder)


def _commit(revision: str) -> str:
    try:
        _git(["rev-parse", "--git-dir"])
    except BenchmarkError:
        raise BenchmarkError(f"--markdown-from {revision}: {REPO} is not in a git repository (hint: in a snapshot "
                             "made with git archive, name the repository with GIT_DIR=/path/to/checkout/.git)") from None
    try:
        found = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"])
    except BenchmarkError:
        raise BenchmarkError(f"--markdown-from {revision}: not a commit of this repository (hint: the reference "
                             "pages need that commit in the history: fetch it, or clone without --depth)") from None
    return found.decode().strip()


def _git(arguments: list[str]) -> bytes:
    completed = subprocess.run(["git", *arguments], cwd=REPO, capture_output=True)
    if completed.returncode != 0:
        raise BenchmarkError(f"git {' '.join(arguments)}: {completed.stderr.decode('utf-8', 'replace').strip()}")
    return completed.stdout
