"""Tier 1: Indonesian date formatting in Asia/Jakarta, whatever the machine's zone."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from warta.core.dates import bulan_tahun, iso, jam, rentang_tanggal, tanggal, tanggal_jam

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize("moment, expected", [
    (datetime(2020, 6, 2, 10, 0, tzinfo=WIB), "Selasa, 2 Juni 2020 · 10.00 WIB"),
    (datetime(2020, 6, 2, 3, 0, tzinfo=timezone.utc), "Selasa, 2 Juni 2020 · 10.00 WIB"),
    (datetime(2020, 6, 1, 17, 30, tzinfo=timezone.utc), "Selasa, 2 Juni 2020 · 00.30 WIB"),
    (datetime(2021, 1, 3, 23, 59), "Minggu, 3 Januari 2021 · 23.59 WIB"),
    (datetime(2021, 8, 17, 7, 5, tzinfo=WIB), "Selasa, 17 Agustus 2021 · 07.05 WIB"),
    (datetime(2020, 12, 25, 9, 0, tzinfo=WIB), "Jumat, 25 Desember 2020 · 09.00 WIB"),
])  # fmt: skip
def test_tanggal_jam(moment, expected):
    assert tanggal_jam(moment) == expected


def test_parts_and_machine_format():
    moment = datetime(2020, 6, 2, 3, 0, tzinfo=timezone.utc)
    assert tanggal(moment) == "Selasa, 2 Juni 2020"
    assert jam(moment) == "10.00 WIB"
    assert bulan_tahun(moment) == "Juni 2020"
    assert iso(moment) == "2020-06-02T10:00:00+07:00"


def test_date_range_in_local_days():
    start = datetime(2020, 5, 1, 8, 0, tzinfo=WIB)
    assert rentang_tanggal(start, datetime(2020, 5, 10, 9, 0, tzinfo=WIB)) == "1 Mei 2020 – 10 Mei 2020"
    # 20.00 UTC on 1 May is 03.00 WIB on 2 May: two days in Jakarta, not one.
    assert rentang_tanggal(start, datetime(2020, 5, 1, 20, 0, tzinfo=timezone.utc)) == "1 Mei 2020 – 2 Mei 2020"
    assert rentang_tanggal(start, datetime(2020, 5, 1, 16, 0, tzinfo=WIB)) == "1 Mei 2020"


def test_other_zones_name_themselves():
    moment = datetime(2020, 6, 2, 3, 0, tzinfo=timezone.utc)
    assert jam(moment, tz="Asia/Makassar") == "11.00 WITA"
    assert jam(moment, tz="Europe/Amsterdam") == "05.00 UTC+0200"
