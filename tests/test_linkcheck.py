"""check-links against a local HTTP server (127.0.0.1, a random port) that plays live, dead,
redirecting, slow and flaky pages and the Internet Archive's Save Page Now. Nothing here asks
any other host: every address in the content under test is the local server's."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from generator.cli import main
from generator.content import load_content
from generator import linkcheck
from generator.linkcheck import (ARCHIVE_HINT, ARCHIVE_SERVICE, Checked, Link, Report, ARCHIVE_SERVICE_VARIABLE, Options, archive_service_from, check_links,
                                 links_of, problems_of, summary_table)
from generator.loading import read_yaml

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
SNAPSHOT = "20261130120000"
# Timeouts long enough for a loaded machine; the slow page takes longer still.
FAST = Options(concurrency=8, per_host=4, delay=0.0, timeout=1.5, retries=1, backoff=0.01, archive_timeout=5.0,
               archive_delay=0.0)


@dataclass
class Played:
    """What the server was asked: (path, start, end) of each request, and how often each path was asked."""

    requests: list[tuple[str, float, float]] = field(default_factory=list)
    asked: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0  # /polite/ requests being answered now
    most_in_flight: int = 0
    agents: set[str] = field(default_factory=set)  # the User-Agent of each request
    lock: threading.Lock = field(default_factory=threading.Lock)


class Handler(BaseHTTPRequestHandler):
    played: Played

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        started = time.monotonic()
        with self.played.lock:
            times = self.played.asked[self.path] = self.played.asked.get(self.path, 0) + 1
            self.played.agents.add(self.headers.get("User-Agent", ""))
        path = self.path
        if path.startswith("/save/"):
            self.answer(302, {"Location": f"/web/{SNAPSHOT}/{path.removeprefix('/save/')}"})
        elif path.startswith("/save-nothing/"):
            self.answer(200)  # a page, but no copy's address
        elif path.startswith("/polite/"):
            with self.played.lock:
                self.played.in_flight += 1
                self.played.most_in_flight = max(self.played.most_in_flight, self.played.in_flight)
            time.sleep(0.2)  # long enough for another request to overlap, if one were sent
            with self.played.lock:
                self.played.in_flight -= 1  # before answering: the client cannot send the next one earlier
            self.answer(200)
        elif path.startswith(("/web/", "/live")):
            self.answer(200)
        elif path.startswith("/gone-404"):
            self.answer(404)
        elif path == "/gone-410":
            self.answer(410)
        elif path == "/broken-500":
            self.answer(500)
        elif path == "/forbidden":
            self.answer(403)
        elif path == "/moved":
            self.answer(301, {"Location": "/live/new-home"})
        elif path == "/moved-to-nothing":
            self.answer(302, {"Location": "/gone-404-after-move"})
        elif path == "/slow":
            time.sleep(2.5)
            self.answer(200)
        elif path == "/loop":
            self.answer(302, {"Location": "/loop"})
        elif path == "/flaky":
            self.answer(503 if times == 1 else 200)
        else:
            self.answer(404)
        with self.played.lock:
            self.played.requests.append((path, started, time.monotonic()))

    def answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": "0", **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()


@dataclass
class Server:
    base: str
    played: Played


LOCAL_HOSTS = ("127.0.0.1", "127.0.0.2")  # two hosts to the politeness rules, both this machine (Linux)


@contextlib.contextmanager
def serving(played: Played, host: str = LOCAL_HOSTS[0]) -> Iterator[Server]:
    handler = type("PlayingHandler", (Handler,), {"played": played})
    httpd = ThreadingHTTPServer((host, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://{host}:{httpd.server_address[1]}", played)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with serving(Played()) as local:
        yield local


class OnlyTheLocalServer(httpx.AsyncBaseTransport):
    """A transport that refuses any host but this machine's, so a test can never reach the internet."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert request.url.host in LOCAL_HOSTS, f"a test asked {request.url}"
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def source_text(url: str, archive_url: str | None = None) -> str:
    archive = f"archive_url: {archive_url}\n" if archive_url else ""
    return f"title: A page\npublisher: Example\nurl: {url}\n{archive}kind: news\n"


def content_tree(tmp_path: Path, sources: dict[str, str]) -> Path:
    """The minimal fixture whose only addresses are the given sources' (files by id: their text)."""
    tree = tmp_path / "content"
    shutil.copytree(MINIMAL, tree)
    claimant = tree / "claimants" / "defence-ministry.yaml"
    claimant.write_text("".join(line for line in claimant.read_text().splitlines(keepends=True)
                                if not line.startswith("url:")), encoding="utf-8")
    for path in (tree / "sources").glob("*.yaml"):
        path.unlink()
    for id, text in sources.items():
        (tree / "sources" / f"{id}.yaml").write_text(text, encoding="utf-8")
    return tree


CITED = ("briefing-2016-09-17", "interview-2016-09-20", "investigation-2016-11-29")  # the claims cite them


def check(tree: Path, options: Options = FAST, **kwargs):
    content, problems = load_content(tree)
    assert not problems.errors, problems.report()
    return check_links(content, options, transport=OnlyTheLocalServer(), **kwargs)


def outcomes(report) -> dict[str, tuple]:
    return {c.link.url.rsplit("/", 1)[-1]: (c.outcome, c.status, c.final_url) for c in report.checked}


def test_live_dead_redirected_refused_and_slow_links_are_told_apart(tmp_path: Path, server: Server) -> None:
    base = server.base
    tree = content_tree(tmp_path, {
        CITED[0]: source_text(f"{base}/live", f"{base}/web/{SNAPSHOT}/x"),
        CITED[1]: source_text(f"{base}/gone-404", f"{base}/gone-410"),
        CITED[2]: source_text(f"{base}/moved", f"{base}/broken-500"),
        "slow": source_text(f"{base}/slow"),
        "forbidden": source_text(f"{base}/forbidden"),
        "moved-to-nothing": source_text(f"{base}/moved-to-nothing"),
    })
    report = check(tree)
    assert outcomes(report) == {
        "live": ("ok", 200, None),
        "x": ("ok", 200, None),
        "gone-404": ("dead", 404, None),
        "gone-410": ("dead", 410, None),
        "moved": ("redirected", 200, f"{base}/live/new-home"),
        "broken-500": ("dead", 500, None),
        "slow": ("dead", None, None),
        "forbidden": ("refused", 403, None),
        "moved-to-nothing": ("dead", 404, f"{base}/gone-404-after-move"),
    }
    assert server.played.asked["/broken-500"] == 2  # a 5xx is tried again, then given up
    assert server.played.asked["/gone-404"] == 1  # a 404 is final
    assert server.played.asked["/slow"] == 2  # a timeout too
    slow = next(c for c in report.checked if c.link.url.endswith("/slow"))
    assert (slow.reason, slow.tries) == ("no answer within 1.5 s", 2)


def test_a_failing_answer_tried_again_can_succeed(tmp_path: Path, server: Server) -> None:
    tree = content_tree(tmp_path, {CITED[0]: source_text(f"{server.base}/flaky", f"{server.base}/web/{SNAPSHOT}/a"),
                                   CITED[1]: source_text(f"{server.base}/live/1", f"{server.base}/web/{SNAPSHOT}/b"),
                                   CITED[2]: source_text(f"{server.base}/live/2", f"{server.base}/web/{SNAPSHOT}/c")})
    report = check(tree)
    flaky = next(c for c in report.checked if c.link.url.endswith("/flaky"))
    assert (flaky.outcome, flaky.status, flaky.tries) == ("ok", 200, 2)
    assert server.played.asked["/flaky"] == 2
    assert not report.dead and not report.unarchived
    assert server.played.agents == {linkcheck.USER_AGENT}  # every request says who asks, and where to find them


def test_no_retries_means_one_try(tmp_path: Path, server: Server) -> None:
    tree = content_tree(tmp_path, {CITED[0]: source_text(f"{server.base}/flaky"),
                                   CITED[1]: source_text(f"{server.base}/live/1"),
                                   CITED[2]: source_text(f"{server.base}/live/2")})
    report = check(tree, Options(delay=0, timeout=5, retries=0))
    assert outcomes(report)["flaky"] == ("dead", 503, None)


@pytest.mark.parametrize("per_host, delay, at_once, least_seconds", [
    (1, 0.0, {1}, 6 * 0.2),  # one at a time: six answers of 0.2 s, one after the other
    (3, 0.0, {2, 3}, 2 * 0.2),  # up to three at a time (two, on a busy machine), though 8 were allowed in all
    (8, 0.3, {1}, 5 * 0.3),  # 0.3 s between the starts: none overlaps the one before
])
def test_each_host_is_asked_politely(tmp_path: Path, server: Server, per_host: int, delay: float, at_once: set[int],
                                     least_seconds: float) -> None:
    tree = content_tree(tmp_path, {id: source_text(f"{server.base}/polite/{index}")
                                   for index, id in enumerate([*CITED, "a", "b", "c"])})
    started = time.monotonic()
    report = check(tree, Options(concurrency=8, per_host=per_host, delay=delay, timeout=5, retries=0))
    assert [c.outcome for c in report.checked] == ["ok"] * 6
    assert server.played.most_in_flight in at_once
    assert time.monotonic() - started >= least_seconds


@pytest.mark.parametrize("per_host, delay", [(1, 0.0), (8, 0.6)])
def test_politeness_holds_back_only_the_requests_to_the_same_host(tmp_path: Path, per_host: int, delay: float) -> None:
    """Each host gets its own turn: with one request at a time per host (or a delay longer than an
    answer takes), the two hosts are still asked at once."""
    played = Played()
    with serving(played, LOCAL_HOSTS[0]) as first, serving(played, LOCAL_HOSTS[1]) as second:
        tree = content_tree(tmp_path, {CITED[0]: source_text(f"{first.base}/polite/a"),
                                       CITED[1]: source_text(f"{second.base}/polite/b"),
                                       CITED[2]: source_text(f"{second.base}/polite/b")})
        report = check(tree, Options(concurrency=8, per_host=per_host, delay=delay, timeout=5, retries=0))
    assert [c.outcome for c in report.checked] == ["ok"] * 3
    assert played.asked == {"/polite/a": 1, "/polite/b": 1}
    assert played.most_in_flight == 2


def test_the_first_request_to_a_host_does_not_wait_for_the_delay(tmp_path: Path, server: Server) -> None:
    tree = content_tree(tmp_path, {id: source_text(f"{server.base}/live") for id in CITED})  # asked once
    started = time.monotonic()
    report = check(tree, Options(delay=10.0, timeout=5, retries=0))
    assert [c.outcome for c in report.checked] == ["ok"] * 3 and server.played.asked == {"/live": 1}
    assert time.monotonic() - started < 10.0


def test_an_address_written_twice_is_asked_once(tmp_path: Path, server: Server) -> None:
    tree = content_tree(tmp_path, {id: source_text(f"{server.base}/live/same", f"{server.base}/web/{SNAPSHOT}/s")
                                   for id in CITED})
    report = check(tree)
    assert len(report.checked) == 6 and server.played.asked["/live/same"] == 1


def test_links_are_found_at_their_line_and_column_with_the_sources_lacking_an_archive(tmp_path: Path) -> None:
    tree = content_tree(tmp_path, {CITED[0]: "# A comment first\n" + source_text("http://127.0.0.1:9/a"),
                                   CITED[1]: source_text("http://127.0.0.1:9/b", "http://127.0.0.1:9/web/1/b"),
                                   CITED[2]: source_text("http://127.0.0.1:9/c")})
    content, _ = load_content(tree)
    links, unarchived = links_of(content)
    assert [(link.id, link.field, link.line, link.column) for link in links] == [
        (CITED[0], "url", 4, 6), (CITED[1], "url", 3, 6), (CITED[1], "archive_url", 4, 14), (CITED[2], "url", 3, 6)]
    assert [(link.id, link.line, link.column) for link in unarchived] == [(CITED[0], 4, 1), (CITED[2], 3, 1)]


def test_the_problems_and_table_name_each_finding(tmp_path: Path, server: Server) -> None:
    base = server.base
    tree = content_tree(tmp_path, {CITED[0]: source_text(f"{base}/live"),
                                   CITED[1]: source_text(f"{base}/gone-404", f"{base}/web/{SNAPSHOT}/y"),
                                   CITED[2]: source_text(f"{base}/moved", f"{base}/web/{SNAPSHOT}/z")})
    report = check(tree)
    shown = [str(p).split("/sources/")[1] for p in problems_of(report)]
    assert shown == [
        f"briefing-2016-09-17.yaml:3:1: warning: source 'briefing-2016-09-17' has no archive_url (an archived copy) "
        "(hint: run `python -m generator check-links --archive` to save a copy and write its archive_url here, "
        "or add one by hand)",
        f"interview-2016-09-20.yaml:3:6: error: dead link in url: {base}/gone-404 answered 404 Not Found "
        "(hint: find where the page moved, or link the archived copy)",
        f"investigation-2016-11-29.yaml:3:6: warning: url redirects: {base}/moved ends at {base}/live/new-home "
        "(hint: if it is the same page, write the address it ends at)",
    ]
    assert summary_table(report).splitlines() == [
        "| field       | ok | redirected | refused | dead | checked |",
        "| ----------- | -: | ---------: | ------: | ---: | ------: |",
        "| url         |  1 |          1 |       0 |    1 |       3 |",
        "| archive_url |  2 |          0 |       0 |    0 |       2 |",
        "| total       |  3 |          1 |       0 |    1 |       5 |",
        "",
        "sources without archive_url: 1",
    ]


# --- archiving ---------------------------------------------------------------------------------

EDITED = """\
# yaml-language-server: $schema=../../schemas/source.schema.json
# The ministry's briefing, as first published.
title: "Briefing: 'no civilians' near the site"   # the headline, quoted
publisher: 'Example News Agency'
url: {url}   # the page we read

published: 2016-09-17
kind: news
language: en
"""


def test_archive_saves_each_live_source_without_a_copy_and_writes_it_keeping_the_editors_file(
        tmp_path: Path, server: Server) -> None:
    base = server.base
    tree = content_tree(tmp_path, {CITED[0]: EDITED.format(url=f"{base}/live/briefing"),
                                   CITED[1]: source_text(f"{base}/gone-404"),  # dead: not saved
                                   CITED[2]: source_text(f"{base}/live/done", f"{base}/web/{SNAPSHOT}/done")})
    report = check(tree, Options(delay=0, timeout=5, retries=0, archive_delay=0, archive_service=f"{base}/save/"),
                   archive=True)
    copy = f"{base}/web/{SNAPSHOT}/{base}/live/briefing"
    assert [(link.id, address) for link, address in report.archived] == [(CITED[0], copy)]
    assert [link.id for link in report.unarchived] == [CITED[1]]
    assert server.played.asked[f"/save/{base}/live/briefing"] == 1
    assert not any(path.startswith("/save/") and "gone" in path for path in server.played.asked)
    assert (tree / "sources" / f"{CITED[0]}.yaml").read_text(encoding="utf-8") == EDITED.format(
        url=f"{base}/live/briefing").replace("# the page we read\n", f"# the page we read\narchive_url: {copy}\n")
    content, problems = load_content(tree)  # still valid, and now with its copy
    assert not problems.errors and content.sources[CITED[0]].archive_url == copy


def test_an_archive_without_the_address_of_a_copy_writes_nothing(tmp_path: Path, server: Server) -> None:
    tree = content_tree(tmp_path, {CITED[0]: source_text(f"{server.base}/live/a"),
                                   CITED[1]: source_text(f"{server.base}/live/b", f"{server.base}/web/1/b"),
                                   CITED[2]: source_text(f"{server.base}/live/c", f"{server.base}/web/1/c")})
    before = (tree / "sources" / f"{CITED[0]}.yaml").read_bytes()
    report = check(tree, Options(delay=0, timeout=5, retries=0, archive_delay=0,
                                 archive_service=f"{server.base}/save-nothing/"), archive=True)
    assert not report.archived
    assert [(link.id, why) for link, why in report.archive_failures] == [
        (CITED[0], "the archive answered 200 OK without the address of a copy")]
    assert (tree / "sources" / f"{CITED[0]}.yaml").read_bytes() == before


def test_the_archive_service_comes_from_the_environment_or_is_the_internet_archive() -> None:
    assert archive_service_from({}) == ARCHIVE_SERVICE == "https://web.archive.org/save/"
    assert archive_service_from({ARCHIVE_SERVICE_VARIABLE: "http://127.0.0.1:1/save/"}) == "http://127.0.0.1:1/save/"


# --- the command ---------------------------------------------------------------------------------

def test_the_command_prints_problems_and_table_and_fails_on_dead_links(
        tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    base = server.base
    tree = content_tree(tmp_path, {CITED[0]: source_text(f"{base}/live"),
                                   CITED[1]: source_text(f"{base}/gone-410", f"{base}/web/{SNAPSHOT}/i"),
                                   CITED[2]: source_text(f"{base}/flaky", f"{base}/web/{SNAPSHOT}/j")})
    monkeypatch.chdir(tmp_path)
    code = main(["check-links", "content", "--delay", "0", "--timeout", "5", "--backoff", "0.01",
                 "--report", "links.md"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[:2] == [
        "content/sources/briefing-2016-09-17.yaml:3:1: warning: source 'briefing-2016-09-17' has no archive_url "
        "(an archived copy) (hint: run `python -m generator check-links --archive` to save a copy and write its "
        "archive_url here, or add one by hand)",
        f"content/sources/interview-2016-09-20.yaml:3:6: error: dead link in url: {base}/gone-410 answered 410 Gone "
        "(hint: find where the page moved, or link the archived copy)"]
    assert out.splitlines()[-1] == "content: 5 links checked, 1 dead link"
    assert (tmp_path / "links.md").read_text(encoding="utf-8") == out


def test_the_command_archives_through_the_service_named_by_the_environment(
        tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    base = server.base
    tree = content_tree(tmp_path, {id: source_text(f"{base}/live/{id}") for id in CITED})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ARCHIVE_SERVICE_VARIABLE, f"{base}/save/")
    started = time.monotonic()
    assert main(["check-links", "content", "--archive", "--delay", "0", "--archive-delay", "0.2"]) == 0
    took = time.monotonic() - started
    out = capsys.readouterr().out
    assert f"content/sources/{CITED[0]}.yaml:3:1: archived {base}/live/{CITED[0]} as {base}/web/{SNAPSHOT}/" in out
    assert "sources without archive_url: 0" in out
    saves = sorted((start, end) for path, start, end in server.played.requests if path.startswith("/save/"))
    assert len(saves) == 3
    assert took >= 2 * 0.2  # the delay before each save after the first, timed where it is kept
    for (start, end), (next_start, _) in zip(saves, saves[1:]):
        # one save at a time; the server's clock sees the delay blurred by thread scheduling, never gone
        assert next_start >= end - 0.01 and next_start - start >= 0.1
    for id in CITED:
        data = read_yaml(tree / "sources" / f"{id}.yaml").data
        assert list(data) == ["title", "publisher", "url", "archive_url", "kind"]
        assert data["archive_url"] == f"{base}/web/{SNAPSHOT}/{base}/live/{id}"


def test_the_command_checks_nothing_in_content_with_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys) -> None:
    tree = content_tree(tmp_path, {CITED[0]: source_text("ftp://127.0.0.1/a"), CITED[1]: source_text("http://127.0.0.1:9/"),
                                   CITED[2]: source_text("http://127.0.0.1:9/")})
    monkeypatch.chdir(tmp_path)
    assert main(["check-links", tree.name]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("content/sources/briefing-2016-09-17.yaml:3:6: error: field 'url' must be an http://")
    assert out[-1] == "content: 1 error, 5 warnings; no link was checked (fix the content first)"


LINK = Link("sources", "x", Path("content/sources/x.yaml"), ("url",), "https://example.org/x")


@pytest.mark.parametrize("checked, why", [
    (Checked(LINK, "dead", status=404, reason="Not Found"), "answered 404 Not Found"),
    (Checked(LINK, "dead", status=599), "answered 599"),
    (Checked(LINK, "dead", status=410, reason="Gone", final_url="https://example.org/y"),
     "ends at https://example.org/y, which answered 410 Gone"),
    (Checked(LINK, "dead", reason="no answer within 10 s", tries=3), "gave no answer within 10 s, after 3 tries"),
    (Checked(LINK, "dead", reason="connection refused", tries=2), "failed: connection refused, after 2 tries"),
    (Checked(LINK, "dead", reason="a bad certificate"), "failed: a bad certificate"),
])
def test_why_a_link_is_dead_is_said_in_words(checked: Checked, why: str) -> None:
    assert linkcheck._why_dead(checked) == why


@pytest.mark.parametrize("error, reason", [
    (httpx.ConnectError("[Errno 111] Connection refused"), "cannot connect"),
    (httpx.ReadError("the server hung up"), "the server hung up"),
    (httpx.ReadError(""), "ReadError"),
])
def test_why_no_answer_came_is_said_in_words(error: Exception, reason: str) -> None:
    assert linkcheck._transport_reason(error) == reason


def test_every_finding_is_a_problem_at_its_line_with_its_hint() -> None:
    source = Link("sources", "s", Path("content/sources/s.yaml"), ("url",), "https://a.example/x", 3, 6)
    archive = Link("sources", "s", Path("content/sources/s.yaml"), ("archive_url",), "https://archive.example/x", 4, 14)
    claim = Link("claims", "c", Path("content/claims/c.yaml"), ("media", "url"), "https://b.example/v", 9, 8)
    report = Report(
        checked=[Checked(source, "ok", 200, reason="OK"),
                 Checked(source, "dead", 404, reason="Not Found"),
                 Checked(archive, "dead", None, reason="no answer within 5 s", tries=3),
                 Checked(claim, "redirected", 301, "https://b.example/w", "Moved Permanently"),
                 Checked(claim, "refused", 403, reason="Forbidden")],
        unarchived=[source], archive_failures=[(claim, "Save Page Now answered 523")])
    assert sorted(str(problem) for problem in problems_of(report)) == sorted([
        "content/sources/s.yaml:3:6: error: dead link in url: https://a.example/x answered 404 Not Found "
        "(hint: find where the page moved, or link the archived copy)",
        "content/sources/s.yaml:4:14: error: dead link in archive_url: https://archive.example/x gave no answer within "
        "5 s, after 3 tries (hint: find another archived copy, or save the page again)",
        "content/claims/c.yaml:9:8: warning: url redirects: https://b.example/v ends at https://b.example/w "
        "(hint: if it is the same page, write the address it ends at)",
        "content/claims/c.yaml:9:8: warning: url refused the check: https://b.example/v answered 403 Forbidden "
        "(hint: open it in a browser: some sites turn robots away)",
        f"content/sources/s.yaml:3:6: warning: source 's' has no archive_url (an archived copy) (hint: {ARCHIVE_HINT})",
        "content/claims/c.yaml:9:8: warning: could not archive https://b.example/v: Save Page Now answered 523 "
        "(hint: try again later, or save it by hand)"])


def _answer(url: str, **headers: str) -> httpx.Response:
    return httpx.Response(200, headers=headers, request=httpx.Request("GET", url))


@pytest.mark.parametrize("response, address", [
    (_answer("https://web.archive.org/web/20240101120000/https://a.example/"),
     "https://web.archive.org/web/20240101120000/https://a.example/"),
    (_answer("https://web.archive.org/save/https://a.example/", **{"content-location": "/web/20240101120000id_/https://a.example/"}),
     "https://web.archive.org/web/20240101120000id_/https://a.example/"),
    (_answer("https://web.archive.org/save/https://a.example/", location="https://web.archive.org/web/20240101/https://a.example/"),
     "https://web.archive.org/web/20240101/https://a.example/"),
    (_answer("https://web.archive.org/save/https://a.example/"), None),  # no copy named
    (_answer("https://web.archive.org/save/x", location="https://web.archive.org/web/2024/x"), None),  # no timestamp
    (_answer("https://web.archive.org/save/x", location="ftp://web.archive.org/web/20240101120000/x"), None),
    (_answer("https://web.archive.org/save/x", location="https://web.archive.org/web/20240101120000/a b"), None),
    (_answer("https://web.archive.org/save/x", location="https://web.archive.org/web/20240101120000/a\x7fb"), 
     "https://web.archive.org/web/20240101120000/a\x7fb"),  # only spaces and control characters below 32 are refused
])
def test_the_archived_copys_address_is_taken_only_from_a_snapshot_address(response: httpx.Response, address: str | None) -> None:
    assert linkcheck._snapshot_address(response) == address


def test_retries_wait_twice_as_long_each_time_and_a_redirect_loop_is_not_retried(
        tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    sleep = asyncio.sleep

    async def recorded(seconds: float, *args):
        if seconds:
            waits.append(seconds)
        await sleep(0)

    monkeypatch.setattr(linkcheck.asyncio, "sleep", recorded)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nothing listens on
    port = closed.getsockname()[1]
    tree = content_tree(tmp_path, {CITED[0]: source_text(f"{server.base}/broken-500"),
                                   CITED[1]: source_text(f"http://127.0.0.1:{port}/nothing"),
                                   CITED[2]: source_text(f"{server.base}/loop")})
    options = Options(concurrency=1, per_host=1, delay=0.0, timeout=5, retries=2, backoff=0.25)
    try:
        report = check(tree, options)
    finally:
        closed.close()
    found = {c.link.url.rsplit("/", 1)[-1]: (c.outcome, c.status, c.reason, c.tries) for c in report.checked}
    assert found == {"broken-500": ("dead", 500, "Internal Server Error", 3),
                     "nothing": ("dead", None, "cannot connect", 3),
                     "loop": ("dead", None, "too many redirects", 1)}
    assert sorted(waits) == [0.25, 0.25, 0.5, 0.5]  # the two retries of each of the first two, doubling
