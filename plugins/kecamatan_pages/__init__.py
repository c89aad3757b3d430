"""Kecamatan pages: a paginated list of bulletins for each kecamatan and an index of all.

Whole-regency bulletins appear on every kecamatan's page. Adds `kecamatan_areas` (each
with its bulletins) and `regency_areas` (names and links only) to the template context and
renders `kecamatan.html` (with `area`) and `kecamatan_index.html`.
Reads KECAMATAN_SAVE_AS and KECAMATAN_INDEX_SAVE_AS (defaults in the bulletins plugin).
"""

from .generator import register

__all__ = ["register"]
