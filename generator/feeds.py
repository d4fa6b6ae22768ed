"""The Atom 1.0 feeds, built with ElementTree: the latest fact-checks (feed.xml), and the
corrections and updates log (corrections.xml).

Editors' text only ever reaches the XML as element text or attribute values, which
ElementTree escapes; characters XML 1.0 cannot carry at all are dropped first.
"""

from __future__ import annotations

import re
from datetime import date as Date
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from .content import Content
from .integrity import LoggedEntry, history_log
from .kinds import CLAIMS, RATINGS
from .model import Claim
from .site import CORRECTIONS_FEED_PATH, CORRECTIONS_LOG_PATH, FEED_PATH, Site, page_url

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = Date(1970, 1, 1)
# The date part of the feed's tag: URI. Fixed, because a feed id must never change
# (one taken from the content would move whenever an older fact-check is imported).
FEED_TAG_DATE = "2000"

# Everything outside XML 1.0's Char production: C0 controls other than tab, newline and
# carriage return, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def atom_feed(content: Content, site: Site) -> str:
    """The Atom feed of the latest `site.feed_size` fact-checks, newest update first."""
    claims = latest_claims(content, site.feed_size)
    feed = Element("feed", {"xmlns": ATOM, XML_LANG: xml_text(site.language)})
    _text(feed, "id", feed_id(site))
    _text(feed, "title", f"{site.publisher.name}: fact-checks")
    _text(feed, "updated", _timestamp(max((c.last_updated for c in claims), default=EPOCH)))
    _link(feed, site.absolute(FEED_PATH), rel="self", type="application/atom+xml")
    _link(feed, site.absolute("") or "./", rel="alternate", type="text/html")
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
    _text(feed, "title", f"{site.publisher.name}: corrections and updates")
    _text(feed, "updated", _timestamp(max((e.entry.date for e in entries), default=EPOCH)))
    _link(feed, site.absolute(CORRECTIONS_FEED_PATH), rel="self", type="application/atom+xml")
    _link(feed, site.absolute(page_url(CORRECTIONS_LOG_PATH)), rel="alternate", type="text/html")
    author = SubElement(feed, "author")
    _text(author, "name", site.publisher.name)
    for logged in entries:
        _add_logged_entry(feed, logged, content, site)
    indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + tostring(feed, encoding="unicode") + "\n"


def _add_logged_entry(feed: Element, logged: LoggedEntry, content: Content, site: Site) -> None:
    claim, entry = logged.claim, logged.entry
    kind = entry.kind.capitalize()
    same_day = [e for e in claim.history if e.date == entry.date]
    number = next(n for n, e in enumerate(same_day) if e is entry)
    summary = entry.note
    if logged.previous_rating:
        summary += f" Rated {content.ratings[logged.previous_rating].label} until {entry.date.day} {entry.date:%B %Y}"
        summary += f", then {content.ratings[logged.new_rating].label}." if logged.new_rating else "."
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
    claims = sorted(content.claims.values(), key=lambda c: c.id)
    claims.sort(key=lambda c: c.last_updated, reverse=True)
    return claims[:max(count, 0)]


def feed_id(site: Site) -> str:
    """The feed's permanent id: its home page URL, or a tag: URI when the site URL is unknown."""
    if site.site_url:
        return site.absolute("")
    return f"tag:{_tag_authority(site)},{FEED_TAG_DATE}:{FEED_PATH}"


def entry_id(claim: Claim, site: Site) -> str:
    if site.site_url:
        return _claim_link(claim, site)
    # Spelt out rather than taken from the claim's page path: an entry's id stays the same if its page moves.
    return f"tag:{_tag_authority(site)},{claim.verdict.published.isoformat()}:claims/{claim.id}"


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
    rating_scheme = site.absolute(page_url(RATINGS.page_path(rating.id))) if site.site_url else None
    _category(entry, rating.id, rating.label, rating_scheme)
    for tag in claim.tags:
        _category(entry, tag, tag, None)


def _claim_link(claim: Claim, site: Site) -> str:
    # Relative when the site URL is unknown: readers resolve it against feed.xml,
    # which sits at the site root like every page path.
    return site.absolute(page_url(CLAIMS.page_path(claim.id)))


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
