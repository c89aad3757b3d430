"""Settings of the link_preview plugin: declared once, frozen into `Config`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from warta.core.facts import PreviewImage
from warta.core.registry import Setting, SettingsError, accept, matching, optional, values
from warta.core.site import absolute

LOGO = "name a PNG or JPEG under content/, e.g. 'images/logo.png', or use None"

SETTINGS = (
    Setting("LINK_PREVIEW_LOCALE", "id_ID", matching(r"[a-z]{2,3}_[A-Z]{2}", "use a locale like 'id_ID'"),
            "The og:locale of every page."),
    Setting("LINK_PREVIEW_TWITTER_SITE", None,
            optional(matching(r"@\w{1,15}", "use None or an account like '@diskominfokrw'")),
            "The office's X (Twitter) account for twitter:site; None leaves it out."),
    Setting("LINK_PREVIEW_LOGO", None, optional(accept(lambda v: isinstance(v, str), LOGO)),
            "The office's logo for the JSON-LD publisher, a PNG or JPEG under content/; None leaves it out."),
    Setting("LINK_PREVIEW_COVID_TOPICS", ("COVID-19",),
            accept(lambda v: isinstance(v, (list, tuple, set, frozenset)) and all(isinstance(t, str) for t in v),
                   "use a list of topic names, e.g. ['COVID-19']"),
            "Topics that make an announcement a COVID-19 SpecialAnnouncement (category Q81068910)."),
)  # fmt: skip
COVID_CATEGORY = "https://www.wikidata.org/wiki/Q81068910"


@dataclass(frozen=True)
class Config:
    locale: str
    twitter_site: str | None
    logo: PreviewImage | None
    covid_topics: frozenset[str]


def _logo(settings, path) -> PreviewImage | None:
    if path is None:
        return None
    try:
        with Image.open(Path(settings["PATH"]) / path) as picture:
            width, height = picture.size
            mime = Image.MIME.get(picture.format or "", "")
    except (OSError, UnidentifiedImageError):
        raise SettingsError("LINK_PREVIEW_LOGO", path, LOGO) from None
    return PreviewImage(absolute(settings, path), width, height, mime)


def config_from(settings) -> Config:
    checked = values(settings, SETTINGS)
    return Config(checked["LINK_PREVIEW_LOCALE"], checked["LINK_PREVIEW_TWITTER_SITE"],
                  _logo(settings, checked["LINK_PREVIEW_LOGO"]),
                  frozenset(t.casefold() for t in checked["LINK_PREVIEW_COVID_TOPICS"]))  # fmt: skip
