"""Embeds: an embeddable card page and a static oEmbed file for every bulletin.

Writes `<bulletin URL>embed/` (a self-contained card: inline CSS, no JavaScript needed, at most
15 KB; `theme/templates/embed.html`) and `<bulletin URL>oembed.json` (oEmbed 1.0, type
"rich", its html the iframe snippet; `theme/templates/oembed.json`, so the page cache keeps
it like a page), and gives each bulletin (computed when first read) `article.embed` with the
iframe and no-JS blockquote snippets and the oEmbed discovery URL that
`_includes/article_meta.html` links. Also writes the response headers for static hosts
(`_headers` for Netlify and Cloudflare Pages, `nginx-headers.conf` for nginx): the
Content-Security-Policy and other security headers, the framing policy (card pages may be
framed by any site, no other page may), and the deploy table's content types and caching.

Settings: EMBEDS_WIDTH, EMBEDS_CACHE_AGE, EMBEDS_HEADERS_FILE, EMBEDS_NGINX_FILE (declared in
settings.SETTINGS); reads SITEURL, SITENAME, AUTHOR, ARTICLE_URL, ARTICLE_SAVE_AS,
the core's SYNDICATION_DIR and DEPLOY_IMMUTABLE (for `core.headers.HeaderRules`).
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
