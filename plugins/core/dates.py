"""Pure date formatters in Bahasa Indonesia."""

from datetime import datetime
from zoneinfo import ZoneInfo

from .site import DEFAULT_TIMEZONE

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
# Indonesia's three civil time zones; any other zone is shown by its UTC offset.
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
              "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}  # fmt: skip


def _local(moment: datetime, tz: str) -> datetime:
    # Naive datetimes are already local to the site's zone (Pelican's convention).
    return moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment.astimezone(ZoneInfo(tz))


def tanggal(moment: datetime, tz: str = DEFAULT_TIMEZONE) -> str:
    """'Selasa, 2 Juni 2020'."""
    local = _local(moment, tz)
    return f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year}"


def rentang_tanggal(start: datetime, end: datetime, tz: str = DEFAULT_TIMEZONE) -> str:
    """'1 Mei 2020 – 10 Mei 2020', or '2 Juni 2020' when both fall on one day."""
    days = [f"{local.day} {MONTHS[local.month - 1]} {local.year}" for local in (_local(start, tz), _local(end, tz))]
    return days[0] if days[0] == days[1] else " – ".join(days)


def jam(moment: datetime, tz: str = DEFAULT_TIMEZONE) -> str:
    """'10.00 WIB' (Indonesian style uses a dot between hours and minutes)."""
    local = _local(moment, tz)
    zone = ZONE_NAMES.get(tz) or local.strftime("UTC%z")
    return f"{local.hour:02d}.{local.minute:02d} {zone}"


def tanggal_jam(moment: datetime, tz: str = DEFAULT_TIMEZONE) -> str:
    """'Selasa, 2 Juni 2020 · 10.00 WIB'."""
    return f"{tanggal(moment, tz)} · {jam(moment, tz)}"


def bulan_tahun(moment: datetime, tz: str = DEFAULT_TIMEZONE) -> str:
    """'Juni 2020'."""
    local = _local(moment, tz)
    return f"{MONTHS[local.month - 1]} {local.year}"


def iso(moment: datetime, tz: str = DEFAULT_TIMEZONE) -> str:
    """ISO 8601 with the zone's offset, for `<time datetime>` and machine formats."""
    return _local(moment, tz).isoformat()


FILTERS = {f.__name__: f for f in (tanggal, rentang_tanggal, jam, tanggal_jam, bulan_tahun, iso)}
