"""What a page shows when it is shared or embedded: its Open Graph and Twitter card metadata, its
share card (generator.cards draws it), the feeds it links, and a claim's embed snippet.

Only published claims and reports get a share card and an embed page: a preview's drafts get neither.
Every value here is plain text; the theme's main.html escapes it for the page's head.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from .cards import DEFAULT_RATING_COLOR, HEIGHT, WIDTH, Card, ClaimCard, ReportCard, SiteCard, Tally
from .content import Content
from .feeds import claimant_feed_title, rating_feed_title, tag_feed_path, tag_feed_title, tag_slugs
from .kinds import CLAIMANTS, CLAIMS, RATINGS, REPORTS
from .model import Claim, Report
from .site import SITE_CARD_PATH, Site

EMBED_HEIGHT = 360  # pixels: the embed page's card at 320 px wide, with its longest claim shortened


def spoken_date(day: date, site: Site) -> str:
    return site.localizer.long_date(day)


def claim_card(claim: Claim, content: Content, site: Site) -> ClaimCard:
    rating = content.ratings[claim.verdict.rating]
    words = site.localizer
    return ClaimCard(claim=claim.claim, claimant=content.claimants[claim.claimant].name,
                     date=spoken_date(claim.date, site), verdict=rating.label,
                     color=rating.color or DEFAULT_RATING_COLOR, site_name=site.title,
                     # Translators: the caption above the verdict on a claim's share image (drawn in capitals).
                     verdict_caption=words.gettext("Our verdict"), comma=words.gettext(", "))


def report_card(report: Report, content: Content, site: Site) -> ReportCard:
    counts = Counter(content.claims[i].verdict.rating for i in report.claims
                     if content.claims[i].verdict and content.claims[i].verdict.rating)
    tally = tuple(Tally(r.label, r.color or DEFAULT_RATING_COLOR, counts[r.id], site.localizer.number(counts[r.id]))
                  for r in content.ratings.values() if counts[r.id])
    words = site.localizer
    total = sum(item.count for item in tally)
    return ReportCard(title=report.title, tally=tally, site_name=site.title,
                      # Translators: the captions of a report's share image (drawn in capitals).
                      caption=words.gettext("Report"),
                      count_caption=words.ngettext("%(n)s claim checked", "%(n)s claims checked", total))


def site_card(site: Site) -> SiteCard:
    return SiteCard(site_name=site.title, description=site.description)


def planned_cards(content: Content, site: Site) -> list[tuple[str, Card]]:
    """Each share card to draw, with its path in the site: one per published claim and report, and
    the site's. None when the site draws no cards."""
    if not site.share_cards:
        return []
    cards: list[tuple[str, Card]] = [(SITE_CARD_PATH, site_card(site))]
    cards += [(CLAIMS.share_image_path(c.id), claim_card(c, content, site))
              for c in content.claims.values() if c.is_published]
    cards += [(REPORTS.share_image_path(r.id), report_card(r, content, site))
              for r in content.reports.values() if r.is_published]
    return cards


def _image(path: str, alt: str, site: Site) -> dict[str, Any]:
    if not site.share_cards or not site.site_url:
        return {}  # Open Graph wants an absolute address
    return {"image": site.absolute(path), "image_width": WIDTH, "image_height": HEIGHT, "image_alt": alt}


def page_social(title: str, description: str | None, site: Site) -> dict[str, Any]:
    """A page that is not an article: the site's card."""
    return {"title": title, "description": description or site.description, "type": "website",
            **_image(SITE_CARD_PATH, f"{site.title}: {site.description}", site)}


def claim_social(claim: Claim, content: Content, site: Site) -> dict[str, Any]:
    words = site.localizer
    title = words.gettext("Fact-check: %(claim)s", claim=claim.claim)
    if not claim.is_published:
        return {"title": title, "description": site.description, "type": "website"}
    rating = content.ratings[claim.verdict.rating]
    claimant = content.claimants[claim.claimant].name
    alt = words.gettext("%(verdict)s: \u201c%(claim)s\u201d, said by %(claimant)s on %(date)s. %(site)s", verdict=rating.label,
                        claim=claim.claim, claimant=claimant, date=spoken_date(claim.date, site), site=site.title)
    return {"title": title, "description": claim.verdict.summary, "type": "article",
            "published": claim.verdict.published.isoformat(), "modified": claim.last_updated.isoformat(),
            **_image(CLAIMS.share_image_path(claim.id), alt, site)}


def report_social(report: Report, description: str, content: Content, site: Site) -> dict[str, Any]:
    words = site.localizer
    title = words.gettext("Report: %(title)s", title=report.title)
    if not report.is_published:
        return {"title": title, "description": description, "type": "website"}
    card = report_card(report, content, site)
    counts = words.gettext(", ").join(f"{item.label} {item.shown_count}" for item in card.tally)
    alt = words.gettext("Report: %(title)s. Verdicts: %(counts)s. %(site)s", title=report.title,
                        counts=counts or words.gettext("none yet"), site=site.title)
    return {"title": title, "description": description, "type": "article",
            "published": report.published.isoformat(), "modified": report.published.isoformat(),
            **_image(REPORTS.share_image_path(report.id), alt, site)}


def feed_link(title: str, path: str, label: str = "") -> dict[str, str]:
    """An autodiscovery <link> of a page: its title and the feed's path from the site root (and what
    a list of feeds calls it)."""
    return {"title": title, "href": path, "label": label} if label else {"title": title, "href": path}


def claimant_feed_link(claimant, site: Site) -> dict[str, str]:
    return feed_link(claimant_feed_title(claimant, site), CLAIMANTS.feed_path(claimant.id))


def rating_feed_link(rating, site: Site) -> dict[str, str]:
    return feed_link(rating_feed_title(rating, site), RATINGS.feed_path(rating.id))


def tag_feed_links(content: Content, site: Site) -> list[dict[str, str]]:
    tags = sorted({tag for claim in content.claims.values() if claim.is_published for tag in claim.tags})
    slugs = tag_slugs(tags)
    return [feed_link(tag_feed_title(tag, site), tag_feed_path(slugs[tag]), tag) for tag in tags]


@dataclass(frozen=True)
class EmbedSnippet:
    """The <iframe> code another site pastes to show a claim's embeddable card."""

    code: str  # the code itself
    html: str  # the code as the claim page shows it: escaped, with the claim's text isolated in <bdi>


def embed_snippet(claim: Claim, site: Site) -> EmbedSnippet | None:
    """The claim's snippet; None without the site's address, which the snippet needs (or for a claim
    not published)."""
    if not site.site_url or not claim.is_published:
        return None
    source = html.escape(site.absolute(site.url(CLAIMS.embed_path(claim.id))))
    title = html.escape(site.localizer.gettext("Fact-check: %(claim)s", claim=claim.claim))
    before = f'<iframe src="{source}" title="'
    after = f'" width="100%" height="{EMBED_HEIGHT}" style="max-width: 36rem; border: 0;" loading="lazy"></iframe>'
    # Isolated, a right-to-left claim keeps to itself instead of reordering the code around it.
    shown = f"{html.escape(before)}<bdi>{html.escape(title)}</bdi>{html.escape(after)}"
    return EmbedSnippet(before + title + after, shown)


__all__ = ["claim_card", "EmbedSnippet", "claim_social", "embed_snippet", "page_social", "planned_cards", "report_card",
           "report_social", "site_card", "tag_feed_links"]
