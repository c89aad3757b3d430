"""Scenarios of the canonical source over a fixture site: what subscribers and readers see
after a major edit, a minor edit, an expiry and a withdrawal, feeds included."""

from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import bulletin_text

SITEURL = "http://localhost:8000"
NOTICE = dict(title="Vaksinasi Lansia di Klari", date="2021-03-02 09:00", topics="Vaksinasi",
              urgency="penting", expires="2021-12-31 16:00", code="KRW-210302-01",
              body="Vaksinasi lansia dibuka di Puskesmas Klari setiap hari kerja.")  # fmt: skip
URL = "2021/03/vaksinasi-lansia-di-klari/"
ITEM_ID = "tag:localhost,2021-03-02:KRW-210302-01"


def feeds(output):
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted((output / "feeds").rglob("*"))
            if p.is_file() and p.suffix in (".xml", ".json")}  # fmt: skip


def json_items(output, path="feeds/semua.json"):
    return {item["id"]: item for item in json.loads((output / path).read_text(encoding="utf-8"))["items"]}


def text(path) -> str:
    return " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())


@pytest.fixture
def newsroom(site):
    site.add("notice.md", bulletin_text(**NOTICE))
    site.add("other.md", bulletin_text(title="Pasar Murah di Cikampek", date="2021-02-01 08:00",
                                       kecamatan="Cikampek", topics="Ekonomi", code="KRW-210201-01"))  # fmt: skip
    site.build()
    return site


def containing(output, item_id):
    """Every feed file (all three formats) that carries the item."""
    return sorted(name for name, data in feeds(output).items() if item_id.encode() in data)


def test_major_edit_keeps_the_id_moves_date_modified_everywhere_and_shows_the_note(newsroom):
    before = containing(newsroom.output, ITEM_ID)
    assert {"feeds/semua.json", "feeds/semua.atom.xml", "feeds/semua.rss.xml", "feeds/penting.json",
            "feeds/topik/vaksinasi.atom.xml", "feeds/kecamatan/32.15.05-klari.json"} <= set(before)  # fmt: skip
    note = "Lokasi tambahan di Balai Desa Duren."
    newsroom.add("notice.md", bulletin_text(**NOTICE, modified="2021-03-03 14:30", changes=f"2021-03-03 14:30 | {note}"))
    after = newsroom.build(newsroom.root / "after")
    assert containing(after, ITEM_ID) == before
    for name in before:
        if name.endswith(".json"):
            item = json_items(after, name)[ITEM_ID]
            assert item["date_modified"] == "2021-03-03T14:30:00+07:00" and note in item["content_html"], name
        else:
            entry = next(e for e in feedparser.parse((after / name).read_bytes()).entries if e.id == ITEM_ID)
            assert entry.updated_parsed[:5] == (2021, 3, 3, 7, 30), name  # 14.30 WIB in UTC
            assert note in entry.get("content", [entry.get("summary_detail")])[0]["value"] + entry.get("description", ""), name
    page = text(after / URL / "index.html")
    assert f"Riwayat pembaruan Rabu, 3 Maret 2021 · 14.30 WIB : {note}" in page
    assert "Diperbarui Rabu, 3 Maret 2021 · 14.30 WIB" in page


def test_minor_edit_moves_nothing_subscribers_see(newsroom):
    newsroom.add("notice.md", bulletin_text(**{**NOTICE, "body": NOTICE["body"].replace("hari kerja", "hari kerja.")}))
    after = newsroom.build(newsroom.root / "after")
    before_feeds, after_feeds = feeds(newsroom.output), feeds(after)
    assert sorted(before_feeds) == sorted(after_feeds)
    # Feeds that do not carry the bulletin are untouched, byte for byte.
    untouched = [n for n in before_feeds if ITEM_ID.encode() not in before_feeds[n]]
    assert untouched and all(before_feeds[n] == after_feeds[n] for n in untouched)
    # Where it appears, the fixed text is new but no date moves, so no reader sees an update.
    for name in containing(after, ITEM_ID):
        if name.endswith(".json"):
            old, new = json_items(newsroom.output, name), json_items(after, name)
            assert [(i["id"], i["date_modified"]) for i in old.values()] == [(i["id"], i["date_modified"]) for i in new.values()]
            doc_old, doc_new = (json.loads((o / name).read_text()) for o in (newsroom.output, after))
            assert {k: v for k, v in doc_old.items() if k != "items"} == {k: v for k, v in doc_new.items() if k != "items"}
        else:
            old, new = (feedparser.parse((o / name).read_bytes()) for o in (newsroom.output, after))
            assert old.feed.get("updated") == new.feed.get("updated")
            assert [(e.id, e.get("updated")) for e in old.entries] == [(e.id, e.get("updated")) for e in new.entries]


def test_expired_notice_leaves_urgent_feed_and_banner_and_shows_its_notice(newsroom):
    newsroom.add("flood.md", bulletin_text(title="Banjir di Batujaya", date="2021-04-01 06:00", topics="Banjir",
                                           kecamatan="Batujaya", urgency="darurat", expires="2021-08-01 00:00",
                                           code="KRW-210401-01"))  # fmt: skip
    now = newsroom.build(newsroom.root / "now")
    assert "KRW-210401-01" in json.dumps(json_items(now, "feeds/penting.json"))
    assert "Banjir di Batujaya" in text(now / URL / "index.html")  # the banner on another page
    later = newsroom.build(newsroom.root / "later", BULLETINS_NOW="2022-01-01 00:00")
    assert json_items(later, "feeds/penting.json") == {}
    home = BeautifulSoup((later / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".urgent") is None
    assert "Tidak berlaku lagi sejak Minggu, 1 Agustus 2021 · 00.00 WIB" in text(later / "2021/04/banjir-di-batujaya/index.html")
    assert "KRW-210401-01" in json.dumps(json_items(later))  # still in the archive feed
    assert (later / "arsip/2021/04/index.html").is_file()


def test_withdrawn_bulletin_keeps_its_url_leaves_lists_and_says_so_in_feeds(newsroom):
    newsroom.add("notice.md", bulletin_text(**NOTICE, status="withdrawn", withdrawn_reason="Jadwal dibatalkan.",
                                            modified="2021-03-04 08:00",
                                            changes="2021-03-04 08:00 | Buletin dicabut."))  # fmt: skip
    after = newsroom.build(newsroom.root / "after")
    page = text(after / URL / "index.html")
    assert "DICABUT" in page and "Jadwal dibatalkan." in page
    for listing in ("index.html", "jenis/pengumuman/index.html", "topik/vaksinasi/index.html",
                    "kecamatan/32.15.05-klari/index.html", "arsip/index.html"):  # fmt: skip
        hrefs = {a["href"] for a in BeautifulSoup((after / listing).read_text(encoding="utf-8"), "html.parser").find_all("a")}
        assert f"{SITEURL}/{URL}" not in hrefs, listing
    # The topic had only this bulletin: its page stays (no URL disappears), now empty.
    assert "Belum ada buletin" in text(after / "topik/vaksinasi/index.html")
    # The monthly archive is the record of what was published: the bulletin stays, marked.
    month = BeautifulSoup((after / "arsip/2021/03/index.html").read_text(encoding="utf-8"), "html.parser")
    assert month.find("a", href=f"{SITEURL}/{URL}") and "DICABUT" in month.get_text()
    assert sorted(p for p in set(feeds(newsroom.output)) - set(feeds(after))) == []
    item = json_items(after)[ITEM_ID]
    assert item["title"].startswith("[DICABUT] ") and "Jadwal dibatalkan." in item["content_html"]
    assert ITEM_ID not in json_items(after, "feeds/penting.json")
    assert (after / "cek/KRW-210302-01/index.html").is_file()


def test_summary_reads_as_written_in_previews_feeds_and_alerts(site):
    """The summary is plain text: Markdown signs and tags are shown, never read."""
    site.add("a.md", bulletin_text(**{**NOTICE, "urgency": "darurat",
                                      "summary": "Vaksinasi *lansia* & `pralansia`, <b>gratis</b>_."}))  # fmt: skip
    site.build()
    expected = "Vaksinasi *lansia* & `pralansia`, <b>gratis</b>_."
    assert json_items(site.output)[ITEM_ID]["summary"] == expected
    page = BeautifulSoup((site.output / URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("meta", property="og:description")["content"] == expected
    cap = BeautifulSoup((site.output / URL / "alert.cap.xml").read_text(encoding="utf-8"), "xml")
    assert cap.find("description").get_text() == expected
    assert page.find("meta", attrs={"name": "description"})["content"] == expected
    lists = BeautifulSoup((site.output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert lists.select_one("p.summary").get_text() == expected
