"""Kecamatan pages: a paginated list of bulletins for each kecamatan and an index of all.

Whole-regency bulletins appear on every kecamatan's page. Renders `kecamatan.html` (with
`area`) for each of the context's `kecamatan_areas` (grouped by the bulletins plugin, so that
feeds, the sitemap and the lite edition see them whatever the plugin order) and
`kecamatan_index.html`. Reads KECAMATAN_INDEX_SAVE_AS and KECAMATAN_INDEX_URL (core settings).
"""

from .generator import register

__all__ = ["register"]
