"""Email digests: the build writes one per scope and complete day into the outbox, and
`invoke digest` posts each once to its mailing list, tested against a real SMTP server
(aiosmtpd) on 127.0.0.1 that this test starts: plain, and with STARTTLS and a login."""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import ipaddress
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from invoke import Context, Exit

from conftest import ROOT, FixtureSite, bulletin_text, tasks
from warta import build
from warta.core.ledger import Ledger, LedgerError
from warta.digest.model import next_digest
from warta.digest.send import mask, parse_smtp_url, send_site
from warta.digest.settings import config_from

SITEURL = "http://localhost:8000"
SENDER = "Warta Karawang <warta@karawangkab.example>"
LISTS = {
    "semua": "warta-semua@lists.example.org",
    "penting": {"address": "warta-penting@lists.example.org",
                "list_id": "Warta Karawang: penting <warta-penting.lists.example.org>",
                "unsubscribe": "<mailto:warta-penting+unsubscribe@lists.example.org>, "
                               "<https://lists.example.org/unsubscribe/warta-penting>",
                "unsubscribe_post": "List-Unsubscribe=One-Click"},
    "kecamatan/32.15.06-rengasdengklok": "warta-rengasdengklok@lists.example.org",
}  # fmt: skip
USER, PASSWORD = "warta-bot", "s3cr3t-Pa55w0rd"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


# A real SMTP server on 127.0.0.1

class Mailbox:
    """aiosmtpd's handler: keeps every message the server accepted, parsed."""

    def __init__(self):
        self.received: list[tuple[str, list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"

    def by_to(self) -> dict[str, list[email.message.EmailMessage]]:
        found = {}
        for _, recipients, message in self.received:
            for address in recipients:
                found.setdefault(address, []).append(message)
        return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def smtp_server(port: int | None = None, **options):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port or free_port(), **options)
    controller.start()
    try:
        yield mailbox, controller.port
    finally:
        controller.stop()


def _authenticate(server, session, envelope, mechanism, data):
    good = isinstance(data, LoginPassword) and (data.login, data.password) == (USER.encode(), PASSWORD.encode())
    return AuthResult(success=good, handled=False)  # unhandled: aiosmtpd answers 235 or 535


def server_tls(tmp_path, monkeypatch):
    """A TLS context with a certificate for 127.0.0.1 that the client trusts through
    SSL_CERT_FILE, as it would trust a real one."""
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
                   .sign(key, hashes.SHA256()))  # fmt: skip
    cert_file, key_file = tmp_path / "smtp-cert.pem", tmp_path / "smtp-key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    return context


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """An SMTP server that requires STARTTLS and a login."""
    with smtp_server(tls_context=server_tls(tmp_path, monkeypatch), require_starttls=True,
                     authenticator=_authenticate, auth_required=True) as server:  # fmt: skip
        yield server


# A small newsroom: the build's clock is 1 July 2021, 09:00 WIB, so the outbox holds the
# complete days 24 to 30 June.

def conf_file(site: FixtureSite, **settings) -> Path:
    """A settings file for the fixture site, like publishconf.py: the build and the task read it."""
    values = {"PATH": str(site.content), "THEME": str(ROOT / "theme"), "DIGEST_SCOPES": LISTS,
              "DIGEST_FROM": SENDER, **settings}  # fmt: skip
    lines = ["import runpy",
             f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() if k.isupper()}})",
             *(f"{key} = {value!r}" for key, value in values.items())]  # fmt: skip
    path = site.root / "publishconf.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Newsroom:
    def __init__(self, site: FixtureSite):
        self.site = site
        self.conf = conf_file(site)
        self.outbox = site.root / "outbox" / "digest"
        self.ledger = site.root / ".sent.json"

    def build(self, now: str = "2021-07-01 09:00") -> None:
        build.build_site(self.conf, self.site.output, {"BULLETINS_NOW": now})

    def settings(self) -> dict:
        return build.read_settings(self.conf)

    def send(self, url: str | None, dry_run: bool = False):
        return send_site(self.site.output, self.settings(), url, dry_run=dry_run)

    def index(self) -> dict:
        return json.loads((self.outbox / "index.json").read_text(encoding="utf-8"))

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.outbox).as_posix() for p in self.outbox.rglob("*") if p.is_file())


@pytest.fixture
def newsroom(site) -> Newsroom:
    site.add("a.md", bulletin_text(title="Siaga Banjir di Klari", date="2021-06-30 10:00", code="KRW-210630-01",
                                   urgency="darurat", expires="2021-07-02 16:00", summary="Warga bantaran sungai siaga."))
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok", date="2021-06-29 06:15", type="Berita",
                                   topics="Banjir", kecamatan="32.15.06", code="KRW-210629-01",
                                   summary="Air setinggi 50 cm di tiga desa.", modified="2021-06-30 14:30",
                                   changes="2021-06-30 14:30 | Lokasi pengungsian ditambahkan."))
    site.add("c.md", bulletin_text(title="Jadwal Pemadaman Listrik", date="2021-06-20 08:00", code="KRW-210620-01",
                                   urgency="penting", status="withdrawn", withdrawn_reason="Pemadaman dibatalkan PLN.",
                                   modified="2021-06-28 08:00", changes="2021-06-28 08:00 | Buletin dicabut."))
    site.add("d.md", bulletin_text(title="Arsip Lama", date="2021-05-03 09:00", code="KRW-210503-01"))
    # Today (not complete yet) and later (scheduled): in no digest of this build.
    site.add("e.md", bulletin_text(title="Pagi Ini", date="2021-07-01 08:00", code="KRW-210701-01"))
    site.add("f.md", bulletin_text(title="Nanti Siang", date="2021-07-01 12:00", code="KRW-210701-02"))
    room = Newsroom(site)
    room.build()
    return room


def sent_ledger(room: Newsroom, *channels: str) -> None:
    """A ledger that already knows these lists, as after earlier runs."""
    ledger = Ledger.load(room.ledger)
    for channel in channels:
        ledger.mark(channel, "2021-06-01", "2021-06-02T00:10:00+07:00")


# The build side

def test_build_writes_a_digest_per_scope_and_complete_day_and_none_for_an_empty_day(newsroom):
    assert newsroom.files() == [
        "index.json",
        "kecamatan/32.15.06-rengasdengklok/2021-06-29.html", "kecamatan/32.15.06-rengasdengklok/2021-06-29.txt",
        "kecamatan/32.15.06-rengasdengklok/2021-06-30.html", "kecamatan/32.15.06-rengasdengklok/2021-06-30.txt",
        "penting/2021-06-28.html", "penting/2021-06-28.txt",  # the withdrawal of an urgent notice is news
        "penting/2021-06-30.html", "penting/2021-06-30.txt",
        "semua/2021-06-28.html", "semua/2021-06-28.txt",
        "semua/2021-06-29.html", "semua/2021-06-29.txt",
        "semua/2021-06-30.html", "semua/2021-06-30.txt",
    ]  # fmt: skip
    index = newsroom.index()
    assert index["version"] == 1 and index["today"] == "2021-07-01"
    by_key = {(d["scope"], d["date"]): d for d in index["digests"]}
    assert by_key[("semua", "2021-06-30")]["items"] == ["KRW-210629-01", "KRW-210630-01"]
    assert by_key[("semua", "2021-06-30")]["subject"] == "Ringkasan 30 Juni 2021: Semua buletin (2 buletin)"
    assert by_key[("semua", "2021-06-30")]["pages"] == ["2021/06/banjir-di-rengasdengklok/index.html",
                                                        "2021/06/siaga-banjir-di-klari/index.html"]
    assert by_key[("semua", "2021-06-28")]["items"] == ["KRW-210620-01"]
    assert by_key[("penting", "2021-06-30")]["items"] == ["KRW-210630-01"]
    assert by_key[("kecamatan/32.15.06-rengasdengklok", "2021-06-29")]["items"] == ["KRW-210629-01"]


def test_each_item_has_code_status_title_summary_and_canonical_link_marked_by_what_happened(newsroom):
    text = (newsroom.outbox / "semua" / "2021-06-30.txt").read_text(encoding="utf-8")
    assert text.startswith("Ringkasan harian Warta Karawang\nSemua buletin · Rabu, 30 Juni 2021\n"
                           "2 buletin: 1 diperbarui, 1 terbit\n")
    updated = text.index("== DIPERBARUI ==")
    new = text.index("== TERBIT ==")
    assert updated < new
    assert ("[DIPERBARUI] Banjir di Rengasdengklok\nKode KRW-210629-01 · Berita · Kecamatan Rengasdengklok\n"
            "Status: diperbarui\nDiperbarui 14.30 WIB: Lokasi pengungsian ditambahkan.\n"
            "Air setinggi 50 cm di tiga desa.\n"
            f"{SITEURL}/2021/06/banjir-di-rengasdengklok/\n") in text  # fmt: skip
    assert ("Siaga Banjir di Klari\nKode KRW-210630-01 · Pengumuman · Darurat · Kecamatan Klari\n"
            "Status: berlaku sampai Jumat, 2 Juli 2021 · 16.00 WIB\nTerbit 10.00 WIB.\n"
            f"Warga bantaran sungai siaga.\n{SITEURL}/2021/06/siaga-banjir-di-klari/\n") in text  # fmt: skip
    withdrawn = (newsroom.outbox / "penting" / "2021-06-28.txt").read_text(encoding="utf-8")
    assert ("[DICABUT] Jadwal Pemadaman Listrik\nKode KRW-210620-01 · Pengumuman · Penting · Kecamatan Klari\n"
            "Status: dicabut\nDicabut 08.00 WIB: Buletin dicabut.\nAlasan pencabutan: Pemadaman dibatalkan PLN.\n") in withdrawn
    page = (newsroom.outbox / "semua" / "2021-06-30.html").read_text(encoding="utf-8")
    for fact in ("KRW-210629-01", "DIPERBARUI", "Banjir di Rengasdengklok", "Air setinggi 50 cm di tiga desa.",
                 f'href="{SITEURL}/2021/06/banjir-di-rengasdengklok/"', "BERLAKU", "DARURAT",
                 f'href="{SITEURL}/cek/KRW-210630-01/"'):  # fmt: skip
        assert fact in page


def test_the_outbox_is_deterministic_and_keeps_only_this_builds_digests(newsroom):
    before = {name: (newsroom.outbox / name).read_bytes() for name in newsroom.files()}
    newsroom.build()
    assert {name: (newsroom.outbox / name).read_bytes() for name in newsroom.files()} == before
    # A day later, 24 June leaves the window: nothing there; 1 July's digests arrive.
    newsroom.build(now="2021-07-02 00:05")
    names = newsroom.files()
    assert "semua/2021-07-01.txt" in names and "semua/2021-06-28.txt" in names
    text = (newsroom.outbox / "semua" / "2021-07-01.txt").read_text(encoding="utf-8")
    assert "KRW-210701-01" in text and "KRW-210701-02" in text
    newsroom.build(now="2021-07-06 09:00")  # 28 June is more than 7 days back
    assert "semua/2021-06-28.txt" not in newsroom.files()
    # Digests turned off: the outbox keeps nothing to send.
    newsroom.conf = conf_file(newsroom.site, DIGEST_SCOPES={})
    newsroom.build()
    assert newsroom.files() == []


def test_html_part_is_email_safe_and_valid_html(newsroom, tmp_path):
    pages = sorted(newsroom.outbox.rglob("*.html"))
    for path in pages:
        page = path.read_text(encoding="utf-8")
        lowered = page.lower()
        for forbidden in ("<script", "<style", "<link", "<img", "<iframe", "<form", "src=", "javascript:"):
            assert forbidden not in lowered, f"{path.name}: {forbidden}"
        assert '<html lang="id">' in page and 'name="viewport"' in page
        hrefs = [part.split('"', 1)[0] for part in page.split('href="')[1:]]
        assert hrefs and all(href.startswith(SITEURL + "/") for href in hrefs)
        assert "max-width:600px" in page  # one narrow column, full width on a phone
    java = shutil.which("java")
    if not (java and VNU.is_file()):
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail("the Nu HTML checker needs Java and `npm ci` (node_modules/vnu-jar)")
        pytest.skip("Nu HTML checker not installed: install Java 17 and run `npm ci`")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m for m in messages if m.get("type") == "error"] == []


def test_digest_settings_are_checked_at_build_time(site):
    room = Newsroom(site)
    site.add("a.md", bulletin_text())
    for settings, message in (({"DIGEST_SCOPES": {"Semua": "x@lists.example.org"}}, "use a dict of scope"),
                              ({"DIGEST_SCOPES": {"semua": "not an address"}}, "use a dict of scope"),
                              ({"DIGEST_FROM": None}, "set the sender they accept"),
                              ({"DIGEST_DAYS": 0}, "from 1 to 31")):  # fmt: skip
        room.conf = conf_file(site, **settings)
        with pytest.raises(Exception, match=message):
            room.build()


def test_next_change_is_the_midnight_after_a_day_with_news(newsroom):
    from warta.core.check import bulletin_files, check_content
    from warta.core.settings import rules_from

    settings = newsroom.settings()
    settings["BULLETINS_NOW"] = "2021-07-01 09:00"
    rules = rules_from(settings)
    bulletins = check_content(bulletin_files(rules.content_root, ["bulletins"], []), rules, newsroom.site.root)
    midnight = next_digest(bulletins.values(), rules.now, "Asia/Jakarta")
    assert midnight.isoformat() == "2021-07-02T00:00:00+07:00"  # "Pagi Ini" was published at 08:00 today
    quiet = rules.now + datetime.timedelta(days=3)
    assert next_digest(bulletins.values(), quiet, "Asia/Jakarta") is None


# The sending side

def test_send_delivers_multipart_alternative_with_the_lists_headers(newsroom):
    sent_ledger(newsroom, "digest/semua", "digest/penting", "digest/kecamatan/32.15.06-rengasdengklok")
    with smtp_server() as (mailbox, port):
        report = newsroom.send(f"smtp://127.0.0.1:{port}")
    assert report.failed == [] and report.adopted == [] and len(report.sent) == 7
    received = mailbox.by_to()
    assert sorted(received) == sorted([LISTS["semua"], LISTS["penting"]["address"],
                                       LISTS["kecamatan/32.15.06-rengasdengklok"]])  # fmt: skip
    assert len(received[LISTS["semua"]]) == 3
    assert {sender for sender, _, _ in mailbox.received} == {"warta@karawangkab.example"}
    (message,) = [m for m in received[LISTS["penting"]["address"]] if "30 Juni" in m["Subject"]]
    assert message["Subject"] == "Ringkasan 30 Juni 2021: Penting dan darurat (1 buletin)"
    assert message["From"] == SENDER and message["To"] == LISTS["penting"]["address"]
    assert message["Message-ID"] == "<digest.2021-06-30.penting@localhost>"
    assert message["Date"].datetime.tzinfo is not None
    assert message["List-Id"] == LISTS["penting"]["list_id"]
    assert message["List-Unsubscribe"] == LISTS["penting"]["unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert all(part.get_content_charset() == "utf-8" for part in parts)
    for part, suffix in zip(parts, (".txt", ".html")):  # SMTP carries lines ending in CRLF
        built = (newsroom.outbox / "penting" / "2021-06-30").with_suffix(suffix).read_text(encoding="utf-8")
        assert part.get_content().replace("\r\n", "\n") == built
    # A list without List-Id or List-Unsubscribe in its settings gets none: the list server adds its own.
    plain = received[LISTS["semua"]][0]
    assert plain["List-Id"] is None and plain["List-Unsubscribe"] is None
    assert plain["Message-ID"] == "<digest.2021-06-28.semua@localhost>"


def test_a_second_run_sends_nothing_and_a_new_day_sends_once_more(newsroom):
    sent_ledger(newsroom, "digest/semua", "digest/penting", "digest/kecamatan/32.15.06-rengasdengklok")
    with smtp_server() as (mailbox, port):
        url = f"smtp://127.0.0.1:{port}"
        assert len(newsroom.send(url).sent) == 7
        again = newsroom.send(url)
        assert again.sent == [] and again.already == 7
        newsroom.build()  # a rebuild changes nothing
        assert newsroom.send(url).sent == []
        newsroom.site.add("g.md", bulletin_text(title="Posko Baru di Rengasdengklok", date="2021-07-01 15:00",
                                                kecamatan="32.15.06", code="KRW-210701-03"))  # fmt: skip
        newsroom.build(now="2021-07-02 00:05")
        next_day = newsroom.send(url)
        assert sorted((entry.scope, entry.date) for entry, _ in next_day.sent) == [
            ("kecamatan/32.15.06-rengasdengklok", "2021-07-01"), ("semua", "2021-07-01")]
        assert newsroom.send(url).sent == []
    assert len(mailbox.received) == 9
    message_ids = [message["Message-ID"] for _, _, message in mailbox.received]
    assert len(set(message_ids)) == 9


def test_a_lost_ledger_sends_only_the_newest_day_and_records_the_rest(newsroom):
    with smtp_server() as (mailbox, port):
        report = newsroom.send(f"smtp://127.0.0.1:{port}")
    assert sorted((entry.scope, entry.date) for entry, _ in report.sent) == [
        ("kecamatan/32.15.06-rengasdengklok", "2021-06-30"), ("penting", "2021-06-30"), ("semua", "2021-06-30")]
    assert sorted((entry.scope, entry.date) for entry in report.adopted) == [
        ("kecamatan/32.15.06-rengasdengklok", "2021-06-29"), ("penting", "2021-06-28"),
        ("semua", "2021-06-28"), ("semua", "2021-06-29")]  # fmt: skip
    assert len(mailbox.received) == 3
    ledger = Ledger.load(newsroom.ledger)
    assert ledger.when("digest/semua", "2021-06-29").startswith("adopted ")
    assert ledger.sent("digest/semua", "2021-06-30") and not ledger.when("digest/semua", "2021-06-30").startswith("adopted")
    # A list added later gets the newest digest only, not the week before it.
    newsroom.conf = conf_file(newsroom.site, DIGEST_SCOPES={**LISTS, "topik/banjir": "warta-banjir@lists.example.org"})
    newsroom.build()
    with smtp_server() as (mailbox, port):
        report = newsroom.send(f"smtp://127.0.0.1:{port}")
    assert [(entry.scope, entry.date) for entry, _ in report.sent] == [("topik/banjir", "2021-06-30")]
    assert [(entry.scope, entry.date) for entry in report.adopted] == [("topik/banjir", "2021-06-29")]


def test_a_damaged_ledger_stops_the_run_instead_of_sending_the_archive(newsroom):
    newsroom.ledger.write_text("{not json", encoding="utf-8")
    with smtp_server() as (mailbox, port):
        with pytest.raises(LedgerError, match="rusak"):
            newsroom.send(f"smtp://127.0.0.1:{port}")
    assert mailbox.received == []


def test_a_digest_whose_page_is_not_live_waits(newsroom):
    sent_ledger(newsroom, "digest/semua")
    shutil.rmtree(newsroom.site.output / "2021" / "06" / "siaga-banjir-di-klari")
    with smtp_server() as (mailbox, port):
        report = newsroom.send(f"smtp://127.0.0.1:{port}")
    assert [(entry.scope, entry.date) for entry in report.waiting] == [("penting", "2021-06-30"), ("semua", "2021-06-30")]
    assert not Ledger.load(newsroom.ledger).sent("digest/semua", "2021-06-30")


def test_dry_run_prints_what_would_go_where_and_sends_nothing(newsroom, monkeypatch, capsys):
    use_newsroom(monkeypatch, newsroom)
    monkeypatch.delenv("WARTA_SMTP_URL", raising=False)
    tasks.digest_task(Context(), dry_run=True)
    out = capsys.readouterr().out
    assert ("Akan dikirim: «Ringkasan 30 Juni 2021: Semua buletin (2 buletin)» → "
            "warta-semua@lists.example.org (semua, 2021-06-30)") in out
    assert "Akan dicatat terkirim tanpa dikirim (milis ini belum ada di catatan pengiriman): semua, 2021-06-29" in out
    assert "Uji coba: 3 ringkasan akan dikirim, 4 akan dicatat tanpa dikirim" in out
    assert not newsroom.ledger.exists()


def use_newsroom(monkeypatch, room: Newsroom) -> None:
    monkeypatch.setitem(tasks.CONFIG, "settings_publish", room.conf)
    monkeypatch.setitem(tasks.CONFIG, "output", room.site.output)
    monkeypatch.setenv("WARTA_LANG", "id")


def test_invoke_digest_with_a_failing_server_warns_exits_0_and_the_next_run_sends(newsroom, monkeypatch, capsys):
    use_newsroom(monkeypatch, newsroom)
    sent_ledger(newsroom, "digest/semua")
    port = free_port()  # nothing listens there
    monkeypatch.setenv("WARTA_SMTP_URL", f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}")
    tasks.digest_task(Context())  # returns: no Exit, the publish goes on
    out = capsys.readouterr().out
    assert "Peringatan: ringkasan semua 2021-06-30 gagal dikirim (smtp://127.0.0.1:" in out
    assert "dicoba lagi pada publish berikutnya" in out
    assert "0 terkirim" in out and "5 tertunda" in out
    assert USER not in out and PASSWORD not in out
    ledger = Ledger.load(newsroom.ledger)
    assert not ledger.sent("digest/semua", "2021-06-30")
    monkeypatch.setenv("WARTA_SMTP_URL", f"smtp://127.0.0.1:{port}")
    with smtp_server(port) as (mailbox, _):
        tasks.digest_task(Context())
    out = capsys.readouterr().out
    assert "Terkirim: «Ringkasan 30 Juni 2021: Semua buletin (2 buletin)»" in out
    assert len(mailbox.received) == 5  # semua: 28, 29, 30 June; the other two lists: their newest day


def test_starttls_and_login_work_and_credentials_appear_in_no_output(newsroom, tls_server, monkeypatch, capsys):
    mailbox, port = tls_server
    use_newsroom(monkeypatch, newsroom)
    monkeypatch.setenv("WARTA_SMTP_URL", f"smtp://{USER}:wrong-{PASSWORD}@127.0.0.1:{port}")
    tasks.digest_task(Context())
    out = capsys.readouterr().out
    assert "gagal dikirim (smtp://127.0.0.1:" in out and "535" in out  # the server refused the login
    assert mailbox.received == []
    monkeypatch.setenv("WARTA_SMTP_URL", f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}")
    tasks.digest_task(Context())
    out += capsys.readouterr().out
    assert len(mailbox.received) == 3
    assert f"Ringkasan email (smtp://127.0.0.1:{port}): 3 terkirim" in out
    for secret in (USER, PASSWORD, f"wrong-{PASSWORD}"):
        assert secret not in out
        assert secret not in newsroom.ledger.read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtps_speaks_tls_from_the_start(newsroom, tmp_path, monkeypatch):
    context = server_tls(tmp_path, monkeypatch)
    # aiosmtpd offers AUTH only after STARTTLS unless told otherwise; here the whole connection is TLS.
    with smtp_server(ssl_context=context, authenticator=_authenticate, auth_required=True,
                     auth_require_tls=False) as (mailbox, port):  # fmt: skip
        report = newsroom.send(f"smtps://{USER}:{PASSWORD}@127.0.0.1:{port}")
    assert report.failed == [] and len(report.sent) == 3 and len(mailbox.received) == 3


def test_a_password_is_never_sent_to_a_server_without_starttls(newsroom):
    with smtp_server() as (mailbox, port):
        report = newsroom.send(f"smtp://{USER}:{PASSWORD}@127.0.0.1:{port}")
    assert mailbox.received == []
    assert report.failed and all("offers no STARTTLS" in why and PASSWORD not in why for _, why in report.failed)


def test_without_an_smtp_url_nothing_is_sent_or_recorded(newsroom, monkeypatch, capsys):
    use_newsroom(monkeypatch, newsroom)
    monkeypatch.delenv("WARTA_SMTP_URL", raising=False)
    tasks.digest_task(Context())
    assert "WARTA_SMTP_URL belum diatur, jadi 3 ringkasan email tidak dikirim" in capsys.readouterr().out
    assert not newsroom.ledger.exists()


def test_a_bad_smtp_url_is_one_sentence_without_the_password(newsroom, monkeypatch):
    use_newsroom(monkeypatch, newsroom)
    monkeypatch.setenv("WARTA_SMTP_URL", f"http://{USER}:{PASSWORD}@mail.example.org")
    with pytest.raises(Exit) as stop:
        tasks.digest_task(Context())
    assert stop.value.code == 1
    assert "Ringkasan email tidak dikirim: WARTA_SMTP_URL is not an SMTP URL" in stop.value.message
    assert PASSWORD not in stop.value.message


def test_smtp_urls_and_masking():
    smtp = parse_smtp_url("smtps://user%40office:p%3Ass@mail.example.org")
    assert (smtp.tls, smtp.host, smtp.port, smtp.username, smtp.password) == (True, "mail.example.org", 465,
                                                                              "user@office", "p:ss")
    assert PASSWORD not in repr(parse_smtp_url(f"smtp://{USER}:{PASSWORD}@mail.example.org"))
    assert parse_smtp_url("smtp://relay.local").port == 587
    assert mask(f"smtp://{USER}:{PASSWORD}@host failed for {USER}", (PASSWORD, USER)) == "smtp://***@host failed for ***"


def test_config_reads_lists_in_both_forms():
    config = config_from({"DIGEST_SCOPES": LISTS, "DIGEST_FROM": SENDER, "SITEURL": "https://warta.example.go.id"})
    assert config.lists["semua"].address == LISTS["semua"] and config.lists["semua"].list_id is None
    assert config.lists["penting"].unsubscribe == LISTS["penting"]["unsubscribe"]
    assert config.host == "warta.example.go.id" and config.days == 7
