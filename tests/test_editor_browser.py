"""The form editor in headless Chromium against Decap's local backend (decap-server in git
mode, on 127.0.0.1, over a throwaway repository): a bulletin written through the form goes
through the editorial workflow (saved on its own branch, then published, that is merged), and
the file it writes passes the check and builds; a choice the schema refuses cannot be made;
the page runs under the Content-Security-Policy its `_headers` rule sends.

Screenshots of the form at 360x800 and 1280x900 go to the temporary folder for a look."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, FixtureSite, tasks
from static_host import StaticHost

from warta.core.check import bulletin_files, check_content
from warta.core.settings import rules_from

pytestmark = pytest.mark.browser

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
CACHE = ROOT / "cache" / "editor"  # the pinned Decap build, fetched once for every test run
TITLE = "Jadwal Posyandu Keliling di Klari"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    if not DECAP_SERVER.is_file():
        reason = "the editor's browser test needs decap-server: npm ci"
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail(reason)
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("editor")
    site = FixtureSite(root / "proj")
    sample = ROOT / "content" / "bulletins" / "2020-06-08-layanan-tatap-muka-disdukcapil-dibuka-kembali.md"
    site.add(sample.name, sample.read_text(encoding="utf-8"))
    (site.root / ".gitignore").write_text("/output/\n/cache/\n", encoding="utf-8")
    git(site.root, "init", "-q", "-b", "main")
    git(site.root, "config", "user.name", "Staf Humas")
    git(site.root, "config", "user.email", "staf@example.org")
    git(site.root, "add", "-A")
    git(site.root, "commit", "-qm", "Awal")
    port = free_port()
    backend = f"http://127.0.0.1:{port}/api/v1"
    overrides = {"EDITOR_ENABLED": True, "EDITOR_LOCAL_BACKEND": backend, "EDITOR_CACHE_DIR": str(CACHE),
                 "PERMANENCE_PREVIOUS": None}
    site.build(**overrides)
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(site.root), "BIND_HOST": "127.0.0.1",
           "PORT": str(port), "LOG_LEVEL": "warn"}
    server = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(urllib.request.Request(backend, data=b'{"action":"info"}',
                                       headers={"Content-Type": "application/json"}), timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with StaticHost(site.output, mode="netlify") as host:
            yield site, host, overrides
    finally:
        server.terminate()
        server.wait(timeout=10)


LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def open_editor(browser, host, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    started = time.monotonic()
    response = page.goto(f"{host.origin}/admin/")
    page.click("text=Masuk", timeout=30_000)
    page.wait_for_selector("text=Tulis buletin baru", timeout=30_000)
    page.load_seconds = time.monotonic() - started
    page.csp = response.headers.get("content-security-policy", "")
    return context, page


def control(page, label: str):
    target = page.locator("label", has_text=re.compile(rf"^{re.escape(label)}")).first.get_attribute("for")
    return page.locator(f"[id='{target}']")


def choose(page, label: str, option: str) -> None:
    control(page, label).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_a_bulletin_written_in_the_form_passes_the_check_and_builds(browser, editor, tmp_path):
    site, host, overrides = editor
    context, page = open_editor(browser, host)
    assert "'unsafe-eval'" in page.csp and "frame-ancestors 'none'" in page.csp
    page.click("text=Tulis buletin baru")
    page.wait_for_selector("text=Kecamatan")
    control(page, "Judul").fill(TITLE)
    choose(page, "Jenis buletin", "Pengumuman")
    choose(page, "Kecamatan", "Klari")
    choose(page, "Kecamatan", "Cikampek")
    control(page, "Ringkasan").fill("Posyandu keliling melayani balita di Klari dan Cikampek setiap Selasa.")
    page.locator("[data-slate-editor]").click()
    page.keyboard.type("Posyandu keliling buka pukul 08.00 WIB di balai desa.")
    code = control(page, "Kode verifikasi").input_value()
    assert re.fullmatch(r"KRW-\d{6}-01", code)
    page.screenshot(path=str(tmp_path / "editor-1280.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path=str(tmp_path / "editor-360.png"))
    # Decap keeps 800 px for the form; Warta's page lets it fit a phone.
    assert page.evaluate("document.querySelector('[class*=ControlPaneContainer]').getBoundingClientRect().right") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=Tersimpan", timeout=30_000)
    branches = git(site.root, "branch", "--list", "cms/*")
    assert "cms/buletin/" in branches  # the editorial workflow: a branch of its own, not main
    assert not [p for p in (site.content / "bulletins").iterdir() if "posyandu-keliling" in p.name]
    page.get_by_text("Status: Draf", exact=True).click()
    page.get_by_text("Siap", exact=True).click()
    page.get_by_text("Terbitkan", exact=True).click()
    page.get_by_text("Terbitkan sekarang", exact=True).click()
    page.wait_for_selector("text=Terbit: perubahan sudah digabung", timeout=30_000)
    assert page.evaluate("window.__csp") == []
    context.close()
    written = [p for p in (site.content / "bulletins").iterdir() if "posyandu-keliling" in p.name]
    assert len(written) == 1, git(site.root, "log", "--stat", "-3")
    text = written[0].read_text(encoding="utf-8")
    assert f"code: {code}\n" in text
    assert "slug: jadwal-posyandu-keliling-di-klari\n" in text
    rules = rules_from(tasks.read_settings(tasks.CONFIG["settings_base"], site.settings()))
    bulletins = check_content(bulletin_files(rules.content_root, ["bulletins"], []), rules, site.root)
    written_bulletin = next(b for b in bulletins.values() if b.code == code)
    assert written_bulletin.title == TITLE and written_bulletin.type == "Pengumuman"
    assert {area.name for area in written_bulletin.areas} == {"Klari", "Cikampek"}
    # Built at this minute: the form dated the bulletin now, after the fixture's pinned clock.
    output = site.build(tmp_path / "built", PERMANENCE_PREVIOUS=None, BULLETINS_NOW=None)
    assert (output / written_bulletin.url / "index.html").is_file()


def test_the_form_offers_only_what_the_schema_accepts(browser, editor):
    site, host, _ = editor
    context, page = open_editor(browser, host, 360, 800)
    page.click("text=Tulis buletin baru")
    page.wait_for_selector("text=Kecamatan")
    control(page, "Jenis buletin").click()
    options = page.locator("[class*='option']").all_inner_texts()
    assert options == ["Berita", "Pengumuman", "Infografis", "Siaran Pers", "Klarifikasi Hoaks"]
    page.keyboard.type("Opini")
    assert page.locator("[class*='option']").count() == 0  # a free-typed type is no choice
    page.keyboard.press("Escape")
    control(page, "Kecamatan").click()
    page.keyboard.type("Kecamatan Khayalan")
    assert page.locator("[class*='option']").count() == 0
    page.keyboard.press("Escape")
    # Required fields left empty: nothing is saved, no branch is made.
    page.click("button:has-text('Simpan')")
    page.wait_for_selector("text=wajib diisi", timeout=10_000)
    assert git(site.root, "branch", "--list", "cms/*").strip() == ""
    context.close()
