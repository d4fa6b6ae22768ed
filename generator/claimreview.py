"""ClaimReview JSON-LD for each claim and the DataFeed of all of them, built from the model; and
MediaReview JSON-LD for a claim about an image or a video.

Everything here returns plain dicts (or text made from them by `json`), so no editor's
text is ever spliced into JSON by hand. Keys whose value would be None are left out.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .cards import HEIGHT, WIDTH
from .content import Content, newest_first
from .kinds import CLAIMS, PEOPLE
from .media import site_path
from .model import Claim, Claimant, Media, Person, Rating, Source
from .site import CLAIMREVIEW_FEED_PATH, Site

SCHEMA_ORG = "https://schema.org"

# Characters that could end a <script> element or start an HTML comment / entity, and the
# two line separators JavaScript once treated as newlines; all are legal JSON escapes.
_SCRIPT_SAFE = re.compile("[<>&\u2028\u2029]")


def claim_review(claim: Claim, content: Content, site: Site) -> dict[str, Any]:
    """The schema.org ClaimReview of one claim of valid content."""
    rating = content.ratings[claim.verdict.rating]
    return _without_none({
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "url": claim_url(claim.id, site),
        "claimReviewed": claim.claim,
        "datePublished": claim.verdict.published.isoformat(),
        "dateModified": claim.last_updated.isoformat() if _was_updated(claim) else None,
        "inLanguage": site.language or None,
        "author": publisher_organization(site),
        "image": share_image(claim, site),
        # The organisation stays the author (as Google documents ClaimReview); the people who wrote and
        # reviewed the fact-check are the CreativeWork's contributor and editors.
        "contributor": _person_named(claim.verdict.author, content, site),
        "editor": [_person_named(id, content, site) for id in dict.fromkeys(claim.verdict.reviewers)] or None,
        "reviewRating": review_rating(rating, claim.verdict.summary, content),
        "itemReviewed": reviewed_claim(claim, content),
    })


def media_review(claim: Claim, content: Content, site: Site) -> dict[str, Any]:
    """The schema.org MediaReview of a published claim's image or video: whether it is shown as it
    was made (mediaAuthenticityCategory), its original context, and where it was published."""
    media = claim.media
    assert media is not None and claim.verdict is not None
    return _without_none({
        "@context": SCHEMA_ORG,
        "@type": "MediaReview",
        "url": claim_url(claim.id, site),
        "datePublished": claim.verdict.published.isoformat(),
        "dateModified": claim.last_updated.isoformat() if _was_updated(claim) else None,
        "inLanguage": site.language or None,
        "author": publisher_organization(site),
        "mediaAuthenticityCategory": media.authenticity,
        "originalMediaContextDescription": media.context,
        "itemReviewed": reviewed_media(media, site),
    })


def reviewed_media(media: Media, site: Site) -> dict[str, Any]:
    screenshot = media.screenshot
    clip = {"@type": "Clip", "startOffset": _seconds(media.timestamp)} if media.timestamp else None
    return _without_none({
        "@type": "VideoObject" if media.type == "video" else "ImageObject",
        "contentUrl": media.url,
        "archivedAt": media.archive_url,
        "thumbnailUrl": site.absolute(site_path(screenshot.file)) if screenshot else None,
        "description": screenshot.alt if screenshot else None,
        "hasPart": clip,
    })


def _seconds(timestamp: str) -> int:
    seconds = 0
    for part in timestamp.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def claim_review_json(claim: Claim, content: Content, site: Site) -> str:
    """A claim's ClaimReview as JSON text without "@context": a DataFeed element, made once per
    claim and used both in the feed and, through claim_review_script, on the claim's page."""
    return json.dumps(_without_key(claim_review(claim, content, site), "@context"), ensure_ascii=False)


def claim_review_script(review_json: str) -> str:
    """json_ld_script(claim_review(…)), from the claim's claim_review_json text."""
    return _script(f'{{"@context": "{SCHEMA_ORG}", {review_json[1:]}')


def data_feed(content: Content, site: Site) -> dict[str, Any]:
    """A schema.org DataFeed of every ClaimReview, newest first (generator.content.newest_first)."""
    claims = newest_first(content.claims.values())
    elements = [_without_key(claim_review(claim, content, site), "@context") for claim in claims]
    return {**_data_feed_header(claims, site), "dataFeedElement": elements}


def data_feed_json(content: Content, site: Site) -> str:
    """The DataFeed as the text of claimreview.json: json.dumps(data_feed(…)), one line."""
    reviews = {claim.id: claim_review_json(claim, content, site).encode("utf-8") for claim in content.claims.values()}
    return data_feed_utf8(content, site, reviews).decode("utf-8")


def data_feed_utf8(content: Content, site: Site, reviews: dict[str, bytes]) -> bytes:
    """data_feed_json as UTF-8, put together from each claim's claim_review_json, UTF-8 encoded
    (`reviews`, by claim id): the elements are made where the claim pages are rendered."""
    claims = newest_first(content.claims.values())
    header = json.dumps(_data_feed_header(claims, site), ensure_ascii=False).encode("utf-8")  # one line: C encoder
    elements = b", ".join(reviews[claim.id] for claim in claims)
    return header[:-1] + b', "dataFeedElement": [' + elements + b"]}\n"


def _data_feed_header(claims: list[Claim], site: Site) -> dict[str, Any]:
    last_modified = max((c.last_updated for c in claims), default=None)
    return _without_none({
        "@context": SCHEMA_ORG,
        "@type": "DataFeed",
        "name": f"{site.publisher.name}: fact-checks",
        "url": site.absolute(CLAIMREVIEW_FEED_PATH),
        "inLanguage": site.language or None,
        "dateModified": last_modified.isoformat() if last_modified else None,
    })


def json_ld_script(data: dict[str, Any]) -> str:
    """A <script type="application/ld+json"> element that is safe to put in an HTML page.

    The JSON is on one line (Markdown treats a blank line as the end of an HTML block)
    and cannot contain `</script`, `<!--` or an entity, whatever the data holds.
    """
    return _script(json.dumps(data, ensure_ascii=False))


def _script(json_text: str) -> str:
    text = _SCRIPT_SAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)
    return f'<script type="application/ld+json">{text}</script>'


def share_image(claim: Claim, site: Site) -> dict[str, Any] | None:
    """The claim's share card (generator.cards) as a schema.org ImageObject; None when the site draws none."""
    if not site.share_cards:
        return None
    return {"@type": "ImageObject", "url": site.absolute(CLAIMS.share_image_path(claim.id)),
            "width": WIDTH, "height": HEIGHT}


def claim_url(claim_id: str, site: Site) -> str:
    """The claim page's URL: absolute when the site URL is known, else site-relative."""
    return site.absolute(site.url(CLAIMS.page_path(claim_id)))


def publisher_organization(site: Site) -> dict[str, Any]:
    publisher = site.publisher
    logo = {"@type": "ImageObject", "url": _absolute(publisher.logo, site)} if publisher.logo else None
    return _without_none({
        "@type": "Organization",
        "name": publisher.name,
        "url": publisher.url or site.site_url or None,
        "logo": logo,
    })


def review_rating(rating: Rating, explanation: str, content: Content) -> dict[str, Any]:
    """The verdict as a schema.org Rating; off-scale ratings carry only their label."""
    on_scale = rating.value is not None
    return _without_none({
        "@type": "Rating",
        "alternateName": rating.label,
        "ratingValue": rating.value if on_scale else None,
        "bestRating": content.best_value if on_scale else None,
        "worstRating": content.worst_value if on_scale else None,
        "ratingExplanation": explanation,
    })


def reviewed_claim(claim: Claim, content: Content) -> dict[str, Any]:
    appearance = content.sources.get(claim.appearance) if claim.appearance else None
    creative_work = source_creative_work(appearance) if appearance else None
    return _without_none({
        "@type": "Claim",
        "author": claimant_entity(content.claimants[claim.claimant]),
        "datePublished": claim.date.isoformat(),
        "appearance": creative_work,
        "firstAppearance": creative_work,
    })


def person_entity(person: Person, site: Site) -> dict[str, Any]:
    return {"@type": "Person", "name": person.name, "jobTitle": person.role,
            "url": site.absolute(site.url(PEOPLE.page_path(person.id)))}


def _person_named(id: str | None, content: Content, site: Site) -> dict[str, Any] | None:
    """The person an id names (an author written as text names none)."""
    return person_entity(content.people[id], site) if id in content.people else None


def claimant_entity(claimant: Claimant) -> dict[str, Any]:
    return _without_none({
        "@type": "Person" if claimant.kind == "person" else "Organization",
        "name": claimant.name,
        "sameAs": claimant.url,
    })


def source_creative_work(source: Source) -> dict[str, Any]:
    return _without_none({
        "@type": "CreativeWork",
        "url": source.url,
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
        "datePublished": source.published.isoformat() if source.published else None,
        "inLanguage": source.language,
    })


def _was_updated(claim: Claim) -> bool:
    return claim.verdict.updated is not None or bool(claim.history)


def _absolute(url: str, site: Site) -> str:
    return url if url.startswith(("http://", "https://")) else site.absolute(url)


def _without_none(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def _without_key(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}
