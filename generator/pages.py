"""Which pages exist and what each template receives: data collected first, rendered later."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .content import Content, newest_first
from .integrity import history_log, independent_publishers
from .kinds import CLAIMANTS, CLAIMS, ORGANISATION, PEOPLE, RATINGS, REPORTS, SOURCES
from .model import Claim, Claimant, HistoryEntry, Person, Rating, Report, Source
from .sharing import (claim_social, claimant_feed_link, embed_snippet, page_social, rating_feed_link,
                      report_social, tag_feed_links)
from .site import CORRECTIONS_FEED_PATH, CORRECTIONS_LOG_PATH, HOME_PATH, METHODOLOGY_PATH, Site

TAGS_PATH = "tags.md"
RATINGS_CSS_PATH = "assets/stylesheets/ratings.css"
RELATED_LIMIT = 5
HOME_LATEST = 10
EMBED_TEMPLATE = "embed.html.j2"


@dataclass
class Page:
    """One page to render: where it goes, with which template, from which YAML file."""

    path: str
    template: str
    context: dict[str, Any]
    source: Path | None = None
    updated: date | None = None
    # More context, computed only when the page is rendered, by whichever process renders it.
    deferred: Callable[[], dict[str, Any]] | None = None
    # A published claim's page, which also gives the claim's ClaimReview: the page shows it as
    # JSON-LD (`json_ld`, added by generator.build) and the DataFeed gathers it.
    claim: Claim | None = None
    # Its text depends only on its context (the site's settings and what it shows), which holds
    # neither `content` nor `indexes`: a preview reuses its last rendering while the context is
    # equal (generator.reuse).
    reusable: bool = False
    # A page that looks across the content but shows little of each thing (the sources page, with the
    # claims citing each source): everything it shows, compared instead of its context. Makes it reusable.
    shows: tuple | None = None


@dataclass(frozen=True)
class Listed:
    """A claim as the lists of claims show it: its rating and claimant looked up."""

    claim: Claim
    rating: Rating | None  # None: a draft without one yet
    claimant: Claimant
    publishers: int = 0  # independent publishers of the evidence (a reprint counts as its original publisher)


@dataclass(frozen=True)
class ListedReport:
    """A report as the lists of reports show it: its source looked up."""

    report: Report
    source: Source


def reports_newest_first(content: Content) -> list[ListedReport]:
    reports = sorted(content.reports.values(), key=lambda r: (r.published, r.id), reverse=True)
    return [ListedReport(report, content.sources[report.source]) for report in reports]


@dataclass
class RatingTally:
    rating: Rating
    count: int
    share: float


@dataclass
class Indexes:
    """Lookups every page may need, computed once."""

    citing: dict[str, list[Claim]]
    reports_of: dict[str, list]
    by_claimant: dict[str, list[Claim]] = field(default_factory=dict)
    by_rating: dict[str, list[Claim]] = field(default_factory=dict)
    by_tag: dict[str, list[Claim]] = field(default_factory=dict)
    reviewed_in: dict[str, list[Report]] = field(default_factory=dict)
    listed: dict[str, Listed] = field(default_factory=dict)  # by claim id
    by_author: dict[str, list[Claim]] = field(default_factory=dict)  # by person id
    by_reviewer: dict[str, list[Claim]] = field(default_factory=dict)

    def rows(self, claims: list[Claim]) -> list[Listed]:
        return [self.listed[claim.id] for claim in claims]


def build_indexes(content: Content) -> Indexes:
    indexes = Indexes(citing=content.claims_citing(), reports_of=content.reports_of())
    by_claimant: dict[str, list[Claim]] = defaultdict(list)
    by_rating: dict[str, list[Claim]] = defaultdict(list)
    by_tag: dict[str, list[Claim]] = defaultdict(list)
    by_author: dict[str, list[Claim]] = defaultdict(list)
    by_reviewer: dict[str, list[Claim]] = defaultdict(list)
    for claim in newest_first(content.claims.values()):
        by_claimant[claim.claimant].append(claim)
        if claim.verdict and claim.verdict.author in content.people:
            by_author[claim.verdict.author].append(claim)
        for reviewer in dict.fromkeys(claim.verdict.reviewers if claim.verdict else []):
            by_reviewer[reviewer].append(claim)
        if rating_id := rating_of(claim):
            by_rating[rating_id].append(claim)
        for tag in claim.tags:
            by_tag[tag].append(claim)
    indexes.by_claimant, indexes.by_rating, indexes.by_tag = by_claimant, by_rating, by_tag
    indexes.by_author, indexes.by_reviewer = by_author, by_reviewer
    reviewed_in: dict[str, list[Report]] = defaultdict(list)
    for report in content.reports.values():
        reviewed_in[report.source].append(report)
    indexes.reviewed_in = reviewed_in
    indexes.listed = {claim.id: Listed(claim, _rating(claim, content), content.claimants[claim.claimant],
                                       len(independent_publishers(claim, content.sources)))
                      for claim in content.claims.values()}
    return indexes


def rating_of(claim: Claim) -> str | None:
    """The claim's rating id; None for a draft without one."""
    return claim.verdict.rating if claim.verdict else None


def _rating(claim: Claim, content: Content) -> Rating | None:
    rating_id = rating_of(claim)
    return content.ratings[rating_id] if rating_id else None


def tally(content: Content, claims: list[Claim]) -> list[RatingTally]:
    """How many of the claims got each rating (drafts without one are not counted)."""
    counts = Counter(rating_id for c in claims if (rating_id := rating_of(c)))
    total = max(counts.total(), 1)
    return [RatingTally(r, counts[r.id], counts[r.id] / total) for r in content.ratings.values() if counts[r.id]]


def related_claims(claim: Claim, indexes: Indexes) -> list[str]:
    """Ids of up to RELATED_LIMIT other claims: first those of the claim's reports, in their order, then
    the newest of its tags. The search stops at the limit, so a report of 10,000 claims costs each of
    them a few steps, not 10,000."""
    ids: list[str] = []
    for report in indexes.reports_of.get(claim.id, []):
        for other in report.claims:
            if len(ids) >= RELATED_LIMIT:
                return ids
            if other != claim.id and other not in ids:
                ids.append(other)
    for tag in claim.tags:
        for other in indexes.by_tag.get(tag, [])[: RELATED_LIMIT * 2]:
            if len(ids) >= RELATED_LIMIT:
                return ids
            if other.id != claim.id and other.id not in ids:
                ids.append(other.id)
    return ids


def plan_pages(content: Content, site: Site) -> list[Page]:
    indexes = build_indexes(content)
    # Most pages are given only what they show (and are reusable); the few that look things up
    # across the content get all of it.
    shown = {"site": site}
    common = {"content": content, "site": site, "indexes": indexes}
    words = site.localizer
    pages = [_claim_page(claim, content, indexes, shown) for claim in content.claims.values()]
    pages += [_embed_page(claim, content, shown) for claim in content.claims.values() if claim.is_published]
    pages += [_report_page(report, content, indexes, shown) for report in content.reports.values()]
    pages += [
        Page(CLAIMANTS.page_path(c.id), CLAIMANTS.page_template,
             {**shown, "claimant": c, "claims": indexes.rows(indexes.by_claimant.get(c.id, [])),
              "social": page_social(c.name, words.gettext("Fact-checks of claims by %(name)s", name=c.name), site),
              "feeds": [claimant_feed_link(c, site)]},
             content.path_of(CLAIMANTS.name, c.id),
             deferred=functools.partial(_tally_context, content, indexes.by_claimant.get(c.id, [])), reusable=True)
        for c in content.claimants.values()
    ]
    pages += [
        Page(RATINGS.page_path(r.id), RATINGS.page_template,
             {**shown, "rating": r, "claims": indexes.rows(indexes.by_rating.get(r.id, [])),
              "social": page_social(words.gettext("Rated %(rating)s", rating=r.label),
                                    words.gettext("Claims we rated %(rating)s", rating=r.label), site),
              "feeds": [rating_feed_link(r, site)]},
             content.path_of(RATINGS.name, r.id), reusable=True)
        for r in content.ratings.values()
    ]
    pages += [
        Page(PEOPLE.page_path(person.id), PEOPLE.page_template,
             {**common, "person": person, "written": indexes.rows(indexes.by_author.get(person.id, [])),
              "reviewed": indexes.rows(indexes.by_reviewer.get(person.id, []))},
             content.path_of(PEOPLE.name, person.id))
        for person in content.people.values()
    ]
    if content.people:
        pages.append(Page(PEOPLE.index, PEOPLE.index_template, {**common, "people": people_by_name(content)}))
    if content.publishing_organisation is not None:
        pages.append(Page(ORGANISATION.index, ORGANISATION.index_template,
                          {**common, "organisation": content.publishing_organisation, "people": people_by_name(content)},
                          content.path_of(ORGANISATION.name, content.publishing_organisation.id)))
    pages.append(Page(CORRECTIONS_LOG_PATH, "corrections_log.html.j2",
                      {**common, "entries": history_log(content.claims.values()), "feed": CORRECTIONS_FEED_PATH}))
    all_claims = newest_first(content.claims.values())
    ratings_file = next((p for (kind, _), p in content.paths.items() if kind == RATINGS.name), None)

    def social(title: str, description: str) -> dict[str, Any]:
        return {"social": page_social(title, description, site)}

    pages += [
        Page(CLAIMS.index, CLAIMS.index_template, {**shown, "claims": indexes.rows(all_claims), "tally": tally(content, all_claims),
                                                   **social(words.gettext("All fact-checks"),
                                                            words.gettext("Every claim we have checked, newest first."))},
             reusable=True),
        Page(REPORTS.index, REPORTS.index_template,
             {**shown, "reports": reports_newest_first(content),
              **social(words.gettext("Reports"), words.gettext("Documents we have reviewed claim by claim."))}, reusable=True),
        Page(CLAIMANTS.index, CLAIMANTS.index_template,
             {**common, "claimants": sorted(content.claimants.values(), key=lambda c: c.name.casefold()),
              **social(words.gettext("Claimants"), words.gettext("People and organisations whose claims we have checked."))}),
        _sources_page(content, indexes, common),
        Page(METHODOLOGY_PATH, "methodology.html.j2", {**common, "ratings": list(content.ratings.values()),
                                                     **social(words.gettext("Methodology and rating scale"),
                                                              words.gettext("How we check claims and what each verdict means."))},
             ratings_file),
        Page(TAGS_PATH, "tags.md.j2", {**common, "feeds": tag_feed_links(content, site),
                                       **social(words.gettext("Tags"), words.gettext("Fact-checks by topic."))}),
        Page(HOME_PATH, "home.html.j2",
             {**shown, "claims": indexes.rows(all_claims[:HOME_LATEST]),
              "reports": reports_newest_first(content)[:HOME_LATEST],
              "tally": tally(content, all_claims),
              "social": page_social(site.title, site.description, site)}, reusable=True),
    ]
    return pages


def _sources_page(content: Content, indexes: Indexes, common: dict) -> Page:
    """The sources index: each source, the claims citing it (their text) and the reports reviewing it (their title)."""
    sources = sorted(content.sources.values(), key=lambda s: (s.publisher.casefold(), s.title.casefold()))
    words = common["site"].localizer
    shows = tuple((source, tuple((claim.id, claim.claim) for claim in indexes.citing.get(source.id, [])),
                   tuple((report.id, report.title) for report in indexes.reviewed_in.get(source.id, [])))
                  for source in sources)
    return Page(SOURCES.index, SOURCES.index_template,
                {**common, "sources": sources,
                 "social": page_social(words.gettext("Sources"), words.gettext("Every source we cite, with the fact-checks "
                                                                               "that cite it."), common["site"])},
                shows=shows)


def _claim_page(claim: Claim, content: Content, indexes: Indexes, shown: dict) -> Page:
    site = shown["site"]
    context = {**shown, "claim": claim, "social": claim_social(claim, content, site), "embed_snippet": embed_snippet(claim, site)}
    if not claim.is_published:
        context["json_ld"] = None  # an unpublished claim (in a preview) gives no ClaimReview
    return Page(CLAIMS.page_path(claim.id), CLAIMS.page_template, context, content.path_of(CLAIMS.name, claim.id),
                claim.last_updated, functools.partial(_claim_context, claim, content, indexes),
                claim if claim.is_published else None, reusable=True)


def people_by_name(content: Content) -> list[Person]:
    return sorted(content.people.values(), key=lambda p: (p.name.casefold(), p.id))


@dataclass(frozen=True)
class ShownEntry:
    """A history entry as the claim page shows it: with the rating it replaced, looked up."""

    entry: HistoryEntry
    previous: Rating | None


def _embed_page(claim: Claim, content: Content, shown: dict) -> Page:
    """A published claim's embeddable card: a small page for other sites' iframes (no ClaimReview)."""
    return Page(CLAIMS.embed_path(claim.id), EMBED_TEMPLATE, {**shown, "claim": claim},
                content.path_of(CLAIMS.name, claim.id), claim.last_updated,
                functools.partial(_embed_context, claim, content), reusable=True)


def _embed_context(claim: Claim, content: Content) -> dict[str, Any]:
    return {"claimant": content.claimants[claim.claimant], "rating": _rating(claim, content)}


def _claim_context(claim: Claim, content: Content, indexes: Indexes) -> dict[str, Any]:
    verdict = claim.verdict
    author = verdict.author if verdict else None
    history = [ShownEntry(entry, content.ratings.get(entry.previous_rating) if entry.previous_rating else None)
               for entry in sorted(claim.history, key=lambda e: e.date, reverse=True)]
    return {
        "author": content.people.get(author) if author else None,
        "reviewers": [content.people[id] for id in dict.fromkeys(verdict.reviewers if verdict else [])],
        "publishers": independent_publishers(claim, content.sources),
        "history": history,
        "claimant": content.claimants[claim.claimant],
        "rating": _rating(claim, content),
        "appearance": content.sources.get(claim.appearance) if claim.appearance else None,
        "evidence": [(e, content.sources[e.source]) for e in (claim.verdict.evidence if claim.verdict else [])],
        "reports": indexes.reports_of.get(claim.id, []),
        "related": [indexes.listed[i] for i in related_claims(claim, indexes)],
    }


def _report_page(report: Report, content: Content, indexes: Indexes, shown: dict) -> Page:
    claims = [content.claims[i] for i in report.claims]
    source = content.sources[report.source]
    context = {**shown, "report": report, "source": source, "claims": indexes.rows(claims),
               "social": report_social(report, shown["site"].localizer.gettext("Claim-by-claim review of %(document)s",
                                                                                document=source.title), content, shown["site"])}
    return Page(REPORTS.page_path(report.id), REPORTS.page_template, context, content.path_of(REPORTS.name, report.id),
                report.published, functools.partial(_tally_context, content, claims), reusable=True)


def _tally_context(content: Content, claims: list[Claim]) -> dict[str, Any]:
    return {"tally": tally(content, claims)}
