"""Indonesian dates for templates, whatever the build machine's locale and time zone.

Adds the Jinja filters `tanggal` ("Selasa, 2 Juni 2020"), `rentang_tanggal` ("1 Mei 2020 –
10 Mei 2020": `start|rentang_tanggal(end)`), `jam` ("10.00 WIB"),
`tanggal_jam` ("Selasa, 2 Juni 2020 · 10.00 WIB"), `bulan_tahun` ("Juni 2020") and `iso`
("2020-06-02T10:00:00+07:00"). Reads `TIMEZONE` (Asia/Jakarta in Warta).
"""

from functools import partial

from pelican import signals

from warta.core.dates import FILTERS


def add_filters(generator) -> None:
    tz = generator.settings.get("TIMEZONE") or "Asia/Jakarta"
    generator.env.filters.update({name: partial(f, tz=tz) for name, f in FILTERS.items()})


def register() -> None:
    signals.generator_init.connect(add_filters)
