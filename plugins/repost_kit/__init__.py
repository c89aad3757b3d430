"""Re-post kit ("Bagikan"): copy-ready WhatsApp, Telegram and SMS texts, plain share links, share
image downloads, the notice-board poster and embed codes on every bulletin page.

Gives each published or withdrawn bulletin `article.repost_kit` (see plugin.RepostKit) that
`_includes/bagikan.html` renders; the texts are composed by `warta.core.texts` (the
broadcast plugin sends the same ones); the embed codes come from the embeds plugin
(`article.embed`) and the images and the poster from the share images plugin. No third-party scripts: the
share links are plain links, and the copy buttons come from the optional `salin.js`.

Settings: REPOST_KIT_NETWORKS, REPOST_KIT_WHATSAPP_MAX (declared in settings.SETTINGS).
"""

from .plugin import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
