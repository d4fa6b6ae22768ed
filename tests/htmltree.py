"""A small element tree from the standard library's HTML parser, for asserting on built pages.

`parse(html)` returns the root Element; `find_all`, `find`, `text` and `attr` read it the way a
browser shows it: character references decoded, comments dropped, header permalinks (¶) left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements the HTML parser closes implicitly when a sibling of the same kind starts.
IMPLIED_END = {"p", "li", "td", "th", "tr", "option", "dt", "dd"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = field(default=None, repr=False)
    line: int = 0

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, *, classes: str | None = None,
                 where: Callable[[Element], bool] | None = None, **attrs: str) -> list[Element]:
        return [e for e in self.iter() if e is not self and _matches(e, tag, classes, where, attrs)]

    def find(self, tag: str | None = None, **criteria) -> Element | None:
        found = self.find_all(tag, **criteria)
        return found[0] if found else None

    def one(self, tag: str | None = None, **criteria) -> Element:
        found = self.find_all(tag, **criteria)
        assert len(found) == 1, f"expected one <{tag}> {criteria}, found {len(found)}"
        return found[0]

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, *, skip_permalinks: bool = True) -> str:
        """The text a reader sees, whitespace runs collapsed to one space and trimmed."""
        return " ".join(self.raw_text(skip_permalinks=skip_permalinks).split())

    def raw_text(self, *, skip_permalinks: bool = True) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in ("script", "style", "template"):
                continue
            elif skip_permalinks and "headerlink" in child.classes:
                continue
            elif child.tag == "br":
                parts.append("\n")
            else:
                parts.append(child.raw_text(skip_permalinks=skip_permalinks))
        return "".join(parts)

    def following_siblings(self) -> Iterator[Element]:
        """The elements after this one under the same parent, in document order."""
        if self.parent is None:
            return
        siblings = [c for c in self.parent.children if isinstance(c, Element)]
        yield from siblings[siblings.index(self) + 1:]

    def ancestors(self) -> Iterator[Element]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def _matches(element: Element, tag: str | None, classes: str | None,
             where: Callable[[Element], bool] | None, attrs: dict[str, str]) -> bool:
    if tag is not None and element.tag != tag:
        return False
    if classes is not None and not set(classes.split()) <= element.classes:
        return False
    if any(element.attrs.get(name.rstrip("_").replace("_", "-")) != value for name, value in attrs.items()):
        return False
    return where is None or where(element)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in IMPLIED_END and self.current.tag == tag:
            self._close(tag)
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs}, parent=self.current,
                          line=self.getpos()[0])
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self._close(tag)

    def _close(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # an unmatched end tag is ignored
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def parse_file(path: Path) -> Element:
    return parse(path.read_text(encoding="utf-8"))


def main_content(page: Element) -> Element:
    """Material's article: the page's own content, without header, navigation and footer."""
    article = page.find("article")
    assert article is not None, "no <article> in the page"
    return article


def canonical(element: Element, depth: int = 0) -> list[str]:
    """The element as lines that differ only where a reader could see a difference: one element or
    text per line, attributes sorted, character references decoded, runs of white space as one
    space, and the white space between elements left out."""
    attributes = "".join(f' {name}="{value}"' for name, value in sorted(element.attrs.items()))
    lines = [f"{'  ' * depth}<{element.tag}{attributes}>"]
    for child in element.children:
        if isinstance(child, Element):
            lines.extend(canonical(child, depth + 1))
        elif text := " ".join(child.split()):
            lines.append(f"{'  ' * (depth + 1)}{text}")
    return lines
