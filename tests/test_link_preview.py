"""Link-preview tags and JSON-LD: pure builders, fixture builds, and extruct reading every
bulletin page of the sample site over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

import extruct
import pytest
from bs4 import BeautifulSoup
from bulletin_facts import OG, SITEURL, at, facts
from warta.core.settings import SettingsError
from conftest import PELICANCONF, ROOT, bulletin_text
from warta.link_preview.builders import json_ld, open_graph, script_json
from warta.core.facts import claim_of, shorten
from warta.link_preview.settings import COVID_CATEGORY, Config, config_from
from static_host import served_sample

CONFIG = Config(locale="id_ID", twitter_site=None, logo=None, covid_topics=frozenset({"covid-19"}))
OG_REQUIRED = {
    "og:type", "og:site_name", "og:locale", "og:url", "og:title", "og:description", "og:image",
    "og:image:type", "og:image:width", "og:image:height", "og:image:alt",
    "article:published_time", "article:modified_time",
}  # fmt: skip


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def strict_json_ld(page: BeautifulSoup) -> list[dict]:
    """Each JSON-LD script parsed by the strict standard parser (extruct falls back to a
    lenient one, so it alone would not catch invalid JSON)."""
    scripts = page.find_all("script", type="application/ld+json")
    return [json.loads(s.string, parse_constant=lambda c: pytest.fail(f"not JSON: {c}")) for s in scripts]


# Tier 1: pure builders


def test_open_graph_tags_come_in_a_fixed_order_with_an_absolute_image():
    tags = open_graph(facts(expires=at("2020-06-30 16:00")), CONFIG)
    keys = [k for k, _ in tags]
    assert keys[:6] == ["og:type", "og:site_name", "og:locale", "og:url", "og:title", "og:description"]
    values = dict(tags)
    assert values["og:type"] == "article" and values["og:locale"] == "id_ID"
    assert values["og:image"] == OG.url and values["og:image"].startswith("http://")
    image = (values["og:image:width"], values["og:image:height"], values["og:image:type"])
    assert image == ("1200", "630", "image/png")
    assert values["article:published_time"] == "2020-06-02T10:00:00+07:00"
    assert values["article:modified_time"] == "2020-06-02T10:00:00+07:00"
    assert values["article:expiration_time"] == "2020-06-30T16:00:00+07:00"
    assert values["twitter:card"] == "summary_large_image"
    assert values["twitter:image"] == OG.url and values["twitter:image:alt"] == OG.alt
    assert keys.index("twitter:card") > keys.index("article:published_time")


def test_open_graph_without_expiry_or_image():
    values = dict(open_graph(facts(image=None, share_images=(), modified=at("2020-06-03 14:30")), CONFIG))
    assert "article:expiration_time" not in values and "og:image" not in values
    assert values["twitter:card"] == "summary"
    assert values["article:modified_time"] == "2020-06-03T14:30:00+07:00"


def test_image_alt_is_at_most_420_characters():
    long_alt = "Poster jadwal " * 60
    image = OG.__class__(**{**OG.__dict__, "alt": long_alt})
    values = dict(open_graph(facts(image=image), CONFIG))
    assert len(values["twitter:image:alt"]) <= 420 and values["twitter:image:alt"].endswith("…")
    assert values["og:image:alt"] == values["twitter:image:alt"]


def test_twitter_site_comes_from_the_setting():
    config = Config("id_ID", "@diskominfokrw", None, frozenset())
    assert ("twitter:site", "@diskominfokrw") in open_graph(facts(), config)


def test_news_article_for_every_bulletin():
    objects = json_ld(facts(kind="Berita", title="K" * 120, author="Dinas Kesehatan"), CONFIG)
    assert [o["@type"] for o in objects] == ["NewsArticle"]
    article = objects[0]
    assert article["@context"] == "https://schema.org"
    assert len(article["headline"]) <= 110
    assert article["inLanguage"] == "id" and article["isAccessibleForFree"] is True
    assert article["mainEntityOfPage"]["@id"] == article["url"] == f"{SITEURL}/2020/06/jadwal-posyandu/"
    assert article["author"] == {"@type": "Organization", "name": "Dinas Kesehatan"}
    assert article["publisher"] == {"@type": "Organization", "name": "Diskominfo Kabupaten Karawang",
                                    "url": f"{SITEURL}/"}  # fmt: skip
    assert article["image"] == [{"@type": "ImageObject", "url": OG.url, "width": 1200, "height": 630}]
    assert article["datePublished"] == article["dateModified"] == "2020-06-02T10:00:00+07:00"


def test_special_announcement_for_announcements_with_expiry_and_places():
    objects = json_ld(facts(expires=at("2020-06-30 16:00"), topics=("COVID-19", "Vaksinasi")), CONFIG)
    assert [o["@type"] for o in objects] == ["NewsArticle", "SpecialAnnouncement"]
    notice = objects[1]
    assert notice["expires"] == "2020-06-30T16:00:00+07:00" == objects[0]["expires"]
    assert notice["datePosted"] == "2020-06-02T10:00:00+07:00"
    assert notice["category"] == COVID_CATEGORY
    assert notice["spatialCoverage"] == [{
        "@type": "AdministrativeArea", "name": "Kecamatan Klari", "identifier": "32.15.05",
        "containedInPlace": {"@type": "AdministrativeArea", "name": "Kabupaten Karawang", "identifier": "32.15"},
    }]  # fmt: skip


def test_special_announcement_category_only_for_covid_topics_and_whole_regency():
    notice = json_ld(facts(whole_regency=True, places=()), CONFIG)[1]
    assert "category" not in notice and "expires" not in notice
    assert notice["spatialCoverage"] == [{"@type": "AdministrativeArea", "name": "Kabupaten Karawang",
                                          "identifier": "32.15"}]  # fmt: skip


def test_claim_review_for_hoax_rebuttals():
    rebuttal = facts(kind="Klarifikasi Hoaks", hoax=True, title="[HOAKS] Vaksin Berisi Cip",
                     claim="Vaksin COVID-19 berisi cip mikro.")  # fmt: skip
    objects = json_ld(rebuttal, CONFIG)
    assert [o["@type"] for o in objects] == ["NewsArticle", "ClaimReview"]
    review = objects[1]
    assert review["claimReviewed"] == "Vaksin COVID-19 berisi cip mikro."
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                      "alternateName": "Salah"}  # fmt: skip
    assert review["author"]["@type"] == "Organization" and review["url"] == rebuttal.url
    assert review["datePublished"] == "2020-06-02T10:00:00+07:00"


@pytest.mark.parametrize(("html", "claim"), [
    ("<h2>Beredar</h2><p>Beredar pesan berikut:</p><blockquote><p>\"Karawang DITUTUP!\"</p></blockquote>"
     "<h2>Faktanya</h2><p>Tidak benar.</p>", "Karawang DITUTUP!"),
    ("<h2>Beredar</h2><p>Beredar klaim vaksin berisi <strong>cip</strong>.</p><p>Lagi.</p><h2>Faktanya</h2>",
     "Beredar klaim vaksin berisi cip ."),
    ("<h2>Faktanya</h2><p>Tidak benar.</p>", ""),
])  # fmt: skip
def test_claim_comes_from_the_beredar_section(html, claim):
    assert claim_of(html) == claim


def test_script_json_is_strict_json_that_cannot_close_its_script():
    data = {"headline": "</script><script>alert(1)</script> <!-- & \u2028 \"kutip\"", "n": 1}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


def test_script_json_refuses_nan():
    with pytest.raises(ValueError):
        script_json({"x": float("nan")})


def test_shorten_cuts_at_a_word():
    assert shorten("satu dua tiga empat", 12) == "satu dua…"
    assert shorten("pendek", 12) == "pendek"


@pytest.mark.parametrize(("key", "value"), [
    ("LINK_PREVIEW_LOCALE", "indonesia"),
    ("LINK_PREVIEW_TWITTER_SITE", "diskominfo"),
    ("LINK_PREVIEW_LOGO", "images/tidak-ada.png"),
    ("LINK_PREVIEW_COVID_TOPICS", "COVID-19"),
])  # fmt: skip
def test_bad_settings_name_key_and_value(tmp_path, key, value):
    settings = {"PATH": str(tmp_path), "SITEURL": SITEURL, key: value}
    with pytest.raises(SettingsError, match=f"{key} = {value!r}"):
        config_from(settings)


# Tier 2: fixture builds


def test_bulletin_page_head_has_tags_json_ld_and_one_canonical(site):
    title = 'Jadwal </script><!-- "Posyandu" & Balita'
    site.add("a.md", bulletin_text(title=title, slug="jadwal-posyandu-bulan-juni", expires="2020-06-30 16:00",
                                   topics="COVID-19"))  # fmt: skip
    site.build()
    page = soup(site.read("2020/06/jadwal-posyandu-bulan-juni/index.html"))
    assert len(page.find_all("link", rel="canonical")) == 1
    props = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert props["og:title"] == title and props["article:expiration_time"] == "2020-06-30T16:00:00+07:00"
    objects = strict_json_ld(page)
    assert [o["@type"] for o in objects] == ["NewsArticle", "SpecialAnnouncement"]
    assert objects[0]["headline"] == title and objects[1]["category"] == COVID_CATEGORY
    raw = "".join(s.string for s in page.find_all("script", type="application/ld+json"))
    assert "</script" not in raw and "<!--" not in raw


def test_without_share_images_the_bulletins_own_image_is_the_preview(site):
    site.add("a.md", bulletin_text(type="Infografis", image="images/poster.png", image_alt="Poster posyandu",
                                   transcript="Posyandu buka setiap Selasa."))  # fmt: skip
    # Pelican's signals outlive a build, so a build without the share-images plugin needs a
    # fresh interpreter.
    script = (
        "import sys, warta; from conftest import FixtureSite; from pathlib import Path; "
        "s = FixtureSite(Path(sys.argv[1])); "
        "s.build(PLUGINS=[f'warta.{p}' for p in warta.CAPABILITIES if p != 'share_images'])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    subprocess.run([sys.executable, "-c", script, str(site.root)], check=True, env=env, cwd=ROOT,
                   capture_output=True, timeout=120)  # fmt: skip
    page = soup(site.read("2020/06/jadwal-posyandu-bulan-juni/index.html"))
    props = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert props["og:image"] == "http://localhost:8000/images/poster.png"
    assert (props["og:image:width"], props["og:image:height"], props["og:image:type"]) == ("64", "48", "image/png")
    assert props["og:image:alt"] == "Poster posyandu"
    assert not list(site.output.rglob("bagikan-*"))


# Tier 3: the sample site over HTTP, read by extruct


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("preview") / "output") as host:
        yield host


def bulletin_urls(host) -> list[str]:
    return [f"{host.origin}/{p.parent.relative_to(host.folder).as_posix()}/"
            for p in sorted(host.folder.glob("20*/*/*/index.html"))]  # fmt: skip


def test_extruct_reads_complete_open_graph_and_strict_json_ld_from_every_bulletin(served):
    with_share_images = PELICANCONF["PLUGINS"] == ["warta"]  # every capability, share images included
    urls = bulletin_urls(served)
    assert len(urls) >= 20
    for url in urls:
        html = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        data = extruct.extract(html, base_url=url, syntaxes=["opengraph", "json-ld"])
        (graph,) = data["opengraph"]
        og = dict(reversed(graph["properties"]))  # the first value of each property
        required = OG_REQUIRED if with_share_images or "og:image" in og else OG_REQUIRED - {
            k for k in OG_REQUIRED if k.startswith("og:image")}  # fmt: skip
        assert required <= set(og), (url, required - set(og))
        assert og["og:url"] == url and og["og:type"] == "article" and og["og:locale"] == "id_ID"
        assert og.get("og:image", "http").startswith(served.origin)
        page = soup(html)
        assert strict_json_ld(page) == data["json-ld"], url
        types = [o["@type"] for o in data["json-ld"]]
        assert types[0] == "NewsArticle", url
        kind = og["article:section"]
        assert ("SpecialAnnouncement" in types) == (kind == "Pengumuman"), url
        assert ("ClaimReview" in types) == (kind == "Klarifikasi Hoaks"), url
        twitter = {m["name"]: m["content"] for m in page.find_all("meta", attrs={"name": True})}
        assert twitter["twitter:card"] == ("summary_large_image" if "og:image" in og else "summary")
        assert len(twitter.get("twitter:image:alt", "")) <= 420


def test_expiring_sample_bulletins_carry_their_expiry_everywhere(served):
    for url in bulletin_urls(served):
        page = soup(urllib.request.urlopen(url, timeout=10).read().decode("utf-8"))
        props = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
        objects = strict_json_ld(page)
        if "article:expiration_time" in props:
            assert objects[0]["expires"] == props["article:expiration_time"], url
            for notice in objects[1:]:
                if notice["@type"] == "SpecialAnnouncement":
                    assert notice["expires"] == props["article:expiration_time"], url
        else:
            assert all("expires" not in o for o in objects), url


def test_sample_settings_are_valid():
    import pelicanconf

    config_from({**{k: getattr(pelicanconf, k) for k in dir(pelicanconf) if k.isupper()},
                 "PATH": str(ROOT / "content")})  # fmt: skip
