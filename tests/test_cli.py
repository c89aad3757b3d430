"""End to end: the invoke tasks a staff member runs, in a copy of the project."""

from __future__ import annotations

import copy
import inspect
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from conftest import tasks
from bs4 import BeautifulSoup
from deploy_servers import free_port
from invoke import Collection
from PIL import Image
from conftest import ROOT, bulletin_text

PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "theme", "data")
GOOD = bulletin_text(image="images/poster.png", image_alt="Poster jadwal posyandu")

# (kind of mistake, header changes, the message `invoke check` and `invoke build` print)
MISTAKES = [
    ("bad date", {"date": "Juni 2020"},
     "content/bulletins/bad.md:2: date: 'Juni 2020' is not a date; write it as YYYY-MM-DD HH:MM in WIB, "
     "e.g. 2020-06-02 10:00"),
    ("unknown type", {"type": "Warta"},
     "content/bulletins/bad.md:3: type: 'Warta' is not a known type; use one of: Berita, Pengumuman, "
     "Infografis, Siaran Pers, Klarifikasi Hoaks"),
    ("missing image", {"image": "images/tidak-ada.png", "image_alt": "Poster"},
     "content/bulletins/bad.md:8: image: image 'images/tidak-ada.png' not found under content/; "
     "add the file or fix the path"),
    ("missing alt text", {"image": "images/poster.png"},
     "content/bulletins/bad.md:8: image_alt: missing; every image needs a text that describes it, "
     "add 'image_alt: …' under the image line"),
    ("unknown kecamatan", {"kecamatan": "Cikampeg"},
     "content/bulletins/bad.md:5: kecamatan: 'Cikampeg' is not a kecamatan of Kabupaten Karawang; "
     "did you mean 'Cikampek' (32.15.13)? use an official code or name, or 'semua' for the whole regency"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project with a two-bulletin content folder, built once."""
    root = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "content" / "pages", root / "content" / "pages")
    (root / "content" / "images").mkdir()
    Image.new("RGB", (64, 48), "teal").save(root / "content" / "images" / "poster.png")
    (root / "content" / "bulletins").mkdir()
    (root / "content" / "bulletins" / "good.md").write_text(GOOD, encoding="utf-8")
    assert invoke(root, "build").returncode == 0
    return root


def environment(lang: str | None = None) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "COLUMNS": "400", **({"WARTA_LANG": lang} if lang else {})}


def invoke(root: Path, *args: str, lang: str | None = None) -> subprocess.CompletedProcess:
    """Runs `invoke` as staff do: Indonesian unless `lang` sets WARTA_LANG."""
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, env=environment(lang),
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("changes, message", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_bad_bulletin_fails_check_and_build_and_keeps_output(project, changes, message):
    bad = project / "content" / "bulletins" / "bad.md"
    bad.write_text(bulletin_text(title="Buletin Lain", code="KRW-200602-02", **changes), encoding="utf-8")
    before = snapshot(project / "output")
    try:
        checked = invoke(project, "check", lang="en")
        built = invoke(project, "build", lang="en")
    finally:
        bad.unlink()
    assert checked.returncode == 1 and message in checked.stderr.splitlines()
    assert "Check failed: 1 problem in the bulletins" in checked.stderr
    assert built.returncode == 1
    assert message in " ".join(built.stderr.split()) + " ".join(built.stdout.split())
    assert "output was left as it was" in built.stderr
    assert snapshot(project / "output") == before


def test_new_scaffolds_a_draft_that_passes_check_once_type_and_kecamatan_are_chosen(project):
    created = invoke(project, "new", "Pembukaan Pendaftaran Sekolah")
    assert created.returncode == 0, created.stderr
    path = next((project / "content" / "bulletins").glob("*-pembukaan-pendaftaran-sekolah.md"))
    shown = path.relative_to(project).as_posix()
    try:
        assert created.stdout.strip() == (
            f"Draf {shown} dibuat: isi type, kecamatan, ringkasan dan isinya, jalankan `invoke check`, "
            "lalu ubah status menjadi published bila siap terbit.")
        text = path.read_text(encoding="utf-8")
        assert text.startswith("status: draft\n") and "code: KRW-" in text
        # The scaffold chooses no type or kecamatan: check names exactly those blank lines
        # (or nothing, where a draft may leave them blank), never another problem.
        fresh = invoke(project, "check")
        blank = {f"{shown}:{number}: {key}:" for number, line in enumerate(text.splitlines(), 1)
                 for key in ("type", "kecamatan") if line == f"{key}:"}  # fmt: skip
        assert len(blank) == 2
        problems = [line for line in fresh.stderr.splitlines() if line.startswith(shown)]
        assert {problem.split(" missing")[0] for problem in problems} <= blank, fresh.stderr
        path.write_text(text.replace("\ntype:\n", "\ntype: Pengumuman\n")
                        .replace("\nkecamatan:\n", "\nkecamatan: semua\n"), encoding="utf-8")  # fmt: skip
        checked = invoke(project, "check")
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.strip() == "Semua 2 buletin lolos pemeriksaan."
    finally:
        path.unlink()


def bulletin_names(root: Path) -> set[str]:
    return {p.name for p in (root / "content" / "bulletins").iterdir()}


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_new_help_shows_help_and_writes_nothing(project, flag):
    before = bulletin_names(project)
    shown = invoke(project, "new", flag)
    assert bulletin_names(project) == before
    assert shown.returncode == 0, shown.stderr
    assert "Buat draf buletin baru" in shown.stdout and "--title" in shown.stdout
    assert "judul buletin" in shown.stdout  # the option's help text


@pytest.mark.parametrize("lang, usage", [(None, 'Cara pakai: invoke new "Judul buletin"'),
                                         ("en", 'Usage: invoke new "Bulletin title"')])  # fmt: skip
def test_new_without_a_title_prints_usage_and_writes_nothing(project, lang, usage):
    before = bulletin_names(project)
    for args in ([""], ["  "], ["--judul"]):
        result = invoke(project, "new", *args, lang=lang)
        assert (result.returncode, result.stderr.strip()) == (1, usage), args
    assert invoke(project, "new").returncode == 1  # invoke's own parser refuses it
    assert bulletin_names(project) == before


def test_staff_messages_are_indonesian_by_default_and_english_on_request(project):
    assert invoke(project, "check").stdout.strip() == "Semua 1 buletin lolos pemeriksaan."
    assert invoke(project, "check", lang="en").stdout.strip() == "All 1 bulletins are valid."
    assert invoke(project, "ping").stdout.strip() == "WebSub mati (WEBSUB_HUB = None); tidak ada hub yang di-ping."
    assert invoke(project, "ping", lang="en").stdout.strip() == "WebSub is off (WEBSUB_HUB = None); no hub was pinged."
    (project / "pelicanconf.py").write_text((project / "pelicanconf.py").read_text(encoding="utf-8")
                                            + '\nSTAFF_LANGUAGE = "en"\n', encoding="utf-8")  # fmt: skip
    try:
        assert invoke(project, "check").stdout.strip() == "All 1 bulletins are valid."
        assert invoke(project, "check", lang="id").stdout.strip() == "Semua 1 buletin lolos pemeriksaan."
    finally:
        shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")


def test_serve_builds_the_site_for_the_port_it_serves(project):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=project,
                              env=environment(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    watchdog = threading.Timer(300, server.kill)
    watchdog.start()
    try:
        origin = f"http://localhost:{port}"
        serving = next(line for line in server.stdout if not line.startswith("Done: "))  # Pelican's summary
        assert serving.strip() == f"Situs output/ dilayani di {origin}/ (Ctrl+C untuk berhenti)"
        home = BeautifulSoup(urllib.request.urlopen(f"{origin}/", timeout=10).read(), "html.parser")
        links = [tag["href"] for tag in home.find_all(["a", "link"], href=True) if tag["href"].startswith("http://")]
        assert any(link.startswith(f"{origin}/feeds/") for link in links), links
        assert not [link for link in links if "localhost" in link and not link.startswith(f"{origin}/")]
        bulletin = next(link for link in links if link.startswith(f"{origin}/2020/"))
        page = BeautifulSoup(urllib.request.urlopen(bulletin, timeout=10).read(), "html.parser")
        assert page.find("link", rel="canonical")["href"] == bulletin
    finally:
        watchdog.cancel()
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("task", ["serve", "livereload"])
@pytest.mark.parametrize("lang, message", [
    (None, "Port {port} di localhost sudah dipakai program lain; hentikan program itu atau pilih port lain, "
           "mis. invoke {task} --port {next}"),
    ("en", "Port {port} on localhost is already in use by another program; stop it or choose another port, "
           "e.g. invoke {task} --port {next}"),
])  # fmt: skip
def test_a_busy_port_is_one_line_and_no_traceback(project, task, lang, message):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke(project, task, "--port", str(port), lang=lang)
    assert result.returncode == 1
    assert result.stderr.strip() == message.format(port=port, task=task, next=port + 1)


def test_every_option_of_every_task_has_help():
    for name, found in Collection.from_module(tasks).tasks.items():
        parameters = list(inspect.signature(found.body).parameters)[1:]
        described = {arg.name: arg.help for arg in copy.deepcopy(found).get_arguments()}
        assert set(described) == set(parameters), name
        assert all(described.values()), f"{name}: {[key for key, text in described.items() if not text]}"
        assert found.__doc__ and found.__doc__.strip(), name


def test_task_list_explains_every_task(project):
    listed = invoke(project, "--list").stdout
    for name in ("new", "check", "build", "serve", "livereload", "publish", "test", "update-golden"):
        line = next(line for line in listed.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10, line
