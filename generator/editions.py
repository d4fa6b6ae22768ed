"""Language editions: the content as one edition shows it, and where each page is in every edition.

The default edition shows the content as written (in the site's default language, English). Another
edition (the plugin option `edition: ar`) shows a translated view of it (`edition_view`): every text
field replaced by its translation (generator.translations); the claims and reports without one left
out; claimants, sources, people and the organisation without one kept as written, their text marked
as in the original's language (`InLanguage`), which the pages write as `lang="en"`. Everything else
(ids, dates, ratings' values and colours, addresses) is the original's, so every page kind renders
from the view as from the original.

Each edition is a site of its own, at `<default site_url><language>/` (mkdocs.ar.yml): `Editions`
knows which pages each edition has, for the pages' `hreflang` links and the language selector.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from .content import Content
from .kinds import CLAIMS, REPORTS
from .model import (Claim, Claimant, ClaimTranslation, Contact, Evidence, Media, Organisation, Person, Rating, Report,
                    Screenshot, Source)
from .site import page_url
from .translations import Translation, language_name

DEFAULT_LANGUAGE = "en"  # the language content/ is written in (docs/content-format.md)


class InLanguage(str):
    """Text in another language than the page's (a name kept as published): the page marks it with `lang`."""

    lang: str

    def __new__(cls, text: str, lang: str) -> InLanguage:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __reduce__(self) -> tuple:  # pickled with its language, for the processes that render pages
        return InLanguage, (str(self), self.lang)


@functools.lru_cache(maxsize=64)
def text_direction(language: str) -> str:
    """ltr or rtl, as CLDR gives the language's script."""
    try:
        return Locale.parse(language, sep="-").text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"


def edition_view(content: Content, language: str, original_language: str = DEFAULT_LANGUAGE) -> Content:
    """The content as the edition in `language` shows it (see the module's description)."""
    translation = content.translations.get(language) or Translation(language)
    kept = _Original(original_language)
    view = Content(root=content.root)
    view.translations = content.translations
    view.ratings = {id: _rating(rating, translation) for id, rating in content.ratings.items()}
    view.claimants = {id: _claimant(claimant, translation, kept) for id, claimant in content.claimants.items()}
    view.sources = {id: _source(source, translation, kept) for id, source in content.sources.items()}
    view.people = {id: _person(person, kept) for id, person in content.people.items()}
    view.organisation = {id: _organisation(organisation, kept) for id, organisation in content.organisation.items()}
    view.claims = {id: _claim(claim, translation.claims[id], kept)
                   for id, claim in content.claims.items() if id in translation.claims}
    view.reports = {id: _report(report, translation, view.claims)
                    for id, report in content.reports.items() if id in translation.reports}
    view.paths = {key: path for key, path in content.paths.items()
                  if key[0] not in (CLAIMS.name, REPORTS.name) or key[1] in getattr(view, key[0])}
    # "Edit this page" opens the translation, where the edition's text is.
    view.paths.update({key: path for key, path in translation.paths.items()
                       if key[0] in (CLAIMS.name, REPORTS.name) and key[1] in getattr(view, key[0])})
    return view


@dataclass(frozen=True)
class _Original:
    """Text kept as written, marked as in the original's language."""

    language: str

    def __call__(self, text: str | None) -> str | None:
        return None if text is None else InLanguage(text, self.language)


def _rating(rating: Rating, translation: Translation) -> Rating:
    translated = translation.ratings[rating.id]  # every rating has one: the loader refuses an edition without
    return rating.model_copy(update={"label": translated.label, "description": translated.description})


def _claimant(claimant: Claimant, translation: Translation, kept: _Original) -> Claimant:
    translated = translation.claimants.get(claimant.id)
    if translated is None:
        return claimant.model_copy(update={"name": kept(claimant.name), "description": kept(claimant.description)})
    return claimant.model_copy(update={"name": translated.name, "description": translated.description})


def _source(source: Source, translation: Translation, kept: _Original) -> Source:
    translated = translation.sources.get(source.id)
    update: dict[str, Any] = {"original_publisher": kept(source.original_publisher)}
    if translated is None:
        update |= {"title": kept(source.title), "publisher": kept(source.publisher)}
    else:
        update |= {"title": translated.title, "publisher": translated.publisher or kept(source.publisher)}
    return source.model_copy(update=update)


def _person(person: Person, kept: _Original) -> Person:
    return person.model_copy(update={
        "name": kept(person.name), "role": kept(person.role), "background": kept(person.background),
        "languages": [kept(language) for language in person.languages],
        "links": [link.model_copy(update={"title": kept(link.title)}) for link in person.links]})


def _organisation(organisation: Organisation, kept: _Original) -> Organisation:
    contact: Contact | None = organisation.contact
    if contact is not None:
        contact = contact.model_copy(update={"tip_line": kept(contact.tip_line), "address": kept(contact.address)})
    funders = [funder.model_copy(update={"name": kept(funder.name), "amount": kept(funder.amount),
                                         "band": kept(funder.band), "purpose": kept(funder.purpose)})
               for funder in organisation.funders]
    return organisation.model_copy(update={
        "name": kept(organisation.name), "note": kept(organisation.note), "mission": kept(organisation.mission),
        "independence": kept(organisation.independence), "funders": funders, "contact": contact})


def _claim(claim: Claim, translated: ClaimTranslation, kept: _Original) -> Claim:
    verdict = claim.verdict
    if verdict is not None:
        shown = translated.verdict
        verdict = verdict.model_copy(update={
            "summary": shown.summary if shown else None,
            "analysis": shown.analysis if shown else None,  # never the original's: nothing, untranslated
            "evidence": [_evidence(item, translated, kept) for item in verdict.evidence]})
    media: Media | None = claim.media
    if media is not None:
        screenshot: Screenshot | None = media.screenshot
        if screenshot is not None:
            screenshot = screenshot.model_copy(update={"alt": kept(screenshot.alt)})
        media = media.model_copy(update={"context": kept(media.context), "screenshot": screenshot})
    history = [entry.model_copy(update={"note": kept(entry.note)}) for entry in claim.history]
    return claim.model_copy(update={"claim": translated.claim, "context": translated.context, "verdict": verdict,
                                    "media": media, "history": history})


class TranslatedEvidence(Evidence):
    """An item of evidence in an edition: its quote may be our translation of the source's words."""

    quote_is_translation: bool = False


def _evidence(item: Evidence, translated: ClaimTranslation, kept: _Original) -> Evidence:
    shown = translated.evidence.get(item.source)
    if shown is None:
        return TranslatedEvidence.model_construct(source=item.source, quote=kept(item.quote), note=kept(item.note),
                                                  quote_is_translation=False)
    # Constructed, not validated: validation would make the text marked as the original's plain text again.
    return TranslatedEvidence.model_construct(
        source=item.source, quote=shown.quote if shown.quote is not None else kept(item.quote),
        note=shown.note if shown.note is not None else kept(item.note),
        quote_is_translation=shown.quote is not None and shown.quote_is_translation)


def _report(report: Report, translation: Translation, claims: Mapping[str, Claim]) -> Report:
    translated = translation.reports[report.id]
    return report.model_copy(update={"title": translated.title, "summary": translated.summary,
                                     "claims": [id for id in report.claims if id in claims]})


# --- the editions of a site, and where each page is in each ------------------------------------

@dataclass(frozen=True)
class Edition:
    language: str
    root: str  # its site_url ("" when unknown: then only relative links are made)
    prefix: str  # its folder below the default edition's site: "" or "ar/"
    pages: frozenset[str] = frozenset()  # the docs-relative .md paths of its pages

    @property
    def name(self) -> str:
        """The language's name in itself, as a language selector shows it: English, العربية."""
        return language_name(self.language, self.language)


@dataclass(frozen=True)
class Editions:
    """Every edition of the site (the default first) and the one being built."""

    current: str
    all: tuple[Edition, ...] = field(default_factory=tuple)
    directory_urls: bool = True

    @property
    def default(self) -> Edition:
        return self.all[0]

    def of(self, language: str) -> Edition:
        return next(edition for edition in self.all if edition.language == language)

    def alternates(self, path: str) -> list[tuple[str, str]]:
        """(hreflang, absolute URL) of the page at `path` in every edition that has it, and x-default
        (the default edition's); none when only one edition has it, or the addresses are unknown."""
        having = [edition for edition in self.all if path in edition.pages]
        if len(having) < 2 or not all(edition.root for edition in having):
            return []
        links = [(edition.language, edition.root + self._url(path)) for edition in having]
        if self.default in having:
            links.append(("x-default", self.default.root + self._url(path)))
        return links

    def selector(self, path: str | None) -> list[dict[str, str]]:
        """Each edition as the language selector offers it from the page at `path`: a link relative to
        the page, to the same page in that edition when it has it, else to its home. From a page of the
        theme (None: 404.html, served at any address), each edition's home, absolute when known."""
        here = self.of(self.current)
        links = []
        for edition in self.all:
            if path is None:
                link = edition.root or _relative(edition.prefix, here.prefix)
            else:
                target = self._url(path) if path in edition.pages else ""
                link = _relative(edition.prefix + target, here.prefix + self._url(path))
            links.append({"name": edition.name, "lang": edition.language, "link": link,
                          "current": edition.language == self.current})
        return links

    def _url(self, path: str) -> str:
        url = page_url(path)
        if not self.directory_urls and url and not url.endswith(".html"):
            return url.rstrip("/") + ".html"
        return url


def _relative(target: str, current: str) -> str:
    """A link from the page at URL `current` (site-relative, of the default edition's site) to `target`."""
    folder = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    relative = posixpath.relpath("/" + target, "/" + folder)
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/" if relative != "." else "./"
    return relative


def edition_roots(site_url: str, edition: str | None, languages: Iterable[str]) -> dict[str, str]:
    """Each edition's site_url, from the one being built: editions live at `<default site_url><language>/`."""
    if not site_url:
        return {language: "" for language in languages}
    root = site_url if site_url.endswith("/") else site_url + "/"
    if edition:
        root = root.removesuffix(f"{edition}/")
    return {language: root if index == 0 else f"{root}{language}/" for index, language in enumerate(languages)}


def hand_written_pages(docs_dir: Path, left_out: set[str]) -> set[str]:
    """The Markdown pages of a docs folder (docs-relative paths), but those in its folders named in left_out
    (the default edition's docs/ holds each other edition's docs/<language>/)."""
    if not docs_dir.is_dir():
        return set()
    pages = set()
    for path in docs_dir.rglob("*.md"):
        relative = path.relative_to(docs_dir)
        if relative.parts[0] not in left_out and not any(part.startswith(".") for part in relative.parts):
            pages.add(relative.as_posix())
    return pages
