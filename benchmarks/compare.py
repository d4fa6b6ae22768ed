"""Load+validate+generate of one content tree by several commits, runs interleaved.

This machine's speed drifts over minutes, so two commits are compared fairly only when their
runs alternate. Each VERSION is a commit (`git archive`d into a temporary folder), optionally
followed by `:N` to use N processes (`HEAD:1`: everything in one process; commits before
generator/parallel.py take no number). Each run is a fresh process that loads and renders as
that commit's plugin does; medians are printed.

Usage: python benchmarks/compare.py --tree DIR [--runs 3] 182defa HEAD HEAD:1
DIR is a content tree, such as the one bench.py writes: /tmp/factcheck-benchmark/n10000/factcheck/content.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

SNIPPET = """
import inspect, json, sys, time
from pathlib import Path
from generator import bulk
from generator.content import load_content
from generator.site import Site
if Path("generator", "build.py").is_file():  # asked of the snapshot: an editable install can supply a missing module
    from generator.build import Settings, render_content
    render = lambda content, **options: render_content(content, Site(), Settings(**options))
else:  # revisions before generator.build
    from generator.render import Renderer
    render = lambda content, **options: Renderer().render_site(content, Site(), **options)
root, jobs = Path(sys.argv[1]), sys.argv[2]
options = {} if jobs == "auto" else {"jobs": int(jobs)}
freezes = "freeze" in inspect.signature(bulk.collector_paused).parameters
start = time.perf_counter()
with bulk.collector_paused(freeze=True) if freezes else bulk.collector_paused():
    content, problems = load_content(root, **options)
    loaded = time.perf_counter()
    render(content, **options)
rendered = time.perf_counter()
print(json.dumps({"load": loaded - start, "generate": rendered - loaded, "errors": len(problems.errors)}))
"""


def snapshot(commit: str, into: Path) -> Path:
    folder = into / commit.replace("/", "_")
    if not folder.exists():
        folder.mkdir()
        archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def run(folder: Path, tree: Path, jobs: str) -> dict[str, float]:
    # The snapshot's own `generator` comes first on the path (ahead of an editable install).
    completed = subprocess.run([sys.executable, "-c", SNIPPET, str(tree), jobs], cwd=folder, capture_output=True,
                               text=True, env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}, check=True)
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["errors"]:
        raise SystemExit(f"{tree} has {result['errors']} error(s)")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("versions", nargs="+", help="commits, each optionally with :N processes")
    parser.add_argument("--tree", required=True, type=Path, help="the content tree to load")
    parser.add_argument("--runs", type=int, default=3, help="runs of each version (interleaved)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="factcheck-compare-") as temporary:
        versions = [(version, *version.partition(":")[::2]) for version in args.versions]
        folders = {commit: snapshot(commit, Path(temporary)) for _, commit, _ in versions}
        runs: dict[str, list[dict[str, float]]] = {version: [] for version, _, _ in versions}
        for _ in range(args.runs):
            for version, commit, jobs in versions:
                runs[version].append(run(folders[commit], args.tree.resolve(), jobs or "auto"))
    print("| version | load+validate, s | generate, s | total, s |\n| --- | --- | --- | --- |")
    for version, results in runs.items():
        load, generate = (statistics.median(r[key] for r in results) for key in ("load", "generate"))
        total = statistics.median(r["load"] + r["generate"] for r in results)
        print(f"| {version} | {load:.2f} | {generate:.2f} | {total:.2f} |")
    print(f"Medians of {args.runs} interleaved runs, each in a fresh process.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
