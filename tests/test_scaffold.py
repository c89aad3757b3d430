"""Tier 1: `invoke new` writes a valid bulletin with the next free code."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bulletins.scaffold import new_bulletin, next_code
from bulletins.schema import check_file
from conftest import bulletin_text

NOW = datetime(2020, 6, 2, 14, 5, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_next_code_counts_per_day_and_never_reuses():
    existing = [bulletin_text(code="KRW-200602-01"), bulletin_text(code="KRW-200602-07"),
                bulletin_text(code="KRW-200601-09")]  # fmt: skip
    assert next_code("KRW", NOW, existing) == "KRW-200602-08"
    assert next_code("KRW", NOW, []) == "KRW-200602-01"


def test_scaffold_is_valid_and_documents_every_optional_key(rules):
    name, text = new_bulletin("Jadwal  Vaksinasi di Klari", NOW, [], "KRW", rules.slugify)
    assert name == "2020-06-02-jadwal-vaksinasi-di-klari.md"
    bulletin, problems = check_file(name, text, rules)
    assert problems == []
    assert bulletin.title == "Jadwal Vaksinasi di Klari"
    assert bulletin.date.isoformat() == "2020-06-02T14:05:00+07:00"
    assert bulletin.code == "KRW-200602-01"
    for key in ("topics", "urgency", "expires", "image", "image_alt", "transcript", "video",
                "sources", "changes", "modified", "status", "withdrawn_reason", "supersedes"):
        assert f"\n# {key}: " in text, key
    assert "\nslug: jadwal-vaksinasi-di-klari\n" in text


def test_scaffold_slug_is_short_and_cut_between_words(rules):
    title = "Pemerintah Kabupaten Karawang Umumkan Jadwal Vaksinasi Massal untuk Pekerja Industri"
    name, text = new_bulletin(title, NOW, [], "KRW", rules.slugify)
    assert name == "2020-06-02-pemerintah-kabupaten-karawang-umumkan-jadwal-vaksinasi.md"
    assert "\nslug: pemerintah-kabupaten-karawang-umumkan-jadwal-vaksinasi\n" in text


def test_transcript_lines_become_paragraphs_headings_and_lists():
    from bulletins.reader import transcript_blocks

    lines = ["Judul poster.", "### Langkah", "1. Satu.", "2. Dua.", "Penutup."]
    assert transcript_blocks(lines) == ["Judul poster.", "", "### Langkah", "", "1. Satu.", "2. Dua.", "", "Penutup."]
