"""The lite edition (plugins/lite): text-only twins of home, bulletins and lists under /lite/,
under 15 KB, pinned urgent banner, canonical links both ways, paged lists."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from warta.core.settings import SettingsError
from conftest import bulletin_text
from warta.lite.pages import LiteList, lite_url, text_only
from warta.lite.settings import config_from

SITEURL = "http://localhost:8000"
LIMIT = 15 * 1024


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def test_text_only_keeps_words_and_alt_text_and_drops_media():
    html = ('<p style="color:red">Lihat <img src="a.png" alt="Peta  posko"> dan <img src="b.png" alt=""></p>'
            '<picture><source srcset="c.webp"><img src="c.jpg" alt="Jadwal"></picture>'
            '<video src="v.mp4"><a href="v.mp4">Unduh</a></video><iframe src="x"></iframe><script>x()</script>'
            '<p><a href="/lain/">Tautan</a></p>')  # fmt: skip
    assert text_only(html) == ('<p>Lihat [Gambar: Peta posko] dan </p>[Gambar: Jadwal]'
                               '<p><a href="/lain/">Tautan</a></p>')  # fmt: skip
    assert text_only(None) == ""


def test_lite_urls_and_pages_mirror_the_full_site():
    assert lite_url("lite", "2021/02/banjir/") == "lite/2021/02/banjir/"
    assert lite_url("lite", "") == lite_url("lite", "index.html") == "lite/"
    pages = LiteList("Klari", "kecamatan/32.15.05-klari/", "lite/kecamatan/32.15.05-klari/", list(range(12))).pages(5)
    # Cut from the oldest, like the full site (core.pagination): the newest page takes the rest.
    assert [(p.url, p.save_as, list(p.object_list), p.newer, p.older) for p in pages] == [
        ("lite/kecamatan/32.15.05-klari/", "lite/kecamatan/32.15.05-klari/index.html", [0, 1, 2, 3, 4, 5, 6], None,
         "lite/kecamatan/32.15.05-klari/halaman/2/"),
        ("lite/kecamatan/32.15.05-klari/halaman/2/", "lite/kecamatan/32.15.05-klari/halaman/2/index.html",
         [7, 8, 9, 10, 11], "lite/kecamatan/32.15.05-klari/", None),
    ]  # fmt: skip
    assert [p.url for p in LiteList("Kosong", "topik/x/", "lite/topik/x/").pages(5)] == ["lite/topik/x/"]


@pytest.fixture
def newsroom(site):
    site.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00", image="images/poster.png",
                                   image_alt="Poster jadwal posyandu", type="Infografis",
                                   transcript="Jadwal posyandu:\n    - Selasa 08.00"))  # fmt: skip
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok", date="2021-02-20 06:15", type="Berita",
                                   kecamatan="semua", urgency="darurat", expires="2021-12-31 23:59", code="KRW-210220-01"))  # fmt: skip
    site.add("d.md", bulletin_text(title="Jadwal Pasar Murah", date="2020-07-01 08:00", kecamatan="Klari",
                                   status="withdrawn", withdrawn_reason="Lokasi dipindah.", code="KRW-200701-01"))
    site.add("e.md", bulletin_text(title="Jadwal Pasar Murah yang Baru", date="2020-07-02 08:00", kecamatan="Klari",
                                   supersedes="KRW-200701-01", code="KRW-200702-01"))  # fmt: skip
    site.add_page("tentang", "Tentang Warta")
    site.build()
    return site


def lite_pages(site):
    return sorted((site.output / "lite").rglob("index.html"))


def test_every_lite_page_is_small_text_only_and_points_to_its_full_page(newsroom):
    pages = lite_pages(newsroom)
    assert len(pages) > 40  # home, 4 bulletins, 3 list indexes, types, topics and 30 kecamatan
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = soup(text)
        assert path.stat().st_size <= LIMIT, path
        assert not page.find_all(["img", "picture", "script", "video", "iframe", "svg"]), path
        assert not page.find("link", rel="stylesheet") and page.find("style"), path
        canonical = page.find("link", rel="canonical")["href"]
        full = path.relative_to(newsroom.output / "lite").parent.as_posix()
        expected = f"{SITEURL}/" if full == "." else f"{SITEURL}/{full.split('/halaman/')[0]}/"
        assert canonical == expected, path
        assert page.find("a", string="Versi lengkap")["href"] == canonical
        assert (newsroom.output / canonical.removeprefix(SITEURL + "/") / "index.html").is_file(), canonical
        assert page.html["lang"] == "id" and page.find("main", id="isi")


def test_lite_home_pins_urgent_bulletins_and_lists_notices_and_latest(newsroom):
    home = soup(newsroom.read("lite/index.html"))
    urgent = home.select_one(".darurat")
    assert [a["href"] for a in urgent.find_all("a")] == [f"{SITEURL}/lite/2021/02/banjir-di-rengasdengklok/"]
    text = home.get_text(" ")
    assert "Pemberitahuan yang berlaku" in text and "Jadwal Posyandu Bulan Juni" in text
    assert "Jadwal Pasar Murah yang Baru" in text
    links = {a["href"] for a in home.find_all("a")}
    assert {f"{SITEURL}/lite/jenis/", f"{SITEURL}/lite/kecamatan/", f"{SITEURL}/lite/topik/"} <= links
    # Each bulletin once on the home page.
    shown = [a["href"] for a in home.select("main a, .darurat a")]
    assert len(shown) == len(set(shown))
    # The banner is on every lite page but the emergency's own.
    own = newsroom.output / "lite/2021/02/banjir-di-rengasdengklok/index.html"
    for path in lite_pages(newsroom):
        banner = soup(path.read_text(encoding="utf-8")).select_one(".darurat")
        if path == own:
            assert banner is None
        else:
            assert [a["href"] for a in banner.find_all("a")] == [f"{SITEURL}/lite/2021/02/banjir-di-rengasdengklok/"], path


def test_lite_bulletin_gives_alt_text_transcript_notices_and_lite_links(newsroom):
    page = soup(newsroom.read("lite/2020/06/jadwal-posyandu-bulan-juni/index.html"))
    text = " ".join(page.get_text(" ").split())
    assert "[Gambar: Poster jadwal posyandu]" in text and "Transkrip" in text and "Selasa 08.00" in text
    assert "Berlaku sampai" in text and "Kode verifikasi: KRW-200602-01" in text
    assert "Selasa, 2 Juni 2020 · 10.00 WIB" in text and "Wilayah: Klari" in text
    withdrawn = soup(newsroom.read("lite/2020/07/jadwal-pasar-murah/index.html"))
    assert "DICABUT" in withdrawn.get_text() and "Lokasi dipindah." in withdrawn.get_text()
    assert withdrawn.find("a", string="Jadwal Pasar Murah yang Baru")["href"] == \
        f"{SITEURL}/lite/2020/07/jadwal-pasar-murah-yang-baru/"  # fmt: skip


def test_lite_lists_by_type_kecamatan_and_topic(newsroom):
    klari = soup(newsroom.read("lite/kecamatan/32.15.05-klari/index.html"))
    hrefs = [a["href"] for a in klari.select("main li a")]
    # Listed bulletins for Klari and the whole-regency one; the withdrawn one has left.
    assert f"{SITEURL}/lite/2021/02/banjir-di-rengasdengklok/" in hrefs
    assert f"{SITEURL}/lite/2020/07/jadwal-pasar-murah/" not in hrefs
    assert f"{SITEURL}/lite/2020/07/jadwal-pasar-murah-yang-baru/" in hrefs
    for index, count in (("jenis", 3), ("kecamatan", 30), ("topik", 1)):
        page = soup(newsroom.read(f"lite/{index}/index.html"))
        assert len(page.select("main li a")) == count, index
    assert (newsroom.output / "lite/jenis/pengumuman/index.html").is_file()
    assert (newsroom.output / "lite/topik/kesehatan/index.html").is_file()


TWINS = (
    ("index.html", "lite/"),
    ("2020/06/jadwal-posyandu-bulan-juni/index.html", "lite/2020/06/jadwal-posyandu-bulan-juni/"),
    ("kecamatan/32.15.05-klari/index.html", "lite/kecamatan/32.15.05-klari/"),
    ("jenis/berita/index.html", "lite/jenis/berita/"),
    ("topik/index.html", "lite/topik/"),
    ("kecamatan/index.html", "lite/kecamatan/"),
    ("tentang/index.html", "lite/"),
    ("404.html", "lite/"),
    ("cari/index.html", "lite/"),
)


def test_every_full_page_links_its_lite_twin_in_the_header(newsroom):
    for full, lite in TWINS:
        link = soup(newsroom.read(full)).select_one(".site-header .lite-link a")
        assert link.get_text() == "Versi ringan" and link["href"] == f"{SITEURL}/{lite}", full


def test_long_lists_are_paged(site):
    for day in range(1, 13):
        site.add(f"p{day}.md", bulletin_text(title=f"Pengumuman Nomor {day}", date=f"2020-06-{day:02d} 10:00",
                                             code=f"KRW-2006{day:02d}-01"))  # fmt: skip
    site.build(LITE_PER_PAGE=5)
    newest = soup(site.read("lite/jenis/pengumuman/index.html"))
    assert len(newest.select("main li")) == 7 and not newest.find("a", rel="prev")
    assert newest.find("a", rel="next")["href"] == f"{SITEURL}/lite/jenis/pengumuman/halaman/2/"
    oldest = soup(site.read("lite/jenis/pengumuman/halaman/2/index.html"))
    titles = [a.get_text() for a in oldest.select("main li a")]
    assert titles == [f"Pengumuman Nomor {day}" for day in (5, 4, 3, 2, 1)]
    assert oldest.h1.get_text() == "Pengumuman · 1 Juni 2020 – 5 Juni 2020"
    assert oldest.find("a", rel="prev")["href"] == f"{SITEURL}/lite/jenis/pengumuman/" and not oldest.find("a", rel="next")
    assert oldest.find("link", rel="canonical")["href"] == f"{SITEURL}/jenis/pengumuman/"
    assert not (site.output / "lite/jenis/pengumuman/halaman/3").exists()


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("LITE_DIR", "lite/ringan", "one folder name"),
    ("LITE_PER_PAGE", 100, "from 5 to 40"),
    ("LITE_HOME_LATEST", 0, "from 1 to 30"),
])  # fmt: skip
def test_bad_lite_setting_names_key_value_and_what_is_allowed(key, value, allowed):
    with pytest.raises(SettingsError, match=key) as error:
        config_from({key: value})
    assert repr(value) in str(error.value) and allowed in str(error.value)


def test_a_redirect_of_a_moved_bulletin_moves_its_lite_twin_too(newsroom):
    previous = newsroom.output / "urls.txt"
    (newsroom.content / "bulletins" / "e.md").write_text(bulletin_text(
        title="Jadwal Pasar Murah yang Baru", date="2020-07-02 08:00", kecamatan="Klari", slug="pasar-murah-baru",
        supersedes="KRW-200701-01", code="KRW-200702-01"), encoding="utf-8")  # fmt: skip
    (newsroom.root / "data" / "redirects.txt").write_text(
        "/2020/07/jadwal-pasar-murah-yang-baru/ /2020/07/pasar-murah-baru/\n", encoding="utf-8")
    newsroom.build(PERMANENCE_PREVIOUS=str(previous))  # the guard finds no lite URL missing
    moved = soup(newsroom.read("lite/2020/07/jadwal-pasar-murah-yang-baru/index.html"))
    target = f"{SITEURL}/lite/2020/07/pasar-murah-baru/"
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert (newsroom.output / "lite/2020/07/pasar-murah-baru/index.html").is_file()
