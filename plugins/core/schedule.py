"""When the site changes by itself: scheduled publication and expiry, judged against "now"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from .model import Bulletin


def is_scheduled(bulletin: Bulletin, now: datetime) -> bool:
    """Dated in the future: unpublished until its time comes."""
    return bulletin.date > now


def next_change(bulletins: Iterable[Bulletin], now: datetime) -> datetime | None:
    """The next moment a rebuild would change the output: a scheduled bulletin's publication
    or a published bulletin's expiry. None when nothing is due."""
    moments = []
    for bulletin in bulletins:
        if bulletin.status == "draft":
            continue
        moments += [m for m in (bulletin.date, bulletin.expires) if m is not None and m > now]
    return min(moments, default=None)
