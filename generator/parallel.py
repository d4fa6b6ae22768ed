"""Sharing large jobs with forked copies of this process, one per CPU core.

A forked child starts with everything the parent has already built (the content, the
templates), so only its results travel back, pickled through a pipe. The items are cut into
small chunks that every process, the parent included, takes in turn from a shared counter
until none is left, so a process that drew slow items simply takes fewer chunks. Results
come back in the order of the items.

The work runs in one process when the platform cannot fork safely (only Linux is used),
when other threads are running (`mkdocs serve`: forking a threaded process can deadlock),
when one job is asked for, or, unless jobs are asked for, when there are too few items to
pay for starting a process. Chunks a child did not send back (it failed, or was killed)
are done by the parent, so the result is always that of the work done in one process, and
an exception in the work reaches the caller as it would without other processes.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized
from typing import IO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
Work = Callable[[list[Item]], list[Result]]
Done = dict[int, list[Result]]  # results by chunk number

MAX_JOBS = 8
MIN_ITEMS_PER_JOB = 200  # fewer, and starting a process costs about what it saves (benchmarks/README.md)
MAX_CHUNK = 64
CHUNKS_PER_JOB = 8  # at least, so that the last chunks even out the jobs


def available_jobs() -> int:
    """The CPU cores this process may use (its affinity, not the machine's total)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - platforms without sched_getaffinity
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def jobs_for(count: int, jobs: int | None = None) -> int:
    """How many processes share `count` items; jobs=None chooses from the cores and the count."""
    if not can_fork():
        return 1
    if jobs is None:
        jobs = min(available_jobs(), count // MIN_ITEMS_PER_JOB)
    return max(1, min(jobs, count))


def map_shared(work: Work, items: Sequence[Item], jobs: int | None = None) -> list[Result]:
    """work(items), one result per item in the items' order, with the items shared among jobs."""
    jobs = jobs_for(len(items), jobs)
    if jobs == 1:
        return work(list(items))
    size = max(1, min(MAX_CHUNK, len(items) // (jobs * CHUNKS_PER_JOB)))
    chunks = [list(items[start:start + size]) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    next_chunk = context.Value("q", 0)
    children = [_start(context, work, chunks, next_chunk) for _ in range(jobs - 1)]
    try:
        done = dict(_take_chunks(work, chunks, next_chunk))
        for child in children:
            done.update(child.collect())
    except BaseException:
        for child in children:
            child.process.terminate()
        raise
    finally:
        for child in children:
            child.close()
    for number, chunk in enumerate(chunks):
        if number not in done:
            done[number] = _checked(work(chunk), chunk)
    return [result for number in range(len(chunks)) for result in done[number]]


def _take_chunks(work: Work, chunks: list[list[Item]], next_chunk: Synchronized) -> Iterator[tuple[int, list[Result]]]:
    while True:
        with next_chunk.get_lock():
            number = next_chunk.value
            next_chunk.value += 1
        if number >= len(chunks):
            return
        yield number, _checked(work(chunks[number]), chunks[number])


@dataclass
class _Child:
    """A forked process taking chunks; it writes each chunk's results to a file as it goes
    (so that it never waits for the busy parent to read a pipe) and, when no chunk is left,
    sends where in the file each chunk's results are."""

    process: BaseProcess
    receiver: Connection
    results: IO[bytes]

    def collect(self) -> Done:
        try:
            index: dict[int, tuple[int, int]] = self.receiver.recv()
        except (EOFError, OSError):  # the child failed or was killed: its chunks are done by the parent
            return {}
        return {number: pickle.loads(os.pread(self.results.fileno(), length, offset))
                for number, (offset, length) in index.items()}

    def close(self) -> None:
        self.receiver.close()
        self.process.join()
        self.results.close()


def _start(context, work: Work, chunks: list[list[Item]], next_chunk: Synchronized) -> _Child:
    receiver, sender = context.Pipe(duplex=False)
    results = tempfile.TemporaryFile()
    process = context.Process(target=_run_child, args=(work, chunks, next_chunk, sender, results), daemon=True)
    process.start()
    sender.close()
    return _Child(process, receiver, results)


def _run_child(work: Work, chunks: list[list[Item]], next_chunk: Synchronized, sender: Connection,
               results: IO[bytes]) -> None:
    index: dict[int, tuple[int, int]] = {}
    try:
        for number, chunk_results in _take_chunks(work, chunks, next_chunk):
            data = pickle.dumps(chunk_results, protocol=pickle.HIGHEST_PROTOCOL)
            index[number] = (results.tell(), len(data))
            results.write(data)
    except BaseException:  # the parent does the chunks not listed, and meets the same exception itself
        pass
    results.flush()
    sender.send(index)


def _checked(results: list[Result], chunk: list[Item]) -> list[Result]:
    if len(results) != len(chunk):
        raise ValueError(f"work returned {len(results)} results for {len(chunk)} items")
    return results
