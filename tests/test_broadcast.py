"""Broadcast on publish: the outbox the build writes, the channel messages and their limits,
apprise's own parsing of the documented target URLs, and `invoke broadcast` against local
fakes of the Telegram Bot API, ntfy and Mastodon (tests/broadcast_fakes.py) with a copy of
the sample site: each version reaches each target once, a failing target is retried and never
fails the publish, a lost ledger does not re-send the archive, and no secret is ever shown."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import apprise
import pytest
from broadcast_fakes import (MASTODON_TOKEN, NTFY_TOKEN, TELEGRAM_TOKEN, FakeMastodon, FakeNtfy, FakeTelegram,
                             mastodon_count, telegram_problem)  # fmt: skip
from bulletin_facts import at, facts
from conftest import ROOT, bulletin_text
from PIL import Image

from warta import build
from warta.broadcast import outbox
from warta.broadcast.messages import mastodon_length, mastodon_status, ntfy_message, telegram_caption
from warta.broadcast.send import SINCE, Masker, broadcast, deliver, parse_targets
from warta.broadcast.settings import config_from
from warta.core.ledger import Ledger, LedgerError
from warta.core.model import Change

WIB = ZoneInfo("Asia/Jakarta")
STAFF_GUIDE = (ROOT / "docs" / "panduan-staf.md").read_text(encoding="utf-8")
SECRETS = (TELEGRAM_TOKEN, TELEGRAM_TOKEN.partition(":")[2], MASTODON_TOKEN, NTFY_TOKEN)
NEW = "KRW-210701-01"  # the bulletin the tests publish into the sample site


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


# Tier 1: versions, messages and limits


def bulletin(**fields):
    base = dict(code="KRW-210701-01", date=at("2021-07-01 10:00"), changes=(), is_withdrawn=False, is_expired=False)
    return SimpleNamespace(**{**base, **fields})


def test_a_bulletin_announces_its_newest_version():
    first = outbox.newest_version(bulletin())
    assert (first.key, first.kind, first.time, first.note) == (f"{NEW}/v1", "terbit", at("2021-07-01 10:00"), "")
    changes = (Change(at("2021-07-01 14:00"), "Posko kedua dibuka."), Change(at("2021-07-01 12:00"), "Jalur baru."))
    update = outbox.newest_version(bulletin(changes=changes))
    assert (update.key, update.kind, update.time, update.note) == (f"{NEW}/v3", "diperbarui", at("2021-07-01 14:00"),
                                                                   "Posko kedua dibuka.")  # fmt: skip
    withdrawn = outbox.newest_version(bulletin(changes=changes, is_withdrawn=True, is_expired=True))
    assert (withdrawn.key, withdrawn.kind, withdrawn.time) == (f"{NEW}/dicabut", "dicabut", at("2021-07-01 14:00"))
    assert outbox.newest_version(bulletin(is_expired=True)) is None  # nothing new to say


def test_mastodon_counts_a_link_as_23_characters_only_where_mastodon_sees_a_link():
    long_link = "https://warta.karawangkab.go.id/" + "a" * 100 + "/"
    assert mastodon_length(f"Baca {long_link}") == 5 + 23
    assert mastodon_length("http://localhost:8000/2021/07/x/") == len("http://localhost:8000/2021/07/x/")
    assert mastodon_length("http://127.0.0.1:8000/x/") == len("http://127.0.0.1:8000/x/")


LONG = facts(
    title="Banjir & Longsor <Kali> Melanda *Tiga* Desa, Warga Bantaran Citarum Diminta Segera Mengungsi Malam Ini",
    summary=("Air Citarum naik 2 meter sejak pukul 18.00; warga Karangligar, Tanjungpura & Tunggakjati diminta "
             "mengungsi ke posko <Balai Desa> dengan membawa KTP-el, obat dan pakaian. ") * 2,
    url="https://warta.karawangkab.go.id/2021/07/" + "banjir-longsor-" * 40 + "/", urgency="darurat",
    kind="Berita", expires=at("2021-07-03 16:00"))  # fmt: skip


@pytest.mark.parametrize("case", [
    LONG, facts(urgency="penting"), facts(withdrawn=True, withdrawn_reason="Jadwal & lokasi <batal>."),
    facts(url="https://warta.karawangkab.go.id/" + "x" * 900 + "/", title="Judul " * 20),
], ids=["long-darurat", "penting", "dicabut", "very-long-url"])  # fmt: skip
@pytest.mark.parametrize("note", ["", "Posko & dapur umum <baru> dibuka di Balai Desa Karangligar."])
def test_every_channel_message_stays_within_the_service_limit(case, note):
    caption = telegram_caption(case, note)
    sent = caption.replace("\n", "\r\n")  # apprise writes each line break so
    assert len(sent) <= 1023 and telegram_problem(sent) is None, caption
    assert caption.startswith("<b>") and caption.endswith(f"Kode cek: {case.code}\n{case.url}".replace("&", "&amp;"))
    status = mastodon_status(case, note)
    assert mastodon_length(status) <= 500 and mastodon_count(status) <= 500
    assert status.endswith(case.url)
    ntfy = ntfy_message(case, note)
    assert len(ntfy["message"].encode("utf-8")) <= 4096 and ntfy["click"] == case.url
    assert ntfy["priority"] == {"darurat": 5, "penting": 4, "biasa": 3}[case.urgency]
    if note and not case.withdrawn:
        assert ntfy["title"].startswith("[DIPERBARUI] ") and caption.startswith("<b>[DIPERBARUI]")
    if case.withdrawn:
        assert ntfy["title"].startswith("[DICABUT] ") and "Dicabut: Jadwal &amp; lokasi &lt;batal&gt;." in caption


def test_the_caption_is_the_whatsapp_style_text_in_html():
    caption = telegram_caption(LONG, "Jalur evakuasi & posko diperbarui.")
    lines = caption.split("\n")
    assert lines[0].startswith("<b>[DIPERBARUI] [DARURAT] Banjir &amp; Longsor &lt;Kali&gt; Melanda *Tiga*")
    assert lines[1:3] == ["Selasa, 2 Juni 2020 · 10.00 WIB", "Berlaku sampai Sabtu, 3 Juli 2021 · 16.00 WIB"]
    assert "Perubahan: Jalur evakuasi &amp; posko diperbarui." in caption
    assert lines[-2:] == [f"Kode cek: {LONG.code}", LONG.url]


def test_a_caption_at_the_limit_still_goes_with_its_photo(tmp_path):
    """apprise sends a separate text message when the caption is not below 1,024 characters
    as it counts them; the longest caption Warta writes is still a photo's caption."""
    case = facts(url="https://warta.karawangkab.go.id/" + "x" * 700 + "/", urgency="darurat",
                 summary="Warga & relawan <posko> diminta bersiaga. " * 8)
    image = tmp_path / "og.png"
    Image.new("RGB", (1200, 630), "teal").save(image)
    version = outbox.Version(f"{case.code}/v2", "diperbarui", 2, case.date, "Posko & dapur umum <baru> dibuka.")
    entry = outbox.entry(version, case, "x/index.html", 500)
    entry["image"]["path"] = "og.png"
    caption = entry["messages"]["telegram"]["caption"]
    assert 950 <= len(caption.replace("\n", "\r\n")) <= 1023
    telegram = FakeTelegram()
    try:
        (target,), _ = parse_targets(f"tgram://{TELEGRAM_TOKEN}/@warta_karawang")
        deliver(target, entry, tmp_path, config_from({"BROADCAST_TELEGRAM_API": telegram.origin}))
        (request,) = telegram.requests
        assert request.path.endswith("/sendPhoto") and request.fields["caption"].replace("\r\n", "\n") == caption
    finally:
        telegram.close()


# Tier 1: targets and apprise's parsing

DOCUMENTED = [
    "semua=tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/@warta_karawang",
    "semua=tgram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/-1001234567890",
    "semua=ntfys://ntfy.karawangkab.go.id/warta-semua",
    "penting=ntfys://tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2@ntfy.karawangkab.go.id/warta-darurat",
    "32.15.05=ntfys://warta:sandi-rahasia@ntfy.karawangkab.go.id/warta-klari",
    "semua=ntfys://ntfy.sh/warta-karawang-3f9a1c",
    "semua=mastodons://8dK2Xq0bT4fR1sYvW7nP3cL9mZ6hJ5gA@mastodon.karawangkab.go.id",
]


@pytest.mark.parametrize("line", DOCUMENTED)
def test_apprise_accepts_each_documented_target_url(line):
    assert line in STAFF_GUIDE, "keep this list and the staff guide's examples the same"
    url = line.partition("=")[2]
    assert apprise.Apprise().add(url) is True
    (target,), problems = parse_targets(line)
    assert problems == [] and target.scope == line.partition("=")[0]
    assert not any(secret in target.name for secret in target.secrets if len(secret) >= 6)


def test_targets_are_read_from_lines_or_spaces_and_bad_ones_are_named_without_their_secret():
    text = f"""
    # kanal resmi
    tgram://{TELEGRAM_TOKEN}/@warta_karawang   urgent=ntfys://{NTFY_TOKEN}@ntfy.example.go.id/darurat
    32.15.05=ntfy://127.0.0.1:9/klari
    kabupaten=ntfys://ntfy.example.go.id/semua
    penting=tgram://{TELEGRAM_TOKEN}
    all=tgram://{TELEGRAM_TOKEN}/@warta_karawang
    semua=bukan-url-{MASTODON_TOKEN}
    semua=mastodons://{MASTODON_TOKEN}@mastodon.example.go.id
    """
    targets, problems = parse_targets(text, "id")
    assert [(t.scope, t.kind, t.name) for t in targets] == [
        ("semua", "telegram", "telegram:@warta_karawang"), ("penting", "ntfy", "ntfy:ntfy.example.go.id/darurat"),
        ("32.15.05", "ntfy", "ntfy:127.0.0.1:9/klari"), ("semua", "mastodon", "mastodon:mastodon.example.go.id")]
    assert problems == [
        "WARTA_BROADCAST_URLS baris 5: cakupan 'kabupaten' tidak dikenal; tulis semua, penting atau kode kecamatan "
        "(mis. 32.15.05) sebelum '='",
        "WARTA_BROADCAST_URLS baris 6: tgram://… tidak menyebut tujuan; tulis kanal atau topik di akhir, "
        "mis. tgram://TOKEN/@kanal atau ntfys://server/topik",
        "WARTA_BROADCAST_URLS baris 7: telegram:@warta_karawang (semua) sudah disebut; yang kedua dilewati",
        "WARTA_BROADCAST_URLS baris 8: alamat ?://… tidak dikenali apprise; periksa penulisannya "
        "(docs/panduan-staf.md, Siaran)"]  # fmt: skip
    assert not any(secret in line for line in problems for secret in SECRETS)
    mask = Masker(secret for target in targets for secret in target.secrets)
    assert mask(f"POST https://api.telegram.org/bot{TELEGRAM_TOKEN}/sendPhoto") == "POST https://api.telegram.org/bot****/sendPhoto"


# Tier 2: a copy of the sample site, built, and the fakes


def build_site(project: Path, now: str) -> Path:
    return build.build_site(ROOT / "pelicanconf.py", project / "output", {"PATH": str(project / "content"),
                                                                           "BULLETINS_NOW": now})  # fmt: skip


def new_bulletin(**fields) -> str:
    header = dict(title="Banjir Citarum, Warga Karangligar Diminta Mengungsi", date="2021-07-01 10:00", type="Berita",
                  topics="Banjir", kecamatan="32.15.05", urgency="darurat", expires="2021-07-03 16:00", code=NEW,
                  slug="banjir-citarum-karangligar",
                  summary="Air Citarum naik; warga Karangligar diminta mengungsi ke posko Balai Desa sebelum pukul 15.00.")
    return bulletin_text(**{**header, **fields})  # fmt: skip


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The sample newsroom copied with tasks.py and its settings, plus one new darurat
    bulletin, built at 2021-07-01 10:30."""
    root = tmp_path_factory.mktemp("newsroom")
    for name in ("content", "data", "theme"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, root / name)
    (root / "content" / "bulletins" / "2021-07-01-banjir.md").write_text(new_bulletin(), encoding="utf-8")
    build_site(root, "2021-07-01 10:30")
    return root


@pytest.fixture
def newsroom(project, tmp_path) -> Path:
    """A copy of the built project each test may change."""
    copy = tmp_path / "newsroom"
    # Without what a finished build's remover may still be deleting beside output/.
    shutil.copytree(project, copy, symlinks=True, ignore=shutil.ignore_patterns(".output-*"))
    return copy


@pytest.fixture
def fakes():
    services = SimpleNamespace(telegram=FakeTelegram(), ntfy=FakeNtfy(), mastodon=FakeMastodon())
    yield services
    for fake in vars(services).values():
        fake.close()


def urls_for(fakes) -> str:
    port = fakes.ntfy.port
    return "\n".join([
        f"semua=tgram://{TELEGRAM_TOKEN}/@warta_karawang",
        f"semua=ntfy://{NTFY_TOKEN}@127.0.0.1:{port}/warta-semua",
        f"penting=ntfy://127.0.0.1:{port}/warta-penting",
        f"32.15.05=ntfy://127.0.0.1:{port}/warta-klari",
        f"32.15.01=ntfy://127.0.0.1:{port}/warta-pangkalan",
        f"semua=mastodon://{MASTODON_TOKEN}@127.0.0.1:{fakes.mastodon.port}",
    ])  # fmt: skip


def send(root: Path, fakes, now: str, dry_run: bool = False, urls: str | None = None):
    config = config_from({"BROADCAST_TELEGRAM_API": fakes.telegram.origin})
    return broadcast(root / "outbox" / "broadcast.json", root / "output", root / ".sent.json",
                     urls_for(fakes) if urls is None else urls, config, moment(now), "id", dry_run)  # fmt: skip


def received(fakes) -> dict[str, list]:
    """What each fake took, as (where, the message's first line)."""
    return {
        "telegram": [(r.fields["chat_id"], r.fields.get("caption", r.fields.get("text", "")).split("\r\n")[0])
                     for r in fakes.telegram.messages()],
        "ntfy": sorted((r.fields["topic"], r.fields["title"]) for r in fakes.ntfy.requests),
        "mastodon": [r.fields["status"].split("\n")[0] for r in fakes.mastodon.statuses()],
    }  # fmt: skip


def clear(fakes) -> None:
    for fake in vars(fakes).values():
        fake.clear()


def entries(root: Path) -> dict[str, dict]:
    return {e["code"]: e for e in json.loads((root / "outbox" / "broadcast.json").read_text(encoding="utf-8"))["entries"]}


def test_the_outbox_holds_each_recent_bulletins_newest_version_with_its_share_image(project):
    data = json.loads((project / "outbox" / "broadcast.json").read_text(encoding="utf-8"))
    assert [area["code"] for area in data["kecamatan"]][:2] == ["32.15.01", "32.15.02"]
    # Versions of the last 7 days (BROADCAST_MAX_AGE_DAYS) at the build's clock, oldest first.
    assert [e["key"] for e in data["entries"]] == ["KRW-210624-01/v1", f"{NEW}/v1"]
    entry = entries(project)[NEW]
    assert {key: entry[key] for key in ("kind", "version", "time", "urgency", "kecamatan", "whole_regency", "url",
                                        "page", "note", "reason")} == {
        "kind": "terbit", "version": 1, "time": "2021-07-01T10:00:00+07:00", "urgency": "darurat",
        "kecamatan": ["32.15.05"], "whole_regency": False,
        "url": "http://localhost:8000/2021/07/banjir-citarum-karangligar/",
        "page": "2021/07/banjir-citarum-karangligar/index.html", "note": "", "reason": ""}  # fmt: skip
    image = entry["image"]
    assert (image["width"], image["height"], image["type"]) == (1200, 630, "image/png")
    assert image["url"] == f"http://localhost:8000/{image['path']}" and "/bagikan-og-" in image["path"]
    with Image.open(project / "output" / image["path"]) as picture:
        assert picture.size == (1200, 630)
    assert image["alt"].startswith("Darurat · Berita: Banjir Citarum") and entry["messages"]["mastodon"]["alt"] == image["alt"]
    ntfy = entry["messages"]["ntfy"]
    assert (ntfy["priority"], ntfy["click"], ntfy["attach"]) == (5, entry["url"], image["url"])
    assert entry["messages"]["telegram"]["caption"].startswith("<b>[DARURAT] Banjir Citarum, Warga Karangligar")
    # No clock and sorted keys: a rebuild with no change leaves the file's bytes as they were.
    before = (project / "outbox" / "broadcast.json").read_bytes()
    assert outbox.write(project / "outbox" / "broadcast.json", before) is False


def test_publish_update_minor_edit_withdrawal_and_schedule_each_reach_each_target_once(newsroom, fakes):
    source = newsroom / "content" / "bulletins" / "2021-07-01-banjir.md"
    # The first run (no ledger) sends the new bulletin and holds back what is older than 24 hours.
    first = send(newsroom, fakes, "2021-07-01 10:31")
    title = "[DARURAT] Banjir Citarum, Warga Karangligar Diminta Mengungsi"
    assert received(fakes) == {
        "telegram": [("@warta_karawang", f"<b>{title}</b>")],
        "ntfy": [("warta-klari", title), ("warta-penting", title), ("warta-semua", title)],
        "mastodon": [title],
    }  # fmt: skip
    assert sorted(first.sent) == sorted((shown, f"{NEW}/v1") for shown in (
        "telegram:@warta_karawang (semua)", f"ntfy:127.0.0.1:{fakes.ntfy.port}/warta-semua (semua)",
        f"ntfy:127.0.0.1:{fakes.ntfy.port}/warta-penting (penting)",
        f"ntfy:127.0.0.1:{fakes.ntfy.port}/warta-klari (32.15.05)", f"mastodon:127.0.0.1:{fakes.mastodon.port} (semua)"))
    assert first.failed == [] and set(first.adopted.values()) == {1}  # KRW-210624-01, a week old
    photo = fakes.telegram.messages()[0]
    assert photo.path == f"/bot{TELEGRAM_TOKEN}/sendPhoto" and photo.fields["parse_mode"] == "HTML"
    assert photo.fields["show_caption_above_media"] == "False"
    entry = entries(newsroom)[NEW]
    assert photo.files["photo"][1] == (newsroom / "output" / entry["image"]["path"]).read_bytes()
    assert photo.fields["caption"].replace("\r\n", "\n") == entry["messages"]["telegram"]["caption"]
    darurat = next(r for r in fakes.ntfy.requests if r.fields["topic"] == "warta-semua")
    assert darurat.headers["X-Priority"] in ("5", "max", "urgent")
    assert darurat.headers["X-Click"] == entry["url"] and darurat.fields["attach"] == entry["image"]["url"]
    assert darurat.headers["Authorization"] == f"Bearer {NTFY_TOKEN}"
    assert darurat.fields["message"].endswith(f"Kode cek: {NEW}\n{entry['url']}")
    (media,), (status,) = fakes.mastodon.media(), fakes.mastodon.statuses()
    assert media.fields["description"] == entry["image"]["alt"]
    assert media.files["file"][1] == photo.files["photo"][1]
    assert status.fields["media_ids"] == ["101"] and status.fields["language"] == "id"
    assert mastodon_count(status.fields["status"]) <= 500 and status.fields["status"].endswith(entry["url"])

    # A rebuild sends nothing.
    clear(fakes)
    build_site(newsroom, "2021-07-01 11:00")
    again = send(newsroom, fakes, "2021-07-01 11:00")
    assert fakes.telegram.requests == fakes.ntfy.requests == fakes.mastodon.requests == [] and again.sent == []

    # A minor edit (no change note) sends nothing either.
    source.write_text(new_bulletin(summary="Air Citarum naik; warga Karangligar diminta mengungsi ke posko di "
                                           "Balai Desa sebelum pukul 15.00."), encoding="utf-8")  # fmt: skip
    build_site(newsroom, "2021-07-01 11:30")
    assert "di Balai Desa" in entries(newsroom)[NEW]["messages"]["ntfy"]["message"]
    assert send(newsroom, fakes, "2021-07-01 11:30").sent == [] and fakes.ntfy.requests == []

    # A major change note sends one update, marked [DIPERBARUI], with the note.
    source.write_text(new_bulletin(modified="2021-07-01 12:00",
                                   changes="2021-07-01 12:00 | Posko kedua dibuka di SDN Karangligar."),
                      encoding="utf-8")  # fmt: skip
    build_site(newsroom, "2021-07-01 12:05")
    update = send(newsroom, fakes, "2021-07-01 12:05")
    updated = f"[DIPERBARUI] {title}"
    assert received(fakes) == {"telegram": [("@warta_karawang", f"<b>{updated}</b>")],
                               "ntfy": [("warta-klari", updated), ("warta-penting", updated), ("warta-semua", updated)],
                               "mastodon": [updated]}  # fmt: skip
    assert {key for _, key in update.sent} == {f"{NEW}/v2"}
    assert "Perubahan: Posko kedua dibuka di SDN Karangligar." in fakes.mastodon.statuses()[0].fields["status"]

    # A withdrawal sends one [DICABUT] with the reason; a target that fails (Mastodon answers
    # 500) is reported, not fatal, and gets it on the next run, once.
    clear(fakes)
    fakes.mastodon.status = 500
    source.write_text(new_bulletin(status="withdrawn", withdrawn_reason="Air sudah surut; posko ditutup.",
                                   modified="2021-07-01 13:00",
                                   changes="2021-07-01 13:00 | Buletin dicabut.\n    2021-07-01 12:00 | Posko kedua dibuka."),
                      encoding="utf-8")  # fmt: skip
    build_site(newsroom, "2021-07-01 13:05")
    withdrawal = send(newsroom, fakes, "2021-07-01 13:05")
    withdrawn = f"[DICABUT] Banjir Citarum, Warga Karangligar Diminta Mengungsi"
    assert received(fakes)["telegram"] == [("@warta_karawang", f"<b>{withdrawn}</b>")]
    assert received(fakes)["ntfy"] == [("warta-klari", withdrawn), ("warta-penting", withdrawn), ("warta-semua", withdrawn)]
    assert "Dicabut: Air sudah surut; posko ditutup." in fakes.telegram.messages()[0].fields["caption"]
    assert [(shown, key) for shown, key, _ in withdrawal.failed] == [(f"mastodon:127.0.0.1:{fakes.mastodon.port} (semua)",
                                                                     f"{NEW}/dicabut")]  # fmt: skip
    assert "500" in withdrawal.failed[0][2]
    assert any("dicoba lagi pada publish berikutnya" in line for line in withdrawal.lines("id"))
    clear(fakes)
    fakes.mastodon.status = 200
    retried = send(newsroom, fakes, "2021-07-01 13:20")
    assert received(fakes) == {"telegram": [], "ntfy": [], "mastodon": [withdrawn]}
    assert retried.failed == [] and retried.sent == [(f"mastodon:127.0.0.1:{fakes.mastodon.port} (semua)", f"{NEW}/dicabut")]
    clear(fakes)
    assert send(newsroom, fakes, "2021-07-01 13:30").sent == [] and fakes.mastodon.requests == []

    # A scheduled bulletin goes out with the build that publishes it, not before.
    scheduled = newsroom / "content" / "bulletins" / "2021-07-02-posko.md"
    scheduled.write_text(bulletin_text(title="Posko Kesehatan Keliling di Pangkalan", date="2021-07-02 08:00",
                                       kecamatan="32.15.01", code="KRW-210702-01", slug="posko-pangkalan",
                                       summary="Posko kesehatan keliling melayani warga Pangkalan."), encoding="utf-8")  # fmt: skip
    build_site(newsroom, "2021-07-01 14:00")
    assert "KRW-210702-01" not in entries(newsroom)
    assert send(newsroom, fakes, "2021-07-01 14:00").sent == [] and fakes.ntfy.requests == []
    build_site(newsroom, "2021-07-02 08:05")
    published = send(newsroom, fakes, "2021-07-02 08:05")
    heading = "[PENGUMUMAN] Posko Kesehatan Keliling di Pangkalan"
    assert received(fakes) == {"telegram": [("@warta_karawang", f"<b>{heading}</b>")],
                               "ntfy": [("warta-pangkalan", heading), ("warta-semua", heading)],
                               "mastodon": [heading]}  # fmt: skip
    assert {key for _, key in published.sent} == {"KRW-210702-01/v1"}


def test_a_lost_ledger_never_sends_the_archive_again(newsroom, fakes):
    # Announced long ago, then the ledger is lost: the next deploy, two days later, sends
    # nothing it holds back as older than 24 hours, and records it.
    report = send(newsroom, fakes, "2021-07-03 11:00")
    assert report.sent == [] and fakes.telegram.requests == fakes.ntfy.requests == fakes.mastodon.requests == []
    ledger = Ledger.load(newsroom / ".sent.json")
    channel = "broadcast semua telegram:@warta_karawang"
    assert ledger.when(channel, f"{NEW}/v1") == "2021-07-03T11:00:00+07:00 adopted"
    assert ledger.when(channel, SINCE) == "2021-07-03T11:00:00+07:00"


def test_a_target_added_later_gets_only_what_is_newer_than_the_window(newsroom, fakes):
    send(newsroom, fakes, "2021-07-01 10:31", urls=f"semua=tgram://{TELEGRAM_TOKEN}/@warta_karawang")
    clear(fakes)
    # A kecamatan topic added a day and a half later has not seen the flood: it is older than
    # the window, so it is recorded, not sent; the Telegram channel sends nothing again.
    later = send(newsroom, fakes, "2021-07-02 22:00")
    assert later.sent == [] and fakes.telegram.requests == fakes.ntfy.requests == []
    assert later.adopted[f"ntfy:127.0.0.1:{fakes.ntfy.port}/warta-klari (32.15.05)"] == 2


def test_an_entry_waits_until_its_page_is_in_output(newsroom, fakes):
    page = newsroom / "output" / "2021" / "07" / "banjir-citarum-karangligar" / "index.html"
    kept = page.read_bytes()
    page.unlink()  # a build that failed after it wrote the outbox
    waiting = send(newsroom, fakes, "2021-07-01 10:31")
    assert waiting.sent == [] and waiting.waiting == [f"{NEW}/v1"] and fakes.telegram.requests == []
    assert any("Menunggu halamannya ada di output/" in line for line in waiting.lines("id"))
    page.write_bytes(kept)
    assert len(send(newsroom, fakes, "2021-07-01 10:40").sent) == 5


def test_dry_run_prints_what_would_go_where_and_sends_and_records_nothing(newsroom, fakes):
    report = send(newsroom, fakes, "2021-07-01 10:31", dry_run=True)
    lines = report.lines("id")
    assert lines[0] == "Uji siaran (--dry-run): tidak ada yang dikirim atau dicatat."
    assert "telegram:@warta_karawang (semua): 1 pesan akan dikirim" in lines
    assert f"  {NEW}/v1 (terbit): [DARURAT] Banjir Citarum, Warga Karangligar Diminta Mengungsi" in lines
    assert f"ntfy:127.0.0.1:{fakes.ntfy.port}/warta-pangkalan (32.15.01): 0 pesan akan dikirim" in lines
    assert fakes.telegram.requests == fakes.ntfy.requests == fakes.mastodon.requests == []
    assert not (newsroom / ".sent.json").exists()


def test_a_damaged_ledger_stops_the_broadcast_before_anything_is_sent(newsroom, fakes):
    (newsroom / ".sent.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LedgerError, match="rusak"):
        send(newsroom, fakes, "2021-07-01 10:31")
    assert fakes.telegram.requests == fakes.ntfy.requests == fakes.mastodon.requests == []


# The task as staff and CI run it


def invoke(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "COLUMNS": "400", **env}
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=root, env=environ, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def known_targets(root: Path, urls: str) -> None:
    """A ledger that knows every target already (an earlier deploy), so the 2021 sample
    entries are due even at today's clock."""
    ledger = Ledger.load(root / ".sent.json")
    for target in parse_targets(urls)[0]:
        ledger.mark(target.channel, SINCE, "2021-07-01T09:00:00+07:00")


def test_invoke_broadcast_never_shows_a_secret_and_a_failing_target_never_fails_it(newsroom, fakes):
    with (newsroom / "publishconf.py").open("a", encoding="utf-8") as settings:
        settings.write(f'\nBROADCAST_TELEGRAM_API = "{fakes.telegram.origin}"\n')
    urls = urls_for(fakes) + f"\nsalah=tgram://{TELEGRAM_TOKEN}/@x\nsemua=ntfys://{NTFY_TOKEN}@[::1/rusak"
    known_targets(newsroom, urls)
    dry = invoke(newsroom, "broadcast", "--dry-run", WARTA_BROADCAST_URLS=urls)
    assert dry.returncode == 0, dry.stderr
    assert "Uji siaran (--dry-run): tidak ada yang dikirim atau dicatat." in dry.stdout
    assert "cakupan 'salah' tidak dikenal" in dry.stdout and fakes.telegram.requests == []
    fakes.telegram.status = 500
    sent = invoke(newsroom, "broadcast", WARTA_BROADCAST_URLS=urls)
    assert sent.returncode == 0, sent.stderr
    assert "Peringatan: telegram:@warta_karawang (semua) gagal menerima KRW-210624-01/v1" in sent.stdout
    assert "Siaran: 9 pesan terkirim ke 6 tujuan; 1 gagal dan dicoba lagi pada publish berikutnya." in sent.stdout, sent.stdout
    assert len(fakes.telegram.requests) == 1  # its later message waits for the next run, in order
    english = invoke(newsroom, "broadcast", WARTA_BROADCAST_URLS=urls, WARTA_LANG="en")
    assert "Warning: telegram:@warta_karawang (semua) did not take KRW-210624-01/v1" in english.stdout
    everything = dry.stdout + dry.stderr + sent.stdout + sent.stderr + english.stdout + english.stderr
    everything += (newsroom / ".sent.json").read_text(encoding="utf-8")
    leaked = [secret for secret in SECRETS if secret in everything]
    assert leaked == [], everything


def test_a_damaged_ledger_fails_invoke_broadcast_but_never_the_deploy(newsroom, fakes):
    (newsroom / ".sent.json").write_text("[]", encoding="utf-8")
    urls = urls_for(fakes)
    alone = invoke(newsroom, "broadcast", WARTA_BROADCAST_URLS=urls)
    assert alone.returncode == 1 and "Siaran gagal: catatan pengiriman .sent.json tidak dikenali" in alone.stderr
    www = newsroom / "www"
    deployed = invoke(newsroom, "deploy", "--target", "local", "--no-ping", WARTA_BROADCAST_URLS=urls,
                      WARTA_DEPLOY_PATH=str(www), WARTA_SITEURL="http://localhost:8000")  # fmt: skip
    assert deployed.returncode == 0, deployed.stderr
    assert "Peringatan: Siaran gagal: catatan pengiriman .sent.json tidak dikenali" in deployed.stdout
    assert fakes.telegram.requests == fakes.ntfy.requests == fakes.mastodon.requests == []


def test_without_targets_the_broadcast_is_off():
    assert parse_targets("") == ([], [])
    report = broadcast(Path("/nonexistent/outbox.json"), Path("/nonexistent"), Path("/nonexistent/.sent.json"), "",
                       config_from({}), moment("2021-07-01 10:00"))  # fmt: skip
    assert report.lines("id") == ["Siaran mati: WARTA_BROADCAST_URLS kosong; tidak ada yang dikirim."]
    unbuilt = broadcast(Path("/nonexistent/broadcast.json"), Path("/nonexistent"), Path("/nonexistent/.sent.json"),
                        f"tgram://{TELEGRAM_TOKEN}/@warta_karawang", config_from({}), moment("2021-07-01 10:00"))  # fmt: skip
    assert unbuilt.lines("en")[-1] == "Broadcast: nothing was sent."
    assert unbuilt.lines("id")[0].startswith("Peringatan: broadcast.json tidak bisa dibaca (")
    assert unbuilt.lines("id")[0].endswith("; jalankan `invoke publish` dulu.")
