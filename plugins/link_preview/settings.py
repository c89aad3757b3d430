"""Settings of the link_preview plugin: defaults, validation and the frozen `Config`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from warta.core.settings import SettingsError

from warta.core.facts import PreviewImage

DEFAULTS = {
    "LINK_PREVIEW_LOCALE": "id_ID",
    # The office's X (Twitter) account for twitter:site, e.g. "@diskominfokrw"; None leaves it out.
    "LINK_PREVIEW_TWITTER_SITE": None,
    # The office's logo for the JSON-LD publisher, a path under content/; None leaves it out.
    "LINK_PREVIEW_LOGO": None,
    # Topics that make an announcement a COVID-19 SpecialAnnouncement (category Q81068910).
    "LINK_PREVIEW_COVID_TOPICS": ("COVID-19",),
}
COVID_CATEGORY = "https://www.wikidata.org/wiki/Q81068910"


@dataclass(frozen=True)
class Config:
    locale: str
    twitter_site: str | None
    logo: PreviewImage | None
    covid_topics: frozenset[str]


def setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def _logo(settings) -> PreviewImage | None:
    path = setting(settings, "LINK_PREVIEW_LOGO")
    if path is None:
        return None
    allowed = "name a PNG or JPEG under content/, e.g. 'images/logo.png', or use None"
    if not isinstance(path, str):
        raise SettingsError("LINK_PREVIEW_LOGO", path, allowed)
    try:
        with Image.open(Path(settings["PATH"]) / path) as picture:
            width, height = picture.size
            mime = Image.MIME.get(picture.format or "", "")
    except (OSError, UnidentifiedImageError):
        raise SettingsError("LINK_PREVIEW_LOGO", path, allowed) from None
    return PreviewImage(f"{settings['SITEURL']}/{path}", width, height, mime)


def config_from(settings) -> Config:
    locale = setting(settings, "LINK_PREVIEW_LOCALE")
    if not isinstance(locale, str) or not re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", locale):
        raise SettingsError("LINK_PREVIEW_LOCALE", locale, "use a locale like 'id_ID'")
    handle = setting(settings, "LINK_PREVIEW_TWITTER_SITE")
    if handle is not None and not (isinstance(handle, str) and re.fullmatch(r"@\w{1,15}", handle)):
        raise SettingsError("LINK_PREVIEW_TWITTER_SITE", handle, "use None or an account like '@diskominfokrw'")
    topics = setting(settings, "LINK_PREVIEW_COVID_TOPICS")
    if not isinstance(topics, (list, tuple, set, frozenset)) or not all(isinstance(t, str) for t in topics):
        raise SettingsError("LINK_PREVIEW_COVID_TOPICS", topics, "use a list of topic names, e.g. ['COVID-19']")
    return Config(locale, handle, _logo(settings), frozenset(t.casefold() for t in topics))
