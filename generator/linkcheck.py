"""`python -m generator check-links`: every `url` and `archive_url` of the content, asked over HTTP.

Links are checked concurrently, within bounds: at most `concurrency` requests at once, at most
`per_host` at once to any one host, each starting at least `delay` seconds after the last one
to that host started. A request that times out, cannot connect, or gets 429 or a 5xx answer is
tried again after a growing pause (`backoff`, doubled each time); 404 and 410 are final.

Each link is one of: ok, redirected (with the address it ends at), refused (401, 403, 429 …:
the site answers, but not to robots; often alive for readers) or dead (404, 410, 5xx, or no
answer after every try). Sources without `archive_url` are listed too. With `archive=True`, each
such source whose page is not dead is saved by the Internet Archive's Save Page Now, and the
address of the copy is written into its file (generator.yaml_edit).
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import BaseModel

from .content import ARCHIVE_HINT, Content
from .kinds import KINDS, RATINGS, SOURCES
from .loading import InvalidYaml, Loc, Positions, read_yaml
from .problems import Problem, Problems, display_path
from .yaml_edit import EditError, set_field

ARCHIVE_SERVICE = "https://web.archive.org/save/"
ARCHIVE_SERVICE_VARIABLE = "FACTCHECK_ARCHIVE_SERVICE"  # tests and mirrors point it elsewhere
LINK_FIELDS = ("url", "archive_url")
USER_AGENT = "factcheck-site-generator link check (https://github.com/open-fact-desk/factcheck-site)"
# Answers worth another try: the server is busy or failing now, and may not be later.
RETRIED = frozenset({429, 500, 502, 503, 504})
DEAD = frozenset({404, 410})
# The path of a Wayback Machine copy: /web/<timestamp>/<the original address>.
_SNAPSHOT = re.compile(r"/web/\d{8,14}[a-z_]*/")

Outcome = Literal["ok", "redirected", "refused", "dead"]


@dataclass(frozen=True)
class Options:
    concurrency: int = 8
    per_host: int = 2
    delay: float = 1.0  # seconds between the starts of two requests to one host
    timeout: float = 15.0  # seconds for each try
    retries: int = 2  # tries after the first
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    archive_timeout: float = 120.0  # Save Page Now answers once it has fetched the page
    archive_delay: float = 5.0  # seconds between two saves: one at a time, as Save Page Now asks of anonymous users
    archive_service: str = ARCHIVE_SERVICE


def archive_service_from(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(ARCHIVE_SERVICE_VARIABLE) or ARCHIVE_SERVICE


@dataclass(frozen=True)
class Link:
    """One address written in a content file, where it is written."""

    kind: str
    id: str
    path: Path
    loc: Loc
    url: str
    line: int = 1
    column: int = 1

    @property
    def field(self) -> str:
        return str(self.loc[-1])

    @property
    def where(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Checked:
    link: Link
    outcome: Outcome
    status: int | None = None  # the last HTTP status; None when no answer came
    final_url: str | None = None  # where redirects ended
    reason: str = ""  # why no answer came, or the status's phrase
    tries: int = 1


@dataclass
class Report:
    checked: list[Checked] = field(default_factory=list)
    unarchived: list[Link] = field(default_factory=list)  # sources' url lines without archive_url
    archived: list[tuple[Link, str]] = field(default_factory=list)  # written into the files
    archive_failures: list[tuple[Link, str]] = field(default_factory=list)

    @property
    def dead(self) -> list[Checked]:
        return [c for c in self.checked if c.outcome == "dead"]


# --- which links ----------------------------------------------------------------------------

def links_of(content: Content) -> tuple[list[Link], list[Link]]:
    """Every url and archive_url of every item (in file order), and the url of each source
    without an archive_url; each at its line and column."""
    links, unarchived = [], []
    for kind in KINDS:
        if kind is RATINGS:
            continue
        for id, entity in getattr(content, kind.name).items():
            found = list(_link_fields(entity, ()))
            lacks_archive = kind is SOURCES and not getattr(entity, "archive_url", None)
            if not found and not lacks_archive:
                continue
            path = content.path_of(kind.name, id)
            positions = _positions(path)
            for loc, url in found:
                line, column = positions.locate(loc) if positions else (1, 1)
                link = Link(kind.name, id, path, loc, url, line, column)
                links.append(link)
                if lacks_archive and loc == ("url",):
                    key_line, key_column = positions.locate(loc, key=True) if positions else (1, 1)
                    unarchived.append(replace(link, line=key_line, column=key_column))
    links.sort(key=lambda link: (display_path(link.path), link.line, link.column))
    unarchived.sort(key=lambda link: (display_path(link.path), link.line))
    return links, unarchived


def _link_fields(model: BaseModel, loc: Loc) -> Iterator[tuple[Loc, str]]:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in LINK_FIELDS and isinstance(value, str):
            yield loc + (name,), value
        elif isinstance(value, BaseModel):
            yield from _link_fields(value, loc + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _link_fields(item, loc + (name, index))


def _positions(path: Path) -> Positions | None:
    try:
        return Positions(read_yaml(path).node)
    except (InvalidYaml, OSError):
        return None


# --- asking -----------------------------------------------------------------------------------

class Politeness:
    """At most `per_host` requests at once to a host, and `delay` seconds between their starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host, self.delay = per_host, delay
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}

    def slot(self, host: str) -> asyncio.Semaphore:
        return self._slots.setdefault(host, asyncio.Semaphore(self.per_host))

    async def wait_turn(self, host: str) -> None:
        async with self._locks.setdefault(host, asyncio.Lock()):
            wait = self._last_start.get(host, -self.delay) + self.delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_start[host] = time.monotonic()


class _Asker:
    def __init__(self, client: httpx.AsyncClient, options: Options) -> None:
        self.client, self.options = client, options
        self.everyone = asyncio.Semaphore(options.concurrency)
        self.politeness = Politeness(options.per_host, options.delay)
        self.saving = Politeness(1, options.archive_delay)

    async def get(self, url: str, timeout: float, politeness: Politeness | None = None
                  ) -> tuple[httpx.Response | None, str, int]:
        """The answer to GET url (its body not read), or None and why; and how many tries it took."""
        host = (urlsplit(url).hostname or "").lower()
        reason = ""
        tries = self.options.retries + 1
        for attempt in range(tries):
            if attempt:
                await asyncio.sleep(self.options.backoff * 2 ** (attempt - 1))
            polite = politeness or self.politeness
            async with polite.slot(host):
                await polite.wait_turn(host)
                async with self.everyone:
                    try:
                        async with self.client.stream("GET", url, timeout=timeout) as response:
                            pass  # the status and headers are enough: the body is never read
                    except httpx.TimeoutException:
                        reason = f"no answer within {timeout:g} s"
                        continue
                    except httpx.TooManyRedirects:
                        return None, "too many redirects", attempt + 1
                    except (httpx.TransportError, httpx.InvalidURL) as error:
                        reason = _transport_reason(error)
                        continue
            if response.status_code in RETRIED and attempt + 1 < tries:
                continue
            return response, "", attempt + 1
        return None, reason, tries

    async def check(self, link: Link) -> Checked:
        response, reason, tries = await self.get(link.url, self.options.timeout)
        if response is None:
            return Checked(link, "dead", reason=reason, tries=tries)
        status, phrase = response.status_code, response.reason_phrase
        final = str(response.url)
        moved = final if response.history and final != link.url else None
        if status in DEAD or status >= 500:
            outcome: Outcome = "dead"
        elif status >= 400:
            outcome = "refused"
        else:
            outcome = "redirected" if moved else "ok"
        return Checked(link, outcome, status, moved, phrase, tries)

    async def archive(self, link: Link) -> tuple[str | None, str]:
        """Ask Save Page Now for a copy of link's page: the copy's address, or None and why."""
        service = self.options.archive_service
        response, reason, _ = await self.get(service + link.url, self.options.archive_timeout, self.saving)
        if response is None:
            return None, f"the archive did not answer: {reason}"
        copy = _snapshot_address(response)
        if copy is None:
            return None, (f"the archive answered {response.status_code} {response.reason_phrase} without "
                          "the address of a copy")
        return copy, ""


def _transport_reason(error: Exception) -> str:
    if isinstance(error, httpx.ConnectError):
        return "cannot connect"
    return str(error) or type(error).__name__


def _snapshot_address(response: httpx.Response) -> str | None:
    """Where Save Page Now put the copy: the address it redirected to, or its Content-Location."""
    candidates = [str(response.url), *(urljoin(str(response.url), value) for value in
                                       (response.headers.get("content-location"), response.headers.get("location"))
                                       if value)]
    for candidate in candidates:
        parts = urlsplit(candidate)
        if (parts.scheme in ("http", "https") and parts.netloc and _SNAPSHOT.match(parts.path)
                and not any(character.isspace() or ord(character) < 32 for character in candidate)):
            return candidate
    return None


async def _run(links: list[Link], to_archive: list[Link], options: Options,
               transport: httpx.AsyncBaseTransport | None) -> tuple[list[Checked], list[tuple[Link, str | None, str]]]:
    async with httpx.AsyncClient(follow_redirects=True, headers={"User-Agent": USER_AGENT},
                                 transport=transport, max_redirects=10) as client:
        asker = _Asker(client, options)
        first = {}  # an address written in several places is asked once
        for link in links:
            first.setdefault(link.url, link)
        answers = dict(zip(first, await asyncio.gather(*(asker.check(link) for link in first.values()))))
        checked = [replace(answers[link.url], link=link) for link in links]
        dead = {c.link.url for c in checked if c.outcome == "dead"}
        worth_saving = [link for link in to_archive if link.url not in dead]  # a copy of an error page helps no one
        saved = await asyncio.gather(*(asker.archive(link) for link in worth_saving))
    return list(checked), [(link, copy, why) for link, (copy, why) in zip(worth_saving, saved)]


def check_links(content: Content, options: Options = Options(), *, archive: bool = False,
                transport: httpx.AsyncBaseTransport | None = None) -> Report:
    """Check every link of content; with archive, save the unarchived sources and write their archive_url."""
    links, unarchived = links_of(content)
    checked, saved = asyncio.run(_run(links, unarchived if archive else [], options, transport))
    report = Report(checked=checked, unarchived=unarchived)
    for link, copy, why in saved:
        if copy is None:
            report.archive_failures.append((link, why))
            continue
        try:
            set_field(link.path, "archive_url", copy, after="url")
        except (EditError, OSError, ValueError) as error:  # ruamel's errors are ValueErrors
            report.archive_failures.append((link, f"cannot write it into the file: {error}"))
            continue
        report.archived.append((link, copy))
    archived = {link for link, _ in report.archived}
    report.unarchived = [link for link in unarchived if link not in archived]
    return report


# --- telling ------------------------------------------------------------------------------------

def problems_of(report: Report) -> Problems:
    """Each finding as a problem at its file, line and column: dead links are errors."""
    problems = Problems()
    for checked in report.checked:
        link = checked.link
        path = display_path(link.path)
        if checked.outcome == "dead":
            problems.add(Problem(path, link.line, link.column, f"dead link in {link.field}: {link.url} {_why_dead(checked)}",
                                 "find where the page moved, or link the archived copy" if link.field == "url"
                                 else "find another archived copy, or save the page again"))
        elif checked.outcome == "redirected":
            problems.add(Problem(path, link.line, link.column,
                                 f"{link.field} redirects: {link.url} ends at {checked.final_url}",
                                 "if it is the same page, write the address it ends at", "warning"))
        elif checked.outcome == "refused":
            problems.add(Problem(path, link.line, link.column,
                                 f"{link.field} refused the check: {link.url} answered {checked.status} {checked.reason}",
                                 "open it in a browser: some sites turn robots away", "warning"))
    for link in report.unarchived:
        problems.add(Problem(display_path(link.path), link.line, link.column,
                             f"source '{link.id}' has no archive_url (an archived copy)", ARCHIVE_HINT, "warning"))
    for link, why in report.archive_failures:
        problems.add(Problem(display_path(link.path), link.line, link.column,
                             f"could not archive {link.url}: {why}", "try again later, or save it by hand",
                             "warning"))
    return problems


def _why_dead(checked: Checked) -> str:
    """"answered 404 Not Found", "ends at … which answered 410 Gone", "gave no answer within 10 s, after 3 tries"."""
    if checked.status is None:
        why = f"gave {checked.reason}" if checked.reason.startswith("no answer") else f"failed: {checked.reason}"
    else:
        why = f"answered {checked.status} {checked.reason}".rstrip()
        if checked.final_url:
            why = f"ends at {checked.final_url}, which {why}"
    return why + (f", after {checked.tries} tries" if checked.tries > 1 else "")


OUTCOMES: tuple[Outcome, ...] = ("ok", "redirected", "refused", "dead")


def summary_table(report: Report) -> str:
    """How many links of each field had each outcome, as a Markdown table (readable as text too)."""
    counts = Counter((c.link.field, c.outcome) for c in report.checked)
    rows: list[list[Any]] = []
    for name in LINK_FIELDS:
        rows.append([name, *(counts[(name, outcome)] for outcome in OUTCOMES),
                     sum(counts[(name, outcome)] for outcome in OUTCOMES)])
    rows.append(["total", *(sum(counts[(name, o)] for name in LINK_FIELDS) for o in OUTCOMES), len(report.checked)])
    header = ["field", *OUTCOMES, "checked"]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[Any]) -> str:
        return "| " + " | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                 for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    table = [line(header), "| " + " | ".join("-" * w if i == 0 else "-" * (w - 1) + ":" for i, w in enumerate(widths)) + " |",
             *map(line, rows)]
    sources = len({link.id for link in report.unarchived})
    table.append("")
    table.append(f"sources without archive_url: {sources}")
    if report.archived or report.archive_failures:
        table.append(f"archived now: {len(report.archived)}, could not archive: {len(report.archive_failures)}")
    return "\n".join(table)
