"""The interface's words, dates and numbers in the site's language.

Words come from gettext catalogs, site_templates/locales/<language>/LC_MESSAGES/messages.po, read
with Babel and compiled in memory (no compiled .mo file is kept); `make messages` extracts the
words marked in the templates and the Python sources and updates every catalog. Dates and numbers
are formatted by Babel from CLDR's data for the language.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from gettext import NullTranslations
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .resources import LOCALES

DEFAULT_LANGUAGE = "en"
LATIN_DIGITS = "latn"
DOMAIN = "messages"
# The day, month name and year, in the order and spelling the language uses.
LONG_DATE = "yMMMMd"
# CLDR's "en" writes the month first; the site's English is international English, day first.
_DATE_LOCALES = {"en": "en_001"}

# The first digit of each numbering system CLDR gives a language as its native one; its digits follow
# it in Unicode. hanidec's are not consecutive: they are spelt out.
_ZEROS = {
    "adlm": "\U0001e950", "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "cakm": "\U00011136",
    "deva": "\u0966", "gujr": "\u0ae6", "guru": "\u0a66", "khmr": "\u17e0", "knda": "\u0ce6", "laoo": "\u0ed0",
    "mlym": "\u0d66", "mong": "\u1810", "mymr": "\u1040", "nkoo": "\u07c0", "orya": "\u0b66", "tamldec": "\u0be6",
    "telu": "\u0c66", "thai": "\u0e50", "tibt": "\u0f20", "vaii": "\ua620",
}
_SPELT_DIGITS = {"hanidec": "\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d", "latn": "0123456789"}


def catalog_path(language: str, locales: Path = LOCALES) -> Path:
    return locales / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalog_languages(locales: Path = LOCALES) -> list[str]:
    """The languages that have a catalog, as their folders name them."""
    return sorted(path.parents[1].name for path in locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


@functools.lru_cache(maxsize=64)
def babel_locale(language: str) -> Locale | None:
    """The CLDR locale of a BCP 47 tag (`ar`, `pt-BR`); None when CLDR does not know it."""
    try:
        return Locale.parse(language, sep="-" if "-" in language else "_")
    except (UnknownLocaleError, ValueError):
        return None


def _candidates(language: str) -> Iterator[str]:
    """Catalog folders to try, most specific first: pt_BR, then pt."""
    locale = babel_locale(language)
    if locale is not None:
        yield str(locale)
        yield locale.language
    yield language


def translations(language: str, locales: Path = LOCALES) -> NullTranslations:
    """The catalog of the language (or of its language without region); without one, none: the
    words as the templates write them, in English. Read again once its file changed (a preview)."""
    for candidate in dict.fromkeys(_candidates(language)):
        path = catalog_path(candidate, locales)
        if path.is_file():
            return _compiled(path, candidate, path.stat().st_mtime_ns)
    return NullTranslations()


@functools.lru_cache(maxsize=16)
def _compiled(path: Path, language: str, modified: int) -> Translations:
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def native_system(locale: Locale) -> str:
    """The numbering system CLDR gives the locale as its own (arab for Arabic, latn for English)."""
    system = locale.other_numbering_systems.get("native")
    return system if system in locale.number_symbols else "latn"


@functools.lru_cache(maxsize=16)
def digit_table(language: str, digits: str) -> dict[int, str]:
    """str.translate's table from Western digits to those of the language's native numbering
    system; empty for `latn`, or when that system is not known here (Western digits are kept)."""
    locale = babel_locale(language)
    if digits == LATIN_DIGITS or locale is None:
        return {}
    system = native_system(locale)
    spelt = _SPELT_DIGITS.get(system) or (
        "".join(chr(ord(_ZEROS[system]) + n) for n in range(10)) if system in _ZEROS else "0123456789")
    return {ord(str(n)): digit for n, digit in enumerate(spelt) if digit != str(n)}


@dataclass(frozen=True)
class Localizer:
    """The site's language (a BCP 47 tag) and digits: its words, dates and numbers."""

    language: str = DEFAULT_LANGUAGE
    digits: str = LATIN_DIGITS  # the plugin's option `digits`: Western digits, or `native`: the language's own

    def gettext(self, message: str, **values: object) -> str:
        """The message in the language, with its `%(name)s` placeholders filled from `values`
        (always formatted, as Jinja's new-style gettext does: a literal % is written %%)."""
        return self._catalog.gettext(message) % self._shown(values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The form of the message for the number n (Arabic has six), with `%(n)s` the number as
        the language writes it."""
        return self._catalog.ngettext(singular, plural, n) % self._shown({"n": n, **values})

    @functools.cached_property
    def _catalog(self) -> NullTranslations:
        return translations(self.language)

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "_catalog"}  # read again where unpickled

    def _shown(self, values: dict[str, object]) -> dict[str, object]:
        return {name: self.number(value) if type(value) is int else value for name, value in values.items()}

    def number(self, value: int | float) -> str:
        """A count as the language writes it: its grouping separator (1,234 in English), its digits."""
        return _number(value, self.language, self.digits)

    def with_digits(self, text: object) -> str:
        """The text with its Western digits in the language's own when the site asks for them
        (years, ISO dates, numbers an editor wrote)."""
        return str(text).translate(digit_table(self.language, self.digits))

    def long_date(self, day: date) -> str:
        """17 September 2016, 17 سبتمبر 2016, 17. September 2016: day, month name and year."""
        return _long_date(day, self.language, self.digits)


@functools.lru_cache(maxsize=1 << 14)  # counts recur on every page; Babel takes 20 µs to write one
def _number(value: int | float, language: str, digits: str) -> str:
    locale = babel_locale(language)
    if locale is None:
        return str(value)
    system = LATIN_DIGITS if digits == LATIN_DIGITS else native_system(locale)
    return format_decimal(value, locale=locale, numbering_system=system).translate(digit_table(language, digits))


@functools.lru_cache(maxsize=1 << 14)  # a few thousand distinct days on the largest sites
def _long_date(day: date, language: str, digits: str) -> str:
    locale = babel_locale(language)
    if locale is None:
        return f"{day.day} {day.strftime('%B %Y')}"
    text = format_skeleton(LONG_DATE, day, locale=_DATE_LOCALES.get(str(locale), locale))
    return text.translate(digit_table(language, digits))


ENGLISH = Localizer()


def install_words(environment: jinja2.Environment, localizer: Localizer) -> None:
    """`_("…")` and `ngettext("…", "…", n)` in the environment's templates: the localizer's words,
    their placeholders filled by it (numbers as the language writes them)."""
    if "jinja2.ext.InternationalizationExtension" not in environment.extensions:
        environment.add_extension("jinja2.ext.i18n")
    environment.install_gettext_callables(localizer.gettext, localizer.ngettext, newstyle=False)
