"""Broadcast on publish: the build leaves each bulletin's newest version (first
publication, an update with its change note, a withdrawal with its reason) in the outbox,
with the Telegram caption, the Mastodon status and the ntfy notification already composed
within each channel's limits (`outbox/broadcast.json`, see outbox.py). The build holds no
secret; `invoke broadcast` (send.py, with apprise) sends it from the deploy job to the
targets in WARTA_BROADCAST_URLS, once per version and target (warta.core.ledger).

Settings: BROADCAST_WINDOW_HOURS, BROADCAST_LEDGER, BROADCAST_MASTODON_MAX,
BROADCAST_TELEGRAM_API (declared in settings.SETTINGS); the core's OUTBOX_PATH.
"""

from .plugin import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
