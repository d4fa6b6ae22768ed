"""The per-module mutation report that `make mutation` prints."""

from __future__ import annotations

from mutation_report import module_of, read_results, report


def test_rates_per_module_leave_out_equivalent_and_unchecked_mutants() -> None:
    results = read_results([
        "    generator.site.x_a__mutmut_1: killed",
        "    generator.site.x_a__mutmut_2: timeout",
        "    generator.site.x_a__mutmut_3: survived",
        "    generator.site.x_a__mutmut_4: survived",
        "    generator.cli.x_b__mutmut_1: not checked",
        "    generator.cli.x_b__mutmut_2: no tests",
        "    generator.cli.x_b__mutmut_3: killed",
        "    not a result",
    ])
    lines, below = report(results, {"generator.site.x_a__mutmut_4": "changes nothing", "generator.gone.x__mutmut_1": "old"})
    assert lines == [
        "| module | mutants | killed | equivalent | not killed | kill rate |",
        "|---|---:|---:|---:|---:|---:|",
        "| generator.cli | 2 | 1 | 0 | 1 | 50.0% |",
        "| generator.site | 4 | 2 | 1 | 1 | 66.7% |",
        "| all | 6 | 3 | 1 | 2 | 60.0% |",
        "",
        "Not killed (add a test, or list it in equivalent-mutants.toml with the reason):",
        "generator.cli.x_b__mutmut_2: no tests",
        "generator.site.x_a__mutmut_3: survived",
        "",
        "Listed as equivalent but no longer a mutant:",
        "generator.gone.x__mutmut_1",
    ]
    assert below


def test_a_run_where_every_module_reaches_the_minimum_passes() -> None:
    lines, below = report({"generator.site.x_a__mutmut_1": "killed", "generator.cli.x_b__mutmut_1": "killed"}, {})
    assert not below and lines[-1] == "| all | 2 | 2 | 0 | 0 | 100.0% |"


def test_module_of_a_method_mutant() -> None:
    assert module_of("generator.render.xǁRendererǁrender__mutmut_3") == "generator.render"
