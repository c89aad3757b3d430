"""Pure manifest builder plus the generator that hashes files and writes the JSON."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata

from bs4 import BeautifulSoup
from pelican import signals
from pelican.generators import Generator

from warta.core.output import atomic_write, output_of
from warta.core.site import published_articles
from warta.core.registry import Setting, accept, is_relative_path
from warta.core.settings import declare, project_root
from warta.core.site import absolute

MANIFEST_VERSION = 1
SETTINGS = (
    Setting("MANIFEST_SAVE_AS", "manifest.json", accept(is_relative_path, "use a site-relative path"),
            "Where the manifest of every bulletin's hashes is written."),
    Setting("MANIFEST_CACHE_FILE", "cache/manifest-text.json", accept(is_relative_path, "use a path relative to the project folder"),
            "The cache of text hashes, relative to the project folder."),
)  # fmt: skip


def normalised_text(title: str, body_html: str) -> str:
    """Title, a newline, then the body's text: NFC, whitespace runs as one space. The same
    recipe applied to the bulletin page's `.prose` block gives the same text."""
    body = " ".join(BeautifulSoup(body_html, "html.parser").get_text(" ").split())
    return unicodedata.normalize("NFC", f"{' '.join(title.split())}\n{body}")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def image_paths(article) -> list[str]:
    """Site-relative paths of the bulletin's own image and of its share images."""
    paths = [article.bulletin.image] if article.bulletin.image else []
    paths += [image.url for image in getattr(article, "share_images", {}).values()]
    return paths


class TextHashes:
    """The text hash of each bulletin, kept between builds by the SHA-256 of its title and
    HTML: parsing every body again took most of the manifest's time on a large site."""

    def __init__(self, path) -> None:
        self.path = path
        try:
            with open(path, encoding="utf-8") as handle:
                self.known: dict[str, str] = json.load(handle)
        except (OSError, ValueError):
            self.known = {}
        self.used: dict[str, str] = {}

    def __call__(self, title: str, body_html: str) -> str:
        key = sha256(f"{title}\0{body_html}".encode("utf-8"))
        found = self.used[key] = self.known.get(key) or sha256(normalised_text(title, body_html).encode("utf-8"))
        return found

    def save(self) -> None:
        """Keep only this build's bulletins."""
        if self.used != self.known:
            atomic_write(self.path, (json.dumps(self.used, sort_keys=True) + "\n").encode("utf-8"))


def entry(article, siteurl: str, image_hashes: dict[str, str], text_hash=None) -> dict:
    b = article.bulletin
    return {
        "code": b.code,
        "url": absolute(siteurl, article.url),
        "title": article.title,
        "status": b.status,
        "expired": b.is_expired,
        "date_published": b.date.isoformat(),
        "date_modified": (b.modified or b.date).isoformat(),
        "expires": b.expires.isoformat() if b.expires else None,
        "replaced_by": b.replaced_by.bulletin.code if b.replaced_by else None,
        "text_sha256": (text_hash or _text_sha256)(article.title, article.content),
        "images": [{"url": absolute(siteurl, path), "sha256": image_hashes[path]} for path in image_paths(article)],
    }


def _text_sha256(title: str, body_html: str) -> str:
    return sha256(normalised_text(title, body_html).encode("utf-8"))


def manifest(articles, siteurl: str, image_hashes: dict[str, str], text_hash=None) -> dict:
    entries = [entry(a, siteurl, image_hashes, text_hash) for a in sorted(articles, key=lambda a: a.bulletin.code)]
    return {
        "version": MANIFEST_VERSION,
        "site": siteurl,
        "text_recipe": "sha256 of UTF-8: title, newline, body text with whitespace runs as one space, NFC",
        "updated": max((e["date_modified"] for e in entries), default=None),
        "bulletins": entries,
    }


class ManifestGenerator(Generator):
    def generate_output(self, writer) -> None:
        articles = published_articles(self.context)
        # A processed image (responsive_images strips EXIF) names the file it publishes.
        published = {a.bulletin.image: a.bulletin.image_file for a in articles if a.bulletin.image_file}
        # Share images carry the hash the share_images plugin took when it rendered them.
        hashes = {image.url: image.sha256 for a in articles for image in getattr(a, "share_images", {}).values()}
        hashes.update((a.bulletin.image, self.file_hash(a.bulletin.image, published.get(a.bulletin.image)))
                      for a in articles if a.bulletin.image)  # fmt: skip
        text_hashes = TextHashes(project_root(self.settings) / self.settings["MANIFEST_CACHE_FILE"])
        data = manifest(articles, self.settings["SITEURL"], hashes, text_hashes)
        text_hashes.save()
        output_of(self.settings).write(self.settings["MANIFEST_SAVE_AS"],
                                       json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def file_hash(self, relative: str, published: str | None = None) -> str:
        # Generated images are already in the output; content images are copied later by
        # Pelican's static generator, byte for byte, so their source has the same hash.
        candidates = [published] if published else [os.path.join(f, relative) for f in (self.output_path, self.path)]
        for candidate in candidates:
            if os.path.isfile(candidate):
                with open(candidate, "rb") as handle:
                    return sha256(handle.read())
        raise FileNotFoundError(f"manifest: image {relative} is neither in the output nor in content/")


def get_generators(pelican):
    return ManifestGenerator


def register() -> None:
    declare(SETTINGS)
    signals.get_generators.connect(get_generators)
