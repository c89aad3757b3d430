"""The re-post kit: golden WhatsApp texts, the text rules, share links and the kit on the page."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from bulletin_facts import at, facts
from warta.core.settings import SettingsError
from conftest import bulletin_text
from warta.repost_kit.links import share_links
from warta.repost_kit.settings import config_from
from warta.core.texts import escape_whatsapp, telegram_text, whatsapp_text, wrap_lines

GOLDEN = Path(__file__).parent / "golden_texts"
# Set WARTA_UPDATE_GOLDEN_TEXTS=1 to rewrite the files after an intended change; review the diff.
UPDATE = bool(os.environ.get("WARTA_UPDATE_GOLDEN_TEXTS"))
LONG_SUMMARY = (
    "Vaksinasi COVID-19 tahap kedua untuk warga lanjut usia di Kecamatan Telagasari berlangsung "
    "8 sampai 12 Maret 2021 di Puskesmas Telagasari dan empat pos desa. Bawa KTP-el, kartu keluarga "
    "dan surat keterangan sehat; datang sesuai jadwal desa masing-masing agar tidak berkerumun."
)
CASES = {
    "berita": facts(kind="Berita", title="Diskominfo Kumpulkan Admin Grup dan Pemengaruh",
                    summary="Admin grup WhatsApp dan Facebook diajak meneruskan informasi resmi."),
    "pengumuman": facts(expires=at("2020-06-30 16:00")),
    "darurat": facts(kind="Berita", urgency="darurat", title="Banjir Citarum, Warga Bantaran Diminta Mengungsi",
                     summary="Warga bantaran Citarum di Rengasdengklok diminta segera mengungsi ke posko terdekat."),
    "hoaks": facts(kind="Klarifikasi Hoaks", hoax=True, title='[HOAKS] Pesan "Karawang Ditutup Total" Tidak Benar',
                   summary="Tidak ada kebijakan penutupan wilayah Karawang."),
    "dicabut": facts(withdrawn=True, urgency="penting", expires=at("2020-06-30 16:00"),
                     withdrawn_reason="Jadwal dibatalkan karena vaksin tertunda; lihat jadwal pengganti."),
    "kedaluwarsa": facts(expired=True, expires=at("2020-06-05 16:00")),
    "lambang": facts(kind="Berita", title="*Penting* _Baca_ ~Coret~ `Kode` ```Blok```",
                     summary="Tanda *bintang*, _garis bawah_, ~tilde~ dan `backtick` bukan format."),
    "ringkasan-panjang": facts(summary=LONG_SUMMARY),
    "awal-baris": facts(kind="Berita", summary="Jadwal pos desa di kecamatan Telagasari dan sekitarnya meliputi - "
                        "Desa Kalibuaya pada pekan pertama, > Desa Cilewo pekan kedua dan tahap 2. sesudahnya."),
}  # fmt: skip


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


# Tier 1: golden texts and the rules behind them


@pytest.mark.parametrize("name", sorted(CASES))
def test_whatsapp_text_matches_its_golden_file(name):
    text = whatsapp_text(CASES[name])
    path = GOLDEN / f"whatsapp-{name}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.is_file(), f"{path.name} is missing; run with WARTA_UPDATE_GOLDEN_TEXTS=1 and review it"
    assert text + "\n" == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(CASES))
def test_whatsapp_text_rules(name):
    f = CASES[name]
    text = whatsapp_text(f)
    lines = text.split("\n")
    assert len(text) <= 700
    assert lines[-1] == f.url and lines[-2] == f"Kode cek: {f.code}"
    assert lines[0].startswith("*") and lines[0].endswith("*") and lines[0].count("*") == 2
    assert lines[1] == "Selasa, 2 Juni 2020 · 10.00 WIB"
    body = text.split("\n\n")[1].split("\n")
    assert len(body) <= 3 and all(len(line) <= 60 for line in body)
    user_text = "\n".join(lines[:-1])[1:].replace("*\n", "\n", 1)  # all but the bold markers and URL
    assert not re.search(r"[*_~`]", user_text), user_text


@pytest.mark.parametrize(("name", "start"), [
    ("berita", "*Diskominfo"), ("pengumuman", "*[PENGUMUMAN] "), ("darurat", "*[DARURAT] Banjir"),
    ("hoaks", "*[HOAKS] Pesan"), ("dicabut", "*[DICABUT] Jadwal"), ("kedaluwarsa", "*[TIDAK BERLAKU] Jadwal"),
])  # fmt: skip
def test_title_prefix(name, start):
    assert whatsapp_text(CASES[name]).startswith(start)
    assert "[HOAKS] [HOAKS]" not in whatsapp_text(CASES[name])


def test_hoax_rebuttal_without_the_mark_in_its_title_gets_it():
    assert whatsapp_text(facts(hoax=True, kind="Klarifikasi Hoaks", title="Vaksin Berisi Cip")).startswith(
        "*[HOAKS] Vaksin Berisi Cip*")


def test_escaping_uses_full_width_look_alikes():
    assert escape_whatsapp("*a* _b_ ~c~ `d`") == "＊a＊ ＿b＿ ～c～ ｀d｀"
    assert escape_whatsapp("biasa saja: 10.00 WIB") == "biasa saja: 10.00 WIB"


def test_long_summary_is_cut_at_a_word_with_an_ellipsis():
    lines = wrap_lines(LONG_SUMMARY)
    assert len(lines) == 3 and lines[-1].endswith("…") and all(len(line) <= 60 for line in lines)
    assert " ".join(lines).replace("\u00a0", " ")[:-1] in LONG_SUMMARY


def test_no_wrapped_line_starts_with_list_or_quote_markup():
    for width in range(30, 61):
        for line in wrap_lines(CASES["awal-baris"].summary, width=width, most=10):
            assert not re.match(r"([-*>•]|\d+[.)])\s", line), (width, line)


def test_the_summary_gives_way_when_the_text_would_be_too_long():
    long_url = facts(url="https://warta.karawangkab.go.id/" + "a" * 500 + "/", summary=LONG_SUMMARY)
    text = whatsapp_text(long_url)
    assert len(text) <= 700 and text.endswith(long_url.url)
    assert whatsapp_text(long_url, limit=2000).count("\n") > text.count("\n")


def test_the_title_gives_way_last():
    very_long = facts(url="https://warta.karawangkab.go.id/" + "a" * 560 + "/", title="Judul " * 20)
    text = whatsapp_text(very_long)
    assert len(text) <= 700 and text.split("\n")[0].endswith("…*") and text.endswith(very_long.url)


def test_telegram_text_has_the_whole_summary_and_the_url_last():
    text = telegram_text(CASES["ringkasan-panjang"])
    assert text.startswith("[PENGUMUMAN] Jadwal Posyandu Bulan Juni\n")
    assert LONG_SUMMARY in text and text.endswith(f"Kode cek: KRW-200602-01\n{CASES['ringkasan-panjang'].url}")
    assert "＊" in telegram_text(CASES["lambang"]) and "*" not in telegram_text(CASES["lambang"])


def test_share_links_are_plain_urls_with_the_page_and_text():
    f = CASES["darurat"]
    whatsapp = whatsapp_text(f)
    links = {link["network"]: link for link in share_links(f, whatsapp)}
    assert [link["name"] for link in links.values()] == ["WhatsApp", "Telegram", "Facebook", "X", "LINE"]

    def query(network):
        parts = urlsplit(links[network]["url"])
        return f"{parts.scheme}://{parts.netloc}{parts.path}", {k: v[0] for k, v in parse_qs(parts.query).items()}

    assert query("whatsapp") == ("https://wa.me/", {"text": whatsapp})
    base, q = query("telegram")
    assert base == "https://t.me/share/url" and q["url"] == f.url and q["text"].startswith("[DARURAT] Banjir")
    assert query("facebook") == ("https://www.facebook.com/sharer/sharer.php", {"u": f.url})
    base, q = query("x")
    assert base == "https://twitter.com/intent/tweet" and q["url"] == f.url and "KRW-200602-01" in q["text"]
    assert query("line") == ("https://social-plugins.line.me/lineit/share", {"url": f.url})
    assert " " not in "".join(link["url"] for link in links.values())


def test_networks_follow_the_setting():
    assert [link["name"] for link in share_links(facts(), "teks", ("line", "whatsapp"))] == ["LINE", "WhatsApp"]


@pytest.mark.parametrize(("key", "value"), [
    ("REPOST_KIT_NETWORKS", ("whatsapp", "myspace")), ("REPOST_KIT_NETWORKS", "whatsapp"),
    ("REPOST_KIT_WHATSAPP_MAX", 100), ("REPOST_KIT_WHATSAPP_MAX", "700"),
])  # fmt: skip
def test_bad_settings_name_key_and_value(key, value):
    with pytest.raises(SettingsError, match=re.escape(f"{key} = {value!r}")):
        config_from({key: value})


# Tier 2: the kit on a built page


@pytest.fixture
def built(site):
    site.add("a.md", bulletin_text(title="Jadwal *Posyandu* Bulan Juni", slug="jadwal-posyandu-bulan-juni",
                                   urgency="darurat", expires="2021-12-31 23:59", summary=LONG_SUMMARY))  # fmt: skip
    site.build()
    return site


def test_kit_on_the_bulletin_page(built):
    page = soup(built.read("2020/06/jadwal-posyandu-bulan-juni/index.html"))
    kit = page.select_one("article section.bagikan")
    assert kit.h2.text == "Bagikan" and kit["aria-labelledby"] == kit.h2["id"]
    canonical = "http://localhost:8000/2020/06/jadwal-posyandu-bulan-juni/"
    whatsapp = kit.find("textarea", id="teks-whatsapp")
    assert whatsapp.has_attr("readonly") and kit.find("label", attrs={"for": "teks-whatsapp"})
    assert whatsapp.text.startswith("*[DARURAT] Jadwal ＊Posyandu＊ Bulan Juni*\n")
    assert whatsapp.text.endswith(canonical) and len(whatsapp.text) <= 700
    assert kit.find("textarea", id="teks-telegram").text.endswith(canonical)
    for field in kit.find_all("textarea"):
        assert field.has_attr("readonly") and kit.find("label", attrs={"for": field["id"]}), field["id"]
        button = kit.find("button", attrs={"data-salin": field["id"]})
        assert button.has_attr("hidden") and button["type"] == "button", field["id"]
    hosts = [urlsplit(a["href"]).netloc for a in kit.select(".bagikan-tautan a")]
    assert hosts == ["wa.me", "t.me", "www.facebook.com", "twitter.com", "social-plugins.line.me"]
    [download] = kit.select(".bagikan-gambar a[download]")  # the one file; the browser draws the rest
    assert download["href"].endswith(".png")
    [poster] = kit.select(".bagikan-poster a")  # for notice boards, outside the folded sections
    assert poster.text == "Poster A4 (PDF) untuk papan pengumuman" and poster["type"] == "application/pdf"
    assert re.fullmatch(rf"{canonical}bagikan-poster-[0-9a-f]{{8}}\.pdf", poster["href"])
    size = (built.output / poster["href"].removeprefix("http://localhost:8000/")).stat().st_size
    assert poster.find_next_sibling("span").text == f"PDF, {round(size / 1024)} KB, siap dicetak hitam-putih"
    drawn = kit.select(".bagikan-gambar button[data-kartu]")
    assert [b["data-rasio"] for b in drawn] == ["square", "portrait", "story"]
    assert all(b.parent.has_attr("hidden") and b["type"] == "button" for b in drawn), "shown by kartu.js"
    assert len({b["data-kartu"] for b in drawn}) == 1 and drawn[0]["data-kartu"].endswith(".json")
    assert page.find("script", src=re.compile(r"/theme/js/kartu\.js$")) is not None
    assert kit.find("textarea", id="sematan-iframe").text.startswith("<iframe src=")
    assert kit.find("textarea", id="sematan-kutipan").text.startswith("<blockquote cite=")
    assert page.find(id="salin-status")["role"] == "status"


def test_page_loads_nothing_from_third_parties_and_has_no_inline_handlers(built):
    text = built.read("2020/06/jadwal-posyandu-bulan-juni/index.html")
    page = soup(text)
    for tag in page.find_all(["script", "link", "img", "iframe"]):
        url = tag.get("src") or tag.get("href") or ""
        assert not url or url.startswith("http://localhost:8000/"), url
    assert not re.search(r"\son[a-z]+=", text)
    assert all(script.get("src") for script in page.find_all("script") if script.get("type") != "application/ld+json")


def test_bulletin_page_with_its_css_stays_within_50_kb(built):
    path = built.output / "2020/06/jadwal-posyandu-bulan-juni/index.html"
    page = soup(path.read_text(encoding="utf-8"))
    css = [built.output / link["href"].removeprefix("http://localhost:8000/")
           for link in page.find_all("link", rel="stylesheet")]  # fmt: skip
    assert path.stat().st_size + sum(p.stat().st_size for p in css) <= 50 * 1024
