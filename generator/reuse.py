"""A preview's pages, kept from one build to the next: a save renders again only the pages that
can differ.

Rendering every page is most of a preview's save at 10,000 claims (benchmarks/preview.py), and a
save changes one claim or a few. Most pages are given only what they show (pages.Page `reusable`:
a claim page gets its claim, claimant, rating, sources, reports and related claims). Such a page's
text, and a claim's ClaimReview, depend on that context, on the templates and the site's settings,
and on the content other than claims, reports, claimants and sources (the ratings, and any kind
added later): all of it is compared here, mostly by identity, since loading keeps the objects of
files that did not change (content.FileChecks). Share cards, the feeds of a claimant, rating or tag, and
the sources page (pages.Page `shows`) are kept the same way, by what they show.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .content import Content
from .site import Site

# Content compared page by page, through each page's context; the rest of Content is compared as a whole.
_PER_PAGE = frozenset({"claims", "reports", "claimants", "sources"})
# Not content: where the files are, and a value computed from the ratings.
_NOT_CONTENT = frozenset({"root", "paths", "_scale"})


@dataclass
class ReusedPages:
    """What each file was made into (a page's rendering, a share card), by path, with the state it was made from."""

    shared: tuple = ()
    entries: dict[str, tuple[tuple, Any]] = field(default_factory=dict)
    reused: int = 0  # pages taken from the last build, in the last one

    def start(self, content: Content, site: Site, environment: object) -> None:
        """Begin a build: what every page depends on changed, then nothing is reused."""
        # Each kind's entities in order (the ratings' order is the scale's), ids aside: each holds its own.
        shared = (environment, site, *(tuple(getattr(content, f.name).values()) for f in fields(content)
                                       if f.name not in _PER_PAGE | _NOT_CONTENT))
        if shared != self.shared:
            self.entries.clear()
            self.shared = shared
        self.reused = 0

    def get(self, path: str, state: tuple) -> Any:
        """What the page rendered to, if it was rendered from an equal state; else None."""
        entry = self.entries.get(path)
        if entry is None or entry[0] != state:
            return None
        self.reused += 1
        return entry[1]

    def put(self, path: str, state: tuple, rendered: Any) -> None:
        self.entries[path] = (state, rendered)

    def keep_only(self, paths: set[str]) -> None:
        """Forget the pages this build no longer has (a claim deleted or renamed)."""
        for path in self.entries.keys() - paths:
            del self.entries[path]
