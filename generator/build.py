"""The build, as named steps: load → check → leave out drafts → plan pages → render → feeds.

`build_site` is what the MkDocs plugin and the command line both run. It owns the build's
settings and its speed work: the processes that share loading and rendering
(generator.parallel) and the collector's pause (generator.bulk), so that no caller passes
them along.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import media
from .bulk import collector_paused, thaw
from .cards import CARD_CACHE, Card, CardCache, CardError, card_png, find_fonts
from .claimreview import claim_review_json, claim_review_script, data_feed_utf8, json_ld_script, media_review
from .content import Content, FileChecks, load_content, newest_first
from .editions import DEFAULT_LANGUAGE, edition_view
from .feeds import atom_feed, corrections_feed, subject_feeds
from .kinds import CLAIMS, TRANSLATIONS_FOLDER
from .pages import HOME_LATEST, RATINGS_CSS_PATH, Page, plan_pages
from .parallel import map_shared
from .problems import Problem, Problems
from .render import GeneratedFile, RenderedPage, Renderer
from .resources import PAGE_TEMPLATES
from .reuse import ReusedPages
from .sharing import planned_cards
from .site import CLAIMREVIEW_FEED_PATH, CORRECTIONS_FEED_PATH, FEED_PATH, Site
from .translations import language_name

__all__ = ["Build", "Settings", "SharedPathError", "build_site", "problems_page", "render_content", "thaw"]


@dataclass(frozen=True)
class Settings:
    """How to build: the templates, and how much of the machine to use."""

    templates: Path = PAGE_TEMPLATES
    overrides: Path | None = None  # a site's own templates, used before `templates`
    jobs: int | None = None  # processes that load and render; None: one per core on large sites
    # A preview: claims and reports in draft or review get pages too, marked as such (never
    # ClaimReview or feed entries). Otherwise they are left out of everything (Content.published).
    drafts: bool = False
    # A host that keeps running after the build (MkDocs) keeps the build's objects out of the
    # collector's walks until it calls thaw().
    keep_frozen: bool = False
    # The site's settings file (mkdocs.yml), which problems with the build's settings point at.
    config_file: Path | None = None
    # Where share cards are kept between builds, by the hash of what they show (None: drawn every time).
    card_cache: Path | None = None

    @staticmethod
    def card_cache_of(config_file: Path) -> Path:
        """The cache folder of the site configured by config_file: .cache/share-cards beside it."""
        return config_file.parent / CARD_CACHE


@dataclass
class Build:
    """What a build made: the files (none when the content has errors), every content problem,
    and each claim's ClaimReview JSON (UTF-8) by claim id."""

    files: list[GeneratedFile]
    problems: Problems
    reviews: dict[str, bytes] = field(default_factory=dict)
    # The latest published fact-checks (title, site-relative URL, verdict), for the theme's 404 page.
    latest: list[dict[str, str]] = field(default_factory=list)
    # Each rating's id by its label, which a claim's ClaimReview names (generator.search colours badges with it).
    rating_ids: dict[str, str] = field(default_factory=dict)
    # With translations: the generated pages (docs-relative .md paths) of every language edition, the default first.
    edition_pages: dict[str, frozenset[str]] = field(default_factory=dict)


class SharedPathError(ValueError):
    """Two generated pages would be written to one path (validation refuses the ids that could)."""


def build_site(content_dir: Path, site: Site, settings: Settings = Settings(), checks: FileChecks | None = None,
               reuse: ReusedPages | None = None) -> Build:
    """Load and check content_dir; when it has no errors, render every page and feed.

    `checks` keeps each file's check, and `reuse` the claim pages, for the next build of the same
    folder (a preview's).
    """
    with collector_paused(freeze=settings.keep_frozen):
        content, problems = load_content(Path(content_dir), settings.jobs, checks)
        if problems.errors:
            return Build([], problems)
        if site.share_cards:
            try:
                find_fonts()
            except CardError as error:
                where = str(settings.config_file) if settings.config_file else "mkdocs.yml"
                problems.add(Problem(where, 1, 1, str(error), "install Debian's fonts-dejavu-core (`make site` does), "
                                     "or set the factcheck plugin's option share_cards: false"))
                return Build([], problems)
        if site.edition is not None:
            if site.edition not in content.translations:
                problems.add(_no_translations(content_dir, site, settings))
                return Build([], problems)
            shown = edition_view(content, site.edition)
        else:
            shown = content
        files, reviews = render_content(shown if settings.drafts else shown.published(), site, settings, reuse)
        rating_ids = {rating.label: rating.id for rating in reversed(list(shown.ratings.values()))}
        return Build(files, problems, reviews, latest_fact_checks(shown.published(), site), rating_ids,
                     _edition_pages(content, site, files))


def _no_translations(content_dir: Path, site: Site, settings: Settings) -> Problem:
    where = str(settings.config_file) if settings.config_file else "mkdocs.yml"
    return Problem(where, 1, 1, f"the {language_name(site.edition)} edition has no translations: "
                                f"{Path(content_dir, TRANSLATIONS_FOLDER, site.edition).as_posix()}/ does not exist",
                   f"translate the content there (docs/content-format.md), or correct the factcheck plugin's option "
                   f"edition: {site.edition}")


def _edition_pages(content: Content, site: Site, files: list[GeneratedFile]) -> dict[str, frozenset[str]]:
    """The pages of each edition, for the links between them: the default's first, then each language of
    content/translations/ (none without translations). Each planned from what a publishing build shows."""
    if not content.translations:
        return {}
    published = content.published()
    pages = {}
    for language in (None, *sorted(content.translations)):
        if language == site.edition:
            pages[language or DEFAULT_LANGUAGE] = frozenset(f.path for f in files if f.path.endswith(".md"))
            continue
        shown = edition_view(published, language) if language else published
        pages[language or DEFAULT_LANGUAGE] = frozenset(page.path for page in plan_pages(shown, site))
    return pages


def latest_fact_checks(published: Content, site: Site) -> list[dict[str, str]]:
    rows = []
    for claim in newest_first(published.claims.values())[:HOME_LATEST]:
        rows.append({"title": claim.claim, "url": site.url(CLAIMS.page_path(claim.id)),
                     "verdict": published.ratings[claim.verdict.rating].label})
    return rows


def problems_page(problems: Iterable[object], settings: Settings = Settings()) -> GeneratedFile:
    """A home page listing content errors, for a preview that cannot build the site yet."""
    return Renderer(settings.overrides, settings.templates).render_problems(problems)


def render_content(content: Content, site: Site, settings: Settings = Settings(),
                   reuse: ReusedPages | None = None) -> tuple[list[GeneratedFile], dict[str, bytes]]:
    """Every generated file of valid content (the pages, the ratings stylesheet, then the feeds),
    and each published claim's ClaimReview JSON by claim id. The feeds hold only published claims,
    whatever else the content holds. With `reuse`, the pages it kept from an equal state are not
    rendered again, and the ones rendered are kept in it."""
    with collector_paused():
        published = content.published()
        renderer = Renderer(settings.overrides, settings.templates, directory_urls=site.directory_urls,
                            headings=site.headings, language=site.language, digits=site.digits)
        renderer.render_badges_once(content.ratings.values())
        pages = plan_pages(content, site)
        _refuse_shared_paths(pages)
        if reuse is not None:
            reuse.start(content, site, renderer.environment)
        cache = CardCache(settings.card_cache)
        # Each file to make: its path, what it is made from when a preview may reuse it, and the task that makes it.
        work: list[tuple[str, tuple | None, Task]] = [
            (page.path, _reuse_state(page) if reuse is not None and (page.reusable or page.shows is not None) else None,
             _ClaimTask(renderer, page, content, site) if page.claim is not None else _PageTask(renderer, page))
            for page in pages]
        work += [(path, (card, settings.card_cache) if reuse is not None else None, _CardTask(path, card, cache))
                 for path, card in planned_cards(published, site)]
        work.append((RATINGS_CSS_PATH, None, _FileTask(RATINGS_CSS_PATH, renderer.render_ratings_css, content)))
        # A claimant's, rating's or tag's feed shows its claims (the ratings and the site are compared by `reuse`).
        work += [(feed.path, (feed,) if reuse is not None else None, _FileTask(feed.path, atom_feed, published, site, feed))
                 for feed in subject_feeds(content, site)]
        work += [(task.path, None, task) for task in (
            _FileTask(FEED_PATH, atom_feed, published, site),
            _FileTask(CORRECTIONS_FEED_PATH, corrections_feed, published, site))]
        tasks: list[Task] = []
        kept: list[Rendered | None] = []  # per file: what the last build made of it, or None
        states: dict[str, tuple] = {}  # the state of each reusable file made now
        for path, state, task in work:
            if reuse is not None and state is not None:
                if (made_before := reuse.get(path, state)) is not None:
                    kept.append(made_before)
                    continue
                states[path] = state
            kept.append(None)
            tasks.append(task)
        # Most costly first (the feed and the indexes cover every claim), so that no process is
        # left with one of them at the end while the others wait.
        new = iter(map_shared(_run_all, tasks[::-1], settings.jobs)[::-1])
        rendered = [before if before is not None else next(new) for before in kept]
        if reuse is not None:
            for file, review in rendered:
                if file.path in states:
                    reuse.put(file.path, states[file.path], (file, review))
            reuse.keep_only({path for path, state, _ in work if state is not None})
        reviews = dict(review for _, review in rendered if review is not None)
        files = [file for file, _ in rendered]
        return [*files, GeneratedFile(CLAIMREVIEW_FEED_PATH, data_feed_utf8(published, site, reviews)),
                *screenshot_files(content)], reviews


def screenshot_files(content: Content) -> list[GeneratedFile]:
    """The screenshots of the claims shown, copied into the site as they are (checked when loaded)."""
    files = dict.fromkeys(claim.media.screenshot.file for claim in content.claims.values()
                          if claim.media and claim.media.screenshot)
    return [GeneratedFile(media.site_path(file), media.file_path(content.root, file).read_bytes()) for file in sorted(files)]


# A generated file and, for a claim's page, (claim id, its ClaimReview JSON in UTF-8), which the
# DataFeed gathers: each review is made once, by whichever process renders the claim's page.
Rendered = tuple[GeneratedFile, "tuple[str, bytes] | None"]
Task = Callable[[], Rendered]


@dataclass
class _PageTask:
    renderer: Renderer
    page: Page

    def __call__(self) -> Rendered:
        return _file(self.page, self.renderer.render_page(self.page)), None


@dataclass
class _ClaimTask:
    renderer: Renderer
    page: Page
    content: Content
    site: Site

    def __call__(self) -> Rendered:
        claim = self.page.claim
        assert claim is not None
        review = claim_review_json(claim, self.content, self.site)
        json_ld = claim_review_script(review)
        if claim.media is not None:  # the image or video reviewed too, beside the claim
            json_ld += json_ld_script(media_review(claim, self.content, self.site))
        rendered = self.renderer.render_page(self.page, json_ld=json_ld)
        return _file(self.page, rendered), (claim.id, review.encode("utf-8"))


@dataclass
class _CardTask:
    path: str
    card: Card
    cache: CardCache

    def __call__(self) -> Rendered:
        png, _ = card_png(self.card, self.cache)
        return GeneratedFile(self.path, png), None


class _FileTask:
    def __init__(self, path: str, make: Callable[..., str], *args: object) -> None:
        self.path, self.make, self.args = path, make, args

    def __call__(self) -> Rendered:
        return GeneratedFile(self.path, self.make(*self.args).encode("utf-8")), None


def _reuse_state(page: Page) -> tuple:
    """What a reusable page's text is made from (its deferred context computed now, and kept)."""
    if page.shows is not None:
        return page.template, page.updated, page.source, page.shows
    if page.deferred is not None:
        page.context, page.deferred = page.context | page.deferred(), None
    return page.template, page.updated, page.source, tuple(sorted(page.context.items()))


def _file(page: Page, rendered: RenderedPage) -> GeneratedFile:
    return GeneratedFile(page.path, rendered.text.encode("utf-8"), page.source, page.updated, rendered.toc)


def _run_all(tasks: list[Task]) -> list[Rendered]:
    return [task() for task in tasks]


def _refuse_shared_paths(pages: list[Page]) -> None:
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            raise SharedPathError(f"two generated pages would be written to {page.path}")
        seen.add(page.path)
