"""Preview benchmark: how long after a save `mkdocs serve` serves the changed page, at N claims.

For each N it writes a synthetic content tree (benchmarks/synthetic.py) and a copy of the
repository's mkdocs.yml reading it, then runs `mkdocs serve` twice, one after the other, on the
same tree: with the plugin's default (`incremental: true`: a content save renders only the
pages whose text changed) and with `incremental: false` (MkDocs' full rebuild after every save,
the reference). In each server it saves --saves claims, one at a time, as an editor does (a new
verdict summary), and measures the time from the save until the claim page served over HTTP
shows it; the next save waits until the server has finished its rebuild. It also reports how
long the server took to serve its first page, and its memory (resident, and peak, from /proc).

Usage: python benchmarks/preview.py [--sizes 100 1000 10000] [--saves 5] [--workdir DIR] [--json FILE]
See benchmarks/README.md for the results.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import BenchmarkError, factcheck_config, machine, median, read_mkdocs_yml, spread, write_site  # noqa: E402
from synthetic import REPO, write_content  # noqa: E402

MODES = {"incremental": True, "full rebuild": False}
START_TIMEOUT = 1800  # a first build of 10,000 claims on a busy 2-core machine
SAVE_TIMEOUT = 900


@dataclass
class Served:
    mode: str
    start_s: float = 0.0
    save_s: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    peak_rss_mb: float = 0.0


@dataclass
class Result:
    claims: int
    runs: list[Served] = field(default_factory=list)

    def of(self, mode: str) -> Served:
        return next(run for run in self.runs if run.mode == mode)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8") if response.status == 200 else None
    except (urllib.error.URLError, OSError):
        return None


def memory_mb(pid: int) -> tuple[float, float]:
    """The process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def with_summary(text: str, summary: str) -> str:
    """The claim file with its verdict's summary (which may run over several lines) replaced."""
    lines, out, skipping = text.splitlines(keepends=True), [], False
    for line in lines:
        if skipping and line.startswith("    "):
            continue
        skipping = False
        if line.startswith("  summary:"):
            out.append(f"  summary: {json.dumps(summary)}\n")
            skipping = True
            continue
        out.append(line)
    if not any(line.startswith("  summary:") for line in out):
        raise BenchmarkError("the synthetic claim has no verdict summary to edit")
    return "".join(out)


def serve(site: Path, mode: str, claims: list[Path], mount: str, log) -> Served:
    port = free_port()
    base = f"http://127.0.0.1:{port}{mount}"  # MkDocs serves the site under site_url's path
    output = site.parent / f"serve-{mode.replace(' ', '-')}.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    measured = Served(mode)
    started = time.monotonic()
    with output.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--config-file", str(site / "mkdocs.yml"),
                                    "--dev-addr", f"127.0.0.1:{port}"], cwd=site, stdout=out, stderr=subprocess.STDOUT,
                                   env=env, start_new_session=True)
    try:
        first = f"{base}claims/{claims[0].stem}/"
        while fetch(first) is None:
            if process.poll() is not None or time.monotonic() - started > START_TIMEOUT:
                raise BenchmarkError(f"mkdocs serve did not start:\n{output.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        measured.start_s = time.monotonic() - started
        log(f"  {mode}: serving after {measured.start_s:.1f} s")
        for number, claim in enumerate(claims):
            token = f"Saved in the preview benchmark, save {number} of {mode}, {time.time_ns()}."
            rebuilds = output.read_text(errors="replace").count("Reloading browsers")
            text = with_summary(claim.read_text(encoding="utf-8"), token)
            saved = time.monotonic()
            claim.write_text(text, encoding="utf-8")
            url = f"{base}claims/{claim.stem}/"
            while token not in (fetch(url) or ""):
                if process.poll() is not None or time.monotonic() - saved > SAVE_TIMEOUT:
                    raise BenchmarkError(f"the save did not show:\n{output.read_text(errors='replace')[-3000:]}")
                time.sleep(0.02)
            measured.save_s.append(time.monotonic() - saved)
            while output.read_text(errors="replace").count("Reloading browsers") <= rebuilds:
                time.sleep(0.05)  # the rebuild is over before the next save
            log(f"  {mode}: save {number + 1} shown after {measured.save_s[-1]:.2f} s")
        measured.rss_mb, measured.peak_rss_mb = memory_mb(process.pid)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    return measured


def benchmark(n: int, saves: int, work: Path, log) -> Result:
    log(f"N = {n:,}: writing the content")
    base = factcheck_config(read_mkdocs_yml())
    hand_written = REPO / base.get("docs_dir", "docs")
    sites = {}
    for mode, incremental in MODES.items():
        config = json.loads(json.dumps(base))
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "factcheck" in plugin:
                plugin["factcheck"]["incremental"] = incremental
        sites[mode] = work / mode.replace(" ", "-")
        write_site(sites[mode], config, hand_written)
    shared = work / "content"
    if not shared.is_dir():
        write_content(shared, n)
    for site in sites.values():
        link = site / "content"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(shared, target_is_directory=True)
    claims = sorted((shared / "claims").glob("*.yaml"))
    step = max(1, len(claims) // (saves + 1))
    chosen = [claims[step * (index + 1)] for index in range(saves)]
    result = Result(n)
    mount = urlsplit(base.get("site_url") or "/").path or "/"
    for mode, site in sites.items():
        result.runs.append(serve(site, mode, chosen, mount if mount.endswith("/") else mount + "/", log))
    return result


def table(results: list[Result]) -> str:
    def row(label: str, cells: list[str]) -> str:
        return f"| {label} | " + " | ".join(cells) + " |"

    lines = [row("", [f"N = {r.claims:,}" for r in results]), "|" + " --- |" * (len(results) + 1)]
    for mode in MODES:
        lines.append(row(f"**save → page shown, {mode}, s**", [f"**{median(r.of(mode).save_s):.2f}**" for r in results]))
        lines.append(row("  range over saves, s", [spread(r.of(mode).save_s) for r in results]))
    lines.append(row("**ratio incremental / full rebuild**", [
        f"**{median(r.of('incremental').save_s) / median(r.of('full rebuild').save_s):.2f}×**" for r in results]))
    for mode in MODES:
        lines.append(row(f"server start → first page, {mode}, s", [f"{r.of(mode).start_s:.1f}" for r in results]))
    for mode in MODES:
        lines.append(row(f"server memory after the saves, {mode}: resident / peak, MB", [
            f"{r.of(mode).rss_mb:.0f} / {r.of(mode).peak_rss_mb:.0f}" for r in results]))
    lines.append(row("saves per figure", [str(len(r.of("incremental").save_s)) for r in results]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="numbers of claims")
    parser.add_argument("--saves", type=int, default=5, help="saves measured in each server (the median is shown)")
    parser.add_argument("--workdir", default="/tmp/factcheck-preview-benchmark", help="where trees and sites go")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = []
    try:
        for n in sorted(args.sizes):
            results.append(benchmark(n, args.saves, Path(args.workdir) / f"n{n}", log))
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    print(table(results))
    print()
    print(f"Medians over saves; {machine()}.")
    if args.json:
        Path(args.json).write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
