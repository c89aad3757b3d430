"""Incremental builds: the reader cache gives the same site as a cold build, a rebuild with
no change writes no file, and a change writes only the files whose bytes changed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from warta.bulletins.reader import BulletinMarkdownReader
from conftest import bulletin_text
from warta.build import publish_tree, reader_fingerprint, sync_tree


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file of a built site: (inode, modification time in ns) by relative path."""
    return {
        path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*")) if path.is_file()
    }  # fmt: skip


def contents(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}  # fmt: skip


@pytest.fixture
def newsroom(site):
    """A listed, a withdrawn and a scheduled (dated after the pinned clock) bulletin."""
    site.add("a.md", bulletin_text())
    site.add("b.md", bulletin_text(title="Banjir di Karawang Barat", code="KRW-200603-01", date="2020-06-03 08:00",
                                   urgency="darurat", expires="2021-12-31 23:59", body="## Posko\n\n- Satu\n- Dua\n"))  # fmt: skip
    site.add("c.md", bulletin_text(title="Bantuan yang dicabut", code="KRW-200604-01", date="2020-06-04 08:00",
                                   status="withdrawn", withdrawn_reason="Data penerima diperbaiki."))  # fmt: skip
    site.add("d.md", bulletin_text(title="Vaksinasi bulan depan", code="KRW-210801-01", date="2021-08-01 10:00"))
    return site


def reads(monkeypatch) -> list[str]:
    """Source files the Markdown reader really parses (not served from the cache)."""
    seen: list[str] = []
    original = BulletinMarkdownReader.read

    def counting(self, source_path):
        seen.append(Path(source_path).name)
        return original(self, source_path)

    monkeypatch.setattr(BulletinMarkdownReader, "read", counting)
    return seen


def test_cached_build_is_byte_identical_to_cold_build(newsroom, tmp_path, monkeypatch):
    newsroom.build()
    seen = reads(monkeypatch)
    warm = newsroom.build(tmp_path / "warm")
    assert seen == []  # every bulletin came from the cache
    cold = newsroom.build(tmp_path / "cold", LOAD_CONTENT_CACHE=False)
    assert sorted(seen) == ["a.md", "b.md", "c.md", "d.md"]
    assert contents(warm) == contents(cold) == contents(newsroom.output)
    # Withdrawn keeps its page, marked; scheduled stays unwritten in both builds.
    assert "DICABUT" in newsroom.read("2020/06/bantuan-yang-dicabut/index.html", warm)
    assert not (warm / "2021" / "08").exists()


def test_changed_bulletin_is_read_again_and_the_rest_come_from_the_cache(newsroom, monkeypatch):
    newsroom.build()
    newsroom.add("b.md", bulletin_text(title="Banjir di Karawang Barat", code="KRW-200603-01",
                                       date="2020-06-03 08:00", body="Air mulai surut."))  # fmt: skip
    seen = reads(monkeypatch)
    newsroom.build()
    assert seen == ["b.md"]
    assert "Air mulai surut." in newsroom.read("2020/06/banjir-di-karawang-barat/index.html")


def test_rebuild_with_no_change_writes_no_file(newsroom):
    newsroom.build()
    before = stamps(newsroom.output)
    newsroom.build()
    assert stamps(newsroom.output) == before


def test_one_bulletin_change_writes_only_the_files_that_changed(newsroom):
    newsroom.build()
    old_stamps, old_bytes = stamps(newsroom.output), contents(newsroom.output)
    newsroom.add("a.md", bulletin_text(body="Posyandu buka setiap Selasa dan Kamis."))
    newsroom.build()
    new_stamps, new_bytes = stamps(newsroom.output), contents(newsroom.output)
    both = new_bytes.keys() & old_bytes.keys()  # content-addressed files (search index) may be renamed
    written = {name for name in both if new_stamps[name] != old_stamps[name]}
    differ = {name for name in both if new_bytes[name] != old_bytes[name]}
    assert written == differ
    assert "2020/06/jadwal-posyandu-bulan-juni/index.html" in written
    assert len(written) < len(both) / 2  # the other bulletins' pages, images, … untouched


def test_new_bulletin_adds_its_files_and_keeps_the_others(newsroom):
    newsroom.build()
    old = stamps(newsroom.output)
    newsroom.add("e.md", bulletin_text(title="Pasar murah", code="KRW-200605-01", date="2020-06-05 08:00"))
    newsroom.build()
    new = stamps(newsroom.output)
    assert "2020/06/pasar-murah/index.html" in new.keys() - old.keys()
    untouched = [name for name in old if name.startswith("2020/06/banjir-di-karawang-barat/")]
    assert untouched and all(new.get(name) == old[name] for name in untouched)


def test_settings_change_starts_a_new_reader_cache(newsroom):
    newsroom.build()
    newsroom.build(MARKDOWN={"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"})
    folders = sorted(p.name for p in (newsroom.root / "cache" / "pelican").iterdir())
    assert len(folders) == 2
    assert reader_fingerprint({"A": 1, "f": print}) == reader_fingerprint({"A": 1, "f": print})
    assert reader_fingerprint({"A": 1, "BULLETINS_NOW": "x"}) == reader_fingerprint({"A": 1})


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_sync_moves_only_new_and_changed_files_and_removes_stale_ones(tmp_path):
    output, staging = tmp_path / "output", tmp_path / "staging"
    write(output, {"same.html": "x", "changed.html": "old", "gone/page.html": "g", "kept/a.txt": "a",
                   "becomes-folder": "file"})  # fmt: skip
    write(staging, {"same.html": "x", "changed.html": "new", "kept/a.txt": "a", "new/deep/b.txt": "b",
                    "becomes-folder/index.html": "i"})  # fmt: skip
    before = stamps(output)
    counts = sync_tree(staging, output)
    assert counts == {"added": 2, "changed": 1, "removed": 2, "kept": 2}
    assert {k: v.decode() for k, v in contents(output).items()} == {
        "same.html": "x", "changed.html": "new", "kept/a.txt": "a", "new/deep/b.txt": "b",
        "becomes-folder/index.html": "i"}
    after = stamps(output)
    assert after["same.html"] == before["same.html"] and after["kept/a.txt"] == before["kept/a.txt"]
    assert not (output / "gone").exists()  # emptied folders go too
    assert not [name for name in os.listdir(output) if name.startswith(".")]  # no temporary files left


def test_sync_into_a_missing_output_moves_the_whole_build(tmp_path):
    staging = tmp_path / "staging"
    write(staging, {"index.html": "i"})
    assert sync_tree(staging, tmp_path / "output")["added"] == 1
    assert (tmp_path / "output" / "index.html").read_text() == "i"


def test_sync_leaves_kept_files_and_fails_when_one_went_missing(tmp_path):
    """Files the build left in the live folder (unchanged, not written to staging) stay; the
    ones neither built nor kept go."""
    staging, output = tmp_path / "staging", tmp_path / "output"
    for folder, files in ((staging, {"new.html": "baru"}), (output, {"kept/index.html": "sama", "old.html": "lama"})):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
    before = (output / "kept/index.html").stat()
    counts = sync_tree(staging, output, {"kept/index.html"})
    assert counts == {"added": 1, "changed": 0, "removed": 1, "kept": 1}
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == [
        "kept/index.html", "new.html"]  # fmt: skip
    assert (output / "kept/index.html").stat().st_mtime_ns == before.st_mtime_ns
    with pytest.raises(FileNotFoundError, match="gone.html"):
        sync_tree(staging, output, {"gone.html"})


def test_publish_swaps_in_the_whole_new_tree_and_keeps_unchanged_files(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output-new-1"
    write(output, {"same.html": "x", "changed.html": "old", "gone/page.html": "g", "kept/a.txt": "a",
                   "becomes-folder": "file"})  # fmt: skip
    write(staging, {"same.html": "x", "changed.html": "new", "new/deep/b.txt": "b", "becomes-folder/index.html": "i"})
    before, folder = stamps(output), output.stat().st_ino
    counts = publish_tree(staging, output, {"kept/a.txt"})
    assert counts == {"added": 2, "changed": 1, "removed": 2, "kept": 2}
    assert {k: v.decode() for k, v in contents(output).items()} == {
        "same.html": "x", "changed.html": "new", "kept/a.txt": "a", "new/deep/b.txt": "b",
        "becomes-folder/index.html": "i"}  # fmt: skip
    after = stamps(output)
    assert after["same.html"] == before["same.html"] and after["kept/a.txt"] == before["kept/a.txt"]
    assert output.stat().st_ino != folder  # a new folder took its place
    assert os.listdir(tmp_path) == ["output"]  # the old tree is gone
    assert oct(output.stat().st_mode & 0o777) == "0o755"


def test_publish_makes_the_new_tree_from_the_spare_touching_only_what_differs(tmp_path):
    """The tree the last publish swapped out (a mix of hard links to live files, old copies,
    files and folders gone since) becomes the new site: nothing it already holds right is
    touched, and the old live tree is the next spare."""
    output, staging, spare = tmp_path / "output", tmp_path / ".output-new-1", tmp_path / ".output-spare"
    write(output, {"same.html": "x", "changed.html": "old", "gone/page.html": "g", "kept/a.txt": "a",
                   "kept/deep/b.txt": "b", "becomes-folder": "file", "relinked.html": "r"})  # fmt: skip
    write(staging, {"same.html": "x", "changed.html": "new", "new/deep/b.txt": "b", "becomes-folder/index.html": "i"})
    write(spare, {"changed.html": "older", "stale/x.html": "s", "becomes-folder": "older file",
                  "relinked.html": "r", "kept/deep/c.txt": "c"})  # fmt: skip
    os.link(output / "kept/a.txt", spare / "kept/a.txt")  # already the live file
    (spare / "kept/deep/b.txt").mkdir(parents=True)  # a folder where a file goes
    (spare / "kept/deep/b.txt/old.html").write_text("o")
    live, untouched = stamps(output), (spare / "kept").stat().st_ino
    counts = publish_tree(staging, output, {"kept/a.txt", "kept/deep/b.txt", "relinked.html"}, spare=spare)
    assert counts == {"added": 2, "changed": 1, "removed": 2, "kept": 4}
    assert {k: v.decode() for k, v in contents(output).items()} == {
        "same.html": "x", "changed.html": "new", "kept/a.txt": "a", "kept/deep/b.txt": "b", "new/deep/b.txt": "b",
        "becomes-folder/index.html": "i", "relinked.html": "r"}  # fmt: skip
    after = stamps(output)
    assert {name: after[name] for name in ("same.html", "kept/a.txt", "kept/deep/b.txt", "relinked.html")} == {
        name: live[name] for name in ("same.html", "kept/a.txt", "kept/deep/b.txt", "relinked.html")}  # fmt: skip
    assert (output / "kept").stat().st_ino == untouched  # the spare's folder, kept as it was
    assert stamps(spare) == live  # the old site, whole: the next spare
    assert oct(output.stat().st_mode & 0o777) == "0o755"


def test_a_spare_that_cannot_be_used_is_replaced_by_the_old_tree(tmp_path):
    output, staging, spare = tmp_path / "output", tmp_path / ".output-new-1", tmp_path / ".output-spare"
    write(output, {"same.html": "x", "changed.html": "old"})
    write(staging, {"same.html": "x", "changed.html": "new"})
    spare.write_text("not a folder")
    live = stamps(output)
    publish_tree(staging, output, spare=spare)
    assert contents(output) == {"same.html": b"x", "changed.html": b"new"}
    assert stamps(output)["same.html"] == live["same.html"] and stamps(spare) == live
    assert sorted(os.listdir(tmp_path)) == [".output-spare", "output"]


def test_publish_with_no_change_leaves_the_folder_itself(tmp_path):
    output, staging = tmp_path / "output", tmp_path / ".output-new-1"
    write(output, {"same.html": "x", "kept/a.txt": "a"})
    write(staging, {"same.html": "x"})
    folder = output.stat().st_ino
    assert publish_tree(staging, output, {"kept/a.txt"}) == {"added": 0, "changed": 0, "removed": 0, "kept": 2}
    assert output.stat().st_ino == folder
