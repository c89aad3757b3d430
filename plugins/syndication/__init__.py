"""Syndication: RSS 2.0, Atom and JSON Feed 1.1 for every scope, with OPML, discovery and WebSub.

Writes, from one table of scopes (all bulletins, each type, each topic, each kecamatan,
urgent) and one table of formats, `feeds/…` files through feedgen (RSS, Atom) and its own
JSON Feed writer, plus `feeds/index.opml` and the partner directory page `feeds/index.html`.
Each feed is keyed in the page store by what its items are built from, so only feeds whose
key changed build their items, each bulletin's at most once per build. Adds `syndication` (a `Directory`) to the template
context for the `<link rel="alternate">` discovery links. `websub.announce()` is the
publish-time WebSub ping that `invoke publish` calls.

Settings: SYNDICATION_MAX_ITEMS, SYNDICATION_DIR, SYNDICATION_TAG_AUTHORITY, WEBSUB_HUB,
SYNDICATION_WEBSUB_STATE, SYNDICATION_WEBSUB_TIMEOUT (declared in settings.SETTINGS); reads
SITEURL, SITENAME, AUTHOR, DEFAULT_LANG and TIMEZONE.
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
