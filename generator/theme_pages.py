"""The theme's rendering of the generated pages, shared with forked processes (generator.parallel).

MkDocs puts every page through the theme (Material's templates: navigation, header, table of
contents) one after the other once all pages are read; on a large site that is most of a build,
now that the generated pages skip Markdown. When nothing collects from the pages as they are
rendered (Material's search index is not built: Pagefind indexes the built site), the plugin
renders the generated pages itself, once every plugin has set up the theme (`on_env`): with MkDocs'
own page builder, its plugin events included, each process writing its pages' files. MkDocs' own
loop then finds each of them done: its template (PREBUILT_TEMPLATE) writes nothing, and nothing is
written again. What the renderings log at warning level or above is logged again by the parent, so
that `mkdocs build --strict` counts it.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .parallel import map_shared

PREBUILT_TEMPLATE = "factcheck-prebuilt.html"  # site_templates/overrides/: renders nothing
_SKIPPED = "Generated empty output."  # what MkDocs logs of a page whose template wrote nothing

Record = tuple[int, str, str]  # a log record: level, logger name, message


def render_in_processes(pages: Sequence[Page], config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation,
                        env: jinja2.Environment, jobs: int | None) -> None:
    """Each page rendered by the theme and written, then left for MkDocs' loop to skip."""
    work = functools.partial(_render, config=config, doc_files=doc_files, nav=nav, env=env, parent=os.getpid())
    for records in map_shared(work, list(pages), jobs):
        for level, name, message in records:
            logging.getLogger(name).log(level, message)
    for page in pages:
        page.meta["template"] = PREBUILT_TEMPLATE


def is_prebuilt(page: Page | None) -> bool:
    return page is not None and page.meta.get("template") == PREBUILT_TEMPLATE


class QuietSkips(logging.Filter):
    """Leaves out MkDocs' note that a prebuilt page's template wrote nothing (one line per page)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno == logging.INFO and record.getMessage().endswith(_SKIPPED))


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[Record] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.name, record.getMessage()))


def _render(pages: list[Page], *, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation,
            env: jinja2.Environment, parent: int) -> list[list[Record]]:
    """Each page built as MkDocs builds it, and in a forked process what it logged (at warning or
    above), kept for the parent to log instead (the parent logs its own pages' as they come)."""
    if os.getpid() == parent:
        for page in pages:
            mkdocs_build._build_page(page, config, doc_files, nav, env)
        return [[] for _ in pages]
    logger = logging.getLogger("mkdocs")
    results = []
    for page in pages:
        kept = _Kept()
        logger.handlers = [kept]  # this forked process's copy of the logger: nothing printed here
        mkdocs_build._build_page(page, config, doc_files, nav, env)
        results.append(kept.records)
    return results
