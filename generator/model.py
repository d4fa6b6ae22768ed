"""The content model: what editors write, as typed, strict pydantic classes.

Field names and meanings follow the YAML contract (docs/content-format.md). Ids of
claimants, sources, claims and reports come from file stems and are set by the loader.
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,79}$"
ID_RE = re.compile(ID_PATTERN)


def _http_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// address")
    if any(ch.isspace() for ch in value.strip()):
        raise ValueError("must not contain spaces")
    return value.strip()


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
PlainText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Markdown = Annotated[str, StringConstraints(min_length=1)]
Url = Annotated[str, AfterValidator(_http_url)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=80, strip_whitespace=True)]
SourceKind = Literal["news", "statement", "report", "dataset", "interview", "social-media", "other"]


class Entity(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Rating(Entity):
    """One step of the verdict scale (an entry of ratings.yaml)."""

    id: Id = Field(description="Rating id, written unquoted in claims' `rating:`")
    label: PlainText = Field(description="The name shown on verdict badges")
    value: int | None = Field(None, description="Position on the scale; omit for off-scale ratings")
    color: Color | None = Field(None, description="Badge colour, #rrggbb; white text must read on it")
    description: Markdown = Field(description="When this rating applies (Markdown)")


class Claimant(Entity):
    """A person or organisation whose statements are checked."""

    id: Id = Field(description="From the file name")
    name: PlainText
    kind: Literal["person", "organization"]
    description: Markdown | None = None
    url: Url | None = None


class Source(Entity):
    """A piece of evidence: an article, statement, report or dataset."""

    id: Id = Field(description="From the file name")
    title: PlainText
    publisher: PlainText
    url: Url
    archive_url: Url | None = None
    published: Date | None = None
    accessed: Date | None = None
    kind: SourceKind
    language: LanguageTag | None = None
    original_publisher: PlainText | None = Field(
        None, description="Who first published it, when this page is a reprint"
    )


class Evidence(Entity):
    source: Id = Field(description="A source id")
    quote: PlainText | None = None
    note: PlainText | None = None


class Verdict(Entity):
    rating: Id = Field(description="A rating id from ratings.yaml")
    summary: PlainText = Field(description="One or two plain sentences, shown in lists and feeds")
    analysis: Markdown | None = Field(None, description="What we found, and how (Markdown)")
    evidence: list[Evidence] = Field(min_length=1)
    author: PlainText | None = None
    published: Date = Field(description="When the fact-check was published")
    updated: Date | None = None


class HistoryEntry(Entity):
    date: Date
    note: PlainText


class Claim(Entity):
    """One checked statement with its verdict."""

    id: Id = Field(description="From the file name")
    claim: PlainText = Field(description="The statement, as made")
    claimant: Id = Field(description="A claimant id")
    date: Date = Field(description="When the claim was made")
    appearance: Id | None = Field(None, description="Id of the source where the claim was made")
    context: PlainText | None = None
    tags: list[Tag] = Field(default_factory=list)
    verdict: Verdict
    history: list[HistoryEntry] = Field(default_factory=list)

    @property
    def last_updated(self) -> Date:
        dates = [self.verdict.published, *(e.date for e in self.history)]
        if self.verdict.updated:
            dates.append(self.verdict.updated)
        return max(dates)


class Report(Entity):
    """A reviewed document (an article, a speech) and its claims, in document order."""

    id: Id = Field(description="From the file name")
    title: PlainText
    source: Id = Field(description="The reviewed document, a source id")
    published: Date
    summary: Markdown | None = Field(None, description="The overall assessment (Markdown)")
    claims: list[Id] = Field(min_length=1, description="Claim ids in document order")


KINDS: dict[str, type[Entity]] = {
    "claimants": Claimant,
    "sources": Source,
    "claims": Claim,
    "reports": Report,
}
