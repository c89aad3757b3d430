"""`Facts` for pure-builder tests: one plain announcement, changed by keyword arguments."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from warta.core.facts import Facts, Place, PreviewImage

WIB = ZoneInfo("Asia/Jakarta")
SITEURL = "http://localhost:8000"
OG = PreviewImage(f"{SITEURL}/2020/06/jadwal-posyandu/bagikan-og-1a2b3c4d.png", 1200, 630, "image/png",
                  "Pengumuman: Jadwal Posyandu Bulan Juni", 28_000, "Open Graph 1200×630", "og")  # fmt: skip


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def facts(**fields) -> Facts:
    base = Facts(
        title="Jadwal Posyandu Bulan Juni", url=f"{SITEURL}/2020/06/jadwal-posyandu/",
        path="2020/06/jadwal-posyandu/", summary="Posyandu buka setiap Selasa pukul 08.00 WIB.",
        kind="Pengumuman", code="KRW-200602-01", date=at("2020-06-02 10:00"),
        site_name="Warta Karawang", siteurl=SITEURL, office="Diskominfo Kabupaten Karawang",
        topics=("Kesehatan",), places=(Place("32.15.05", "Klari"),),
        regency=Place("32.15", "Kabupaten Karawang"), image=OG, share_images=(OG,),
    )  # fmt: skip
    return replace(base, **fields)
