"""Settings of the syndication plugin: defaults in one mapping, validated once into `Config`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from warta.core.settings import SettingsError

from .scopes import FORMATS

DEFAULTS = {
    "SYNDICATION_MAX_ITEMS": 50,
    "SYNDICATION_DIR": "feeds",
    # The authority of item ids (`tag:<authority>,<date>:<code>`); None takes SITEURL's host.
    "SYNDICATION_TAG_AUTHORITY": None,
    "WEBSUB_HUB": None,
    "SYNDICATION_WEBSUB_STATE": ".websub-state.json",
    "SYNDICATION_WEBSUB_TIMEOUT": 10,
    # Feeds other plugins write (title, site-relative path), listed in the OPML and on /feeds/.
    "SYNDICATION_EXTRA_FEEDS": (),
}

DIR_FORM = re.compile(r"^[a-z0-9_-]+(?:/[a-z0-9_-]+)*$")
AUTHORITY_FORM = re.compile(r"^[A-Za-z0-9.-]+(?:\.[A-Za-z]{2,}|localhost)$|^localhost$")


@dataclass(frozen=True)
class Config:
    siteurl: str
    sitename: str
    author: str
    language: str
    timezone: str
    max_items: int
    directory: str
    tag_authority: str
    hub: str | None
    state_file: str
    timeout: float
    extra_feeds: tuple[tuple[str, str], ...] = ()

    def absolute(self, relative: str) -> str:
        return f"{self.siteurl}/{relative}"


def setting(settings, key: str):
    return settings.get(key, DEFAULTS[key])


def _is_http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def config_from(settings) -> Config:
    """Validate the plugin's settings and freeze them; errors name key, value and the fix."""
    siteurl = settings.get("SITEURL") or ""
    if not _is_http_url(siteurl):
        raise SettingsError("SITEURL", siteurl, "feeds need absolute links; use an http(s) origin "
                            "such as 'http://localhost:8000'")  # fmt: skip
    max_items = setting(settings, "SYNDICATION_MAX_ITEMS")
    if isinstance(max_items, bool) or not isinstance(max_items, int) or max_items < 1:
        raise SettingsError("SYNDICATION_MAX_ITEMS", max_items, "use a whole number of at least 1, e.g. 50")
    directory = setting(settings, "SYNDICATION_DIR")
    if not isinstance(directory, str) or not DIR_FORM.match(directory):
        raise SettingsError("SYNDICATION_DIR", directory, "use a relative folder of lowercase "
                            "letters, digits, '-' and '_', e.g. 'feeds'")  # fmt: skip
    authority = setting(settings, "SYNDICATION_TAG_AUTHORITY")
    if authority is None and not AUTHORITY_FORM.match(urlsplit(siteurl).hostname or ""):
        # Item ids are tag: URIs (RFC 4151), which name a domain, never an IP address.
        raise SettingsError("SYNDICATION_TAG_AUTHORITY", authority, f"SITEURL's host "
                            f"{urlsplit(siteurl).hostname!r} is not a domain name; set a domain the "
                            "office owns, e.g. 'warta.karawangkab.go.id' ('localhost' for tests)")
    authority = authority or urlsplit(siteurl).hostname
    if not isinstance(authority, str) or not AUTHORITY_FORM.match(authority):
        raise SettingsError("SYNDICATION_TAG_AUTHORITY", authority, "use a domain name the "
                            "office owns, e.g. 'warta.karawangkab.go.id', or None for SITEURL's host")
    hub = setting(settings, "WEBSUB_HUB")
    if hub is not None and not _is_http_url(hub):
        raise SettingsError("WEBSUB_HUB", hub, "use None (no WebSub) or the hub's http(s) URL")
    state = setting(settings, "SYNDICATION_WEBSUB_STATE")
    if not isinstance(state, str) or not state:
        raise SettingsError("SYNDICATION_WEBSUB_STATE", state, "use a file path, e.g. '.websub-state.json'")
    timeout = setting(settings, "SYNDICATION_WEBSUB_TIMEOUT")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 120:
        raise SettingsError("SYNDICATION_WEBSUB_TIMEOUT", timeout, "use seconds between 0 and 120, e.g. 10")
    extra = setting(settings, "SYNDICATION_EXTRA_FEEDS")
    suffixes = tuple(fmt.suffix for fmt in FORMATS)
    if not isinstance(extra, (tuple, list)) or not all(
        isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(v, str) and v for v in pair)
        and not pair[1].startswith("/") and pair[1].endswith(suffixes) for pair in extra
    ):
        raise SettingsError("SYNDICATION_EXTRA_FEEDS", extra, "use pairs of (title, site-relative path "
                            f"ending in one of {', '.join(suffixes)}), e.g. (('Peringatan', 'feeds/alerts.atom.xml'),)")
    return Config(
        siteurl=siteurl.rstrip("/"),
        sitename=settings.get("SITENAME") or "Warta",
        author=settings.get("AUTHOR") or settings.get("SITENAME") or "Warta",
        language=settings.get("DEFAULT_LANG") or "id",
        timezone=settings.get("TIMEZONE") or "Asia/Jakarta",
        max_items=max_items,
        directory=directory,
        tag_authority=authority.lower(),
        hub=hub,
        state_file=state,
        timeout=float(timeout),
        extra_feeds=tuple((title, path) for title, path in extra),
    )
