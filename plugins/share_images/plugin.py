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
from .content import (FONT_FILES, FONTS_DIR, ShareImage, SharePoster, card_for, content_hash, file_name, hash_input,
                      layout_name, poster_for, poster_hash, poster_hash_input, poster_name,
                      renderer_fingerprint)  # fmt: skip
from .pool import render_many
from .poster import BUDGET as POSTER_BUDGET
from .render import DRAWN_RATIOS, FILE_RATIOS, FONTS_FOLDER, MARK_NAME, RATIOS, alt_text
from .settings import SETTINGS, config_from
from .text import missing

logger = logging.getLogger(__name__)

FILES_KEY = "share_image_files"  # site-relative path -> cached file, for the generator
ASSETS = "bagikan/"  # the folder of the fonts and mark the browser draws the other ratios with
# Every version a bulletin's cards and poster ever had, JPEG cards included: the host keeps
# the earlier ones.
EARLIER_VERSIONS = r"(^|/)bagikan-[a-z]+-[0-9a-f]{8}\.(jpg|png|json|pdf)$"
STATS_KEY = "share_images_stats"


@dataclass(frozen=True)
class RenderStats:
    """Bulletins whose current cards were rendered now, or found in the cache; posters
    rendered now."""

    rendered: int
    cached: int
    posters: int = 0


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
    """A bulletin's current version: what its cards and its poster show, their hashes, its
    folder, their cache records (None until rendered)."""

    article: object
    card: object
    digest: str
    folder: str
    record: dict | None
    poster: object
    poster_digest: str
    poster_record: dict | None


def _poster_record(poster, digest: str, pdf: bytes, fingerprint: dict) -> dict:
    return {"hash": digest, "code": poster.card.code, "input": json.loads(poster_hash_input(poster, fingerprint)),
            "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()}  # fmt: skip


def _render_missing(versions: list[_Version], config, mark: bytes | None, fingerprint: dict, cache) -> tuple[int, int]:
    """Render the cards and posters the cache lacks (on every core when many), store them;
    how many bulletins' cards and how many posters."""
    due = [v for v in versions if v.record is None or v.poster_record is None]
    assets = absolute(config.siteurl, ASSETS)
    jobs = [(v.card if v.record is None else None, v.poster if v.poster_record is None else None, mark, assets)
            for v in due]  # fmt: skip
    cards = posters = 0
    with closing(render_many(jobs, config.workers, config.parallel_min)) as rendered:
        for version in due:  # stored as they come, so memory holds a few images, not all
            images, layout, pdf = next(rendered)
            code = version.card.code
            if images is not None:
                for ratio, data in images.items():
                    if len(data) > RATIOS[ratio].budget:
                        logger.warning("Share image %s of %s is %s bytes, over its budget of %s bytes", ratio,
                                       code, len(data), RATIOS[ratio].budget)  # fmt: skip
                version.record = _record(version.card, version.digest, images, layout, fingerprint)
                cache.store(code, version.digest, images, layout, version.record, keep=version.poster_digest)
                cards += 1
            if pdf is not None:
                if len(pdf) > POSTER_BUDGET:
                    logger.warning("Poster of %s is %s bytes, over its budget of %s bytes", code, len(pdf),
                                   POSTER_BUDGET)  # fmt: skip
                version.poster_record = _poster_record(version.poster, version.poster_digest, pdf, fingerprint)
                cache.store_poster(code, version.poster_digest, pdf, version.poster_record, keep=version.digest)
                posters += 1
    return cards, posters


def _files(version: _Version, cache) -> dict[str, str]:
    """Site-relative path -> cached file of each file of one bulletin's current version."""
    code, digest = version.card.code, version.digest
    files = {posixpath.join(version.folder, file_name(ratio, digest)): cache.image_path(code, digest, ratio)
             for ratio in FILE_RATIOS}  # fmt: skip
    files[posixpath.join(version.folder, layout_name(digest))] = cache.layout_path(code, digest)
    files[posixpath.join(version.folder, poster_name(version.poster_digest))] = cache.poster_path(code,
                                                                                               version.poster_digest)
    return files


def _share_poster(version: _Version) -> SharePoster:
    record = version.poster_record
    return SharePoster(url=posixpath.join(version.folder, poster_name(version.poster_digest)), size=record["size"],
                       sha256=record["sha256"])  # fmt: skip


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
    ones, set `article.share_images` (files), `article.share_images_drawn` (drawn in the
    browser) and `article.share_poster` (the notice-board PDF) and list the files to write."""
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
        poster = poster_for(article.bulletin, card, config)
        poster_digest = poster_hash(poster, fingerprint)
        versions.append(_Version(article, card, digest, folder, cache.load(card.code, digest), poster, poster_digest,
                                 cache.load_poster(card.code, poster_digest)))  # fmt: skip
    mark = config.mark.read_bytes() if config.mark else None
    rendered, posters = _render_missing(versions, config, mark, fingerprint, cache)
    files = _assets(config)
    for version in versions:
        files.update(_files(version, cache))
        article = version.article
        article.share_images, article.share_images_drawn = _share_images(version.record, version.folder,
                                                                          alt_text(version.card))  # fmt: skip
        article.share_poster = _share_poster(version)
    stats = RenderStats(rendered=rendered, cached=len(versions) - rendered, posters=posters)
    output_of(generator.settings).keeps_on_host(EARLIER_VERSIONS)
    generator.context[FILES_KEY] = files
    generator.context[STATS_KEY] = stats
    logger.info("Share images: %s bulletins rendered, %s from cache; %s posters rendered", stats.rendered,
                stats.cached, stats.posters)  # fmt: skip


class ShareImagesGenerator(CachedFilesGenerator):
    """Puts each share image and poster from the cache into the site."""

    files_key = FILES_KEY


def get_generators(pelican):
    return ShareImagesGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(attach_share_images)
    signals.get_generators.connect(get_generators)
