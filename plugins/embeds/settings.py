"""Settings of the embeds plugin: declared once, frozen into `Config`."""

from __future__ import annotations

from dataclasses import dataclass

from warta.core.registry import Setting, SettingsError, matching, optional, values, whole

FILE_NAME = "use None or a plain file name written at the top of the output"
SETTINGS = (
    Setting("EMBEDS_WIDTH", 550, whole(200, 1200, "use a whole number of pixels from 200 to 1200"),
            "The embed iframe's largest width in CSS pixels, as oEmbed reports it."),
    Setting("EMBEDS_CACHE_AGE", 3600, optional(whole(0, None, "use None or a whole number of seconds")),
            "The oEmbed cache_age in seconds (cards change with corrections); None leaves it out."),
    Setting("EMBEDS_HEADERS_FILE", "_headers", optional(matching(r"[^/.][^/]*", FILE_NAME)),
            "The Netlify / Cloudflare Pages header file; None writes none."),
    Setting("EMBEDS_NGINX_FILE", "nginx-headers.conf", optional(matching(r"[^/.][^/]*", FILE_NAME)),
            "The nginx header snippet; None writes none."),
)  # fmt: skip
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


def config_from(settings) -> Config:
    checked = values(settings, SETTINGS)
    article_url = settings["ARTICLE_URL"]
    if not article_url.endswith("/") or not settings["ARTICLE_SAVE_AS"].endswith("/index.html"):
        raise SettingsError("ARTICLE_URL", article_url, "embed cards need folder URLs ending in '/' "
                            "saved as '…/index.html', e.g. '{date:%Y}/{date:%m}/{slug}/'")  # fmt: skip
    return Config(
        siteurl=settings["SITEURL"], site_name=settings.get("SITENAME", ""), width=checked["EMBEDS_WIDTH"],
        cache_age=checked["EMBEDS_CACHE_AGE"], headers_file=checked["EMBEDS_HEADERS_FILE"],
        nginx_file=checked["EMBEDS_NGINX_FILE"], article_url=article_url,
    )  # fmt: skip
