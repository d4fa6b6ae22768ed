"""Share cards benchmark: what drawing one card costs, and a whole build of N claims with the cards'
cache cold (every card drawn), warm (none drawn) and without cards (share_cards: false).

It writes the synthetic content of benchmarks/synthetic.py (N claims, N/8 reports; Latin, Arabic,
Cyrillic and CJK text), then:

- per card: draws the first --sample claims' cards (and reports') in this process with no cache,
  one at a time, and reports the median time per card and the PNG's size;
- builds: `mkdocs build` of the repository's mkdocs.yml pointed at the tree (as bench.py does),
  --repeat times each way, each in a fresh process: cold (the cache folder deleted first), warm
  (the cache of the build before), and without cards. The median of each is shown.

Usage: python benchmarks/cards.py [--claims 1000] [--repeat 3] [--sample 100] [--workdir DIR]
See benchmarks/README.md ("Share cards: cold and warm cache") for the results.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import factcheck_config, machine, measure_build, read_mkdocs_yml, write_site  # noqa: E402
from synthetic import REPO, write_content  # noqa: E402

from generator.cards import CARD_CACHE, CardCache, card_png, shapes_rtl  # noqa: E402
from generator.content import load_valid_content  # noqa: E402
from generator.output import site_from_mkdocs_yml  # noqa: E402
from generator.sharing import claim_card, report_card  # noqa: E402


def per_card(content_dir: Path, config: Path, sample: int) -> dict[str, float]:
    """The median time to draw one card and encode it as PNG, and the median PNG size, in this process."""
    site, _, _ = site_from_mkdocs_yml(config)
    content, _ = load_valid_content(content_dir)
    claims = [claim_card(c, content, site) for c in list(content.claims.values())[:sample]]
    reports = [report_card(r, content, site) for r in list(content.reports.values())[:max(sample // 8, 1)]]
    card_png(claims[0], CardCache(None))  # fonts opened once, as in a build
    times, sizes = [], []
    for card in [*claims, *reports]:
        start = time.perf_counter()
        png, drawn = card_png(card, CardCache(None))
        times.append(time.perf_counter() - start)
        sizes.append(len(png))
        assert drawn
    return {"cards": len(times), "seconds": statistics.median(times), "max_seconds": max(times),
            "bytes": statistics.median(sizes)}


def with_cards(config: dict, enabled: bool) -> dict:
    config = json.loads(json.dumps(config))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "factcheck" in plugin:
            plugin["factcheck"]["share_cards"] = enabled
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=100, help="claims whose cards are drawn one by one")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/factcheck-cards-benchmark"))
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    base = factcheck_config(read_mkdocs_yml())
    hand_written = REPO / read_mkdocs_yml().get("docs_dir", "docs")
    cards_site, plain_site = args.workdir / "cards", args.workdir / "no-cards"
    config = write_site(cards_site, with_cards(base, True), hand_written)
    no_cards = write_site(plain_site, with_cards(base, False), hand_written)
    log(f"writing {args.claims} claims")
    write_content(cards_site / "content", args.claims)
    shutil.rmtree(plain_site / "content", ignore_errors=True)
    shutil.copytree(cards_site / "content", plain_site / "content")

    log("drawing cards one by one")
    card = per_card(cards_site / "content", config, args.sample)
    cache = cards_site / CARD_CACHE
    runs: dict[str, list[float]] = {"cold": [], "warm": [], "none": []}
    for number in range(args.repeat):
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(measure_build(config).seconds)
        cached = len(list(cache.glob("*.png")))
        runs["warm"].append(measure_build(config).seconds)
        runs["none"].append(measure_build(no_cards).seconds)
        log(f"run {number + 1}: cold {runs['cold'][-1]:.1f} s ({cached} cards), warm {runs['warm'][-1]:.1f} s, "
            f"without cards {runs['none'][-1]:.1f} s")
    median = {name: statistics.median(values) for name, values in runs.items()}
    print(f"Share cards at {args.claims:,} claims ({machine()}; raqm: {shapes_rtl()})\n")
    print("| measure | value |\n| --- | --- |")
    print(f"| one card, drawn and encoded (median of {card['cards']}; slowest) | "
          f"{card['seconds'] * 1000:.0f} ms ({card['max_seconds'] * 1000:.0f} ms) |")
    print(f"| PNG size (median) | {card['bytes'] / 1024:.0f} KB |")
    print(f"| cards in the site | {cached:,} (1 site, {args.claims:,} claims, the reports) |")
    print(f"| `mkdocs build`, cold cache (every card drawn), s | {median['cold']:.1f} |")
    print(f"| `mkdocs build`, warm cache (none drawn), s | {median['warm']:.1f} |")
    print(f"| `mkdocs build`, `share_cards: false`, s | {median['none']:.1f} |")
    print(f"| runs per build figure (median shown) | {args.repeat} |")
    print("\n" + json.dumps({"card": card, "runs": runs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
