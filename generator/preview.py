"""What `mkdocs serve` adds for editors: the problems of the last save on every page, and a watch
on content folders that survives them being moved away, deleted and made again."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from .problems import Problem, count


@dataclass(frozen=True)
class Notice:
    """One line of the banner: where and what (`file:line:column: error: message`), and its hint."""

    text: str
    hint: str | None = None

    @classmethod
    def of(cls, problem: Problem) -> Notice:
        return cls(str(Problem(problem.path, problem.line, problem.column, problem.message,
                               severity=problem.severity)), problem.hint)


# Notices listed of each kind; the banner is in every page, and `python -m generator validate` lists them all.
BANNER_LIMIT = 50


def banner(errors: Iterable[Notice], warnings: Iterable[Notice] = ()) -> str:
    """The banner shown above the last good rendering while the last save has problems ('' when none).

    Errors come first; warnings, which do not stop the site from updating, fold away. Each list
    shows its first BANNER_LIMIT notices and counts the rest.
    """
    errors, warnings = list(errors), list(warnings)
    if not errors and not warnings:
        return ""
    parts = []
    if errors:
        parts.append(Markup('<div class="fc-preview-problems" role="alert" data-fc-preview="errors">'
                            "<p><strong>{} in the last save: this page is from the last version that built.</strong> "
                            "Fix and save; this notice goes away when the content is valid.</p>{}</div>")
                     .format(count(len(errors), "error"), _items(errors)))
    if warnings:
        parts.append(Markup('<details class="fc-preview-warnings" data-fc-preview="warnings">'
                            "<summary>{} in the content</summary>{}</details>")
                     .format(count(len(warnings), "warning"), _items(warnings)))
    return str(Markup("").join(parts))


def _items(notices: list[Notice]) -> Markup:
    lines = [Markup("<li><code>{}</code>{}</li>").format(
        notice.text, Markup(" <span>hint: {}</span>").format(notice.hint) if notice.hint else "")
        for notice in notices[:BANNER_LIMIT]]
    if len(notices) > BANNER_LIMIT:
        lines.append(Markup("<li>and {} more: <code>python -m generator validate</code> lists them all</li>")
                     .format(len(notices) - BANNER_LIMIT))
    return Markup("<ul>{}</ul>").format(Markup("").join(lines))


# Around the banner in a page, so that a later save can replace it without rendering the page again.
BANNER_START, BANNER_END = "<!-- factcheck preview problems -->", "<!-- /factcheck preview problems -->"


def with_banner(html: str, banner_html: str) -> str:
    """The page with the banner first in its body (the theme writes `<body …>` before any content)."""
    if not banner_html:
        return html
    start = html.find("<body")
    end = html.find(">", start) + 1 if start >= 0 else 0
    return f"{html[:end]}{BANNER_START}{banner_html}{BANNER_END}{html[end:]}"


def replace_banner(html: str, banner_html: str) -> str:
    """The page with its banner (if any) replaced by this one ('' removes it)."""
    start = html.find(BANNER_START)
    if start >= 0:
        end = html.find(BANNER_END, start)
        if end >= 0:
            html = html[:start] + html[end + len(BANNER_END):]
    return with_banner(html, banner_html)


class FolderWatch:
    """Watches folders for `mkdocs serve`, and keeps watching them when they are replaced.

    MkDocs' polling watch of a folder stops for good once the folder is gone, even for a moment
    (`mv content away; mv away content`, a branch switch): the preview goes silently stale. Here
    each folder's parent is watched too, and a folder that disappears or comes back is watched
    again and the site rebuilt.
    """

    def __init__(self, server: LiveReloadServer, folders: Iterable[os.PathLike | str]) -> None:
        self.server = server
        self.folders = sorted({os.path.abspath(folder) for folder in folders})
        self.watched: set[str] = set()
        for folder in self.folders:
            self._watch(folder)
        handler = FileSystemEventHandler()
        handler.on_any_event = self._parent_changed  # type: ignore[method-assign]
        for parent in sorted({os.path.dirname(folder) for folder in self.folders}):
            server.observer.schedule(handler, parent, recursive=False)

    def _watch(self, folder: str) -> None:
        if os.path.isdir(folder):
            self.server.watch(folder)
            self.watched.add(folder)

    def _parent_changed(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("created", "deleted", "moved"):
            return  # a file saved in the folder: its own watch sees it
        paths = {os.path.abspath(os.fsdecode(event.src_path))}
        if event.dest_path:  # a move's destination
            paths.add(os.path.abspath(os.fsdecode(event.dest_path)))
        touched = [folder for folder in self.folders if folder in paths]
        for folder in touched:
            if folder in self.watched:
                self.server.unwatch(folder)
                self.watched.discard(folder)
            self._watch(folder)
        if touched:
            request_rebuild(self.server)


def request_rebuild(server: LiveReloadServer) -> None:
    # What the server's own file watch does on a change; it has no public method for it.
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()
