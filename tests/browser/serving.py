"""Serving a built site over loopback, as Material's search needs HTTP rather than file://.

The server runs in a forked process, not a thread of the test process: generator.parallel never
forks a process with other threads, so a thread left serving would stop test_parallel.py's tests
from sharing any work, whichever order the tests run in.
"""

from __future__ import annotations

import functools
import http.server
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site served at the root of a free loopback port, for as long as the block runs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    process = multiprocessing.get_context("fork").Process(target=server.serve_forever, name=f"site-server-{folder.name}",
                                                          daemon=True)
    process.start()
    server.server_close()  # the child listens on the socket it was given
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        process.terminate()
        process.join()
