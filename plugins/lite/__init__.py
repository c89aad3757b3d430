"""Lite edition: text-only twins of the home page, every bulletin and the type, kecamatan
and topic lists under `/lite/`, for emergencies and very slow connections.

No images (an image leaves its alt text), no scripts, a few hundred bytes of inline CSS,
every page under 15 KB (lists are paged). Each lite page has `rel=canonical` to its full
page and links back to it; the current darurat bulletins are pinned on every lite page. A
redirect in the permanence plugin's file also moves the lite twin of the page. Templates
get the filters `url|lite` (a full page's lite twin) and `html|text_only`, and the context
`lite_indexes` (list kind -> lite index URL), for the "Versi ringan" link in the full
site's header.

Settings: LITE_DIR, LITE_PER_PAGE, LITE_HOME_LATEST (declared in settings.SETTINGS); also
CATEGORIES_URL, TAGS_URL, KECAMATAN_INDEX_URL and PERMANENCE_REDIRECTS_FILE.
"""

from .generator import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
