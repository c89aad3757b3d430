"""End to end: the invoke tasks a staff member runs, in a copy of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from conftest import ROOT, bulletin_text

PROJECT_FILES = ("tasks.py", "incremental.py", "pelicanconf.py", "publishconf.py", "plugins", "theme", "data", "deploy")
GOOD = bulletin_text(image="images/poster.png", image_alt="Poster jadwal posyandu")

# (kind of mistake, header changes, the message `invoke check` and `invoke build` print)
MISTAKES = [
    ("bad date", {"date": "2 Juni 2020"},
     "content/bulletins/bad.md:2: date: '2 Juni 2020' is not a date; write it as YYYY-MM-DD HH:MM in WIB, "
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


def invoke(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "400"}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("changes, message", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_bad_bulletin_fails_check_and_build_and_keeps_output(project, changes, message):
    bad = project / "content" / "bulletins" / "bad.md"
    bad.write_text(bulletin_text(title="Buletin Lain", code="KRW-200602-02", **changes), encoding="utf-8")
    before = snapshot(project / "output")
    try:
        checked = invoke(project, "check")
        built = invoke(project, "build")
    finally:
        bad.unlink()
    assert checked.returncode == 1 and message in checked.stderr.splitlines()
    assert "Check failed: 1 problem in the bulletins" in checked.stderr
    assert built.returncode == 1
    assert message in " ".join(built.stderr.split()) + " ".join(built.stdout.split())
    assert "output was left as it was" in built.stderr
    assert snapshot(project / "output") == before


def test_check_passes_and_new_scaffolds_a_valid_bulletin(project):
    created = invoke(project, "new", "Pembukaan Pendaftaran Sekolah")
    assert created.returncode == 0, created.stderr
    path = next((project / "content" / "bulletins").glob("*-pembukaan-pendaftaran-sekolah.md"))
    try:
        assert "code: KRW-" in path.read_text(encoding="utf-8")
        checked = invoke(project, "check")
        assert checked.returncode == 0, checked.stderr
        assert checked.stdout.strip() == "All 2 bulletins are valid."
    finally:
        path.unlink()


def test_task_list_explains_every_task(project):
    listed = invoke(project, "--list").stdout
    for name in ("new", "check", "build", "serve", "livereload", "publish", "test", "update-golden"):
        line = next(line for line in listed.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10, line
