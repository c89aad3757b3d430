"""Syndication in real builds: every feed of a fixture site and of the sample site parses,
validates and lists what it should; ids stay stable; discovery links point at real feeds."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import bulletin_text
from gates import PAGE_BUDGET, page_weight
from lxml import etree

SITEURL = "http://localhost:8000"
SCHEMA = json.loads((Path(__file__).parent / "jsonfeed_1_1.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SUFFIXES = (".atom.xml", ".rss.xml", ".json")


def feed_files(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in (output / "feeds").rglob("*")
            if p.is_file() and p.name.endswith(SUFFIXES)}  # fmt: skip


def opml_paths(output: Path) -> list[str]:
    doc = etree.parse(str(output / "feeds" / "index.opml"))
    return [urlsplit(url).path.lstrip("/") for url in doc.xpath("//outline/@xmlUrl")]


def parse(output: Path, relative: str):
    parsed = feedparser.parse((output / relative).read_bytes())
    assert not parsed.bozo, (relative, parsed.get("bozo_exception"))
    return parsed


def read_json(output: Path, relative: str) -> dict:
    return json.loads((output / relative).read_text(encoding="utf-8"))


def utc(text: str):
    return datetime.fromisoformat(text).utctimetuple()


def check_every_feed(output: Path) -> None:
    """What must hold for any built site: OPML == files; XML parses; JSON validates; the
    three formats of a scope carry the same items."""
    files = feed_files(output)
    assert files, "no feeds were written"
    listed = opml_paths(output)
    assert len(listed) == len(set(listed)), "a feed is listed twice in the OPML"
    assert set(listed) == files
    for relative in sorted(files):
        if relative.endswith(".json"):
            doc = read_json(output, relative)
            VALIDATOR.validate(doc)
            assert doc["version"] == "https://jsonfeed.org/version/1.1"
            assert doc["feed_url"] == f"{SITEURL}/{relative}"
            base = relative[: -len(".json")]
            atom, rss = parse(output, base + ".atom.xml"), parse(output, base + ".rss.xml")
            ids = [item["id"] for item in doc["items"]]
            assert [e.id for e in atom.entries] == ids == [e.id for e in rss.entries]
            assert [e.title for e in atom.entries] == [item["title"] for item in doc["items"]]
            assert [e.link for e in rss.entries] == [item["url"] for item in doc["items"]]
            for entry, item in zip(atom.entries, doc["items"]):
                assert entry.published_parsed == utc(item["date_published"])
                assert entry.updated_parsed == utc(item["date_modified"])
                assert item["date_published"].endswith("+07:00")
            for entry, item in zip(rss.entries, doc["items"]):
                assert entry.published_parsed == utc(item["date_published"])
            assert atom.feed.language == "id" if "language" in atom.feed else True
            assert len(set(ids)) == len(ids)


@pytest.fixture
def newsroom(site):
    """Current, urgent, expired, withdrawn, replaced, infographic, draft and odd input."""
    site.add("a.md", bulletin_text(urgency="penting", expires="2021-12-31 16:00"))
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok, Warga Diminta Mengungsi",
                                   date="2021-02-20 06:15", type="Berita", topics="Banjir",
                                   kecamatan="semua", urgency="darurat", expires="2021-12-31 23:59", code="KRW-210220-01"))  # fmt: skip
    site.add("c.md", bulletin_text(title="Draf Rahasia Belum Terbit", status="draft", code="KRW-200603-01"))
    site.add("d.md", bulletin_text(title="Jadwal Pasar Murah", date="2020-07-01 08:00", kecamatan="Klari",
                                   status="withdrawn", urgency="penting", withdrawn_reason="Lokasi dipindah.",
                                   code="KRW-200701-01"))  # fmt: skip
    site.add("e.md", bulletin_text(title="Jadwal Pasar Murah yang Baru", date="2020-07-02 08:00",
                                   kecamatan="Klari", supersedes="KRW-200701-01", code="KRW-200702-01",
                                   expires="2020-07-05 17:00", urgency="darurat"))  # fmt: skip
    site.add("f.md", bulletin_text(title="Infografis Cuci Tangan", date="2020-08-01 09:00", type="Infografis",
                                   topics="Kesehatan, COVID-19", kecamatan="32.15.17, Cikampek",
                                   image="images/poster.png", image_alt="Poster enam langkah cuci tangan",
                                   transcript="Enam langkah cuci tangan.", code="KRW-200801-01",
                                   modified="2020-08-03 14:30",
                                   changes="2020-08-03 14:30 | Langkah kelima diperjelas.",
                                   body="Lihat [panduan](/tentang/) dan ![peta](images/poster.png).\n"))  # fmt: skip
    site.add_page("tentang", "Tentang Warta")
    site.build()
    return site


def test_every_feed_parses_validates_and_is_listed(newsroom):
    check_every_feed(newsroom.output)
    files = feed_files(newsroom.output)
    for scope in ("semua", "penting", "jenis/pengumuman", "jenis/berita", "jenis/infografis",
                  "topik/banjir", "topik/covid-19", "kecamatan/32.15.05-klari",
                  "kecamatan/32.15.17-telagasari", "kecamatan/32.15.06-rengasdengklok"):  # fmt: skip
        for suffix in SUFFIXES:
            assert f"feeds/{scope}{suffix}" in files
    assert len([f for f in files if f.startswith("feeds/kecamatan/")]) == 30 * 3


def test_items_carry_title_link_id_and_dates(newsroom):
    atom = parse(newsroom.output, "feeds/semua.atom.xml")
    first = atom.entries[0]
    assert first.title == "Banjir di Rengasdengklok, Warga Diminta Mengungsi"
    assert first.link == f"{SITEURL}/2021/02/banjir-di-rengasdengklok-warga-diminta-mengungsi/"
    assert first.id == "tag:localhost,2021-02-20:KRW-210220-01"
    assert first.published == "2021-02-20T06:15:00+07:00"
    assert first.published_parsed == datetime.fromisoformat("2021-02-19T23:15:00").timetuple()[:6] + first.published_parsed[6:]
    assert atom.feed.updated == "2021-02-20T06:15:00+07:00"  # the newest item, not the clock
    rss = parse(newsroom.output, "feeds/semua.rss.xml")
    assert rss.feed.updated == "Sat, 20 Feb 2021 06:15:00 +0700"
    assert rss.entries[0].guidislink is False and rss.entries[0].id == first.id
    assert rss.feed.generator == "Warta" and atom.feed.generator == "Warta"
    assert [t.term for t in atom.entries[0].tags] == ["Banjir"]


def test_drafts_never_appear_and_withdrawn_and_expired_say_so(newsroom):
    semua = read_json(newsroom.output, "feeds/semua.json")
    by_code = {item["_warta"]["code"]: item for item in semua["items"]}
    assert "KRW-200603-01" not in by_code
    for path in feed_files(newsroom.output):
        assert "Draf Rahasia" not in (newsroom.output / path).read_text(encoding="utf-8")
    withdrawn = by_code["KRW-200701-01"]
    assert withdrawn["title"] == "[DICABUT] Jadwal Pasar Murah"
    assert withdrawn["content_html"].startswith("<p><strong>DICABUT</strong>")
    assert "Alasan: Lokasi dipindah." in withdrawn["content_html"]
    assert f'href="{SITEURL}/2020/07/jadwal-pasar-murah-yang-baru/"' in withdrawn["content_html"]
    assert withdrawn["_warta"]["status"] == "withdrawn"
    assert withdrawn["_warta"]["withdrawn_reason"] == "Lokasi dipindah."
    expired = by_code["KRW-200702-01"]
    assert "Tidak berlaku lagi sejak Minggu, 5 Juli 2020 · 17.00 WIB" in expired["content_html"]
    assert expired["_warta"]["expired"] is True and expired["_warta"]["expires"] == "2020-07-05T17:00:00+07:00"


def test_urgent_feed_holds_only_current_penting_and_darurat(newsroom):
    urgent = read_json(newsroom.output, "feeds/penting.json")
    assert [item["_warta"]["code"] for item in urgent["items"]] == ["KRW-210220-01", "KRW-200602-01"]


def test_whole_regency_bulletins_are_in_every_kecamatan_feed(newsroom):
    for path in feed_files(newsroom.output):
        if path.startswith("feeds/kecamatan/") and path.endswith(".json"):
            codes = [item["_warta"]["code"] for item in read_json(newsroom.output, path)["items"]]
            assert "KRW-210220-01" in codes, path
    klari = read_json(newsroom.output, "feeds/kecamatan/32.15.05-klari.json")
    assert [i["_warta"]["code"] for i in klari["items"]] == ["KRW-210220-01", "KRW-200702-01", "KRW-200701-01", "KRW-200602-01"]
    assert klari["home_page_url"] == f"{SITEURL}/kecamatan/32.15.05-klari/"
    telagasari = read_json(newsroom.output, "feeds/kecamatan/32.15.17-telagasari.json")
    assert telagasari["items"][1]["_warta"]["kecamatan"] == ["32.15.17", "32.15.13"]


def test_image_is_enclosure_media_content_and_json_image(newsroom):
    size = (newsroom.output / "images" / "poster.png").stat().st_size  # the published copy (EXIF stripped)
    image = f"{SITEURL}/images/poster.png"
    rss = parse(newsroom.output, "feeds/jenis/infografis.rss.xml").entries[0]
    assert rss.enclosures == [{"href": image, "length": str(size), "type": "image/png"}]
    assert rss.media_content[0]["url"] == image and rss.media_content[0]["filesize"] == str(size)
    atom = parse(newsroom.output, "feeds/jenis/infografis.atom.xml").entries[0]
    assert [(l.rel, l.href) for l in atom.links] == [("alternate", f"{SITEURL}/2020/08/infografis-cuci-tangan/"),
                                                     ("enclosure", image)]  # fmt: skip
    assert atom.enclosures[0]["length"] == str(size)
    item = read_json(newsroom.output, "feeds/jenis/infografis.json")["items"][0]
    assert item["image"] == image
    assert item["attachments"] == [{"url": image, "mime_type": "image/png", "title": "Poster enam langkah cuci tangan",
                                    "size_in_bytes": size}]  # fmt: skip


def test_content_is_absolute_and_carries_transcript_and_change_notes(newsroom):
    item = read_json(newsroom.output, "feeds/jenis/infografis.json")["items"][0]
    soup = BeautifulSoup(item["content_html"], "html.parser")
    for element in soup.find_all(["a", "img"]):
        url = element.get("href") or element.get("src")
        assert url.startswith(("http://", "https://")), url
    assert soup.find("a", string="panduan")["href"] == f"{SITEURL}/tentang/"
    assert soup.find("img", alt="peta")["src"] == f"{SITEURL}/2020/08/infografis-cuci-tangan/images/poster.png"
    text = soup.get_text(" ")
    assert "Transkrip" in text and "Enam langkah cuci tangan." in text
    assert "Riwayat pembaruan" in text and "Langkah kelima diperjelas." in text
    assert "Diperbarui Senin, 3 Agustus 2020 · 14.30 WIB: Langkah kelima diperjelas." in " ".join(text.split())
    assert item["date_modified"] == "2020-08-03T14:30:00+07:00" and item["date_published"] == "2020-08-01T09:00:00+07:00"


def test_edit_with_change_note_keeps_id_and_moves_date_modified(site):
    site.add("a.md", bulletin_text(slug="jadwal-posyandu-bulan-juni"))
    site.build()
    before = read_json(site.output, "feeds/semua.json")["items"][0]
    before_atom = parse(site.output, "feeds/semua.atom.xml")
    site.add("a.md", bulletin_text(title="Jadwal Posyandu Bulan Juni Diperbarui", slug="jadwal-posyandu-bulan-juni", modified="2020-06-04 09:30",
                                   changes="2020-06-04 09:30 | Jam buka diubah.",
                                   body="Posyandu buka setiap Selasa pukul 09.00 WIB."))  # fmt: skip
    site.build()
    after = read_json(site.output, "feeds/semua.json")["items"][0]
    assert after["id"] == before["id"] == "tag:localhost,2020-06-02:KRW-200602-01"
    assert after["url"] == before["url"]
    assert (before["date_modified"], after["date_modified"]) == ("2020-06-02T10:00:00+07:00", "2020-06-04T09:30:00+07:00")
    assert after["title"] == "Jadwal Posyandu Bulan Juni Diperbarui"
    assert "Jam buka diubah." in after["content_html"]
    atom = parse(site.output, "feeds/semua.atom.xml")
    assert atom.entries[0].id == before_atom.entries[0].id
    assert atom.feed.updated == "2020-06-04T09:30:00+07:00" != before_atom.feed.updated
    rss = parse(site.output, "feeds/semua.rss.xml")
    assert rss.entries[0].updated == "2020-06-04T09:30:00+07:00"


def test_feeds_hold_the_newest_n_items(site):
    for day in range(1, 8):
        site.add(f"p{day}.md", bulletin_text(title=f"Pengumuman Nomor {day}", date=f"2020-06-{day:02d} 10:00",
                                             code=f"KRW-2006{day:02d}-01"))  # fmt: skip
    site.build(SYNDICATION_MAX_ITEMS=3)
    for path in ("feeds/semua", "feeds/jenis/pengumuman", "feeds/kecamatan/32.15.05-klari", "feeds/topik/kesehatan"):
        doc = read_json(site.output, path + ".json")
        assert [i["title"] for i in doc["items"]] == ["Pengumuman Nomor 7", "Pengumuman Nomor 6", "Pengumuman Nomor 5"]
        assert len(parse(site.output, path + ".atom.xml").entries) == 3
        assert len(parse(site.output, path + ".rss.xml").entries) == 3
    check_every_feed(site.output)


def test_rebuild_is_byte_identical(newsroom, tmp_path):
    again = newsroom.build(tmp_path / "again")
    first = {p: (newsroom.output / p).read_bytes() for p in feed_files(newsroom.output)}
    second = {p: (again / p).read_bytes() for p in feed_files(again)}
    assert first == second
    for name in ("feeds/index.opml", "feeds/index.html"):
        assert (newsroom.output / name).read_bytes() == (again / name).read_bytes()


def test_bad_input_still_gives_valid_feeds(site):
    # Control characters and raw <script> tags are refused by the schema (test_safe_content).
    body = ("Teks tanpa kendali, penutup CDATA ]]> dan &lt;/script&gt; tertulis, "
            "emoji 🚨🌊, aksara Arab: مرحبا بكم في كاراوانغ، dan bahasa Indonesia: Mohon waspada.\n\n"
            "<p>HTML mentah &amp; <b>tebal</b></p>\n")  # fmt: skip
    title = "<b>Awas</b> Banjir & Longsor ]]> </script> 🚨 مرحبا"
    site.add("odd.md", bulletin_text(title=title, summary="Ringkasan ]]> </script> 🚨 مرحبا & <i>miring</i>.",
                                     body=body, code="KRW-200602-09"))  # fmt: skip
    site.build()
    check_every_feed(site.output)
    expected = "<b>Awas</b> Banjir & Longsor ]]> </script> 🚨 مرحبا"
    doc = read_json(site.output, "feeds/semua.json")
    item = doc["items"][0]
    assert item["title"] == expected
    text = BeautifulSoup(item["content_html"], "html.parser").get_text()
    assert "penutup CDATA ]]> dan" in text and "🚨🌊" in text and "مرحبا بكم في كاراوانغ" in text
    assert "Teks tanpa kendali, penutup" in text and "</script> tertulis" in text
    assert item["summary"] == "Ringkasan ]]> </script> 🚨 مرحبا & <i>miring</i>."  # plain text, as written
    assert parse(site.output, "feeds/semua.atom.xml").entries[0].title == expected
    assert parse(site.output, "feeds/semua.rss.xml").entries[0].title == expected
    xml_title = etree.parse(str(site.output / "feeds/semua.rss.xml")).findtext("channel/item/title")
    assert xml_title == expected


def alternates(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    feeds = ("application/atom+xml", "application/rss+xml", "application/feed+json")
    return [link["href"] for link in soup.find_all("link", rel="alternate") if link.get("type") in feeds]


SITE_WIDE = [f"{SITEURL}/feeds/{scope}{suffix}" for scope in ("semua", "penting") for suffix in SUFFIXES]


@pytest.mark.parametrize(("page", "own"), [
    ("index.html", []),
    ("2020/06/jadwal-posyandu-bulan-juni/index.html", []),
    ("tentang/index.html", []),
    ("kecamatan/32.15.05-klari/index.html", ["kecamatan/32.15.05-klari"]),
    ("kecamatan/32.15.30-cilebar/index.html", ["kecamatan/32.15.30-cilebar"]),
    ("jenis/pengumuman/index.html", ["jenis/pengumuman"]),
    ("topik/banjir/index.html", ["topik/banjir"]),
    ("feeds/index.html", []),
])  # fmt: skip
def test_discovery_links_name_site_and_own_feeds(newsroom, page, own):
    expected = SITE_WIDE + [f"{SITEURL}/feeds/{scope}{suffix}" for scope in own for suffix in SUFFIXES]
    links = alternates(newsroom.output / page)
    assert links == expected
    for url in links:
        assert (newsroom.output / urlsplit(url).path.lstrip("/")).is_file(), url


def feeds_page(output: Path) -> BeautifulSoup:
    return BeautifulSoup((output / "feeds/index.html").read_text(encoding="utf-8"), "html.parser")


def check_feeds_page_links(output: Path) -> None:
    """Every feed file is linked once, in its scope's item, one link per format (RSS, Atom,
    JSON Feed in that order); the links are the addresses, with no button in the HTML."""
    page, base = feeds_page(output), f"{SITEURL}/feeds/"
    files = {f"{SITEURL}/{path}" for path in feed_files(output)}
    linked = [urljoin(base, a["href"]) for a in page.select("main a[href]")]
    assert sorted(url for url in linked if url in files) == sorted(files)
    items = page.select("ul.umpan > li")
    assert len(items) * 3 >= len(files) > (len(items) - 1) * 3  # one item per scope
    for item in items:
        formats = [urljoin(base, a["href"]) for a in item.select("li > span:last-child > a")]
        suffixes = [next(suffix for suffix in SUFFIXES if url.endswith(suffix)) for url in formats]
        assert suffixes == [suffix for suffix in (".rss.xml", ".atom.xml", ".json") if suffix in suffixes], item
        assert len({url.removesuffix(suffix) for url, suffix in zip(formats, suffixes)}) == 1, item
        assert len(item.select(".kosong")) == 3 - len(formats)  # a missing format keeps its slot
    assert page.select("main button") == []  # salin.js adds the copy buttons
    assert page.find("script", src=f"{SITEURL}/theme/js/salin.js").has_attr("defer")
    assert page.find("a", attrs={"data-salin-tautan": True}, href=f"{SITEURL}/feeds/index.opml")
    assert (output / "theme/js/salin.js").is_file()


def test_feeds_page_links_every_feed_once_per_format(newsroom):
    check_feeds_page_links(newsroom.output)
    page = feeds_page(newsroom.output)
    assert [h2.get_text() for h2 in page.select("section > h2")][:4] == ["Umum", "Jenis", "Topik", "Kecamatan"]
    text = page.get_text(" ")
    for words in ("Cara berlangganan", "IFTTT", "n8n", "Telegram", "WhatsApp", "OPML", "_warta", "withdrawn_reason"):
        assert words in text
    # Ids that feeds (`_warta.about`) and the earlier page's sections gave out still lead somewhere.
    ids = {tag["id"] for tag in page.find_all(id=True)}
    assert {"ekstensi-warta", "panduan", "semua-sekaligus", "semua", "penting", "jenis", "topik", "kecamatan",
            "lainnya"} <= ids  # fmt: skip
    klari = page.find("a", href="/feeds/kecamatan/32.15.05-klari.rss.xml").find_parent("li")
    assert klari.find("a")["href"] == "/kecamatan/32.15.05-klari/" and klari.find("a").get_text() == "Klari"
    nav = [a["href"] for a in BeautifulSoup((newsroom.output / "index.html").read_text(encoding="utf-8"),
                                            "html.parser").select(".site-nav a")]  # fmt: skip
    assert f"{SITEURL}/feeds/" in nav


def test_feeds_page_links_from_the_site_path(site):
    """Under a SITEURL with a path, the page's site-rooted links keep it."""
    site.add("a.md", bulletin_text())
    output = site.build(SITEURL="https://example.org/warta", SYNDICATION_TAG_AUTHORITY="example.org")
    page = feeds_page(output)
    assert page.find("a", href="/warta/feeds/semua.rss.xml") and page.find("a", href="/warta/jenis/pengumuman/")


def test_pelican_feed_settings_stay_off():
    from pelican.settings import read_settings

    settings = read_settings(str(Path(__file__).parent.parent / "pelicanconf.py"))
    for key in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS", "TAG_FEED_ATOM",
                "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"):  # fmt: skip
        assert settings[key] is None, key


def test_sample_site_feeds(sample_site):
    check_every_feed(sample_site)
    check_feeds_page_links(sample_site)
    semua = read_json(sample_site, "feeds/semua.json")
    assert len(semua["items"]) == len(list((Path(__file__).parent.parent / "content/bulletins").glob("*.md"))) - \
        sum("status: draft" in p.read_text(encoding="utf-8") for p in (Path(__file__).parent.parent / "content/bulletins").glob("*.md"))
    for item in semua["items"]:
        assert (sample_site / urlsplit(item["url"]).path.lstrip("/") / "index.html").is_file(), item["url"]
        if "image" in item:
            assert (sample_site / urlsplit(item["image"]).path.lstrip("/")).is_file()
    assert read_json(sample_site, "feeds/kecamatan/32.15.17-telagasari.json")["title"] == "Warta Karawang: Kecamatan Telagasari"
    assert alternates(sample_site / "kecamatan/32.15.17-telagasari/index.html")[-1] == \
        f"{SITEURL}/feeds/kecamatan/32.15.17-telagasari.json"


def test_feeds_page_keeps_the_page_budget_at_the_sample_site(sample_site):
    """HTML plus CSS and fonts within the page budget, and each scope (a topic, a kecamatan)
    one item of at most 320 bytes: that is all a new scope adds."""
    path = sample_site / "feeds/index.html"
    assert page_weight(sample_site, SITEURL, path) <= PAGE_BUDGET
    html = path.read_text(encoding="utf-8")
    items = [item for found in re.findall(r'<ul class="umpan".*?</ul>', html, re.S)
             for item in re.findall(r"<li[ >].*?</li>", found)]  # fmt: skip
    assert len(items) >= 40 and max(len(item.encode()) for item in items) <= 320, max(items, key=len)
