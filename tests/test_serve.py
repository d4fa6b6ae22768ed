"""`mkdocs serve` as an editor uses it: edit a claim, see the page change; break it, keep a page.

One server runs on a copy of tests/fixtures/minimal with livereload on (the default), and the
test walks through: a valid edit appears (and livereload announces a new version), a YAML
syntax error is reported in the server log as path:line:column while the last good page is
still served, and the fix appears again. The server's process group is always ended.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from htmltree import parse
from sitebuild import FIXTURES, mkdocs_build, mkdocs_env, write_project

pytestmark = pytest.mark.slow

CLAIM = "toll-62-killed"
CLAIM_FILE = Path("content/claims") / f"{CLAIM}.yaml"
START_TIMEOUT = 60
CHANGE_TIMEOUT = 30
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The body of a 200 answer, or None when the server does not answer (in time)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8") if response.status == 200 else None
    except (urllib.error.URLError, OSError):
        return None


def wait_for(check: Callable[[], T | None], timeout: float, what: str, log: Path) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (result := check()) is not None:
            return result
        time.sleep(0.25)
    pytest.fail(f"gave up after {timeout} s waiting for {what}; server log:\n{log.read_text(errors='replace')}",
                pytrace=False)


def summary_shown(html: str | None) -> str | None:
    if html is None:
        return None
    summary = parse(html).find(classes="fc-summary")
    return summary.text().removeprefix("In short: ") if summary is not None else None


def set_summary(path: Path, new_summary: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r"(?m)^(  summary: ).*$", lambda m: m.group(1) + json.dumps(new_summary), text)
    assert count == 1, f"no single verdict summary line in {path}"
    path.write_text(changed, encoding="utf-8")


@contextmanager
def running_server(project: Path, extra_config: dict | None = None,
                   before_start: Callable[[Path], None] | None = None,
                   keep_files: bool = False) -> Iterator[tuple[str, Path]]:
    """`mkdocs serve` on a copy of the minimal fixture in `project` (or on the project as it is, with
    `keep_files`): its base URL and its log file."""
    config = project / "mkdocs.yml" if keep_files else write_project(FIXTURES / "minimal", project,
                                                                      extra_config=extra_config)
    if before_start is not None:
        before_start(project)
    port = free_port()
    log = project.parent / f"{project.name}-serve-{port}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config), "--dev-addr", f"127.0.0.1:{port}"],
            cwd=config.parent, stdout=log_file, stderr=subprocess.STDOUT, env=mkdocs_env(), start_new_session=True,
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        wait_for(lambda: fetch(base) if process.poll() is None else "exited", START_TIMEOUT, "the server", log)
        assert process.poll() is None, f"mkdocs serve exited:\n{log.read_text(errors='replace')}"
        yield base, log
    finally:
        _end_process_group(process)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """A running `mkdocs serve`: its base URL, the project folder and its log file."""
    with running_server(tmp_path / "project") as (base, log):
        yield base, tmp_path / "project", log


def _end_process_group(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def livereload_epoch(html: str) -> int:
    match = re.search(r"livereload\((\d+),\s*\d+\)", html)
    assert match, "the served page has no livereload script"
    return int(match.group(1))


def test_serve_shows_edits_survives_broken_content_and_recovers(server: tuple[str, Path, Path]) -> None:
    base, project, log = server
    page_url = f"{base}claims/{CLAIM}/"
    claim_file = project / CLAIM_FILE
    first = wait_for(lambda: fetch(page_url), CHANGE_TIMEOUT, "the claim page", log)
    epoch = livereload_epoch(first)
    original = summary_shown(first)
    assert original

    edited = "Edited while the server runs; the toll stays unconfirmed."
    set_summary(claim_file, edited)
    wait_for(lambda: True if summary_shown(fetch(page_url)) == edited else None, CHANGE_TIMEOUT,
             "the edited summary on the claim page", log)
    newer = fetch(f"{base}livereload/{epoch}/1")
    assert newer is not None and int(newer) > epoch, "livereload did not announce the rebuilt site"

    text = claim_file.read_text(encoding="utf-8")
    claim_file.write_text(text.replace("date: 2016-09-17", "date: [2016-09-17", 1), encoding="utf-8")
    problem = re.compile(rf"{re.escape(CLAIM_FILE.as_posix())}:\d+:\d+: error: YAML syntax error")
    wait_for(lambda: True if problem.search(log.read_text(errors="replace")) else None, CHANGE_TIMEOUT,
             "the file:line:column error in the server log", log)
    still = wait_for(lambda: fetch_with_banner(page_url), CHANGE_TIMEOUT, "the problems banner on the claim page", log)
    assert summary_shown(still) == edited, "the last good page is no longer served"
    shown = [item.text() for item in parse(still).find(classes="fc-preview-problems").find_all("li")]
    assert len(shown) == 1 and problem.match(shown[0]), shown
    other = fetch_with_banner(base)
    assert other is not None and problem.search(other), "the home page does not show the problem"
    assert "Traceback" not in log.read_text(errors="replace")

    fixed = "Fixed again, and the toll was never independently confirmed."
    claim_file.write_text(text, encoding="utf-8")
    set_summary(claim_file, fixed)
    after_fix = wait_for(lambda: page if summary_shown(page := fetch(page_url)) == fixed else None, CHANGE_TIMEOUT,
                         "the summary after the fix", log)
    assert parse(after_fix).find(classes="fc-preview-problems") is None, "the banner stayed after the fix"


def fetch_with_banner(url: str) -> str | None:
    """The page, once it shows the preview's problems banner."""
    html = fetch(url)
    return html if html is not None and parse(html).find(classes="fc-preview-problems") is not None else None


def test_serve_keeps_watching_content_moved_away_and_back(server: tuple[str, Path, Path]) -> None:
    base, project, log = server
    page_url = f"{base}claims/{CLAIM}/"
    wait_for(lambda: fetch(page_url), CHANGE_TIMEOUT, "the claim page", log)
    content = project / "content"
    content.rename(project / "away")
    wait_for(lambda: fetch_with_banner(base), CHANGE_TIMEOUT, "the banner saying content/ is missing", log)
    (project / "away").rename(content)
    wait_for(lambda: fetch(base) if fetch_with_banner(base) is None else None, CHANGE_TIMEOUT,
             "the site without the banner once content/ is back", log)

    moved_back = "Saved after the content folder was moved away and back."
    set_summary(project / CLAIM_FILE, moved_back)
    wait_for(lambda: True if summary_shown(fetch(page_url)) == moved_back else None, CHANGE_TIMEOUT,
             "the edit made after the folder came back", log)

    # Editors that save through a temporary file and a rename.
    renamed = "Saved through a temporary file, then renamed over the claim."
    temporary = project / CLAIM_FILE.with_name(".toll.yaml.tmp")
    temporary.write_text((project / CLAIM_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    set_summary(temporary, renamed)
    temporary.replace(project / CLAIM_FILE)
    wait_for(lambda: True if summary_shown(fetch(page_url)) == renamed else None, CHANGE_TIMEOUT,
             "the edit saved through a rename", log)


def test_serve_rebuilds_when_a_site_override_template_changes(tmp_path: Path) -> None:
    overrides = tmp_path / "my-templates"
    overrides.mkdir()
    with running_server(tmp_path / "project", {"factcheck": {"overrides_dir": str(overrides)}}) as (base, log):
        page_url = f"{base}claims/{CLAIM}/"
        assert summary_shown(wait_for(lambda: fetch(page_url), CHANGE_TIMEOUT, "the claim page", log))
        (overrides / "claim.md.j2").write_text("# {{ claim.claim|text }}\n\nOverride saved while serving.\n",
                                               encoding="utf-8")
        wait_for(lambda: True if "Override saved while serving." in (fetch(page_url) or "") else None,
                 CHANGE_TIMEOUT, "the page from the new override template", log)


def test_serve_started_on_broken_content_shows_the_problems_then_the_site(tmp_path: Path) -> None:
    def break_claim(project: Path) -> None:
        path = project / CLAIM_FILE
        path.write_text(path.read_text(encoding="utf-8").replace("date: 2016-09-17", "date: [2016-09-17", 1),
                        encoding="utf-8")

    with running_server(tmp_path / "project", before_start=break_claim) as (base, log):
        home = parse(wait_for(lambda: fetch(base), CHANGE_TIMEOUT, "the home page", log))
        listed = [item.text() for item in home.find_all("li") if CLAIM_FILE.as_posix() in item.text()]
        assert listed and "YAML syntax error" in listed[0], home.text()
        assert home.find(classes="fc-preview-problems") is not None, "no problems banner on the first start"
        claim_file = tmp_path / "project" / CLAIM_FILE
        claim_file.write_text(claim_file.read_text(encoding="utf-8").replace("date: [2016-09-17", "date: 2016-09-17"),
                              encoding="utf-8")
        page_url = f"{base}claims/{CLAIM}/"
        wait_for(lambda: summary_shown(fetch(page_url)), CHANGE_TIMEOUT, "the claim page after the fix", log)
        assert "Traceback" not in log.read_text(errors="replace")


def rebuilds(log: Path) -> int:
    return log.read_text(errors="replace").count("Reloading browsers")


def saved(log: Path, change: Callable[[], None]) -> None:
    """Make a change and wait until the server has rebuilt after it."""
    before = rebuilds(log)
    change()
    wait_for(lambda: True if rebuilds(log) > before else None, CHANGE_TIMEOUT, "the rebuild after a save", log)


def served_site(base: str) -> dict[str, str]:
    """Every page in the served sitemap, and the files built beside them, livereload's epochs left out."""
    sitemap = fetch(f"{base}sitemap.xml")
    assert sitemap is not None
    # The server puts its own address in site_url: each page is compared with it taken out.
    paths = [loc.removeprefix(base) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert paths and all("://" not in path for path in paths), paths
    paths += ["sitemap.xml", "search/search_index.json", "feed.xml", "claimreview.json", "404.html"]
    pages = {}
    for path in paths:
        text = fetch(base + path)
        assert text is not None, f"{path} is not served"
        text = re.sub(r"livereload\(\d+,\s*\d+\)", "livereload()", text)
        pages[path] = text.replace(base, "http://server/").replace(base.removesuffix("/").replace("/", "\\/"),
                                                                    "http:\\/\\/server")
    return pages


def test_after_a_series_of_saves_the_served_site_equals_a_fresh_start(tmp_path: Path) -> None:
    project = tmp_path / "project"
    with running_server(project) as (base, log):
        wait_for(lambda: fetch(f"{base}claims/{CLAIM}/"), CHANGE_TIMEOUT, "the claim page", log)
        claim = project / CLAIM_FILE
        claims = project / "content" / "claims"
        source = project / "content" / "sources" / "interview-2016-09-20.yaml"
        saved(log, lambda: set_summary(claim, "A summary saved while serving."))
        saved(log, lambda: claim.write_text(claim.read_text(encoding="utf-8").replace("rating: unproven",
                                                                                    "rating: false"), encoding="utf-8"))
        saved(log, lambda: source.write_text(source.read_text(encoding="utf-8").replace(
            "title: Interview with Jane Doe", "title: Radio interview with Jane Doe"), encoding="utf-8"))
        saved(log, lambda: claim.write_text(claim.read_text(encoding="utf-8").replace("rating: false",
                                                                                    "rating: mostly-flase"), encoding="utf-8"))
        saved(log, lambda: claim.write_text(claim.read_text(encoding="utf-8").replace("rating: mostly-flase",
                                                                                    "rating: false"), encoding="utf-8"))
        saved(log, lambda: (claims / "no-civilians-nearby.yaml").rename(claims / "no-civilians-near-the-site.yaml"))
        report = project / "content" / "reports" / "briefing-review.yaml"
        saved(log, lambda: report.write_text(report.read_text(encoding="utf-8").replace(
            "  - no-civilians-nearby\n", "  - no-civilians-near-the-site\n"), encoding="utf-8"))
        saved(log, lambda: (claims / "strike-was-halted.yaml").unlink() or report.write_text(
            report.read_text(encoding="utf-8").replace("  - strike-was-halted\n", ""), encoding="utf-8"))
        saved(log, lambda: set_summary(claim, "The last summary, saved after a rename and a delete."))
        saved(log, lambda: claim.write_text(claim.read_text(encoding="utf-8").replace(  # the tags pages
            "tags: [casualties, air-strike]", "tags: [casualties, air-strike, deir-ez-zor]"), encoding="utf-8"))
        saved(log, lambda: set_summary(claim, "Saved after the tags changed."))
        saved(log, lambda: claim.write_text(claim.read_text(encoding="utf-8").replace(  # the sitemap's date
            "  updated: 2026-11-22\n", "  updated: 2026-11-24\n"), encoding="utf-8"))
        assert fetch_with_banner(base) is None, "the content has problems after the last save"
        after_saves = served_site(base)
        assert "Rendered" in log.read_text(errors="replace"), "no save was rendered incrementally"
    with running_server(project, keep_files=True) as (base, log):
        fresh = served_site(base)
    assert sorted(after_saves) == sorted(fresh)
    differing = [path for path in fresh if after_saves[path] != fresh[path]]
    assert not differing, f"served after the saves differs from a fresh start: {differing}"


def test_a_new_draft_shows_in_the_preview_marked_and_never_in_mkdocs_build(server: tuple[str, Path, Path],
                                                                           tmp_path: Path) -> None:
    base, project, log = server
    wait_for(lambda: fetch(base), CHANGE_TIMEOUT, "the home page", log)
    draft = project / "content" / "claims" / "convoy-was-turned-back.yaml"
    draft.write_text("status: draft\nclaim: The aid convoy was turned back at the checkpoint.\n"
                     "claimant: jane-doe\ndate: 2016-09-20\n", encoding="utf-8")
    page = parse(wait_for(lambda: fetch(f"{base}claims/convoy-was-turned-back/"), CHANGE_TIMEOUT,
                          "the draft's page in the preview", log))
    assert page.one(classes="fc-status").text() == "Draft"
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    warnings = parse(fetch(base)).one(classes="fc-preview-warnings")
    assert "convoy-was-turned-back.yaml" in warnings.text(), "the draft's missing verdict is not shown as a warning"

    built = tmp_path / "built"
    result = mkdocs_build(project / "mkdocs.yml", built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (built / "claims" / "convoy-was-turned-back").exists()
    leaks = [path.relative_to(built).as_posix() for path in built.rglob("*") if path.is_file()
             and b"turned back at the checkpoint" in path.read_bytes()]
    assert leaks == [], f"the draft is in the published build: {leaks}"
