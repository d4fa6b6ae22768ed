"""Running Pagefind over a built site: it writes the search bundle into <site>/pagefind/.

Pagefind indexes the pages whose content element generator.search marked (data-pagefind-body),
without the permalink signs. A build runs it before the site replaces the last one; `mkdocs serve`
runs it in a background thread after each build or save (BackgroundIndexer), so that it never
delays a reload: a search in the preview answers from the last index until the next is written.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from pathlib import Path

from mkdocs.plugins import get_plugin_logger

EXCLUDED = ".headerlink"  # the ¶ after each heading
INSTALL_HINT = "install it with: pip install 'pagefind[extended]' (the site's dependencies include it)"
LOWEST_PRIORITY = 19  # nice's scale: 19 runs only when nothing else wants the CPU
TIMEOUT = 1800  # about 26 s at 10,000 claims on a 2-core machine: only a hung binary takes this long

log = get_plugin_logger(__name__)


class PagefindError(Exception):
    """Pagefind is missing or failed: what happened, and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        self.message, self.hint = message, hint
        super().__init__(f"{message} (hint: {hint})")


def executable() -> Path:
    """The Pagefind binary that the pagefind package installed."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise PagefindError("the search engine is Pagefind, but Pagefind is not installed", INSTALL_HINT) from None
    found = get_executable()
    if found is None:
        raise PagefindError("the pagefind package is installed without its binary", INSTALL_HINT)
    return found


def command(site_dir: Path, *, background: bool = False) -> list[str]:
    """Pagefind's command line; in the background under `nice` at the lowest CPU priority, set before
    Pagefind starts its threads (a child process's priority set from this threaded process would
    reach only its first thread, and Python's preexec_fn is unsafe where other threads run)."""
    run = [str(executable()), "--site", str(site_dir), "--exclude-selectors", EXCLUDED, "--quiet"]
    niced = shutil.which("nice") if background else None
    return [niced, "-n", str(LOWEST_PRIORITY), *run] if niced else run


def index_site(site_dir: Path, *, background: bool = False) -> None:
    """Write site_dir/pagefind/, the index of site_dir's marked pages; in the background (a
    preview's), at the lowest CPU priority: it uses every core for seconds (26 s at 10,000 claims),
    which would otherwise slow the rebuild of the editor's next save."""
    try:
        result = subprocess.run(command(site_dir, background=background), capture_output=True, text=True,
                                timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise PagefindError(f"Pagefind did not finish indexing {site_dir} in {TIMEOUT} s",
                            "run it by hand to see where it stops: python -m pagefind --site SITE --verbose") from None
    except OSError as error:
        raise PagefindError(f"Pagefind could not be started: {error}", INSTALL_HINT) from None
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise PagefindError(f"Pagefind failed to index {site_dir}: {output}",
                            "set the factcheck plugin's option `search: material` to build without it")


class BackgroundIndexer:
    """Indexes a preview's site in a thread, one run at a time; a request during a run makes one more run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requested: Path | None = None
        self._running = False
        self.runs = 0  # finished runs, for tests

    def request(self, site_dir: Path) -> None:
        with self._lock:
            self._requested = site_dir
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="pagefind-preview-index", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                site_dir, self._requested = self._requested, None
                if site_dir is None:
                    self._running = False
                    return
            started = time.monotonic()
            try:
                index_site(site_dir, background=True)
            except PagefindError as error:
                log.error(str(error))
            else:
                log.info(f"Pagefind indexed the preview in {time.monotonic() - started:.2f} s (in the background)")
            with self._lock:
                self.runs += 1

    def wait(self, timeout: float) -> bool:
        """Whether every requested run finished within timeout seconds (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return True
            time.sleep(0.05)
        return False
