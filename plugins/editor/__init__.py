"""Editor: a form editor for staff who do not use git, at /admin/ (opt-in, EDITOR_ENABLED).

Decap CMS (a pinned build fetched once from the npm registry into the cache and served from
the site, `bundle.py`) with a configuration generated from the schema (`config.py`): select
boxes for exactly the types, urgencies, statuses and kecamatan the schema accepts (kecamatan
by name, saving codes), the schema's required fields and formats, labels and help in Bahasa
Indonesia, and the editorial workflow, so every change becomes a pull or merge request. The
page's script (`warta-editor.js`) reads and writes Warta's own header format, so a file the
form writes passes `invoke check` as it is, and assigns the next free verification code from
`kode.json`, the codes in use, which the build publishes beside the page.

The page is `noindex` (meta robots and X-Robots-Tag), linked from nowhere, outside the
sitemap, search, manifest, feeds and urls.txt; the relaxed Content-Security-Policy Decap needs
is sent for its folder alone (`core.headers.FolderHeaders`, written by the embeds plugin's
host files). `invoke editor` runs it locally against decap-server.

Settings: EDITOR_* (declared in generator.SETTINGS); reads ARTICLE_PATHS, SITEURL, SITENAME
and the core's rules (code prefix, kecamatan, summary length, time zone).
"""

from .generator import SETTINGS, register

__all__ = ["SETTINGS", "register"]
