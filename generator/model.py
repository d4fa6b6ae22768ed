"""The content model: what editors write, as typed, strict pydantic classes.

Field names and meanings follow the YAML contract (docs/content-format.md). Ids of
claimants, sources, claims and reports come from file stems and are set by the loader.

Plain-text fields (claim, quote, note, title, name, …) keep the text exactly as written,
except that leading and trailing whitespace is removed: a YAML block scalar (`|`) always
ends in a newline, and a stray space at either end is never meant to be shown.

`explain(model, error)` turns pydantic's validation errors into editor-facing messages,
each tied to the location (loc) of the offending key or value.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, ValidationError,
                      ValidationInfo, field_validator, model_validator)

from .loading import ID_PATTERN, ID_RE, Loc
from .markup import MAX_MARKDOWN_CHARS
from .problems import did_you_mean, shorten

__all__ = ["HISTORY_KINDS", "ID_PATTERN", "ID_RE", "STATUSES", "Claim", "Claimant", "Contact", "Entity", "Evidence",
           "FieldIssue", "Funder", "HistoryEntry", "HistoryKind", "Link", "Media", "MediaAuthenticity", "Organisation",
           "Person", "Publishable", "Rating", "Report", "Screenshot", "Source", "Status", "Verdict", "explain",
           "markdown_fields", "status_of", "unfinished", "ClaimTranslation", "ClaimantTranslation",
           "EvidenceTranslation", "RatingTranslation", "ReportTranslation", "SourceTranslation", "VerdictTranslation"]


def _http_url(value: str) -> str:
    url = _no_hidden_controls(value.strip())
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        got = f" (got '{shorten(url.split(':', 1)[0])}:')" if ":" in url else ""
        raise ValueError(f"must be an http:// or https:// address{got}")
    if any(ch.isspace() for ch in url):
        raise ValueError("must not contain spaces")
    return url


def _stripped_text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    return text


# Characters an editor never means to publish: C0 controls (but tab and line breaks), DEL, and
# the bidirectional overrides and isolates that can reorder the text around a field (a name
# that reads backwards, a verdict label turned around). Right-to-left text needs none of them.
_HIDDEN_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _no_hidden_controls(value: str) -> str:
    found = _HIDDEN_CONTROLS.search(value)
    if found:
        character = found.group()
        bidi = character >= "\u202a"
        name = unicodedata.name(character) if bidi else "a control character"
        why = "right-to-left text displays correctly without it" if bidi else "it is not shown and can break the page"
        raise ValueError(f"contains the invisible character U+{ord(character):04X} ({name}) at position "
                         f"{found.start() + 1}: remove it ({why})")
    return value


def _not_a_number(value: Any) -> Any:
    """Pydantic reads numbers as Unix times (0 is 1970-01-01); editors mean no such thing."""
    if isinstance(value, (int, float)):
        raise ValueError("must be a date written YYYY-MM-DD")
    if isinstance(value, datetime):
        raise ValueError("must be a date without a time, written YYYY-MM-DD")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
class MarkdownField:
    """Marks a field as Markdown: rendered through generator.markup, checked by markdown_fields."""


PlainText = Annotated[str, StringConstraints(min_length=1), AfterValidator(_stripped_text),
                      AfterValidator(_no_hidden_controls)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=MAX_MARKDOWN_CHARS),
                     AfterValidator(_no_hidden_controls), MarkdownField()]
Url = Annotated[str, AfterValidator(_http_url)]
Day = Annotated[Date, BeforeValidator(_not_a_number)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
Tag = Annotated[PlainText, StringConstraints(max_length=80)]
SourceKind = Literal["news", "statement", "report", "dataset", "interview", "social-media", "other"]
# schema.org MediaReview's mediaAuthenticityCategory, written as schema.org names them.
MediaAuthenticity = Literal["OriginalMediaContext", "DecontextualizedContent", "EditedOrCroppedContent",
                            "SatireOrParodyContent", "StagedContent", "TransformedContent"]
# A file under content/media/: folders and a name of letters, digits, "-" and "_", one image suffix.
MediaFile = Annotated[str, StringConstraints(
    pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,79}(/[A-Za-z0-9][A-Za-z0-9_-]{0,79}){0,4}\.(png|jpg|jpeg|webp|gif)$")]
Timestamp = Annotated[str, StringConstraints(pattern=r"^(\d{1,2}:)?[0-5]?\d:[0-5]\d$")]
Status = Literal["draft", "review", "published"]
STATUSES: tuple[str, ...] = get_args(Status)
HistoryKind = Literal["correction", "update", "clarification"]
HISTORY_KINDS: tuple[str, ...] = get_args(HistoryKind)
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+\.[A-Za-z]{2,}$")]


def _none_as_empty(value: Any) -> Any:
    """`evidence:` written with nothing after it: no evidence yet, as in a draft."""
    return [] if value is None else value


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
    published: Day | None = None
    accessed: Day | None = None
    kind: SourceKind
    language: LanguageTag | None = None
    original_publisher: PlainText | None = Field(
        None, description="Who first published it, when this page is a reprint"
    )


class Evidence(Entity):
    source: Id = Field(description="A source id")
    quote: PlainText | None = None
    note: PlainText | None = None


class Screenshot(Entity):
    file: MediaFile = Field(description="The image, a path under content/media/ (png, jpg, webp or gif)")
    alt: PlainText = Field(description="What the image shows, for readers who cannot see it")


def _timestamp_as_text(value: Any) -> Any:
    """YAML 1.1 reads an unquoted 1:23 as a number of seconds (83): give back what the editor wrote."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        minutes, seconds = divmod(value, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return value


class Media(Entity):
    """The image or video a claim is about, and whether it is shown as it was made (schema.org MediaReview)."""

    type: Literal["image", "video"]
    url: Url = Field(description="Where the image or video was published (the original)")
    archive_url: Url | None = Field(None, description="An archived copy of the original")
    screenshot: Screenshot | None = Field(None, description="A still kept with the content, shown on the claim's page")
    timestamp: Annotated[Timestamp | None, BeforeValidator(_timestamp_as_text)] = Field(
        None, description="Videos only: where the claim is seen, as M:SS or H:MM:SS")
    authenticity: MediaAuthenticity = Field(description="schema.org mediaAuthenticityCategory")
    context: PlainText | None = Field(None, description="The original context: where, when and by whom it was made "
                                                        "(originalMediaContextDescription)")

    @field_validator("timestamp")
    @classmethod
    def _of_a_video(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("type") == "image":
            raise ValueError("is for videos: an image has none (remove it, or set 'type: video')")
        return value


class Publishable(Entity):
    """A kind of content with a status: only published items are on the published site."""

    status: Status = Field("published", description="draft or review: left out of the published site, "
                                                    "and may leave out what publishing needs")
    # What publishing needs and a draft may leave out or empty: paths into a file's data, checked
    # by `unfinished` (the model itself accepts them missing, so that a draft can be shown in a preview).
    TO_PUBLISH: ClassVar[tuple[Loc, ...]] = ()

    @property
    def is_published(self) -> bool:
        return self.status == "published"


class Verdict(Entity):
    rating: Id | None = Field(None, description="A rating id from ratings.yaml (needed to publish)")
    summary: PlainText | None = Field(None, description="One or two plain sentences, shown in lists and feeds "
                                                        "(needed to publish)")
    analysis: Markdown | None = Field(None, description="What we found, and how (Markdown)")
    evidence: Annotated[list[Evidence], BeforeValidator(_none_as_empty)] = Field(
        default_factory=list, description="One or more sources (needed to publish)")
    author: PlainText | None = Field(None, description="Who wrote it: a person id from people/ (free text, such as "
                                                       "a desk's name, is still read, with a warning)")
    reviewers: list[Id] = Field(default_factory=list, description="Person ids of who reviewed it before publication")
    published: Day = Field(description="When the fact-check was published")
    updated: Day | None = None


class HistoryEntry(Entity):
    date: Day
    # An entry written before entries had a kind said what changed in its note: "update" claims the least.
    kind: HistoryKind = Field("update", description="correction (we got something wrong), update (new evidence) "
                                                    "or clarification (reworded, nothing changed)")
    note: PlainText
    previous_rating: Id | None = Field(None, description="The rating id before this entry, when it changed the verdict")


class Claim(Publishable):
    """One checked statement with its verdict."""

    TO_PUBLISH = (("verdict",), ("verdict", "rating"), ("verdict", "summary"), ("verdict", "evidence"))

    id: Id = Field(description="From the file name")
    claim: PlainText = Field(description="The statement, as made")
    claimant: Id = Field(description="A claimant id")
    date: Day = Field(description="When the claim was made")
    appearance: Id | None = Field(None, description="Id of the source where the claim was made")
    context: PlainText | None = None
    tags: list[Tag] = Field(default_factory=list)
    verdict: Verdict | None = Field(None, description="The fact-check (needed to publish)")
    history: list[HistoryEntry] = Field(default_factory=list)
    media: Media | None = Field(None, description="The image or video the claim is about, and its media verdict")

    @property
    def last_updated(self) -> Date:
        """The latest of the verdict's dates and the history's (a draft without a verdict: the claim's date)."""
        dates = [e.date for e in self.history]
        if self.verdict:
            dates.append(self.verdict.published)
            if self.verdict.updated:
                dates.append(self.verdict.updated)
        return max(dates, default=self.date)


class Report(Publishable):
    """A reviewed document (an article, a speech) and its claims, in document order."""

    id: Id = Field(description="From the file name")
    title: PlainText
    source: Id = Field(description="The reviewed document, a source id")
    published: Day
    summary: Markdown | None = Field(None, description="The overall assessment (Markdown)")
    claims: list[Id] = Field(min_length=1, description="Claim ids in document order")


class Link(Entity):
    title: PlainText = Field(description="What the link is, as shown: 'Profile', 'Mastodon'")
    url: Url


class Person(Entity):
    """A member of the desk: who writes and reviews fact-checks."""

    id: Id = Field(description="From the file name")
    name: PlainText
    role: PlainText = Field(description="Their job at the desk: 'Fact-checker', 'Editor'")
    background: PlainText | None = Field(None, description="A short professional background, in one paragraph")
    languages: list[PlainText] = Field(default_factory=list, description="Languages they work in: 'Arabic', 'English'")
    links: list[Link] = Field(default_factory=list)


def _full_year(value: int) -> int:
    if not 1900 <= value <= 2999:
        raise ValueError("must be a year written in full, such as 2026")
    return value


class Funder(Entity):
    name: PlainText
    year: Annotated[int, AfterValidator(_full_year)] = Field(description="The year the money was for, such as 2026",
                                                             json_schema_extra={"minimum": 1900, "maximum": 2999})
    amount: PlainText | None = Field(None, description="The amount given, with its currency: 'EUR 40,000'")
    band: PlainText | None = Field(None, description="Instead of an amount: its range, 'EUR 10,000 to 50,000'")
    purpose: PlainText | None = None

    @model_validator(mode="after")
    def _amount_or_band(self) -> Funder:
        if self.amount is not None and self.band is not None:
            raise ValueError("gives both 'amount' and 'band': keep the amount, or the band it falls in")
        if self.amount is None and self.band is None:
            raise ValueError("needs an 'amount', or a 'band' (the range the amount falls in)")
        return self


class Contact(Entity):
    email: Email | None = None
    tip_line: PlainText | None = Field(None, description="How readers send a claim to check: a number, an address")
    address: PlainText | None = Field(None, description="The postal address")
    url: Url | None = Field(None, description="A contact page")


class Organisation(Entity):
    """Who publishes the site: organisation.yaml, shown as the Transparency page with the staff from people/."""

    id: Id = Field(description="From the file name")
    name: PlainText
    note: PlainText | None = Field(None, description="Shown first on the page, e.g. that the data is an example")
    mission: Markdown | None = Field(None, description="What the organisation does, and why (Markdown)")
    independence: Markdown | None = Field(None, description="The editorial independence statement (Markdown)")
    funders: list[Funder] = Field(default_factory=list, description="Every funder, with an amount or band and a year")
    contact: Contact | None = None


# --- translations: content/translations/<language>/, each pointing to its original by id -------

class RatingTranslation(Entity):
    """A rating of ratings.yaml in the edition's language (translations/<language>/ratings.yaml: id -> this)."""

    label: PlainText = Field(description="The name shown on verdict badges, in this language")
    description: Markdown = Field(description="When this rating applies (Markdown), in this language")


class ClaimantTranslation(Entity):
    id: Id = Field(description="From the file name: the id of the claimant translated")
    name: PlainText
    description: Markdown | None = Field(None, description="Markdown; without it the edition shows none")


class SourceTranslation(Entity):
    id: Id = Field(description="From the file name: the id of the source translated")
    title: PlainText
    publisher: PlainText | None = Field(None, description="The publisher's name in this language, when it has one")


class VerdictTranslation(Entity):
    summary: PlainText | None = Field(None, description="Required when the original's verdict has a summary")
    analysis: Markdown | None = Field(None, description="Markdown; without it the edition shows no analysis "
                                                        "(never the original's)")


class EvidenceTranslation(Entity):
    quote: PlainText | None = Field(None, description="The quote in this language")
    quote_is_translation: bool = Field(True, description="true (the default): our translation of the quote; "
                                                          "false: the source's own words in this language")
    note: PlainText | None = None


class ClaimTranslation(Entity):
    """The translation of content/claims/<id>.yaml (same id), in translations/<language>/claims/."""

    id: Id = Field(description="From the file name: the id of the claim translated")
    translated: Day = Field(description="The day the translation was made, or last checked against the original")
    translator: Id | None = Field(None, description="Who translated it: a person id from people/")
    claim: PlainText = Field(description="The claim as said, in this language")
    context: PlainText | None = Field(None, description="Only when the original has context")
    verdict: VerdictTranslation | None = None
    evidence: dict[Id, EvidenceTranslation] = Field(
        default_factory=dict, description="Keyed by the source id of an item of the original's evidence")


class ReportTranslation(Entity):
    """The translation of content/reports/<id>.yaml (same id), in translations/<language>/reports/."""

    id: Id = Field(description="From the file name: the id of the report translated")
    translated: Day = Field(description="The day the translation was made, or last checked against the original")
    title: PlainText
    summary: Markdown | None = Field(None, description="Markdown; without it the edition shows none")


def markdown_fields(entity: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """(loc, text) of every Markdown field that is set, in the entity and the models inside it."""
    for name, kind in _markdown_plan(type(entity)):
        value = getattr(entity, name)
        if kind == "markdown" and isinstance(value, str):
            yield loc + (name,), value
        elif kind == "model" and isinstance(value, BaseModel):
            yield from markdown_fields(value, loc + (name,))
        elif kind == "models" and isinstance(value, list):
            for index, item in enumerate(value):
                yield from markdown_fields(item, loc + (name, index))


@functools.lru_cache(maxsize=None)
def _markdown_plan(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The fields of a model that are, or hold, Markdown fields: read once per class."""
    plan = []
    for name, info in model.model_fields.items():
        inner = field_model(info.annotation)
        if _is_markdown(info.annotation) or any(isinstance(meta, MarkdownField) for meta in info.metadata):
            plan.append((name, "markdown"))
        elif inner is not None and _markdown_plan(inner):
            plan.append((name, "models" if get_origin(info.annotation) is list else "model"))
    return tuple(plan)


@functools.lru_cache(maxsize=None)
def _is_markdown(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return any(isinstance(meta, MarkdownField) for meta in annotation.__metadata__)
    return any(_is_markdown(argument) for argument in get_args(annotation))


# --- explaining validation errors ---------------------------------------------------------

@dataclass(frozen=True)
class FieldIssue:
    """One validation error, in editors' words; at_key: point at the key rather than the value."""

    loc: Loc
    message: str
    hint: str | None = None
    at_key: bool = False


def explain(model: type[BaseModel], error: ValidationError) -> list[FieldIssue]:
    return [_explain_one(model, detail) for detail in error.errors(include_url=False)]


def status_of(data: Any) -> Status:
    """The status a file's data gives: published unless it says draft or review (a wrong value
    is the model's to report)."""
    status = data.get("status") if isinstance(data, dict) else None
    return status if status in STATUSES else "published"


def unfinished(model: type[BaseModel], data: Any) -> list[FieldIssue]:
    """Each field publishing needs (model.TO_PUBLISH) that a file's data leaves missing, empty or
    an empty list: for a published file in the words explain gives a required field, for a draft
    as work still to do. A field inside a missing one is not named again."""
    status = status_of(data)
    issues = []
    for loc in getattr(model, "TO_PUBLISH", ()):
        parent = _data_at(data, loc[:-1])
        if not isinstance(parent, dict):
            continue  # missing itself (named already), or not a mapping (the model's to report)
        name, value = field_path(loc), parent.get(loc[-1])
        if value is not None and value != []:
            continue
        at = loc if loc[-1] in parent else loc[:-1]  # a missing field: at the mapping that lacks it
        if status != "published":
            issues.append(FieldIssue(at, f"field '{name}' is not filled in yet",
                                     f"publishing needs it; it may stay empty while the status is {status}"))
        elif loc[-1] not in parent:
            issues.append(FieldIssue(at, f"missing required field '{name}'", _TO_PUBLISH_HINT))
        else:
            issues.append(FieldIssue(at, f"field '{name}' " + ("is empty" if value is None else "needs at least 1 item(s)"),
                                     _TO_PUBLISH_HINT))
    return issues


_TO_PUBLISH_HINT = "publishing needs it: fill it in, or set 'status: draft' to work on it unpublished"


def _data_at(data: Any, loc: Loc) -> Any:
    for step in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(step)
    return data


def field_path(loc: Loc) -> str:
    """('verdict', 'evidence', 0, 'source') as verdict.evidence[0].source."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else str(step)
    return text


def _explain_one(model: type[BaseModel], detail: Any) -> FieldIssue:
    loc: Loc = tuple(detail["loc"])
    kind: str = detail["type"]
    value = detail.get("input")
    name = field_path(loc)
    if kind == "extra_forbidden":
        fields = fields_at(model, loc[:-1])
        return FieldIssue(loc, f"unknown field '{shorten(loc[-1])}'",
                          _misplaced(model, loc) or did_you_mean(str(loc[-1]), fields)
                          or f"allowed fields: {', '.join(fields)}", at_key=True)
    if kind == "missing":
        return FieldIssue(loc[:-1], f"missing required field '{name}'")
    if value is None:
        return FieldIssue(loc, f"field '{name}' is empty", "fill in a value, or remove the field if it is optional")
    if kind == "string_too_long":
        limit = detail["ctx"]["max_length"]
        return FieldIssue(loc, f"field '{name}' is too long ({len(value):,} characters, the limit is {limit:,})",
                          "shorten it")
    if kind == "string_too_short" and value == "":
        return FieldIssue(loc, f"field '{name}' must not be empty")
    if kind == "string_type":
        return FieldIssue(loc, f"field '{name}' must be text, not {type_name(value)}", _quote_hint(value))
    if kind == "string_pattern_mismatch" and detail["ctx"]["pattern"] == ID_PATTERN:
        return FieldIssue(loc, f"field '{name}': '{shorten(value)}' is not a valid id",
                          "ids are lowercase letters, digits and hyphens, starting with a letter or digit")
    if kind == "string_pattern_mismatch":
        return FieldIssue(loc, f"field '{name}': '{shorten(value)}' is not in the expected form",
                          _PATTERN_HINTS.get(str(loc[-1])))
    if kind.startswith(("date", "datetime")):
        why = _day_that_does_not_exist(value)
        if why:
            return FieldIssue(loc, f"field '{name}': {value} does not exist", why)
        return FieldIssue(loc, f"field '{name}': invalid date '{shorten(value)}'", "dates are written YYYY-MM-DD")
    if kind == "value_error":
        reason = str(detail["msg"]).removeprefix("Value error, ")
        return FieldIssue(loc, f"field '{name}' {reason}")
    if kind == "literal_error":
        choices = literal_choices(model, loc)
        return FieldIssue(loc, f"field '{name}': '{shorten(value)}' is not one of {', '.join(choices)}",
                          did_you_mean(str(value), choices))
    if kind == "too_short" and isinstance(value, list):
        return FieldIssue(loc, f"field '{name}' needs at least {detail['ctx']['min_length']} item(s)")
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        what = "a list" if kind == "list_type" else "a mapping of fields"
        return FieldIssue(loc, f"field '{name}' must be {what}, not {type_name(value)}",
                          _list_hint(value) if kind == "list_type" else None)
    message = str(detail["msg"])
    return FieldIssue(loc, f"field '{name}': {message[:1].lower()}{message[1:]}")


def _day_that_does_not_exist(value: Any) -> str | None:
    """Why a date written YYYY-MM-DD is not on the calendar (2016-02-30), as a hint; None for any other value."""
    parts = value.split("-") if isinstance(value, str) else []
    if [len(part) for part in parts] != [4, 2, 2] or not all(part.isascii() and part.isdigit() for part in parts):
        return None
    year, month, day = map(int, parts)
    if not 1 <= month <= 12:
        return f"there is no month {parts[1]}: months are 01 to 12, written YYYY-MM-DD"
    if not year:
        return "years start at 0001"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{_MONTHS[month - 1]} {year} has {days} days"
    return None


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # not calendar.month_name, which follows the locale


def _list_hint(value: Any) -> str:
    if isinstance(value, dict) and value:
        first = shorten(next(iter(value)), 40)
        return f"each item of a list starts with '- ', as in '- {first}: …'"
    return "write a list as one '- item' per line"


def _misplaced(model: type[BaseModel], loc: Loc) -> str | None:
    """A hint for a field written in the wrong mapping, which is how a mis-indented field reads as YAML:
    a field of a mapping inside this one (a dedented `summary:` of the verdict), or of one around it."""
    name, parent = shorten(loc[-1]), loc[:-1]
    here = _model_at(model, parent)
    for field, info in here.model_fields.items() if here else ():
        inner = field_model(info.annotation)
        if inner is not None and loc[-1] in inner.model_fields and loc[-1] != "id":
            what = f"the items of '{field}'" if get_origin(info.annotation) is list else f"'{field}'"
            return f"'{name}' is indented less than the fields of {what}: indent it like them, below '{field}:'"
    for depth in range(len(parent) - 1, -1, -1):
        outer = parent[:depth]
        if isinstance(parent[depth], str) and loc[-1] in fields_at(model, outer):
            return (f"'{name}' is a field of {_holder(model, outer)}, not of {_holder(model, parent)}: "
                    f"indent it like '{parent[depth]}'")
    return None


def _holder(model: type[BaseModel], loc: Loc) -> str:
    """The mapping at loc, in words: "the claim", "'verdict'", "the items of 'evidence'"."""
    if not loc:
        return f"the {model.__name__.lower()}"
    if isinstance(loc[-1], int):
        return f"the items of '{loc[-2]}'" if len(loc) >= 2 else f"the {model.__name__.lower()}"
    return f"'{loc[-1]}'"


_PATTERN_HINTS = {
    "color": "colours are written #rrggbb, e.g. \"#1b7f3b\" (in quotes: # starts a comment)",
    "language": "a BCP 47 language tag, e.g. en, ar, pt-BR",
    "file": "a path under content/media/, e.g. hospital-smoke.png: letters, digits, - and _, "
            "ending in .png, .jpg, .jpeg, .webp or .gif",
    "timestamp": 'minutes and seconds into the video, written M:SS or H:MM:SS, e.g. "1:23"',
    "email": "an email address, e.g. desk@example.org",
}


def _quote_hint(value: Any) -> str | None:
    if isinstance(value, (int, float, Date)):
        return f'put it in quotes: "{shorten(value)}"'
    if isinstance(value, list):
        return "write it on one line, or use a block: `|` followed by indented lines"
    return None


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, Date):
        return "a date"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def field_model(annotation: Any) -> type[BaseModel] | None:
    """The model class inside a field's annotation (Verdict, list[Evidence], HistoryEntry | None)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = field_model(argument)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for step in loc:
        if isinstance(step, int):
            continue
        info = current.model_fields.get(step) if current else None
        current = field_model(info.annotation) if info else None
        if current is None:
            return None
    return current


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names an editor may write at loc (ids of one-entity files come from the file name)."""
    target = _model_at(model, loc)
    if target is None:
        return []
    return [name for name in target.model_fields if name != "id" or target is Rating]


def literal_choices(model: type[BaseModel], loc: Loc) -> list[str]:
    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent and isinstance(loc[-1], str) else None
    return [str(a) for a in get_args(info.annotation)] if info else []

