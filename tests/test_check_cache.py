"""Each file's check is kept between builds (core.check.CheckCache): an unchanged file is not
checked again, anything its result depends on checks it again, the messages are the same
with and without the cache, and a lost or damaged cache costs time only. The reader does not
scan a bulletin's body the check has already scanned."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from conftest import bulletin_text
from warta.bulletins import reader
from warta.core import check
from warta.core.check import CACHE_FOLDER, BulletinError, CheckCache, check_content
from warta.core.schema import parse_date

BROKEN = {"date": "besok", "kecamatan": "Klari, Cikampk", "body": "Lihat [ini](javascript:alert(1))."}


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The paths of the files checked (not taken from the cache), in order."""
    checked: list[str] = []
    traced = check.check_file_traced

    def counting(path, text, rules):
        checked.append(path)
        return traced(path, text, rules)

    monkeypatch.setattr(check, "check_file_traced", counting)
    return checked


def bulletins_folder(rules) -> Path:
    folder = rules.content_root / "bulletins"
    folder.mkdir(exist_ok=True)
    return folder


def write_bulletins(rules) -> list[Path]:
    folder = bulletins_folder(rules)
    texts = {
        "a.md": bulletin_text(),
        "b.md": bulletin_text(code="KRW-200602-02", title="Poster Posyandu", image="images/poster.png",
                              image_alt="Poster jadwal", expires="2021-07-31 16:00"),
        "c.md": bulletin_text(code="KRW-200602-03", title="Rusak", **BROKEN),
        "d.md": bulletin_text(code="KRW-200602-02", title="Kode Ganda", supersedes="KRW-199901-01"),
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.iterdir())


def run(rules, files, cache_folder=None, depends=b""):
    """(bulletins, problems as printed) of one check, with a cache when a folder is given."""
    cache = CheckCache(cache_folder, rules, depends) if cache_folder else None
    try:
        bulletins = check_content(files, rules, rules.content_root.parent, cache)
    except BulletinError as error:
        return None, [str(p) for p in error.problems]
    return bulletins, []


def test_unchanged_files_are_not_checked_again_and_give_the_same_messages(rules, tmp_path, checks):
    files = write_bulletins(rules)
    uncached = run(rules, files)
    assert len(checks) == 4
    first = run(rules, files, tmp_path / "cache")
    assert len(checks) == 8
    second = run(rules, files, tmp_path / "cache")
    assert len(checks) == 8  # nothing checked
    assert uncached == first == second
    assert second[1] == [
        "content/bulletins/c.md:2: date: 'besok' is not a date; write it as YYYY-MM-DD HH:MM in WIB, e.g. "
        "2020-06-02 10:00",
        "content/bulletins/c.md:5: kecamatan: 'Cikampk' is not a kecamatan of Kabupaten Karawang; did you mean "
        "'Cikampek' (32.15.13)? use an official code or name, or 'semua' for the whole regency",
        "content/bulletins/c.md:9: text: a 'javascript:' link is not allowed because it can run script; link an "
        "https:// address or a file under content/",
        "content/bulletins/d.md:7: code: KRW-200602-02 is already used by content/bulletins/b.md; codes are "
        "never reused, run `invoke new` or take the next free number",
        "content/bulletins/d.md:8: supersedes: no bulletin has the code KRW-199901-01; give the verification "
        "code of the bulletin this one replaces",
    ]


def test_cached_bulletins_equal_checked_ones_and_take_this_builds_clock(rules, tmp_path, checks):
    files = write_bulletins(rules)[:2]  # a.md and b.md pass
    checked, _ = run(rules, files, tmp_path / "cache")
    later = dataclasses.replace(rules, now=parse_date("2021-08-01 09:00", rules.timezone))
    cached, _ = run(later, files, tmp_path / "cache")
    assert len(checks) == 2
    fresh, _ = run(later, files)
    assert cached == fresh and cached is not fresh
    assert [b.is_expired for b in cached.values()] == [False, True]
    assert [b.is_expired for b in checked.values()] == [False, False]
    assert all(b.source_digest for b in cached.values())


def test_an_edited_file_alone_is_checked_again(rules, tmp_path, checks):
    files = write_bulletins(rules)
    run(rules, files, tmp_path / "cache")
    files[0].write_text(bulletin_text(title="Judul Baru"), encoding="utf-8")
    checks.clear()
    bulletins, _ = run(rules, files[:2], tmp_path / "cache")
    assert checks == ["content/bulletins/a.md"]
    assert bulletins[os.path.abspath(files[0])].title == "Judul Baru"


def test_the_rules_language_and_settings_are_part_of_the_key(rules, regency, tmp_path, checks):
    """`depends` stands for the settings' digest the build passes."""
    files = write_bulletins(rules)
    indonesian = dataclasses.replace(rules, language="id")
    expected = {"en": run(rules, files)[1], "id": run(indonesian, files)[1]}
    run(rules, files, tmp_path / "cache", b"ARTICLE_URL 1")
    checks.clear()
    _, messages = run(indonesian, files, tmp_path / "cache", b"ARTICLE_URL 1")
    assert len(checks) == 4 and messages == expected["id"]
    assert "content/bulletins/c.md:2: date: 'besok' bukan tanggal; tulis sebagai YYYY-MM-DD HH:MM (WIB), mis. " \
           "2020-06-02 10:00, atau 2 Juni 2020 10.00" in messages
    checks.clear()
    _, messages = run(rules, files, tmp_path / "cache", b"ARTICLE_URL 1")  # back to English: still kept
    assert checks == [] and messages == expected["en"]
    run(rules, files, tmp_path / "cache", b"ARTICLE_URL 2")
    assert len(checks) == 4
    checks.clear()
    run(dataclasses.replace(rules, summary_max=50), files, tmp_path / "cache", b"ARTICLE_URL 1")
    assert len(checks) == 4
    checks.clear()
    areas = dataclasses.replace(regency, areas=tuple(a for a in regency.areas if a.name != "Klari"))
    _, messages = run(dataclasses.replace(rules, regency=areas), files, tmp_path / "cache", b"ARTICLE_URL 1")
    assert len(checks) == 4
    assert any("'32.15.05' is not a kecamatan" in m for m in messages)


def test_a_named_file_that_changes_checks_the_bulletin_again(rules, tmp_path, checks):
    files = write_bulletins(rules)[:2]
    run(rules, files, tmp_path / "cache")
    poster = rules.content_root / "images" / "poster.png"
    Image.new("RGB", (9000, 5000)).save(poster)
    checks.clear()
    _, messages = run(rules, files, tmp_path / "cache")
    assert checks == ["content/bulletins/b.md"]
    assert messages == ["content/bulletins/b.md:8: image: the image 'images/poster.png' has 45 megapixels, more "
                        "than 40; export it again with its longest side at most 4000 pixels",
                        "content/images/poster.png: an image of 45 megapixels, more than 40; export it again "
                        "with its longest side at most 4000 pixels"]
    poster.unlink()
    checks.clear()
    _, messages = run(rules, files, tmp_path / "cache")
    assert checks == ["content/bulletins/b.md"]
    assert messages == ["content/bulletins/b.md:8: image: image 'images/poster.png' not found under content/; add "
                        "the file or fix the path"]


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "garbage", "empty", "folder"])
def test_a_damaged_cache_file_is_ignored(rules, tmp_path, checks, damage):
    files = write_bulletins(rules)
    expected = run(rules, files, tmp_path / "cache")
    (stored,) = (tmp_path / "cache").iterdir()
    data = stored.read_bytes()
    if damage == "folder":
        stored.unlink()
        stored.mkdir()
    else:
        middle = len(data) // 2
        stored.write_bytes({"truncated": data[:middle], "flipped byte": data[:middle] + bytes([data[middle] ^ 1])
                            + data[middle + 1:], "garbage": os.urandom(len(data)), "empty": b""}[damage])
    checks.clear()
    assert run(rules, files, tmp_path / "cache") == expected
    assert len(checks) == 4
    if damage != "folder":
        checks.clear()
        assert run(rules, files, tmp_path / "cache") == expected  # written again, whole
        assert checks == []


def test_only_the_last_few_rule_sets_are_kept(rules, tmp_path):
    files = write_bulletins(rules)[:1]
    for number in range(5):
        run(rules, files, tmp_path / "cache", f"setting {number}".encode())
    assert len(list((tmp_path / "cache").iterdir())) == CheckCache.KEPT


# Through real builds ------------------------------------------------------------------------------


@pytest.fixture
def scans(monkeypatch) -> list[int]:
    """The first line of every body the reader scans."""
    scanned: list[int] = []
    scan = reader.markdown_problems

    def counting(lines, first_line):
        scanned.append(first_line)
        return scan(lines, first_line)

    monkeypatch.setattr(reader, "markdown_problems", counting)
    return scanned


def test_a_second_build_checks_no_unchanged_file_and_the_reader_scans_pages_only(site, checks, scans):
    site.add("a.md", bulletin_text())
    site.add("b.md", bulletin_text(code="KRW-200602-02", title="Jadwal Lain"))
    site.add_page("tentang", "Tentang")
    site.build()
    assert sorted(checks) == ["content/bulletins/a.md", "content/bulletins/b.md"]
    assert len(scans) == 1  # the page: each bulletin's body was scanned by the check alone
    first = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    checks.clear()
    site.build(site.root / "again", LOAD_CONTENT_CACHE=False)  # Pelican reads every file again
    assert checks == [] and len(scans) == 2
    again = {p.relative_to(site.root / "again"): p.read_bytes() for p in (site.root / "again").rglob("*")
             if p.is_file()}  # fmt: skip
    assert again == first
    site.add("b.md", bulletin_text(code="KRW-200602-02", title="Jadwal Lain Diubah"))
    site.build()
    assert checks == ["content/bulletins/b.md"]
    assert "Jadwal Lain Diubah" in site.read("2020/06/jadwal-lain-diubah/index.html")


def test_a_changed_setting_or_kecamatan_list_checks_every_file_again(site, checks):
    site.add("a.md", bulletin_text(kecamatan="Klari"))
    site.add("b.md", bulletin_text(code="KRW-200602-02", title="Jadwal Lain",
                                   summary="Posyandu buka setiap Selasa pukul delapan pagi di balai desa."))
    site.build()
    checks.clear()
    site.build(ARTICLE_URL="berita/{slug}/", ARTICLE_SAVE_AS="berita/{slug}/index.html")
    assert len(checks) == 2
    assert (site.output / "berita" / "jadwal-lain" / "index.html").is_file()
    checks.clear()
    with pytest.raises(BulletinError) as failure:
        site.build(BULLETINS_SUMMARY_MAX=50)
    assert len(checks) == 2
    assert [str(p) for p in failure.value.problems] == [
        "content/bulletins/b.md:6: summary: panjangnya 61 karakter, lebih dari 50; persingkat menjadi satu atau "
        "dua kalimat"]
    areas = json.loads((site.root / "data" / "kecamatan.json").read_text(encoding="utf-8"))
    areas["kecamatan"] = [a for a in areas["kecamatan"] if a["name"] != "Klari"]
    (site.root / "data" / "kecamatan.json").write_text(json.dumps(areas), encoding="utf-8")
    checks.clear()
    with pytest.raises(BulletinError) as failure:
        site.build()
    assert len(checks) == 2
    assert [str(p) for p in failure.value.problems] == [
        "content/bulletins/a.md:5: kecamatan: 'Klari' bukan kecamatan di Kabupaten Karawang; pakai kode atau "
        "nama resmi, atau 'semua' untuk seluruh kabupaten",
        "content/bulletins/b.md:5: kecamatan: '32.15.05' bukan kecamatan di Kabupaten Karawang; kodenya dari "
        "32.15.01 sampai 32.15.30; pakai kode atau nama resmi, atau 'semua' untuk seluruh kabupaten"]  # Klari's


def test_messages_follow_the_staff_language_between_builds(site, checks, monkeypatch):
    site.add("a.md", bulletin_text())
    site.add("c.md", bulletin_text(code="KRW-200602-03", title="Rusak", **BROKEN))
    messages = {}
    for language, checked in (("id", 2), ("en", 2), ("id", 0), ("en", 0)):
        monkeypatch.setenv("WARTA_LANG", language)
        checks.clear()
        with pytest.raises(BulletinError) as failure:
            site.build()
        assert len(checks) == checked
        found = [str(p) for p in failure.value.problems]
        assert messages.setdefault(language, found) == found
    assert messages["id"][0] == ("content/bulletins/c.md:2: date: 'besok' bukan tanggal; tulis sebagai YYYY-MM-DD "
                                 "HH:MM (WIB), mis. 2020-06-02 10:00, atau 2 Juni 2020 10.00")
    assert messages["en"][0] == ("content/bulletins/c.md:2: date: 'besok' is not a date; write it as YYYY-MM-DD "
                                 "HH:MM in WIB, e.g. 2020-06-02 10:00")
    assert len(list((site.root / CACHE_FOLDER).iterdir())) == 2  # one file per language, both kept
