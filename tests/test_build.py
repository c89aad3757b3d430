"""Tier 2: the plugins inside real Pelican builds of small fixture sites."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from warta.core.check import BulletinError
from conftest import bulletin_text
from lxml import etree

SITEURL = "http://localhost:8000"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def newsroom(site):
    """Four bulletins covering current, urgent, expired, draft, withdrawn and its replacement."""
    site.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00"))
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok, Warga Diminta Mengungsi",
                                   date="2021-02-20 06:15", type="Berita", topics="Banjir",
                                   kecamatan="semua", urgency="darurat", expires="2021-12-31 23:59", code="KRW-210220-01"))  # fmt: skip
    site.add("c.md", bulletin_text(title="Draf Rahasia Belum Terbit", status="draft", code="KRW-200603-01"))
    site.add("d.md", bulletin_text(title="Jadwal Pasar Murah", date="2020-07-01 08:00", type="Pengumuman",
                                   kecamatan="Klari", status="withdrawn", urgency="penting",
                                   withdrawn_reason="Lokasi dipindah.", code="KRW-200701-01"))  # fmt: skip
    site.add("e.md", bulletin_text(title="Jadwal Pasar Murah yang Baru", date="2020-07-02 08:00",
                                   kecamatan="Klari", supersedes="KRW-200701-01", code="KRW-200702-01",
                                   expires="2020-07-05 17:00", urgency="darurat"))  # fmt: skip
    site.add_page("tentang", "Tentang Warta")
    site.add_page("mitra", "Mitra")
    site.build()
    return site


def test_home_is_indonesian_and_pins_current_urgent_bulletins(newsroom):
    home = soup(newsroom.output / "index.html")
    assert home.html["lang"] == "id"
    # b is darurat and current; e was darurat but expired before the pinned "now". On the
    # home page it heads the current notices, with its summary, instead of the banner.
    assert home.select_one(".urgent") is None
    first = home.select_one(".notices .item-title a")
    assert first["href"] == f"{SITEURL}/2021/02/banjir-di-rengasdengklok-warga-diminta-mengungsi/"


def test_urgent_banner_is_on_every_page(newsroom):
    for page in ("2020/06/jadwal-posyandu-bulan-juni/index.html", "jenis/pengumuman/index.html",
                 "kecamatan/index.html", "tentang/index.html", "404.html"):  # fmt: skip
        assert "Banjir di Rengasdengklok" in soup(newsroom.output / page).select_one(".urgent").text, page


def test_bulletin_page_shows_indonesian_dates_and_metadata(newsroom):
    page = soup(newsroom.output / "2020/06/jadwal-posyandu-bulan-juni/index.html")
    text = " ".join(page.get_text(" ").split())
    assert "Selasa, 2 Juni 2020 · 10.00 WIB" in text
    assert "KRW-200602-01" in text
    assert page.find("time", attrs={"datetime": "2020-06-02T10:00:00+07:00"})
    assert page.find("a", href=f"{SITEURL}/kecamatan/32.15.05-klari/")


def test_drafts_are_never_published(newsroom):
    for path in newsroom.output.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".txt"}:
            assert "Draf Rahasia" not in path.read_text(encoding="utf-8"), path
    assert not (newsroom.output / "drafts").exists()


def test_withdrawn_bulletin_keeps_its_url_with_notice_and_replacement(newsroom):
    page = soup(newsroom.output / "2020/07/jadwal-pasar-murah/index.html")
    text = page.get_text(" ")
    assert "DICABUT" in text and "Lokasi dipindah." in text
    assert page.find("a", href=f"{SITEURL}/2020/07/jadwal-pasar-murah-yang-baru/")


def test_expired_notice_says_so(newsroom):
    text = " ".join(soup(newsroom.output / "2020/07/jadwal-pasar-murah-yang-baru/index.html").get_text(" ").split())
    assert "Tidak berlaku lagi sejak Minggu, 5 Juli 2020" in text


def test_kecamatan_pages_include_whole_regency_bulletins(newsroom):
    klari = soup(newsroom.output / "kecamatan/32.15.05-klari/index.html")
    hrefs = {a["href"] for a in klari.find_all("a")}
    assert f"{SITEURL}/2020/06/jadwal-posyandu-bulan-juni/" in hrefs
    assert f"{SITEURL}/2021/02/banjir-di-rengasdengklok-warga-diminta-mengungsi/" in hrefs
    dengklok = {a["href"] for a in soup(newsroom.output / "kecamatan/32.15.06-rengasdengklok/index.html").find_all("a")}
    assert f"{SITEURL}/2021/02/banjir-di-rengasdengklok-warga-diminta-mengungsi/" in dengklok
    assert f"{SITEURL}/2020/06/jadwal-posyandu-bulan-juni/" not in dengklok
    assert len(list((newsroom.output / "kecamatan").glob("32.15.*/index.html"))) == 30


def test_type_topic_and_archive_pages(newsroom):
    for page in ("jenis/index.html", "jenis/pengumuman/index.html", "jenis/berita/index.html",
                 "topik/index.html", "topik/banjir/index.html", "arsip/index.html",
                 "arsip/2020/06/index.html", "tentang/index.html", "mitra/index.html", "404.html"):  # fmt: skip
        assert (newsroom.output / page).is_file(), page


def test_sitemap_and_robots(newsroom):
    doc = etree.parse(str(newsroom.output / "sitemap.xml"))
    locs = doc.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert f"{SITEURL}/2020/06/jadwal-posyandu-bulan-juni/" in locs
    assert f"{SITEURL}/kecamatan/32.15.05-klari/" in locs
    assert not any("draf" in loc for loc in locs)
    robots = newsroom.read("robots.txt")
    assert "User-agent: WhatsApp\nAllow: /" in robots and "User-agent: facebookexternalhit" in robots
    assert robots.endswith(f"Sitemap: {SITEURL}/sitemap.xml\n")


def test_scaffolded_bulletin_builds(site):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from warta.core.scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, new_bulletin

    name, text = new_bulletin("Uji Coba Buletin Baru", datetime(2021, 5, 4, 8, 30, tzinfo=ZoneInfo("Asia/Jakarta")),
                              [], "KRW", lambda t: "uji-coba-buletin-baru")  # fmt: skip
    # What its writer fills in; a draft is never published.
    text = text.replace("\ntype:\n", "\ntype: Berita\n").replace("\nkecamatan:\n", "\nkecamatan: Klari\n")
    site.add(name, text)
    site.build()
    assert not (site.output / "2021/05/uji-coba-buletin-baru").exists()
    text = (text.replace("status: draft\n", "status: published\n", 1)
            .replace(PLACEHOLDER_SUMMARY, "Uji coba.").replace(PLACEHOLDER_BODY, "Isi uji coba."))  # fmt: skip
    site.add(name, text)
    site.build()
    page = soup(site.output / "2021/05/uji-coba-buletin-baru/index.html")
    assert page.find("h1").get_text(strip=True) == "Uji Coba Buletin Baru"
    assert "# topics" not in page.get_text() and "komentar" not in page.get_text()


def test_failing_build_leaves_previous_output_untouched(site):
    site.add("a.md", bulletin_text())
    site.build()
    before, outbox = tree(site.output), tree(site.root / "outbox")
    site.add("bad.md", bulletin_text(date="besok", code="KRW-200602-02", title="Lain"))
    with pytest.raises(BulletinError) as failure:
        site.build()
    assert [str(p) for p in failure.value.problems] == [
        "content/bulletins/bad.md:2: date: 'besok' bukan tanggal; tulis sebagai YYYY-MM-DD HH:MM (WIB), "
        "mis. 2020-06-02 10:00, atau 2 Juni 2020 10.00"]
    assert tree(site.output) == before and tree(site.root / "outbox") == outbox
    assert sorted(p.name for p in site.root.iterdir() if p.name != "cache") == ["content", "data", "outbox", "output"]


def test_two_builds_are_byte_identical_whatever_the_machine_zone(newsroom, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        again = newsroom.build(tmp_path / "again")
    finally:
        monkeypatch.undo()
        time.tzset()
    assert tree(again) == tree(newsroom.output)


def test_infographic_transcript_keeps_headings_and_lists(site):
    site.add("i.md", bulletin_text(
        type="Infografis", image="images/poster.png", image_alt="Poster langkah isolasi mandiri",
        transcript="Pemerintah Kabupaten Karawang.\n    ### Langkah\n    1. Tetap di rumah.\n"
                   "    2. Pakai masker.\n    Hubungi 112.",
    ))  # fmt: skip
    site.build()
    transcript = soup(site.output / "2020/06/jadwal-posyandu-bulan-juni/index.html").select_one("#transkrip")
    assert transcript.find("h3").get_text() == "Langkah"
    assert [li.get_text() for li in transcript.select("ol li")] == ["Tetap di rumah.", "Pakai masker."]
    assert [p.get_text() for p in transcript.select("p")] == ["Pemerintah Kabupaten Karawang.", "Hubungi 112."]


@pytest.mark.parametrize("key, value, allowed", [
    ("BULLETINS_CODE_PREFIX", "krw", "use 2 to 5 capital letters, e.g. 'KRW'"),
    ("BULLETINS_SUMMARY_MAX", "300", "use a whole number of at least 50"),
    ("BULLETINS_NOW", "besok pagi", "use None or a time like '2021-07-01 09:00'"),
])  # fmt: skip
def test_bad_setting_names_key_value_and_what_is_allowed(site, key, value, allowed):
    from warta.core.settings import SettingsError

    site.add("a.md", bulletin_text())
    with pytest.raises(SettingsError) as failure:
        site.build(**{key: value})
    assert str(failure.value) == f"setting {key} = {value!r} is not allowed; {allowed}"
    assert not site.output.exists()
