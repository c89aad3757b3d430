"""Offline reading: a service worker of Warta's own that keeps the current emergencies, the
lite edition's newest pages and every page a reader opened readable without a network.

Writes `sw.js` at the site root (a worker controls only pages at or below its own folder),
`offline.json` (what every reader's browser keeps ahead of need, with a revision of each file,
and the recent emergencies with their expiry, so a kept copy never shows an emergency that
has ended as current) and the offline page `luring/` the worker shows for a page it has not
kept. Full pages load a small optional script that registers the worker; lite pages stay
script-free and are kept all the same. The worker itself is `sw.js` beside this file.

Settings: OFFLINE_URL, OFFLINE_SAVE_AS, OFFLINE_LITE_LATEST, OFFLINE_MAX_PAGES,
OFFLINE_MAX_BYTES, OFFLINE_TIMEOUT (declared in generator.SETTINGS); also LITE_DIR (the lite
plugin's, when it is on), TIMEZONE, DEPLOY_IMMUTABLE, SITEURL and SITENAME.
"""

from .generator import SETTINGS, register

__all__ = ["SETTINGS", "register"]
