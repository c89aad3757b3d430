"""Settings of the lite edition: defaults in one mapping, validated once into `Config`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.core.settings import SettingsError

DEFAULTS = {
    "LITE_DIR": "lite",
    "LITE_PER_PAGE": 30,
    "LITE_HOME_LATEST": 20,
}


@dataclass(frozen=True)
class Config:
    folder: str  # every lite URL is `<folder>/` + the full page's URL
    per_page: int
    home_latest: int


def _setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def config_from(settings) -> Config:
    """Validate the LITE_* settings; each error names the key, value and what is allowed."""
    folder = _setting(settings, "LITE_DIR")
    if not isinstance(folder, str) or not re.fullmatch(r"[a-z0-9_-]+", folder):
        raise SettingsError("LITE_DIR", folder,
                            "use one folder name of lower-case letters, digits, - or _, e.g. 'lite'")  # fmt: skip
    # A lite page stays under 15 KB: about 250 bytes per listed bulletin.
    per_page = _setting(settings, "LITE_PER_PAGE")
    if not _whole(per_page, 5, 40):
        raise SettingsError("LITE_PER_PAGE", per_page, "use a whole number from 5 to 40 (pages stay under 15 KB)")
    latest = _setting(settings, "LITE_HOME_LATEST")
    if not _whole(latest, 1, 30):
        raise SettingsError("LITE_HOME_LATEST", latest, "use a whole number from 1 to 30 (the page stays under 15 KB)")
    return Config(folder=folder, per_page=per_page, home_latest=latest)
