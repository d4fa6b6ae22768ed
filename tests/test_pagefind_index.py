"""generator.pagefind_index: running Pagefind over a built folder, its failures as messages with a
hint (never a traceback), and a preview's indexing in the background, one run at a time."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tools import missing

from generator import pagefind_index
from generator.pagefind_index import INSTALL_HINT, BackgroundIndexer, PagefindError, index_site

PAGE = ('<!doctype html><html lang="en"><head><title>{title}</title></head><body><nav>Menu words</nav>'
        '<article data-pagefind-body><h1>{title} <a class="headerlink" href="#">pilcrowword</a></h1>'
        '<p>{text}</p></article></body></html>')


def pagefind_or_skip() -> None:
    try:
        pagefind_index.executable()
    except PagefindError:
        missing("Pagefind (the pagefind package with its binary)", ".venv/bin/pip install -r requirements/test.txt")


def test_a_folder_is_indexed_into_its_pagefind_folder(tmp_path: Path) -> None:
    pagefind_or_skip()
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE.format(title="Ceasefire", text="Aleppo aid"), encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE.format(title="Home", text="Welcome"), encoding="utf-8")
    index_site(tmp_path)
    bundle = tmp_path / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert list(bundle.glob("fragment/*.pf_fragment")), "no page was indexed"


def test_a_missing_package_is_a_message_with_the_install_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # import fails as when it is not installed
    with pytest.raises(PagefindError) as raised:
        index_site(tmp_path)
    assert str(raised.value) == f"the search engine is Pagefind, but Pagefind is not installed (hint: {INSTALL_HINT})"


def test_a_package_without_its_binary_is_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(PagefindError) as raised:
        index_site(tmp_path)
    assert (raised.value.message, raised.value.hint) == ("the pagefind package is installed without its binary", INSTALL_HINT)


def fake_pagefind(monkeypatch: pytest.MonkeyPatch, folder: Path, script: str, mode: int = 0o755) -> None:
    fake = folder / "pagefind"
    fake.write_text(script, encoding="utf-8")
    fake.chmod(mode)
    monkeypatch.setattr(pagefind_index, "executable", lambda: fake)


def test_a_binary_that_cannot_be_started_is_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_pagefind(monkeypatch, tmp_path, "#!/bin/sh\nexit 0\n", mode=0o644)
    with pytest.raises(PagefindError) as raised:
        index_site(tmp_path / "site")
    assert raised.value.message == f"Pagefind could not be started: [Errno 13] Permission denied: '{tmp_path / 'pagefind'}'"
    assert raised.value.hint == INSTALL_HINT


def test_a_binary_that_hangs_is_stopped_with_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_pagefind(monkeypatch, tmp_path, "#!/bin/sh\nexec sleep 20\n")
    monkeypatch.setattr(pagefind_index, "TIMEOUT", 0.5)
    with pytest.raises(PagefindError) as raised:
        index_site(tmp_path / "site")
    assert raised.value.message == f"Pagefind did not finish indexing {tmp_path / 'site'} in 0.5 s"
    assert raised.value.hint == "run it by hand to see where it stops: python -m pagefind --site SITE --verbose"


def test_a_failing_run_reports_what_pagefind_said(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_pagefind(monkeypatch, tmp_path, "#!/bin/sh\necho 'Error: no HTML files found' >&2\nexit 1\n")
    with pytest.raises(PagefindError) as raised:
        index_site(tmp_path / "site")
    assert raised.value.message == f"Pagefind failed to index {tmp_path / 'site'}: Error: no HTML files found"
    assert raised.value.hint == "set the factcheck plugin's option `search: material` to build without it"


@pytest.fixture(autouse=True)
def no_index_thread_left() -> Iterator[None]:
    """A run's thread is gone before the next test: test_parallel forks only a process without threads."""
    yield
    for thread in threading.enumerate():
        if thread.name == "pagefind-preview-index":
            thread.join(10)


def test_the_preview_indexes_in_the_background_one_run_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests made during a run make one more run, of the last folder requested."""
    started, release = threading.Event(), threading.Event()
    indexed: list[Path] = []

    def slow_index(site_dir: Path, *, background: bool) -> None:
        assert background  # at the lowest priority (test_a_background_run_yields_the_cpu)
        indexed.append(site_dir)
        started.set()
        release.wait(10)

    monkeypatch.setattr(pagefind_index, "index_site", slow_index)
    indexer = BackgroundIndexer()
    indexer.request(Path("first"))
    assert started.wait(10)
    # A preview stopped with Ctrl+C does not wait for its index: the thread is a daemon.
    (thread,) = [thread for thread in threading.enumerate() if thread.name == "pagefind-preview-index"]
    assert thread.daemon
    for name in ("second", "third", "fourth"):
        indexer.request(Path(name))  # returns at once: the save's reload does not wait
    assert not indexer.wait(0.2)  # still running
    release.set()
    assert indexer.wait(10)
    assert indexed == [Path("first"), Path("fourth")] and indexer.runs == 2


def test_a_background_run_logs_how_long_it_took(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    monkeypatch.setattr(pagefind_index, "index_site", lambda site_dir, *, background: None)
    caplog.set_level(logging.INFO)
    indexer = BackgroundIndexer()
    indexer.request(Path("site"))
    assert indexer.wait(10) and indexer.runs == 1
    (message,) = [r.getMessage() for r in caplog.records if "Pagefind indexed" in r.getMessage()]
    seconds = re.fullmatch(r"generator: Pagefind indexed the preview in (\d+\.\d\d) s \(in the background\)", message)
    assert seconds is not None and float(seconds[1]) < 10


def test_a_failed_background_run_is_logged_and_the_next_request_runs(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    def failing(site_dir: Path, *, background: bool) -> None:
        raise PagefindError("Pagefind failed to index x: broken", "a hint")

    monkeypatch.setattr(pagefind_index, "index_site", failing)
    indexer = BackgroundIndexer()
    for _ in range(2):
        indexer.request(Path("site"))
        assert indexer.wait(10)
    assert indexer.runs == 2
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"][:1] == [
        "generator: Pagefind failed to index x: broken (hint: a hint)"]


def test_a_background_run_yields_the_cpu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pagefind uses every core for seconds: a preview's run must not slow the rebuild of the next save.
    The stand-in binary writes the priority it was started with (every thread it starts inherits it)."""
    fake_pagefind(monkeypatch, tmp_path, f"#!/bin/sh\nnice > {tmp_path / 'priority'}\n")
    own = os.nice(0)
    index_site(tmp_path / "site")
    assert int((tmp_path / "priority").read_text()) == own
    index_site(tmp_path / "site", background=True)
    assert int((tmp_path / "priority").read_text()) == max(own, pagefind_index.LOWEST_PRIORITY) == 19


def test_without_nice_a_background_run_still_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_pagefind(monkeypatch, tmp_path, "#!/bin/sh\nexit 0\n")
    monkeypatch.setattr(pagefind_index.shutil, "which", lambda name: None)
    assert pagefind_index.command(tmp_path, background=True) == pagefind_index.command(tmp_path) == [
        str(tmp_path / "pagefind"), "--site", str(tmp_path), "--exclude-selectors", ".headerlink", "--quiet"]


def test_a_run_is_bounded_in_time_and_its_output_kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[dict] = []

    def run(command, **options):
        started.append(options)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(pagefind_index.subprocess, "run", run)
    index_site(tmp_path)
    index_site(tmp_path, background=True)
    assert started == [{"timeout": pagefind_index.TIMEOUT, "capture_output": True, "text": True}] * 2
