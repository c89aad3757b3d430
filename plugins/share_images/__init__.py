"""Share images: cards in four ratios per published bulletin, for re-posting.

Open Graph 1200×630, square 1080×1080, portrait 1080×1350 and story 1080×1920, each with the
office's mark, type, title, Indonesian date, kecamatan, urgency / hoax-rebuttal / withdrawn /
expired bands, verification code, source domain and a QR code to the bulletin's check page.
Titles in any script the vendored fonts cover (Latin, Arabic, emoji) are drawn whole; a
character none has is left out with a build warning naming the bulletin.
The Open Graph card is a palette PNG beside the bulletin (`bagikan-og-<hash>.png`); the other
ratios are recorded as drawing operations (`bagikan-kartu-<hash>.json`) that the theme's
kartu.js draws in the reader's browser on request, with the fonts published under `bagikan/`.
Every published article gets `article.share_images` (files) and `article.share_images_drawn`
(ratio name -> content.ShareImage), and `article.share_poster` (content.SharePoster): an A4
poster for village notice boards, black on white, as a vector PDF
(`bagikan-poster-<hash>.pdf`, poster.py and pdf.py) with the title, key facts, summary, code
and a large QR code to the check page. Rendered once per content version into a cache folder
that holds current versions only; the host keeps earlier ones (`Output.keeps_on_host`).

Settings: SHARE_IMAGES_CACHE_DIR, SHARE_IMAGES_MARK, SHARE_IMAGES_PARALLEL_MIN,
SHARE_IMAGES_WORKERS (declared in settings.SETTINGS); also the core's VERIFICATION_URL (the
QR code's target) and TIMEZONE, and SITEURL, SITENAME, AUTHOR.
"""

from .plugin import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
