"""Editors' Markdown fields as safe HTML: CommonMark, then an allow-list sanitiser.

Markdown is converted by GitHub's cmark-gfm (CommonMark plus tables), which runs in time
linear in its input whatever the input is (Python-Markdown takes minutes on 20,000 "["),
and the HTML it makes is passed through nh3 (ammonia) with an allow-list: the text elements
Markdown produces, links to http:, https:, mailto: or relative targets, images of this site
only, and no attribute that could run script, restyle the page or imitate the theme (no
`style`, `on…`, `id` or `class`). Whatever is not on the list is removed, or shown as text.

`removed_markup(text)` tells validation what the sanitiser took out, so that nothing an
editor wrote disappears without a warning.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options

MAX_MARKDOWN_CHARS = 50_000  # a long analysis is 10,000; the bounds keep hostile input cheap
# HTML parsers (nh3's html5ever among them) take time in the square of the nesting depth, and a
# few characters of Markdown (">>>>") can nest thousands deep: fields that make more elements than
# this are refused (a long analysis makes a few hundred).
MAX_ELEMENTS = 5_000

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "del", "s", "sub", "sup", "mark", "small", "q", "cite", "abbr",
    "a", "img", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "code", "pre", "kbd",
    "table", "thead", "tbody", "tr", "th", "td",
    "h1", "h2", "h3", "h4", "h5", "h6",  # shifted below the page's own headings, see _shift_headings
})
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "code": {"class"},  # only a fenced block's language, see _attribute_filter
}
ALIGNMENT = {"th": {"align": {"left", "center", "right"}}, "td": {"align": {"left", "center", "right"}}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with what they hold: their content is code or hidden text, never prose.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "title", "textarea", "xmp", "iframe", "noembed",
                                  "noframes", "noscript", "object", "svg", "math"})

_MARKDOWN_OPTIONS = Options.CMARK_OPT_UNSAFE  # raw HTML is kept here and judged by the sanitiser
_MARKDOWN_EXTENSIONS = ["table"]


_CODE_LANGUAGE = re.compile(r"language-[A-Za-z0-9_+.#-]{1,40}")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not is_same_site(value):
        return None  # an image from another host would tell it about every reader
    if attribute == "class" and not _CODE_LANGUAGE.fullmatch(value):
        return None  # no class could imitate the theme's badges or boxes
    return value


def is_same_site(url: str) -> bool:
    """A relative URL (a path of this site), not one that a browser reads as another host."""
    url = url.strip(" \t\n\r\f\v")
    if not url or url.startswith(("//", "\\", "/\\")):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


class TooMuchMarkup(ValueError):
    """The field would make more elements than MAX_ELEMENTS."""


def to_html(markdown: str) -> str:
    """The field's Markdown as sanitised HTML (validation has refused fields with too much markup)."""
    return _sanitised(markdown)


@functools.lru_cache(maxsize=1 << 12)  # rating and claimant descriptions appear on several pages
def _sanitised(markdown: str) -> str:
    return _shift_headings(_clean(_unsafe_html(markdown)))


_TAG_START = re.compile(r"<[A-Za-z]")  # what starts an element for an HTML parser


def _unsafe_html(markdown: str) -> str:
    html = cmarkgfm.markdown_to_html_with_extensions(markdown, options=_MARKDOWN_OPTIONS,
                                                     extensions=_MARKDOWN_EXTENSIONS)
    elements = sum(1 for _ in _TAG_START.finditer(html))
    if elements > MAX_ELEMENTS:
        raise TooMuchMarkup(f"makes too many HTML elements ({elements:,}; the limit is {MAX_ELEMENTS:,})")
    return html


_ALLOW_LIST = nh3.Cleaner(
    tags=set(ALLOWED_TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}, tag_attribute_values=ALIGNMENT,
    attribute_filter=_attribute_filter, url_schemes=set(URL_SCHEMES), strip_comments=True, link_rel=None)


def _clean(html: str) -> str:
    return _ALLOW_LIST.clean(html)


# The sanitised HTML has headings only as these exact tags (attributes are not allowed on them).
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str) -> str:
    """An editor's `#` heading becomes <h3>: the page's own title is <h1> and its sections <h2>."""
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", html)


# --- telling editors what was removed ------------------------------------------------------

# Every element and attribute name an editor could write, kept by the sanitiser that
# `removed_markup` compares with: whatever differs from it is what the allow-list removed.
_ANY_ELEMENT = frozenset({
    *ALLOWED_TAGS, *DROPPED_WITH_CONTENT, "html", "head", "body", "base", "link", "meta", "form", "input", "button",
    "select", "option", "optgroup", "label", "fieldset", "legend", "output", "datalist", "progress", "meter",
    "div", "span", "section", "article", "aside", "header", "footer", "nav", "main", "address", "figure",
    "figcaption", "details", "summary", "dialog", "menu", "center", "font", "big", "tt", "u", "ins", "dfn", "var",
    "samp", "bdi", "bdo", "ruby", "rt", "rp", "wbr", "time", "data", "caption", "col", "colgroup", "tfoot",
    "embed", "applet", "param", "frame", "frameset", "plaintext", "listing", "marquee", "blink", "picture",
    "source", "track", "video", "audio", "canvas", "map", "area", "portal", "slot", "search", "image",
})
_ANY_ATTRIBUTE = frozenset({
    "href", "src", "srcset", "srcdoc", "action", "formaction", "data", "codebase", "background", "poster", "cite",
    "longdesc", "usemap", "manifest", "ping", "xlink:href", "style", "class", "id", "name", "content", "http-equiv",
    "charset", "target", "rel", "type", "value", "open", "autofocus", "tabindex", "contenteditable", "draggable",
    "hidden", "popover", "popovertarget", "dir", "lang", "title", "alt", "width", "height", "align", "start",
    "method", "enctype", "accept", "for", "form", "placeholder", "autocomplete", "role", "is", "slot",
    "markdown", "color", "bgcolor", "face", "size", "border", "frameborder", "allow", "sandbox", "loading",
    "referrerpolicy", "crossorigin", "integrity", "download", "media", "sizes", "span", "colspan", "rowspan",
})


_ANY_SCHEME = {"http", "https", "mailto", "javascript", "vbscript", "data", "file", "ftp", "blob", "about",
               "jar", "ms-its", "mhtml", "view-source", "livescript", "tel", "sms", "ws", "wss"}
_KEEP_EVERYTHING = nh3.Cleaner(
    tags=set(_ANY_ELEMENT), clean_content_tags=set(), attributes={"*": set(_ANY_ATTRIBUTE)},
    generic_attribute_prefixes={"on", "data-", "aria-"}, url_schemes=_ANY_SCHEME, strip_comments=False, link_rel=None)


def removed_markup(markdown: str) -> str | None:
    """A short excerpt of the first markup the sanitiser removes from the field, or None.

    Raises TooMuchMarkup for a field that would make more than MAX_ELEMENTS elements.
    """
    unsafe = _unsafe_html(markdown)
    kept = _KEEP_EVERYTHING.clean(unsafe)
    clean = _clean(unsafe)
    if kept == clean:
        return None
    return _excerpt_at(kept, _first_difference(kept, clean))




def _first_difference(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    index = next((i for i in range(limit) if a[i] != b[i]), limit)
    return index


def _excerpt_at(html: str, index: int, width: int = 80) -> str:
    """The tag (or comment) that holds html[index], or the text from there, on one line: at
    most `width` characters, then "…" if the tag goes on."""
    start = html.rfind("<", max(0, index - width), index + 1)
    start = index if start < 0 else start
    end = html.find(">", index, start + width)
    stop = end + 1 if end >= 0 else min(start + width, len(html))
    excerpt = " ".join(html[start:stop].split())
    return excerpt + "…" if stop < len(html) and end < 0 else excerpt


def attribute_list(markdown: str) -> str | None:
    """The first `{: …}` attribute list (Python-Markdown's attr_list syntax), shown as text in these fields."""
    start = markdown.find("{:")
    if start < 0:
        return None
    end = markdown.find("}", start, start + 200)
    return " ".join(markdown[start: end + 1 if end >= 0 else start + 80].split())
