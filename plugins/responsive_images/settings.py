"""Settings of the responsive-images plugin: declared once, frozen into `Config`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from warta.core.registry import Setting, accept, is_whole, optional, values, whole
from warta.core.settings import project_root

from .process import Recipe

QUALITY = "use a whole number from 30 to 95"
SETTINGS = (
    Setting("RESPONSIVE_IMAGES_CACHE_DIR", "cache/responsive-images",
            accept(lambda v: isinstance(v, (str, os.PathLike)) and bool(str(v).strip()), "name a folder, e.g. 'cache/responsive-images'"),
            "The folder of cleaned and resized images, kept between builds, relative to the project folder."),
    Setting("RESPONSIVE_IMAGES_WIDTHS", (480, 800, 1200),
            accept(lambda v: isinstance(v, (tuple, list)) and bool(v) and all(is_whole(w, 16, 8000) for w in v),
                   "use a tuple of widths in pixels between 16 and 8000, e.g. (480, 800, 1200)"),
            "The widths of each content image's resized variants, in pixels."),
    Setting("RESPONSIVE_IMAGES_WEBP_QUALITY", 80, whole(30, 95, QUALITY), "The WebP quality of the variants."),
    Setting("RESPONSIVE_IMAGES_JPEG_QUALITY", 82, whole(30, 95, QUALITY), "The JPEG quality of the variants."),
    Setting("RESPONSIVE_IMAGES_WARN_BYTES", 1_000_000,
            optional(whole(1, 10**10, "use None (no warning) or a size in bytes, e.g. 1000000")),
            "Warn about a content image larger than this many bytes; None never warns."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    cache_dir: Path
    recipe: Recipe
    warn_bytes: int | None
    content: Path
    static_paths: tuple[str, ...]


def config_from(settings) -> Config:
    """The checked RESPONSIVE_IMAGES_* settings, frozen."""
    checked = values(settings, SETTINGS)
    return Config(
        cache_dir=(project_root(settings) / checked["RESPONSIVE_IMAGES_CACHE_DIR"]).resolve(),
        recipe=Recipe(tuple(sorted(set(checked["RESPONSIVE_IMAGES_WIDTHS"]))), checked["RESPONSIVE_IMAGES_WEBP_QUALITY"],
                      checked["RESPONSIVE_IMAGES_JPEG_QUALITY"]),  # fmt: skip
        warn_bytes=checked["RESPONSIVE_IMAGES_WARN_BYTES"],
        content=Path(settings["PATH"]).resolve(),
        static_paths=tuple(settings.get("STATIC_PATHS") or ()),
    )
