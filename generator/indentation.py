"""Explaining YAML syntax errors that come from indentation, at the line where the structure went wrong.

YAML reports where it gave up, which is often a line later than the mistake and in words about
colons: a dedented `summary:` makes the next field "a mapping value not allowed here". Given the
error's marks, `explain` looks at the lines before it: the keys and list items the YAML scanner
found (its tokens, so that text inside quotes and `|` blocks is never taken for structure) and the
indentation of the line where YAML stopped. It returns None when the error is not one it can
explain; the error is then reported as YAML gave it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

from .problems import shorten

# Explaining reads the file again with the scanner: files longer than this (a hand-written one is a few
# thousand characters) keep YAML's own message, so that a hostile file costs at most one more pass of this size.
MAX_EXPLAINED_CHARS = 200_000

# The line breaks YAML counts (1.1, as PyYAML and libyaml read it), so that line numbers agree with its marks.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Explanation:
    line: int  # 1-based, as problems are printed
    column: int
    message: str
    hint: str


@dataclass(frozen=True)
class _Entry:
    """A line that starts a key or a list item: its shape as YAML read it (0-based positions)."""

    line: int
    column: int  # where the key (or the item's value) starts, after any '- '
    dash: int | None  # the column of the line's first '- ', if it starts with one
    key: str | None  # the key's text; None for a list item that is not a mapping
    opens: bool  # nothing follows the key's ':' on its line: its value is the indented lines below

    @property
    def start(self) -> int:
        return self.column if self.dash is None else self.dash


def explain(text: str, context: str | None, problem: str, problem_mark: yaml.Mark | None,
            context_mark: yaml.Mark | None, loader: type) -> Explanation | None:
    """An explanation of the syntax error, when indentation (or a missing '- ') caused it."""
    if problem_mark is None or len(text) > MAX_EXPLAINED_CHARS:
        return None
    lines = _LINE_BREAKS.split(text)
    stop = problem_mark.line
    entries = _entries(text, stop, loader)
    candidates = sorted({entry.line for entry in entries} | {stop} | ({context_mark.line} if context_mark else set()))
    for line in candidates:
        odd = _odd_indentation(lines, line)
        if odd is not None:
            return odd
    shapes = _Shapes(lines, [entry for entry in entries if entry.line < stop])
    if problem.startswith("mapping values are not allowed"):
        return shapes.swallowed_key(stop, problem_mark.column)
    if context == "while parsing a block mapping" and context_mark is not None:
        return shapes.not_a_key(stop, context_mark)
    if context == "while parsing a block collection" and context_mark is not None:
        return shapes.not_an_item(stop, context_mark)
    if context == "while scanning a simple key" and context_mark is not None:
        return shapes.item_without_dash(context_mark.line)
    return None


def _entries(text: str, stop: int, loader: type) -> list[_Entry]:
    """The keys and list items that start lines, up to line stop (0-based), from the scanner's tokens."""
    entries: list[_Entry] = []
    flow = 0  # inside [ ] or { }: no block structure
    dash: tuple[int, int] | None = None  # (line, column) of the last '- '
    pending: tuple[int, int] | None = None  # (line, column) of a key whose text comes next
    key: tuple[int, int, str] | None = None  # a key read, waiting to know whether a value follows on its line
    seen_lines: set[int] = set()

    def add(line: int, column: int, name: str | None, opens: bool) -> None:
        if line in seen_lines:
            return
        seen_lines.add(line)
        item = dash[1] if dash is not None and dash[0] == line else None
        entries.append(_Entry(line, column, item, name, opens))

    try:
        for token in yaml.scan(text, Loader=loader):
            line, column = token.start_mark.line, token.start_mark.column
            if line > stop:
                break
            if key is not None and isinstance(token, (yaml.AnchorToken, yaml.TagToken)):
                continue  # `key: &name` or `key: !tag`: the value is what comes next
            if key is not None and not isinstance(token, (yaml.ValueToken, yaml.KeyToken)):
                key_line, key_column, name = key
                add(key_line, key_column, name, opens=line > key_line or isinstance(
                    token, (yaml.BlockEndToken, yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken)))
                key = None
            elif key is not None and isinstance(token, yaml.KeyToken):  # a key with no value at all
                add(key[0], key[1], key[2], opens=True)
                key = None
            if isinstance(token, (yaml.FlowMappingStartToken, yaml.FlowSequenceStartToken)):
                if flow == 0 and dash is not None and dash[0] == line:
                    add(line, column, None, opens=False)
                flow += 1
            elif isinstance(token, (yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)):
                flow = max(flow - 1, 0)
            elif flow:
                continue
            elif isinstance(token, yaml.BlockEntryToken):
                dash = (line, column)
            elif isinstance(token, yaml.KeyToken):
                pending = (line, column)
            elif isinstance(token, yaml.ScalarToken) and pending is not None:
                key = (pending[0], pending[1], token.value)
                pending = None
            elif isinstance(token, yaml.ScalarToken) and dash is not None and dash[0] == line:
                add(line, column, None, opens=False)  # a list item holding text
    except yaml.YAMLError:
        pass  # the error being explained, or one before it: the lines before it are read
    if key is not None:
        add(key[0], key[1], key[2], opens=True)
    return sorted(entries, key=lambda entry: entry.line)


def _odd_indentation(lines: list[str], line: int) -> Explanation | None:
    """A tab, or a space that YAML reads as text (U+00A0 …), among the spaces that start the line."""
    text = lines[line] if line < len(lines) else ""
    for column, character in enumerate(text):
        if character != " ":
            found = odd_space(character)
            return Explanation(line + 1, column + 1, *found) if found else None
    return None


_SPACE_NAMES = {"\t": "tab", "\u00a0": "non-breaking space", "\u202f": "narrow non-breaking space",
                "\u3000": "ideographic space"}


def odd_space(character: str) -> tuple[str, str] | None:
    """The message and hint for a line indented with character, when it is a space that is not ' '."""
    if character == "\t":
        return "tab in the indentation", "indent with spaces: YAML does not allow tabs in indentation"
    if character == " " or not character.isspace():
        return None
    name = _SPACE_NAMES.get(character) or unicodedata.name(character, "space").lower()
    return (f"{name} (U+{ord(character):04X}) in the indentation",
            f"indent with ordinary spaces: YAML reads the {name} as text, not as indentation")


@dataclass(frozen=True)
class _Line:
    """The shape of a line YAML did not finish reading, from its text."""

    indent: int  # spaces before the line's first character
    column: int  # where its key or item starts, after any '- '
    dash: bool
    key: str | None  # the text before its first ': ', if any
    key_end: int | None  # the column of that ':'
    words: str  # how to name the line in a message


def _shape(text: str) -> _Line:
    indent = len(text) - len(text.lstrip(" "))
    rest = text[indent:]
    dash = rest == "-" or rest.startswith("- ")
    column = indent
    if dash:
        after = rest[1:]
        column = indent + 1 + len(after) - len(after.lstrip(" "))
    body = text[column:]
    colon = _key_colon(body)
    key = _unquoted(body[:colon].rstrip()) if colon is not None else None
    return _Line(indent, column, dash, shorten(key, 40) if key else None, column + colon if colon is not None else None,
                 shorten(key or body.strip() or "-", 40))


def _unquoted(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "'\"" else key


def _key_colon(body: str) -> int | None:
    """Where the ':' that ends a plain key is (followed by a space or the end of the line)."""
    at = 0
    while True:
        at = body.find(":", at)
        if at < 0:
            return None
        if at + 1 == len(body) or body[at + 1] in " \t":
            return at
        at += 1


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def _indent(count: int) -> str:
    """How to fix a line's indentation, in words."""
    return "start it at the beginning of the line" if count == 0 else f"indent it {_spaces(count)}"


def _name(entry: _Entry) -> str:
    return shorten(entry.key, 40) if entry.key is not None else "the list item"


class _Shapes:
    """The lines before an error, for naming what a wrongly indented line is beside or inside."""

    def __init__(self, lines: list[str], entries: list[_Entry]) -> None:
        self.lines = lines
        self.entries = entries

    def line(self, number: int) -> _Line:
        return _shape(self.lines[number] if number < len(self.lines) else "")

    def owner(self, before: int, column: int) -> _Entry | None:
        """The nearest key before entry index `before` whose indented value holds lines at column."""
        for entry in reversed(self.entries[:before]):
            if entry.start < column:
                return entry if entry.key is not None and entry.opens and entry.column < column else None
        return None

    def group(self, index: int) -> str:
        """What the entry at index is one field of: "'verdict'", "the item of 'evidence' above it"."""
        entry = self.entries[index]
        for earlier in reversed(self.entries[: index + 1]):
            if earlier.dash is not None and earlier.column == entry.column:
                owner = self.owner(self.entries.index(earlier), earlier.dash)
                return f"the item of '{_name(owner)}' above it" if owner else "the list item above it"
            if earlier.start < entry.column:
                break
        owner = self.owner(index, entry.column)
        return f"'{_name(owner)}'" if owner else "the mapping above it"

    def next_line(self, after: int) -> _Line | None:
        """The next line after line `after` that holds something (not blank, not a comment)."""
        for number in range(after + 1, len(self.lines)):
            text = self.lines[number].strip(" ")
            if text and not text.startswith("#"):
                return self.line(number)
        return None

    def swallowed_key(self, stop: int, colon: int) -> Explanation | None:
        """'mapping values are not allowed': a key indented so that YAML read it as the text above it."""
        here = self.line(stop)
        if here.key is None or here.key_end != colon or here.dash or not self.entries:
            return None  # a ': ' inside text: the usual hint (quotes) applies
        above = self.entries[-1]
        if above.line == stop or above.key is None or above.opens or here.column <= above.column:
            return None
        return self._more(stop, here, swallowed=True)

    def _more(self, stop: int, here: _Line, *, swallowed: bool) -> Explanation:
        """The line at stop is indented more than the field above it, whose value is on the field's own line."""
        last = len(self.entries) - 1
        above = self.entries[last]
        before = self.entries[last - 1] if last >= 1 else None
        if before is not None and before.key is not None and before.column == here.column:
            # `above` was dedented: the lines before and after it agree, it does not.
            return self._less(above, last - 1)
        after = self.next_line(stop)
        if (before is not None and before.opens and before.key is not None and before.column < above.column
                and after is not None and after.column == here.column and not after.dash):
            # `above` is the first field of its mapping, and the fields after it agree with each other.
            return Explanation(above.line + 1, above.column + 1, "wrong indentation",
                               f"'{_name(above)}' is indented less than the fields of '{_name(before)}' after it: "
                               f"{_indent(here.column)}, like '{here.key}', not {above.column}")
        read_as = f", so YAML reads it as more of the text of '{_name(above)}'" if swallowed else ""
        text = "; if it is text, put the whole text in quotes" if swallowed else ""
        return Explanation(stop + 1, here.column + 1, "wrong indentation",
                           f"'{here.key}' is indented more than '{_name(above)}' above it{read_as}: "
                           f"{_indent(above.column)}, like '{_name(above)}'{text}")

    def _less(self, entry: _Entry, sibling: int) -> Explanation:
        """entry is indented less than the entry at index sibling, one of the fields it belongs with."""
        like = self.entries[sibling]
        return Explanation(entry.line + 1, entry.column + 1, "wrong indentation",
                           f"'{_name(entry)}' is indented less than the fields of {self.group(sibling)}: "
                           f"{_indent(like.column)}, like '{_name(like)}', not {entry.column}")

    def not_a_key(self, stop: int, mapping: yaml.Mark) -> Explanation | None:
        """'did not find expected key': a line indented between two levels, or a '- ' among fields."""
        here = self.line(stop)
        if here.dash and here.indent == mapping.column:
            first = self.line(mapping.line)
            owner = self.owner(self._index_at(mapping.line), mapping.column)
            if owner is None:
                return None
            where = f"'{_name(owner)}'"
            return Explanation(mapping.line + 1, mapping.column + 1, "list item without '- '",
                               f"a list item ('- ') follows '{first.words}' at the same indentation: if {where} is a "
                               f"list, start each of its items with '- ', as in '- {first.words}'")
        if here.key is None or here.dash or not self.entries:
            return None
        last = len(self.entries) - 1
        above = self.entries[last]
        if above.column < here.column and above.key is not None and not above.opens:
            return self._more(stop, here, swallowed=False)
        if above.column <= here.column:
            return None
        fields = self._level_above(last, here.column)
        like = self.entries[fields]
        return Explanation(stop + 1, here.column + 1, "wrong indentation",
                           f"'{here.key}' is indented less than the fields of {self.group(fields)}: "
                           f"{_indent(like.column)}, like '{_name(like)}', not {here.column}")

    def _level_above(self, index: int, column: int) -> int:
        """The nearest entry (at or before index) of the level just more indented than column, which a
        line at column falls short of: walking up to the first entry at or left of column, the nearest
        key of the least indented level passed."""
        found = index
        for at in range(index, -1, -1):
            entry = self.entries[at]
            if entry.start <= column:
                break
            if entry.key is not None and (self.entries[found].key is None or entry.column < self.entries[found].column):
                found = at
        return found

    def _index_at(self, line: int) -> int:
        for index, entry in enumerate(self.entries):
            if entry.line >= line:
                return index
        return len(self.entries)

    def not_an_item(self, stop: int, sequence: yaml.Mark) -> Explanation | None:
        """"did not find expected '-' indicator": a line inside a list that is not a list item."""
        here = self.line(stop)
        if here.dash or here.key is None:
            return None
        items = [entry for entry in self.entries if entry.dash == sequence.column and entry.line >= sequence.line]
        if not items:
            return None
        item = items[-1]
        fields = [e for e in self.entries if e.line >= item.line and e.column == item.column and e.key is not None]
        if here.indent > sequence.column:
            if not fields or here.indent >= item.column:
                return None
            return Explanation(stop + 1, here.column + 1, "wrong indentation",
                               f"'{here.key}' is indented less than the fields of {self.group(self.entries.index(item))}: "
                               f"{_indent(item.column)}, like '{_name(fields[0])}', not {here.indent}")
        owner = self.owner(self._index_at(sequence.line), sequence.column)
        of_list = f"the items of '{_name(owner)}'" if owner else "the list items"
        if any(field.key == here.key for field in fields) or not fields:
            return Explanation(stop + 1, here.column + 1, "list item without '- '",
                               f"'{here.key}' is indented like {of_list} but does not start with '- ': "
                               f"write '- {here.key}' to start another item")
        beside = f"; to make it a field beside '{_name(owner)}', indent it like '{_name(owner)}'" if owner else ""
        return Explanation(stop + 1, here.column + 1, "wrong indentation",
                           f"'{here.key}' is indented like the '- ' of {of_list}, without one: to add it to the item "
                           f"above, indent it like '{_name(fields[0])}' ({_spaces(item.column)}); to start another "
                           f"item, write '- {here.key}'{beside}")

    def item_without_dash(self, line: int) -> Explanation | None:
        """"could not find expected ':'": text alone on a line, indented like the list items above it."""
        here = self.line(line)
        if here.dash or here.key is not None:
            return None
        for index in range(len(self.entries) - 1, -1, -1):
            entry = self.entries[index]
            if entry.line >= line:
                continue
            if entry.start < here.indent:
                return None
            if entry.dash == here.indent:
                owner = self.owner(index, entry.dash)
                of_list = f"the items of '{_name(owner)}'" if owner else "the list items above it"
                return Explanation(line + 1, here.indent + 1, "list item without '- '",
                                   f"'{here.words}' is indented like {of_list} but does not start with '- ': "
                                   f"write '- {here.words}'")
        return None
