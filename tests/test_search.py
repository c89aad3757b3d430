"""Search (plugins/search): the Pagefind index built over real fixture builds, the markup it
reads, the search page, and a failed index failing the build."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from conftest import tasks
from warta import build
from bs4 import BeautifulSoup
from warta.core.settings import SettingsError
from conftest import bulletin_text
from warta.search.plugin import build_index, pagefind_binary, pagefind_command
from warta.search.settings import Config, config_from

SITEURL = "http://localhost:8000"


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def newsroom(site):
    site.add("a.md", bulletin_text(body="Posyandu buka setiap Selasa di balai desa Duren."))
    site.add("b.md", bulletin_text(title="Banjir Rengasdengklok", date="2021-02-20 06:15", type="Berita",
                                   kecamatan="semua", code="KRW-210220-01"))  # fmt: skip
    site.add("c.md", bulletin_text(title="Draf Rahasia", status="draft", code="KRW-200603-01"))
    site.add("d.md", bulletin_text(title="Pasar Murah Dicabut", date="2020-07-01 08:00", kecamatan="Klari, Cikampek",
                                   status="withdrawn", withdrawn_reason="Batal.", code="KRW-200701-01"))  # fmt: skip
    site.add_page("tentang", "Tentang")
    site.build()
    return site


def test_pagefind_runs_the_wheel_binary_in_indonesian():
    binary = pagefind_binary()
    assert "pagefind_bin" in binary
    bundle = tasks.ROOT / "output" / "pagefind" / "2021"
    command = pagefind_command(binary, tasks.ROOT / "output", Config("cari/", "cari/index.html", "pagefind", "id"), bundle)
    assert command[command.index("--force-language") + 1] == "id"
    assert command[command.index("--output-path") + 1] == str(bundle)


def entries(output) -> dict[str, dict]:
    return {path.parent.name: json.loads(path.read_text()) for path in (output / "pagefind").glob("*/pagefind-entry.json")}


def test_index_covers_every_published_bulletin_page_and_nothing_else(newsroom):
    # One bundle per year. Three bulletin pages (the withdrawn one keeps its page); drafts,
    # lists, embed cards, lite pages, the about page and the search page carry no
    # data-pagefind-body.
    found = entries(newsroom.output)
    assert {year: entry["languages"]["id"]["page_count"] for year, entry in found.items()} == {"2020": 2, "2021": 1}
    assert all(set(entry["languages"]) == {"id"} for entry in found.values())
    assert not (newsroom.output / "pagefind" / "pagefind-entry.json").exists()
    for year in found:
        bundle = newsroom.output / "pagefind" / year
        for name in ("pagefind.js", "pagefind-worker.js", "wasm.id.pagefind"):
            assert (bundle / name).is_file(), name
        # Pagefind's UI kits and the like, which no page loads, are left out.
        assert sorted(p.name for p in bundle.iterdir() if not p.name.endswith(".pf_meta")) == [
            "filter", "fragment", "index", "pagefind-entry.json", "pagefind-worker.js", "pagefind.js", "wasm.id.pagefind"]
    report = build_index(newsroom.output, config_from(newsroom.settings()))  # the whole site in one bundle
    assert (report.pages, report.filters) == (3, 4)  # filters: jenis, kecamatan, tahun and status
    assert report.bytes > 10_000


def test_a_year_whose_pages_did_not_change_keeps_its_bundle(newsroom, caplog):
    bundles = {year: {p.relative_to(newsroom.output): p.read_bytes() for p in (newsroom.output / "pagefind" / year).rglob("*")
                      if p.is_file()} for year in ("2020", "2021")}  # fmt: skip
    inodes = {p: (newsroom.output / p).stat().st_ino for p in bundles["2020"]}
    newsroom.add("e.md", bulletin_text(title="Vaksinasi Lansia", date="2021-03-01 08:00", code="KRW-210301-01"))
    with caplog.at_level(logging.INFO):
        newsroom.build()
    assert "Search index: 4 pages" in caplog.text and "(2020, 2021)" in caplog.text
    # 2020 is not indexed again: its files are the very same ones (nothing written).
    assert {p: (newsroom.output / p).stat().st_ino for p in bundles["2020"]} == inodes
    assert entries(newsroom.output)["2021"]["languages"]["id"]["page_count"] == 2
    # A year without bulletins any more loses its bundle, in the site and in the cache.
    for name in ("a.md", "d.md"):
        (newsroom.content / "bulletins" / name).unlink()
    newsroom.build(PERMANENCE_PREVIOUS=None)
    assert set(entries(newsroom.output)) == {"2021"}
    assert sorted(p.name for p in (newsroom.root / "cache" / "search").iterdir()) == ["2021", "2021.json"]


def test_bulletin_pages_mark_body_filters_sort_meta_and_what_to_ignore(newsroom):
    page = soup(newsroom.output / "2020/06/jadwal-posyandu-bulan-juni/index.html")
    body = page.find(attrs={"data-pagefind-body": True})
    assert body.name == "article" and body["data-pagefind-filter"] == "jenis:Pengumuman"
    assert [a.get_text() for a in body.select('[data-pagefind-filter="kecamatan"]')] == ["Klari"]
    published = body.select_one(".facts time")
    assert published["data-pagefind-sort"] == "tanggal[datetime]"
    assert published["data-pagefind-meta"] == "terbit, tanggal[datetime]"
    assert body.select_one('[data-pagefind-meta^="wilayah:"]')["data-pagefind-meta"] == "wilayah:Klari"
    assert body.select_one('[data-pagefind-filter^="tahun:"]')["data-pagefind-filter"] == "tahun:2020"
    assert body.select_one('[data-pagefind-filter^="status:"]')["data-pagefind-filter"] == "status:berlaku"
    assert not body.select('[data-pagefind-meta^="urgensi:"]')  # biasa: no urgency badge
    # The labels and values of the badges and facts, the state notices and the Bagikan kit
    # stay out of the indexed text (the search page shows them from the metadata).
    for selector in (".badges", ".facts", ".bagikan"):
        assert body.select_one(selector).find_parent(attrs={"data-pagefind-ignore": True}), selector
    assert not page.select("header.site-header [data-pagefind-body], footer [data-pagefind-body]")
    # A whole-regency bulletin is found under every kecamatan's filter.
    whole = soup(newsroom.output / "2021/02/banjir-rengasdengklok/index.html")
    filters = [tag["data-pagefind-filter"] for tag in whole.select('[data-pagefind-filter^="kecamatan:"]')]
    assert len(filters) == 30 and "kecamatan:Telagasari" in filters
    assert whole.select_one('[data-pagefind-meta^="wilayah:"]')["data-pagefind-meta"] == "wilayah:Seluruh Kabupaten Karawang"
    # A withdrawn bulletin: its state as a filter value, its notice left out of the text.
    withdrawn = soup(newsroom.output / "2020/07/pasar-murah-dicabut/index.html")
    assert withdrawn.select_one('[data-pagefind-filter^="status:"]')["data-pagefind-filter"] == "status:dicabut"
    assert withdrawn.select_one(".notice.withdrawn").has_attr("data-pagefind-ignore")


def test_bulletin_states_urgency_and_expiry_for_search(site):
    site.add("a.md", bulletin_text(title="Siaga Banjir", date="2021-02-20 06:15", urgency="darurat",
                                   expires="2021-03-01 23:59", code="KRW-210220-01"))  # fmt: skip
    site.add("b.md", bulletin_text(title="Siaga Lama", date="2021-01-20 06:15", urgency="darurat",
                                   expires="2021-01-31 23:59", code="KRW-210120-01"))  # fmt: skip
    site.build(BULLETINS_NOW="2021-02-21 09:00")
    current = soup(site.output / "2021/02/siaga-banjir/index.html")
    state = current.select_one('[data-pagefind-filter^="status:"]')
    assert state["data-pagefind-filter"] == "status:berlaku" and state["data-pagefind-meta"] == "urgensi:darurat"
    assert current.select_one(".facts")["data-pagefind-meta"] == "berlaku_sampai:2021-03-01T23:59:00+07:00"
    assert current.select_one(".notice.valid").has_attr("data-pagefind-ignore")
    expired = soup(site.output / "2021/01/siaga-lama/index.html")
    state = expired.select_one('[data-pagefind-filter^="status:"]')
    assert state["data-pagefind-filter"] == "status:kedaluwarsa" and not state.has_attr("data-pagefind-meta")
    assert not expired.select_one(".facts").has_attr("data-pagefind-meta")


def test_search_page_loads_its_own_script_and_links_lists_without_javascript(newsroom):
    page = soup(newsroom.output / "cari/index.html")
    # cari.js imports Pagefind's API from the newest bundle when a search starts; Pagefind's
    # default UI (script and stylesheet) is not loaded.
    # (luring.js, on every page, registers the offline worker.)
    scripts = [s["src"] for s in page.find_all("script", src=True) if not s["src"].endswith("/luring.js")]
    assert scripts == [f"{SITEURL}/theme/js/cari.js"] and page.find("script", src=scripts[0]).has_attr("defer")
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert f"{SITEURL}/theme/css/cari.css" in styles and not any("pagefind" in href for href in styles)
    # The newest year's bundle first; the script merges the others into it.
    form = page.find(id="cari")
    assert form["data-bundles"] == f"{SITEURL}/pagefind/2021/ {SITEURL}/pagefind/2020/"
    # The form is shown by the script: without JavaScript it could not search.
    assert form.name == "form" and form.has_attr("hidden") and form["role"] == "search"
    assert [radio["value"] for radio in form.select("input[name=urut]")] == ["", "terbaru"]
    assert "Pencarian memerlukan JavaScript" in page.find("noscript").get_text()
    hrefs = {a["href"] for a in page.select("main a")}
    assert {f"{SITEURL}/{p}" for p in ("arsip/", "kecamatan/", "jenis/", "topik/", "lite/")} <= hrefs
    # Every page's navigation leads here; only this page loads Pagefind.
    home = soup(newsroom.output / "index.html")
    assert home.select_one(".site-nav").find("a", href=f"{SITEURL}/cari/").get_text() == "Cari"
    assert "pagefind" not in newsroom.read("index.html")


def test_a_failing_index_fails_the_build_and_publishes_nothing(site, monkeypatch, caplog):
    site.add("a.md", bulletin_text())
    site.build()
    before = site.read("index.html")
    site.add("b.md", bulletin_text(title="Jadwal Baru", code="KRW-200602-02"))
    monkeypatch.setattr("warta.search.plugin.pagefind_binary", lambda: "/bin/false")  # a real program that fails
    with caplog.at_level(logging.ERROR), pytest.raises(build.BuildFailed):
        site.build()
    assert "search: Pagefind failed with exit code 1" in caplog.text
    assert site.read("index.html") == before and "Jadwal Baru" not in before


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("SEARCH_URL", "/cari/", "ends in /"),
    ("SEARCH_SAVE_AS", "cari.htm", ".html path"),
    ("SEARCH_BUNDLE_DIR", "../pf", "one folder name"),
    ("SEARCH_LANGUAGE", "ind", "ISO 639-1"),
])  # fmt: skip
def test_bad_search_setting_names_key_value_and_what_is_allowed(key, value, allowed):
    with pytest.raises(SettingsError, match=key) as error:
        config_from({key: value})
    assert repr(value) in str(error.value) and allowed in str(error.value)


def test_index_is_byte_identical_on_every_run_with_filter_values_in_order(newsroom):
    """Pagefind writes filter values in hash-map order; search/canonical.py sorts them."""
    import gzip

    import cbor2

    def files():
        folder = newsroom.output / "pagefind"
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    first = files()
    for _ in range(2):
        shutil.rmtree(newsroom.root / "cache" / "search")  # indexed again, not taken from the cache
        newsroom.build()
        assert files() == first
    kecamatan = next(data for name, data in first.items() if name.startswith("2021/filter/")
                     and b"kecamatan" in gzip.decompress(data))  # fmt: skip
    key, values = cbor2.loads(gzip.decompress(kecamatan)[len(b"pagefind_dcd"):])
    names = [value for value, pages in values]
    assert key == "kecamatan" and names == sorted(names) and len(names) == 30
