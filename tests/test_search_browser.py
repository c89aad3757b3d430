"""Search in headless Chromium over the sample site served on 127.0.0.1: Pagefind's UI finds a
bulletin by a word that is only in its body, and filters by kecamatan (whole-regency
bulletins included) and by type, from the static files alone."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from static_host import served_sample

pytestmark = pytest.mark.browser

BODY_WORD = "konferensi"  # only in the body of the bulletin below, not in its title or summary
BODY_WORD_PAGE = "2020/06/kolaborasi-admin-grup-dan-pemengaruh/"
KECAMATAN = "Tirtajaya"
RESULT_LINKS = ".pagefind-ui__result-link"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("search") / "output") as host:
        yield host


@pytest.fixture
def search(browser, served):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{served.origin}/cari/")
    page.wait_for_selector(".pagefind-ui__search-input")
    yield page
    context.close()


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
    """Every result's URL, pressing "Muat lebih banyak hasil" until none is left."""
    page.wait_for_selector(RESULT_LINKS)
    while page.locator(".pagefind-ui__button").count():
        page.locator(".pagefind-ui__button").click()
        page.wait_for_timeout(200)
    return page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")


def test_finds_a_bulletin_by_a_word_from_its_body(search, served):
    source = BeautifulSoup((served.folder / BODY_WORD_PAGE / "index.html").read_bytes(), "html.parser")
    assert BODY_WORD in source.select_one(".prose").get_text().lower()
    summary = source.find("meta", attrs={"name": "description"})["content"]
    assert BODY_WORD not in (source.h1.get_text() + summary).lower()
    search.fill(".pagefind-ui__search-input", BODY_WORD)
    assert all_results(search) == [f"{served.origin}/{BODY_WORD_PAGE}"]
    excerpt = search.locator(".pagefind-ui__result-excerpt").first.inner_text().lower()
    assert BODY_WORD in excerpt


def for_kecamatan(name: str):
    """A bulletin page is filed under a kecamatan it names, or under all when whole-regency."""
    def predicate(soup, body) -> bool:
        named = any(a.get_text() == name for a in body.select('[data-pagefind-filter="kecamatan"]'))
        return named or body.find(attrs={"data-pagefind-filter": f"kecamatan:{name}"}) is not None
    return predicate


def test_finds_bulletins_by_kecamatan_name_and_filter(search, served):
    search.fill(".pagefind-ui__search-input", KECAMATAN)
    assert all_results(search)[0] == f"{served.origin}/2020/11/puskesmas-keliling-ibu-hamil-tirtajaya/"
    # The filter, over a word every bulletin page has (its verification code starts "KRW"):
    # every bulletin for Tirtajaya, and every whole-regency one.
    expected = indexed_pages(served, for_kecamatan(KECAMATAN))
    assert len(expected) >= 10 and indexed_pages(served, lambda soup, body: "KRW-" not in body.get_text()) == set()
    search.fill(".pagefind-ui__search-input", "KRW")
    search.wait_for_selector(RESULT_LINKS)
    search.locator(".pagefind-ui__filter-name", has_text="Kecamatan").click()
    search.locator(".pagefind-ui__filter-label", has_text=f"{KECAMATAN} (").click()
    search.wait_for_timeout(500)
    assert set(all_results(search)) == expected
    # Narrowed by type as well.
    search.locator(".pagefind-ui__filter-name", has_text="Jenis").click()
    search.locator(".pagefind-ui__filter-label", has_text="Klarifikasi Hoaks (").click()
    search.wait_for_timeout(500)
    hoaxes = indexed_pages(served, lambda soup, body: body["data-pagefind-filter"] == "jenis:Klarifikasi Hoaks")
    assert set(all_results(search)) == expected & hoaxes != set()


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
    page = browser.new_page()
    try:
        page.goto(f"{served.origin}/cari/?q={BODY_WORD}")
        assert all_results(page) == [f"{served.origin}/{BODY_WORD_PAGE}"]
        assert page.locator(".pagefind-ui__search-input").input_value() == BODY_WORD
    finally:
        page.close()
