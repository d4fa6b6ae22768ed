"""generator.preview: the problems banner of `mkdocs serve`, and the folder watch that survives moves."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog import events

import generator.plugin
from generator.plugin import FactCheckPlugin
from generator.preview import (BANNER_END, BANNER_LIMIT, BANNER_START, FolderWatch, Notice, banner, replace_banner,
                               with_banner)
from generator.problems import Problem
from htmltree import parse


def test_banner_lists_each_error_with_its_place_and_hint_and_folds_warnings_away() -> None:
    errors = [Notice.of(Problem("claims/a.yaml", 3, 9, "unknown rating 'mostly-flase'", hint="did you mean mostly-false?")),
              Notice("site_templates/claim.md.j2:4: error: unexpected '}'")]
    warnings = [Notice.of(Problem("sources/b.yaml", 1, 1, "no archive_url", severity="warning"))]
    page = parse(banner(errors, warnings))

    alert = page.find(classes="fc-preview-problems")
    assert alert is not None and alert.attrs["role"] == "alert"
    assert "2 errors in the last save" in alert.text()
    lines = [item.text() for item in alert.find_all("li")]
    assert lines == ["claims/a.yaml:3:9: error: unknown rating 'mostly-flase' hint: did you mean mostly-false?",
                     "site_templates/claim.md.j2:4: error: unexpected '}'"]

    folded = page.find("details")
    assert folded is not None and "open" not in folded.attrs
    assert folded.find("summary").text() == "1 warning in the content"
    assert [item.text() for item in folded.find_all("li")] == ["sources/b.yaml:1:1: warning: no archive_url"]


def test_banner_of_warnings_only_has_no_alert_and_no_problems_no_banner() -> None:
    only_warnings = parse(banner([], [Notice("x.yaml:1:1: warning: w")]))
    assert only_warnings.find(classes="fc-preview-problems") is None
    assert only_warnings.find("details") is not None
    assert banner([], []) == ""


def test_banner_escapes_what_editors_wrote() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    html = banner([Notice.of(Problem("claims/<b>.yaml", 1, 1, hostile, hint=hostile))])
    assert "<img" not in html and "<b>" not in html
    assert parse(html).find("li").text().count(hostile) == 2


def test_with_banner_puts_it_first_in_the_body() -> None:
    page = '<!doctype html><html><head><title>t</title></head><body dir="ltr" class="x"><main>page</main></body></html>'
    shown = with_banner(page, '<div id="b">!</div>')
    assert shown == ('<!doctype html><html><head><title>t</title></head><body dir="ltr" class="x">'
                     f'{BANNER_START}<div id="b">!</div>{BANNER_END}<main>page</main></body></html>')
    assert with_banner(page, "") == page


def test_replace_banner_swaps_or_removes_the_marked_banner_only() -> None:
    page = '<html><body dir="ltr"><main>page <!-- a comment --></main></body></html>'
    first = with_banner(page, "<p>one</p>")
    assert replace_banner(first, "<p>two</p>") == with_banner(page, "<p>two</p>")
    assert replace_banner(first, "") == page
    assert replace_banner(page, "") == page
    assert replace_banner(page, "<p>new</p>") == with_banner(page, "<p>new</p>")
    fragment = f"{BANNER_START}<p>old</p>{BANNER_END}<main>page</main>"  # a banner at the very start
    assert replace_banner(fragment, "") == "<main>page</main>"


@pytest.fixture
def server() -> Iterator[LiveReloadServer]:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".", polling_interval=0.05)
    server.observer.start()
    try:
        yield server
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


# How long a test waits for a rebuild request that normally comes within a poll or two: long enough for a
# loaded 2-core runner, and short under `make mutation`, where a mutant that stops the requests would
# otherwise hold up every test of the watcher for the whole wait.
REBUILD_WAIT = 2.0 if os.environ.get("MUTANT_UNDER_TEST") else 10.0


def rebuild_requested(server: LiveReloadServer, timeout: float = REBUILD_WAIT) -> bool:
    """Whether the server was asked to rebuild within the timeout; the request is then taken."""
    with server._rebuild_cond:
        asked = server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=timeout)
        server._want_rebuild = False
    return asked


def settle(server: LiveReloadServer) -> None:
    """Two polls of the observer: what changed before now has been seen."""
    time.sleep(0.3)
    with server._rebuild_cond:
        server._want_rebuild = False


def test_a_folder_moved_away_and_back_is_watched_again(server: LiveReloadServer, tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "claims").mkdir(parents=True)
    claim = content / "claims" / "a.yaml"
    claim.write_text("claim: one\n", encoding="utf-8")
    FolderWatch(server, [content])
    settle(server)

    claim.write_text("claim: two\n", encoding="utf-8")
    assert rebuild_requested(server), "an edit in the watched folder asked for no rebuild"

    content.rename(tmp_path / "away")
    assert rebuild_requested(server), "the folder moved away asked for no rebuild"
    settle(server)  # MkDocs' own watch of the folder has seen it gone, and stopped
    (tmp_path / "away").rename(content)
    assert rebuild_requested(server), "the folder moved back asked for no rebuild"
    settle(server)

    claim.write_text("claim: three\n", encoding="utf-8")
    assert rebuild_requested(server), "after the folder came back, an edit in it asked for no rebuild"


def test_a_folder_deleted_and_made_again_is_watched_again(server: LiveReloadServer, tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    FolderWatch(server, [content])
    settle(server)
    shutil.rmtree(content)
    assert rebuild_requested(server)
    settle(server)
    content.mkdir()
    (content / "new.yaml").write_text("x: 1\n", encoding="utf-8")
    assert rebuild_requested(server)
    settle(server)
    (content / "new.yaml").write_text("x: 2\n", encoding="utf-8")
    assert rebuild_requested(server), "an edit in the folder made again asked for no rebuild"


def test_a_folder_missing_at_start_is_watched_once_it_exists(server: LiveReloadServer, tmp_path: Path) -> None:
    content = tmp_path / "content"
    FolderWatch(server, [content])
    content.mkdir()
    (content / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    assert rebuild_requested(server)
    settle(server)
    (content / "a.yaml").write_text("x: 2\n", encoding="utf-8")
    assert rebuild_requested(server)


def test_a_save_through_a_temporary_file_and_a_rename_asks_for_a_rebuild(server: LiveReloadServer,
                                                                          tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    claim = content / "a.yaml"
    claim.write_text("claim: one\n", encoding="utf-8")
    FolderWatch(server, [content])
    settle(server)
    temporary = content / ".a.yaml.tmp"
    temporary.write_text("claim: two\n", encoding="utf-8")
    temporary.replace(claim)
    assert rebuild_requested(server)


def test_changes_beside_the_watched_folder_ask_for_nothing(server: LiveReloadServer, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    FolderWatch(server, [tmp_path / "content"])
    settle(server)
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "other").mkdir()
    assert not rebuild_requested(server, timeout=0.5)


def test_the_banner_lists_the_first_notices_of_each_kind_and_counts_the_rest() -> None:
    errors = [Notice(f"content/claims/c{i}.yaml:1:1: error: broken {i}") for i in range(BANNER_LIMIT + 3)]
    warnings = [Notice(f"content/sources/s{i}.yaml:3:1: warning: no archive {i}") for i in range(BANNER_LIMIT * 3)]
    shown = parse(banner(errors, warnings))
    listed_errors = shown.find(classes="fc-preview-problems").find_all("li")
    listed_warnings = shown.find("details").find_all("li")
    assert [li.text() for li in listed_errors[:BANNER_LIMIT]] == [e.text for e in errors[:BANNER_LIMIT]]
    assert len(listed_errors) == BANNER_LIMIT + 1
    assert listed_errors[-1].text() == "and 3 more: python -m generator validate lists them all"
    assert len(listed_warnings) == BANNER_LIMIT + 1
    assert listed_warnings[-1].text() == f"and {BANNER_LIMIT * 2} more: python -m generator validate lists them all"
    assert f"{BANNER_LIMIT + 3} errors in the last save" in shown.text()
    assert f"{BANNER_LIMIT * 3} warnings in the content" in shown.text()
    few = parse(banner(errors[:BANNER_LIMIT])).find_all("li")
    assert len(few) == BANNER_LIMIT and "more" not in few[-1].text()


def test_the_plugin_makes_the_banner_once_per_rebuild_not_once_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []
    monkeypatch.setattr(generator.plugin, "banner", lambda errors, warnings: made.append(1) or "<p>problems</p>")
    plugin = FactCheckPlugin()
    plugin._found([Notice("a.yaml:1:1: error: x")], [])
    pages = [plugin._with_preview_banner(f"<html><body><p>page {i}</p></body></html>") for i in range(3)]
    assert len(made) == 1
    assert all("<p>problems</p>" in page for page in pages)


class RecordingServer:
    """What FolderWatch asks of MkDocs' server, recorded: the folders it watches and unwatches, and rebuilds."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.scheduled: list[str] = []
        self.observer = self
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False

    def schedule(self, handler: object, path: str, recursive: bool) -> None:
        assert recursive is False
        self.scheduled.append(path)

    def watch(self, path: str) -> None:
        self.calls.append(("watch", path))

    def unwatch(self, path: str) -> None:
        self.calls.append(("unwatch", path))


@pytest.mark.parametrize("event, touches", [
    (events.DirDeletedEvent("{content}"), True),
    (events.DirCreatedEvent("{content}"), True),
    (events.DirMovedEvent("{content}", "{root}/away"), True),  # moved away
    (events.DirMovedEvent("{root}/away", "{content}"), True),  # moved back
    (events.DirModifiedEvent("{content}"), False),  # a file saved in it: the folder's own watch sees it
    (events.DirAttribEvent("{content}"), False),
    (events.DirDeletedEvent("{root}/other"), False),
    (events.DirMovedEvent("{root}/other", "{root}/elsewhere"), False),
])
def test_each_change_of_a_watched_folder_itself_watches_it_again_and_asks_for_a_rebuild(
        tmp_path: Path, event: events.FileSystemEvent, touches: bool) -> None:
    content = tmp_path / "content"
    content.mkdir()
    server = RecordingServer()
    watch = FolderWatch(server, [content, tmp_path / "templates"])  # templates/ is missing: not watched yet
    assert server.scheduled == [str(tmp_path)] and server.calls == [("watch", str(content))]
    assert watch.watched == {str(content)}

    def place(path: str) -> str:
        return path.format(content=content, root=tmp_path)

    watch._parent_changed(type(event)(place(event.src_path), *([place(event.dest_path)] if event.dest_path else [])))
    if touches:
        assert server.calls == [("watch", str(content)), ("unwatch", str(content)), ("watch", str(content))]
        assert watch.watched == {str(content)} and server._want_rebuild
    else:
        assert server.calls == [("watch", str(content))] and not server._want_rebuild


def test_a_watched_folder_gone_is_unwatched_until_it_comes_back(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    server = RecordingServer()
    watch = FolderWatch(server, [content])
    content.rename(tmp_path / "away")
    watch._parent_changed(events.DirMovedEvent(str(content), str(tmp_path / "away")))
    assert server.calls == [("watch", str(content)), ("unwatch", str(content))]
    assert watch.watched == set() and server._want_rebuild
    server._want_rebuild = False
    (tmp_path / "away").rename(content)
    watch._parent_changed(events.DirMovedEvent(str(tmp_path / "away"), str(content)))
    assert server.calls[-1] == ("watch", str(content)) and watch.watched == {str(content)} and server._want_rebuild


def test_each_notice_is_an_item_of_the_list_and_nothing_else_is_written_around_them() -> None:
    shown = parse(banner([Notice("a.yaml:1:1: error: x", "fix it"), Notice("b.yaml:2:2: error: y")]))
    assert shown.one("ul").text() == "a.yaml:1:1: error: x hint: fix itb.yaml:2:2: error: y"
    assert [li.one("code").text() for li in shown.find_all("li")] == ["a.yaml:1:1: error: x", "b.yaml:2:2: error: y"]
