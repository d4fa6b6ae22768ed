"""generator.shared_nav: the theme's navigation and tabs rendered once per folder for the pages
outside the navigation, with every page the same as when each page renders its own."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
import material

import generator

from generator.resources import THEME_OVERRIDES
from generator.shared_nav import GLOBAL, SharedNavigation, share_navigation
from sitebuild import FIXTURES, build_or_fail

MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials"


def pages_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_every_page_is_what_the_theme_renders_for_it_alone(tmp_path: Path) -> None:
    """The same site built again with the theme's own nav.html and tabs.html in the site's custom_dir
    (which comes before the package's overrides, so nothing is shared): every page byte for byte the
    same, the claim listed in the navigation (its own page shows it active) included."""
    own = tmp_path / "own-partials"
    (own / "partials").mkdir(parents=True)
    for name in ("nav.html", "tabs.html"):
        shutil.copy(MATERIAL_PARTIALS / name, own / "partials" / name)
    nav = [{"Home": "index.md"}, {"Fact-checks": "claims/index.md"},
           {"Featured": "claims/hospital-reopened.md"}, {"About": "about.md"}]
    sites = {}
    for name, theme in (("shared", {}), ("own", {"custom_dir": str(own)})):
        config = {"nav": nav, "theme": {"features": ["navigation.tabs"], **theme}}
        sites[name] = pages_of(build_or_fail(FIXTURES / "varied", tmp_path / name, extra_config=config))
    shared, alone = sites["shared"], sites["own"]
    assert shared.keys() == alone.keys() and len(shared) >= 30
    assert [path for path in shared if shared[path] != alone[path]] == []
    featured = shared["claims/hospital-reopened/index.html"].decode("utf-8")
    assert 'href="./" class="md-nav__link md-nav__link--active"' in featured
    other = shared["claims/curfew-lifted/index.html"].decode("utf-8")
    assert 'href="../hospital-reopened/" class="md-nav__link"' in other and "md-nav__link--active" not in other


def _nav(*urls: str) -> SimpleNamespace:
    return SimpleNamespace(pages=[SimpleNamespace(url=url) for url in urls])


def _page(url: str) -> SimpleNamespace:
    return SimpleNamespace(url=url)


def test_a_page_shares_with_its_folder_unless_it_or_a_page_below_it_is_in_the_navigation() -> None:
    shared = SharedNavigation(_nav("claims/", "claims/featured/", "about.html"), features=[])
    assert shared.folder(_page("claims/a/")) == shared.folder(_page("claims/b/")) == "claims/*/"
    assert shared.folder(_page("reports/a/")) == "reports/*/"
    assert shared.folder(_page("reports/X/")) == "reports/*/"
    assert shared.folder(_page("claims/a/embed/")) == "claims/a/*/"
    assert shared.folder(_page("top/")) == "*/"
    assert shared.folder(_page("claims/a.html")) == shared.folder(_page("claims/b.html")) == "claims/"
    assert shared.folder(_page("")) is None  # every listed page is below the home page
    assert shared.folder(_page("claims/featured/")) is None  # its own link is the active one
    assert shared.folder(_page("claims/")) is None  # a listed page is below it
    assert shared.folder(_page("about.html")) is None
    assert shared.folder(None) is None


def test_without_pages_in_the_navigation_the_home_page_shares_only_with_the_files_beside_it() -> None:
    shared = SharedNavigation(_nav(), features=[])
    assert shared.folder(_page("")) == shared.folder(_page("404.html")) == ""  # the same folder: the site's root
    assert shared.folder(_page("top/")) == "*/"  # one folder down: its links start with ../


def test_nothing_is_shared_when_the_navigation_holds_the_pages_contents_or_there_is_none() -> None:
    assert SharedNavigation(_nav("claims/"), features=["toc.integrate"]).folder(_page("claims/a/")) is None
    assert SharedNavigation(None, features=[]).folder(_page("claims/a/")) is None


def test_each_partial_is_rendered_once_per_folder() -> None:
    shared = SharedNavigation(_nav("claims/"), features=["navigation.tabs"])
    renderings: list[str] = []

    def caller(text: str):
        return lambda: renderings.append(text) or text

    got = [shared("nav", _page(url), caller=caller(f"nav of {url}")) for url in ("claims/a/", "claims/b/", "reports/a/")]
    got.append(shared("tabs", _page("claims/c/"), caller=caller("tabs of claims/c/")))
    got.append(shared("nav", _page("claims/"), caller=caller("nav of claims/")))
    assert got == ["nav of claims/a/", "nav of claims/a/", "nav of reports/a/", "tabs of claims/c/", "nav of claims/"]
    assert renderings == ["nav of claims/a/", "nav of reports/a/", "tabs of claims/c/", "nav of claims/"]
    assert shared("nav", _page("claims/"), caller=caller("again")) == "again"  # never kept for a page of its own


def test_the_theme_s_own_partials_are_reached_under_the_prefix_once(tmp_path: Path) -> None:
    """The loader reaches the theme folders after the package's overrides (so not a site's own
    custom_dir, nor the overrides' nav.html that calls it); a second build's setup adds no loader
    again and brings its own navigation."""
    custom = tmp_path / "custom"
    (custom / "partials").mkdir(parents=True)
    (custom / "partials" / "nav.html").write_text("the site's own", encoding="utf-8")
    theme = MATERIAL_PARTIALS.parent
    linked = Path(generator.__file__).parent / "site_templates" / "overrides"  # a link to it in a checkout
    dirs = [str(custom), str(linked), str(theme)]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(dirs))
    env.filters["url"] = str  # Material's templates use MkDocs' filter
    share_navigation(env, dirs, str(THEME_OVERRIDES), _nav("claims/"), features=["toc.integrate"])
    share_navigation(env, dirs, str(THEME_OVERRIDES), _nav("claims/"), features=[])
    assert env.get_template("partials/nav.html").filename == str(custom / "partials" / "nav.html")
    assert env.get_template("theme/partials/nav.html").filename == str(theme / "partials" / "nav.html")
    assert env.get_template("theme/partials/tabs.html").filename == str(theme / "partials" / "tabs.html")
    assert isinstance(env.loader, jinja2.ChoiceLoader)
    assert [type(loader) for loader in env.loader.loaders] == [jinja2.FileSystemLoader, jinja2.PrefixLoader]
    assert env.globals[GLOBAL].folder(_page("claims/a/")) == "claims/*/"


def test_a_theme_without_the_overrides_is_left_as_it_is(tmp_path: Path) -> None:
    """With another theme than Material the plugin adds no overrides, and nothing is shared."""
    loader = jinja2.FileSystemLoader([str(tmp_path)])
    env = jinja2.Environment(loader=loader)
    share_navigation(env, [str(tmp_path)], str(THEME_OVERRIDES), _nav("claims/"), features=[])
    assert env.loader is loader and GLOBAL not in env.globals


def test_the_overrides_call_the_shared_navigation_around_the_themes_partials() -> None:
    calls = []

    def shared(partial: str, page, *, caller) -> str:
        calls.append((partial, page))
        return f"[{partial}]"

    loader = jinja2.DictLoader({"theme/partials/nav.html": "nav", "theme/partials/tabs.html": "tabs"})
    env = jinja2.Environment(loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(THEME_OVERRIDES)), loader]))
    env.globals[GLOBAL] = shared
    page = _page("claims/a/")
    assert env.get_template("partials/nav.html").render(page=page).strip() == "[nav]"
    assert env.get_template("partials/tabs.html").render(page=page).strip() == "[tabs]"
    assert calls == [("nav", page), ("tabs", page)]
