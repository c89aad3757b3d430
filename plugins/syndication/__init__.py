"""Syndication: RSS 2.0, Atom and JSON Feed 1.1 for every scope, with OPML, discovery and WebSub.

Builds one item per bulletin once and writes, from one table of scopes (all bulletins, each
type, each topic, each kecamatan, urgent) and one table of formats, `feeds/…` files through
feedgen (RSS, Atom) and its own JSON Feed writer, plus `feeds/index.opml` and the partner
directory page `feeds/index.html`. Adds `syndication` (a `Directory`) to the template
context for the `<link rel="alternate">` discovery links. `websub.announce()` is the
publish-time WebSub ping that `invoke publish` calls.

Settings: SYNDICATION_MAX_ITEMS, SYNDICATION_DIR, SYNDICATION_TAG_AUTHORITY, WEBSUB_HUB,
SYNDICATION_WEBSUB_STATE, SYNDICATION_WEBSUB_TIMEOUT (declared in settings.SETTINGS); reads
SITEURL, SITENAME, AUTHOR, DEFAULT_LANG and TIMEZONE.
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
