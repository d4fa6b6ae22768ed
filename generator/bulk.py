"""Keeping the cyclic garbage collector off the many long-lived objects of a build.

Loading and rendering 10,000 claims allocates millions of objects that live until the build
ends and form no cycles; with the collector on, each full collection walks all of them again,
which made a 10,000-claim load about 60% slower (benchmarks/README.md). The collector is
paused while they are made; a whole build may also freeze them (gc.freeze) when they are
made, so that the collections during the rest of the build, MkDocs' own, skip them, and
thaw them (gc.unfreeze) when the build is over.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """No collection inside; with freeze=True, what exists at a normal exit is frozen (thaw it later)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()


def thaw() -> None:
    """Let the collector see the objects frozen by collector_paused(freeze=True) again."""
    gc.unfreeze()
