"""The kill rate of each module of generator/ after `mutmut run`, and the mutants left to look at.

Reads `mutmut results --all true` on standard input. A mutant listed in equivalent-mutants.toml
changes nothing anyone can observe: it is left out of the rate, and a listed name that no longer
exists is reported (the code changed; the reason may no longer hold). A timeout counts as killed.
Exits with 1 when a module tested in this run is below the minimum rate.
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

MINIMUM_RATE = 85.0
EQUIVALENT = Path(__file__).resolve().parent.parent / "equivalent-mutants.toml"
KILLED = {"killed", "timeout"}


def module_of(mutant: str) -> str:
    """generator.site.x_page_url__mutmut_1 -> generator.site"""
    return ".".join(mutant.split(".")[:2])


def read_results(lines: list[str]) -> dict[str, str]:
    results = {}
    for line in lines:
        name, separator, status = line.strip().rpartition(": ")
        if separator:
            results[name] = status
    return results


def report(results: dict[str, str], equivalent: dict[str, str]) -> tuple[list[str], bool]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    left: list[str] = []
    for name, status in sorted(results.items()):
        if status == "not checked":
            continue
        if name in equivalent:
            counts[module_of(name)]["equivalent"] += 1
            continue
        counts[module_of(name)]["killed" if status in KILLED else status] += 1
        if status not in KILLED:
            left.append(f"{name}: {status}")
    lines = ["| module | mutants | killed | equivalent | not killed | kill rate |", "|---|---:|---:|---:|---:|---:|"]
    below = False
    total = Counter[str]()
    for module, count in sorted(counts.items()):
        total.update(count)
        lines.append(_row(module, count))
        below = below or _rate(count) < MINIMUM_RATE
    lines.append(_row("all", total))
    stale = sorted(set(equivalent) - set(results))
    lines += ["", "Not killed (add a test, or list it in equivalent-mutants.toml with the reason):", *left] if left else []
    lines += ["", "Listed as equivalent but no longer a mutant:", *stale] if stale else []
    return lines, below


def _rate(count: Counter[str]) -> float:
    decided = sum(count.values()) - count["equivalent"]
    return 100.0 * count["killed"] / decided if decided else 100.0


def _row(module: str, count: Counter[str]) -> str:
    not_killed = sum(count.values()) - count["killed"] - count["equivalent"]
    return (f"| {module} | {sum(count.values())} | {count['killed']} | {count['equivalent']} | {not_killed} "
            f"| {_rate(count):.1f}% |")


def main() -> int:
    equivalent = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8"))["mutants"]
    lines, below = report(read_results(sys.stdin.read().splitlines()), equivalent)
    print("\n".join(lines))
    if below:
        print(f"\nA module is below the minimum kill rate of {MINIMUM_RATE:.0f}%.")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
