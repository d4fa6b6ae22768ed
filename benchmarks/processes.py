"""Running a measured process: its wall time and peak memory, and the benchmarks' one error type."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path


class BenchmarkError(Exception):
    pass


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    extra: dict[str, float] = field(default_factory=dict)


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


def with_pythonpath(folder: Path) -> dict[str, str]:
    """The environment that imports `generator` from folder, ahead of any installed copy."""
    return {"PYTHONPATH": os.pathsep.join([str(folder), *filter(None, [os.environ.get("PYTHONPATH")])])}
