"""Hints for misspelt words (generator/problems.py): did_you_mean, and CloseMatches at scale."""

from __future__ import annotations

import random
import time

import pytest

from generator import problems
from generator.problems import CloseMatches, closest, did_you_mean, did_you_mean_one_of
from tools import time_limit

FIELDS = ["claim", "claimant", "date", "appearance", "context", "tags", "verdict", "history"]
WORDS = ["strike", "halted", "toll", "killed", "civilians", "nearby", "briefing", "interview", "report",
         "ministry", "defence", "coalition", "casualties", "air", "statement", "review", "soldiers", "troops"]


def ids(count: int, seed: int = 7) -> list[str]:
    """count distinct ids as editors write them: a few words and a number."""
    chooser = random.Random(seed)
    made: dict[str, None] = {}
    while len(made) < count:
        made[f"{chooser.choice(WORDS)}-{chooser.choice(WORDS)}-{chooser.choice(WORDS)}-{chooser.randrange(1000)}"] = None
    return list(made)


def typos(word: str) -> list[str]:
    """The word with one letter wrong, missing or extra, or two letters swapped, at every letter
    (not in its number, where a typo can make another id as close as the one meant)."""
    made = []
    for i in [i for i, character in enumerate(word) if character.isalpha()]:
        made += [word[:i] + "q" + word[i + 1:], word[:i] + word[i + 1:], word[:i] + "q" + word[i:]]
        if i + 1 < len(word) and word[i] != word[i + 1]:
            made.append(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    return [typo for typo in made if typo != word]


@pytest.mark.parametrize("word", ["claimnt", "contxt", "verdikt", "xyz", "", "history", "appearence", "tag"])
def test_a_small_set_is_compared_whole_as_did_you_mean_does(word: str) -> None:
    assert CloseMatches(FIELDS).hint(word) == did_you_mean(word, FIELDS)


def test_the_first_words_against_a_large_set_are_compared_with_every_choice() -> None:
    choices = [*ids(1_000), "strike-was-halted-7"]
    matches = CloseMatches(choices)
    whole = matches.BUDGET // len(choices)
    assert whole >= 3
    # A letter missing at each end: too far for the index, and no start or end is shared.
    far = "trike-was-halted-"
    first = [matches.hint(far) for _ in range(whole)]  # the same word: its hint is kept, not compared again
    assert first == [did_you_mean(far, choices)] * whole == ["did you mean 'strike-was-halted-7'?"] * whole
    assert matches.hint("trike-was-halted-9") == "did you mean 'strike-was-halted-7'?"  # compared whole
    for i in range(whole):
        matches.hint(f"zz-{i}")
    assert matches.hint(far) == "did you mean 'strike-was-halted-7'?"  # kept
    assert matches.hint("strike-was-halted-") == "did you mean 'strike-was-halted-7'?"  # one letter off: found
    assert matches.hint("trike-was-halted-8") != "did you mean 'strike-was-halted-7'?"  # no longer compared with all
    assert did_you_mean("trike-was-halted-8", choices) == "did you mean 'strike-was-halted-7'?"


def test_typos_of_one_letter_anywhere_are_found_past_the_budget() -> None:
    choices = ids(10_000)
    matches = CloseMatches(choices)
    matches.hint("zz-unknown")  # spends the whole comparisons
    for meant in choices[:10]:
        for typo in typos(meant):
            if typo not in choices:
                assert matches.hint(typo) == f"did you mean '{meant}'?", typo


@pytest.mark.parametrize("typo", ["civilians-nearby-troops-1", "civilians-nearby-troopsxx-12",
                                  "xxcivilians-nearby-troops-12", "zzvilians-nearby-troops-12"])
def test_typos_near_one_end_are_found_past_the_budget(typo: str) -> None:
    choices = [*ids(10_000), "civilians-nearby-troops-12"]
    matches = CloseMatches(choices)
    matches.hint("zz-unknown")
    assert matches.hint(typo) == "did you mean 'civilians-nearby-troops-12'?"


def test_each_word_is_compared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[str] = []
    monkeypatch.setattr(problems, "closest", lambda word, choices: compared.append(word) or None)
    matches = CloseMatches(ids(500))
    for _ in range(3):
        for word in ("a", "b", "a"):
            matches.hint(word)
    assert compared == ["a", "b"]


@pytest.mark.timing
def test_words_each_one_letter_off_thousands_of_choices_are_hinted_in_bounded_time() -> None:
    # Every choice is one word with a letter added: each word looked up meets all of them in the index.
    base = "the-strike-was-halted-near-the-river-after-the-first-report"
    choices = sorted({base[:i] + letter + base[i:] for i in range(len(base) + 1) for letter in "abcdefghijklmnopqrstuvwxyz"})
    assert len(choices) > 1_000
    matches = CloseMatches(choices)
    words = [base[:i] + f"{n}" + base[i + 1:] for i in range(len(base)) for n in range(20)]
    assert len(set(words)) > 1_000
    started = time.perf_counter()
    hints = [matches.hint(word) for word in words]
    assert time.perf_counter() - started < time_limit(15)  # comparing each word with each choice took minutes
    assert all(hint is not None for hint in hints)


# --- past the budget: the index of choices one letter off ------------------------------------

class NoBudget(CloseMatches):
    BUDGET = 0  # every word past the small-set rule goes through the index at once


SHARED = [*ids(60), "report-1", "report-12", "report-13"]  # all three are "report-1" with at most one letter deleted


def test_every_choice_under_one_deleted_form_is_compared() -> None:
    assert NoBudget(SHARED).hint("report-1x") == "did you mean 'report-1'?"  # not report-12 or report-13
    assert NoBudget(SHARED).hint("report-13x") == "did you mean 'report-13'?"


def test_at_most_near_choices_are_compared() -> None:
    choices = [*ids(60), *(f"report-{digit}" for digit in range(10))]  # ten choices one letter off "report-"
    assert NoBudget(choices)._near("report-") == [f"report-{digit}" for digit in range(10)]
    assert NoBudget(choices).hint("report-") == "did you mean 'report-9'?"  # ties: difflib takes the last


def test_a_set_of_exactly_few_choices_is_still_compared_whole() -> None:
    choices = ids(CloseMatches.FEW - 1) + ["strike-was-halted-7"]
    assert len(choices) == CloseMatches.FEW
    # Two letters off, at both ends: only a comparison with every choice finds it.
    assert NoBudget(choices).hint("trike-was-halted-") == "did you mean 'strike-was-halted-7'?"
    assert NoBudget([*choices, "zz-zz"]).hint("trike-was-halted-") is None


def test_a_budget_of_exactly_the_set_size_pays_for_one_whole_comparison() -> None:
    choices = [*ids(99), "strike-was-halted-7"]

    class OneComparison(CloseMatches):
        BUDGET = len(choices)

    matches = OneComparison(choices)
    assert matches.hint("trike-was-halted-") == "did you mean 'strike-was-halted-7'?"
    assert matches.hint("trike-was-halted-8") is None  # the budget is spent


def test_deleting_one_letter_and_neighbours_in_order() -> None:
    assert problems._with_one_deleted("abc") == ["abc", "bc", "ac", "ab"]
    assert problems._with_one_deleted("aab") == ["aab", "ab", "aa"]
    assert problems._neighbours(["a", "b", "c", "d", "e"], "a", 2) == ["a", "b"]
    assert problems._neighbours(["a", "b", "c", "d", "e"], "c", 2) == ["a", "b", "c", "d"]


# --- messages --------------------------------------------------------------------------------

@pytest.mark.parametrize("word, hint", [
    ("mostly", "did you mean 'mostly-true' or 'mostly-false'?"), ("flase", "did you mean 'false'?"),
    ("half-true", "did you mean 'true' or 'mostly-true'?"), ("misleading", None),
])
def test_a_short_list_names_every_choice_about_as_close_as_the_closest(word: str, hint: str | None) -> None:
    scale = ["true", "mostly-true", "mixed", "mostly-false", "false", "unproven"]
    assert did_you_mean_one_of(word, scale) == hint


def test_at_most_three_choices_are_named() -> None:
    hint = did_you_mean_one_of("ab", ["abc", "abd", "abe", "abf"])  # all as close: three of them
    assert hint is not None and hint.count("'ab") == 3 and ", " in hint and " or " in hint


def test_the_closest_choice_itself() -> None:
    assert closest("claim", ["claims", "sources"]) == "claims"
    assert closest("settings", ["ratings"]) == "ratings" and closest("settings", ["ratings"], cutoff=0.8) is None
    assert CloseMatches(["jane-doe", "john-roe"]).closest("jane-do") == "jane-doe"


def test_values_in_messages_are_one_line_and_short() -> None:
    assert problems.shorten("two\nlines") == "two\\nlines"
    assert problems.shorten("x" * 60) == "x" * 60
    assert problems.shorten("x" * 61) == "x" * 59 + "…"
    assert problems.shorten(12345, limit=4) == "123…"


def test_the_report_lists_each_problem_in_file_order_then_the_counts() -> None:
    found = problems.Problems([
        problems.Problem("b.yaml", 1, 1, "second"),
        problems.Problem("a.yaml", 2, 5, "first", "a hint", "warning"),
    ])
    assert found.report() == ("a.yaml:2:5: warning: first (hint: a hint)\n"
                              "b.yaml:1:1: error: second\n"
                              "1 error, 1 warning")
    assert problems.Problems().report() == "0 errors, 0 warnings"
    error = problems.ContentError(found)
    assert str(error) == "1 error(s) in content:\nb.yaml:1:1: error: second"
    assert error.problems is found
