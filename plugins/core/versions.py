"""A bulletin's versions, the one rule for which edits residents hear about.

The versions: its first publication (`/v1`), each major change note (`/v2`, `/v3`, …, marked
`[DIPERBARUI]` with the note), and its withdrawal (`/dicabut`, with the reason). A minor edit
adds no change note, so it makes no new version and the key stays the same. The broadcast
announces the newest version; the preview report on a pull request shows the change note
readers will see, or says that a minor edit is not announced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PUBLISHED, UPDATED, WITHDRAWN = "terbit", "diperbarui", "dicabut"


@dataclass(frozen=True)
class Version:
    key: str  # stable: the code and the version, e.g. KRW-210220-01/v3 or KRW-210125-01/dicabut
    kind: str  # PUBLISHED, UPDATED or WITHDRAWN
    number: int  # 1 for the publication, 1 + the number of change notes for an update
    time: datetime  # when this version appeared: the date, the newest change note
    note: str = ""  # an update's change note


def version_key(bulletin) -> str:
    """The key of the bulletin's newest version, expired or not: what an edit must change to
    be announced."""
    if bulletin.is_withdrawn:
        return f"{bulletin.code}/{WITHDRAWN}"
    return f"{bulletin.code}/v{1 + len(bulletin.changes)}"


def newest_version(bulletin) -> Version | None:
    """The version of a published or withdrawn bulletin to announce; None for an expired
    notice that still stands (nothing new to say)."""
    newest = bulletin.changes[0] if bulletin.changes else None  # changes are newest first
    number, key = 1 + len(bulletin.changes), version_key(bulletin)
    if bulletin.is_withdrawn:
        return Version(key, WITHDRAWN, number, newest.date if newest else bulletin.date)
    if bulletin.is_expired:
        return None
    if newest is None:
        return Version(key, PUBLISHED, 1, bulletin.date)
    return Version(key, UPDATED, number, newest.date, newest.note)


def is_major_edit(before, after) -> bool:
    """Whether editing `before` into `after` makes a version residents are told about (a new
    change note or a withdrawal); every other edit is minor and announced nowhere."""
    return version_key(before) != version_key(after)
