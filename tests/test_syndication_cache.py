"""Feeds in the page store: a build builds the items of the feeds whose key changed and no
others, and after every kind of change a build that reuses stored feeds gives the same bytes
as one that builds every feed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from conftest import bulletin_text
from test_incremental import contents
from test_page_cache import edit
from warta.syndication import generator

SUFFIXES = (".atom.xml", ".rss.xml", ".json")


@pytest.fixture
def newsroom(site):
    """Every part an item shows: an image with alt text, a transcript, sources, a video, a
    change note, a link to a page, a replaced bulletin and its successor, a whole-regency
    urgent bulletin, a hoax rebuttal; and enough bulletins that the newest-first limit drops some."""
    site.add_page("tentang", "Tentang Warta")
    site.add("a.md", bulletin_text(body="Lihat [tentang kami]({filename}/pages/tentang.md)."))
    site.add("b.md", bulletin_text(title="Banjir di Karawang Barat", code="KRW-200603-01", date="2020-06-03 08:00",
                                   type="Berita", topics="Banjir", kecamatan="semua", urgency="darurat",
                                   expires="2021-08-01 08:00"))  # fmt: skip
    site.add("c.md", bulletin_text(title="Infografis isolasi mandiri", code="KRW-200604-01", date="2020-06-04 08:00",
                                   type="Infografis", image="images/poster.png", image_alt="Poster isolasi",
                                   transcript="Isolasi mandiri 14 hari.", video="https://example.org/v.mp4",
                                   sources="Dinas Kesehatan | https://example.org/dinkes",
                                   modified="2020-06-05 10:00", changes="2020-06-05 10:00 | Angka diperbaiki."))  # fmt: skip
    site.add("d.md", bulletin_text(title="Jadwal pasar murah", code="KRW-200605-01", date="2020-06-05 08:00",
                                   kecamatan="32.15.06"))  # fmt: skip
    site.add("e.md", bulletin_text(title="Jadwal pasar murah yang baru", code="KRW-200606-01",
                                   date="2020-06-06 08:00", kecamatan="32.15.06", supersedes="KRW-200605-01"))  # fmt: skip
    site.add("f.md", bulletin_text(title="[HOAKS] Air PAM beracun", code="KRW-200607-01", date="2020-06-07 08:00",
                                   type="Klarifikasi Hoaks", topics="Hoaks",
                                   body="## Beredar\n\nAir PAM beracun.\n\n## Faktanya\n\nAir PAM aman."))  # fmt: skip
    for number in range(10, 16):
        site.add(f"x{number}.md", bulletin_text(title=f"Kegiatan desa ke-{number}", code=f"KRW-2006{number:02d}-01",
                                                date=f"2020-06-{number:02d} 09:00", kecamatan="32.15.17"))  # fmt: skip
    return site


def feeds(output: Path) -> dict[str, bytes]:
    return {path: data for path, data in contents(output).items() if path.startswith("feeds/")}


def items_built(monkeypatch) -> Counter:
    """The codes of the items the syndication plugin builds (each feed item's HTML)."""
    built: Counter = Counter()
    original = generator.build_item

    def counting(source, config):
        built[source.code] += 1
        return original(source, config)

    monkeypatch.setattr(generator, "build_item", counting)
    return built


def scope_of(path: str) -> str:
    """`feeds/semua.rss.xml` -> `feeds/semua`; other files as they are."""
    return next((path[: -len(suffix)] for suffix in SUFFIXES if path.endswith(suffix)), path)


def codes_in(output: Path, relative: str) -> list[str]:
    return [item["_warta"]["code"] for item in json.loads((output / relative).read_text(encoding="utf-8"))["items"]]


def test_a_cold_build_builds_each_item_once_and_an_unchanged_one_none(newsroom, monkeypatch):
    built = items_built(monkeypatch)
    output = newsroom.build()
    shown = {code for path in feeds(output) if path.endswith(".json") for code in codes_in(output, path)}
    assert set(built) == shown and set(built.values()) == {1}
    built.clear()
    newsroom.build()
    assert not built


def test_one_new_bulletin_builds_only_the_items_of_its_scopes_feeds(newsroom, monkeypatch):
    settings = {"SYNDICATION_MAX_ITEMS": 3}
    before = feeds(newsroom.build(**settings))
    newsroom.add("new.md", bulletin_text(title="Pasar murah Juli", code="KRW-200630-01", date="2020-06-30 09:00",
                                         type="Berita", topics="Pasar", kecamatan="32.15.06"))  # fmt: skip
    built = items_built(monkeypatch)
    output = newsroom.build(**settings)
    after = feeds(output)
    scopes = {path for path in after if path.endswith(".json") and "KRW-200630-01" in codes_in(output, path)}
    assert {scope_of(path) for path in scopes} == {
        "feeds/semua", "feeds/jenis/berita", "feeds/topik/pasar", "feeds/kecamatan/32.15.06-rengasdengklok"}
    # Only the new item is built: the feeds that do not show it come from the store, and the
    # other items of those that do are kept between builds (their HTML is the costly part).
    assert built == Counter({"KRW-200630-01": 1})
    shown = {code for path in scopes for code in codes_in(output, path)}
    assert len(shown) > 1
    changed = {scope_of(path) for path in after if before.get(path) != after[path]}
    # The new topic's feeds are new: the OPML and the /feeds/ page list them.
    assert changed == {scope_of(path) for path in scopes} | {"feeds/index.opml", "feeds/index.html"}


def test_a_damaged_store_entry_costs_only_time(newsroom):
    first = newsroom.build()
    expected = feeds(first)
    store = newsroom.root / "cache" / "pages"
    index = json.loads((store / "index.json").read_text(encoding="utf-8"))
    for key in index:  # every stored file of a feed (and every page) loses its bytes
        (store / key[:2] / f"{key[2:]}.html").write_bytes(b"")
    values = sorted((store / "values").iterdir())
    assert values  # and so does every kept feed item, or its end
    for number, value in enumerate(values):
        value.write_bytes(b"" if number % 2 else value.read_bytes()[:-20])
    assert feeds(newsroom.build(newsroom.root / "again")) == expected


def new_poster(site) -> None:
    Image.new("RGB", (96, 64), "orange").save(site.content / "images" / "poster.png")


def bulletin(site, name: str) -> Path:
    return site.content / "bulletins" / name


def add_change_note(site) -> None:
    edit(bulletin(site, "c.md"), "modified: 2020-06-05 10:00", "modified: 2020-06-09 10:00")
    edit(bulletin(site, "c.md"), "changes: 2020-06-05", "changes: 2020-06-09 10:00 | Jam buka.\n    2020-06-05")


# Each change must reach the feeds (their bytes differ from the first build's), and a build
# with the store must give what a build without it gives.
CHANGES = {
    "body": lambda s: edit(bulletin(s, "a.md"), "Lihat", "Baca"),
    "title": lambda s: edit(bulletin(s, "x12.md"), "title: Kegiatan desa ke-12", "title: Kerja bakti"),
    "summary": lambda s: edit(bulletin(s, "x12.md"), "summary: Posyandu", "summary: Kerja bakti"),
    "topics": lambda s: edit(bulletin(s, "x13.md"), "topics: Kesehatan", "topics: Kesehatan, Banjir"),
    "kecamatan": lambda s: edit(bulletin(s, "x13.md"), "kecamatan: 32.15.17", "kecamatan: 32.15.17, 32.15.05"),
    "whole regency": lambda s: edit(bulletin(s, "x13.md"), "kecamatan: 32.15.17", "kecamatan: semua"),
    "type": lambda s: edit(bulletin(s, "x14.md"), "type: Pengumuman", "type: Berita"),
    "urgency": lambda s: edit(bulletin(s, "x14.md"), "code:", "urgency: penting\ncode:"),
    "expiry date": lambda s: edit(bulletin(s, "x14.md"), "code:", "expires: 2021-09-01 08:00\ncode:"),
    "time passes an expiry": lambda s: {"BULLETINS_NOW": "2021-08-02 09:00"},
    "withdrawn": lambda s: edit(bulletin(s, "d.md"), "code:", "status: withdrawn\nwithdrawn_reason: Batal.\ncode:"),
    "change note": add_change_note,
    "transcript": lambda s: edit(bulletin(s, "c.md"), "14 hari", "10 hari"),
    "sources": lambda s: edit(bulletin(s, "c.md"), "Dinas Kesehatan", "Dinas Kesehatan Kabupaten"),
    "video": lambda s: edit(bulletin(s, "c.md"), "https://example.org/v.mp4", "https://example.org/w.mp4"),
    "image alt": lambda s: edit(bulletin(s, "c.md"), "Poster isolasi", "Poster isolasi mandiri"),
    "image bytes": new_poster,
    "successor's title": lambda s: edit(bulletin(s, "e.md"), "murah yang baru", "murah terbaru"),
    "replaced bulletin's title": lambda s: edit(bulletin(s, "d.md"), "title: Jadwal pasar murah",
                                                "title: Jadwal pasar murah Juni"),
    "linked page's address": lambda s: edit(s.content / "pages" / "tentang.md", "slug: tentang", "slug: profil"),
    "deleted bulletin": lambda s: bulletin(s, "x15.md").unlink(),
    "area name in the data file": lambda s: edit(s.root / "data" / "kecamatan.json", '"Rengasdengklok"',
                                                 '"Rengasdengklok Kota"'),
    "WebSub hub": lambda s: {"WEBSUB_HUB": "https://hub.example.org/"},
    "items per feed": lambda s: {"SYNDICATION_MAX_ITEMS": 4},
    "tag authority": lambda s: {"SYNDICATION_TAG_AUTHORITY": "warta.example.org"},
    "author": lambda s: {"AUTHOR": "Diskominfo"},
    "site URL": lambda s: {"SITEURL": "https://warta.example.org"},
    "time zone": lambda s: {"TIMEZONE": "Asia/Makassar"},
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_stored_feeds_follow_every_change(newsroom, change):
    first = feeds(newsroom.build())
    extra = CHANGES[change](newsroom)
    extra = extra if isinstance(extra, dict) else {}
    warm = newsroom.build(**extra)
    cold = newsroom.build(newsroom.root / "cold", **extra, PAGE_CACHE=False)
    assert feeds(warm) != first, "the change did not reach the feeds: the case proves nothing"
    assert contents(warm) == contents(cold)
