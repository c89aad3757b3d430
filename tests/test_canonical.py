"""The canonical source: /cek/ verification pages, the manifest, scheduled bulletins and the
URL-permanence guard with its redirects, in real builds of fixture sites."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from warta.core.schedule import next_change
from warta.core.schema import check_file
from conftest import PELICANCONF, bulletin_text
from warta.manifest.generator import normalised_text
from warta.permanence.guard import public_urls
from warta.core.redirects import PermanenceError, read_redirects
from warta.verification.generator import lookup_key

SITEURL = "http://localhost:8000"
WIB = ZoneInfo("Asia/Jakarta")


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def newsroom(site):
    site.add("a.md", bulletin_text(image="images/poster.png", image_alt="Poster posyandu"))
    site.add("b.md", bulletin_text(title="Jadwal Lama", date="2020-07-01 08:00", code="KRW-200701-01",
                                   status="withdrawn", withdrawn_reason="Lokasi dipindah."))  # fmt: skip
    site.add("c.md", bulletin_text(title="Jadwal Baru", date="2020-07-02 08:00", code="KRW-200702-01",
                                   supersedes="KRW-200701-01", expires="2020-07-05 17:00"))  # fmt: skip
    site.add("d.md", bulletin_text(title="Jam Buka Diubah", date="2021-01-04 08:00", code="KRW-210104-01",
                                   modified="2021-01-05 09:30",
                                   changes="2021-01-05 09:30 | Jam buka kini pukul 08.00."))  # fmt: skip
    site.build()
    return site


@pytest.mark.parametrize("code, verdict", [
    ("KRW-200602-01", "Asli dan masih berlaku"),
    ("KRW-200701-01", "Asli, tetapi sudah DICABUT"),
    ("KRW-200702-01", "Asli, tetapi tidak berlaku lagi"),
    ("KRW-210104-01", "Asli, dan sudah diperbarui"),
])  # fmt: skip
def test_every_code_has_a_verdict_page(newsroom, code, verdict):
    page = soup(newsroom.output / "cek" / code / "index.html")
    text = " ".join(page.get_text(" ").split())
    assert verdict in text
    assert page.find("link", rel="canonical")["href"] == f"{SITEURL}/cek/{code}/"


def test_verdicts_link_the_page_the_replacement_and_the_change(newsroom):
    withdrawn = soup(newsroom.output / "cek/KRW-200701-01/index.html")
    hrefs = [a["href"] for a in withdrawn.select(".notice a")]
    assert hrefs == [f"{SITEURL}/2020/07/jadwal-lama/", f"{SITEURL}/2020/07/jadwal-baru/"]
    updated = " ".join(soup(newsroom.output / "cek/KRW-210104-01/index.html").get_text().split())
    assert "Diperbarui Selasa, 5 Januari 2021 · 09.30 WIB: Jam buka kini pukul 08.00." in updated


def test_lookup_index_and_no_js_list(newsroom):
    index = json.loads(newsroom.read("cek/index.json"))
    assert sorted(entry["code"] for entry in index.values()) == [
        "KRW-200602-01", "KRW-200701-01", "KRW-200702-01", "KRW-210104-01"]
    assert index[lookup_key(" krw 2006-02 01 ")]["url"] == f"{SITEURL}/cek/KRW-200602-01/"
    listed = {a["href"] for a in soup(newsroom.output / "cek/index.html").select(".code-list a")}
    assert listed == {f"{SITEURL}/cek/{entry['code']}/" for entry in index.values()}


def test_each_code_has_the_official_text_the_message_checker_compares(newsroom):
    index = json.loads(newsroom.read("cek/index.json"))
    assert index["KRW20070101"]["page"] == f"{SITEURL}/2020/07/jadwal-lama/"
    withdrawn = json.loads(newsroom.read("cek/KRW-200701-01/teks.json"))
    assert withdrawn["state"] == "dicabut" and withdrawn["withdrawn_reason"] == "Lokasi dipindah."
    # Replaced by a bulletin that has expired too: no "latest", as /cek/KRW-200701-01/ says.
    assert withdrawn["latest"] is None
    assert withdrawn["replaced_by"] == {"code": "KRW-200702-01", "title": "Jadwal Baru", "url": f"{SITEURL}/2020/07/jadwal-baru/"}
    assert withdrawn["url"] == f"{SITEURL}/2020/07/jadwal-lama/" and withdrawn["check"] == f"{SITEURL}/cek/KRW-200701-01/"
    assert withdrawn["text"] == "Posyandu buka setiap Selasa pukul 08.00 WIB." and withdrawn["claim"] == ""
    replaced = json.loads(newsroom.read("cek/KRW-200702-01/teks.json"))
    assert replaced["state"] == "kedaluwarsa" and replaced["expires_text"] == "Minggu, 5 Juli 2020 · 17.00 WIB"
    changed = json.loads(newsroom.read("cek/KRW-210104-01/teks.json"))
    assert changed["changed"] == {"text": "Selasa, 5 Januari 2021 · 09.30 WIB", "note": "Jam buka kini pukul 08.00."}
    assert changed["published_text"] == "Senin, 4 Januari 2021 · 08.00 WIB"
    checker = soup(newsroom.output / "cek/index.html").select_one(".terusan")
    assert checker.has_attr("hidden"), "shown by cek.js"
    assert checker["data-teks"] == f"{SITEURL}/cek/{{code}}/teks.json" and checker["data-prefix"] == "KRW"
    assert "Telukjambe Timur" in checker["data-tempat"].split("|") and "Kota Baru,Kotabaru" in checker["data-tempat"]
    assert checker["data-bundles"].startswith(f"{SITEURL}/pagefind/") and checker.find("textarea").get("name") is None


def test_a_hoax_rebuttals_official_text_keeps_what_circulates_apart(site):
    body = """\
        ## Beredar

        Beredar pesan berantai:

        > "Besok **semua** pasar ditutup 14 hari."

        ## Faktanya

        | Pasar | Jam |
        |---|---|
        | Klari | 06.00–12.00 |

        Pasar tetap buka dengan protokol kesehatan.
        """
    site.add("h.md", bulletin_text(title="[HOAKS] Pasar Ditutup", type="Klarifikasi Hoaks", code="KRW-200602-02",
                                   body=body))  # fmt: skip
    site.build()
    text = json.loads(site.read("cek/KRW-200602-02/teks.json"))
    assert text["hoax"] is True
    assert text["claim"] == 'Beredar pesan berantai:\n"Besok semua pasar ditutup 14 hari."'
    assert text["text"] == "Faktanya\nPasar | Jam\nKlari | 06.00–12.00\nPasar tetap buka dengan protokol kesehatan."


def test_manifest_hashes_match_the_built_files(newsroom):
    manifest = json.loads(newsroom.read("manifest.json"))
    assert [e["code"] for e in manifest["bulletins"]] == [
        "KRW-200602-01", "KRW-200701-01", "KRW-200702-01", "KRW-210104-01"]
    for entry in manifest["bulletins"]:
        page = soup(newsroom.output / entry["url"].removeprefix(SITEURL + "/") / "index.html")
        text = normalised_text(page.find("h1").get_text(), page.select_one(".prose").decode_contents())
        assert hashlib.sha256(text.encode()).hexdigest() == entry["text_sha256"], entry["code"]
        for image in entry["images"]:
            data = (newsroom.output / image["url"].removeprefix(SITEURL + "/")).read_bytes()
            assert hashlib.sha256(data).hexdigest() == image["sha256"]
    first = manifest["bulletins"][0]
    assert first["images"][0]["url"] == f"{SITEURL}/images/poster.png"
    assert (first["status"], first["date_published"]) == ("published", "2020-06-02T10:00:00+07:00")
    assert manifest["bulletins"][1]["status"] == "withdrawn"
    assert manifest["bulletins"][3]["date_modified"] == "2021-01-05T09:30:00+07:00"


def test_scheduled_bulletin_waits_and_next_change_names_its_time(site, rules):
    site.add("a.md", bulletin_text(expires="2021-08-01 00:00"))
    site.add("z.md", bulletin_text(title="Terbit Nanti", date="2021-07-15 07:00", code="KRW-210715-01"))
    site.build()
    assert not (site.output / "2021/07/terbit-nanti").exists()
    assert "Terbit Nanti" not in site.read("index.html")
    later = site.build(site.root / "later", BULLETINS_NOW="2021-07-15 07:00")
    assert (later / "2021/07/terbit-nanti/index.html").is_file()
    bulletins = [check_file(n, bulletin_text(**f), rules)[0] for n, f in [
        ("a.md", {"expires": "2021-08-01 00:00"}),
        ("z.md", {"date": "2021-07-15 07:00", "code": "KRW-210715-01"}),
        ("d.md", {"date": "2021-07-10 07:00", "code": "KRW-210710-01", "status": "draft"})]]  # fmt: skip
    assert next_change(bulletins, datetime(2021, 7, 1, 9, tzinfo=WIB)) == datetime(2021, 7, 15, 7, tzinfo=WIB)
    assert next_change(bulletins, datetime(2021, 7, 20, tzinfo=WIB)) == datetime(2021, 8, 1, tzinfo=WIB)
    assert next_change(bulletins, datetime(2021, 9, 1, tzinfo=WIB)) is None


def test_every_build_lists_its_public_urls(newsroom):
    urls = newsroom.read("urls.txt").split()
    # pelicanconf.py leaves generated resources out (the search index, image variants).
    published = {path.relative_to(newsroom.output).as_posix() for path in newsroom.output.rglob("*") if path.is_file()}
    assert urls == public_urls(published, PELICANCONF["PERMANENCE_IGNORE"])
    assert {"/", "/2020/06/jadwal-posyandu-bulan-juni/", "/cek/KRW-200602-01/", "/images/poster.png",
            "/sitemap.xml", "/manifest.json", "/urls.txt"} <= set(urls)  # fmt: skip


def test_deleting_a_published_bulletin_fails_with_both_fixes(newsroom):
    previous = newsroom.output / "urls.txt"
    (newsroom.content / "bulletins" / "d.md").unlink()
    before = sorted(p.name for p in newsroom.output.iterdir())
    with pytest.raises(PermanenceError, match=r"4 published URL\(s\) would disappear"):
        newsroom.build(PERMANENCE_PREVIOUS=str(previous))
    assert sorted(p.name for p in newsroom.output.iterdir()) == before


def test_vanished_url_message_names_url_and_fixes(newsroom, caplog):
    previous = newsroom.output / "urls.txt"
    (newsroom.content / "bulletins" / "d.md").unlink()
    with pytest.raises(PermanenceError):
        newsroom.build(PERMANENCE_PREVIOUS=str(previous))
    messages = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    page = "/2021/01/jam-buka-diubah/"
    assert messages[0].startswith(f"{page} (with ")
    assert messages[0].endswith(" under it) was published before and is missing from this build; withdraw "
                                "the bulletin instead (status: withdrawn keeps its page) or add the line "
                                f"'{page} /new/url/' to data/redirects.txt")
    assert [m.split(" ")[0] for m in messages[1:]] == ["/arsip/2021/01/", "/cek/KRW-210104-01/",
                                                       "/lite/2021/01/jam-buka-diubah/"]  # fmt: skip
    assert messages[1] == ("/arsip/2021/01/ was published before and is missing from this build; withdraw the "
                           "bulletin instead (status: withdrawn keeps its page) or add the line "
                           "'/arsip/2021/01/ /new/url/' to data/redirects.txt")


def test_renamed_slug_with_redirect_passes_and_old_url_redirects(newsroom):
    previous = newsroom.output / "urls.txt"
    (newsroom.content / "bulletins" / "d.md").write_text(bulletin_text(
        title="Jam Buka Diubah", date="2021-01-04 08:00", code="KRW-210104-01", slug="jam-buka-baru",
        modified="2021-01-05 09:30", changes="2021-01-05 09:30 | Jam buka kini pukul 08.00."), encoding="utf-8")
    (newsroom.root / "data" / "redirects.txt").write_text(
        "# moved\n/2021/01/jam-buka-diubah/ /2021/01/jam-buka-baru/\n", encoding="utf-8")
    newsroom.build(PERMANENCE_PREVIOUS=str(previous))
    moved = soup(newsroom.output / "2021/01/jam-buka-diubah/index.html")
    target = f"{SITEURL}/2021/01/jam-buka-baru/"
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert moved.find("link", rel="canonical")["href"] == target and moved.find("a")["href"] == target
    assert newsroom.read("_redirects") == "/2021/01/jam-buka-diubah/* /2021/01/jam-buka-baru/:splat 301\n"
    assert newsroom.read("nginx-redirects.conf") == ("location ^~ /2021/01/jam-buka-diubah/ { rewrite "
                                                     "^/2021/01/jam-buka-diubah/(.*)$ /2021/01/jam-buka-baru/$1 permanent; }\n")


def test_redirect_file_errors_name_file_and_line(tmp_path):
    path = tmp_path / "redirects.txt"
    path.write_text("/a/ /b/\n\nlama baru\n", encoding="utf-8")
    with pytest.raises(PermanenceError) as failure:
        read_redirects(path, "data/redirects.txt")
    assert str(failure.value) == ("data/redirects.txt:3: 'lama baru' is not a redirect; write "
                                  "'/old/url/ /new/url/' (two site paths starting with /)")


def test_redirect_to_a_missing_page_fails(newsroom):
    (newsroom.root / "data" / "redirects.txt").write_text("/lama/ /tidak-ada/\n", encoding="utf-8")
    with pytest.raises(PermanenceError, match="redirects to /tidak-ada/, which this build does not have"):
        newsroom.build()
