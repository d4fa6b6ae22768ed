"""Pausing the cyclic garbage collector while many long-lived objects are built.

Loading and rendering 10,000 claims allocates millions of objects that live until the build
ends and form no cycles; with the collector on, each full collection walks all of them again,
which made a 10,000-claim load about 60% slower (benchmarks/README.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
