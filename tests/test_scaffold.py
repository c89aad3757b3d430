"""Tier 1: `invoke new` writes a draft with the next free code and Indonesian comments."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from warta.core.model import TYPES
from warta.core.scaffold import PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY, new_bulletin, next_code
from warta.core.schema import check_file, parse_header
from conftest import bulletin_text

NOW = datetime(2020, 6, 2, 14, 5, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_next_code_counts_per_day_and_never_reuses():
    existing = [bulletin_text(code="KRW-200602-01"), bulletin_text(code="KRW-200602-07"),
                bulletin_text(code="KRW-200601-09")]  # fmt: skip
    assert next_code("KRW", NOW, existing) == "KRW-200602-08"
    assert next_code("KRW", NOW, []) == "KRW-200602-01"


def chosen(text: str) -> str:
    """The scaffold once its writer has chosen a type and a kecamatan."""
    return text.replace("\ntype:\n", "\ntype: Pengumuman\n").replace("\nkecamatan:\n", "\nkecamatan: Klari\n")


def test_scaffold_is_a_draft_that_documents_every_optional_key(rules):
    name, text = new_bulletin("Jadwal  Vaksinasi di Klari", NOW, [], "KRW", rules.slugify)
    assert name == "2020-06-02-jadwal-vaksinasi-di-klari.md"
    assert text.startswith("status: draft\n")
    bulletin, problems = check_file(name, chosen(text), rules)
    assert problems == []
    assert bulletin.status == "draft"
    assert bulletin.title == "Jadwal Vaksinasi di Klari"
    assert bulletin.date.isoformat() == "2020-06-02T14:05:00+07:00"
    assert bulletin.code == "KRW-200602-01"
    for key in ("topics", "urgency", "expires", "image", "image_alt", "transcript", "video",
                "sources", "changes", "modified", "withdrawn_reason", "supersedes", "test"):
        assert f"\n# {key}: " in text, key
    assert "\nslug: jadwal-vaksinasi-di-klari\n" in text


def test_scaffold_chooses_no_type_or_kecamatan_and_holds_the_placeholders(rules):
    name, text = new_bulletin("Jadwal Vaksinasi di Klari", NOW, [], "KRW", rules.slugify)
    fields, body_line, broken = parse_header(text)
    assert broken == []
    assert fields["type"][0].text == "" and fields["kecamatan"][0].text == ""
    assert fields["summary"][0].text == PLACEHOLDER_SUMMARY
    assert text.splitlines()[body_line - 1:] == [PLACEHOLDER_BODY]
    # The header has no blank line: every key, the optional ones included, is read.
    assert set(fields) == {"status", "title", "date", "type", "kecamatan", "summary", "slug", "code"}
    assert text.splitlines()[body_line - 2] == ""
    type_comment = text.splitlines()[fields["type"][0].line - 2]
    assert all(kind in type_comment for kind in TYPES), type_comment
    problems = check_file(name, text, rules)[1]
    assert {(p.field, p.line) for p in problems} <= {("type", fields["type"][0].line),
                                                     ("kecamatan", fields["kecamatan"][0].line)}  # fmt: skip


ENGLISH = re.compile(r"\b(the|with|when|required|each|under|one of|per line|comma-separated|change)\b", re.I)


def test_scaffold_comments_are_in_indonesian(rules):
    text = new_bulletin("Jadwal Vaksinasi di Klari", NOW, [], "KRW", rules.slugify)[1]
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert "# status: draft tidak pernah terbit. Bila buletin siap terbit, ganti menjadi: published" in comments
    english = [line for line in comments if ENGLISH.search(re.sub(r"^#\s*\w+:", "", line))]  # past the key
    assert english == []


def test_scaffold_slug_is_short_and_cut_between_words(rules):
    title = "Pemerintah Kabupaten Karawang Umumkan Jadwal Vaksinasi Massal untuk Pekerja Industri"
    name, text = new_bulletin(title, NOW, [], "KRW", rules.slugify)
    assert name == "2020-06-02-pemerintah-kabupaten-karawang-umumkan-jadwal-vaksinasi.md"
    assert "\nslug: pemerintah-kabupaten-karawang-umumkan-jadwal-vaksinasi\n" in text


def test_transcript_lines_become_paragraphs_headings_and_lists():
    from warta.bulletins.reader import transcript_blocks

    lines = ["Judul poster.", "### Langkah", "1. Satu.", "2. Dua.", "Penutup."]
    assert transcript_blocks(lines) == ["Judul poster.", "", "### Langkah", "", "1. Satu.", "2. Dua.", "", "Penutup."]
