"""Pelican glue: process every content image once per version, publish clean copies and variants.

Images are processed on `article_generator_finalized`, before any plugin generator's
`generate_context`, so `article.picture` and `bulletin.image_file` (the clean copy the feeds,
the manifest and link previews measure) exist whatever the order of PLUGINS. Pelican's static
generator then skips the images this plugin publishes, so each output path has one owner.
"""

from __future__ import annotations

import logging
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from pelican import signals

from warta.core.output import CachedFilesGenerator
from warta.core.settings import declare

from .cache import ImageCache
from .process import SUFFIXES, ImageUnreadable, digest, render
from .settings import SETTINGS, config_from

logger = logging.getLogger(__name__)

FILES_KEY = "responsive_image_files"  # site-relative path -> cached file, for the generator
SOURCES_KEY = "responsive_image_sources"  # content-relative paths this plugin publishes
HASH_IN_NAME = 10


@dataclass(frozen=True)
class Candidate:
    url: str  # site-relative
    width: int


@dataclass(frozen=True)
class Picture:
    """What a template needs for `<picture>`: WebP candidates, the fallback's candidates
    (JPEG, or PNG for images with transparency), and the largest fallback as `src` with its
    size, which gives the `<img>` its aspect ratio."""

    src: str
    width: int
    height: int
    type: str  # the fallback's MIME type
    webp: tuple[Candidate, ...]
    fallback: tuple[Candidate, ...]
    original: str  # the clean copy at the image's own URL


def variant_name(source: str, width: int, extension: str, key: str) -> str:
    """`images/2021/banjir.png` -> `images/2021/banjir-480w-<hash>.webp`: beside the original,
    with the content hash, so a changed image gets new URLs and caches never serve a stale one."""
    folder, name = posixpath.split(source)
    stem = posixpath.splitext(name)[0]
    return posixpath.join(folder, f"{stem}-{width}w-{key[:HASH_IN_NAME]}.{extension}")


def picture_for(source: str, record: dict) -> Picture:
    webp, fallback = [], []
    for variant in record["variants"]:
        extension = variant["file"].rsplit(".", 1)[1]
        candidate = Candidate(variant_name(source, variant["width"], extension, record["hash"]), variant["width"])
        (webp if variant["type"] == "image/webp" else fallback).append(candidate)
    largest = max((v for v in record["variants"] if v["type"] != "image/webp"), key=lambda v: v["width"])
    return Picture(src=fallback[-1].url, width=largest["width"], height=largest["height"], type=largest["type"],
                   webp=tuple(webp), fallback=tuple(fallback), original=source)  # fmt: skip


def check_settings(pelican) -> None:
    config_from(pelican.settings)


def image_sources(generator) -> list[str]:
    """Content-relative paths (with /) of the images Pelican's static generator would copy."""
    settings = generator.settings
    found = generator.get_files(settings["STATIC_PATHS"], exclude=settings["STATIC_EXCLUDES"], extensions=False)
    return sorted(Path(path).as_posix() for path in found if Path(path).suffix.lower() in SUFFIXES)


def process_images(generator) -> None:
    """Render what the cache lacks, then give each bulletin with an image its `picture`
    and `image_file`, and list the files to write."""
    config = config_from(generator.settings)
    cache = ImageCache(config.cache_dir)
    files: dict[str, Path] = {}
    pictures: dict[str, Picture] = {}
    rendered = 0
    for source in image_sources(generator):
        shown = f"{Path(config.content.name) / source}"
        data = (config.content / source).read_bytes()
        if config.warn_bytes and len(data) > config.warn_bytes:
            logger.warning("%s: is %s KB; resize it to at most 2000 px wide or compress it (the limit, "
                           "RESPONSIVE_IMAGES_WARN_BYTES, is %s KB)", shown, round(len(data) / 1000),
                           round(config.warn_bytes / 1000))  # fmt: skip
        key = digest(data, config.recipe)
        record = cache.load(key)
        if record is None:
            try:
                record = cache.store(key, render(data, config.recipe))
            except ImageUnreadable as error:
                logger.error("%s: cannot read this image (%s); save it again as JPEG, PNG or WebP", shown, error)
                continue
            rendered += 1
        pictures[source] = picture_for(source, record)
        files[source] = cache.path(key, record["original"]["file"])
        for variant in record["variants"]:
            extension = variant["file"].rsplit(".", 1)[1]
            files[variant_name(source, variant["width"], extension, key)] = cache.path(key, variant["file"])
    for article in [*generator.articles, *generator.hidden_articles, *generator.drafts]:
        bulletin = getattr(article, "bulletin", None)
        if bulletin is not None and bulletin.image in pictures:
            article.picture = pictures[bulletin.image]
            bulletin.image_file = str(files[bulletin.image])
    generator.context[FILES_KEY] = files
    generator.context[SOURCES_KEY] = frozenset(pictures)
    logger.info("Responsive images: %s images, %s rendered, %s from cache", len(pictures), rendered,
                len(pictures) - rendered)  # fmt: skip


def skip_static_copies(generator) -> None:
    """Pelican's static generator would copy the originals with their EXIF; this plugin
    writes their clean copies instead, at the same URLs."""
    ours = generator.context.get(SOURCES_KEY, frozenset())
    keep = []
    for static in generator.staticfiles:
        relative = Path(os.path.relpath(static.source_path, generator.path)).as_posix()
        if relative not in ours:
            keep.append(static)
        elif static.save_as != relative:
            logger.error("%s: responsive_images publishes the clean copy at %s, but STATIC_SAVE_AS gives %s; "
                         "keep STATIC_SAVE_AS = '{path}'", relative, relative, static.save_as)  # fmt: skip
    generator.staticfiles[:] = keep


class ResponsiveImagesGenerator(CachedFilesGenerator):
    """Puts each clean original and variant from the cache into the site."""

    files_key = FILES_KEY


def get_generators(pelican):
    return ResponsiveImagesGenerator


def register() -> None:
    declare(SETTINGS)
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(process_images)
    signals.static_generator_finalized.connect(skip_static_copies)
    signals.get_generators.connect(get_generators)
