"""What changed in the content between two versions, as Markdown for a pull request's reviewers.

`python -m generator changes` loads both versions with the content loader, compares each kind's
items by id and prints what was added, changed (naming the fields that differ) and removed,
verdict changes first: a changed rating is what a second editor must check. Every text taken
from content is escaped, so that it shows as written and cannot break a table or add HTML to
the page that shows the summary (a GitHub job summary).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from .content import Content, load_content
from .kinds import CLAIMS, KINDS, REPORTS, Kind
from .model import Claim, Entity
from .problems import Problem, count, display_path
from .site import page_url

Change = Literal["added", "changed", "removed"]

# The field that names an item in a table, and the column's heading, by kind.
_NAMED_BY = {"ratings": ("label", "Label"), "organisation": ("name", "Name"), "claimants": ("name", "Name"),
             "people": ("name", "Name"), "sources": ("title", "Title"), "claims": ("claim", "Statement"),
             "reports": ("title", "Title")}
# Claims and reports first: they are what readers see; then the kinds they rest on.
_SECTION_ORDER = (CLAIMS, REPORTS, *(kind for kind in KINDS if kind not in (CLAIMS, REPORTS)))
TEXT_LIMIT = 100  # characters of a claim or title shown in a table
MAX_ROWS = 300  # rows of one table: a job summary holds at most 1 MiB
MAX_LISTED_ERRORS = 20  # of the content compared with, or of the new content


@dataclass(frozen=True)
class ItemChange:
    kind: Kind
    id: str
    change: Change
    old: Entity | None
    new: Entity | None
    fields: tuple[str, ...] = ()  # of a changed item: the fields that differ (verdict.rating, claim)
    verdict: str | None = None  # of a claim: its verdict's label, as its version's scale names it

    @property
    def current(self) -> Entity:
        """The item as it is now, or as it was when removed."""
        item = self.new if self.new is not None else self.old
        assert item is not None
        return item


@dataclass(frozen=True)
class VerdictChange:
    claim: Claim  # as it is now
    old_label: str
    new_label: str


@dataclass
class Changes:
    items: list[ItemChange] = field(default_factory=list)  # by kind, then added, changed, removed, each by id
    verdicts: list[VerdictChange] = field(default_factory=list)  # claims kept whose rating changed, by id

    def of(self, kind: Kind) -> list[ItemChange]:
        return [item for item in self.items if item.kind is kind]


def compare(old: Content, new: Content) -> Changes:
    """Every item added, changed or removed between old and new, and every claim whose rating changed."""
    changes = Changes()
    for kind in KINDS:
        before: dict[str, Entity] = getattr(old, kind.name)
        after: dict[str, Entity] = getattr(new, kind.name)
        changes.items += [ItemChange(kind, id, "added", None, after[id], verdict=_verdict(new, after[id]))
                          for id in sorted(after.keys() - before.keys())]
        for id in sorted(after.keys() & before.keys()):
            fields = changed_fields(before[id], after[id])
            if fields:
                changes.items.append(ItemChange(kind, id, "changed", before[id], after[id], fields,
                                                verdict=_verdict(new, after[id])))
        changes.items += [ItemChange(kind, id, "removed", before[id], None, verdict=_verdict(old, before[id]))
                          for id in sorted(before.keys() - after.keys())]
    for id in sorted(old.claims.keys() & new.claims.keys()):
        was, now = _verdict(old, old.claims[id]), _verdict(new, new.claims[id])
        if was != now:
            changes.verdicts.append(VerdictChange(new.claims[id], was, now))
    return changes


def changed_fields(old: BaseModel, new: BaseModel) -> tuple[str, ...]:
    """The fields whose values differ; for a field of fields (a claim's verdict), which of those."""
    names: list[str] = []
    for name in type(new).model_fields:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if isinstance(before, BaseModel) and type(before) is type(after):
            names += [f"{name}.{inner}" for inner in changed_fields(before, after)]
        else:
            names.append(name)
    return tuple(names)


NO_VERDICT = "no verdict yet"  # a draft's


def _verdict(content: Content, item: Entity) -> str | None:
    if not isinstance(item, Claim):
        return None
    if item.verdict is None or item.verdict.rating is None:
        return NO_VERDICT
    return rating_label(content, item.verdict.rating)


def rating_label(content: Content, rating_id: str) -> str:
    """The label a verdict shows; the id itself when that version's scale lacks it."""
    rating = content.ratings.get(rating_id)
    return rating.label if rating is not None else rating_id


def load_base(root: Path | None, shown_as: str | None = None) -> tuple[Content, list[Problem]]:
    """The content to compare with (empty when there was none) and its errors, with their files
    named as shown_as/<path in the content folder> (for a copy taken from git)."""
    if root is None:
        return Content(root=Path()), []
    content, problems = load_content(root)
    errors = problems.errors
    if shown_as is not None:
        prefix = display_path(root)  # as the loader names the files in it
        errors = [Problem(_relabel(p.path, prefix, shown_as), p.line, p.column, p.message, p.hint, p.severity)
                  for p in errors]
    return content, errors


def _relabel(path: str, prefix: str, shown_as: str) -> str:
    if path.startswith(prefix + "/"):
        separator = "" if shown_as.endswith(":") else "/"  # git names a file at the top as REVISION:file
        return f"{shown_as}{separator}{path[len(prefix) + 1:]}"
    return path


# --- Markdown ------------------------------------------------------------------------------------

# What CommonMark, GitHub's extensions (tables, strikethrough, math) or HTML could read as markup
# anywhere in a line, escaped with a backslash; and a heading's or a list item's marker at its start.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]()<>|~$&]")
_BLOCK_START = re.compile(r"[-+]|(?:#{1,6}|[0-9]{1,9}\.)(?=[ \t]|$)")  # `- --` is a rule, `-` a list
# Characters a reader cannot see, which could reorder the text around them: shown by their code.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\t")


def markdown_text(value: object, limit: int | None = None) -> str:
    """Text shown exactly as written in Markdown: on one line, markup escaped, at most limit characters."""
    text = _LINE_BREAKS.sub(" ", str(value)).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = _HIDDEN.sub(lambda match: f"U+{ord(match.group()):04X}", text)
    text = _INLINE_MARKUP.sub(lambda match: "\\" + match.group(), text)
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    at = start.end() - 1 if text[0].isdigit() else 0  # the full stop after a number, or the sign
    return f"{text[:at]}\\{text[at:]}"


def summary_markdown(changes: Changes, base: str, base_errors: Iterable[Problem] = (), *,
                     base_found: bool = True) -> str:
    """The changes since `base` (how the old version is named), for a pull request's job summary."""
    lines = [f"## Fact-check changes since {markdown_text(base)}", ""]
    if not base_found:
        lines += [f"{markdown_text(base)} has no content folder: everything is new.", ""]
    base_errors = list(base_errors)
    if base_errors:
        lines += [f"**{markdown_text(base)} does not validate** ({count(len(base_errors), 'error')}): only what "
                  "loads is compared, so an item in a file with errors shows as added.", ""]
        lines += [f"- {markdown_text(problem)}" for problem in base_errors[:MAX_LISTED_ERRORS]]
        if len(base_errors) > MAX_LISTED_ERRORS:
            lines.append(f"- … and {len(base_errors) - MAX_LISTED_ERRORS:,} more")
        lines.append("")
    if not changes.items:
        lines.append("No claim, report, rating, claimant or source changed.")
        return "\n".join(lines) + "\n"
    lines += [_counts(changes) + ".", ""]
    if changes.verdicts:
        lines += ["### Verdicts changed", ""]
        lines += _table(["Claim", "Statement", "Verdict", "Page"], [
            [f"`{change.claim.id}`", markdown_text(change.claim.claim, TEXT_LIMIT),
             f"{markdown_text(change.old_label)} → **{markdown_text(change.new_label)}**",
             _page(CLAIMS, change.claim.id)] for change in changes.verdicts])
    for kind in _SECTION_ORDER:
        items = changes.of(kind)
        if items:
            lines += [f"### {kind.name.capitalize()}", ""]
            lines += _item_table(kind, items, {change.claim.id: change for change in changes.verdicts})
    return "\n".join(lines) + "\n"


def errors_markdown(errors: Iterable[Problem], where: str) -> str:
    """The new content's errors, when there is nothing to compare yet."""
    errors = list(errors)
    lines = [f"## Fact-check changes: {markdown_text(where)} has {count(len(errors), 'error')}", "",
             "Nothing is compared until they are fixed:", ""]
    lines += [f"- {markdown_text(problem)}" for problem in errors[:MAX_LISTED_ERRORS]]
    if len(errors) > MAX_LISTED_ERRORS:
        lines.append(f"- … and {len(errors) - MAX_LISTED_ERRORS:,} more")
    return "\n".join(lines) + "\n"


def _counts(changes: Changes) -> str:
    parts = [f"{count(len(changes.verdicts), 'verdict')} changed"] if changes.verdicts else []
    for kind in _SECTION_ORDER:
        items = changes.of(kind)
        for change in ("added", "changed", "removed"):
            number = sum(item.change == change for item in items)
            if number:
                parts.append(f"{count(number, kind.noun)} {change}")
    return ", ".join(parts)


def _item_table(kind: Kind, items: list[ItemChange], verdicts: dict[str, VerdictChange]) -> list[str]:
    name, heading = _NAMED_BY[kind.name]
    header = ["Change", kind.noun.capitalize(), heading, *(["Verdict"] if kind is CLAIMS else []), "Fields changed", "Page"]
    rows = []
    for item in items:
        status = getattr(item.current, "status", "published")  # a draft is in the preview build, marked
        change = item.change if status == "published" else f"{item.change} ({status})"
        row = [change, f"`{item.id}`", markdown_text(getattr(item.current, name), TEXT_LIMIT)]
        if kind is CLAIMS:
            verdict = verdicts.get(item.id)
            row.append(f"{markdown_text(verdict.old_label)} → **{markdown_text(verdict.new_label)}**" if verdict
                       else markdown_text(item.verdict or ""))
        row += [", ".join(f"`{field_name}`" for field_name in item.fields), _page(kind, item.id)]
        rows.append(row)
    return _table(header, rows)


def _page(kind: Kind, id: str) -> str:
    """Where the item is (or was) on the built site, as MkDocs addresses pages."""
    path, _, anchor = kind.url(id).partition("#")
    return f"`{page_url(path)}{'#' + anchor if anchor else ''}`"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines += ["", f"… and {len(rows) - MAX_ROWS:,} more."]
    return lines + [""]
