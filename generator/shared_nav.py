"""Material's navigation and tabs rendered once per folder for the pages outside the navigation.

Every page of a site carries the whole navigation (sidebar and tabs): a third of the theme's
rendering of a generated page. A page outside the navigation has nothing in it marked active,
and its links differ from those of the other pages in its folder only where a link leads to the
page itself or below it, so the pages of a folder share one rendering. The package's
overrides partials/nav.html and partials/tabs.html call this around the theme's own partials,
which the wrapped loader reaches as THEME_PREFIX + their name.
"""

from __future__ import annotations

import os.path
import posixpath
from collections.abc import Callable, Sequence

import jinja2
from markupsafe import Markup
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

THEME_PREFIX = "theme/"  # "theme/partials/nav.html": the theme's own partial, under the overrides'
GLOBAL = "factcheck_shared_nav"  # what the overrides call


class SharedNavigation:
    def __init__(self, nav: Navigation | None, features: Sequence[str]) -> None:
        self._nav_urls = [page.url for page in nav.pages] if nav is not None else []
        # With toc.integrate the navigation holds the page's own contents.
        self._shared = nav is not None and "toc.integrate" not in features
        self._rendered: dict[tuple[str, str], str] = {}

    def __call__(self, partial: str, page: Page | None, *, caller: Callable[[], str]) -> str:
        folder = self.folder(page)
        if folder is None:
            return caller()
        key = (partial, folder)
        if key not in self._rendered:
            self._rendered[key] = caller()
        return Markup(self._rendered[key])

    def folder(self, page: Page | None) -> str | None:
        """The pages whose links are all written alike ("claims/*/": every page in a folder of
        claims/; "claims/": the files in claims/), or None when the page's navigation is its own:
        the page, or a page below it, is in the navigation."""
        if page is None or not self._shared:
            return None
        url = page.url
        if any(listed.startswith(url) for listed in self._nav_urls):
            return None
        if url.endswith("/"):
            return posixpath.join(posixpath.dirname(url.rstrip("/")), "*", "")
        return posixpath.join(posixpath.dirname(url), "")  # "" for the home page and the files beside it


def share_navigation(env: jinja2.Environment, theme_dirs: Sequence[str], overrides: str, nav: Navigation | None,
                     features: Sequence[str]) -> None:
    """env reaches the theme's own templates (those after the overrides) by THEME_PREFIX, and the
    overrides' navigation partials share their renderings."""
    real = [os.path.realpath(folder) for folder in theme_dirs]
    if os.path.realpath(overrides) not in real:
        return  # another theme than Material: the overrides, and so their partials, are not used
    after = list(theme_dirs)[real.index(os.path.realpath(overrides)) + 1:]
    underlying = jinja2.PrefixLoader({THEME_PREFIX.rstrip("/"): jinja2.FileSystemLoader(after)}, delimiter="/")
    if env.loader is not None and not _reaches(env.loader):
        env.loader = jinja2.ChoiceLoader([env.loader, underlying])
    env.globals[GLOBAL] = SharedNavigation(nav, features)


def _reaches(loader: jinja2.BaseLoader) -> bool:
    return isinstance(loader, jinja2.ChoiceLoader) and any(isinstance(each, jinja2.PrefixLoader) for each in loader.loaders)
