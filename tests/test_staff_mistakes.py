"""Ordinary staff mistakes never reach residents: text is shown as written, and a replaced
bulletin always points to the information that still applies."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup
from warta.core.schema import check_file
from conftest import bulletin_text


def soup(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(relative), "html.parser")


def chain(site, **last):
    """A (oldest) <- B <- C: each supersedes the one before."""
    site.add("a.md", bulletin_text(title="Jadwal Pasar A", date="2021-06-01 08:00", code="KRW-210601-01", slug="a"))
    site.add("b.md", bulletin_text(title="Jadwal Pasar B", date="2021-06-02 08:00", code="KRW-210602-01", slug="b",
                                   supersedes="KRW-210601-01"))  # fmt: skip
    site.add("c.md", bulletin_text(**{"title": "Jadwal Pasar C", "date": "2021-06-03 08:00", "code": "KRW-210603-01",
                                      "slug": "c", "supersedes": "KRW-210602-01", **last}))  # fmt: skip
    site.build()


def newest_named(site, relative: str) -> str | None:
    for paragraph in soup(site, relative).find_all("p"):
        if "Informasi terbaru" in paragraph.get_text():
            return paragraph.a.get_text()
    return None


def test_verification_names_the_newest_current_bulletin_of_the_chain(site):
    chain(site)
    assert newest_named(site, "cek/KRW-210601-01/index.html") == "Jadwal Pasar C"
    assert newest_named(site, "2021/06/a/index.html") == "Jadwal Pasar C"
    assert newest_named(site, "lite/2021/06/a/index.html") == "Jadwal Pasar C"
    assert newest_named(site, "cek/KRW-210603-01/index.html") is None


def test_a_withdrawn_replacement_is_never_the_latest_information(site):
    chain(site, status="withdrawn", withdrawn_reason="Jadwal dibatalkan.")
    assert newest_named(site, "cek/KRW-210601-01/index.html") == "Jadwal Pasar B"
    assert newest_named(site, "2021/06/a/index.html") == "Jadwal Pasar B"
    for page in ("cek/KRW-210602-01/index.html", "2021/06/b/index.html", "lite/2021/06/b/index.html"):
        assert newest_named(site, page) is None, page
        assert "Jadwal Pasar C" in soup(site, page).get_text() and "sudah tidak berlaku" in soup(site, page).get_text()


def test_title_is_shown_as_written_everywhere(site):
    title = "Jadwal <b>Posyandu</b> & *Lansia* di Klari"
    site.add("a.md", bulletin_text(title=title, slug="posyandu"))
    site.build()
    page = soup(site, "2020/06/posyandu/index.html")
    assert page.title.get_text().startswith(title + " · ")
    assert page.h1.get_text() == title
    assert soup(site, "lite/2020/06/posyandu/index.html").title.get_text().startswith(title)
    assert "&lt;b&gt;Posyandu&lt;/b&gt; &amp; *Lansia*" in site.read("2020/06/posyandu/index.html")


# The mistakes a new staff member makes, each with the Indonesian message `invoke check`
# prints by default: (test id, file text, one exact problem).
SCAFFOLD_SUMMARY = "Tulis ringkasan satu atau dua kalimat di sini."
SCAFFOLD_BODY = "Tulis isi buletin di sini. Pisahkan paragraf dengan baris kosong; gunakan ## untuk subjudul."
MISTAKES = [
    ("template summary left in", bulletin_text(summary=SCAFFOLD_SUMMARY),
     "b.md:6: summary: masih teks templat; tulis ringkasan buletin ini dalam satu atau dua kalimat"),
    ("template text left in", bulletin_text(body=SCAFFOLD_BODY),
     "b.md:9: text: masih teks templat; ganti dengan isi buletin"),
    ("blank line inside the header", bulletin_text().replace("summary:", "\nsummary:"),
     "b.md:7: header: 'summary' ada setelah baris kosong di baris 6, jadi akan terbit sebagai teks; "
     "hapus baris kosong di dalam kepala"),
    ("template comment after the header", bulletin_text().replace("\n\n", "\n\n# urgency: biasa\n\n", 1),
     "b.md:9: header: baris komentar templat '# urgency: biasa' ada di isi buletin dan akan terbit sebagai "
     "judul; hapus barisnya, atau hapus baris kosong di baris 8 agar tetap di kepala"),
    ("continuation indented with a tab", bulletin_text(sources="Dinas Kesehatan\n\tPuskesmas Klari"),
     "b.md:9: header: baris lanjutan menjorok dengan tab; awali baris lanjutan dengan tepat empat spasi"),
    ("continuation indented with two spaces", bulletin_text(sources="Dinas Kesehatan\n  Puskesmas Klari"),
     "b.md:9: header: baris lanjutan menjorok dengan kurang dari empat spasi; awali baris lanjutan dengan "
     "tepat empat spasi"),
    ("mistyped type", bulletin_text(type="Beritaa"),
     "b.md:3: type: 'Beritaa' bukan type yang dikenal; maksud Anda 'Berita'? Pilihannya: Berita, "
     "Pengumuman, Infografis, Siaran Pers, Klarifikasi Hoaks"),
    ("mistyped key", bulletin_text(urgensi="penting"),
     "b.md:8: urgensi: kunci tidak dikenal; maksud Anda 'urgency'?"),
    ("modified before date", bulletin_text(modified="2020-06-01 09:00", changes="2020-06-01 09:00 | Ralat."),
     "b.md:8: modified: 2020-06-01 09:00 lebih awal dari date 2020-06-02 10:00; buletin tidak bisa berubah "
     "sebelum terbit, jadi isi modified dengan waktu setelah date"),
    ("emergency without an end", bulletin_text(urgency="darurat"),
     "b.md:8: expires: buletin darurat wajib punya waktu berakhir; tambahkan 'expires: YYYY-MM-DD HH:MM' "
     "(perpanjang nanti bila keadaan darurat berlanjut)"),
]


@pytest.mark.parametrize("text, expected", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_staff_mistake_gets_an_indonesian_message_with_line_and_fix(rules, text, expected):
    indonesian = dataclasses.replace(rules, language="id")
    assert expected in [str(p) for p in check_file("b.md", text, indonesian)[1]]


def test_misindented_continuation_gives_no_second_false_error(rules):
    text = bulletin_text(sources="Dinas Kesehatan\n\tPuskesmas Klari", code=None) + ""
    text = text.replace("\n\n", "\ncode: KRW-200602-01\n\n", 1)
    found = check_file("b.md", text, rules)[1]
    assert [(p.line, p.field) for p in found] == [(8, "header")]


def test_a_fresh_scaffold_is_a_draft_that_checks_and_cannot_be_published_unedited(rules):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from warta.core.scaffold import new_bulletin

    now = datetime(2020, 6, 2, 14, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
    name, text = new_bulletin("Jadwal Vaksinasi di Klari", now, [], "KRW", rules.slugify)
    bulletin, found = check_file(name, text, rules)
    assert found == [] and bulletin.status == "draft"
    published = [str(p) for p in check_file(name, text.replace("status: draft\n", "status: published\n", 1), rules)[1]]
    assert {p.split(": ")[1] for p in published} >= {"type", "kecamatan", "summary", "text"}


def test_text_that_opens_with_a_label_is_prose_not_a_leaked_header(rules):
    assert check_file("b.md", bulletin_text(body="Status: Siaga 1\n\nWarga diminta waspada."), rules)[1] == []
