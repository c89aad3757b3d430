"""Warta: a static-site newsroom built on Pelican.

`PLUGINS = ["warta"]` loads this entry plugin, which registers every capability below in
this order. Pelican runs the handlers of one signal in the order they were connected, so
this list is the one place that decides which plugin sees the site first:

1. indonesian_dates   Jinja filters every template uses.
2. bulletins          checks every bulletin, gives each article its `bulletin`, lists the
                      urgent and current ones; everything after reads what it attached.
3. kecamatan_pages    a page per kecamatan and their index.
4. sitemap            sitemap.xml and robots.txt.
5. share_images       share cards per bulletin (previews and the kit measure them).
6. verification       the /cek/ pages behind each card's QR code.
7. manifest           manifest.json with the hashes of every bulletin.
8. permanence         redirects, urls.txt and the guard that no published URL vanishes.
9. syndication        RSS, Atom and JSON feeds per scope, OPML and /feeds/.
10. alerts            CAP 1.2 messages for darurat bulletins.
11. link_preview      Open Graph, Twitter and JSON-LD tags.
12. embeds            embed cards, oEmbed and the host header files.
13. repost_kit        WhatsApp and Telegram texts and share links.
14. broadcast         the outbox of channel messages `invoke broadcast` sends once each.
15. responsive_images clean copies and resized variants of content images.
16. search            the Pagefind index and /cari/.
17. lite              the text-only edition under /lite/.
18. offline           the service worker (/sw.js), what it keeps (/offline.json), /luring/.
19. digest            daily email digests per scope, into the outbox (no page).
20. editor            the form editor under /admin/ (opt-in), and its folder's host headers.
21. page_cache        re-renders only pages whose inputs changed (the writer, so last).

Each capability is also a Pelican plugin of its own (`PLUGINS = ["warta.search", ...]`);
plugins import only `warta.core`, never each other (tests/test_architecture.py checks it).
Each declares its settings once (`SETTINGS`, see core.registry); `declared_settings()`
gathers them for `invoke settings` and docs/settings.md.
"""

from importlib import import_module

CAPABILITIES = (
    "indonesian_dates", "bulletins", "kecamatan_pages", "sitemap", "share_images", "verification",
    "manifest", "permanence", "syndication", "alerts", "link_preview", "embeds", "repost_kit", "broadcast",
    "responsive_images", "search", "lite", "offline", "digest", "editor", "page_cache",
)  # fmt: skip


def register() -> None:
    for name in CAPABILITIES:
        import_module(f"{__name__}.{name}").register()


def declared_settings() -> dict[str, tuple]:
    """Every declared setting by plugin, the core's first, in the order of CAPABILITIES."""
    from .core.settings import SETTINGS

    groups = {"core": SETTINGS}
    for name in CAPABILITIES:
        groups[name] = getattr(import_module(f"{__name__}.{name}"), "SETTINGS", ())
    return groups
