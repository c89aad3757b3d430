"""Search in headless Chromium over the sample site served on 127.0.0.1, from the static files
alone: the search page (theme/static/js/cari.js over Pagefind's JavaScript API) finds a
bulletin by a word from its body, draws results as the site's bulletin list (type, urgency
and state badges, the Indonesian date, the kecamatan, an excerpt without labels or ISO
dates), ranks expired and withdrawn bulletins below current ones, sorts by date ("Terbaru")
across the year bundles, filters by kecamatan (whole-regency bulletins included) and type,
and draws no filter box when there is nothing to filter.

The browser's clock is the sample site's (tasks.GOLDEN_OVERRIDES["BULLETINS_NOW"]): the page
checks expiry dates against the device's clock."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import AXE, tasks
from static_host import served_sample

pytestmark = pytest.mark.browser

BODY_WORD = "konferensi"  # only in the body of the bulletin below, not in its title or summary
BODY_WORD_PAGE = "2020/06/kolaborasi-admin-grup-dan-pemengaruh/"
KECAMATAN = "Tirtajaya"
NOW = tasks.GOLDEN_OVERRIDES["BULLETINS_NOW"].replace(" ", "T") + ":00+07:00"  # the site's zone (WIB)
INPUT = "#cari-kata"
RESULTS = ".cari-hasil > .item"
LINKS = ".cari-hasil .item-title a"
MORE = ".cari-lagi button"
FLOOD = "2021/02/banjir-citarum-warga-bantaran-diminta-mengungsi/"  # expired on 28 February 2021
FLOOD_CARE = "2021/02/posko-kesehatan-dapur-umum-pengungsi-banjir/"  # a Berita: no expiry
WITHDRAWN = "2021/01/jadwal-vaksinasi-tenaga-kesehatan-tahap-i/"
SURGE = "2021/06/lonjakan-kasus-covid-19-isolasi-terpusat/"  # darurat, current until 8 July 2021
DAYS = "Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu"
MONTHS = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
INDONESIAN_DATE = re.compile(rf"\b({DAYS}), \d{{1,2}} ({MONTHS}) \d{{4}}\b")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")
LABELS = ("Diterbitkan", "Diperbarui", "Wilayah", "Tanggal", "Berlaku sampai", "Kode verifikasi")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("search") / "output") as host:
        yield host


def open_search(browser, served, query: str = "", now: str = NOW):
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)  # axe is inline
    page = context.new_page()
    page.clock.set_fixed_time(now)
    page.goto(f"{served.origin}/cari/{query}")
    page.wait_for_selector(f"{INPUT}:visible")
    return page


@pytest.fixture
def search(browser, served):
    page = open_search(browser, served)
    yield page
    page.context.close()


def run(page, words: str) -> None:
    page.fill(INPUT, words)
    page.press(INPUT, "Enter")
    page.wait_for_function("() => !document.querySelector('.cari-status').textContent.startsWith('Mencari')")
    page.wait_for_timeout(100)


def indexed_pages(served, predicate) -> set[str]:
    """URLs of the bulletin pages (data-pagefind-body) whose markup satisfies `predicate`."""
    found = set()
    for path in served.folder.glob("20*/*/*/index.html"):
        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        body = soup.find(attrs={"data-pagefind-body": True})
        if body is not None and predicate(soup, body):
            found.add(f"{served.origin}/{path.parent.relative_to(served.folder).as_posix()}/")
    return found


def all_results(page) -> list[str]:
    """Every result's URL, pressing "Tampilkan lebih banyak" until none is left."""
    page.wait_for_selector(LINKS)
    while page.locator(MORE).is_visible():
        before = page.locator(RESULTS).count()
        page.locator(MORE).click()
        page.wait_for_function(f"n => document.querySelectorAll('{RESULTS}').length > n", arg=before)
    return page.locator(LINKS).evaluate_all("links => links.map(a => a.href)")


def result(page, served, path: str):
    return page.locator(RESULTS).filter(has=page.locator(f'.item-title a[href$="/{path}"]'))


def published(served, url: str):
    """The "Diterbitkan" <time> of a bulletin page."""
    path = served.folder / url.removeprefix(served.origin + "/") / "index.html"
    return BeautifulSoup(path.read_bytes(), "html.parser").select_one(".facts time")


def badges(item) -> list[str]:
    return [text.strip() for text in item.locator(".badge").all_text_contents()]


def test_finds_a_bulletin_by_a_word_from_its_body(search, served):
    source = BeautifulSoup((served.folder / BODY_WORD_PAGE / "index.html").read_bytes(), "html.parser")
    assert BODY_WORD in source.select_one(".prose").get_text().lower()
    summary = source.find("meta", attrs={"name": "description"})["content"]
    assert BODY_WORD not in (source.h1.get_text() + summary).lower()
    run(search, BODY_WORD)
    assert all_results(search) == [f"{served.origin}/{BODY_WORD_PAGE}"]
    assert BODY_WORD in search.locator(f"{RESULTS} mark").first.inner_text().lower()
    assert search.locator(".cari-status").inner_text() == f"1 buletin untuk “{BODY_WORD}”"


def test_results_read_like_the_sites_lists(search, served):
    """Each result: the type badge, the date as the page shows it (in Indonesian), the
    kecamatan, and an excerpt with no label run into its value and no ISO date; in the site's
    fonts, not Pagefind's."""
    run(search, "vaksinasi")
    urls = all_results(search)
    assert len(urls) >= 5
    for index, url in enumerate(urls):
        item = search.locator(RESULTS).nth(index)
        page = BeautifulSoup((served.folder / url.removeprefix(served.origin + "/") / "index.html").read_bytes(),
                             "html.parser")  # fmt: skip
        text = item.inner_text()
        assert not ISO_DATE.search(text), text
        assert not any(label in text for label in LABELS), text
        assert not re.search(r"(DICABUT|Tidak berlaku lagi|Berlaku sampai) ?·", text), text
        published = page.select_one(".facts time").get_text()
        assert item.locator(".meta time").inner_text() == published and INDONESIAN_DATE.match(published)
        assert item.locator(".meta time").get_attribute("datetime") == page.select_one(".facts time")["datetime"]
        areas = page.select(".facts dd ul.inline a")
        where = ", ".join(a.get_text() for a in areas) if 0 < len(areas) <= 3 else None
        assert item.locator(".meta").inner_text().endswith(where or ("kecamatan" if areas else "Seluruh Kabupaten Karawang"))
        assert badges(item)[0] == page.select_one(".badges .badge.type").get_text()
        assert item.locator(".summary").inner_text().strip()
    flood = open_search(search.context.browser, served, "?q=banjir")
    try:
        flood.wait_for_selector(LINKS)
        item = result(flood, served, FLOOD)
        assert item.locator(".meta time").inner_text().startswith("Sabtu, 20 Februari 2021")
        assert item.locator(".meta").inner_text().endswith("Rengasdengklok, Batujaya, Pakisjaya")
        assert "DiterbitkanSabtu" not in flood.locator("main").inner_text()
    finally:
        flood.context.close()
    # The site's fonts: headings in the cards' Inter, the excerpt in the body's system font.
    fonts = search.evaluate("""() => [document.querySelector('.cari-hasil .item-title'),
        document.querySelector('.cari-hasil .summary'), document.body].map(e => getComputedStyle(e).fontFamily)""")
    assert fonts[0].startswith('"Inter Warta"') and fonts[1] == fonts[2]


def test_badges_use_the_sites_styles(search, served):
    run(search, "hoaks")
    item = search.locator(RESULTS).filter(has=search.locator(".badge.type.hoax")).first
    assert badges(item)[0].upper() == "KLARIFIKASI HOAKS"
    site_badge = search.evaluate("""() => { const probe = document.createElement('span');
        probe.className = 'badge type hoax'; document.body.append(probe);
        const s = getComputedStyle(probe); const style = [s.backgroundColor, s.color, s.fontFamily, s.textTransform];
        probe.remove(); return style; }""")
    shown = item.locator(".badge.type").evaluate(
        "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.fontFamily, s.textTransform]; }")
    assert shown == site_badge and shown[3] == "uppercase"


def test_urgency_shows_while_current_and_expiry_follows_the_devices_clock(browser, served):
    now = open_search(browser, served, "?q=isolasi")
    try:
        now.wait_for_selector(LINKS)
        assert badges(result(now, served, SURGE)) == ["Pengumuman", "Darurat"]
        assert result(now, served, SURGE).locator(".badge.u-darurat").count() == 1
    finally:
        now.context.close()
    # The same index read after 8 July 2021: the page marks it, whatever the index says.
    later = open_search(browser, served, "?q=isolasi", now="2021-07-09T08:00:00+07:00")
    try:
        later.wait_for_selector(LINKS)
        item = result(later, served, SURGE)
        assert badges(item) == ["Pengumuman", "Tidak berlaku lagi"]
        assert "is-old" in item.get_attribute("class")
    finally:
        later.context.close()


def test_expired_and_withdrawn_results_are_marked_and_ranked_below_current_ones(search, served):
    run(search, "vaksinasi")
    all_results(search)
    withdrawn = result(search, served, WITHDRAWN)
    assert badges(withdrawn)[-1] == "Dicabut" and withdrawn.locator(".badge.withdrawn").count() == 1
    assert "is-old" in withdrawn.get_attribute("class")
    expired = search.locator(RESULTS).filter(has=search.locator(".badge.expired"))
    assert expired.count() >= 2
    assert all(badges(expired.nth(i))[-1] == "Tidak berlaku lagi" for i in range(expired.count()))
    current = search.locator(f"{RESULTS}:not(.is-old)")
    assert all(not {"Dicabut", "Tidak berlaku lagi"} & set(badges(current.nth(i))) for i in range(current.count()))
    # Pagefind alone ranks the expired flood notice first for "banjir"; the page puts the
    # current bulletin of similar relevance above it.
    raw = search.evaluate("""async () => {
        const [first, ...others] = document.getElementById('cari').dataset.bundles.split(' ');
        const pagefind = await import(first + 'pagefind.js');
        for (const bundle of others) await pagefind.mergeIndex(bundle);
        const search = await pagefind.search('banjir');
        return Promise.all(search.results.slice(0, 2).map(r => r.data().then(d => new URL(d.url, location.href).href)));
    }""")
    assert raw == [f"{served.origin}/{FLOOD}", f"{served.origin}/{FLOOD_CARE}"]
    run(search, "banjir")
    assert all_results(search)[:2] == [f"{served.origin}/{FLOOD_CARE}", f"{served.origin}/{FLOOD}"]
    assert badges(result(search, served, FLOOD))[-1] == "Tidak berlaku lagi"


def dates(page) -> list[str]:
    return page.locator(f"{RESULTS} .meta time").evaluate_all("times => times.map(t => t.dateTime)")


def test_terbaru_orders_results_by_date_across_the_years(search, served):
    run(search, "KRW")  # every bulletin page carries its verification code, KRW-…
    relevance = all_results(search)
    years = {url.removeprefix(served.origin + "/")[:4] for url in relevance}
    assert len(relevance) == len(indexed_pages(served, lambda soup, body: True)) and years >= {"2020", "2021"}
    search.locator(".cari-urut label", has_text="Terbaru").click()
    search.wait_for_function("() => new URL(location.href).searchParams.get('urut') === 'terbaru'")
    search.wait_for_timeout(300)
    newest = all_results(search)
    assert sorted(newest) == sorted(relevance)
    assert dates(search) == sorted(dates(search), reverse=True) and dates(search) != sorted(dates(search))
    latest = max(indexed_pages(served, lambda soup, body: True),
                 key=lambda url: published(served, url)["datetime"])  # fmt: skip
    assert newest[0] == latest and dates(search)[0] == published(served, latest)["datetime"]
    # Back to relevance, which is not the date order for this word.
    search.locator(".cari-urut label", has_text="Paling sesuai").click()
    search.wait_for_function("() => !new URL(location.href).searchParams.has('urut')")
    search.wait_for_timeout(300)
    assert all_results(search) == relevance


def test_the_filter_box_is_drawn_only_when_there_is_something_to_filter(search, served):
    box = search.locator(".cari-saring")
    assert not box.is_visible() and box.bounding_box() is None  # before any search
    run(search, "zzzqqq")
    assert search.locator(".cari-status").inner_text().startswith("Tidak ada buletin untuk “zzzqqq”")
    assert not box.is_visible() and box.bounding_box() is None and search.locator(RESULTS).count() == 0
    run(search, "vaksinasi")  # every result is from 2021: no year group, which would filter nothing
    assert box.is_visible() and box.bounding_box()["height"] < 60  # closed: one line
    box.locator("summary").click()
    assert box.locator("legend").all_inner_texts() == ["Jenis", "Kecamatan"]
    run(search, "")
    assert not box.is_visible() and search.locator(RESULTS).count() == 0


def for_kecamatan(name: str):
    """A bulletin page is filed under a kecamatan it names, or under all when whole-regency."""

    def predicate(soup, body) -> bool:
        named = any(a.get_text() == name for a in body.select('[data-pagefind-filter="kecamatan"]'))
        return named or body.find(attrs={"data-pagefind-filter": f"kecamatan:{name}"}) is not None

    return predicate


def tick(page, group: str, value: str) -> None:
    before = page.locator(".cari-status").inner_text()
    page.locator(".cari-grup", has=page.locator("legend", has_text=group)).locator("label", has_text=f"{value} (").click()
    page.wait_for_function("b => document.querySelector('.cari-status').textContent !== b", arg=before)
    page.wait_for_timeout(200)


def test_finds_bulletins_by_kecamatan_name_and_filter(search, served):
    run(search, KECAMATAN)
    assert all_results(search)[0] == f"{served.origin}/2020/11/puskesmas-keliling-ibu-hamil-tirtajaya/"
    # The filter, over a word every bulletin page has (its verification code starts "KRW"):
    # every bulletin for Tirtajaya, and every whole-regency one.
    expected = indexed_pages(served, for_kecamatan(KECAMATAN))
    assert len(expected) >= 10 and indexed_pages(served, lambda soup, body: "KRW-" not in body.get_text()) == set()
    run(search, "KRW")
    search.locator(".cari-saring summary").click()
    tick(search, "Kecamatan", KECAMATAN)
    assert set(all_results(search)) == expected
    assert search.locator(".cari-saring summary").inner_text() == "Saring hasil (1 dipilih)"
    # Narrowed by type as well.
    tick(search, "Jenis", "Klarifikasi Hoaks")
    hoaxes = indexed_pages(served, lambda soup, body: body["data-pagefind-filter"] == "jenis:Klarifikasi Hoaks")
    assert set(all_results(search)) == expected & hoaxes != set()
    assert search.locator(".cari-status").inner_text().endswith(", disaring")
    # axe, with the filters open and results shown.
    search.add_script_tag(path=str(AXE))
    found = search.evaluate("() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
                            "'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}}).then(r => r.violations.map(v => v.id))")
    assert found == []


def test_filters_alone_through_pagefinds_api(search, served):
    """Pagefind's own JavaScript API, from the same bundles (one per year, merged into the
    newest), with a filter and no words."""
    found = search.evaluate("""async name => {
        const [first, ...others] = document.getElementById('cari').dataset.bundles.split(' ');
        const pagefind = await import(first + 'pagefind.js');
        for (const bundle of others) await pagefind.mergeIndex(bundle);
        const search = await pagefind.search(null, {filters: {kecamatan: name}});
        // Results of a merged bundle carry absolute URLs, the first bundle's site-relative ones.
        return Promise.all(search.results.map(r => r.data().then(d => new URL(d.url, location.href).href)));
    }""", KECAMATAN)
    assert set(found) == indexed_pages(served, for_kecamatan(KECAMATAN))


def test_search_runs_from_the_address_bar_query(browser, served):
    page = open_search(browser, served, f"?q={BODY_WORD}")
    try:
        assert all_results(page) == [f"{served.origin}/{BODY_WORD_PAGE}"]
        assert page.locator(INPUT).input_value() == BODY_WORD
    finally:
        page.context.close()
    page = open_search(browser, served, "?q=banjir&urut=terbaru")
    try:
        all_results(page)
        assert page.locator(".cari-urut input[value='terbaru']").is_checked()
        assert dates(page) == sorted(dates(page), reverse=True)
    finally:
        page.context.close()
