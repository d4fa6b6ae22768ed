"""The Atom 1.0 feeds, built with ElementTree: the latest fact-checks (the site's, feed.xml, and one
per claimant, per rating and per tag), and the corrections and updates log (corrections.xml).

Editors' text only ever reaches the XML as element text or attribute values, which
ElementTree escapes; characters XML 1.0 cannot carry at all are dropped first.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date as Date
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from .content import Content
from .integrity import LoggedEntry, history_log
from .kinds import CLAIMANTS, CLAIMS, RATINGS
from .model import Claim
from .site import CORRECTIONS_FEED_PATH, CORRECTIONS_LOG_PATH, FEED_PATH, Site

TAG_FEED = "feed-tag-{slug}.xml"  # at the root, as the claimants' and ratings' (generator.kinds)

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = Date(1970, 1, 1)
# The date part of the feed's tag: URI. Fixed, because a feed id must never change
# (one taken from the content would move whenever an older fact-check is imported).
FEED_TAG_DATE = "2000"

# Everything outside XML 1.0's Char production: C0 controls other than tab, newline and
# carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Feed:
    """One feed of some of the claims: where it is, its title, and the page listing the same claims."""

    path: str  # relative to the site root, like page_url's URLs
    title: str
    page: str  # the page's site-relative URL ("" for the home page)
    claims: tuple[Claim, ...] | None = None  # None: every claim


def claimant_feed_title(claimant, site: Site) -> str:
    return site.localizer.gettext("%(publisher)s: fact-checks of %(name)s", publisher=site.publisher.name, name=claimant.name)


def rating_feed_title(rating, site: Site) -> str:
    return site.localizer.gettext("%(publisher)s: claims rated %(rating)s", publisher=site.publisher.name, rating=rating.label)


def tag_feed_title(tag: str, site: Site) -> str:
    return site.localizer.gettext("%(publisher)s: fact-checks tagged %(tag)s", publisher=site.publisher.name, tag=tag)


def history_kind_name(kind: str, site: Site) -> str:
    """A history entry's kind as readers see it: Correction, Update, Clarification."""
    words = site.localizer
    names = {"correction": words.gettext("Correction"), "update": words.gettext("Update"),
             "clarification": words.gettext("Clarification")}
    return names.get(kind, kind.capitalize())


def atom_feed(content: Content, site: Site, subject: Feed | None = None) -> str:
    """The Atom feed of the latest `site.feed_size` fact-checks, newest update first: of the whole
    site, or of the claims of one claimant, rating or tag (`subject`)."""
    if subject is None:
        subject = Feed(FEED_PATH, site.localizer.gettext("%(publisher)s: fact-checks", publisher=site.publisher.name), "")
        claims = latest_claims(content, site.feed_size)
        identity = feed_id(site)
    else:
        claims = _latest(subject.claims or (), site.feed_size)
        identity = site.absolute(subject.path) if site.site_url else _tag_uri(site, FEED_TAG_DATE, subject.path)
    feed = Element("feed", {"xmlns": ATOM, XML_LANG: xml_text(site.language)})
    _text(feed, "id", identity)
    _text(feed, "title", subject.title)
    _text(feed, "updated", _timestamp(max((c.last_updated for c in claims), default=EPOCH)))
    _link(feed, site.absolute(subject.path), rel="self", type="application/atom+xml")
    _link(feed, site.absolute(subject.page) or "./", rel="alternate", type="text/html")
    author = SubElement(feed, "author")
    _text(author, "name", site.publisher.name)
    if site.publisher.url or site.site_url:
        _text(author, "uri", site.publisher.url or site.site_url)
    for claim in claims:
        _add_entry(feed, claim, content, site)
    indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode") + "\n"


def corrections_feed(content: Content, site: Site) -> str:
    """The Atom feed of the corrections log: the latest `site.feed_size` history entries, newest first."""
    entries = history_log(content.claims.values())[:site.feed_size]
    feed = Element("feed", {"xmlns": ATOM, XML_LANG: xml_text(site.language)})
    _text(feed, "id", f"tag:{_tag_authority(site)},{FEED_TAG_DATE}:{CORRECTIONS_FEED_PATH}")
    _text(feed, "title", site.localizer.gettext("%(publisher)s: corrections and updates", publisher=site.publisher.name))
    _text(feed, "updated", _timestamp(max((e.entry.date for e in entries), default=EPOCH)))
    _link(feed, site.absolute(CORRECTIONS_FEED_PATH), rel="self", type="application/atom+xml")
    _link(feed, site.absolute(site.url(CORRECTIONS_LOG_PATH)), rel="alternate", type="text/html")
    author = SubElement(feed, "author")
    _text(author, "name", site.publisher.name)
    for logged in entries:
        _add_logged_entry(feed, logged, content, site)
    indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode") + "\n"


def _add_logged_entry(feed: Element, logged: LoggedEntry, content: Content, site: Site) -> None:
    claim, entry = logged.claim, logged.entry
    kind = history_kind_name(entry.kind, site)
    same_day = [e for e in claim.history if e.date == entry.date]
    number = next(n for n, e in enumerate(same_day) if e is entry)
    summary = entry.note
    if logged.previous_rating:
        words = site.localizer
        rating, day = content.ratings[logged.previous_rating].label, words.long_date(entry.date)
        if logged.new_rating:
            summary += " " + words.gettext("Rated %(rating)s until %(date)s, then %(new_rating)s.", rating=rating, date=day,
                                           new_rating=content.ratings[logged.new_rating].label)
        else:
            summary += " " + words.gettext("Rated %(rating)s until %(date)s.", rating=rating, date=day)
    element = SubElement(feed, "entry")
    # Permanent whatever the site's address: the claim, the day and the entry's place among that day's.
    _text(element, "id", f"tag:{_tag_authority(site)},{entry.date.isoformat()}:claims/{claim.id}/history/{number}")
    _text(element, "title", f"{kind}: {claim.claim}")
    _link(element, _claim_link(claim, site) + "#corrections-and-updates", rel="alternate", type="text/html")
    _text(element, "updated", _timestamp(entry.date))
    _text(element, "summary", summary).set("type", "text")
    _category(element, entry.kind, kind, None)


def latest_claims(content: Content, count: int) -> list[Claim]:
    """The `count` most recently updated claims, newest first, ties in id order."""
    return _latest(content.claims.values(), count)


def _latest(claims, count: int) -> list[Claim]:
    ordered = sorted(claims, key=lambda c: c.id)
    ordered.sort(key=lambda c: c.last_updated, reverse=True)
    return ordered[:max(count, 0)]


def subject_feeds(content: Content, site: Site) -> list[Feed]:
    """A feed per claimant and per rating that has a page, and per tag of a published claim, each
    listing the published claims of its subject (in a preview, a claimant named only by drafts has
    a page, and so an empty feed)."""
    by_claimant: dict[str, list[Claim]] = defaultdict(list)
    by_rating: dict[str, list[Claim]] = defaultdict(list)
    by_tag: dict[str, list[Claim]] = defaultdict(list)
    for claim in content.claims.values():
        if not claim.is_published:
            continue
        by_claimant[claim.claimant].append(claim)
        if claim.verdict and claim.verdict.rating:
            by_rating[claim.verdict.rating].append(claim)
        for tag in claim.tags:
            by_tag[tag].append(claim)
    feeds = [Feed(CLAIMANTS.feed_path(c.id), claimant_feed_title(c, site),
                  site.url(CLAIMANTS.page_path(c.id)), tuple(by_claimant[c.id])) for c in content.claimants.values()]
    feeds += [Feed(RATINGS.feed_path(r.id), rating_feed_title(r, site),
                   site.url(RATINGS.page_path(r.id)), tuple(by_rating[r.id])) for r in content.ratings.values()]
    slugs = tag_slugs(by_tag)
    feeds += [Feed(tag_feed_path(slugs[tag]), tag_feed_title(tag, site), site.url("tags.md"), tuple(claims))
              for tag, claims in sorted(by_tag.items())]
    return feeds


def tag_feed_path(slug: str) -> str:
    return TAG_FEED.format(slug=slug)


def tag_slugs(tags) -> dict[str, str]:
    """Each tag's part of its feed's address: lowercase ASCII letters, digits and hyphens, as the tag
    spells them; with a short hash of the tag when it has none of them or shares its spelling with
    another tag ("Fuel" and "fuel"), so that every tag keeps a feed of its own."""
    plain = {tag: re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-")[:60].strip("-") for tag in tags}
    counts: dict[str, int] = defaultdict(int)
    for slug in plain.values():
        counts[slug] += 1
    return {tag: slug if slug and counts[slug] == 1 else
            "-".join(filter(None, (slug, hashlib.sha256(tag.encode("utf-8")).hexdigest()[:10])))
            for tag, slug in plain.items()}


def feed_id(site: Site) -> str:
    """The feed's permanent id: its home page URL, or a tag: URI when the site URL is unknown."""
    if site.site_url:
        return site.absolute("")
    return _tag_uri(site, FEED_TAG_DATE, FEED_PATH)


def entry_id(claim: Claim, site: Site) -> str:
    if site.site_url:
        return _claim_link(claim, site)
    # Spelt out rather than taken from the claim's page path: an entry's id stays the same if its page moves.
    return _tag_uri(site, claim.verdict.published.isoformat(), f"claims/{claim.id}")


def _tag_uri(site: Site, date: str, specific: str) -> str:
    return f"tag:{_tag_authority(site)},{date}:{specific}"


def xml_text(text: str) -> str:
    """The text without the characters XML 1.0 forbids (escaping is ElementTree's job).

    Line ends become "\\n", as an XML parser would read them anyway.
    """
    return _NOT_XML_CHAR.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _add_entry(feed: Element, claim: Claim, content: Content, site: Site) -> None:
    rating = content.ratings[claim.verdict.rating]
    entry = SubElement(feed, "entry")
    _text(entry, "id", entry_id(claim, site))
    _text(entry, "title", f"{rating.label}: {claim.claim}")
    _link(entry, _claim_link(claim, site), rel="alternate", type="text/html")
    _text(entry, "published", _timestamp(claim.verdict.published))
    _text(entry, "updated", _timestamp(claim.last_updated))
    _text(entry, "summary", claim.verdict.summary).set("type", "text")
    rating_scheme = site.absolute(site.url(RATINGS.page_path(rating.id))) if site.site_url else None
    _category(entry, rating.id, rating.label, rating_scheme)
    for tag in claim.tags:
        _category(entry, tag, tag, None)


def _claim_link(claim: Claim, site: Site) -> str:
    # Relative when the site URL is unknown: readers resolve it against feed.xml,
    # which sits at the site root like every page path.
    return site.absolute(site.url(CLAIMS.page_path(claim.id)))


def _tag_authority(site: Site) -> str:
    host = urlsplit(site.publisher.url or "").hostname
    if host:
        return host
    slug = re.sub(r"[^a-z0-9]+", "-", site.publisher.name.lower()).strip("-")
    return f"{slug or 'factcheck'}.invalid"


def _timestamp(day: Date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _text(parent: Element, tag: str, text: str) -> Element:
    element = SubElement(parent, tag)
    element.text = xml_text(text)
    return element


def _link(parent: Element, href: str, **attributes: str) -> None:
    SubElement(parent, "link", {"href": xml_text(href), **attributes})


def _category(entry: Element, term: str, label: str, scheme: str | None) -> None:
    attributes = {"term": xml_text(term), "label": xml_text(label)}
    if scheme:
        attributes["scheme"] = xml_text(scheme)
    SubElement(entry, "category", attributes)
