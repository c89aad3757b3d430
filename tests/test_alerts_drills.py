"""Drills: a darurat bulletin with `test: ya` publishes a marked page and a CAP message with
status Test and its own identifiers, and reaches no list, feed, banner or alert index;
`invoke alert-test` makes a Test message without any bulletin."""

from __future__ import annotations

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from cap_profile import violations
from conftest import bulletin_text, tasks
from invoke import Context, Exit
from lxml import etree
from test_alerts import CAP, FLOOD, SITEURL, alert, build, cap_schema, text

from warta.core.schema import check_all, check_file

DRILL = {**FLOOD, "title": "Latihan Evakuasi Banjir Rengasdengklok", "code": "KRW-210220-02", "test": "ya"}
DRILL_URL = "2021/02/latihan-evakuasi-banjir-rengasdengklok/"


def test_a_drill_gives_a_test_message_with_its_own_identifier(site):
    root = alert(build(site, DRILL), url=DRILL_URL)
    assert text(root, "cap:status") == ["Test"]
    assert text(root, "cap:identifier") == ["KRW-210220-02-UJI"]
    assert text(root, "cap:note") == ["LATIHAN / UJI: pesan latihan, bukan keadaan darurat sungguhan; abaikan."]
    assert text(root, "cap:info/cap:headline") == ["[UJI] Latihan Evakuasi Banjir Rengasdengklok"]
    assert text(root, "cap:info/cap:web") == [f"{SITEURL}/{DRILL_URL}"]


def test_a_drills_updates_and_cancel_keep_the_mark(site):
    changed = {**DRILL, "status": "withdrawn", "withdrawn_reason": "Latihan selesai.",
               "modified": "2021-02-20 09:00", "changes": "2021-02-20 08:00 | Titik kumpul ditambah.\n"
               "    2021-02-20 09:00 | Latihan selesai."}  # fmt: skip
    root = alert(build(site, changed), url=DRILL_URL)
    assert text(root, "cap:identifier") + text(root, "cap:msgType") == ["KRW-210220-02-UJI-cancel", "Cancel"]
    assert text(root, "cap:references")[0].split() == [
        "diskominfo@karawangkab.go.id,KRW-210220-02-UJI,2021-02-20T06:15:00+07:00",
        "diskominfo@karawangkab.go.id,KRW-210220-02-UJI-update-1,2021-02-20T08:00:00+07:00"]
    assert text(root, "cap:info/cap:responseType") == ["None"]


def test_a_drill_is_marked_on_its_page_and_listed_nowhere(site):
    output = build(site, FLOOD, DRILL, {})
    page = BeautifulSoup((output / DRILL_URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title.get_text().startswith("[LATIHAN / UJI] ")
    assert page.select_one(".notice.drill strong").get_text() == "LATIHAN / UJI"
    assert page.select_one(".badge.drill").get_text() == "LATIHAN / UJI"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find(attrs={"data-pagefind-body": True}) is not None  # the page itself; the index skips it
    # The real emergency is in the banner of every page, the drill in none (its own page included)
    for path in output.rglob("*.html"):
        banner = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(".urgent")
        assert DRILL_URL not in str(banner or ""), path
    home = (output / "index.html").read_text(encoding="utf-8")
    assert DRILL_URL not in home
    # Nothing else links it: no list, archive, feed, sitemap, search bundle, manifest or /cek/ page
    mentions = sorted(str(p.relative_to(output)) for p in output.rglob("*")
                      if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt", ".opml")
                      and DRILL_URL in p.read_text(encoding="utf-8", errors="replace"))  # fmt: skip
    assert mentions == [f"{DRILL_URL}alert.cap.xml", f"{DRILL_URL}index.html", "urls.txt"]
    assert not (output / "cek" / "KRW-210220-02").exists()
    assert not any((output / DRILL_URL).glob("bagikan-*"))  # no share cards to re-post


def test_the_alert_index_lists_the_real_alert_and_never_the_drill(site):
    build(site, FLOOD, DRILL)
    index = feedparser.parse(site.read("feeds/alerts.atom.xml"))
    assert [e.id for e in index.entries] == [f"{SITEURL}/2021/02/banjir-di-rengasdengklok-warga-diminta-mengungsi/alert.cap.xml"]


def test_a_site_with_only_a_drill_has_an_empty_alert_index(site):
    build(site, DRILL, {})
    assert feedparser.parse(site.read("feeds/alerts.atom.xml")).entries == []
    manifest = json.loads(site.read("manifest.json"))
    assert "KRW-210220-02" not in json.dumps(manifest)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"test": "ya"}, "b.md:8: test: a drill exercises an emergency alert; add 'urgency: darurat' (with 'expires') "
                     "or remove the test line"),
    ({**DRILL, "test": "mungkin"}, "b.md:10: test: 'mungkin' is not a known value; write 'test: ya' for a drill "
                                   "bulletin, or remove the line"),
])
def test_the_schema_refuses_a_drill_that_is_not_darurat_or_a_test_value_it_does_not_know(rules, fields, expected):
    _, problems = check_file("b.md", bulletin_text(**fields), rules)
    assert [str(p) for p in problems] == [expected]


def test_test_tidak_is_an_ordinary_bulletin(rules):
    bulletin, problems = check_file("b.md", bulletin_text(**{**FLOOD, "test": "tidak"}), rules)
    assert problems == [] and not bulletin.is_drill


def test_the_staff_read_drill_mistakes_in_indonesian(rules):
    from dataclasses import replace

    _, problems = check_file("content/bulletins/b.md", bulletin_text(test="ya"), replace(rules, language="id"))
    assert [str(p) for p in problems] == [
        "content/bulletins/b.md:8: test: latihan hanya untuk peringatan darurat; tambahkan 'urgency: darurat' "
        "(dengan 'expires') atau hapus baris test"]


def test_drills_and_real_bulletins_never_replace_each_other(rules):
    drill, _ = check_file("a.md", bulletin_text(**DRILL), rules)
    real, _ = check_file("b.md", bulletin_text(**{**FLOOD, "code": "KRW-210221-01", "supersedes": "KRW-210220-02"}), rules)
    assert [str(p) for p in check_all([drill, real], "en")] == [
        "b.md:10: supersedes: KRW-210220-02 is a drill and this one is not; drills and real bulletins never "
        "replace each other, remove the supersedes line"]


def _alert_test(monkeypatch, capsys, **arguments) -> str:
    monkeypatch.setenv("WARTA_SITEURL", "https://warta.example")
    tasks.alert_test(Context(), **arguments)
    return capsys.readouterr().out


def test_invoke_alert_test_prints_a_test_message_that_passes_schema_and_profile(monkeypatch, tmp_path, capsys):
    printed = _alert_test(monkeypatch, capsys, sent="2021-02-20 06:15")
    root = etree.fromstring(printed.encode())
    cap_schema().assertValid(root)
    assert violations(printed) == []
    assert text(root, "cap:identifier") + text(root, "cap:status") == ["KRW-UJI-210220061500", "Test"]
    assert text(root, "cap:info/cap:expires") == ["2021-02-20T07:15:00+07:00"]
    assert text(root, "cap:info/cap:web") == ["https://warta.example/"]
    assert text(root, "cap:info/cap:area/cap:areaDesc") == ["Seluruh Kabupaten Karawang"]


def test_invoke_alert_test_writes_a_file_for_the_kecamatan_named(monkeypatch, tmp_path, capsys):
    target = tmp_path / "uji.cap.xml"
    said = _alert_test(monkeypatch, capsys, sent="2021-02-20 06:15", kecamatan="Klari, 32.15.08",
                       out=str(target))
    assert said == f"Pesan uji ditulis ke {target}; pesan ini tidak diterbitkan di situs.\n"
    root = etree.fromstring(target.read_bytes())
    assert root.xpath("cap:info/cap:area/cap:geocode/cap:value/text()", namespaces=CAP) == ["32.15.05", "32.15.08"]


@pytest.mark.parametrize(("arguments", "message"), [
    ({"kecamatan": "Klarii"}, "'Klarii' bukan kecamatan di Kabupaten Karawang; pakai kode atau nama resmi, atau 'semua'"),
    ({"sent": "besok"}, "'besok' bukan waktu; tulis seperti '2021-02-20 06:15'"),
    ({"out": "/folder-yang-tidak-ada/uji.xml"},
     "/folder-yang-tidak-ada/uji.xml tidak bisa ditulis (No such file or directory); pilih berkas di folder yang ada"),
])
def test_invoke_alert_test_says_what_to_fix(monkeypatch, tmp_path, capsys, arguments, message):
    monkeypatch.delenv("WARTA_LANG", raising=False)
    with pytest.raises(Exit) as stopped:
        _alert_test(monkeypatch, capsys, **arguments)
    assert stopped.value.message == message and stopped.value.code == 1
