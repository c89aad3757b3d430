"""Safe publishing: output/ is the whole old site or the whole new one wherever a build is
killed, the next build removes what a killed one left, a full disk is one line and not a
traceback, and every published file can be read by a web server's unprivileged worker.

The killed and disk-full builds are real `invoke build` processes on a copy of the project
(tasks.py and settings copied, plugins and theme linked), killed with SIGKILL like a
cancelled CI job, or run on a small tmpfs mounted for the test (root only; skipped
otherwise)."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import warta.build as incremental
from warta.core.output import is_leftover
from conftest import PINNED_NOW, ROOT, FixtureSite, bulletin_text
from static_host import NginxHost

OLD = {
    "a.md": bulletin_text(),
    "b.md": bulletin_text(title="Banjir di Karawang Barat", code="KRW-200603-01", date="2020-06-03 08:00",
                          body="## Posko\n\n- Satu\n- Dua\n"),
    "c.md": bulletin_text(title="Pasar murah", code="KRW-200605-01", date="2020-06-05 08:00", kecamatan="Klari"),
}  # fmt: skip
# A changed bulletin, a deleted one and a new darurat one, whose banner changes every page.
NEW = {
    "a.md": bulletin_text(body="Posyandu buka setiap Selasa dan Kamis."),
    "b.md": OLD["b.md"],
    "d.md": bulletin_text(title="Tanggul Citarum jebol", code="KRW-210630-01", date="2021-06-30 06:00",
                          urgency="darurat", kecamatan="semua", expires="2021-07-10 17:00"),
}  # fmt: skip


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def leftovers(project: Path) -> list[str]:
    """Everything a killed build may leave: folders beside output/ but the spare tree,
    temporary cache files."""
    found = [p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".output-spare"]
    found += [str(p) for p in (project / "cache").rglob("*") if is_leftover(p.name)]
    return found


def make_project(root: Path, bulletins: dict[str, str]) -> Path:
    """A Warta project as a newsroom has it: tasks and settings, content, data; the clock pinned."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    with open(root / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write(f'\nBULLETINS_NOW = "{PINNED_NOW}"\n')
    (root / "theme").symlink_to(ROOT / "theme")
    shutil.copytree(ROOT / "data", root / "data")
    site = FixtureSite(root)  # content/ with an image and the regency's areas
    site.add_page("tentang", "Tentang Warta")
    set_bulletins(root, bulletins)
    return root


def set_bulletins(project: Path, bulletins: dict[str, str]) -> None:
    folder = project / "content" / "bulletins"
    for path in folder.glob("*.md"):
        path.unlink()
    for name, text in bulletins.items():
        (folder / name).write_text(text, encoding="utf-8")


def invoke(project: Path, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "invoke", *args], cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env})  # fmt: skip


def build(project: Path, **env: str) -> subprocess.CompletedProcess:
    process = invoke(project, "build", **env)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def snapshot(folder: Path, copy: Path) -> None:
    """A hard-linked copy: builds replace files, never write into them."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(folder, copy, copy_function=os.link)


class OutputWatch:
    """inotify on output/ and every folder in it, and on its parent for output/ itself:
    `changed()` says when the published tree first changes."""

    TREE = 0x2 | 0x8 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x800  # modify, close_write, moves, create, delete, self
    PARENT = 0x40 | 0x80 | 0x200  # output/ renamed, exchanged or removed

    def __init__(self, output: Path):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            pytest.skip(f"inotify is not available ({os.strerror(ctypes.get_errno())})")
        self.name = os.fsencode(output.name)
        self.parent = self._add(output.parent, self.PARENT)
        for folder in [output, *(p for p in output.rglob("*") if p.is_dir())]:
            self._add(folder, self.TREE)

    def _add(self, folder: Path, mask: int) -> int:
        watch = self.libc.inotify_add_watch(self.fd, os.fsencode(folder), mask)
        assert watch >= 0, os.strerror(ctypes.get_errno())
        return watch

    def changed(self, timeout: float) -> bool:
        if not select.select([self.fd], [], [], timeout)[0]:
            return False
        data, offset = os.read(self.fd, 65536), 0
        hit = False
        while offset < len(data):
            watch, _, _, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16:offset + 16 + length].rstrip(b"\0")
            offset += 16 + length
            hit = hit or watch != self.parent or name == self.name
        return hit

    def close(self) -> None:
        os.close(self.fd)


def kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the build and its children (Pagefind), like a cancelled job
    except ProcessLookupError:
        pass
    process.communicate()


@pytest.fixture
def newsroom(tmp_path) -> Path:
    return make_project(tmp_path / "project", OLD)


def test_a_killed_build_leaves_the_old_or_the_new_site_and_the_next_build_cleans_up(newsroom, tmp_path):
    output = newsroom / "output"
    refs = {}
    for name, bulletins in (("old", OLD), ("new", NEW)):
        set_bulletins(newsroom, bulletins)
        done = build(newsroom)
        assert done.returncode == 0, done.stderr
        refs[name] = tree(output)
        snapshot(output, tmp_path / name)
    assert refs["old"] != refs["new"] and len(set(refs["old"]) ^ set(refs["new"])) > 10
    snapshot(tmp_path / "old", output)
    started = time.monotonic()
    assert build(newsroom).returncode == 0 and tree(output) == refs["new"]
    duration = time.monotonic() - started  # from the old site to the new one, caches warm

    # Killed as soon as output/ starts to change (plus a delay), then at moments spread over the build.
    moments = [("change", delay) for delay in (0, 0, 0.002, 0.005, 0.02, 0.1)]
    moments += [("start", duration * share) for share in (0.3, 0.6, 0.8, 0.9, 0.97)]
    states, left = [], 0
    for moment, delay in moments:
        snapshot(tmp_path / "old", output)  # the previous build's site, content changed since
        watch = OutputWatch(output)
        try:
            process = invoke(newsroom, "build")
            if moment == "change":
                while process.poll() is None and not watch.changed(0.01):
                    pass
            time.sleep(delay)
        finally:
            watch.close()
        kill(process)
        found = tree(output) if output.is_dir() else {}
        state = "old" if found == refs["old"] else "new" if found == refs["new"] else "mixed"
        assert state != "mixed", (moment, delay, sorted(set(found) ^ set(refs["old"]))[:5],
                                  sorted(set(found) ^ set(refs["new"]))[:5])  # fmt: skip
        states.append(state)
        left += bool(leftovers(newsroom))
    assert "old" in states and left  # some kills came before the swap, some left folders behind

    done = build(newsroom)
    assert done.returncode == 0, done.stderr
    assert tree(output) == refs["new"]
    assert leftovers(newsroom) == []
    assert (newsroom / "cache" / "build.lock").read_text() == ""  # no build holds it


def test_next_build_removes_every_kind_of_leftover(site):
    site.add("a.md", bulletin_text())
    site.build()
    before = stamps(site.output)
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process id that no longer runs
    planted = [site.root / ".output-new-x1", site.root / ".output-cache-x2", site.root / ".output-new-x1-search-x3",
               site.root / "cache" / "search" / ".2020-x4.tmp", site.root / "cache" / "pages" / "ab" / ".index.x5.tmp",
               site.root / "cache" / "pages" / "ab" / f"cd.html.{gone.pid}.link"]  # fmt: skip
    for path in planted:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir() if path.name.startswith((".output", ".2020")) else path.write_bytes(b"x")
    alive = site.root / "cache" / "pages" / "ab" / f"ef.html.{os.getpid()}.link"  # a running process's
    alive.write_bytes(b"x")
    (site.root / "cache" / "build.lock").write_text("12345\n")  # the build that made them never finished
    site.build()
    assert not [path for path in planted if path.exists()]
    assert alive.exists()
    assert stamps(site.output) == before  # and nothing changed: the site was not swapped


def test_the_old_tree_waits_as_the_spare_and_the_next_publish_reuses_it(site, tmp_path_factory):
    """A publish makes the new site out of the tree the last one swapped out: folders and
    files that did not change are not made again, and nothing is removed."""
    site.add("a.md", bulletin_text())
    site.add("b.md", bulletin_text(title="Pasar murah", code="KRW-200605-01", date="2020-06-05 08:00"))
    site.build()
    first = tree(site.output)
    site.add("a.md", bulletin_text(body="Jadwal berubah."))
    site.build()
    spare = site.root / ".output-spare"
    assert tree(spare) == first  # the previous site, whole
    untouched = {p.relative_to(spare).as_posix(): p.stat().st_ino for p in spare.rglob("*")
                 if p.is_dir() and "pasar-murah" in p.as_posix()}  # fmt: skip
    assert untouched
    site.add("a.md", bulletin_text(body="Jadwal berubah lagi."))
    site.build()
    pages = [page.read_text(encoding="utf-8") for page in site.output.rglob("index.html")]
    assert any("Jadwal berubah lagi." in page for page in pages) and not any("Jadwal berubah." in p for p in pages)
    assert {name: (site.output / name).stat().st_ino for name in untouched} == untouched
    fresh = FixtureSite(tmp_path_factory.mktemp("fresh"))
    fresh.add("a.md", bulletin_text(body="Jadwal berubah lagi."))
    fresh.add("b.md", bulletin_text(title="Pasar murah", code="KRW-200605-01", date="2020-06-05 08:00"))
    fresh.build()
    assert tree(site.output) == tree(fresh.output)  # the same site a build without a spare makes
    assert leftovers(site.root) == []


def test_old_site_is_put_back_when_a_build_stopped_between_the_two_renames(site, monkeypatch):
    """Where RENAME_EXCHANGE is missing, output/ moves aside and the new tree moves in."""
    monkeypatch.setattr(incremental, "_exchange", lambda one, other: False)
    site.add("a.md", bulletin_text())
    site.build()
    old = tree(site.output)
    site.add("a.md", bulletin_text(body="Jadwal berubah."))
    site.build()  # two renames
    new = tree(site.output)
    assert new != old and not leftovers(site.root)
    # Killed after the first rename: no output/, the previous site beside it.
    aside = site.root / ".output-old-k1"
    site.output.rename(aside)
    (site.root / ".output-new-k2").mkdir()
    assert incremental.clean(site.output) == 1  # the staging folder; the old site went back
    assert tree(site.output) == new and not aside.exists()


def test_a_second_build_waits_for_the_first(newsroom):
    import fcntl

    (newsroom / "cache").mkdir()
    with open(newsroom / "cache" / "build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        process = invoke(newsroom, "build")
        time.sleep(4)
        assert process.poll() is None and not (newsroom / "output").exists()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err + out
    assert "Build lain sedang berjalan di proyek ini" in err and (newsroom / "output" / "index.html").is_file()


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB tmpfs (mounting needs root): a disk that can really fill up."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Write until the disk is full."""
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * (1 << 20))
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


FULL = {
    "id": r"Build gagal: disk penuh( \(/\S+\))?\. /\S+/output dibiarkan seperti semula; kosongkan ruang disk, "
          r"lalu jalankan lagi\.",
    "en": r"Build failed: the disk is full( \(/\S+\))?\. /\S+/output was left as it was; free some disk space, "
          r"then run it again\.",
}  # fmt: skip


def test_a_full_disk_is_one_line_and_leaves_output_untouched(small_disk):
    project = make_project(small_disk / "project", OLD)
    assert build(project).returncode == 0
    output = project / "output"
    before, before_stamps = tree(output), stamps(output)
    set_bulletins(project, NEW)
    filler = fill(small_disk)
    # Full before the build starts, then full while it writes (256 KB left: past the start).
    for language, spare in (("id", 0), ("en", 256 * 1024)):
        os.truncate(filler, filler.stat().st_size - spare)
        failed = build(project, WARTA_LANG=language)
        assert failed.returncode == 1
        assert "Traceback" not in failed.stderr + failed.stdout
        assert re.fullmatch(FULL[language], failed.stderr.strip().splitlines()[-1]), failed.stderr
        assert tree(output) == before and stamps(output) == before_stamps
        assert not leftovers(project)
    filler.unlink()
    done = build(project)
    assert done.returncode == 0, done.stderr
    assert "Tanggul Citarum jebol" in (output / "index.html").read_text(encoding="utf-8")
    assert leftovers(project) == []


def test_published_files_are_readable_by_an_unprivileged_web_server(tmp_path):
    public = Path(tempfile.mkdtemp(prefix="warta-public-"))  # tmp_path's parents are 0700
    try:
        public.chmod(0o755)
        site = FixtureSite(public)
        site.add("a.md", bulletin_text(image="images/poster.png", image_alt="Poster posyandu"))
        site.build()
        site.add("b.md", bulletin_text(title="Banjir", code="KRW-200603-01", date="2020-06-03 08:00"))
        site.build()  # files moved in from staging and files kept from the first build
        for path in [site.output, *site.output.rglob("*")]:
            mode = path.stat().st_mode
            wanted = 0o005 if stat.S_ISDIR(mode) else 0o004
            assert mode & wanted == wanted, f"{path.relative_to(site.output)} is {oct(mode & 0o777)}"
        images = sorted(site.output.rglob("bagikan-og-*.png"))
        assert len(images) == 2
        if os.geteuid() != 0:
            pytest.skip("nginx's worker runs as another user only when the test runs as root")
        _serve_with_nginx(site.output, tmp_path / "nginx", images)
    finally:
        shutil.rmtree(public)


def _serve_with_nginx(root: Path, scratch: Path, files: list[Path]) -> None:
    """nginx's master as root, its worker as nobody: the worker opens the files."""
    group = "nogroup" if _group_exists("nogroup") else "nobody"
    with NginxHost(root, scratch, user=f"nobody {group}") as host:
        assert _children_users(host.process.pid) == ["nobody"]  # the worker that opens the files
        for path in files:
            url = f"{host.origin}/{path.relative_to(root).as_posix()}"
            try:
                answer = urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError as error:
                pytest.fail(f"{url}: {error.code} (mode {oct(path.stat().st_mode & 0o777)})")
            assert answer.status == 200 and answer.read() == path.read_bytes()


def _children_users(pid: int) -> list[str]:
    import pwd

    users = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(fields["PPid"]) == pid:
            users.append(pwd.getpwuid(int(fields["Uid"].split()[0])).pw_name)
    return users


def _group_exists(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True
