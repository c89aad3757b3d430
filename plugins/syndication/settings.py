"""Settings of the syndication plugin: declared once, frozen into `Config`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from warta.core.registry import Setting, SettingsError, accept, anything, optional, values, whole
from warta.core.settings import SETTINGS as CORE_SETTINGS
from warta.core.site import absolute

from .scopes import FORMATS

SUFFIXES = tuple(fmt.suffix for fmt in FORMATS)
SETTINGS = (
    Setting("SYNDICATION_MAX_ITEMS", 50, whole(1, None, "use a whole number of at least 1, e.g. 50"),
            "The most items one feed carries, newest first."),
    Setting("SYNDICATION_TAG_AUTHORITY", None, anything,
            "The authority of item ids (`tag:<authority>,<date>:<code>`); None takes SITEURL's host."),
    Setting("WEBSUB_HUB", None, optional(accept(lambda v: _is_http_url(v), "use None (no WebSub) or the hub's http(s) URL")),
            "The WebSub hub every feed names and `invoke publish` pings; None turns WebSub off."),
    Setting("SYNDICATION_WEBSUB_STATE", ".websub-state.json",
            accept(lambda v: isinstance(v, str) and bool(v), "use a file path, e.g. '.websub-state.json'"),
            "The file that remembers which feeds the hub was told about, relative to the project folder."),
    Setting("SYNDICATION_WEBSUB_TIMEOUT", 10,
            accept(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 120,
                   "use seconds between 0 and 120, e.g. 10"),
            "Seconds to wait for the WebSub hub."),
    Setting("SYNDICATION_EXTRA_FEEDS", (),
            accept(lambda v: isinstance(v, (tuple, list)) and all(
                isinstance(pair, (tuple, list)) and len(pair) == 2 and all(isinstance(x, str) and x for x in pair)
                and not pair[1].startswith("/") and pair[1].endswith(SUFFIXES) for pair in v),
                "use pairs of (title, site-relative path ending in one of " + ", ".join(SUFFIXES)
                + "), e.g. (('Peringatan', 'feeds/alerts.atom.xml'),)"),
            "Feeds other plugins write (title, site-relative path), listed in the OPML and on /feeds/."),
)  # fmt: skip
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
        return absolute(self.siteurl, relative)


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
    checked = values(settings, (*CORE_SETTINGS, *SETTINGS))
    authority = checked["SYNDICATION_TAG_AUTHORITY"]
    if authority is None and not AUTHORITY_FORM.match(urlsplit(siteurl).hostname or ""):
        # Item ids are tag: URIs (RFC 4151), which name a domain, never an IP address.
        raise SettingsError("SYNDICATION_TAG_AUTHORITY", authority, f"SITEURL's host "
                            f"{urlsplit(siteurl).hostname!r} is not a domain name; set a domain the "
                            "office owns, e.g. 'warta.karawangkab.go.id' ('localhost' for tests)")
    authority = authority or urlsplit(siteurl).hostname
    if not isinstance(authority, str) or not AUTHORITY_FORM.match(authority):
        raise SettingsError("SYNDICATION_TAG_AUTHORITY", authority, "use a domain name the "
                            "office owns, e.g. 'warta.karawangkab.go.id', or None for SITEURL's host")
    return Config(
        siteurl=siteurl.rstrip("/"),
        sitename=settings.get("SITENAME") or "Warta",
        author=settings.get("AUTHOR") or settings.get("SITENAME") or "Warta",
        language=settings.get("DEFAULT_LANG") or "id",
        timezone=checked["TIMEZONE"],
        max_items=checked["SYNDICATION_MAX_ITEMS"],
        directory=checked["SYNDICATION_DIR"],
        tag_authority=authority.lower(),
        hub=checked["WEBSUB_HUB"],
        state_file=checked["SYNDICATION_WEBSUB_STATE"],
        timeout=float(checked["SYNDICATION_WEBSUB_TIMEOUT"]),
        extra_feeds=tuple((title, path) for title, path in checked["SYNDICATION_EXTRA_FEEDS"]),
    )
