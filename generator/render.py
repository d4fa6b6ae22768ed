"""Rendering: the Jinja2 environment (site overrides first) and plain-text escaping filters."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from mkdocs.utils import get_relative_url

from .charts import verdict_chart_svg
from .content import Content
from .editions import InLanguage, text_direction
from .filestate import snapshot
from .headings import Headings, HeadingStyle, TocEntry
from .i18n import DEFAULT_LANGUAGE, ENGLISH, LATIN_DIGITS, Localizer, install_words
from .kinds import BY_NAME, Kind, url_of
from .model import Entity, Rating
from .markup import to_html
from .media import site_path as media_site_path
from .pages import Page
from .resources import PAGE_TEMPLATES
from .site import HOME_PATH

DEFAULT_TEMPLATES = PAGE_TEMPLATES

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")

# Every ASCII character that Markdown, its extensions or HTML could read as markup.
_MARKUP = "\\`*_{}[]()#+-.!|<>&~=^:\"'$%@"
_REPLACEMENTS = {ch: f"&#{ord(ch)};" for ch in _MARKUP} | {"\r": " ", "\n": " "}
_TO_REPLACE = re.compile(f"[{re.escape(_MARKUP)}\r\n]")  # a regex beats str.translate: most characters stay


def plain_text(value: object) -> str:
    """Text shown exactly as written: every markup character becomes a numeric entity.

    Right-to-left text is isolated with dir="auto" so that Arabic or Hebrew reads correctly
    inside left-to-right pages, punctuation included. Text in another language than the page's
    (an edition's untranslated text) is marked with its language and direction.
    """
    if isinstance(value, InLanguage):
        return f'<span {_language_attributes(value)}>{_TO_REPLACE.sub(_replacement, value)}</span>'
    return _plain_text(str(value))


def _language_attributes(text: InLanguage) -> str:
    return f'lang="{html.escape(text.lang)}" dir="{text_direction(text.lang)}"'


@functools.lru_cache(maxsize=1 << 17)  # names, titles and claims recur on many pages
def _plain_text(text: str) -> str:
    escaped = _TO_REPLACE.sub(_replacement, text.replace("\r\n", "\n"))
    return f'<span dir="auto">{escaped}</span>' if _has_rtl(text) else escaped


def _replacement(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _has_rtl(text: str) -> bool:
    return _RIGHT_TO_LEFT.search(text) is not None


def isolated_name(value: object) -> str:
    """A name or title, escaped like plain_text and isolated in <bdi>, so that right-to-left text
    (or left-to-right text on a right-to-left page) cannot reorder the words around it; marked with its
    language when it is not the page's (an edition's untranslated name)."""
    if isinstance(value, InLanguage):  # not cached: equal to the same text without its language
        return f'<bdi lang="{html.escape(value.lang)}">{_TO_REPLACE.sub(_replacement, value)}</bdi>'
    return _isolated_name(str(value))


@functools.lru_cache(maxsize=1 << 17)
def _isolated_name(text: str) -> str:
    return f"<bdi>{_TO_REPLACE.sub(_replacement, text)}</bdi>"


def alt_text(value: object) -> str:
    """Plain text inside a Markdown image's brackets, which becomes its alt attribute: escaped like
    plain_text, on one line, without an isolating element (an attribute holds no HTML)."""
    return _TO_REPLACE.sub(_replacement, str(value))


def plain_block(value: object) -> str:
    """Like plain_text, keeping the writer's line breaks."""
    block = "<br>".join(plain_text(line) for line in _LINE_BREAKS.split(str(value)))
    return f"<span {_language_attributes(value)}>{block}</span>" if isinstance(value, InLanguage) else block


def markdown_block(value: object) -> str:
    """An editor's Markdown field as sanitised HTML, in a block that MkDocs' Markdown passes through as it is."""
    marked = f" {_language_attributes(value)}" if isinstance(value, InLanguage) else ""
    return f'<div class="fc-markdown"{marked}>\n{to_html(str(value))}</div>'


@functools.lru_cache(maxsize=1 << 14)  # each source is cited from several pages
def link_target(url: str) -> str:
    """A validated http(s) URL made safe inside an HTML attribute's double quotes, and inside a
    Markdown link's parentheses (whose HTML keeps the entities as they are)."""
    return html.escape(quote(url, safe=":/?#[]@!$&'*+,;=%~-._"))


# Material writes these meta values into the page head and header as they are, unescaped.
_HTML_META_KEYS = ("title", "description", "tags")


# Characters YAML refuses, or reads as line breaks or a byte-order mark, when written as they
# are; all but "\n", which ends each line of the front matter (JSON never writes one as it is).
_NOT_PRINTABLE_IN_YAML = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _yaml_printable(text: str) -> str:
    """JSON values are YAML flow values once the characters YAML refuses are escaped (JSON's
    escapes are all valid in YAML's double quotes, the only place such characters can be)."""
    return _NOT_PRINTABLE_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def front_matter(values: dict) -> str:
    data = {k: v for k, v in values.items() if v not in (None, [], "")}
    for key in _HTML_META_KEYS:
        if isinstance(data.get(key), str):
            data[key] = html.escape(data[key])
        elif isinstance(data.get(key), list):
            data[key] = [html.escape(item) for item in data[key]]
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items())
    return f"---\n{_yaml_printable(lines)}---\n"


def site_url(path: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a docs-relative path: a Markdown page's (`claims/x/` or `claims/x.html`),
    or any other file's own path."""
    if path.endswith(".md"):
        stem = path.removesuffix(".md")
        folder, _, name = stem.rpartition("/")
        if not directory_urls:
            return quote(f"{stem}.html")
        if name == "index":
            return quote(f"{folder}/" if folder else "./")
        return quote(f"{stem}/")
    return quote(path)


@functools.lru_cache(maxsize=1 << 16)
def relative_url(target: str, current: str, directory_urls: bool = True) -> str:
    """A link from the HTML of page `current` to `target` (docs-relative paths, `target` maybe with
    a `#fragment`), as MkDocs writes the link `[…](target)` of a Markdown page."""
    path, hash, fragment = target.partition("#")
    if not path:
        return target
    return get_relative_url(site_url(path, directory_urls), site_url(current, directory_urls)) + hash + fragment


def relative(target: str, current: str) -> str:
    """A Markdown link from page `current` to page `target` (both docs-relative .md paths)."""
    target_folder, _, name = target.rpartition("/")
    return _folder_prefix(target_folder or ".", current.rpartition("/")[0] or ".") + name


@functools.lru_cache(maxsize=4096)  # pages sit in a handful of folders
def _folder_prefix(target_folder: str, folder: str) -> str:
    prefix = posixpath.relpath(target_folder, folder)
    return "" if prefix == "." else prefix + "/"


@jinja2.pass_context
def url(context: jinja2.runtime.Context, target: Entity | Kind | str) -> str:
    """The `url` filter: where a link goes. An entity links to its page (or its section of a page),
    a kind (`kinds.claims`) to the page listing them all, both relative to the page being rendered,
    as the .md paths MkDocs resolves; text is an editor's http(s) address, made safe for a Markdown link."""
    if isinstance(target, str):
        return link_target(target)
    if isinstance(target, Kind):
        if target.index is None:
            raise jinja2.TemplateRuntimeError(f"url: {target.name} have no page listing them all")
        path = target.index
    else:
        try:
            path = url_of(target)
        except KeyError:
            raise jinja2.TemplateRuntimeError(f"url: {type(target).__name__} has no page to link to") from None
    link = context.get("link")  # Renderer.render_page gives the page's own way of linking
    if link is not None:
        return link(path)
    page = context.get("page")
    if page is None:
        raise jinja2.TemplateRuntimeError("url: links are made from a page; render the template with page=")
    return relative(path, page.path)


def make_environment(template_dirs: Iterable[Path], language: str = DEFAULT_LANGUAGE,
                     digits: str = LATIN_DIGITS) -> jinja2.Environment:
    """The templates' environment: `_("…")` and `ngettext("…", "…", n)` give the interface's words in
    the language (a BCP 47 tag), the filters `long_date`, `number` and `digits` its dates and numbers."""
    localizer = Localizer(language, digits)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=False,  # templates write HTML (a site's old ones Markdown); plain text goes through the `text` filter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # reused_environment makes another one when a template folder changes
    )
    install_words(environment, localizer)  # `_("…")`: the interface's words, from a catalog per language
    environment.filters.update(text=plain_text, alt=alt_text, name=isolated_name, text_block=plain_block, markdown=markdown_block, url=url, attr=lambda v: html.escape(str(v)),
                               front_matter=front_matter, long_date=localizer.long_date, number=localizer.number,
                               digits=localizer.with_digits)
    environment.globals.update(kinds=BY_NAME, verdict_chart_svg=functools.partial(verdict_chart_svg, count=localizer.number),
                               media_path=media_site_path,
                               # Translators: between the items of a list: names, verdicts and their counts.
                               comma=localizer.gettext(", "))
    return environment


def reused_environment(template_dirs: tuple[Path, ...], language: str = DEFAULT_LANGUAGE,
                       digits: str = LATIN_DIGITS) -> jinja2.Environment:
    """The environment of these folders as they are now, made once: each build of a preview would
    otherwise compile every template again (0.2–0.4 s). A template saved, added or removed in any
    of the folders (a site's override of a default, say) gives a new one."""
    return _environment_of(template_dirs, tuple(sorted(snapshot(template_dirs).items())), language, digits)


@functools.lru_cache(maxsize=4)
def _environment_of(template_dirs: tuple[Path, ...], state: tuple, language: str, digits: str) -> jinja2.Environment:
    return make_environment(template_dirs, language, digits)


def long_date(value: date) -> str:
    """A date as the English pages write it: 17 September 2016."""
    return ENGLISH.long_date(value)


@dataclass(frozen=True)
class GeneratedFile:
    """A file the generator makes: its docs-relative path, its content, and the YAML it came from."""

    path: str
    data: bytes  # UTF-8, as MkDocs and the disk take it (and cheap to pass between processes)
    source: Path | None = None
    updated: date | None = None
    # A page whose body the generator wrote as HTML: its table of contents, for the theme. None:
    # a Markdown page (or not a page), which MkDocs converts.
    toc: tuple[TocEntry, ...] | None = None

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")


@dataclass(frozen=True)
class RenderedPage:
    text: str  # front matter, then the body
    toc: tuple[TocEntry, ...] | None = None  # None: the body is Markdown


class Renderer:
    """Renders the templates: pages, the ratings stylesheet and the content-errors page."""

    def __init__(self, overrides: Path | None = None, defaults: Path = DEFAULT_TEMPLATES, *,
                 directory_urls: bool = True, headings: HeadingStyle = HeadingStyle(),
                 language: str = DEFAULT_LANGUAGE, digits: str = LATIN_DIGITS) -> None:
        self.folders = tuple(d for d in (overrides, defaults) if d is not None)
        self.environment = reused_environment(self.folders, language, digits)
        self.directory_urls, self.headings = directory_urls, headings
        self._templates: dict[str, tuple[str, bool]] = {}

    def template_of(self, name: str) -> tuple[str, bool]:
        """The template a page named `x.html.j2` is rendered with, and whether it writes HTML: the
        first folder that has `x.html.j2` or, written for earlier versions, `x.md.j2` (Markdown,
        which MkDocs converts) gives it."""
        if name not in self._templates:
            markdown_name = name.removesuffix(".html.j2") + ".md.j2"
            found = (name, True)
            if name.endswith(".html.j2"):
                for folder in self.folders:
                    if (folder / name).is_file():
                        break
                    if (folder / markdown_name).is_file():
                        found = (markdown_name, False)
                        break
            else:
                found = (name, False)
            self._templates[name] = found
        return self._templates[name]

    def render_badges_once(self, ratings: Iterable[Rating]) -> None:
        """A verdict badge appears many times per page: its template (badge.html.j2) runs once per rating."""
        badge = self.environment.get_template(self.template_of("badge.html.j2")[0])
        badges = {rating.id: badge.render(rating=rating) for rating in ratings}
        self.environment.filters["badge"] = lambda rating: badges[rating.id]

    def render_page(self, page: Page, **more: Any) -> RenderedPage:
        """The page's front matter and body; `more` adds to what pages.py planned (a claim's JSON-LD,
        made by the build). An HTML body comes with its table of contents."""
        name, writes_html = self.template_of(page.template)
        template = self.environment.get_template(name)
        context = page.context | page.deferred() if page.deferred else page.context
        if not writes_html:
            text = template.render(context, **more, page=page, link=lambda target: relative(target, page.path))
            return RenderedPage(text, None)
        headings = Headings(self.headings)
        text = template.render(context, **more, page=page, heading=headings,
                               link=lambda target: relative_url(target, page.path, self.directory_urls))
        return RenderedPage(*headings.finish(text))

    def render_ratings_css(self, content: Content) -> str:
        return self.environment.get_template("ratings.css.j2").render(ratings=content.ratings.values())

    def render_problems(self, problems: Iterable[object]) -> GeneratedFile:
        """A home page listing content errors, for a preview that cannot build the site yet."""
        text = self.environment.get_template("content_errors.md.j2").render(problems=list(problems))
        return GeneratedFile(HOME_PATH, text.encode("utf-8"))
