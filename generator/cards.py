"""Share cards: the 1200×630 PNG a link to a claim, a report or the site shows on social media.

Drawn at build time with Pillow from DejaVu Sans (Debian's fonts-dejavu-core, which `make site`
installs); nothing is downloaded. Right-to-left text is shaped and ordered by libraqm, which
Pillow's wheels bundle (FriBiDi from the system). Without it, right-to-left text is left out of
the image rather than drawn with reversed or disconnected letters.

Each card is cached under a hash of everything it shows (and of how it is drawn), so a rebuild
draws only the cards whose text or colour changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
DESIGN = "4"  # changed whenever the drawing changes, so that cached cards are drawn again

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"
FONT_PACKAGE = "fonts-dejavu-core"
CARD_CACHE = ".cache/share-cards"  # beside mkdocs.yml: outside the site, ignored by git

INK, MUTED, PAPER = "#1d1d1f", "#555555", "#ffffff"
DEFAULT_RATING_COLOR = "#595959"  # as ratings.css.j2: a rating without a colour
ELLIPSIS = "\u2026"

_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")


class CardError(Exception):
    """The cards cannot be drawn here (a font is missing): the message says what to install."""


def has_rtl(text: str) -> bool:
    return _RIGHT_TO_LEFT.search(text) is not None


def shapes_rtl() -> bool:
    """Whether Pillow lays text out with libraqm, which shapes Arabic and orders right-to-left text."""
    return bool(features.check("raqm"))


@dataclass(frozen=True)
class Tally:
    label: str
    color: str
    count: int
    shown_count: str = ""  # the count as the site's language writes it; "" for its Western digits

    def __post_init__(self) -> None:
        if not self.shown_count:
            object.__setattr__(self, "shown_count", str(self.count))


@dataclass(frozen=True)
class ClaimCard:
    claim: str
    claimant: str
    date: str  # as readers see it: "17 September 2016"
    verdict: str
    color: str
    site_name: str
    # The card's own words, in the site's language (generator.sharing translates them).
    verdict_caption: str = "Our verdict"
    comma: str = ", "


@dataclass(frozen=True)
class ReportCard:
    title: str
    tally: tuple[Tally, ...]
    site_name: str
    caption: str = "Report"
    count_caption: str = ""  # "" for English: "3 claims checked"


@dataclass(frozen=True)
class SiteCard:
    site_name: str
    description: str


Card = ClaimCard | ReportCard | SiteCard


@dataclass
class Fonts:
    folder: Path
    rtl: bool  # right-to-left text is drawn (raqm); False: it is left out
    _cache: dict = field(default_factory=dict)

    def get(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        key = (size, bold)
        if key not in self._cache:
            engine = ImageFont.Layout.RAQM if self.rtl else ImageFont.Layout.BASIC
            self._cache[key] = ImageFont.truetype(str(self.folder / (BOLD if bold else REGULAR)), size,
                                                  layout_engine=engine)
        return self._cache[key]


def find_fonts(folders: tuple[Path, ...] | None = None) -> Path:
    """The folder holding DejaVu Sans and DejaVu Sans Bold (in `folders`, else FONT_DIRS); CardError when no
    folder has both."""
    if folders is None:
        folders = FONT_DIRS
    for folder in folders:
        if (folder / REGULAR).is_file() and (folder / BOLD).is_file():
            return folder
    raise CardError(f"the share cards' font ({REGULAR}, {BOLD}) is not in {' or '.join(map(str, folders))}")


@lru_cache(maxsize=4)
def _fonts(folder: Path, rtl: bool) -> Fonts:
    return Fonts(folder, rtl)


class CardCache:
    """PNG files named by the hash of what they show, in one folder (outside the site)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / f"{key}.png").read_bytes()
        except OSError:
            return None

    def put(self, key: str, png: bytes) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed: a build in another process never reads half a file.
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(png)
            os.replace(temporary, self.folder / f"{key}.png")
        except OSError:
            pass  # a cache that cannot be written only costs the next build the same drawing


def card_key(card: Card, rtl: bool) -> str:
    """The hash of what the card shows and how it is drawn."""
    described = {"design": DESIGN, "kind": type(card).__name__, "card": asdict(card), "rtl": rtl,
                 "pillow": Image.__version__}
    return hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def card_png(card: Card, cache: CardCache, font_folder: Path | None = None, *, rtl: bool | None = None) -> tuple[bytes, bool]:
    """The card as PNG bytes, and whether it was drawn now (False: taken from the cache)."""
    rtl = shapes_rtl() if rtl is None else rtl
    key = card_key(card, rtl)
    cached = cache.get(key)
    if cached is not None:
        return cached, False
    image = draw(card, _fonts(font_folder or find_fonts(), rtl))
    png = encode(image)
    cache.put(key, png)
    return png, True


def encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def draw(card: Card, fonts: Fonts) -> Image.Image:
    if isinstance(card, ClaimCard):
        return _claim(card, fonts)
    if isinstance(card, ReportCard):
        return _report(card, fonts)
    return _site(card, fonts)


def drawable(text: str, fonts: Fonts) -> str:
    """The text, or "" when it is right-to-left and cannot be shaped here."""
    return text if fonts.rtl or not has_rtl(text) else ""


def _canvas(accent: str) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 18), fill=accent)
    return image, pen


def _claim(card: ClaimCard, fonts: Fonts) -> Image.Image:
    image, pen = _canvas(card.color)
    _site_name(pen, card.site_name, fonts)
    claim = drawable(card.claim, fonts)
    if claim:
        font = fonts.get(46)
        lines = wrap(f"\u201c{claim}\u201d" if not has_rtl(claim) else claim, font, WIDTH - 2 * MARGIN, 4)
        _lines(pen, lines, font, top=120, line_height=62, fill=INK, rtl=has_rtl(claim))
    claimant = drawable(card.claimant, fonts)
    # The byline reads in the direction of its date's language (left to right for English); the name
    # is isolated (FSI…PDI) so that a name of the other direction keeps its own order without pulling
    # the comma and date into it.
    date = drawable(card.date, fonts)
    said = "".join((f"\u2014 \u2068{claimant}\u2069" if claimant else "", card.comma if claimant and date else "", date))
    small = fonts.get(28)
    byline = wrap(said, small, WIDTH - 2 * MARGIN, 1)[0] if said else ""
    direction = ("rtl" if has_rtl(card.date) else "ltr") if fonts.rtl else None
    pen.text((MARGIN, 400), byline, font=small, fill=MUTED, direction=direction)
    _verdict(pen, card.verdict, card.verdict_caption, card.color, fonts, top=470)
    return image


def _verdict(pen: ImageDraw.ImageDraw, label: str, caption_text: str, color: str, fonts: Fonts, top: int) -> None:
    caption = fonts.get(24, bold=True)
    pen.text((MARGIN, top), drawable(caption_text, fonts).upper(), font=caption, fill=MUTED)
    font = fonts.get(48, bold=True)
    text = wrap(drawable(label, fonts) or "", font, WIDTH - 2 * MARGIN - 48, 1)
    shown = text[0] if text else ""
    width = int(font.getlength(shown)) if shown else 0
    left, box_top = MARGIN, top + 36
    pen.rounded_rectangle((left, box_top, left + width + 48, box_top + 82), radius=10, fill=color)
    if shown:
        pen.text((left + 24, box_top + 41), shown, font=font, fill="#ffffff", anchor="lm")


def _report(card: ReportCard, fonts: Fonts) -> Image.Image:
    accent = card.tally[0].color if card.tally else DEFAULT_RATING_COLOR
    image, pen = _canvas(accent)
    _site_name(pen, card.site_name, fonts)
    caption = fonts.get(24, bold=True)
    pen.text((MARGIN, 110), drawable(card.caption, fonts).upper(), font=caption, fill=MUTED)
    title = drawable(card.title, fonts)
    if title:
        font = fonts.get(46, bold=True)
        _lines(pen, wrap(title, font, WIDTH - 2 * MARGIN, 3), font, top=150, line_height=60, fill=INK,
               rtl=has_rtl(title))
    total = sum(item.count for item in card.tally)
    counted = card.count_caption or f"{total} claim{'s' if total != 1 else ''} checked"
    pen.text((MARGIN, 370), drawable(counted, fonts).upper(), font=caption, fill=MUTED)
    _tally_bar(pen, card.tally, total, top=410)
    _legend(pen, card.tally, fonts, top=480)
    return image


def _tally_bar(pen: ImageDraw.ImageDraw, tally: tuple[Tally, ...], total: int, top: int) -> None:
    left, width = MARGIN, WIDTH - 2 * MARGIN
    if not total:
        pen.rectangle((left, top, left + width, top + 44), outline=MUTED, width=2)
        return
    x = left
    for number, item in enumerate(tally):
        right = left + width if number == len(tally) - 1 else x + round(width * item.count / total)
        pen.rectangle((x, top, right, top + 44), fill=item.color)
        x = right


def _legend(pen: ImageDraw.ImageDraw, tally: tuple[Tally, ...], fonts: Fonts, top: int) -> None:
    font = fonts.get(30, bold=True)
    x, y = MARGIN, top
    for item in tally:
        label = drawable(item.label, fonts)
        text = f"{label} {item.shown_count}" if label else item.shown_count
        width = int(font.getlength(text)) + 32
        if x + width > WIDTH - MARGIN:
            x, y = MARGIN, y + 58
            if y > HEIGHT - 60:
                return
        pen.rounded_rectangle((x, y, x + width, y + 48), radius=8, fill=item.color)
        pen.text((x + 16, y + 24), text, font=font, fill="#ffffff", anchor="lm")
        x += width + 14


def _site(card: SiteCard, fonts: Fonts) -> Image.Image:
    image, pen = _canvas(INK)
    name = drawable(card.site_name, fonts)
    big = fonts.get(64, bold=True)
    if name:
        _lines(pen, wrap(name, big, WIDTH - 2 * MARGIN, 2), big, top=170, line_height=80, fill=INK, rtl=has_rtl(name))
    description = drawable(card.description, fonts)
    if description:
        font = fonts.get(34)
        _lines(pen, wrap(description, font, WIDTH - 2 * MARGIN, 4), font, top=360, line_height=46, fill=MUTED,
               rtl=has_rtl(description))
    return image


def _site_name(pen: ImageDraw.ImageDraw, site_name: str, fonts: Fonts) -> None:
    name = drawable(site_name, fonts)
    if not name:
        return
    font = fonts.get(28, bold=True)
    shown = wrap(name, font, WIDTH - 2 * MARGIN, 1)[0]
    pen.text((WIDTH - MARGIN, HEIGHT - 48), shown, font=font, fill=INK, anchor="rs")


def _lines(pen: ImageDraw.ImageDraw, lines: list[str], font: ImageFont.FreeTypeFont, *, top: int, line_height: int,
           fill: str, rtl: bool) -> None:
    for number, line in enumerate(lines):
        y = top + number * line_height
        if rtl:
            pen.text((WIDTH - MARGIN, y), line, font=font, fill=fill, anchor="ra")
        else:
            pen.text((MARGIN, y), line, font=font, fill=fill, anchor="la")


_WORDS = re.compile(r"\S+\s*|\s+")


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """The text in lines no wider than width, words kept whole where they fit (text without spaces,
    such as Chinese, is broken between characters); past max_lines the last line ends in an ellipsis.
    Lines are in logical order: the layout engine orders each one's right-to-left runs."""
    text = " ".join(text.split())
    lines: list[str] = []
    current = ""
    for word in _pieces(text, font, width):
        if current and font.getlength((current + word).rstrip()) > width:
            lines.append(current.rstrip())
            current = word.lstrip()
            if len(lines) == max_lines:
                break
        else:
            current += word
    else:
        if current.strip():
            lines.append(current.rstrip())
        return lines[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + ELLIPSIS) > width:
        last = last[:-1]
    lines[-1] = last.rstrip(" ,;:.-\u060c") + ELLIPSIS
    return lines


def _pieces(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    pieces: list[str] = []
    for word in _WORDS.findall(text):
        if font.getlength(word.rstrip()) <= width:
            pieces.append(word)
        else:
            pieces.extend(word)  # one character at a time
    return pieces
