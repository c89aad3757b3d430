"""Settings of the share-images plugin: declared once, frozen into `Config`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from warta.core.registry import Setting, SettingsError, accept, optional, values, whole
from warta.core.settings import SETTINGS as CORE_SETTINGS, project_root

SETTINGS = (
    Setting("SHARE_IMAGES_CACHE_DIR", "cache/share-images",
            accept(lambda v: isinstance(v, (str, os.PathLike)) and bool(str(v).strip()), "name a folder, e.g. 'cache/share-images'"),
            "The folder of rendered share images, kept between builds, relative to the project folder."),
    Setting("SHARE_IMAGES_MARK", None,
            optional(accept(lambda v: isinstance(v, (str, os.PathLike)), "use None or a PNG file in the project, e.g. 'data/logo.png'")),
            "The office's emblem, a PNG with transparency relative to the project folder; None draws one."),
    Setting("SHARE_IMAGES_PARALLEL_MIN", 8, whole(1, None, "use a whole number of at least 1"),
            "Render in parallel processes from this many images to render on."),
    Setting("SHARE_IMAGES_WORKERS", None, optional(whole(1, None, "use None (one per core) or a whole number of at least 1")),
            "The number of rendering processes; None is one per core."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    cache_dir: Path  # this site's own folder inside SHARE_IMAGES_CACHE_DIR
    verify_url: str  # VERIFICATION_URL: a pattern with {code}, relative to SITEURL
    mark: Path | None  # a PNG with transparency, or None for the drawn emblem
    parallel_min: int
    workers: int
    siteurl: str
    domain: str
    site_name: str
    office: str
    timezone: str


def site_key(siteurl: str) -> str:
    """The cache's sub-folder for one site, e.g. 'https-warta.karawangkab.go.id': versions
    rendered for another SITEURL (a test server, a preview host) are never published here."""
    parts = urlsplit(siteurl)
    return re.sub(r"[^A-Za-z0-9.]+", "-", f"{parts.scheme}-{parts.netloc}{parts.path}").strip("-")


def config_from(settings) -> Config:
    """The checked SHARE_IMAGES_* settings (and VERIFICATION_URL, the core's), frozen."""
    checked = values(settings, (*CORE_SETTINGS, *SETTINGS))
    root = project_root(settings)
    mark = checked["SHARE_IMAGES_MARK"]
    if mark is not None:
        mark = root / mark
        if mark.suffix.lower() != ".png" or not mark.is_file():
            raise SettingsError("SHARE_IMAGES_MARK", str(mark),
                                "use None or a PNG file in the project, e.g. 'data/logo.png'")  # fmt: skip
    siteurl = settings.get("SITEURL") or ""
    domain = urlsplit(siteurl).netloc
    if not domain:
        raise SettingsError("SITEURL", siteurl, "share images print the site's domain; use an absolute URL, "
                            "e.g. 'https://warta.karawangkab.go.id'")  # fmt: skip
    return Config(
        cache_dir=(root / checked["SHARE_IMAGES_CACHE_DIR"]).resolve() / site_key(siteurl),
        verify_url=checked["VERIFICATION_URL"],
        mark=mark,
        parallel_min=checked["SHARE_IMAGES_PARALLEL_MIN"],
        workers=checked["SHARE_IMAGES_WORKERS"] or os.cpu_count() or 2,
        siteurl=siteurl.rstrip("/"),
        domain=domain,
        site_name=settings.get("SITENAME") or "",
        office=settings.get("AUTHOR") or "",
        timezone=checked["TIMEZONE"],
    )
