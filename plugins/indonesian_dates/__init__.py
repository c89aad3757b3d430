"""Indonesian dates for templates, whatever the build machine's locale and time zone.

Adds the Jinja filters `tanggal` ("Selasa, 2 Juni 2020"), `rentang_tanggal` ("1 Mei 2020 –
10 Mei 2020": `start|rentang_tanggal(end)`), `jam` ("10.00 WIB"),
`tanggal_jam` ("Selasa, 2 Juni 2020 · 10.00 WIB"), `bulan_tahun` ("Juni 2020") and `iso`
("2020-06-02T10:00:00+07:00"). Reads `TIMEZONE` (the core's setting).
"""

from functools import partial

from pelican import signals

from warta.core.dates import FILTERS
from warta.core.settings import declare
from warta.core.site import timezone


def add_filters(generator) -> None:
    tz = timezone(generator.settings)
    generator.env.filters.update({name: partial(f, tz=tz) for name, f in FILTERS.items()})


SETTINGS = ()  # TIMEZONE is the core's


def register() -> None:
    declare(SETTINGS)
    signals.generator_init.connect(add_filters)
