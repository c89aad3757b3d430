"""Tier 1: the bulletin schema, one test per rule, asserting the exact message and line."""

from __future__ import annotations

import pytest
from warta.core.schema import check_all, check_file, parse_header
from conftest import bulletin_text

TYPES = "Berita, Pengumuman, Infografis, Siaran Pers, Klarifikasi Hoaks"
TRANSCRIPT = "Langkah isolasi mandiri:\n    1. Tetap di rumah.\n    2. Pakai masker."

# (test id, header changes, one exact problem that must be reported)
RULES = [
    ("bad date", {"date": "kemarin sore"},
     "b.md:2: date: 'kemarin sore' is not a date; write it as YYYY-MM-DD HH:MM in WIB, e.g. 2020-06-02 10:00"),
    ("impossible date", {"date": "2020-02-30 10:00"},
     "b.md:2: date: '2020-02-30 10:00' is not a date; write it as YYYY-MM-DD HH:MM in WIB, e.g. 2020-06-02 10:00"),
    ("impossible month", {"expires": "2020-13-09 10.00"},
     "b.md:8: expires: '2020-13-09 10.00' is not a date; write it as YYYY-MM-DD HH:MM in WIB, e.g. 2020-06-02 10:00"),
    ("unknown type", {"type": "Beritaa"},
     f"b.md:3: type: 'Beritaa' is not a known type; did you mean 'Berita'? Use one of: {TYPES}"),
    ("unknown type, nothing close", {"type": "Lain-lain"},
     f"b.md:3: type: 'Lain-lain' is not a known type; use one of: {TYPES}"),
    ("type in wrong case", {"type": "siaran pers"},
     "b.md:3: type: 'siaran pers' is not a known type; write it as 'Siaran Pers'"),
    ("unknown urgency", {"urgency": "mendesak"},
     "b.md:8: urgency: 'mendesak' is not a known urgency; use one of: biasa, penting, darurat"),
    ("mistyped urgency", {"urgency": "pentin"},
     "b.md:8: urgency: 'pentin' is not a known urgency; did you mean 'penting'? Use one of: biasa, penting, darurat"),
    ("unknown status", {"status": "hapus"},
     "b.md:8: status: 'hapus' is not a known status; use one of: published, draft, withdrawn"),
    ("mistyped status", {"status": "publised"},
     "b.md:8: status: 'publised' is not a known status; did you mean 'published'? Use one of: published, draft, withdrawn"),
    ("unknown key", {"titel": "Jadwal"},
     "b.md:8: titel: unknown key; did you mean 'title'?"),
    ("unknown key, nothing close", {"warna": "merah"},
     "b.md:8: warna: unknown key; allowed keys are: title, date, type, kecamatan, summary, code, "
     "modified, topics, urgency, expires, image, image_alt, transcript, video, sources, changes, "
     "status, withdrawn_reason, supersedes, slug, author, test"),
    ("missing required field", {"summary": None},
     "b.md:1: summary: missing; add a line like 'summary: Satu atau dua kalimat ringkasan.'"),
    ("missing image file", {"image": "images/hilang.png", "image_alt": "Poster"},
     "b.md:8: image: image 'images/hilang.png' not found under content/; add the file or fix the path"),
    ("missing alt text", {"image": "images/poster.png"},
     "b.md:8: image_alt: missing; every image needs a text that describes it, add 'image_alt: …' under the image line"),
    ("infographic without transcript", {"type": "Infografis", "image": "images/poster.png", "image_alt": "Poster"},
     "b.md:3: transcript: an Infografis needs the full text of its image; add 'transcript:' and "
     "continue it on lines indented by four spaces"),
    ("infographic without image", {"type": "Infografis", "transcript": TRANSCRIPT},
     "b.md:3: image: an Infografis needs its image; add 'image: images/…' with the file under content/images/"),
    ("modified before date", {"modified": "2020-06-01 09:00", "changes": "2020-06-01 09:00 | Ralat."},
     "b.md:8: modified: 2020-06-01 09:00 is before date 2020-06-02 10:00; a bulletin cannot change before it is published, so set modified to a time after date"),
    ("expires before date", {"expires": "2020-06-01 10:00"},
     "b.md:8: expires: 2020-06-01 10:00 is not after date 2020-06-02 10:00; set a later expiry or remove the line"),
    ("modified without change note", {"modified": "2020-06-03 10:00"},
     "b.md:8: modified: is set but no change note says what changed; add 'changes: YYYY-MM-DD HH:MM "
     "| what changed' or remove modified"),
    ("modified not the newest change", {"modified": "2020-06-03 10:00", "changes": "2020-06-04 08:00 | Jam buka diubah."},
     "b.md:8: modified: must be the time of the newest change note; set 'modified: 2020-06-04 08:00'"),
    ("change note without time", {"modified": "2020-06-03 10:00",
                                  "changes": "2020-06-03 10:00 | Lokasi ditambah.\n    Jam buka diubah."},
     "b.md:10: changes: 'Jam buka diubah.' is not a change note; write 'YYYY-MM-DD HH:MM | what changed', one per line"),
    ("summary too long", {"summary": "Panjang " * 40},
     "b.md:6: summary: is 319 characters, more than 300; shorten it to one or two sentences"),
    ("title too long", {"title": "Judul " * 25},
     "b.md:1: title: is 149 characters, more than 120; shorten it and keep the details for the text"),
    ("unknown kecamatan", {"kecamatan": "Klarri"},
     "b.md:5: kecamatan: 'Klarri' is not a kecamatan of Kabupaten Karawang; did you mean 'Klari' "
     "(32.15.05)? use an official code or name, or 'semua' for the whole regency"),
    ("unknown kecamatan code", {"kecamatan": "32.15.31"},
     "b.md:5: kecamatan: '32.15.31' is not a kecamatan of Kabupaten Karawang; codes run from 32.15.01 "
     "to 32.15.30; use an official code or name, or 'semua' for the whole regency"),
    ("whole regency plus names", {"kecamatan": "semua, Klari"},
     "b.md:5: kecamatan: 'semua' already covers every kecamatan; remove the other names or remove 'semua'"),
    ("bad code", {"code": "KRW-2020-1"},
     "b.md:7: code: 'KRW-2020-1' is not a verification code; it looks like KRW-YYMMDD-NN, and `invoke new` assigns one"),
    ("bad slug", {"slug": "Jadwal Posyandu"},
     "b.md:8: slug: 'Jadwal Posyandu' is not a slug; use lowercase letters, digits and single dashes, e.g. vaksinasi-klari"),
    ("withdrawn without reason", {"status": "withdrawn"},
     "b.md:8: withdrawn_reason: missing; a withdrawn bulletin tells readers why, add 'withdrawn_reason: …'"),
    ("reason without withdrawal", {"withdrawn_reason": "Dibatalkan."},
     "b.md:8: withdrawn_reason: set but status is not 'withdrawn'; add 'status: withdrawn' or remove the reason"),
    ("plain http video", {"video": "http://contoh.go.id/v.mp4"},
     "b.md:8: video: links must use https://; change the address"),
    ("missing video file", {"video": "media/hilang.mp4"},
     "b.md:8: video: video file 'media/hilang.mp4' not found under content/; add the file or fix the path"),
    ("source that is not a URL", {"sources": "Dinas Kesehatan | dinkes"},
     "b.md:8: sources: 'dinkes' is not a web address; write 'Name | https://…' or just the name"),
    ("repeated key", {"topics": "Kesehatan\ntopics: Vaksinasi"},
     "b.md:5: topics: given twice (first on line 4); keep one line, continue long values on lines "
     "indented by four spaces"),
    ("hoax rebuttal without mark", {"type": "Klarifikasi Hoaks", "body": "## Beredar\n\nA.\n\n## Faktanya\n\nB."},
     "b.md:1: title: a hoax rebuttal's title starts with '[HOAKS]' so a forwarded copy cannot pass for the hoax"),
    ("hoax rebuttal without facts", {"type": "Klarifikasi Hoaks", "title": "[HOAKS] Pasar Ditutup",
                                     "body": "## Beredar\n\nPesan berantai."},
     "b.md:9: text: a hoax rebuttal needs a '## Faktanya' section; 'Beredar' says what circulates, 'Faktanya' the facts"),
    ("image in text without alt", {"body": "Lihat poster.\n\n![](images/poster.png)"},
     "b.md:11: text: an image has no alternative text; write ![what the image shows](file)"),
    ("empty text", {"body": ""},
     "b.md:9: text: the bulletin has no text; write it after the header's blank line"),
    ("broken header line", {"summary": "Posyandu buka.\nTanpa titik dua"},
     "b.md:7: header: 'Tanpa titik dua' is not a 'key: value' line; put a blank line between the header and the text"),
]


@pytest.mark.parametrize("changes, expected", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_each_rule_reports_its_line_and_fix(rules, changes, expected):
    _, problems = check_file("b.md", bulletin_text(**changes), rules)
    assert expected in [str(p) for p in problems]


def test_valid_bulletin_has_no_problem_and_reads_every_field(rules):
    text = bulletin_text(
        kecamatan="Talagasari, kotabaru, 32.15.05",
        urgency="penting",
        expires="2020-06-09 16:00",
        image="images/poster.png",
        image_alt="Poster jadwal posyandu",
        modified="2020-06-04 08:00",
        changes="2020-06-03 10:00 | Lokasi ditambah.\n    2020-06-04 08:00 | Jam buka diubah.",
        sources="Dinas Kesehatan | https://dinkes.example.go.id\n    Puskesmas Klari",
        code="krw-200602-01",
    )
    bulletin, problems = check_file("b.md", text, rules)
    assert problems == []
    assert [a.code for a in bulletin.areas] == ["32.15.17", "32.15.25", "32.15.05"]
    assert bulletin.code == "KRW-200602-01"
    assert [c.note for c in bulletin.changes] == ["Jam buka diubah.", "Lokasi ditambah."]
    assert [(s.name, s.url) for s in bulletin.sources] == [
        ("Dinas Kesehatan", "https://dinkes.example.go.id"), ("Puskesmas Klari", None)]
    assert bulletin.date.isoformat() == "2020-06-02T10:00:00+07:00"
    assert bulletin.is_expired and not bulletin.is_current
    assert bulletin.url == "2020/06/jadwal-posyandu-bulan-juni/"


def test_every_problem_in_a_file_is_reported_at_once(rules):
    text = bulletin_text(date="kemarin", type="Berita Acara", kecamatan="Atlantis", image="images/x.png")
    _, problems = check_file("b.md", text, rules)
    assert [(p.line, p.field) for p in problems] == [
        (2, "date"), (3, "type"), (8, "image"), (8, "image_alt"), (5, "kecamatan")] or \
        sorted((p.line, p.field) for p in problems) == [
        (2, "date"), (3, "type"), (5, "kecamatan"), (8, "image"), (8, "image_alt")]


def test_naive_dates_mean_jakarta_and_offsets_are_kept(rules):
    bulletin, _ = check_file("b.md", bulletin_text(date="2020-06-02T03:00+00:00"), rules)
    assert bulletin.date.isoformat() == "2020-06-02T03:00:00+00:00"
    bulletin, _ = check_file("b.md", bulletin_text(date="2020-06-02"), rules)
    assert bulletin.date.isoformat() == "2020-06-02T00:00:00+07:00"


def test_duplicate_code_and_url_across_files(rules):
    first, _ = check_file("a.md", bulletin_text(), rules)
    second, _ = check_file("b.md", bulletin_text(summary="Lain."), rules)
    assert [str(p) for p in check_all([first, second], "en")] == [
        "b.md:7: code: KRW-200602-01 is already used by a.md; codes are never reused, run "
        "`invoke new` or take the next free number",
        "b.md:1: slug: 'jadwal-posyandu-bulan-juni' gives the URL 2020/06/jadwal-posyandu-bulan-juni/, "
        "already used by a.md; add 'slug: …' with a different slug",
    ]


def test_supersedes_must_name_a_known_code(rules):
    bulletin, problems = check_file("b.md", bulletin_text(supersedes="KRW-200101-09"), rules)
    assert problems == []
    assert [str(p) for p in check_all([bulletin], "en")] == [
        "b.md:8: supersedes: no bulletin has the code KRW-200101-09; give the verification code "
        "of the bulletin this one replaces"]


def test_header_comments_and_continuations(rules):
    fields, body_line, broken = parse_header(
        "title: A\n# a comment\nsummary: one\n    two\n\nBody\n")
    assert broken == [] and body_line == 6
    assert fields["summary"][0].values == ("one", "two") and fields["summary"][0].line == 3
