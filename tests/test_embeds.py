"""Embed cards, static oEmbed and the framing headers: pure builders, fixture builds, and a
real oEmbed consumer (oEmbedPy) discovering and fetching every bulletin's oEmbed over HTTP."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from bulletin_facts import OG, SITEURL, at, facts
from warta.core.settings import SettingsError
from conftest import bulletin_text
from warta.core.headers import HeaderRules
from warta.embeds.builders import card, discovery_href, estimate_height, oembed
from warta.embeds.hosts import framing_rules, netlify_headers, nginx_conf
from warta.embeds.settings import Config, config_from
from oembedpy import consumer, discovery, types
from static_host import NginxHost, frame_ancestors, headers_for, parse_headers_file, served_sample

CONFIG = Config(siteurl=SITEURL, site_name="Warta Karawang", width=550, cache_age=3600,
                headers_file="_headers", nginx_file="nginx-headers.conf",
                article_url="{date:%Y}/{date:%m}/{slug}/")  # fmt: skip
CARD_BUDGET = 15 * 1024
PAGE = "2020/06/jadwal-posyandu-bulan-juni/"


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


# Tier 1: pure builders


def test_oembed_has_every_field_of_a_rich_response():
    data = oembed(facts(), CONFIG, "<iframe></iframe>", 300)
    assert list(data) == ["version", "type", "title", "provider_name", "provider_url", "author_name",
                          "author_url", "html", "width", "height", "thumbnail_url", "thumbnail_width",
                          "thumbnail_height", "cache_age"]  # fmt: skip
    assert (data["version"], data["type"], data["html"]) == ("1.0", "rich", "<iframe></iframe>")
    for key in ("width", "height", "thumbnail_width", "thumbnail_height", "cache_age"):
        assert type(data[key]) is int, key
    assert data["thumbnail_url"] == OG.url and data["provider_url"] == f"{SITEURL}/"


def test_oembed_without_image_has_no_thumbnail():
    data = oembed(facts(image=None), CONFIG, "<iframe></iframe>", 300)
    assert not any(key.startswith("thumbnail") for key in data)


def test_discovery_href_is_absolute_and_names_the_page():
    href = discovery_href(facts())
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{SITEURL}/2020/06/jadwal-posyandu/oembed.json"
    assert parse_qs(parts.query) == {"url": [f"{SITEURL}/2020/06/jadwal-posyandu/"], "format": ["json"]}


@pytest.mark.parametrize(("fields", "badges", "tone", "status"), [
    ({}, ["Pengumuman"], "biasa", ""),
    ({"urgency": "darurat"}, ["Pengumuman", "Darurat"], "darurat", ""),
    ({"urgency": "darurat", "expired": True, "expires": at("2020-06-05 10:00")},
     ["Pengumuman", "Tidak berlaku lagi"], "biasa", "Tidak berlaku lagi sejak Jumat, 5 Juni 2020 · 10.00 WIB"),
    ({"expires": at("2020-06-30 16:00")}, ["Pengumuman"], "biasa", "Berlaku sampai Selasa, 30 Juni 2020 · 16.00 WIB"),
    ({"withdrawn": True, "urgency": "penting"}, ["Pengumuman", "Dicabut"], "dicabut",
     "DICABUT · Buletin ini sudah dicabut dan tidak berlaku."),
    ({"hoax": True, "kind": "Klarifikasi Hoaks"}, ["Klarifikasi Hoaks"], "hoaks",
     "Klarifikasi resmi: kabar yang beredar tidak benar."),
])  # fmt: skip
def test_card_shows_type_urgency_and_validity(fields, badges, tone, status):
    data = card(facts(**fields), CONFIG)
    assert [b.text for b in data.badges] == badges
    assert (data.tone, data.status) == (tone, status)
    assert data.card_url == f"{SITEURL}/2020/06/jadwal-posyandu/embed/"


def test_height_estimate_grows_with_the_text_and_shrinks_with_width():
    short = card(facts(), CONFIG)
    long = card(facts(title="Judul " * 18, summary="Ringkasan panjang. " * 15), CONFIG)
    assert estimate_height(long, 550) > estimate_height(short, 550)
    assert estimate_height(long, 320) > estimate_height(long, 550)
    assert estimate_height(card(facts(image=None), CONFIG), 550) < estimate_height(short, 550)


def test_header_files_allow_framing_of_cards_only():
    parsed = parse_headers_file(netlify_headers(framing_rules("{date:%Y}/{date:%m}/{slug}/"), HeaderRules()))
    for mode in ("netlify", "cloudflare"):
        for path in (f"/{PAGE}", "/", "/feeds/index.html"):
            sent = headers_for(parsed, path, mode)
            assert sent["x-frame-options"] == "DENY" and frame_ancestors(sent) == [], (mode, path)
        card_headers = headers_for(parsed, f"/{PAGE}embed/", mode)
        assert frame_ancestors(card_headers) == ["*"], mode
        assert headers_for(parsed, f"/{PAGE}oembed.json", mode)["access-control-allow-origin"] == "*"
    assert "x-frame-options" not in headers_for(parsed, f"/{PAGE}embed/index.html", "cloudflare")


def test_nginx_snippet_sets_the_card_policy_by_path_without_location_headers():
    conf = nginx_conf(framing_rules("{date:%Y}/{date:%m}/{slug}/"), HeaderRules())
    assert "frame-ancestors 'none'\";\n" in conf.split("\nif", 1)[0]
    card = conf.split('if ($uri ~ "^/[^/]+/[^/]+/[^/]+/embed/") {\n', 1)[1].split("}", 1)[0]
    assert "frame-ancestors *\";" in card and 'set $warta_x_frame_options "";' in card
    for line in conf.splitlines():
        assert not (line.startswith("location") and "add_header" in line), line
    assert conf.count("{") == conf.count("}")


@pytest.mark.parametrize(("key", "value"), [
    ("EMBEDS_WIDTH", 50), ("EMBEDS_WIDTH", "550"), ("EMBEDS_CACHE_AGE", -1),
    ("EMBEDS_HEADERS_FILE", "../_headers"), ("EMBEDS_NGINX_FILE", ""), ("ARTICLE_URL", "{slug}.html"),
])  # fmt: skip
def test_bad_settings_name_key_and_value(key, value):
    settings = {"SITEURL": SITEURL, "ARTICLE_URL": "{slug}/", "ARTICLE_SAVE_AS": "{slug}/index.html", key: value}
    with pytest.raises(SettingsError, match=f"{key} = {value!r}"):
        config_from(settings)


# Tier 2: fixture builds


@pytest.fixture
def built(site):
    site.add("a.md", bulletin_text(title='Posyandu "Balita" & <Lansia>', slug="jadwal-posyandu-bulan-juni",
                                   urgency="darurat", expires="2021-12-31 16:00"))  # fmt: skip
    site.add("b.md", bulletin_text(title="Jadwal Pasar Murah", date="2020-07-01 08:00", status="withdrawn",
                                   withdrawn_reason="Lokasi dipindah.", code="KRW-200701-01"))  # fmt: skip
    site.build()
    return site


def test_card_page_is_self_contained_small_and_complete(built):
    path = built.output / PAGE / "embed" / "index.html"
    assert path.stat().st_size <= CARD_BUDGET
    page = soup(path.read_text(encoding="utf-8"))
    canonical = f"http://localhost:8000/{PAGE}"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical")["href"] == canonical
    assert not page.find("link", rel="stylesheet") and page.find("style")
    assert [s["src"] for s in page.find_all("script")] == ["http://localhost:8000/theme/js/kartu-tinggi.js"]
    assert all(s.has_attr("defer") and not s.string for s in page.find_all("script"))
    card_el = page.select_one("article.kartu")
    assert "darurat" in card_el["class"]
    assert [b.text for b in card_el.select(".lencana")] == ["Pengumuman", "Darurat"]
    assert card_el.h1.text == 'Posyandu "Balita" & <Lansia>'
    assert card_el.find("time")["datetime"] == "2020-06-02T10:00:00+07:00"
    assert card_el.select_one(".isi p").text == "Posyandu buka setiap Selasa."
    assert card_el.select_one(".isi img")["alt"] == ""
    assert card_el.select_one(".kode").text == "KRW-200602-01"
    link = card_el.find("a", string="Baca di situs resmi")
    assert (link["href"], link["target"], link["rel"]) == (canonical, "_blank", ["noopener"])
    assert "Berlaku sampai" in card_el.select_one(".status").text


def test_withdrawn_bulletin_card_says_so(built):
    page = soup(built.read("2020/07/jadwal-pasar-murah/embed/index.html"))
    assert "DICABUT" in page.select_one(".status").text


def test_oembed_file_and_discovery_link(built):
    data = json.loads(built.read(f"{PAGE}oembed.json"))
    page = soup(built.read(f"{PAGE}index.html"))
    link = page.find("link", type="application/json+oembed")
    assert link["rel"] == ["alternate"] and link["href"].startswith(f"http://localhost:8000/{PAGE}oembed.json?url=")
    frame = soup(data["html"]).iframe
    assert frame["src"] == f"http://localhost:8000/{PAGE}embed/"
    assert (frame["width"], frame["height"]) == (str(data["width"]), str(data["height"]))
    assert frame["title"].endswith('Posyandu "Balita" & <Lansia>')
    assert soup(data["html"]).script["src"] == "http://localhost:8000/theme/js/sematkan.js"


def test_header_files_are_written_to_the_output(built):
    assert "frame-ancestors *" in built.read("_headers")
    assert "location ~" in built.read("nginx-headers.conf")


def test_header_files_can_be_turned_off(site):
    site.add("a.md", bulletin_text())
    site.build(EMBEDS_HEADERS_FILE=None, EMBEDS_NGINX_FILE=None)
    assert not (site.output / "_headers").exists() and not (site.output / "nginx-headers.conf").exists()


def test_blockquote_snippet_is_a_readable_card_with_the_link(built):
    page = soup(built.read(f"{PAGE}index.html"))
    snippet = page.find("textarea", id="sematan-kutipan").text
    quote = soup(snippet).blockquote
    canonical = f"http://localhost:8000/{PAGE}"
    assert quote["cite"] == canonical
    assert quote.find("a", string='Posyandu "Balita" & <Lansia>')["href"] == canonical
    assert quote.find("a", string="Baca di situs resmi")["href"] == canonical
    assert "KRW-200602-01" in quote.text and "Posyandu buka setiap Selasa." in quote.text
    assert not soup(snippet).find("script")


def test_embeds_are_byte_identical_across_builds(built, tmp_path):
    again = built.build(tmp_path / "again")
    for name in (f"{PAGE}embed/index.html", f"{PAGE}oembed.json", "_headers", "nginx-headers.conf"):
        assert (again / name).read_bytes() == (built.output / name).read_bytes(), name



def test_nginx_with_the_snippet_lets_only_cards_be_framed(built, tmp_path):
    """Real nginx serving the build with `include nginx-headers.conf;`."""
    with NginxHost(built.output, tmp_path / "nginx") as host:
        page = urllib.request.urlopen(f"{host.origin}/{PAGE}", timeout=5).headers
        assert page["X-Frame-Options"] == "DENY" and frame_ancestors(page) == ["'none'"]
        card_page = urllib.request.urlopen(f"{host.origin}/{PAGE}embed/", timeout=5).headers
        assert card_page["X-Frame-Options"] is None
        assert len(card_page.get_all("Content-Security-Policy")) == 1 and frame_ancestors(card_page) == ["*"]
        oembed_file = urllib.request.urlopen(f"{host.origin}/{PAGE}oembed.json", timeout=5).headers
        assert oembed_file["Access-Control-Allow-Origin"] == "*"
        assert oembed_file["Content-Type"] == "application/json; charset=utf-8"


# Tier 3: a real oEmbed consumer against the sample site over HTTP


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("embeds") / "output") as host:
        yield host


def test_oembed_consumer_discovers_and_fetches_every_bulletin(served):
    pages = sorted(served.folder.glob("20*/*/*/index.html"))
    assert len(pages) >= 20
    for path in pages:
        url = f"{served.origin}/{path.parent.relative_to(served.folder).as_posix()}/"
        api_url, params = discovery.find_from_content(url)
        assert api_url == f"{url}oembed.json" and params.url == url and params.format == "json"
        content = consumer.fetch_content(api_url, params)
        assert isinstance(content, types.Rich), url
        assert content.version == "1.0" and content.type == "rich"
        for field in ("width", "height", "thumbnail_width", "thumbnail_height"):
            assert type(getattr(content, field)) is int, (url, field)
        assert content.title and content.provider_name == "Warta Karawang"
        assert content.provider_url == f"{served.origin}/" and content.author_name
        assert content.thumbnail_url.startswith(served.origin)
        frame = soup(content.html).iframe
        assert frame["src"] == f"{url}embed/" and frame["title"]
        card_page = urllib.request.urlopen(frame["src"], timeout=10)
        assert frame_ancestors(card_page.headers) == ["*"]
        assert card_page.headers["X-Frame-Options"] is None
        assert len(card_page.read()) <= CARD_BUDGET
        page = urllib.request.urlopen(url, timeout=10)
        assert page.headers["X-Frame-Options"] == "DENY"
