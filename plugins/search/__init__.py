"""Search: a Pagefind index of every bulletin page, built at build time, and the `/cari/` page.

Pagefind (the binary shipped in the pinned `pagefind-bin` wheel) runs over the bulletin
pages while the rest of the site is written, once per year of bulletins, and writes one
bundle per year to `pagefind/<year>/` (kept in `cache/search/`, and not indexed again while
that year's pages keep their bytes): the index in Bahasa Indonesia, with the filters `jenis`,
`kecamatan`, `tahun` and `status`, the sort `tanggal` and the metadata the results show,
all marked by the theme on bulletin pages (`data-pagefind-*`). Only the files the search
page and Pagefind's JavaScript API read are kept (plugin.prune). Searching runs in the
reader's browser from those static files; no server is involved. The search page's own
script (theme/static/js/cari.js) imports Pagefind's API from the newest bundle, merges the
other years into it and draws the results; without JavaScript the page links the archive
and the list pages. The context gets `search` (plugin.SearchPage).

Settings: SEARCH_URL, SEARCH_SAVE_AS, SEARCH_BUNDLE_DIR, SEARCH_LANGUAGE, SEARCH_CACHE_DIR
(declared in settings.SETTINGS); also RELATIVE_URLS.
"""

from .plugin import register
from .settings import SETTINGS

__all__ = ["SETTINGS", "register"]
