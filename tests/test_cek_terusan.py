"""The forwarded-message checker on /cek/ in headless Chromium, over the served sample site:
share texts of sample bulletins (exact, without their code, altered), hoaxes quoted in sample
rebuttals, unrelated text, withdrawn and expired bulletins; no request leaves the site and the
message is in none; without JavaScript the page explains the check by code; axe finds nothing
on a result at 360 px and on a desktop."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import AXE
from static_host import served_sample

pytestmark = pytest.mark.browser

# The browser's clock is the golden build's, so the build's states are the states the script
# shows (it checks expiry against the device's clock).
GOLDEN_NOW = datetime.fromisoformat("2021-07-01T09:00:00+07:00")
VIEWPORTS = {"mobile": {"width": 360, "height": 800}, "desktop": {"width": 1280, "height": 800}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BST = "2020/07/penyaluran-bst-pedes-cibuaya-pakisjaya/"  # expired; places, dates, times
POSYANDU = "2021/04/posyandu-kotabaru-kembali-buka/"  # current
WITHDRAWN = "2021/01/jadwal-vaksinasi-tenaga-kesehatan-tahap-i/"
URGENT = "2021/06/lonjakan-kasus-covid-19-isolasi-terpusat/"  # expires 8 July 2021
HOAX_CLOSED = "2020/06/hoaks-karawang-ditutup-total/"
HOAX_CHIP = "2021/01/hoaks-vaksin-covid-19-berisi-cip/"
HOAX_AID = "2021/05/hoaks-tautan-pendaftaran-bansos/"
UNRELATED = {
    "resep": "Resep nasi goreng kampung: panaskan 2 sendok makan minyak, tumis 3 siung bawang merah dan 2 siung "
             "bawang putih sampai harum. Masukkan telur, orak-arik, lalu tambahkan 2 piring nasi putih, kecap "
             "manis, garam dan merica. Aduk rata dan sajikan dengan kerupuk.",
    "sepak bola": "Persika Karawang menang 2-1 atas tim tamu di Stadion Singaperbangsa Sabtu malam. Gol kemenangan "
                  "dicetak pada menit ke-89 melalui sundulan kepala. Pelatih memuji semangat para pemain.",
    "pesan sehat": "Tetap pakai masker, cuci tangan pakai sabun dan jaga jarak ya semua. Semoga sehat selalu "
                   "dan jangan lupa berdoa untuk keluarga di rumah.",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("terusan") / "output") as host:
        yield host


@pytest.fixture(scope="module")
def requests():
    """Every request the checker's pages made (refused when it left the local server)."""
    return []


def soup(served, path: str) -> BeautifulSoup:
    return BeautifulSoup((served.folder / path / "index.html").read_bytes(), "html.parser")


def share_text(served, path: str, code: bool = True) -> str:
    """The Bagikan kit's WhatsApp text of a bulletin; without its code and URL lines, as a
    resident often receives it."""
    text = soup(served, path).select_one("#teks-whatsapp").get_text()
    if code:
        return text
    return "\n".join(line for line in text.splitlines() if not line.startswith(("Kode cek:", "http")))


def claim(served, path: str) -> str:
    """What a rebuttal's "Beredar" section quotes (its blockquote), else says (its first paragraph)."""
    heading = next(h for h in soup(served, path).select(".prose h2") if h.get_text(strip=True) == "Beredar")
    quote = heading.find_next_sibling("blockquote")
    nxt = heading.find_next_sibling("h2")
    if quote is not None and (nxt is None or quote.sourceline < nxt.sourceline):
        return quote.get_text(" ").strip()
    return heading.find_next_sibling("p").get_text(" ")


def local_context(browser, served, requests, **options):
    """A context whose router refuses and records any request that leaves the local server,
    with the browser's clock at the golden build's."""
    context = browser.new_context(**options)
    local = urlsplit(served.origin).netloc

    def route(route):
        request = route.request
        requests.append((request.method, request.url, request.post_data))
        if urlsplit(request.url).netloc == local:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    return context


@pytest.fixture(scope="module")
def page(browser, served, requests):
    context = local_context(browser, served, requests, viewport=VIEWPORTS["mobile"])
    tab = context.new_page()
    tab.clock.set_fixed_time(GOLDEN_NOW)
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{served.origin}/cek/")
    yield tab
    context.close()
    assert errors == []


def check(page, text: str) -> str:
    """Paste `text`, press the button, wait for the verdict."""
    page.fill("#pesan", text)
    page.click(".terusan-form button")
    page.wait_for_function("() => !['', 'memeriksa'].includes(document.querySelector('.terusan-hasil')"
                           ".getAttribute('data-verdict') || '')", timeout=30000)  # fmt: skip
    return page.get_attribute(".terusan-hasil", "data-verdict")


def result(page) -> str:
    return " ".join(page.inner_text(".terusan-hasil").split())


def found_link(page, served) -> str:
    return page.locator(".terusan-hasil .notice a").first.get_attribute("href").removeprefix(served.origin + "/")


def marks(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".pesan mark").all_inner_texts()]


def test_an_exact_share_text_is_found_with_its_state_and_no_difference(page, served):
    assert check(page, share_text(served, POSYANDU)) == "sesuai"
    assert found_link(page, served) == POSYANDU
    assert page.get_attribute(".terusan-hasil .notice", "data-state") == "berlaku"
    shown = result(page)
    assert "Masih berlaku" in shown and "Pesan sesuai dengan buletin resmi" in shown
    assert "Tidak ada tanggal, hari, jam, angka, jumlah uang atau tempat" in shown
    assert page.locator(".pesan").count() == 0
    assert "Pesan sesuai dengan buletin resmi" in page.text_content(".terusan-status")  # the live region


def test_every_bulletins_share_text_without_its_code_finds_that_bulletin(page, served):
    """No code: the search index finds it, and nothing differs from the official text."""
    index = json.loads((served.folder / "cek" / "index.json").read_text(encoding="utf-8"))
    assert len(index) >= 20
    for entry in index.values():
        path = entry["page"].removeprefix(served.origin + "/")
        assert check(page, share_text(served, path, code=False)) == "sesuai", (path, result(page))
        assert found_link(page, served) == path
        assert page.get_attribute(".terusan-hasil .notice", "data-state") == entry["state"], path


def test_an_altered_copy_is_found_and_each_alteration_is_highlighted(page, served):
    text = share_text(served, BST, code=False)
    assert "20–25 Juli 2020" in text and "di Pedes, Cibuaya" in text and "di kantor kecamatan." in text
    altered = (text.replace("20–25 Juli 2020", "20–27 Juli 2020").replace("di Pedes, Cibuaya", "di Klari, Cibuaya")
               .replace("di kantor kecamatan.", "di kantor kecamatan. Bantuan Rp600.000 per keluarga."))  # fmt: skip
    assert check(page, altered) == "berbeda"
    assert found_link(page, served) == BST
    assert page.get_attribute(".terusan-hasil .notice", "data-state") == "kedaluwarsa"
    assert set(marks(page)) == {"Klari", "27 Juli 2020", "Rp600.000"}
    items = page.locator(".beda li").all_inner_texts()
    assert any("Klari" in i and "teks resmi menyebut Pedes" in i for i in items), items
    assert any("27 Juli 2020" in i and "teks resmi menyebut 25 Juli 2020" in i for i in items), items
    assert any("Rp600.000" in i and "tidak ada di teks resmi" in i for i in items), items
    assert "3 hal berbeda" in page.text_content(".terusan-status")


def test_changed_dates_times_and_phone_numbers_are_highlighted(page, served):
    # The date line of a share text, though the new date is elsewhere in the bulletin.
    text = share_text(served, URGENT).replace("Kamis, 24 Juni 2021", "Jumat, 25 Juni 2021")
    assert check(page, text) == "berbeda"
    assert found_link(page, served) == URGENT
    assert marks(page) == ["Jumat", "25 Juni 2021"]
    # A copy of the body with another time and another number to call.
    body = soup(served, BST).select_one(".prose").get_text()
    assert "(0267) 123-458" in body and "08.00–16.00 WIB" in body
    assert check(page, body.replace("(0267) 123-458", "0812-9999-0000").replace("08.00–16.00", "08.00–12.00")) == "berbeda"
    assert set(marks(page)) == {"12.00", "0812-9999-0000"}
    items = page.locator(".beda li").all_inner_texts()
    assert any("teks resmi menyebut 16.00" in i for i in items) and any("(0267) 123-458" in i for i in items), items


def test_the_pasted_text_is_shown_as_text(page, served):
    text = share_text(served, BST, code=False).replace("di Pedes, Cibuaya", "di Klari, Cibuaya")
    check(page, text + '\n<img src="x" onerror="document.title=1"><b>tebal</b>')
    assert page.locator(".pesan img, .pesan b").count() == 0
    assert '<img src="x" onerror="document.title=1"><b>tebal</b>' in page.text_content(".pesan")


@pytest.mark.parametrize("path", [HOAX_CLOSED, HOAX_CHIP, HOAX_AID])
def test_a_circulating_hoax_is_matched_to_its_rebuttal(page, served, path):
    assert check(page, claim(served, path)) == "klarifikasi", result(page)
    assert found_link(page, served) == path
    assert "KLARIFIKASI" in page.inner_text(".terusan-hasil .notice-title")
    assert "Jangan teruskan pesan ini" in result(page)


def test_a_forwarded_rebuttal_is_the_official_rebuttal_not_the_hoax(page, served):
    assert check(page, share_text(served, HOAX_CLOSED)) == "sesuai"
    assert found_link(page, served) == HOAX_CLOSED and "klarifikasi hoaks" in result(page)


@pytest.mark.parametrize("name", UNRELATED)
def test_unrelated_text_matches_no_bulletin(page, name):
    assert check(page, UNRELATED[name]) == "tidak-ditemukan"
    assert "Tidak ditemukan buletin resmi yang cocok" in result(page)
    assert page.locator(".terusan-hasil .notice li").count() >= 3  # the advice


def test_a_real_code_on_another_text_says_the_text_is_not_that_bulletin(page, served):
    text = ("KRW-210220-01 PENTING: besok semua sekolah di Karawang diliburkan dua minggu karena wabah baru. "
            "Orang tua diminta menjemput anak pukul 10.00 WIB dan tidak mengirim anak ke sekolah.")
    assert check(page, text) == "berbeda"
    assert "asli, tetapi isi pesan BUKAN isi buletin itu" in result(page)


def test_an_unknown_code_is_reported_and_the_text_still_checked(page, served):
    text = share_text(served, BST, code=False) + "\nKode cek: KRW-999999-99"
    assert check(page, text) == "sesuai"
    assert "Kode KRW-999999-99 dalam pesan tidak terdaftar" in result(page)
    assert found_link(page, served) == BST


def test_withdrawn_and_expired_copies_show_their_state(page, served):
    assert check(page, share_text(served, WITHDRAWN)) == "sesuai"
    assert found_link(page, served) == WITHDRAWN
    assert page.get_attribute(".terusan-hasil .notice", "data-state") == "dicabut"
    assert "DICABUT" in page.inner_text(".terusan-hasil .notice-title") and "Alasan pencabutan" in result(page)
    assert "Diganti oleh" in result(page)  # the replacement, itself expired
    assert check(page, share_text(served, BST, code=False)) == "sesuai"
    assert page.get_attribute(".terusan-hasil .notice", "data-state") == "kedaluwarsa"
    assert "Kedaluwarsa, tidak berlaku lagi" in result(page) and "Tidak berlaku lagi sejak" in result(page)


def test_expiry_is_checked_against_the_devices_clock(browser, served, requests):
    """The build said "berlaku"; a week after the bulletin's expiry the phone says otherwise."""
    context = local_context(browser, served, requests)
    tab = context.new_page()
    try:
        tab.clock.set_fixed_time(datetime.fromisoformat("2021-07-09T08:00:00+07:00"))
        tab.goto(f"{served.origin}/cek/")
        assert json.loads((served.folder / "cek/index.json").read_text())["KRW21062401"]["state"] == "berlaku"
        assert check(tab, share_text(served, URGENT)) == "sesuai"
        assert tab.get_attribute(".terusan-hasil .notice", "data-state") == "kedaluwarsa"
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_nothing_on_a_result(browser, served, requests, viewport):
    context = local_context(browser, served, requests, viewport=VIEWPORTS[viewport], bypass_csp=True)
    tab = context.new_page()
    try:
        tab.clock.set_fixed_time(GOLDEN_NOW)
        tab.goto(f"{served.origin}/cek/")
        check(tab, share_text(served, BST, code=False).replace("di Pedes, Cibuaya", "di Klari, Cibuaya"))
        tab.add_script_tag(path=str(AXE))
        found = tab.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found["violations"]] == []
        assert tab.get_by_label("Tempel pesan yang Anda terima").is_visible()
    finally:
        context.close()


def test_without_javascript_the_page_explains_the_check_by_code(browser, served, requests):
    context = local_context(browser, served, requests, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(f"{served.origin}/cek/")
        assert not tab.locator(".terusan").is_visible()
        notice = tab.locator("main noscript p")  # Playwright's text engine skips <noscript>; CSS does not
        assert notice.is_visible()
        assert "memerlukan JavaScript" in notice.text_content() and "kode verifikasi" in notice.text_content()
        assert tab.locator("#kode").is_visible() and tab.locator(".code-list a").count() >= 20
    finally:
        context.close()


def test_no_request_left_the_site_and_none_carried_the_message(requests, served):
    """Runs last: over every check above, only GETs of this site's files, none with the text."""
    if not requests:
        pytest.skip("run with the checks above")
    outside = [url for _, url, _ in requests if not url.startswith(served.origin + "/")]
    assert outside == []
    assert {method for method, _, _ in requests} == {"GET"}
    assert all(body is None for _, _, body in requests)
    said = [unquote(url) for _, url, _ in requests if "?" in url and "pagefind-entry.json" not in url]
    assert said == []  # no query strings: nothing of the message can ride along
    paths = {urlsplit(url).path for _, url, _ in requests}
    carried = sorted(path for path in paths for word in ("Klari", "Rp600", "resep", "KRW-9999") if word in path)  # "nasi" is in "vaksinasi"
    assert carried == []
