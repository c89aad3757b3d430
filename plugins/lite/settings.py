"""Settings of the lite edition: declared once, frozen into `Config`."""

from __future__ import annotations

from dataclasses import dataclass

from warta.core.registry import Setting, matching, values, whole

SETTINGS = (
    Setting("LITE_DIR", "lite", matching(r"[a-z0-9_-]+", "use one folder name of lower-case letters, digits, - or _, e.g. 'lite'"),
            "The folder of the text-only edition; every lite URL is this folder + the full page's URL."),
    # A lite page stays under 15 KB: about 250 bytes per listed bulletin.
    Setting("LITE_PER_PAGE", 30, whole(5, 40, "use a whole number from 5 to 40 (pages stay under 15 KB)"),
            "Bulletins per lite list page."),
    Setting("LITE_HOME_LATEST", 20, whole(1, 30, "use a whole number from 1 to 30 (the page stays under 15 KB)"),
            "Bulletins listed on the lite home page."),
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    folder: str  # every lite URL is `<folder>/` + the full page's URL
    per_page: int
    home_latest: int


def config_from(settings) -> Config:
    """The checked LITE_* settings, frozen."""
    checked = values(settings, SETTINGS)
    return Config(folder=checked["LITE_DIR"], per_page=checked["LITE_PER_PAGE"], home_latest=checked["LITE_HOME_LATEST"])
