"""Scale benchmark: the factcheck site at N claims, measured against plain MkDocs on the same pages.

For each N it writes a synthetic content tree (benchmarks/synthetic.py) and measures, as the
median of --repeat runs, each run in a fresh subprocess:

- load+validate: generator.content.load_content on the tree;
- generate: rendering every page to Markdown (generator.build.render_content);
  both with the default number of processes (one per core on large trees), and again in
  one process (jobs=1);
- build: `mkdocs build` of the repository's mkdocs.yml pointed at the tree (factcheck plugin);
- plain: `mkdocs build` of the same pages written as files by `python -m generator build --out`
  into the docs folder of a copy of mkdocs.yml without the factcheck plugin (same theme,
  search, tags and nav, and what the plugin adds written out: its theme overrides as custom_dir,
  its extensions, extra CSS/JS and their files);
- peak memory (max RSS) of each of those processes, from os.wait4;
- the size of Material's search_index.json, and the bytes a browser downloads for a first
  search query with Material's search and with Pagefind (one run: these are sizes, not timings).

Usage: python benchmarks/bench.py [--sizes 100 1000 10000] [--repeat 3] [--workdir DIR] [--generate-only]
See benchmarks/README.md for the results and how to read them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import COMMON_WORD, REPO, write_content  # noqa: E402

from generator import wiring  # noqa: E402
from generator.resources import ASSETS, THEME_OVERRIDES  # noqa: E402

PYTHON = sys.executable
MKDOCS_YML = REPO / "mkdocs.yml"
PAGEFIND_TEMPLATE = "pagefind.html"  # site_templates/overrides/pagefind.html (the plugin's overrides): the search page


class BenchmarkError(Exception):
    pass


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    extra: dict[str, float] = field(default_factory=dict)


@dataclass
class Result:
    claims: int
    pages: int = 0
    load_s: list[float] = field(default_factory=list)
    generate_s: list[float] = field(default_factory=list)
    generate_rss_mb: list[float] = field(default_factory=list)
    worker_rss_mb: list[float] = field(default_factory=list)
    load_one_process_s: list[float] = field(default_factory=list)
    generate_one_process_s: list[float] = field(default_factory=list)
    jobs: int = 1
    build_s: list[float] = field(default_factory=list)
    build_rss_mb: list[float] = field(default_factory=list)
    plain_s: list[float] = field(default_factory=list)
    plain_rss_mb: list[float] = field(default_factory=list)
    search_index_bytes: int = 0
    search_index_gzip_bytes: int = 0
    pagefind_build_s: float = 0.0
    pagefind_index_s: float = 0.0
    pagefind_bundle_bytes: int = 0
    first_query: dict[str, dict[str, Any]] = field(default_factory=dict)


# --- running a process and reading its peak memory ------------------------------------------

def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[Run, str]:
    """Run command to completion; its wall time and the max RSS of it and its waited-for children."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}  # the theme's end-of-life banner
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} exited with {process.returncode}:\n{output[-4000:]}")
    return Run(seconds, usage.ru_maxrss / 1024), output  # ru_maxrss is in KiB on Linux


# --- the sites being compared ---------------------------------------------------------------

def read_mkdocs_yml() -> dict[str, Any]:
    try:
        return yaml.safe_load(MKDOCS_YML.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BenchmarkError(f"{MKDOCS_YML}: cannot read it as plain YAML ({error}); "
                             "the benchmark copies it and does not understand !ENV or !!python tags") from None


def factcheck_config(base: dict[str, Any]) -> dict[str, Any]:
    """The repository's mkdocs.yml, reading content/ next to it, with its folders found from the repository."""
    config = json.loads(json.dumps(base))
    if config["theme"].get("custom_dir"):
        config["theme"]["custom_dir"] = str(REPO / config["theme"]["custom_dir"])
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            options = plugin["factcheck"]
            options["content_dir"] = "content"
            for folder in ("templates_dir", "overrides_dir"):
                if options.get(folder):
                    options[folder] = str(REPO / options[folder])
    return config


def plain_config(factcheck: dict[str, Any]) -> dict[str, Any]:
    """The same config without the factcheck plugin, and what the plugin adds (generator.wiring)
    written out: MkDocs reads the pages and the plugin's assets from docs/ (write_plain_docs)."""
    config = json.loads(json.dumps(factcheck))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "factcheck" in p)]
    if config["theme"].get("custom_dir"):
        raise BenchmarkError("mkdocs.yml has a custom_dir: the plain build has room for one, the plugin's overrides")
    config["theme"]["custom_dir"] = str(THEME_OVERRIDES)
    config["extra_css"] = [*wiring.STYLESHEETS, *config.get("extra_css", [])]
    config["extra_javascript"] = [*wiring.SCRIPTS, *config.get("extra_javascript", [])]
    config["markdown_extensions"] = [*wiring.MARKDOWN_EXTENSIONS, *config.get("markdown_extensions", [])]
    config["not_in_nav"] = "\n".join([*wiring.NOT_IN_NAV, *(config.get("not_in_nav") or "").splitlines()])
    return config


def pagefind_config(factcheck: dict[str, Any]) -> dict[str, Any]:
    """The large-site option: Material's search turned off (no index, no search box); a Search page with Pagefind."""
    config = json.loads(json.dumps(factcheck))
    config["plugins"] = [{"search": {"enabled": False}} if p == "search" else p for p in config["plugins"]]
    config["nav"] = config["nav"] + [{"Search": "search.md"}]
    return config


SEARCH_PAGE = f"""---
title: Search
template: {PAGEFIND_TEMPLATE}
hide: [navigation, toc]
---
# Search
"""


def write_site(folder: Path, config: dict[str, Any], docs: Path | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if docs is not None:
        shutil.rmtree(folder / "docs", ignore_errors=True)
        shutil.copytree(docs, folder / "docs")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "mkdocs.yml"


def prepare(work: Path, n: int) -> dict[str, Path]:
    """Content, and the three sites (factcheck, plain, pagefind) as folders with a mkdocs.yml each."""
    base = read_mkdocs_yml()
    factcheck = factcheck_config(base)
    hand_written = REPO / base.get("docs_dir", "docs")
    sites = {"factcheck": work / "factcheck", "plain": work / "plain", "pagefind": work / "pagefind"}
    write_site(sites["factcheck"], factcheck, hand_written)
    write_content(sites["factcheck"] / "content", n)
    write_site(sites["pagefind"], pagefind_config(factcheck), hand_written)
    (sites["pagefind"] / "docs" / "search.md").write_text(SEARCH_PAGE, encoding="utf-8")
    shutil.rmtree(sites["pagefind"] / "content", ignore_errors=True)
    shutil.copytree(sites["factcheck"] / "content", sites["pagefind"] / "content")
    write_site(sites["plain"], plain_config(factcheck), None)
    write_plain_docs(sites["factcheck"], sites["plain"] / "docs", hand_written)
    return sites


def write_plain_docs(factcheck: Path, docs: Path, hand_written: Path) -> None:
    """The generated pages as files (python -m generator build), next to the hand-written ones."""
    generated = factcheck.parent / "generated"
    shutil.rmtree(generated, ignore_errors=True)
    run_measured([PYTHON, "-m", "generator", "build", "--out", str(generated), "--content",
                  str(factcheck / "content"), "--config", str(factcheck / "mkdocs.yml")], cwd=REPO)
    (generated / ".generated-by-factcheck").unlink()
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(generated, docs)
    shutil.copytree(hand_written, docs, dirs_exist_ok=True)
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)


# --- measurements ---------------------------------------------------------------------------

# As the plugin's on_config does it: the collector paused, the results frozen at the end.
GENERATE_SNIPPET = """
import json, resource, sys, time
from pathlib import Path
from generator.bulk import collector_paused
from generator.content import load_content
from generator.output import site_from_mkdocs_yml
from generator.build import Settings, render_content
from generator.parallel import jobs_for
config, jobs = Path(sys.argv[1]), (None if sys.argv[2] == "auto" else int(sys.argv[2]))
site, options, _ = site_from_mkdocs_yml(config)
start = time.perf_counter()
with collector_paused(freeze=True):
    content, problems = load_content(config.parent / "content", jobs)
    loaded = time.perf_counter()
    if problems.errors:
        sys.exit("\\n".join(map(str, problems.errors[:20])))
    templates = {"templates": Path(options.templates_dir)} if options.templates_dir else {}
    files, _ = render_content(content, site, Settings(**templates, jobs=jobs))
rendered = time.perf_counter()
worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"load": loaded - start, "generate": rendered - loaded, "files": len(files),
                  "warnings": len(problems.warnings), "jobs": jobs_for(len(files), jobs), "worker_mb": worker_kb / 1024}))
"""


def measure_generate(config: Path, jobs: str = "auto") -> Run:
    run, output = run_measured([PYTHON, "-c", GENERATE_SNIPPET, str(config), jobs], cwd=REPO)
    numbers = json.loads(output.strip().splitlines()[-1])
    if numbers["warnings"]:
        raise BenchmarkError(f"the synthetic content gave {numbers['warnings']} warning(s): fix benchmarks/synthetic.py")
    run.extra = numbers
    return run


def measure_build(config: Path) -> Run:
    run, _ = run_measured([PYTHON, "-m", "mkdocs", "build", "--quiet", "--clean", "--config-file", str(config),
                           "--site-dir", str(config.parent / "site")], cwd=config.parent)
    return run


def measure_pagefind(site: Path) -> Run:
    run, _ = run_measured([PYTHON, "-m", "pagefind", "--site", str(site), "--root-selector", "article",
                           "--exclude-selectors", ".headerlink", "--silent"],
                          cwd=site.parent)
    return run


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def benchmark(n: int, repeat: int, work: Path, browser: bool, generate_only: bool, log) -> Result:
    log(f"N={n}: writing content and sites in {work}")
    sites = prepare(work, n)
    result = Result(claims=n)
    config = sites["factcheck"] / "mkdocs.yml"
    for index in range(repeat):
        generated = measure_generate(config)
        one_process = measure_generate(config, jobs="1")
        result.load_s.append(generated.extra["load"])
        result.generate_s.append(generated.extra["generate"])
        result.generate_rss_mb.append(generated.max_rss_mb)
        result.worker_rss_mb.append(generated.extra["worker_mb"])
        result.load_one_process_s.append(one_process.extra["load"])
        result.generate_one_process_s.append(one_process.extra["generate"])
        result.pages, result.jobs = int(generated.extra["files"]), int(generated.extra["jobs"])
        log(f"N={n} run {index + 1}/{repeat}: load {generated.extra['load']:.2f}s, "
            f"generate {generated.extra['generate']:.2f}s ({result.jobs} process{'es' * (result.jobs > 1)}); in one: "
            f"load {one_process.extra['load']:.2f}s, generate {one_process.extra['generate']:.2f}s")
    if generate_only:
        return result
    # Alternate the two builds so that the machine's other load falls on both alike.
    for index in range(repeat):
        build = measure_build(sites["factcheck"] / "mkdocs.yml")
        plain = measure_build(sites["plain"] / "mkdocs.yml")
        result.build_s.append(build.seconds)
        result.build_rss_mb.append(build.max_rss_mb)
        result.plain_s.append(plain.seconds)
        result.plain_rss_mb.append(plain.max_rss_mb)
        log(f"N={n} run {index + 1}/{repeat}: build {build.seconds:.1f}s ({build.max_rss_mb:.0f} MB), "
            f"plain {plain.seconds:.1f}s ({plain.max_rss_mb:.0f} MB)")
    index_file = sites["factcheck"] / "site" / "search" / "search_index.json"
    result.search_index_bytes = index_file.stat().st_size
    result.search_index_gzip_bytes = len(gzip.compress(index_file.read_bytes(), 6))
    pagefind_build = measure_build(sites["pagefind"] / "mkdocs.yml")
    pagefind_index = measure_pagefind(sites["pagefind"] / "site")
    result.pagefind_build_s, result.pagefind_index_s = pagefind_build.seconds, pagefind_index.seconds
    result.pagefind_bundle_bytes = folder_bytes(sites["pagefind"] / "site" / "pagefind")
    log(f"N={n}: pagefind option: build {pagefind_build.seconds:.1f}s + index {pagefind_index.seconds:.1f}s")
    if browser:
        from first_query import material_first_query, pagefind_first_query

        result.first_query["material"] = material_first_query(sites["factcheck"] / "site", COMMON_WORD)
        result.first_query["pagefind"] = pagefind_first_query(sites["pagefind"] / "site", COMMON_WORD)
        for name, measured in result.first_query.items():
            log(f"N={n}: first query with {name}: {measured['bytes'] / 1e3:,.0f} kB in {measured['requests']} "
                f"requests, results after {measured['seconds']:.1f}s")
    return result


# --- the report -----------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}" if len(values) > 1 else "–"


def table(results: list[Result]) -> str:
    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    header = row("", [f"N = {r.claims:,}" for r in results])
    lines = [header, "|" + " --- |" * (len(results) + 1)]
    lines.append(row("pages generated", [f"{r.pages:,}" for r in results]))
    lines.append(row("load+validate, s", [f"{median(r.load_s):.2f}" for r in results]))
    lines.append(row("generate Markdown, s", [f"{median(r.generate_s):.2f}" for r in results]))
    lines.append(row("**load+validate+generate, s**", [f"**{median(r.load_s) + median(r.generate_s):.2f}**" for r in results]))
    lines.append(row("  processes used", [str(r.jobs) for r in results]))
    lines.append(row("  the same in one process, s", [
        f"{median(r.load_one_process_s):.2f} + {median(r.generate_one_process_s):.2f} = "
        f"{median(r.load_one_process_s) + median(r.generate_one_process_s):.2f}" for r in results]))
    lines.append(row("  peak memory, generator process / largest worker, MB", [
        f"{median(r.generate_rss_mb):.0f} / {median(r.worker_rss_mb):.0f}" if r.jobs > 1 else f"{median(r.generate_rss_mb):.0f}"
        for r in results]))
    if not any(r.build_s for r in results):
        lines.append(row("runs per figure", [str(len(r.load_s)) for r in results]))
        return "\n".join(lines)
    lines.append(row("mkdocs build with factcheck, s", [f"{median(r.build_s):.1f}" for r in results]))
    lines.append(row("  range over runs, s", [spread(r.build_s) for r in results]))
    lines.append(row("mkdocs build of the same pages as files (plain), s", [f"{median(r.plain_s):.1f}" for r in results]))
    lines.append(row("  range over runs, s", [spread(r.plain_s) for r in results]))
    lines.append(row("**ratio factcheck / plain**", [f"**{median(r.build_s) / median(r.plain_s):.2f}×**" for r in results]))
    lines.append(row("peak memory, factcheck build, MB", [f"{median(r.build_rss_mb):.0f}" for r in results]))
    lines.append(row("peak memory, plain build, MB", [f"{median(r.plain_rss_mb):.0f}" for r in results]))
    lines.append(row("search_index.json, MB (gzip)", [
        f"{r.search_index_bytes / 1e6:.1f} ({r.search_index_gzip_bytes / 1e6:.1f})" for r in results]))
    lines.append(row("Pagefind option: build without search + index, s", [
        f"{r.pagefind_build_s:.1f} + {r.pagefind_index_s:.1f}" for r in results]))
    lines.append(row("Pagefind bundle on disk, MB", [f"{r.pagefind_bundle_bytes / 1e6:.1f}" for r in results]))
    for name in ("material", "pagefind"):
        if all(name in r.first_query for r in results):
            lines.append(row(f"first query, {name}: kB downloaded (gzip)", [
                f"{r.first_query[name]['bytes'] / 1e3:,.0f} ({r.first_query[name]['gzip_bytes'] / 1e3:,.0f})"
                for r in results]))
            lines.append(row(f"first query, {name}: s to first result", [
                f"{r.first_query[name]['seconds']:.1f}" for r in results]))
    lines.append(row("runs per figure", [str(len(r.build_s)) for r in results]))
    return "\n".join(lines)


def growth(results: list[Result]) -> str:
    """How each measure grows from one N to the next: ×10 claims should give about ×10, not ×100."""
    lines = []
    for smaller, larger in zip(results, results[1:]):
        factor = larger.claims / smaller.claims
        def ratio(values_of) -> str:
            return f"{median(values_of(larger)) / median(values_of(smaller)):.1f}×"
        lines.append(f"N {smaller.claims:,} → {larger.claims:,} (×{factor:g} claims): "
                     f"load {ratio(lambda r: r.load_s)}, generate {ratio(lambda r: r.generate_s)}, "
                     f"build {ratio(lambda r: r.build_s)}, plain build {ratio(lambda r: r.plain_s)}, "
                     f"build memory {ratio(lambda r: r.build_rss_mb)}, "
                     f"search index {larger.search_index_bytes / smaller.search_index_bytes:.1f}×")
    return "\n".join(lines)


def machine() -> str:
    load = os.getloadavg()
    return (f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="numbers of claims")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--repeat-large", type=int, help="runs for N >= 10,000 (default: --repeat)")
    parser.add_argument("--workdir", default="/tmp/factcheck-benchmark", help="where trees and sites are written")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query downloads (needs Chromium)")
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--generate-only", action="store_true", help="measure load+validate and generate only (no builds)")
    args = parser.parse_args(argv)
    work = Path(args.workdir)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = []
    try:
        for n in sorted(args.sizes):
            repeat = args.repeat_large if args.repeat_large and n >= 10_000 else args.repeat
            results.append(benchmark(n, repeat, work / f"n{n}", not args.no_browser, args.generate_only, log))
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    print(table(results))
    print()
    if len(results) > 1 and not args.generate_only:
        print(growth(results))
    print(f"Medians of runs in fresh processes; {machine()}.")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
