"""Content types and cache headers for every file of a built site, from two tables.

Content types: Python's built-in `mimetypes` table (never the machine's /etc/mime.types, so
every machine uploads the same headers) under Warta's overrides, longest suffix first, so
`.rss.xml` and `.cap.xml` win over `.xml`; JSON under the feeds folder is JSON Feed.

Cache classes, first matching rule wins: file names that carry a content hash never change
their bytes, so browsers and CDNs may keep them for a year; pages, feeds and JSON change with
every bulletin and expire after five minutes; `urls.txt` is revalidated every time because the
next build's URL-permanence guard reads it, and so is the service worker `sw.js`, so that a
fixed worker reaches readers at once; anything else (theme CSS and JS, images and videos under
their own names) keeps for an hour.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass

TEXT = "; charset=utf-8"
TYPES = {
    ".html": "text/html" + TEXT,
    ".css": "text/css" + TEXT,
    ".js": "text/javascript" + TEXT,
    ".mjs": "text/javascript" + TEXT,
    ".json": "application/json" + TEXT,
    ".xml": "application/xml" + TEXT,
    ".rss.xml": "application/rss+xml" + TEXT,
    ".atom.xml": "application/atom+xml" + TEXT,
    ".cap.xml": "application/cap+xml" + TEXT,
    ".opml": "text/x-opml" + TEXT,
    ".txt": "text/plain" + TEXT,
    ".conf": "text/plain" + TEXT,
    ".webmanifest": "application/manifest+json" + TEXT,
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".ico": "image/vnd.microsoft.icon",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".wasm": "application/wasm",
    ".otf": "font/otf",  # the share cards' fonts, for the browser's canvas
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",  # the site font (theme/static/fonts)
    ".pdf": "application/pdf",  # the notice-board posters
    # Pagefind's index files are gzip data the Pagefind script reads itself.
    ".pagefind": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}
NAMES = {"_headers": "text/plain" + TEXT, "_redirects": "text/plain" + TEXT}
FEED_JSON = "application/feed+json" + TEXT
FALLBACK = "application/octet-stream"

CACHE_CONTROL = {
    "immutable": "public, max-age=31536000, immutable",
    "page": "public, max-age=300",
    "asset": "public, max-age=3600",
    "revalidate": "no-cache",
}
# Names with a content hash: share images, card layouts and posters (`bagikan-og-0332e639.png`,
# `bagikan-kartu-0332e639.json`, `bagikan-poster-5e0d71a2.pdf`; earlier cards were JPEG), responsive image
# variants (`poster-640w-78634400a8.webp`) and Pagefind's index files. DEPLOY_IMMUTABLE adds
# more (regular expressions on the site path).
IMMUTABLE = (
    r"(^|/)bagikan-[a-z]+-[0-9a-f]{8,}\.(jpg|png|json|pdf)$",
    r"-[0-9]+w-[0-9a-f]{8,}\.(jpe?g|png|webp|avif)$",
    r"\.pf_(fragment|index|meta|filter)$",
)
REVALIDATE = (r"^urls\.txt$", r"^sw\.js$")
PAGE = (r"\.(html|xml|json|opml|txt|webmanifest|conf)$", r"(^|/)_(headers|redirects)$")

# Upload order, so that no page links a file that is not there yet and no feed, sitemap or
# URL list announces a page that is not there yet: assets, then pages, then the indexes.
ANNOUNCES = (r"^(urls\.txt|sitemap\.xml|manifest\.json)$",)
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")

# In Pelican's context: a capability's own response headers for one folder of the site, which
# the host header files (the embeds plugin's `_headers` and nginx snippet) add after their rules.
FOLDER_HEADERS_KEY = "host_folder_headers"


@dataclass(frozen=True)
class FolderHeaders:
    """Headers every file under `folder` (site-relative, e.g. "admin/") is sent. A header
    named here replaces the site-wide one of that name, on every host."""

    folder: str
    headers: tuple[tuple[str, str], ...]
    note: str


@dataclass(frozen=True)
class Headers:
    content_type: str
    cache_control: str
    phase: int  # 0 assets, 1 pages, 2 feeds and indexes


def _compiled(patterns) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


class HeaderRules:
    """The two tables for one site: its feeds folder and any extra hashed-name patterns."""

    def __init__(self, feeds_dir: str = "feeds", immutable: tuple[str, ...] = ()):
        self.feeds_prefix = feeds_dir.strip("/") + "/"
        self.mimetypes = mimetypes.MimeTypes()  # the built-in table only
        self.classes = (
            ("revalidate", _compiled(REVALIDATE)),
            ("immutable", _compiled(IMMUTABLE + tuple(immutable))),
            ("page", _compiled(PAGE)),
        )
        self.announces = _compiled(ANNOUNCES)

    def content_type(self, path: str) -> str:
        name = path.rsplit("/", 1)[-1]
        if name in NAMES:
            return NAMES[name]
        if path.startswith(self.feeds_prefix) and name.endswith(".json"):
            return FEED_JSON
        suffixes = [suffix for suffix in TYPES if name.endswith(suffix)]
        if suffixes:
            return TYPES[max(suffixes, key=len)]
        guessed, _ = self.mimetypes.guess_type(name, strict=True)
        if guessed is None:
            return FALLBACK
        return guessed + TEXT if guessed.startswith("text/") else guessed

    def cache_class(self, path: str) -> str:
        for name, patterns in self.classes:
            if any(p.search(path) for p in patterns):
                return name
        return "asset"

    def headers(self, path: str) -> Headers:
        content_type = self.content_type(path)
        cache = self.cache_class(path)
        if content_type.split(";")[0] in FEED_TYPES or any(p.search(path) for p in self.announces):
            phase = 2
        elif cache in ("page", "revalidate"):
            phase = 1
        else:
            phase = 0
        return Headers(content_type, CACHE_CONTROL[cache], phase)
