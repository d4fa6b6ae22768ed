"""Hints for misspelt words (generator/problems.py): did_you_mean, and CloseMatches at scale."""

from __future__ import annotations

import random
import time

import pytest

from generator import problems
from generator.problems import CloseMatches, did_you_mean

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
    monkeypatch.setattr(problems, "did_you_mean", lambda word, choices: compared.append(word) or None)
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
    assert time.perf_counter() - started < 15  # comparing each word with each choice took minutes
    assert all(hint is not None for hint in hints)
