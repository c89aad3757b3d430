"""Settings of the embeds plugin: defaults, validation and the frozen `Config`."""

from __future__ import annotations

from dataclasses import dataclass

from warta.core.settings import SettingsError

DEFAULTS = {
    "EMBEDS_WIDTH": 550,  # the iframe's largest width in CSS pixels, as oEmbed reports it
    "EMBEDS_CACHE_AGE": 3600,  # oEmbed cache_age in seconds: cards change with corrections
    "EMBEDS_HEADERS_FILE": "_headers",  # Netlify / Cloudflare Pages; None writes none
    "EMBEDS_NGINX_FILE": "nginx-headers.conf",  # an nginx snippet; None writes none
}
CARD_PATH = "embed/"  # the card page lives at <bulletin URL>embed/
OEMBED_FILE = "oembed.json"  # and the oEmbed file at <bulletin URL>oembed.json
HEIGHT_SCRIPT = "theme/js/kartu-tinggi.js"  # on the card page: reports its height to the parent
RESIZE_SCRIPT = "theme/js/sematkan.js"  # on the embedding page: sizes the iframe to that height


@dataclass(frozen=True)
class Config:
    siteurl: str
    site_name: str
    width: int
    cache_age: int | None
    headers_file: str | None
    nginx_file: str | None
    article_url: str  # Pelican's ARTICLE_URL pattern, e.g. "{date:%Y}/{date:%m}/{slug}/"


def setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def _file_name(settings, key: str) -> str | None:
    name = setting(settings, key)
    if name is None or (isinstance(name, str) and name and "/" not in name and not name.startswith(".")):
        return name
    raise SettingsError(key, name, "use None or a plain file name written at the top of the output")


def config_from(settings) -> Config:
    width = setting(settings, "EMBEDS_WIDTH")
    if not isinstance(width, int) or isinstance(width, bool) or not 200 <= width <= 1200:
        raise SettingsError("EMBEDS_WIDTH", width, "use a whole number of pixels from 200 to 1200")
    cache_age = setting(settings, "EMBEDS_CACHE_AGE")
    if cache_age is not None and (not isinstance(cache_age, int) or isinstance(cache_age, bool) or cache_age < 0):
        raise SettingsError("EMBEDS_CACHE_AGE", cache_age, "use None or a whole number of seconds")
    article_url = settings["ARTICLE_URL"]
    if not article_url.endswith("/") or not settings["ARTICLE_SAVE_AS"].endswith("/index.html"):
        raise SettingsError("ARTICLE_URL", article_url, "embed cards need folder URLs ending in '/' "
                            "saved as '…/index.html', e.g. '{date:%Y}/{date:%m}/{slug}/'")  # fmt: skip
    return Config(
        siteurl=settings["SITEURL"], site_name=settings.get("SITENAME", ""), width=width,
        cache_age=cache_age, headers_file=_file_name(settings, "EMBEDS_HEADERS_FILE"),
        nginx_file=_file_name(settings, "EMBEDS_NGINX_FILE"), article_url=article_url,
    )  # fmt: skip
