"""Pure builders: Open Graph/Twitter tags and schema.org JSON-LD from one bulletin's `Facts`."""

from __future__ import annotations

import json

from warta.core.dates import iso

from warta.core.facts import ALT_MAX, Facts, Place, PreviewImage, shorten
from warta.core.site import absolute
from .settings import COVID_CATEGORY, Config

HEADLINE_MAX = 110  # schema.org/Google's limit for NewsArticle.headline
# Characters that could end a <script> element or start a comment inside it; JSON allows
# their \u escapes anywhere in a string, and they never occur outside strings.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def open_graph(facts: Facts, config: Config) -> list[tuple[str, str]]:
    """(property, content) pairs in a fixed order: og:*, article:*, then twitter:*."""
    tz = facts.timezone
    tags = [
        ("og:type", "article"),
        ("og:site_name", facts.site_name),
        ("og:locale", config.locale),
        ("og:url", facts.url),
        ("og:title", facts.title),
        ("og:description", facts.summary),
    ]
    image = facts.image
    if image:
        tags += [
            ("og:image", image.url),
            ("og:image:type", image.type),
            ("og:image:width", str(image.width)),
            ("og:image:height", str(image.height)),
            ("og:image:alt", shorten(image.alt, ALT_MAX)),
        ]
    tags += [
        ("article:published_time", iso(facts.date, tz)),
        ("article:modified_time", iso(facts.updated, tz)),
    ]
    if facts.expires:
        tags.append(("article:expiration_time", iso(facts.expires, tz)))
    tags.append(("article:section", facts.kind))
    tags += [("article:tag", topic) for topic in facts.topics]
    tags.append(("twitter:card", "summary_large_image" if image else "summary"))
    if config.twitter_site:
        tags.append(("twitter:site", config.twitter_site))
    if image:
        tags += [("twitter:image", image.url), ("twitter:image:alt", shorten(image.alt, ALT_MAX))]
    return tags


def _image_object(image: PreviewImage) -> dict:
    return {"@type": "ImageObject", "url": image.url, "width": image.width, "height": image.height}


def _office(facts: Facts, config: Config) -> dict:
    office = {"@type": "Organization", "name": facts.office, "url": absolute(facts.siteurl, "")}
    if config.logo:
        office["logo"] = _image_object(config.logo)
    return office


def _author(facts: Facts, config: Config) -> dict:
    if not facts.author or facts.author == facts.office:
        return _office(facts, config)
    return {"@type": "Organization", "name": facts.author}  # another body: the site is not its home


def _images(facts: Facts) -> list[dict]:
    """Every share image file in a landscape, square or portrait ratio, else the preview image."""
    shares = [_image_object(i) for i in facts.share_images if i.key in ("og", "square", "portrait") and not i.drawn]
    return shares or ([_image_object(facts.image)] if facts.image else [])


def news_article(facts: Facts, config: Config) -> dict:
    tz = facts.timezone
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{facts.url}#buletin",
        "mainEntityOfPage": {"@type": "WebPage", "@id": facts.url},
        "url": facts.url,
        "headline": shorten(facts.title, HEADLINE_MAX),
        "description": facts.summary,
        "datePublished": iso(facts.date, tz),
        "dateModified": iso(facts.updated, tz),
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "articleSection": facts.kind,
        "identifier": facts.code,
        "creativeWorkStatus": "Withdrawn" if facts.withdrawn else "Published",
        "author": _author(facts, config),
        "publisher": _office(facts, config),
    }
    if facts.expires:
        data["expires"] = iso(facts.expires, tz)
    if facts.topics:
        data["keywords"] = list(facts.topics)
    if images := _images(facts):
        data["image"] = images
    return data


def _area(place, within=None) -> dict:
    area = {"@type": "AdministrativeArea", "name": place.name, "identifier": place.code}
    if within is not None:
        area["containedInPlace"] = within
    return area


def special_announcement(facts: Facts, config: Config) -> dict:
    tz = facts.timezone
    regency = _area(facts.regency)
    if facts.whole_regency or not facts.places:
        coverage = [regency]
    else:
        coverage = [_area(Place(p.code, f"Kecamatan {p.name}"), regency) for p in facts.places]
    data = {
        "@context": "https://schema.org",
        "@type": "SpecialAnnouncement",
        "@id": f"{facts.url}#pengumuman",
        "name": facts.title,
        "text": facts.summary,
        "url": facts.url,
        "datePosted": iso(facts.date, tz),
        "inLanguage": "id",
        "spatialCoverage": coverage,
        "publisher": _office(facts, config),
    }
    if facts.expires:
        data["expires"] = iso(facts.expires, tz)
    if any(topic.casefold() in config.covid_topics for topic in facts.topics):
        data["category"] = COVID_CATEGORY
    return data


def claim_review(facts: Facts, config: Config) -> dict:
    claim = facts.claim or facts.title.removeprefix("[HOAKS]").strip()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"{facts.url}#klarifikasi",
        "url": facts.url,
        "datePublished": iso(facts.date, tz=facts.timezone),
        "inLanguage": "id",
        "claimReviewed": claim,
        "itemReviewed": {"@type": "Claim", "text": claim},
        "reviewRating": {
            "@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "Salah",
        },  # fmt: skip
        "author": _office(facts, config),
    }


def json_ld(facts: Facts, config: Config) -> list[dict]:
    """NewsArticle for every bulletin; SpecialAnnouncement for announcements; ClaimReview
    for hoax rebuttals. One object per <script>, each with its own @context."""
    objects = [news_article(facts, config)]
    if facts.kind == "Pengumuman":
        objects.append(special_announcement(facts, config))
    if facts.hoax:
        objects.append(claim_review(facts, config))
    return objects


def script_json(data) -> str:
    """Strict JSON that is safe as the text of a <script> element: no `<`, `>` or `&`, so
    neither `</script>` nor `<!--` can appear whatever the bulletin says."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(SCRIPT_ESCAPES)
