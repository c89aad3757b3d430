"""Bulletins: Warta's content model, validated on every build.

Checks every bulletin's header against one schema before Pelican reads it and fails the
build with `path:line: field: problem; fix` for each problem found; a file unchanged
since an earlier build is not checked again (its result is kept in `cache/checks/`, see
core.check.CheckCache). Maps `type` onto Pelican's category and `topics` onto tags, keeps
withdrawn bulletins at their URL, and gives each article a `bulletin` (see model.Bulletin).
Adds `urgent_bulletins`, `current_notices`, `kecamatan_areas` (each kecamatan with its
bulletins) and `regency_areas` (names and links only) to the template context, for templates
and every later plugin.

Settings: BULLETINS_AREAS_FILE, BULLETINS_CODE_PREFIX, BULLETINS_SUMMARY_MAX,
BULLETINS_NOW, BULLETINS_CURRENT_MAX, BULLETINS_URGENT_MAX, KECAMATAN_URL (the core's, declared in warta.core.settings.SETTINGS).
"""

from .plugin import register

__all__ = ["register"]
