"""Editorial integrity as data: what the set says about who wrote and reviewed each verdict, how
its corrections are recorded, how independent its evidence is, and who publishes it.

These are checks of the whole set (they look across files), run by generator.content after
every file has been read: bylines that name no person, a rating change that is not recorded
consistently, a verdict resting on a single publisher, an organisation that lists no funders.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date as Date

from .loading import Document, id_spelling
from .model import Claim, HistoryEntry, Organisation, Person, Source
from .problems import Problem, closest


def publisher_key(source: Source) -> str:
    """Who a source's text comes from: a reprint counts as its original publisher."""
    return " ".join((source.original_publisher or source.publisher).casefold().split())


def independent_publishers(claim: Claim, sources: Mapping[str, Source]) -> list[str]:
    """The publishers the verdict's evidence comes from, each once (a reprint as its original publisher),
    named as first cited."""
    names: dict[str, str] = {}
    for item in claim.verdict.evidence if claim.verdict else []:
        source = sources.get(item.source)
        if source is not None:
            names.setdefault(publisher_key(source), source.original_publisher or source.publisher)
    return list(names.values())


def rating_changes(claim: Claim) -> list[tuple[HistoryEntry, str | None]]:
    """Each history entry that changed the rating, oldest first, with the rating it changed to
    (the next change's previous rating, or the verdict's own; None for a draft without one)."""
    changes = sorted((e for e in claim.history if e.previous_rating), key=lambda e: e.date)
    current = claim.verdict.rating if claim.verdict else None
    after = [e.previous_rating for e in changes[1:]] + [current]
    return list(zip(changes, after))


@dataclass(frozen=True)
class LoggedEntry:
    """One entry of a claim's history, as the corrections log shows it: with the ratings around a change."""

    claim: Claim
    entry: HistoryEntry
    previous_rating: str | None  # the rating id before the change; None: the rating did not change
    new_rating: str | None


def history_log(claims: Iterable[Claim]) -> list[LoggedEntry]:
    """Every history entry of the claims, newest first (ties: the claim's id, then the later entry in its file)."""
    logged = []
    for claim in claims:
        after = {id(entry): rating for entry, rating in rating_changes(claim)}
        for index, entry in enumerate(claim.history):
            logged.append((entry.date, claim.id, index,
                           LoggedEntry(claim, entry, entry.previous_rating, after.get(id(entry)))))
    return [item for *_, item in sorted(logged, key=lambda row: row[:3], reverse=True)]


def integrity_problems(claims: Mapping[str, Claim], sources: Mapping[str, Source], people: Mapping[str, Person],
                       organisation: Organisation | None, documents: Mapping[tuple[str, str], Document],
                       today: Date) -> Iterator[Problem]:
    for claim in claims.values():
        document = documents.get(("claims", claim.id))
        if document is None or claim.verdict is None:
            continue
        yield from _byline_problems(claim, people, document)
        yield from _history_problems(claim, document, today)
        if claim.is_published:
            yield from _sourcing_problems(claim, sources, document)
    organisation_file = documents.get(("organisation", "organisation"))
    if organisation is not None and organisation_file is not None:
        yield from _organisation_problems(organisation, organisation_file)


def _byline_problems(claim: Claim, people: Mapping[str, Person], document: Document) -> Iterator[Problem]:
    verdict = claim.verdict
    assert verdict is not None
    if verdict.author and people and verdict.author not in people:
        yield document.problem(("verdict", "author"), f"author '{verdict.author}' is not a person of people/",
                               _person_hint(verdict.author, people), severity="warning")
    if verdict.author in verdict.reviewers:
        index = verdict.reviewers.index(verdict.author)
        yield document.problem(("verdict", "reviewers", index), f"'{verdict.author}' is the author and a reviewer",
                               "a second person reviews each fact-check: name someone else")
    for index, reviewer in enumerate(verdict.reviewers):
        if reviewer in verdict.reviewers[:index]:
            yield document.problem(("verdict", "reviewers", index), f"reviewer '{reviewer}' is listed twice",
                                   "list each reviewer once")


def _person_hint(author: str, people: Mapping[str, Person]) -> str:
    """The person an author written as text stands for: their name or id, spelt differently."""
    by_name = {" ".join(p.name.casefold().split()): p.id for p in people.values()}
    meant = by_name.get(" ".join(author.casefold().split())) or closest(id_spelling(author), people)
    if meant:
        return f"write their id to link the byline to their page: did you mean '{meant}'?"
    shown = ", ".join(f"'{id}'" for id in sorted(people)[:3])
    return f"free text is shown as written; write a person id ({shown}…) to link the byline to their page"


def _history_problems(claim: Claim, document: Document, today: Date) -> Iterator[Problem]:
    verdict = claim.verdict
    assert verdict is not None
    for index, entry in enumerate(claim.history):
        if entry.date < verdict.published:
            yield document.problem(("history", index, "date"),
                                   f"history entry dated {entry.date}, before the fact-check was published "
                                   f"({verdict.published})",
                                   "the history records changes made after publication: check both dates")
        elif entry.date > today:
            yield document.problem(("history", index, "date"), f"history entry dated {entry.date}, in the future",
                                   "date each entry on the day the change was published")
        if index and entry.date < claim.history[index - 1].date:
            yield document.problem(("history", index, "date"),
                                   f"history entry dated {entry.date}, before the entry above it "
                                   f"({claim.history[index - 1].date})",
                                   "list the entries oldest first; the page shows them newest first",
                                   severity="warning")
        if entry.previous_rating and entry.kind == "clarification":
            yield document.problem(("history", index, "previous_rating"),
                                   "a clarification does not change the rating",
                                   "when the rating changed, write 'kind: correction', or 'kind: update' for new evidence")
    positions = {id(entry): index for index, entry in enumerate(claim.history)}
    for entry, after in rating_changes(claim):
        if after is not None and entry.previous_rating == after:
            yield document.problem(("history", positions[id(entry)], "previous_rating"),
                                   f"previous rating '{after}' is also the rating after this entry",
                                   "previous_rating is the rating before the change: check it, and the verdict's "
                                   "rating")
    latest = max((e.date for e in claim.history), default=None)
    if latest and verdict.updated and verdict.updated < latest:
        yield document.problem(("verdict", "updated"), f"verdict updated {verdict.updated}, before the latest "
                                                       f"history entry ({latest})",
                               f"set 'updated: {latest}', or remove it: the history's dates are used",
                               severity="warning")


def _sourcing_problems(claim: Claim, sources: Mapping[str, Source], document: Document) -> Iterator[Problem]:
    publishers = independent_publishers(claim, sources)
    if len(publishers) == 1:
        yield document.problem(("verdict", "evidence"), f"the verdict rests on a single publisher ({publishers[0]})",
                               "cite a second, independent publisher if one exists; a reprint counts as its "
                               "original_publisher", severity="warning")


def _organisation_problems(organisation: Organisation, document: Document) -> Iterable[Problem]:
    problems = []
    if not organisation.funders:
        problems.append(document.problem(("funders",),
                                         "the organisation lists no funders",
                                         "list each funder with its amount or band and its year: the Transparency "
                                         "page tells readers who pays for the work", severity="warning"))
    contact = organisation.contact
    if contact is None or not (contact.email or contact.url or contact.address):
        problems.append(document.problem(("contact",),
                                         "the organisation gives no contact",
                                         "give 'contact:' an email, url or address", severity="warning"))
    elif not contact.tip_line:
        problems.append(document.problem(("contact",), "the organisation gives no tip line",
                                         "give 'contact: tip_line:', how readers send claims to check",
                                         severity="warning"))
    return problems
