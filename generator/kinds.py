"""The kinds of content, each described once: where its files are, its model, its JSON Schema,
the ids it refers to, and where its pages are on the site (the site's URL scheme).

Every module that handles all kinds reads them from KINDS, in the order they are read: each
kind refers only to kinds before it. A kind's name is also its folder under content/ (ratings:
the one file ratings.yaml) and its attribute of Content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .loading import Layout, Loc
from .model import (Claim, Claimant, ClaimantTranslation, ClaimTranslation, Entity, Organisation, Person, Rating,
                    RatingTranslation, Report, ReportTranslation, Source, SourceTranslation)


@dataclass(frozen=True)
class Kind:
    name: str
    noun: str  # one of them, in messages and in `python -m generator new <noun>`
    model: type[Entity]
    schema_file: str  # its JSON Schema under schemas/
    files: tuple[str, ...] = ()  # a kind listed in one file at the top of content/, not one file each in a folder
    single: bool = False  # its one file holds one item, not a list (organisation.yaml)
    # Where its files name items of other kinds: a path into the file's data ("*": every list item), the kind.
    references: tuple[tuple[Loc, str], ...] = ()
    page: str | None = None  # each item's page, "{id}" replaced; None: items are sections of the index page
    page_template: str | None = None
    index: str | None = None  # the page listing them all
    index_template: str | None = None
    embed: str | None = None  # each item's embeddable card, a small page for an iframe, "{id}" replaced
    share_image: str | None = None  # each item's share card (PNG), "{id}" replaced
    # Each item's Atom feed of the claims it lists, "{id}" replaced. Feeds sit at the site's root, beside
    # sitemap.xml: Material fetches the sitemap.xml beside every <link rel="alternate"> of a page (its
    # language alternates), so a feed in a folder of its own would have it ask for a file that is not there.
    feed: str | None = None

    @property
    def folder(self) -> str | None:
        return None if self.files else self.name

    @property
    def required(self) -> tuple[str, ...]:
        """The fields an editor must write in one of its files to publish it (a rating's id is written)."""
        to_publish = {loc[0] for loc in getattr(self.model, "TO_PUBLISH", ()) if len(loc) == 1}
        return tuple(name for name, info in self.model.model_fields.items()
                     if (info.is_required() or name in to_publish) and (name != "id" or self.lists_ids))

    @property
    def lists_ids(self) -> bool:
        """Its items are a list in one file, each writing its id (ratings.yaml)."""
        return bool(self.files) and not self.single

    def page_path(self, id: str) -> str:
        """The Markdown page of one item, relative to the docs folder."""
        if self.page is None:
            raise ValueError(f"{self.name} have no page of their own")
        return self.page.format(id=id)

    def embed_path(self, id: str) -> str:
        return _formatted(self.embed, "embeddable cards", self.name, id)

    def share_image_path(self, id: str) -> str:
        return _formatted(self.share_image, "share cards", self.name, id)

    def feed_path(self, id: str) -> str:
        return _formatted(self.feed, "feeds", self.name, id)

    def url(self, id: str) -> str:
        """Where a link to one item goes: its page, or its section of the index page (a .md path MkDocs resolves)."""
        if self.page is not None:
            return self.page_path(id)
        return self.index if self.single else f"{self.index}#{id}"


def _formatted(pattern: str | None, what: str, kind: str, id: str) -> str:
    if pattern is None:
        raise ValueError(f"{kind} have no {what}")
    return pattern.format(id=id)


RATINGS = Kind("ratings", "rating", Rating, "ratings.schema.json", files=("ratings.yaml", "ratings.yml"),
               page="ratings/{id}.md", page_template="rating.html.j2", feed="feed-rating-{id}.xml")
CLAIMANTS = Kind("claimants", "claimant", Claimant, "claimant.schema.json",
                 page="claimants/{id}.md", page_template="claimant.html.j2",
                 index="claimants/index.md", index_template="claimants_index.html.j2", feed="feed-claimant-{id}.xml")
PEOPLE = Kind("people", "person", Person, "person.schema.json",
              page="people/{id}.md", page_template="person.html.j2",
              index="people/index.md", index_template="people_index.html.j2")
SOURCES = Kind("sources", "source", Source, "source.schema.json", index="sources.md", index_template="sources.html.j2")
CLAIMS = Kind("claims", "claim", Claim, "claim.schema.json",
              references=((("claimant",), "claimants"), (("appearance",), "sources"), (("verdict", "rating"), "ratings"),
                          (("verdict", "evidence", "*", "source"), "sources"), (("verdict", "reviewers", "*"), "people"),
                          (("history", "*", "previous_rating"), "ratings")),
              page="claims/{id}.md", page_template="claim.html.j2",
              index="claims/index.md", index_template="claims_index.html.j2",
              embed="claims/{id}/embed.md", share_image="claims/{id}/share.png")
REPORTS = Kind("reports", "report", Report, "report.schema.json",
               references=((("source",), "sources"), (("claims", "*"), "claims")),
               page="reports/{id}.md", page_template="report.html.j2",
               index="reports/index.md", index_template="reports_index.html.j2", share_image="reports/{id}/share.png")

# The publishing organisation: one file, read as its one item (its id is the kind's name), shown
# with the people of the desk on the Transparency page.
ORGANISATION = Kind("organisation", "organisation", Organisation, "organisation.schema.json",
                    files=("organisation.yaml", "organisation.yml"), single=True,
                    index="transparency.md", index_template="transparency.html.j2")

KINDS = (RATINGS, ORGANISATION, CLAIMANTS, PEOPLE, SOURCES, CLAIMS, REPORTS)
BY_NAME = {kind.name: kind for kind in KINDS}
_BY_MODEL = {kind.model: kind for kind in KINDS}

# Translations of the content into an edition's language: content/translations/<language>/, each
# folder named by the language's BCP 47 tag in lowercase (ar, pt-br).
TRANSLATIONS_FOLDER = "translations"
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$")

# Where generator.loading looks for content files.
LAYOUT = Layout(folders=tuple(kind.folder for kind in KINDS if kind.folder),
                files={name: kind.name for kind in KINDS for name in kind.files}, others=(TRANSLATIONS_FOLDER,))


@dataclass(frozen=True)
class TranslatedKind:
    """A kind of content that an edition translates: the kind, and the model of one file's translation
    (translations/<language>/<the kind's folder>/<id>.yaml, or its one file, ratings.yaml)."""

    original: Kind
    model: type[Entity]
    schema_file: str
    references: tuple[tuple[Loc, str], ...] = ()
    # Each item of the original left untranslated: a warning that it is left out of the edition
    # (claims, reports), or None: it is shown as the original, marked as in the original's language.
    left_out: bool = False

    @property
    def name(self) -> str:
        return self.original.name

    @property
    def noun(self) -> str:
        return self.original.noun


TRANSLATED_KINDS = (
    TranslatedKind(RATINGS, RatingTranslation, "ratings-translation.schema.json"),
    TranslatedKind(CLAIMANTS, ClaimantTranslation, "claimant-translation.schema.json"),
    TranslatedKind(SOURCES, SourceTranslation, "source-translation.schema.json"),
    TranslatedKind(CLAIMS, ClaimTranslation, "claim-translation.schema.json",
                   references=((("translator",), PEOPLE.name),), left_out=True),
    TranslatedKind(REPORTS, ReportTranslation, "report-translation.schema.json", left_out=True),
)
TRANSLATED = {kind.name: kind for kind in TRANSLATED_KINDS}
# Where generator.loading looks for one language's translations (the same names as the originals').
TRANSLATION_LAYOUT = Layout(folders=tuple(k.original.folder for k in TRANSLATED_KINDS if k.original.folder),
                            files={name: k.name for k in TRANSLATED_KINDS for name in k.original.files})


FITS = 0.75  # the share of a kind's required fields a file must have to look like one


def kind_fitting(data: Any, kind: Kind) -> Kind | None:
    """The other kind a file of `kind` looks like, from its top-level fields: a claim saved in sources/.

    A kind fits when the data has at least FITS of its required fields (and two or more), and more of
    them than of kind's own; the one with the largest share wins.
    """
    if not isinstance(data, dict):
        return None
    keys = set(data)

    def share(candidate: Kind) -> float:
        return len(keys.intersection(candidate.required)) / len(candidate.required)

    own = share(kind)
    fitting = [(share(other), len(keys.intersection(other.required)), other) for other in KINDS
               if other is not kind and len(keys.intersection(other.required)) >= 2]
    best = max(fitting, key=lambda item: item[:2], default=None)
    return best[2] if best is not None and best[0] >= FITS and best[0] > own else None


def kind_of(entity: Entity) -> Kind:
    return _BY_MODEL[type(entity)]


def url_of(entity: Entity) -> str:
    """Where a link to the entity goes, relative to the docs folder."""
    return kind_of(entity).url(entity.id)
