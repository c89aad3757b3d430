"""Tier 1: the pure feed builders and settings, fed items made here (no Pelican)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import jsonschema
import pytest
from warta.core.settings import SettingsError
from lxml import etree
from warta.syndication.model import FeedItem, ItemImage, clean, item_id
from warta.syndication.settings import config_from
from warta.syndication.writers import FeedMeta, atom_feed, json_bytes, json_feed, opml, OpmlFeed, rss_feed

WIB = ZoneInfo("Asia/Jakarta")
SCHEMA = json.loads((Path(__file__).parent / "jsonfeed_1_1.schema.json").read_text(encoding="utf-8"))
ATOM = "{http://www.w3.org/2005/Atom}"


def item(title="Jadwal Posyandu", code="KRW-200602-01", day=2, **fields) -> FeedItem:
    published = datetime(2020, 6, day, 10, 0, tzinfo=WIB)
    values = dict(
        id=item_id("warta.example.go.id", published, code, "Asia/Jakarta"), url=f"https://warta.example.go.id/2020/06/{code.lower()}/",
        title=title, summary="Ringkasan singkat.", content_html="<p>Isi <a href=\"https://warta.example.go.id/\">tautan</a></p>",
        published=published, modified=published + timedelta(hours=5), tags=("Kesehatan", "COVID-19"),
        author="Diskominfo Kabupaten Karawang", language="id", image=None, code=code, type="Pengumuman",
        urgency="biasa", kecamatan=("32.15.05",), whole_regency=False, expires=None, expired=False,
        status="published",
    )  # fmt: skip
    values.update(fields)
    return FeedItem(**values)


def meta(hub=None, **fields) -> FeedMeta:
    values = dict(title="Warta Karawang: Semua buletin", description="Semua buletin resmi.",
                  home_page_url="https://warta.example.go.id/", feed_url="https://warta.example.go.id/feeds/semua.atom.xml",
                  mime="application/atom+xml", language="id", author="Diskominfo Kabupaten Karawang",
                  author_url="https://warta.example.go.id/", updated=datetime(2020, 6, 2, 15, 0, tzinfo=WIB), hub=hub,
                  about_url="https://warta.example.go.id/feeds/#ekstensi-warta")  # fmt: skip
    values.update(fields)
    return FeedMeta(**values)


BAD_TITLES = [
    "x" * 300,
    "<b>Awas</b> banjir & <script>alert(1)</script>",
    "Penutup CDATA ]]> di tengah judul",
    "Teks </script> di judul",
    "Peringatan 🚨🌊 banjir bandang",
    "مرحبا بكم في كاراوانغ — pengumuman dalam aksara Arab",
    "Kendali\x00\x01\x07\x0b\x0c\x1b\x7f\x85 di judul\ud800",
    "Sanggup:  spasi   ganda & kutip \"ganda\" 'tunggal'",
]


def expected_title(title: str) -> str:
    return clean(title)


@pytest.mark.parametrize("title", BAD_TITLES)
def test_bad_titles_give_parseable_feeds_in_every_format(title):
    items = [item(title=title, content_html=f"<p>{title}</p><p>]]&gt; &lt;/script&gt; ☔</p>", summary=title)]
    want = expected_title(title)
    for render in (atom_feed, rss_feed):
        data = render(items, meta())
        etree.fromstring(data)  # well-formed XML, or this raises
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries[0].title == want
        assert etree.fromstring(data).findtext(".//{*}item/title" if render is rss_feed else f"{ATOM}entry/{ATOM}title") == want
    document = json.loads(json_bytes(items, meta()).decode("utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert document["items"][0]["title"] == want


def test_clean_drops_only_characters_xml_cannot_carry():
    assert clean("a\x00b\x07c\x1bd\x7fe\x85f\ufffeg\ud800h") == "abcdefgh"
    assert clean("tab\tnew\nline\r مرحبا 🚨 é") == "tab\tnew\nline\r مرحبا 🚨 é"


def test_item_id_is_a_tag_uri_from_date_and_code_only():
    late = datetime(2020, 6, 2, 23, 30, tzinfo=WIB)  # 16:30 UTC: the day is the WIB day
    assert item_id("warta.example.go.id", late, "KRW-200602-01", "Asia/Jakarta") == "tag:warta.example.go.id,2020-06-02:KRW-200602-01"
    assert item(title="Judul lama").id == item(title="Judul baru", content_html="<p>lain</p>").id


def test_json_feed_structure_hubs_and_extension():
    image = ItemImage("https://warta.example.go.id/images/p.png", "image/png", 1234, "Poster")
    items = [item(code="KRW-200603-01", day=3, image=image, urgency="darurat", whole_regency=True,
                  kecamatan=("32.15.01", "32.15.02"), expires=datetime(2020, 6, 9, 16, 0, tzinfo=WIB)),
             item()]  # fmt: skip
    document = json_feed(items, meta(hub="https://hub.example.org/"))
    jsonschema.validate(document, SCHEMA)
    assert list(document)[:3] == ["version", "title", "home_page_url"]
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["hubs"] == [{"type": "WebSub", "url": "https://hub.example.org/"}]
    first = document["items"][0]
    assert first["image"] == image.url
    assert first["attachments"] == [{"url": image.url, "mime_type": "image/png", "title": "Poster", "size_in_bytes": 1234}]
    assert first["date_published"] == "2020-06-03T10:00:00+07:00" and first["date_modified"] == "2020-06-03T15:00:00+07:00"
    assert first["_warta"] == {"about": "https://warta.example.go.id/feeds/#ekstensi-warta", "code": "KRW-200603-01",
                               "type": "Pengumuman", "urgency": "darurat", "kecamatan": ["32.15.01", "32.15.02"],
                               "whole_regency": True, "expires": "2020-06-09T16:00:00+07:00", "expired": False,
                               "status": "published"}  # fmt: skip
    assert "hubs" not in json_feed(items, meta())
    assert json_bytes(items, meta()) == json_bytes(items, meta())
    assert json_bytes(items, meta()).endswith(b"}\n")


def test_hub_and_self_links_in_atom_and_rss():
    hub = "https://hub.example.org/"
    atom = etree.fromstring(atom_feed([item()], meta(hub=hub)))
    assert [(l.get("rel"), l.get("href")) for l in atom.findall(f"{ATOM}link")] == [
        ("self", "https://warta.example.go.id/feeds/semua.atom.xml"), ("hub", hub), ("alternate", "https://warta.example.go.id/")]
    rss = etree.fromstring(rss_feed([item()], meta(hub=hub, feed_url="https://warta.example.go.id/feeds/semua.rss.xml",
                                                   mime="application/rss+xml")))  # fmt: skip
    links = rss.findall(f"channel/{ATOM}link")
    assert [(l.get("rel"), l.get("href")) for l in links] == [
        ("self", "https://warta.example.go.id/feeds/semua.rss.xml"), ("hub", hub)]
    assert rss.findtext("channel/link") == "https://warta.example.go.id/"
    parsed = feedparser.parse(etree.tostring(rss))
    assert {"hub", "self"} <= {l.rel for l in parsed.feed.links}
    no_hub = etree.fromstring(rss_feed([item()], meta()))
    assert [l.get("rel") for l in no_hub.findall(f"channel/{ATOM}link")] == ["self"]


def test_dates_come_from_meta_not_the_clock():
    first = rss_feed([item()], meta())
    assert b"<lastBuildDate>Tue, 02 Jun 2020 15:00:00 +0700</lastBuildDate>" in first
    assert b"<generator>Warta</generator>" in first and b"feedgen" not in first
    assert atom_feed([item()], meta()) == atom_feed([item()], meta())
    assert b"<updated>2020-06-02T15:00:00+07:00</updated>" in atom_feed([item()], meta())


def test_atom_entry_links_keep_rel_type_and_length():
    image = ItemImage("https://warta.example.go.id/images/p.png", "image/png", 1234, "Poster")
    entry = etree.fromstring(atom_feed([item(image=image)], meta())).find(f"{ATOM}entry")
    assert [dict(link.attrib) for link in entry.findall(f"{ATOM}link")] == [
        {"rel": "alternate", "type": "text/html", "href": "https://warta.example.go.id/2020/06/krw-200602-01/"},
        {"rel": "enclosure", "type": "image/png", "length": "1234", "href": image.url}]  # fmt: skip


def test_opml_outlines():
    data = opml("Semua umpan", "Diskominfo", datetime(2020, 6, 2, 10, 0, tzinfo=WIB),
                [("Atom", [("Semua buletin", [OpmlFeed("Semua (Atom)", "https://w.example/feeds/semua.atom.xml", "https://w.example/")]),
                           ("Kosong", [])])], "id")  # fmt: skip
    root = etree.fromstring(data)
    assert root.get("version") == "2.0"
    assert root.findtext("head/dateModified") == "Tue, 02 Jun 2020 10:00:00 +0700"
    feed = root.find("body/outline/outline/outline")
    assert dict(feed.attrib) == {"type": "rss", "text": "Semua (Atom)", "title": "Semua (Atom)",
                                 "xmlUrl": "https://w.example/feeds/semua.atom.xml", "htmlUrl": "https://w.example/",
                                 "language": "id"}  # fmt: skip
    assert [o.get("text") for o in root.findall("body/outline/outline")] == ["Semua buletin"]  # empty kinds dropped


BASE = {"SITEURL": "http://localhost:8000", "SITENAME": "Warta", "AUTHOR": "Diskominfo"}


@pytest.mark.parametrize(("key", "value", "hint"), [
    ("SYNDICATION_MAX_ITEMS", 0, "whole number of at least 1"),
    ("SYNDICATION_MAX_ITEMS", "50", "whole number of at least 1"),
    ("SYNDICATION_DIR", "/feeds/", "relative folder"),
    ("WEBSUB_HUB", "hub.example.org", "hub's http(s) URL"),
    ("SYNDICATION_TAG_AUTHORITY", "not a domain", "domain name"),
    ("SYNDICATION_WEBSUB_TIMEOUT", 0, "seconds between 0 and 120"),
    ("SYNDICATION_EXTRA_FEEDS", (("Peringatan", "feeds/alerts.txt"),), "pairs of (title"),
    ("SITEURL", "", "absolute links"),
    ("SITEURL", "http://127.0.0.1:8000", "SITEURL's host '127.0.0.1' is not a domain name"),
])  # fmt: skip
def test_bad_settings_name_key_value_and_fix(key, value, hint):
    with pytest.raises(SettingsError) as error:
        config_from({**BASE, key: value})
    shown = None if key == "SITEURL" and value else value  # an IP SITEURL is reported on the authority
    named = "SYNDICATION_TAG_AUTHORITY" if key == "SITEURL" and value else key
    assert str(error.value).startswith(f"setting {named} = {shown!r} is not allowed; ")
    assert hint in str(error.value)


def test_default_settings():
    config = config_from(BASE)
    assert (config.max_items, config.directory, config.tag_authority, config.hub) == (50, "feeds", "localhost", None)
    assert config_from({**BASE, "SITEURL": "https://warta.karawangkab.go.id/"}).tag_authority == "warta.karawangkab.go.id"
