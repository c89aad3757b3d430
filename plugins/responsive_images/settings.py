"""Settings of the responsive-images plugin: defaults in one mapping, validated once into `Config`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from warta.core.settings import SettingsError, project_root

from .process import Recipe

DEFAULTS = {
    "RESPONSIVE_IMAGES_CACHE_DIR": "cache/responsive-images",
    "RESPONSIVE_IMAGES_WIDTHS": (480, 800, 1200),
    "RESPONSIVE_IMAGES_WEBP_QUALITY": 80,
    "RESPONSIVE_IMAGES_JPEG_QUALITY": 82,
    "RESPONSIVE_IMAGES_WARN_BYTES": 1_000_000,
}


@dataclass(frozen=True)
class Config:
    cache_dir: Path
    recipe: Recipe
    warn_bytes: int | None
    content: Path
    static_paths: tuple[str, ...]


def _setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def config_from(settings) -> Config:
    """Validate the RESPONSIVE_IMAGES_* settings; each error names the key, value and what is allowed."""
    cache = _setting(settings, "RESPONSIVE_IMAGES_CACHE_DIR")
    if not isinstance(cache, (str, os.PathLike)) or not str(cache).strip():
        raise SettingsError("RESPONSIVE_IMAGES_CACHE_DIR", cache, "name a folder, e.g. 'cache/responsive-images'")
    widths = _setting(settings, "RESPONSIVE_IMAGES_WIDTHS")
    if not isinstance(widths, (tuple, list)) or not widths or not all(_whole(w, 16, 8000) for w in widths):
        raise SettingsError("RESPONSIVE_IMAGES_WIDTHS", widths,
                            "use a tuple of widths in pixels between 16 and 8000, e.g. (480, 800, 1200)")  # fmt: skip
    qualities = {}
    for key in ("RESPONSIVE_IMAGES_WEBP_QUALITY", "RESPONSIVE_IMAGES_JPEG_QUALITY"):
        qualities[key] = _setting(settings, key)
        if not _whole(qualities[key], 30, 95):
            raise SettingsError(key, qualities[key], "use a whole number from 30 to 95")
    warn = _setting(settings, "RESPONSIVE_IMAGES_WARN_BYTES")
    if warn is not None and not _whole(warn, 1, 10**10):
        raise SettingsError("RESPONSIVE_IMAGES_WARN_BYTES", warn,
                            "use None (no warning) or a size in bytes, e.g. 1000000")  # fmt: skip
    return Config(
        cache_dir=(project_root(settings) / cache).resolve(),
        recipe=Recipe(tuple(sorted(set(widths))), qualities["RESPONSIVE_IMAGES_WEBP_QUALITY"],
                      qualities["RESPONSIVE_IMAGES_JPEG_QUALITY"]),  # fmt: skip
        warn_bytes=warn,
        content=Path(settings["PATH"]).resolve(),
        static_paths=tuple(settings.get("STATIC_PATHS") or ()),
    )
