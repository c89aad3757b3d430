"""Warta's tasks: `invoke --list` shows them, docs/publishing.md explains each."""

from __future__ import annotations

import errno
import functools
import http.server
import json
import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from invoke import Exit, task

from warta.build import GOLDEN_OVERRIDES, build_site, disk_full, golden_files, read_settings
from warta.core.check import BulletinError, bulletin_files, check_content
from warta.core.errors import StaffError
from warta.core.language import say, staff_language
from warta.core.scaffold import new_bulletin
from warta.core.schedule import next_change
from warta.core.settings import SettingsError, project_root, rules_from
from warta.core.site import timezone

ROOT = Path(__file__).resolve().parent
GOLDEN_DIR = ROOT / "tests" / "golden"
CONFIG = {
    "settings_base": ROOT / "pelicanconf.py",
    "settings_publish": ROOT / "publishconf.py",
    "output": ROOT / "output",
    "host": "localhost",
    "port": 8000,
}
PREVIOUS_HELP = {"previous": "urls.txt terdahulu (path atau URL) yang tak satu URL-nya boleh hilang; 'none' melewatinya"}


def _previous(previous):
    """--previous as a setting override: a path or URL, 'none' to skip, unset for the default."""
    if previous is None:
        return {}
    return {"PERMANENCE_PREVIOUS": None if previous.lower() == "none" else previous}


def _say(indonesian: str, english: str, settings=None) -> str:
    """A message in the staff language (core.language): WARTA_LANG, else the
    STAFF_LANGUAGE of `settings` (the local settings when not given), else Indonesian."""
    if settings is None and not os.environ.get("WARTA_LANG"):
        settings = read_settings(CONFIG["settings_base"])
    return say(staff_language(settings), indonesian, english)


def _sources():
    """The local settings, the schema rules they give, and every bulletin file."""
    settings = read_settings(CONFIG["settings_base"])
    try:
        rules = rules_from(settings)
    except SettingsError as error:
        raise Exit(_say(f"Pengaturan tidak valid: {error}.", f"Invalid settings: {error}.", settings), code=1) from None
    return settings, rules, bulletin_files(rules.content_root, settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"])


def _build_or_exit(settings_file, output, overrides=None) -> Path:
    try:
        return build_site(settings_file, output, overrides)
    except Exception as error:
        full = disk_full(error)
        if full is None and not isinstance(error, StaffError):
            raise
        try:  # the language of the settings that were built, publishconf.py's for publish
            language = staff_language(read_settings(settings_file, overrides))
        except Exception:
            language = staff_language()
        if full is not None:
            raise Exit(_disk_full_message(full, output, language), code=1) from None
        raise Exit(say(language, f"Build gagal: {error}. {output} dibiarkan seperti semula.",
                       f"Build failed: {error}. {output} was left as it was."), code=1) from None


def _disk_full_message(error: OSError, output, language: str) -> str:
    where = f" ({error.filename})" if error.filename else ""
    if error.errno == errno.EDQUOT:
        return say(language, f"Build gagal: kuota disk habis{where}. {output} dibiarkan seperti semula; "
                             "kosongkan ruang atau minta kuota lebih, lalu jalankan lagi.",
                   f"Build failed: the disk quota is used up{where}. {output} was left as it was; "
                   "free some space or ask for a larger quota, then run it again.")  # fmt: skip
    return say(language, f"Build gagal: disk penuh{where}. {output} dibiarkan seperti semula; "
                         "kosongkan ruang disk, lalu jalankan lagi.",
               f"Build failed: the disk is full{where}. {output} was left as it was; "
               "free some disk space, then run it again.")  # fmt: skip


def _print_task_help(name: str) -> None:
    """Print what `invoke --help NAME` prints; a fresh invoke, since this one's parser has
    used up the tasks' help texts."""
    import subprocess

    subprocess.run([sys.executable, "-m", "invoke", "--search-root", str(ROOT), "--help", name], check=False)


@task(help={"title": "judul buletin dalam tanda kutip, mis. \"Jadwal Vaksinasi di Klari\""})
def new(c, title):
    """Buat draf buletin baru: invoke new "Judul buletin" (tanggal hari ini, kode berikutnya)."""
    # invoke hands a required positional argument whatever comes next, --help included.
    if title in ("-h", "--help"):
        return _print_task_help("new")
    if not title.strip() or title.startswith("-"):
        raise Exit(_say('Cara pakai: invoke new "Judul buletin"', 'Usage: invoke new "Bulletin title"'), code=1)
    settings, rules, files = _sources()
    folder = rules.content_root / settings["ARTICLE_PATHS"][0]
    existing = [p.read_text(encoding="utf-8") for p in files]
    now = datetime.now(ZoneInfo(timezone(settings)))
    name, text = new_bulletin(title, now, existing, rules.code_prefix, rules.slugify)
    path = folder / name
    shown = path.relative_to(ROOT)
    if path.exists():
        raise Exit(_say(f"{shown} sudah ada; pilih judul lain.", f"{shown} already exists; choose another title.",
                        settings), code=1)  # fmt: skip
    path.write_text(text, encoding="utf-8")
    print(_say(f"Draf {shown} dibuat: isi type, kecamatan, ringkasan dan isinya, jalankan `invoke check`, "
               "lalu ubah status menjadi published bila siap terbit.",
               f"Wrote the draft {shown}: fill in type, kecamatan, summary and text, run `invoke check`, "
               "then change status to published when it is ready.", settings))  # fmt: skip


@task(help=PREVIOUS_HELP)
def check(c, previous=None):
    """Periksa semua buletin (path:baris: kolom: apa yang diperbaiki); --previous menjaga URL juga."""
    settings, rules, files = _sources()
    try:
        bulletins = check_content(files, rules, project_root(settings))
    except SettingsError as error:
        raise Exit(_say(f"Pemeriksaan gagal: {error}.", f"Check failed: {error}.", settings), code=1) from None
    except BulletinError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        raise Exit(_say(f"Pemeriksaan gagal: {error}.", f"Check failed: {error}.", settings), code=1) from None
    print(_say(f"Semua {len(bulletins)} buletin lolos pemeriksaan.", f"All {len(bulletins)} bulletins are valid.",
               settings))  # fmt: skip
    if previous:
        with tempfile.TemporaryDirectory() as scratch:
            _build_or_exit(CONFIG["settings_base"], Path(scratch) / "output", _previous(previous))
        print(_say(f"Tidak ada URL terbit dari {previous} yang hilang.", f"No published URL of {previous} is missing.",
                   settings))  # fmt: skip


@task(name="next-change")
def next_change_task(c):
    """Cetak saat berikutnya build akan mengubah situs (buletin terjadwal atau masa berlaku habis)."""
    settings, rules, files = _sources()
    try:
        bulletins = check_content(files, rules, project_root(settings))
    except BulletinError as error:
        raise Exit(_say(f"{error}; jalankan `invoke check` untuk daftarnya.",
                        f"{error}; run `invoke check` for the list.", settings), code=1) from None
    moment = next_change(bulletins.values(), rules.now)
    if settings.get("DIGEST_SCOPES"):  # a day's digest is written by the first build after it ends
        from warta.digest.model import next_digest

        digest = next_digest(bulletins.values(), rules.now, rules.timezone)
        moment = min((m for m in (moment, digest) if m is not None), default=None)
    print(moment.isoformat() if moment else "none")  # read by deploy/ci.py: not a message


@task
def build(c):
    """Bangun situs pratinjau ke output/ (semua atau tidak sama sekali)."""
    out = _build_or_exit(CONFIG["settings_base"], CONFIG["output"])
    print(_say(f"Situs dibangun di {out.relative_to(ROOT)}/", f"Built {out.relative_to(ROOT)}/"))


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves pretty URLs and the site's own 404 page, like a static host does."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


SERVE_HELP = {
    "host": "nama host atau alamat yang dilayani (bawaan localhost; 0.0.0.0 untuk semua antarmuka)",
    "port": "port yang dilayani (bawaan 8000); tautan situs mengikuti port ini",
}


def _preview(host: str, port: int) -> tuple[str, dict]:
    """The URL of a preview served at host:port and the setting overrides that make the
    site's absolute links (feeds, cards, canonical URLs) follow it; feed ids keep the local
    build's authority, since an address such as 127.0.0.1 is not a domain name."""
    base = read_settings(CONFIG["settings_base"])
    shown = "localhost" if host in ("", "0.0.0.0", "::") else f"[{host}]" if ":" in host else host
    siteurl = f"http://{shown}:{port}"
    if siteurl == base["SITEURL"]:
        return siteurl, {}
    authority = base.get("SYNDICATION_TAG_AUTHORITY") or urlsplit(base["SITEURL"]).hostname
    return siteurl, {"SITEURL": siteurl, "SYNDICATION_TAG_AUTHORITY": authority}


def _bind_or_exit(host: str, port: int, task_name: str) -> http.server.ThreadingHTTPServer:
    """The preview server bound to host:port, or a one-line message when it cannot be."""
    handler = functools.partial(_SiteHandler, directory=str(CONFIG["output"]))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise Exit(_say(f"Port {port} di {host} sudah dipakai program lain; hentikan program itu "
                            f"atau pilih port lain, mis. invoke {task_name} --port {port + 1}",
                            f"Port {port} on {host} is already in use by another program; stop it or "
                            f"choose another port, e.g. invoke {task_name} --port {port + 1}"), code=1) from None
        raise Exit(_say(f"Tidak bisa melayani di {host}:{port} ({error.strerror or error}); periksa --host dan --port",
                        f"Cannot serve on {host}:{port} ({error.strerror or error}); check --host and --port"),
                   code=1) from None  # fmt: skip


@task(help=SERVE_HELP, auto_shortflags=False)  # -h stays help, not --host
def serve(c, host=CONFIG["host"], port=CONFIG["port"]):
    """Bangun situs, lalu layani di http://localhost:8000/ (--host, --port)."""
    port = int(port)
    # Bound before the build, so a busy port is reported at once.
    with _bind_or_exit(host, port, "serve") as server:
        url, overrides = _preview(host, port)
        out = _build_or_exit(CONFIG["settings_base"], CONFIG["output"], overrides)
        print(_say(f"Situs {out.relative_to(ROOT)}/ dilayani di {url}/ (Ctrl+C untuk berhenti)",
                   f"Serving {out.relative_to(ROOT)}/ at {url}/ (Ctrl+C stops)"), flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


@task(help=SERVE_HELP, auto_shortflags=False)  # -h stays help, not --host
def livereload(c, host=CONFIG["host"], port=CONFIG["port"]):
    """Layani di http://localhost:8000/, bangun ulang dan muat ulang peramban setiap ada perubahan."""
    _livereload(host, int(port), "livereload")


def _livereload(host: str, port: int, task_name: str, overrides=None) -> None:
    from livereload import Server

    _bind_or_exit(host, port, task_name).server_close()  # a busy port is reported before the build
    _, preview = _preview(host, port)
    overrides = {**preview, **(overrides or {})}

    def rebuild():
        try:
            build_site(CONFIG["settings_base"], CONFIG["output"], overrides)
        except StaffError as error:
            print(_say(f"Build gagal: {error}", f"Build failed: {error}"), file=sys.stderr)

    rebuild()
    server = Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", "data/*", "*.py"):
        server.watch(str(ROOT / pattern), rebuild)
    server.serve(host=host, port=port, root=str(CONFIG["output"]))


EDITOR_HELP = {**SERVE_HELP, "proxy_port": "port decap-server, perantara editor ke repositori ini (bawaan 8081)"}


def _decap_server_command() -> list[str]:
    """The pinned decap-server: the one `npm ci` installed, else npx fetches that version."""
    installed = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    if installed.is_file() and shutil.which("node"):
        return ["node", str(installed)]
    if shutil.which("npx"):
        pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["decap-server"]
        return ["npx", "--yes", f"decap-server@{pinned}"]
    raise Exit(_say("Editor memerlukan Node.js (node dan npx) untuk menjalankan decap-server; pasang Node.js "
                    "lalu jalankan lagi `invoke editor`.",
                    "The editor needs Node.js (node and npx) to run decap-server; install Node.js, then run "
                    "`invoke editor` again."), code=1)  # fmt: skip


def _git_branch() -> str:
    import subprocess

    found = subprocess.run(["git", "-C", str(ROOT), "branch", "--show-current"], capture_output=True, text=True)
    if found.returncode != 0 or not found.stdout.strip():
        raise Exit(_say("Editor lokal menyimpan lewat git, tetapi folder ini bukan salinan git pada sebuah cabang; "
                        "jalankan dari salinan repositori (git clone).",
                        "The local editor saves through git, but this folder is not a git checkout on a branch; "
                        "run it from a clone of the repository."), code=1)  # fmt: skip
    return found.stdout.strip()


@task(help=EDITOR_HELP, auto_shortflags=False)  # -h stays help, not --host
def editor(c, host=CONFIG["host"], port=CONFIG["port"], proxy_port=8081):
    """Editor buletin di peramban: http://localhost:8000/admin/ (decap-server lokal + pratinjau)."""
    import subprocess

    port, proxy_port = int(port), int(proxy_port)
    branch = _git_branch()
    command = _decap_server_command()
    _bind_or_exit(host, port, "editor").server_close()
    overrides = dict(EDITOR_ENABLED=True, EDITOR_BRANCH=branch,
                     EDITOR_LOCAL_BACKEND=f"http://127.0.0.1:{proxy_port}/api/v1")  # fmt: skip
    changed = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain"], capture_output=True, text=True).stdout
    if changed.strip():
        print(_say("Perhatian: ada perubahan yang belum di-commit di folder ini; editor lokal ikut menyimpannya "
                   "bersama buletin berikutnya. Commit atau simpan dulu perubahan itu bila bukan bagian buletin.",
                   "Note: this folder has uncommitted changes; the local editor commits them with the next "
                   "bulletin. Commit or stash them first if they are not part of it."), file=sys.stderr)  # fmt: skip
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(ROOT), "BIND_HOST": "127.0.0.1",
           "PORT": str(proxy_port), "LOG_LEVEL": "warn"}  # fmt: skip
    proxy = subprocess.Popen(command, env=env)
    try:
        url = f"http://{'localhost' if host in ('', '0.0.0.0', '::') else host}:{port}/admin/"
        print(_say(f"Editor buletin siap di {url} (Ctrl+C untuk berhenti). Klik Masuk, lalu Tulis buletin baru. "
                   f"Simpan membuat cabang cms/… di git; Terbitkan menggabungkannya ke {branch}, dan situs di "
                   f"http://localhost:{port}/ dibangun ulang. Setelah itu: git push.",
                   f"The bulletin editor is at {url} (Ctrl+C stops). Click Masuk, then Tulis buletin baru. "
                   f"Simpan makes a cms/… branch in git; Terbitkan merges it into {branch}, and the site at "
                   f"http://localhost:{port}/ is rebuilt. Then: git push."), flush=True)  # fmt: skip
        _livereload(host, port, "editor", overrides)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


DEPLOY_HELP = {
    "target": "unggah output/ ke tujuan ini: local, rsync, s3 atau pages (docs/publishing.md, Deploy targets)",
    "ping": "ping hub WebSub untuk feed yang berubah (bawaan); --no-ping melewatinya",
    "broadcast": "kirim buletin baru ke kanal di WARTA_BROADCAST_URLS setelah unggah (bawaan); --no-broadcast melewatinya",
}


def _deploy_or_exit(target):
    """Upload output/ (changed files only, nothing deleted); deploy/ is not a Pelican plugin."""
    from warta.deploy import DeployError, deploy_site

    try:
        report = deploy_site(CONFIG["output"], target, read_settings(CONFIG["settings_publish"]), ROOT)
    except DeployError as error:
        raise Exit(_say(f"Unggah gagal: {error}.", f"Deploy failed: {error}."), code=1) from None
    print(_say(f"Terunggah ke {report.destination} ({report.target}): {len(report.uploaded)} berkas diunggah, "
               f"{report.unchanged} tidak berubah; tidak ada yang dihapus.", report.summary()))  # fmt: skip
    for warning in report.warnings:
        print(_say(f"Peringatan: {warning}.", f"Warning: {warning}."))


@task(help={**PREVIOUS_HELP, **DEPLOY_HELP})
def publish(c, previous=None, target=None, ping=True, broadcast=True):
    """Build produksi ke output/ yang menjaga URL situs langsung; --target mengunggahnya; lalu ping dan siaran."""
    out = _build_or_exit(CONFIG["settings_publish"], CONFIG["output"], _previous(previous))
    shown = out.relative_to(ROOT)
    if target is None:
        print(_say(f"Situs produksi dibangun di {shown}/; unggah dengan `invoke deploy --target NAMA`.",
                   f"Built {shown}/ for production; upload it with `invoke deploy --target NAME`."))
    else:
        print(_say(f"Situs produksi dibangun di {shown}/.", f"Built {shown}/ for production."))
        _deploy_or_exit(target)
    if ping:
        websub_ping(c)
    if target is not None and broadcast:  # only what is live is announced
        _broadcast(dry_run=False, after_deploy=True)


@task(name="deploy", help=DEPLOY_HELP)
def deploy_task(c, target=None, ping=True, broadcast=True):
    """Unggah output/ dari `invoke publish` ke tujuan deploy (hanya berkas yang berubah), lalu ping dan siaran."""
    _deploy_or_exit(target)
    if ping:
        websub_ping(c)
    if broadcast:
        _broadcast(dry_run=False, after_deploy=True)


def _broadcast(dry_run: bool, after_deploy: bool) -> None:
    """Send the outbox (warta.broadcast.send). After a deploy nothing here fails the
    publish: a failing target is a warning, retried next time."""
    urls = os.environ.get("WARTA_BROADCAST_URLS", "")
    if not urls.strip():
        print(_say("Siaran mati: WARTA_BROADCAST_URLS kosong; tidak ada yang dikirim.",
                   "Broadcast is off: WARTA_BROADCAST_URLS is empty; nothing was sent."))
        return
    try:
        from warta.broadcast.send import broadcast_site
    except ImportError as error:  # the build's environment has no apprise; the deploy job's has
        message = _say(f"Siaran tidak bisa berjalan: {error.name or error} belum terpasang; pasang "
                       "requirements-deploy.txt (`pip install --require-hashes --no-deps -r requirements-deploy.txt`).",
                       f"Broadcast cannot run: {error.name or error} is not installed; install requirements-deploy.txt "
                       "(`pip install --require-hashes --no-deps -r requirements-deploy.txt`).")  # fmt: skip
        if after_deploy:
            print(_say("Peringatan: ", "Warning: ") + message)
            return
        raise Exit(message, code=1) from None
    settings = read_settings(CONFIG["settings_publish"])
    now = datetime.now(ZoneInfo(timezone(settings)))
    try:
        report = broadcast_site(CONFIG["output"], settings, urls, now, staff_language(settings), dry_run)
    except (StaffError, SettingsError) as error:  # a damaged ledger: nothing was sent
        message = _say(f"Siaran gagal: {error}.", f"Broadcast failed: {error}.", settings)
        if after_deploy:
            print(_say("Peringatan: ", "Warning: ", settings) + message)
            return
        raise Exit(message, code=1) from None
    for line in report.lines(staff_language(settings)):
        print(line)


@task(name="broadcast", help={"dry_run": "cetak apa yang akan dikirim ke mana, tanpa mengirim atau mencatat apa pun"})
def broadcast_task(c, dry_run=False):
    """Kirim versi buletin baru dari outbox/ ke Telegram, ntfy dan Mastodon di WARTA_BROADCAST_URLS, sekali per tujuan."""
    _broadcast(dry_run=bool(dry_run), after_deploy=False)


def _ping_summary(report) -> str:
    if report.hub is None:
        return _say("WebSub mati (WEBSUB_HUB = None); tidak ada hub yang di-ping.", report.summary())
    failed = (f"; {len(report.failed)} gagal dan akan dicoba lagi pada publish berikutnya" if report.failed else "")
    return _say(f"WebSub: {report.hub} di-ping untuk {len(report.pinged)} feed yang berubah; "
                f"{report.unchanged} tidak berubah{failed}.", report.summary())  # fmt: skip


@task(name="ping")
def websub_ping(c):
    """Ping hub WebSub (WEBSUB_HUB) untuk setiap feed di output/ yang berubah sejak ping terakhir."""
    from warta.syndication.websub import announce_site

    try:
        report = announce_site(CONFIG["output"], read_settings(CONFIG["settings_publish"]), ROOT)
    except SettingsError as error:
        raise Exit(_say(f"Ping gagal: {error}.", f"Ping failed: {error}."), code=1) from None
    print(_ping_summary(report))  # a failing hub is reported, never fatal


PR_REPORT_HELP = {
    "base": "commit atau cabang pembanding (bawaan: merge base dengan origin/main atau main)",
    "out": "folder laporan (bawaan pr-report/)",
    "summary": "tambahkan ringkasan laporan ke berkas ini, mis. \"$GITHUB_STEP_SUMMARY\"",
    "artifact": "alamat artefak laporan, ditautkan dari ringkasan",
    "now": "waktu build kedua sisi, mis. '2021-07-01 09:00' (bawaan: menit ini)",
}


@task(name="pr-report", help=PR_REPORT_HELP)
def pr_report(c, base=None, out=None, summary=None, artifact="", now=None):
    """Laporan pratinjau permintaan gabung: kartu bagikan, teks WhatsApp/Telegram, umpan, CAP, URL."""
    import time

    from warta.core.settings import build_now
    from warta.deploy.report import FOLDER, REPORT, SUMMARY, ReportError, make_report

    settings = read_settings(CONFIG["settings_base"])
    moment = now or build_now(settings).strftime("%Y-%m-%d %H:%M")  # both sides judged at one moment
    folder = Path(out) if out else ROOT / FOLDER
    started = time.monotonic()
    try:
        report = make_report(ROOT, folder, CONFIG["settings_base"], {"BULLETINS_NOW": moment}, base, artifact)
    except ReportError as error:
        raise Exit(_say(f"Laporan tidak dapat dibuat: {error}.", f"The report could not be made: {error}.",
                        settings), code=1) from None  # fmt: skip
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write((folder / SUMMARY).read_text(encoding="utf-8"))
    decision = report.decision
    print(_say(f"Laporan ditulis di {folder / REPORT} ({len(decision['buletin'])} buletin, "
               f"{time.monotonic() - started:.0f} detik).",
               f"Wrote {folder / REPORT} ({len(decision['buletin'])} bulletins, "
               f"{time.monotonic() - started:.0f} s).", settings))  # fmt: skip
    if decision["perlu_penyetuju"]:
        print(_say("Perlu persetujuan penyetuju: " + "; ".join(decision["alasan"]),
                   "Needs an approver: " + "; ".join(decision["alasan"]), settings))  # fmt: skip


@task(name="alert-test", help={"kecamatan": "kode atau nama kecamatan, dipisah koma, atau 'semua' (bawaan)",
                               "out": "tulis pesannya ke berkas ini, bukan ke layar",
                               "sent": "waktu kirim, mis. '2021-02-20 06:15' (bawaan: sekarang)"})
def alert_test(c, kecamatan="semua", out=None, sent=None):
    """Buat pesan CAP uji (status Test, kode -UJI-) tanpa buletin untuk menguji saluran agregator; tidak diterbitkan."""
    from warta.alerts.generator import channel_test
    from warta.core.schema import parse_date

    settings = read_settings(CONFIG["settings_publish"])  # the production SITEURL, as hubs see it
    moment = datetime.now(ZoneInfo(timezone(settings))) if sent is None else parse_date(sent, timezone(settings))
    if moment is None:
        raise Exit(_say(f"'{sent}' bukan waktu; tulis seperti '2021-02-20 06:15'",
                        f"'{sent}' is not a time; write it like '2021-02-20 06:15'", settings), code=1)
    try:
        message = channel_test(settings, kecamatan, moment)
    except StaffError as error:  # a setting or a kecamatan name, said in the staff's language
        raise Exit(str(error), code=1) from None
    if out is None:
        print(message.decode("utf-8"), end="")
        return
    try:
        Path(out).write_bytes(message)
    except OSError as error:
        raise Exit(_say(f"{out} tidak bisa ditulis ({error.strerror}); pilih berkas di folder yang ada",
                        f"{out} cannot be written ({error.strerror}); choose a file in an existing folder",
                        settings), code=1) from None
    print(_say(f"Pesan uji ditulis ke {out}; pesan ini tidak diterbitkan di situs.",
               f"Test message written to {out}; it is not published on the site.", settings))


@task(name="digest", help={"dry_run": "cetak ringkasan mana yang akan dikirim ke milis mana, tanpa mengirim"})
def digest_task(c, dry_run=False):
    """Kirim ringkasan email harian yang belum terkirim ke milis tiap cakupan (WARTA_SMTP_URL); setelah unggah."""
    from warta.digest.send import SMTP_ENV, send_site

    settings = read_settings(CONFIG["settings_publish"])
    try:
        report = send_site(CONFIG["output"], settings, os.environ.get(SMTP_ENV), dry_run=dry_run)
    except StaffError as error:
        raise Exit(_say(f"Ringkasan email tidak dikirim: {error}.", f"Digests not sent: {error}.", settings),
                   code=1) from None
    for line in report.lines(staff_language(settings)):
        print(line)  # a failing server is a warning, never a failed publish


@task(help={"args": "extra pytest arguments, e.g. -k golden"})
def test(c, args=""):
    """Run the whole test suite (browser and HTML-checker tests included)."""
    c.run(f"{sys.executable} -m pytest {args}", pty=False)


@task(help={"runs": "builds of each kind (default 3)",
            "bulletins": "synthetic bulletin counts, e.g. 1000,5000,10000 (default 1000); 'sample' times the sample site"})
def bench(c, runs=3, bulletins="1000"):
    """Plain Pelican against Warta on N synthetic bulletins: cold and CI builds, memory, ratios."""
    if bulletins == "sample":
        c.run(f"{sys.executable} bench/build_time.py --runs {int(runs)}")
    else:
        c.run(f"{sys.executable} bench/scale.py --bulletins {bulletins} --runs {int(runs)}")


@task(name="settings", help={"publish": "nilai dari publishconf.py, bukan pelicanconf.py",
                             "markdown": "cetak docs/settings.md (Markdown untuk pengembang) dari registri setelan"})
def settings_task(c, publish=False, markdown=False):
    """Tampilkan setiap setelan Warta per plugin: nilai sekarang, nilai bawaan, dan keterangannya."""
    from pelican.settings import get_settings_from_file

    from warta import declared_settings
    from warta.core.registry import markdown as settings_markdown
    from warta.core.registry import REPLACED, check_replaced, values

    groups = declared_settings()
    if markdown:
        print(settings_markdown(groups), end="")
        return
    path = CONFIG["settings_publish" if publish else "settings_base"]
    chosen = get_settings_from_file(str(path))
    print(_say(f"Setelan Warta menurut {path.name}", f"Warta settings from {path.name}", chosen))
    wrong = []
    try:
        check_replaced(chosen)
    except SettingsError as error:
        wrong.append(str(error))
        print(f"{_say('SALAH', 'WRONG', chosen)}: {error}")
    chosen = {key: value for key, value in chosen.items() if key not in REPLACED}
    for group, declared in groups.items():
        if not declared:
            continue
        print(f"\n[{group}]")
        for item in declared:
            shown = _say("(bawaan)", "(default)", chosen) if item.key not in chosen else ""
            print(f"{item.key} = {chosen.get(item.key, item.default)!r} {shown}".rstrip())
            print(f"    {_say('bawaan', 'default', chosen)}: {item.default!r}")
            print(f"    {item.doc}")
            try:
                values(chosen, (item,))
            except SettingsError as error:
                wrong.append(str(error))
                print(f"    {_say('SALAH', 'WRONG', chosen)}: {error}")
    if wrong:
        raise Exit(_say(f"{len(wrong)} setelan tidak diterima; perbaiki di {path.name}",
                        f"{len(wrong)} setting(s) are not allowed; fix them in {path.name}", chosen), code=1)


@task(name="update-golden")
def update_golden(c):
    """Rebuild the sample site with the pinned clock into tests/golden/ after an intended change."""
    golden = GOLDEN_DIR / "site"
    with tempfile.TemporaryDirectory() as scratch:
        built = build_site(CONFIG["settings_base"], Path(scratch) / "site", GOLDEN_OVERRIDES)
        shutil.rmtree(golden, ignore_errors=True)
        for name, data in golden_files(built).items():
            (golden / name).parent.mkdir(parents=True, exist_ok=True)
            (golden / name).write_bytes(data)
    print(f"Updated {golden.relative_to(ROOT)}/; review `git diff` before committing.")


# The site's headline font is the share cards' Inter Bold, cut to the characters the site's own
# text uses (9 KB, so a bulletin page with it stays within the 50 KB budget); the stylesheet's
# unicode-range sends every other character to the system font. Regenerated only when this
# list or the card font changes.
SITE_FONT_SOURCE = ROOT / "plugins" / "share_images" / "fonts"
SITE_FONT_TARGET = ROOT / "theme" / "static" / "fonts"
SITE_FONT_UNICODES = ("U+0020-007E,U+00A0,U+00B0,U+00B7,U+00D7,U+00E9,U+2013-2014,U+2018-2019,U+201C-201D,"
                      "U+2022,U+2026,U+2039-203A")  # fmt: skip
SITE_FONT_WEIGHTS = {"Bold": "inter-700.woff2"}


def subset_site_fonts(target: Path = SITE_FONT_TARGET) -> list[Path]:
    """Write the site's WOFF2 fonts into `target` (the same bytes on every run)."""
    from fontTools import subset

    target.mkdir(parents=True, exist_ok=True)
    written = []
    for weight, name in SITE_FONT_WEIGHTS.items():
        options = subset.Options(flavor="woff2", layout_features=["kern"])
        font = subset.load_font(str(SITE_FONT_SOURCE / f"Inter-{weight}.otf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(SITE_FONT_UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(target / name), options)
        written.append(target / name)
    return written


@task(name="fonts")
def fonts(c):
    """Cut the site's WOFF2 headline font (theme/static/fonts/) from the share cards' Inter Bold."""
    for path in subset_site_fonts():
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


# Lighthouse (npm, pinned in package.json) with Debian's Chromium: `invoke audit`, and the
# browser gate in tests/test_gates_browser.py.
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The categories that must score 100; performance depends on the machine's speed.
LIGHTHOUSE_PERFECT = ("accessibility", "best-practices", "seo")
AUDIT_CHROME = "/usr/bin/chromium"
AUDIT_CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync")  # fmt: skip


class AuditFailed(Exception):
    """Lighthouse is missing or could not audit the page."""


def lighthouse_report(url: str, desktop: bool = False, chrome: str = AUDIT_CHROME) -> dict:
    """Lighthouse's JSON report for one URL, run with CHROME_PATH (it downloads no browser)."""
    import json
    import subprocess

    if not LIGHTHOUSE.is_file():
        raise AuditFailed("Lighthouse is missing; run `npm ci` (package.json pins it)")
    if not Path(chrome).is_file():
        raise AuditFailed(f"{chrome} is missing; install Debian's chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                   f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                   f"--chrome-flags={' '.join(AUDIT_CHROME_FLAGS)}", *(["--preset=desktop"] if desktop else [])]  # fmt: skip
        env = {**os.environ, "CHROME_PATH": chrome, "TMPDIR": scratch}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0 or not report.is_file():
            raise AuditFailed(f"Lighthouse failed on {url}: {(result.stderr or result.stdout).strip()[-800:]}")
        return json.loads(report.read_text(encoding="utf-8"))


def lighthouse_scores(report: dict) -> dict[str, int]:
    return {key: round(report["categories"][key]["score"] * 100) for key in LIGHTHOUSE_CATEGORIES}


def lighthouse_problems(report: dict, categories=LIGHTHOUSE_PERFECT) -> list[str]:
    """`category: audit title` for every scored audit below full marks in those categories."""
    problems = []
    for key in categories:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                problems.append(f"{key}: {audit['title']} ({ref['id']})")
    return problems


class _QuietSiteHandler(_SiteHandler):
    def log_message(self, format, *args):
        pass


@task(help={"port": "port on 127.0.0.1 to serve the audited build (default 8765)",
            "page": "site-relative bulletin URL to audit (default: the newest bulletin)",
            "desktop": "Lighthouse's desktop preset instead of the mobile default",
            "now": "pin the build's clock (BULLETINS_NOW), e.g. '2021-07-01 09:00' for the sample's urgent banner"})  # fmt: skip
def audit(c, port=8765, page=None, desktop=False, now=None):
    """Lighthouse on the home page and a bulletin of a fresh build served on 127.0.0.1: four scores each."""
    import json
    import threading

    origin = f"http://127.0.0.1:{int(port)}"
    with tempfile.TemporaryDirectory() as scratch:
        # Feed ids need a domain name, which 127.0.0.1 is not.
        overrides = {"SITEURL": origin, "SYNDICATION_TAG_AUTHORITY": "localhost", **({"BULLETINS_NOW": now} if now else {})}
        site = _build_or_exit(CONFIG["settings_base"], Path(scratch) / "output", overrides)
        if page is None:
            bulletins = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["bulletins"]
            newest = max((b for b in bulletins if b["status"] == "published"), key=lambda b: b["date_published"])
            page = newest["url"].removeprefix(origin + "/")
        handler = functools.partial(_QuietSiteHandler, directory=str(site))
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), handler)
        except OSError as error:
            raise Exit(f"Audit failed: cannot serve on {origin} ({error}); pass another --port.", code=1) from None
        threading.Thread(target=server.serve_forever, daemon=True).start()
        rows, problems = [], []
        try:
            for name, url in (("home", f"{origin}/"), ("bulletin", f"{origin}/{page.lstrip('/')}")):
                print(f"Lighthouse on {url} …", flush=True)
                report = lighthouse_report(url, desktop=bool(desktop))
                rows.append((name, lighthouse_scores(report)))
                problems += [f"{name}: {problem}" for problem in lighthouse_problems(report)]
        except AuditFailed as error:
            raise Exit(f"Audit failed: {error}.", code=1) from None
        finally:
            server.shutdown()
            server.server_close()
    print(f"\nLighthouse {'desktop' if desktop else 'mobile'} scores (bulletin: /{page.lstrip('/')}):")
    print(f"{'page':10}" + "".join(f"{key:>16}" for key in LIGHTHOUSE_CATEGORIES))
    for name, scores in rows:
        print(f"{name:10}" + "".join(f"{scores[key]:>16}" for key in LIGHTHOUSE_CATEGORIES))
    if problems:
        raise Exit("Below 100:\n" + "\n".join(problems), code=1)
