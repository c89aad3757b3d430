"""Pelican glue: give every published bulletin its share images, rendered once per version.

The images are attached on `article_generator_finalized`, before any plugin generator's
`generate_context`, so every plugin and template sees `article.share_images` with real sizes
whatever the order of PLUGINS. The generator then writes the files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
from contextlib import closing
from dataclasses import dataclass

from pelican import signals

from warta.core.output import CachedFilesGenerator, output_of
from warta.core.settings import declare
from warta.core.language import say, staff_language
from warta.core.site import RULES_KEY, absolute

from .cache import ShareCache
from .content import (FONT_FILES, FONTS_DIR, ShareImage, card_for, content_hash, file_name, hash_input, layout_name,
                      renderer_fingerprint)  # fmt: skip
from .pool import render_many
from .render import DRAWN_RATIOS, FILE_RATIOS, FONTS_FOLDER, MARK_NAME, RATIOS, alt_text
from .settings import SETTINGS, config_from
from .text import missing

logger = logging.getLogger(__name__)

FILES_KEY = "share_image_files"  # site-relative path -> cached file, for the generator
ASSETS = "bagikan/"  # the folder of the fonts and mark the browser draws the other ratios with
# Every version a bulletin's cards ever had, JPEG ones included: the host keeps the earlier ones.
EARLIER_VERSIONS = r"(^|/)bagikan-[a-z]+-[0-9a-f]{8}\.(jpg|png|json)$"
STATS_KEY = "share_images_stats"


@dataclass(frozen=True)
class RenderStats:
    """Bulletins whose current cards were rendered now, or found in the cache."""

    rendered: int
    cached: int


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def _record(card, digest: str, images: dict[str, bytes], layout: bytes, fingerprint: dict) -> dict:
    return {
        "hash": digest,
        "code": card.code,
        "title": card.title,
        "input": json.loads(hash_input(card, fingerprint)),
        "images": {ratio: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                   for ratio, data in images.items()},
        "layout": {"size": len(layout), "sha256": hashlib.sha256(layout).hexdigest()},
    }  # fmt: skip


def warn_missing_glyphs(bulletin, title: str, language: str) -> None:
    """One warning per bulletin whose title has characters no card font draws (they are left
    out of its cards), in the staff's language."""
    chars = missing(title, FONT_FILES["bold"])
    if not chars:
        return
    named = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in chars)
    where = f"{bulletin.source_path}:{bulletin.line_of.get('title', 1)}: title"
    logger.warning("%s", say(language,
        f"{where}: karakter {named} tidak ada di font kartu berbagi, jadi tidak tergambar di kartunya; "
        "ganti atau hapus karakter itu dari judul",
        f"{where}: {'characters' if len(chars) > 1 else 'character'} {named} not in the share-card fonts, "
        "so the cards leave it out; replace it or remove it from the title"))  # fmt: skip


def _share_images(record: dict, folder: str, alt: str) -> tuple[dict[str, ShareImage], dict[str, ShareImage]]:
    """The current version's images at the bulletin's folder, in RATIOS order: those
    published as files, and those drawn in the browser from the layout file."""
    files, drawn = {}, {}
    for name in FILE_RATIOS:
        ratio, image = RATIOS[name], record["images"][name]
        files[name] = ShareImage(url=posixpath.join(folder, file_name(name, record["hash"])), width=ratio.width,
                                 height=ratio.height, size=image["size"], label=ratio.label, ratio=name,
                                 sha256=image["sha256"], alt=alt)  # fmt: skip
    layout = posixpath.join(folder, layout_name(record["hash"]))
    for name in DRAWN_RATIOS:
        ratio = RATIOS[name]
        drawn[name] = ShareImage(url=layout, width=ratio.width, height=ratio.height, size=0, label=ratio.label,
                                 ratio=name, sha256=record["layout"]["sha256"], alt=alt, drawn=True)  # fmt: skip
    return files, drawn


@dataclass
class _Version:
    """A bulletin's current version: what it shows, its hash, its folder, its cache record."""

    article: object
    card: object
    digest: str
    folder: str
    record: dict | None


def _render_missing(versions: list[_Version], config, mark: bytes | None, fingerprint: dict, cache) -> int:
    """Render the versions the cache lacks (on every core when many), store them; the count."""
    due = [v for v in versions if v.record is None]
    assets = absolute(config.siteurl, ASSETS)
    jobs = [(v.card, mark, assets) for v in due]
    with closing(render_many(jobs, config.workers, config.parallel_min)) as rendered:
        for version in due:  # stored as they come, so memory holds a few images, not all
            images, layout = next(rendered)
            for ratio, data in images.items():
                if len(data) > RATIOS[ratio].budget:
                    logger.warning("Share image %s of %s is %s bytes, over its budget of %s bytes", ratio,
                                   version.card.code, len(data), RATIOS[ratio].budget)  # fmt: skip
            version.record = _record(version.card, version.digest, images, layout, fingerprint)
            cache.store(version.card.code, version.digest, images, layout, version.record)
    return len(due)


def _files(version: _Version, cache) -> dict[str, str]:
    """Site-relative path -> cached file of each file of one bulletin's current version."""
    code, digest = version.card.code, version.digest
    files = {posixpath.join(version.folder, file_name(ratio, digest)): cache.image_path(code, digest, ratio)
             for ratio in FILE_RATIOS}  # fmt: skip
    files[posixpath.join(version.folder, layout_name(digest))] = cache.layout_path(code, digest)
    return files


def _assets(config) -> dict[str, str]:
    """Site-relative path -> file of what the browser draws the other ratios with: the fonts
    (with their licences) and the configured mark."""
    files = {f"{ASSETS}{FONTS_FOLDER}/{path.name}": str(path) for path in sorted(FONTS_DIR.iterdir())
             if path.suffix in (".otf", ".ttf", ".txt")}  # fmt: skip
    if config.mark is not None:
        files[f"{ASSETS}{MARK_NAME}"] = str(config.mark)
    return files


def attach_share_images(generator) -> None:
    """Look every published bulletin's current version up in the cache, render the missing
    ones, set `article.share_images` (files) and `article.share_images_drawn` (drawn in the
    browser) and list the files to write."""
    config = config_from(generator.settings)
    regency = generator.context[RULES_KEY].regency.name
    fingerprint = renderer_fingerprint(config.mark)
    cache = ShareCache(config.cache_dir)
    language = staff_language(generator.settings)
    versions = []
    # Withdrawn bulletins keep theirs; drills get none, as nobody should re-post them.
    for article in [a for a in (*generator.articles, *generator.hidden_articles) if not a.bulletin.is_drill]:
        card = card_for(article.bulletin, config, regency)
        warn_missing_glyphs(article.bulletin, card.title, language)
        digest = content_hash(card, fingerprint)
        folder = posixpath.dirname(article.save_as)
        versions.append(_Version(article, card, digest, folder, cache.load(card.code, digest)))
    rendered = _render_missing(versions, config, config.mark.read_bytes() if config.mark else None, fingerprint, cache)
    files = _assets(config)
    for version in versions:
        files.update(_files(version, cache))
        article = version.article
        article.share_images, article.share_images_drawn = _share_images(version.record, version.folder,
                                                                          alt_text(version.card))  # fmt: skip
    stats = RenderStats(rendered=rendered, cached=len(versions) - rendered)
    output_of(generator.settings).keeps_on_host(EARLIER_VERSIONS)
    generator.context[FILES_KEY] = files
    generator.context[STATS_KEY] = stats
    logger.info("Share images: %s bulletins rendered, %s from cache", stats.rendered, stats.cached)


class ShareImagesGenerator(CachedFilesGenerator):
    """Puts each share image (current and earlier versions) from the cache into the site."""

    files_key = FILES_KEY


def get_generators(pelican):
    return ShareImagesGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(attach_share_images)
    signals.get_generators.connect(get_generators)
