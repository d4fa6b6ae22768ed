"""Work shared with forked processes gives exactly the result of the work done in one process."""

from __future__ import annotations

import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from sitebuild import FIXTURES, build_or_fail, build_site

from generator import parallel
from generator.content import load_content
from generator.parallel import jobs_for, map_shared
from generator.build import Settings, render_content
from generator.site import Site

REPO = Path(__file__).resolve().parent.parent
BROKEN_CASES = sorted(p for p in (REPO / "tests" / "broken").iterdir() if (p / "expected.txt").is_file())


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the processes map_shared starts, so a test knows the work really was shared.

    map_shared forks only a process without other threads: a thread an earlier test in this process
    left to finish (a server's, a background run's) is waited for first."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join(30)
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(5)
    started: list[int] = []
    start = parallel._start

    def counting_start(*args, **kwargs):
        child = start(*args, **kwargs)
        started.append(child.process.pid)
        return child

    monkeypatch.setattr(parallel, "_start", counting_start)
    return started


class Rendezvous:
    """Makes the parent and a forked child both take part, without relying on timing: once a
    child is started, neither finishes its first chunk before the other has begun one (the
    child waits for the parent to begin, the parent for the child to finish)."""

    WAIT = 20  # seconds; reached only when one side never takes a chunk, which fails the test

    def __init__(self, forks: list[int]) -> None:
        self.parent = os.getpid()
        self.forks = forks
        context = multiprocessing.get_context("fork")
        self.parent_began = context.Event()
        self.child_finished_a_chunk = context.Event()

    def in_child(self) -> bool:
        return os.getpid() != self.parent

    def __call__(self, work):
        def shared(items):
            if self.in_child():
                if not self.parent_began.wait(self.WAIT):
                    raise AssertionError("the parent took no chunk")
                try:
                    return work(items)
                finally:
                    self.child_finished_a_chunk.set()
            self.parent_began.set()
            if self.forks and not self.child_finished_a_chunk.wait(self.WAIT):
                raise AssertionError("no child took a chunk")
            return work(items)
        return shared


@pytest.fixture
def rendezvous(forks: list[int]) -> Rendezvous:
    return Rendezvous(forks)


def item_and_pid(items: list[int]) -> list[tuple[int, int]]:
    return [(item, os.getpid()) for item in items]


def test_this_test_process_can_fork() -> None:
    # If this fails, every other test here would pass without sharing any work.
    assert parallel.can_fork(), "threads are running in the test process, or the platform is not Linux"


@pytest.mark.parametrize("count", [1, 2, 7, 64, 65, 500])
def test_results_come_back_in_the_items_order(count: int, forks: list[int], rendezvous: Rendezvous) -> None:
    results = map_shared(rendezvous(item_and_pid), list(range(count)), jobs=2)
    assert [item for item, _ in results] == list(range(count))
    assert len(forks) == (1 if count > 1 else 0)
    assert {pid for _, pid in results} == ({os.getpid(), *forks} if count > 1 else {os.getpid()})


def test_both_processes_take_chunks(forks: list[int], rendezvous: Rendezvous) -> None:
    pids = {pid for _, pid in map_shared(rendezvous(item_and_pid), list(range(200)), jobs=2)}
    assert pids == {os.getpid(), forks[0]}


def test_no_items_and_one_job_run_here(forks: list[int]) -> None:
    assert map_shared(item_and_pid, [], jobs=2) == []
    assert {pid for _, pid in map_shared(item_and_pid, list(range(50)), jobs=1)} == {os.getpid()}
    assert forks == []


def test_jobs_chosen_from_cores_and_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "available_jobs", lambda: 4)
    assert jobs_for(100) == 1  # too few items to pay for a fork
    assert jobs_for(2 * parallel.MIN_ITEMS_PER_JOB) == 2
    assert jobs_for(100 * parallel.MIN_ITEMS_PER_JOB) == 4
    assert jobs_for(100, jobs=3) == 3  # asked for: used as given
    assert jobs_for(2, jobs=8) == 2  # never more jobs than items


def test_nothing_is_forked_while_other_threads_run(forks: list[int]) -> None:
    import threading

    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert jobs_for(10_000, jobs=2) == 1
        assert {pid for _, pid in map_shared(item_and_pid, list(range(50)), jobs=2)} == {os.getpid()}
    finally:
        release.set()
        thread.join()
    assert forks == []


def fails_in_child(rendezvous: Rendezvous):
    def work(items: list[int]) -> list[int]:
        if rendezvous.in_child():
            raise RuntimeError("only in the child")
        return [item * 2 for item in items]
    return rendezvous(work)


def dies_in_child(rendezvous: Rendezvous):
    def work(items: list[int]) -> list[int]:
        if rendezvous.in_child():
            rendezvous.child_finished_a_chunk.set()
            os._exit(3)
        return [item * 2 for item in items]
    return rendezvous(work)


@pytest.mark.parametrize("make_work", [fails_in_child, dies_in_child], ids=["raises", "dies"])
def test_chunks_of_a_failed_child_are_done_by_the_parent(make_work, forks: list[int], rendezvous: Rendezvous) -> None:
    assert map_shared(make_work(rendezvous), list(range(300)), jobs=2) == [i * 2 for i in range(300)]
    assert len(forks) == 1
    assert [child for child in multiprocessing.active_children() if child.pid in forks] == []


@pytest.mark.parametrize("where", ["parent", "child"])
def test_an_exception_in_the_work_reaches_the_caller_and_no_process_is_left(where: str, forks: list[int],
                                                                            rendezvous: Rendezvous) -> None:
    failing = multiprocessing.get_context("fork").Value("q", -1)  # the first item of the chunk that fails

    def work(items: list[int]) -> list[int]:
        with failing.get_lock():
            if failing.value == -1 and rendezvous.in_child() == (where == "child"):
                failing.value = items[0]
        if items[0] == failing.value:
            raise ValueError(f"chunk from {items[0]}")
        return items

    # Raised in the child, the exception is met again when the parent does that chunk itself.
    with pytest.raises(ValueError, match=r"chunk from \d+"):
        map_shared(rendezvous(work), list(range(300)), jobs=2)
    assert len(forks) == 1
    assert [child for child in multiprocessing.active_children() if child.pid in forks] == []


def test_work_must_return_one_result_per_item(forks: list[int]) -> None:
    with pytest.raises(ValueError, match="results for"):
        map_shared(lambda items: items[:-1], list(range(100)), jobs=2)


def test_demo_content_loads_and_renders_the_same_in_two_processes(forks: list[int]) -> None:
    one, one_problems = load_content(REPO / "content", jobs=1)
    two, two_problems = load_content(REPO / "content", jobs=2)
    assert len(forks) == 1
    assert two.claims == one.claims and two.sources == one.sources and two.reports == one.reports
    assert two.claimants == one.claimants and two.ratings == one.ratings and two.paths == one.paths
    assert list(two_problems) == list(one_problems)
    assert render_content(two, Site(), Settings(jobs=2)) == render_content(one, Site(), Settings(jobs=1))
    assert len(forks) == 2


@pytest.mark.parametrize("case", BROKEN_CASES, ids=[p.name for p in BROKEN_CASES])
def test_broken_content_gives_the_expected_problems_in_two_processes(case: Path, forks: list[int],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Problems found after the files were read in another process still point at the right lines.
    monkeypatch.chdir(case)  # expected.txt holds paths as `python -m generator validate .` prints them there
    _, problems = load_content(Path("."), jobs=2)
    assert [str(problem) for problem in problems] == (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert len(forks) == 1


def _pages(folder: Path, suffix: str) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob(f"*{suffix}")) if p.is_file()}


@pytest.mark.slow
def test_mkdocs_builds_the_same_site_with_the_jobs_option(tmp_path: Path) -> None:
    one = build_or_fail(FIXTURES / "minimal", tmp_path / "one", extra_config={"factcheck": {"jobs": 1}})
    two = build_or_fail(FIXTURES / "minimal", tmp_path / "two", extra_config={"factcheck": {"jobs": 2}})
    assert _pages(two, ".html") == _pages(one, ".html") and _pages(one, ".html")
    result = build_site(FIXTURES / "minimal", tmp_path / "zero", extra_config={"factcheck": {"jobs": 0}})
    assert result.returncode != 0
    assert re.search(r"mkdocs\.yml:\d+:\d+: error: the factcheck plugin's jobs must be a whole number of at least 1, "
                     r"not 0 \(hint: ", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.mark.slow
def test_the_command_line_writes_the_same_pages_with_jobs(tmp_path: Path) -> None:
    for jobs in ("1", "2"):
        result = run_cli("build", "--out", str(tmp_path / jobs), "--jobs", jobs)
        assert result.returncode == 0, result.stdout + result.stderr
    assert _pages(tmp_path / "2", "") == _pages(tmp_path / "1", "") and _pages(tmp_path / "1", ".md")
    for command in ("validate", "build --out " + str(tmp_path / "x")):
        result = run_cli(*command.split(), "--jobs", "0")
        assert result.returncode == 2
        assert "--jobs: expected a whole number of at least 1, not '0'" in result.stderr


@pytest.mark.slow
def test_the_command_line_refuses_bad_jobs_in_mkdocs_yml(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n  - factcheck:\n      content_dir: {REPO / 'content'}\n      jobs: many\n",
                      encoding="utf-8")
    result = run_cli("build", "--out", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 1
    assert (f"{config}:5:13: error: the factcheck plugin's jobs must be a whole number of at least 1, not 'many'"
            in result.stdout)
    assert "Traceback" not in result.stdout + result.stderr and not (tmp_path / "out").exists()


def test_a_child_writes_each_chunk_it_took_and_sends_where_each_one_is() -> None:
    # What a forked child does, run here so that each step can be checked.
    context = multiprocessing.get_context("fork")
    chunks = [[0, 1], [2, 3], [4, 5]]
    next_chunk = context.Value("q", 1)  # chunk 0 is taken already
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryFile() as results:
        parallel._run_child(lambda items: [item * 10 for item in items], chunks, next_chunk, sender, results)
        assert next_chunk.value == 4  # one past the end: every chunk was taken
        child = parallel._Child(process=None, receiver=receiver, results=results)  # type: ignore[arg-type]
        assert child.collect() == {1: [20, 30], 2: [40, 50]}


def test_a_child_whose_work_fails_sends_the_chunks_done_before() -> None:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def work(items: list[int]) -> list[int]:
        if items == [2]:
            raise RuntimeError("chunk 2")
        return items

    with tempfile.TemporaryFile() as results:
        parallel._run_child(work, [[0], [1], [2], [3]], context.Value("q", 0), sender, results)
        child = parallel._Child(process=None, receiver=receiver, results=results)  # type: ignore[arg-type]
        assert child.collect() == {0: [0], 1: [1]}


def test_a_child_that_sent_nothing_gives_no_results() -> None:
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    sender.close()
    with tempfile.TemporaryFile() as results:
        assert parallel._Child(process=None, receiver=receiver, results=results).collect() == {}  # type: ignore[arg-type]


def test_cores_are_those_this_process_may_use_up_to_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)))
    assert parallel.available_jobs() == parallel.MAX_JOBS == 8
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3})
    assert parallel.available_jobs() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set())
    assert parallel.available_jobs() == 1


@pytest.mark.parametrize(("count", "size"), [(10_000, 64), (300, 18), (10, 1)])
def test_items_are_cut_into_small_chunks_that_even_out_the_jobs(count: int, size: int, forks: list[int],
                                                                 rendezvous: Rendezvous) -> None:
    # At least CHUNKS_PER_JOB chunks a job, and never more than MAX_CHUNK items in one.
    sizes = map_shared(rendezvous(lambda items: [len(items)] * len(items)), list(range(count)), jobs=2)
    whole, rest = divmod(count, size)
    assert sizes == [size] * (whole * size) + [rest] * rest
