"""The language Warta speaks to staff: Bahasa Indonesia unless told otherwise.

Every message staff read (bulletin problems, `invoke` tasks) is written as a pair at the
place it is raised, `say(language, "Indonesian…", "English…")`, so each stays readable
beside the code that needs it. The language is the `WARTA_LANG` environment variable when
set (`WARTA_LANG=en invoke check`), else the `STAFF_LANGUAGE` setting, else `id`.
"""

from __future__ import annotations

import os

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def staff_language(settings=None) -> str:
    """`id` or `en`; an unknown value falls back to Indonesian rather than failing a build."""
    chosen = os.environ.get("WARTA_LANG") or (settings or {}).get("STAFF_LANGUAGE") or DEFAULT_LANGUAGE
    chosen = chosen.strip().lower()[:2]
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def say(language: str, indonesian: str, english: str) -> str:
    return english if language == "en" else indonesian
