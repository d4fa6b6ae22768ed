"""generator.theme_pages: the generated pages put through the theme by forked processes, as MkDocs
would put them through it, with what they log reaching the parent's log once."""

from __future__ import annotations

import logging
import multiprocessing
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import theme_pages
from generator.theme_pages import PREBUILT_TEMPLATE, QuietSkips, is_prebuilt, render_in_processes
from sitebuild import FIXTURES, build_or_fail


def pages_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_pages_rendered_by_two_processes_are_those_one_process_renders(tmp_path: Path) -> None:
    """With Pagefind (no index collected while pages render), `jobs: 2` shares the theme's work
    between two processes; every page comes out byte for byte as from one."""
    sites = {jobs: build_or_fail(FIXTURES / "varied", tmp_path / f"site-{jobs}",
                                 extra_config={"plugins": ["search", "tags", {"factcheck": {
                                     "content_dir": "content", "search": "pagefind", "jobs": jobs}}]})
             for jobs in (1, 2)}
    one, two = pages_of(sites[1]), pages_of(sites[2])
    assert one.keys() == two.keys() and len(one) >= 40
    assert [path for path in one if one[path] != two[path]] == []
    # MkDocs' own loop wrote none of them again (it would leave an empty page, or a policy alone)
    assert [path for path, body in two.items() if b'<main' not in body or b"</html>" not in body] == []
    claim = two["claims/hospital-reopened/index.html"].decode("utf-8")
    assert claim.count("Content-Security-Policy") == 1 and "data-pagefind-body" in claim


class _Page(SimpleNamespace):
    pass


def test_a_forked_renderings_warnings_are_logged_once_by_the_parent(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    def build_page(page, config, doc_files, nav, env) -> None:
        logging.getLogger("mkdocs.plugins.x").warning(f"odd page {page.name}")

    monkeypatch.setattr(theme_pages.mkdocs_build, "_build_page", build_page)
    pages = [_Page(name=str(n), meta={}) for n in range(6)]
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        render_in_processes(pages, None, [], None, None, jobs=2)
    assert sorted(r.getMessage() for r in caplog.records) == [f"odd page {n}" for n in range(6)]
    assert all(page.meta["template"] == PREBUILT_TEMPLATE and is_prebuilt(page) for page in pages)
    assert not is_prebuilt(None) and not is_prebuilt(_Page(meta={}))


def test_each_page_is_built_once_with_the_builds_arguments_some_in_a_forked_process(
        monkeypatch: pytest.MonkeyPatch, caplog, tmp_path: Path) -> None:
    """What MkDocs' page builder gets, in the parent and in a forked process; the fork's log
    records reach the parent's log once, as they were (logger, level, message), and the parent's
    own logging is left as it was."""
    parent = os.getpid()
    child_took_one = multiprocessing.get_context("fork").Event()

    def build_page(page, config, doc_files, nav, env) -> None:
        if os.getpid() == parent:
            child_took_one.wait(10)  # once: so that the forked process takes some of the pages
        child_took_one.set()
        where = "parent" if os.getpid() == parent else "child"
        logging.getLogger("mkdocs.plugins.x").error(f"{page.name} {config} {doc_files} {nav} {env} {where}")

    monkeypatch.setattr(theme_pages.mkdocs_build, "_build_page", build_page)
    printed = tmp_path / "printed.log"  # what MkDocs' own handler on its logger would print, from any process
    terminal = logging.FileHandler(printed, encoding="utf-8")
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(terminal)
    handlers = list(mkdocs_logger.handlers)
    pages = [_Page(name=str(n), meta={}) for n in range(8)]
    try:
        with caplog.at_level(logging.WARNING, logger="mkdocs"):
            render_in_processes(pages, "config", ["docs"], "nav", "env", jobs=2)
    finally:
        mkdocs_logger.removeHandler(terminal)
        terminal.close()
    assert mkdocs_logger.handlers + [terminal] == handlers
    assert sorted(printed.read_text(encoding="utf-8").splitlines()) == sorted(r.getMessage() for r in caplog.records)
    assert {(r.name, r.levelno) for r in caplog.records} == {("mkdocs.plugins.x", logging.ERROR)}
    built = sorted(r.getMessage().rsplit(" ", 1) for r in caplog.records)
    assert [message for message, _ in built] == [f"{n} config ['docs'] nav env" for n in range(8)]
    assert {where for _, where in built} == {"parent", "child"}


def test_only_mkdocs_note_of_a_page_written_empty_is_left_out() -> None:
    def record(level: int, message: str) -> logging.LogRecord:
        return logging.LogRecord("mkdocs.commands.build", level, __file__, 1, message, None, None)

    quiet = QuietSkips()
    assert not quiet.filter(record(logging.INFO, "Page skipped: 'claims/a.md'. Generated empty output."))
    assert quiet.filter(record(logging.WARNING, "Page skipped: 'claims/a.md'. Generated empty output."))
    assert quiet.filter(record(logging.INFO, "Building documentation"))


def test_a_forked_rendering_keeps_its_warnings_and_errors_for_the_parent_to_log() -> None:
    kept = theme_pages._Kept()
    logger = logging.getLogger("mkdocs.test-kept")
    logger.setLevel(logging.DEBUG)  # the handler's own level decides
    logger.addHandler(kept)
    try:
        logger.info("not kept")
        logger.warning("a link to %s is broken", "x.md")
        logger.error("failed")
    finally:
        logger.removeHandler(kept)
    assert kept.records == [(logging.WARNING, "mkdocs.test-kept", "a link to x.md is broken"),
                            (logging.ERROR, "mkdocs.test-kept", "failed")]
