"""Search: a Pagefind index of every bulletin page, built at build time, and the `/cari/` page.

Pagefind (the binary shipped in the pinned `pagefind-bin` wheel) runs once the whole site is
written, over the build's own output, and writes its bundle to `pagefind/`: the index in
Bahasa Indonesia, with the filters `jenis` and `kecamatan` and the sort `tanggal` that the
theme marks on bulletin pages (`data-pagefind-body`, `data-pagefind-filter`). Searching
runs in the reader's browser from those static files; no server is involved. The search
page loads Pagefind's default UI from the bundle; without JavaScript it links the archive
and the list pages. The context gets `search` (plugin.SearchPage) for the navigation.

Settings: SEARCH_URL, SEARCH_SAVE_AS, SEARCH_BUNDLE_DIR, SEARCH_LANGUAGE (defaults in
settings.DEFAULTS); also RELATIVE_URLS.
"""

from .plugin import register

__all__ = ["register"]
