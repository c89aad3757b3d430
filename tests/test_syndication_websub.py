"""WebSub: hub links in built feeds and the publish-time ping, against a real HTTP server on
127.0.0.1 that this test starts and that records every ping."""

from __future__ import annotations

import http.server
import json
import logging
import socket
import threading
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from warta import build
from conftest import ROOT, bulletin_text
from lxml import etree
from warta.syndication.websub import announce_site, changed_feeds, feed_hashes, ping_body

ATOM = "{http://www.w3.org/2005/Atom}"


class Hub:
    """A WebSub hub stand-in: records each POST's form fields, answers with `status`."""

    def __init__(self, status: int = 204):
        self.pings: list[dict[str, list[str]]] = []
        self.status = status
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                hub.pings.append({"content-type": [self.headers.get("Content-Type")],
                                  **parse_qs(self.rfile.read(length).decode("ascii"))})  # fmt: skip
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def topics(self) -> list[str]:
        return sorted(ping["hub.url"][0] for ping in self.pings)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub():
    server = Hub()
    yield server
    server.close()


def settings_for(site, hub_url):
    return build.read_settings(ROOT / "pelicanconf.py", site.settings(WEBSUB_HUB=hub_url))


def all_feed_urls(output: Path) -> list[str]:
    return sorted(f"http://localhost:8000/{path}" for path in feed_hashes(output, "feeds"))


@pytest.fixture
def hubbed(site, hub):
    site.add("a.md", bulletin_text(slug="posyandu"))
    site.add("b.md", bulletin_text(title="Banjir di Rengasdengklok", date="2021-02-20 06:15", type="Berita",
                                   topics="Banjir", kecamatan="32.15.06", code="KRW-210220-01"))  # fmt: skip
    site.build(WEBSUB_HUB=hub.url)
    return site


def test_feeds_carry_hub_and_self_links(hubbed, hub):
    atom = etree.parse(str(hubbed.output / "feeds/semua.atom.xml")).getroot()
    assert {(l.get("rel"), l.get("href")) for l in atom.findall(f"{ATOM}link")} >= {
        ("hub", hub.url), ("self", "http://localhost:8000/feeds/semua.atom.xml")}
    rss = etree.parse(str(hubbed.output / "feeds/kecamatan/32.15.06-rengasdengklok.rss.xml")).getroot()
    assert [(l.get("rel"), l.get("href")) for l in rss.findall(f"channel/{ATOM}link")] == [
        ("self", "http://localhost:8000/feeds/kecamatan/32.15.06-rengasdengklok.rss.xml"), ("hub", hub.url)]
    document = json.loads((hubbed.output / "feeds/topik/banjir.json").read_text(encoding="utf-8"))
    assert document["hubs"] == [{"type": "WebSub", "url": hub.url}]
    assert document["feed_url"] == "http://localhost:8000/feeds/topik/banjir.json"
    assert hub.url in (hubbed.output / "feeds/index.html").read_text(encoding="utf-8")


def test_publish_pings_every_changed_feed_once(hubbed, hub, tmp_path):
    settings = settings_for(hubbed, hub.url)
    first = announce_site(hubbed.output, settings, tmp_path)
    assert hub.topics() == all_feed_urls(hubbed.output) == sorted(first.pinged)
    assert {ping["hub.mode"][0] for ping in hub.pings} == {"publish"}
    assert {ping["content-type"][0] for ping in hub.pings} == {"application/x-www-form-urlencoded"}
    assert not first.failed and first.unchanged == 0
    state = json.loads((tmp_path / ".websub-state.json").read_text(encoding="utf-8"))
    assert state["hub"] == hub.url and len(state["feeds"]) == len(hub.pings)

    hub.pings.clear()
    again = announce_site(hubbed.output, settings, tmp_path)
    assert hub.pings == [] and again.pinged == [] and again.unchanged == len(state["feeds"])

    before = feed_hashes(hubbed.output, "feeds")
    hubbed.add("b.md", bulletin_text(title="Banjir di Rengasdengklok Meluas", slug="banjir-di-rengasdengklok",
                                     date="2021-02-20 06:15", type="Berita", topics="Banjir", kecamatan="32.15.06",
                                     code="KRW-210220-01", modified="2021-02-21 07:00",
                                     changes="2021-02-21 07:00 | Genangan meluas ke dua desa."))  # fmt: skip
    hubbed.build(WEBSUB_HUB=hub.url)
    changed = changed_feeds(before, feed_hashes(hubbed.output, "feeds"))
    third = announce_site(hubbed.output, settings, tmp_path)
    expected = sorted(f"http://localhost:8000/{path}" for path in changed)
    assert hub.topics() == sorted(third.pinged) == expected
    # Exactly the feeds that show the edited bulletin: all, its type, its topic, its kecamatan.
    scopes = ("semua", "jenis/berita", "topik/banjir", "kecamatan/32.15.06-rengasdengklok")
    assert expected == sorted(f"http://localhost:8000/feeds/{scope}{suffix}"
                              for scope in scopes for suffix in (".atom.xml", ".rss.xml", ".json"))  # fmt: skip


def test_failing_hub_is_reported_not_fatal_and_retried(hubbed, tmp_path, caplog):
    refusing = Hub(status=500)
    try:
        with caplog.at_level(logging.WARNING, logger="warta.syndication.websub"):
            report = announce_site(hubbed.output, settings_for(hubbed, refusing.url), tmp_path)
        assert len(report.failed) == len(refusing.pings) == len(all_feed_urls(hubbed.output))
        assert report.pinged == [] and "HTTP 500" in report.failed[0][1]
        assert "refused the ping" in caplog.text
        assert "will be retried" in report.summary()
        refusing.status = 204
        refusing.pings.clear()
        retry = announce_site(hubbed.output, settings_for(hubbed, refusing.url), tmp_path)
        assert refusing.topics() == sorted(retry.pinged) == all_feed_urls(hubbed.output)
    finally:
        refusing.close()


def test_unreachable_hub_is_reported_once(hubbed, tmp_path, caplog):
    with socket.socket() as probe:  # a loopback port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with caplog.at_level(logging.WARNING, logger="warta.syndication.websub"):
        report = announce_site(hubbed.output, settings_for(hubbed, f"http://127.0.0.1:{port}/hub"), tmp_path)
    assert report.pinged == [] and len(report.failed) == len(all_feed_urls(hubbed.output))
    assert caplog.text.count("unreachable") == 1


def test_websub_off_pings_nothing(hubbed, tmp_path):
    report = announce_site(hubbed.output, build.read_settings(ROOT / "pelicanconf.py", hubbed.settings()), tmp_path)
    assert report.summary() == "WebSub is off (WEBSUB_HUB = None); no hub was pinged."
    assert not (tmp_path / ".websub-state.json").exists()


def test_ping_body_and_changed_feeds():
    assert ping_body("https://w.example/feeds/semua.atom.xml") == (
        b"hub.mode=publish&hub.url=https%3A%2F%2Fw.example%2Ffeeds%2Fsemua.atom.xml")
    assert changed_feeds({"a": "1", "b": "2", "gone": "3"}, {"a": "1", "b": "9", "new": "4"}) == ["b", "new"]
