"""The factcheck plugin's options, declared once: MkDocs validates them for the plugin, and
`python -m generator` validates mkdocs.yml's with the same declarations (generator.output)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .kinds import LANGUAGE_TAG
from .problems import shorten

FEED_SIZE_MAX = 1000  # an Atom feed of more entries is slow to fetch for each reader's every poll
SEARCH_ENGINES = ("auto", "material", "pagefind")
DIGITS = ("latn", "native")
PAGEFIND_FROM_PAGES = 500


def shown(value: object) -> str:
    """A value as mkdocs.yml spells it, for messages: null for None, strings quoted, one short line."""
    return "null" if value is None else shorten(repr(value))


class OptionError(ValidationError):
    """A bad option value: what is wrong, a hint, and the names leading to it below the option
    (("url",) for publisher's url), so that the command line can point at its line and column."""

    def __init__(self, message: str, hint: str | None = None, names: tuple[str, ...] = ()) -> None:
        self.message, self.hint, self.names = message, hint, names
        super().__init__(f"{message} (hint: {hint})" if hint else message)


class WholeNumber(c.BaseConfigOption[int]):
    """A whole number from minimum to maximum (no bool, no float); None (unset) only without a default."""

    def __init__(self, *, minimum: int, maximum: int | None = None, default: int | None = None,
                 hint: str | None = None) -> None:
        super().__init__()
        self.minimum, self.maximum, self.default, self.hint = minimum, maximum, default, hint

    def run_validation(self, value: object) -> int | None:
        if value is None and self.default is None:
            return None
        too_large = self.maximum is not None and type(value) is int and value > self.maximum
        if type(value) is not int or value < self.minimum or too_large:
            span = f"of at least {self.minimum}" if self.maximum is None else f"from {self.minimum} to {self.maximum}"
            raise OptionError(f"must be a whole number {span}, not {shown(value)}", self.hint)
        return value


class Flag(c.BaseConfigOption[bool]):
    """true or false."""

    def __init__(self, *, default: bool, hint: str | None = None) -> None:
        super().__init__()
        self.default, self.hint = default, hint

    def run_validation(self, value: object) -> bool:
        if type(value) is not bool:
            raise OptionError(f"must be true or false, not {shown(value)}", self.hint)
        return value


class Text(c.BaseConfigOption[str]):
    """A string; "" refused unless may_be_empty; None only when optional (then the default is None)."""

    def __init__(self, *, default: str | None = None, optional: bool = False, may_be_empty: bool = True,
                 hint: str | None = None) -> None:
        super().__init__()
        self.default, self.optional, self.may_be_empty, self.hint = default, optional, may_be_empty, hint

    def run_validation(self, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            kind = "text" if self.may_be_empty else "non-empty text"
            raise OptionError(f"must be {kind}, not {shown(value)}", self.hint)
        if not value and not self.may_be_empty:
            raise OptionError("must not be empty", self.hint)
        return value


class OneOf(c.BaseConfigOption[str]):
    """One of a few words."""

    def __init__(self, choices: tuple[str, ...], *, default: str, hint: str | None = None) -> None:
        super().__init__()
        self.choices, self.default, self.hint = choices, default, hint

    def run_validation(self, value: object) -> str:
        if value not in self.choices:
            raise OptionError(f"must be one of {', '.join(self.choices)}, not {shown(value)}", self.hint)
        return value


class Language(c.BaseConfigOption[str]):
    """A language's BCP 47 tag in lowercase (ar, pt-br); None (unset) by default."""

    def __init__(self, *, hint: str | None = None) -> None:
        super().__init__()
        self.default, self.hint = None, hint

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not LANGUAGE_TAG.match(value):
            raise OptionError(f"must be a language tag in lowercase, such as ar, not {shown(value)}", self.hint)
        return value


class Section(c.SubConfig):
    """A mapping of options of its own: an error names the option below it that is wrong."""

    def run_validation(self, value: object) -> Config:
        value = {} if value is None else value  # `publisher:` left blank: every default
        if not isinstance(value, dict):
            names = ", ".join(name for name, _ in self.config_class._schema)
            raise OptionError(f"must be a mapping of options (name: value), not {shown(value)}",
                              f"its options are: {names}")
        config = self.config_class(config_file_path=self._config_file_path)
        config.load_dict(value)
        failed, warnings = config.validate()
        self.warnings.extend(f"Sub-option '{name}': {message}" for name, message in warnings)
        if failed:
            name, error = failed[0]
            inner = error if isinstance(error, OptionError) else OptionError(str(error))
            raise OptionError(inner.message, inner.hint, (name, *inner.names))
        return config


class PublisherConfig(Config):
    # The organisation named as the ClaimReview author and in the Atom feed.
    name = Text(default="Fact-check desk", may_be_empty=False, hint="leave it out for the default name")
    # Its home page.
    url = Text(optional=True, may_be_empty=False, hint="an address such as https://desk.example.org/")
    # An absolute URL of its logo.
    logo = Text(optional=True, may_be_empty=False, hint="an address such as https://desk.example.org/logo.png")


class FactCheckConfig(Config):
    # The editors' YAML, relative to mkdocs.yml.
    content_dir = Text(default="content", may_be_empty=False, hint="a folder relative to mkdocs.yml, such as content")
    # A folder replacing the package's page templates.
    templates_dir = Text(optional=True, hint="a folder relative to mkdocs.yml")
    # A site's own templates, used before the defaults.
    overrides_dir = Text(optional=True, hint="a folder relative to mkdocs.yml")
    # Who publishes the fact-checks.
    publisher = Section[PublisherConfig]()
    # Entries in the Atom feed: the latest fact-checks.
    feed_size = WholeNumber(minimum=1, maximum=FEED_SIZE_MAX, default=50,
                            hint="the number of latest fact-checks the Atom feed lists")
    # Hand-written page linked from the home page; "" for none.
    about_page = Text(default="about.md", hint="a page in docs_dir such as about.md, or '' for no link")
    # Corrections policy linked from every claim; "" for none.
    corrections_page = Text(default="corrections.md",
                            hint="a page in docs_dir such as corrections.md, or '' for no link")
    # Processes that read and render content; unset: one per core on large sites.
    jobs = WholeNumber(minimum=1, hint="leave it out for one process per CPU core on large sites")
    # A preview of claims and reports in draft or review (never for the published site).
    drafts = Flag(default=False, hint="true to show drafts in a preview; leave it out for the published site")
    # A share image (PNG) per claim and report, and for the site: og:image and ClaimReview's image.
    share_cards = Flag(default=True, hint="false to draw no share images (pages then offer no og:image)")
    # `mkdocs serve`: after a save that changes only content, render just the pages whose text changed.
    incremental = Flag(default=True, hint="false to have `mkdocs serve` rebuild the whole site after every save")
    # What answers the theme's search box: Material's single index, or Pagefind's chunked one
    # (generator.search); auto picks Pagefind from pagefind_from_pages pages on.
    search = OneOf(SEARCH_ENGINES, default="auto",
                   hint="auto (Pagefind on large sites), material or pagefind")
    # Material's index grows with the site and is downloaded whole before a first answer:
    # 1.4 MB at 133 pages, 13 MB at 1,191 (benchmarks/README.md); Pagefind's first answer stays near 0.35 MB.
    pagefind_from_pages = WholeNumber(minimum=1, default=PAGEFIND_FROM_PAGES,
                                      hint="the number of pages from which `search: auto` uses Pagefind")
    # How numbers and dates are written in the site's language: Western digits 0-9 (as most Arabic
    # news sites write them), or `native`, the language's own (Arabic-Indic digits in Arabic).
    digits = OneOf(DIGITS, default="latn", hint="latn for the digits 0-9, or native for the language's own digits")
    # The language edition this site is (mkdocs.ar.yml: ar): the content through content/translations/<edition>/.
    # Unset: the default edition, the content as written.
    edition = Language(hint="a folder of content/translations/, such as ar; leave it out for the default edition")


DRAFTS_VARIABLE = "FACTCHECK_DRAFTS"
_TRUTHY = frozenset({"1", "true", "yes", "on"})


def include_drafts(option: bool, *, serving: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a build shows drafts: when the `drafts` option or FACTCHECK_DRAFTS (1, true, yes or on)
    says so; otherwise under `mkdocs serve`, unless FACTCHECK_DRAFTS says otherwise (0: preview the
    site as it would be published)."""
    value = environ.get(DRAFTS_VARIABLE, "").strip().lower()
    if option or value in _TRUTHY:
        return True
    return serving and not value


def defaults() -> FactCheckConfig:
    """The options of a mkdocs.yml that sets none, validated as MkDocs does."""
    return validate_options({})[0]


def validate_options(options: dict[str, Any]) -> tuple[FactCheckConfig, list[tuple[str, ValidationError]],
                                                        list[tuple[str, str]]]:
    """The options validated, every failure (MkDocs stops at the first), and the warnings.

    Each failing option is set back to its default and the rest validated again, so that one run
    reports each bad option; the config returned is only usable when there are no failures.
    """
    failures: list[tuple[str, ValidationError]] = []
    while True:
        config = FactCheckConfig()
        config.load_dict({name: value for name, value in options.items() if name not in dict(failures)})
        failed, warnings = config.validate()
        failed = [(name, error) for name, error in failed if name not in dict(failures)]
        if not failed:
            return config, failures, warnings
        failures.extend(failed)
