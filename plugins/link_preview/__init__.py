"""Link previews: Open Graph and Twitter tags and schema.org JSON-LD for every bulletin.

Gives each published or withdrawn bulletin `article.link_preview` (see plugin.LinkPreview):
the `<meta>` tags (og:*, article:*, twitter:*) and the JSON-LD objects (NewsArticle for every
bulletin, SpecialAnnouncement for announcements, ClaimReview for hoax rebuttals) that
`_includes/article_meta.html` renders. The preview image is the bulletin's 1200x630 share
image (`article.share_images["og"]`), else its own `image`. `facts.py` holds the plain
per-bulletin data that the embeds and repost_kit plugins read too.

Settings: LINK_PREVIEW_LOCALE, LINK_PREVIEW_TWITTER_SITE, LINK_PREVIEW_LOGO,
LINK_PREVIEW_COVID_TOPICS (declared in settings.SETTINGS); reads SITENAME, SITEURL, AUTHOR.
"""

from .plugin import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
