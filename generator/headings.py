"""Headings of the pages the generator writes as HTML: their ids, permalinks and table of contents,
made as MkDocs' Markdown (Python-Markdown's `toc` extension) makes them from a `#` heading, with
the site's own `toc` settings, so that the theme shows the same page and the same contents.

An id comes from the heading's text (the site's slugify) unless the template gives one; ids are
made unique on the page the way `toc` does it (`analysis`, `analysis_1`, …), after every id the
template gave is known, so that a text that happens to equal a given id never takes it.
"""

from __future__ import annotations

import html
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown.extensions.toc import nest_toc_tokens, strip_tags, unique
from markdown.extensions.toc import slugify as markdown_slugify

# A heading of the table of contents: (level, id, its text as HTML), in the order of the page.
TocEntry = tuple[int, str, str]


@dataclass(frozen=True)
class HeadingStyle:
    """The `toc` extension's settings that change what a heading looks like."""

    permalink: str | None = None  # the permalink's text (HTML); None: no permalink
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"
    separator: str = "-"
    slugify: Callable[[str, str], str] = markdown_slugify
    top: int = 1  # the levels that enter the table of contents (toc_depth)
    bottom: int = 6

    @classmethod
    def from_toc_options(cls, options: Mapping[str, object] | None) -> HeadingStyle:
        """From the options of mkdocs.yml's `toc` extension (`markdown_extensions: - toc: …`)."""
        options = options or {}
        permalink = options.get("permalink")
        top, bottom = _depth(options.get("toc_depth", 6))
        slugify = options.get("slugify")
        return cls(
            permalink=None if permalink in (False, None) else "&para;" if permalink is True else html.escape(str(permalink)),
            permalink_class=str(options.get("permalink_class", cls.permalink_class)),
            permalink_title=str(options.get("permalink_title", cls.permalink_title)),
            separator=str(options.get("separator", cls.separator)),
            slugify=slugify if callable(slugify) else markdown_slugify,
            top=top, bottom=bottom)


def _depth(value: object) -> tuple[int, int]:
    if isinstance(value, str) and "-" in value:  # "2-4", read as Python-Markdown's toc reads it
        top, bottom = (int(part) for part in value.split("-"))
        return top, bottom
    return 1, int(value)  # type: ignore[call-overload]


@dataclass
class Headings:
    """The headings of one page being rendered: `heading(level, inner_html, id=None)` in a template
    writes one, and `finish(text)` gives the page its ids and returns them in a table of contents."""

    style: HeadingStyle
    _token: str = field(default_factory=lambda: secrets.token_hex(8))  # no editor can write it in advance
    _headings: list[tuple[int, str | None, str]] = field(default_factory=list)  # (level, given id, name)

    def __call__(self, level: int, inner_html: str, id: str | None = None, **attributes: str) -> str:
        number = len(self._headings)
        self._headings.append((level, id, strip_tags(inner_html)))
        anchor = html.escape(id) if id is not None else self._placeholder(number)
        more = "".join(f' {name.replace("_", "-")}="{html.escape(value)}"' if value else f" {name.replace('_', '-')}"
                       for name, value in attributes.items())
        style = self.style
        permalink = ""
        if style.permalink is not None and style.top <= level <= style.bottom:
            title = f' title="{html.escape(style.permalink_title)}"' if style.permalink_title else ""
            permalink = f'<a class="{html.escape(style.permalink_class)}" href="#{anchor}"{title}>{style.permalink}</a>'
        return f'<h{level}{more} id="{anchor}">{inner_html}{permalink}</h{level}>'

    def _placeholder(self, number: int) -> str:
        return f"\x00{self._token}-{number}\x00"

    def finish(self, text: str) -> tuple[str, tuple[TocEntry, ...]]:
        """The text with each heading's id, and the headings that enter the table of contents."""
        used = {id for _, id, _ in self._headings if id is not None}
        toc = []
        for number, (level, given, name) in enumerate(self._headings):
            id = given
            if id is None:
                id = unique(self.style.slugify(html.unescape(name), self.style.separator), used)
                text = text.replace(self._placeholder(number), html.escape(id))
            if self.style.top <= level <= self.style.bottom:
                toc.append((level, id, name))
        return text, tuple(toc)


def nested(entries: tuple[TocEntry, ...]) -> list[dict]:
    """The table of contents as Python-Markdown's nested toc_tokens, with the keys MkDocs' get_toc reads."""
    return nest_toc_tokens([{"level": level, "id": id, "name": name}
                            for level, id, name in entries])
