"""Which bulletins each day's digest reports, as plain data (no Pelican, no files).

A day's digest of a scope lists every bulletin of the scope that something happened to that
day, in the site's time zone, up to the build's clock: it was published (`terbit`), got a
public change note (`diperbarui`, a major change; minor edits leave no note and send
nothing), or was withdrawn (`dicabut`). A bulletin appears once per day, under the weightiest
of its events (dicabut, then terbit, then diperbarui), with that day's change notes. A
withdrawal is dated by the bulletin's `modified` (the change note that withdraws it, as
docs/content.md asks), else by its publication. Each item also shows the bulletin's state
now (`Bulletin.state`: berlaku, diperbarui, kedaluwarsa or dicabut), so a digest sent late
never presents a withdrawn bulletin as valid.

Only complete days get a digest: a day's digest is written once the build's clock has passed
its end, so it never grows after it was sent. `next_digest` is the moment a rebuild would
add one, which `invoke next-change` reports to the CI schedule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warta.core.model import Change

EVENTS = ("dicabut", "terbit", "diperbarui")  # weightiest first: a bulletin shows once a day
SECTIONS = ("dicabut", "diperbarui", "terbit")  # the order a digest shows them in


@dataclass(frozen=True)
class Item:
    """One bulletin in one day's digest."""

    event: str  # one of EVENTS
    moment: datetime  # when it happened
    code: str
    title: str
    summary: str  # plain text
    url: str  # canonical, absolute
    page: str  # the page's file in output/, e.g. "2021/06/slug/index.html"
    type: str
    urgency: str
    state: str  # Bulletin.state
    areas: str  # "Kecamatan Klari, Cikampek" or the whole regency
    expires: datetime | None = None
    notes: tuple[Change, ...] = ()  # that day's change notes, newest first
    withdrawn_reason: str | None = None


@dataclass(frozen=True)
class Digest:
    scope: str  # the scope's path, e.g. "kecamatan/32.15.05-klari"
    name: str  # the scope's name, e.g. "Kecamatan Klari"
    day: date
    items: tuple[Item, ...]
    page_url: str  # the scope's page, absolute


def local_day(moment: datetime, timezone: str) -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def window(now: datetime, timezone: str, days: int) -> tuple[date, date]:
    """The first and last day that get a digest: the `days` complete days before `now`'s day."""
    today = local_day(now, timezone)
    return today - timedelta(days=days), today - timedelta(days=1)


def withdrawn_at(bulletin) -> datetime:
    return bulletin.modified or bulletin.date


def _moments(bulletin):
    """(event, moment) of everything that happened to a bulletin that a digest reports."""
    yield "terbit", bulletin.date
    for change in bulletin.changes:
        yield "diperbarui", change.date
    if bulletin.is_withdrawn:
        yield "dicabut", withdrawn_at(bulletin)


def events_by_day(bulletin, timezone: str, first: date, last: date, now: datetime) -> dict[date, tuple[str, datetime]]:
    """Each day from `first` to `last` something happened to the bulletin (up to `now`): its
    weightiest event that day and when."""
    zone, found = ZoneInfo(timezone), {}
    for event, moment in _moments(bulletin):
        day = moment.astimezone(zone).date()
        if moment > now or not first <= day <= last:
            continue
        known = found.get(day)
        rank = (EVENTS.index(event), -moment.timestamp())
        if known is None or rank < (EVENTS.index(known[0]), -known[1].timestamp()):
            found[day] = (event, moment)
    return found


def notes_on(bulletin, day: date, timezone: str) -> tuple[Change, ...]:
    zone = ZoneInfo(timezone)
    return tuple(change for change in bulletin.changes if change.date.astimezone(zone).date() == day)


def ordered(items: Iterable[Item]) -> tuple[Item, ...]:
    """Section by section (SECTIONS), newest first within each."""
    return tuple(sorted(items, key=lambda i: (SECTIONS.index(i.event), -i.moment.timestamp(), i.code)))


def next_digest(bulletins: Iterable, now: datetime, timezone: str) -> datetime | None:
    """The next midnight, when something already happened today (so a rebuild after it writes
    today's digest); None otherwise. Drafts and scheduled bulletins have not happened yet."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    for bulletin in bulletins:
        if bulletin.status == "draft":
            continue
        if any(moment <= now and moment.astimezone(zone).date() == today for _, moment in _moments(bulletin)):
            return datetime.combine(today + timedelta(days=1), time(), tzinfo=zone)
    return None
