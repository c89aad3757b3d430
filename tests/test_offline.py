"""Offline reading (plugins/offline): the service worker, its list and the offline page.

The browser tests serve the sample site on 127.0.0.1 (a secure context, so the worker runs),
let a reader open a few pages with the network on, wait until the worker is in control and has
kept its list, then switch the network off (Playwright's `set_offline`) and read. The worker
reads the clock through `Date.now()` alone, so a test moves the device's clock by replacing
that function inside the running worker.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import AXE, ROOT
from static_host import StaticHost, build_sample, served_sample

URGENT = "2021/06/lonjakan-kasus-covid-19-isolasi-terpusat/"  # current at the golden clock, never opened below
UNTIL = "Kamis, 8 Juli 2021 · 23.59 WIB"  # its expiry, as the site writes it
VISITED = "2021/03/infografis-alur-vaksinasi-lansia/"
ALSO_VISITED = "2020/06/layanan-tatap-muka-disdukcapil-dibuka-kembali/"  # its banner shows URGENT
UNVISITED = "arsip/"
WIB = timezone(timedelta(hours=7))
BEFORE_EXPIRY = datetime(2021, 7, 2, 9, 0, tzinfo=WIB)
AFTER_EXPIRY = datetime(2021, 7, 9, 9, 0, tzinfo=WIB)
SAVED_ON = re.compile(r"Anda sedang luring; halaman ini disimpan pada (Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), "
                      r"\d{1,2} \w+ \d{4} · \d{2}\.\d{2} WIB\.")  # fmt: skip
VIEWPORT = {"width": 360, "height": 800}

READY = """async () => {
  if (!navigator.serviceWorker.controller) return false;
  const scope = (await navigator.serviceWorker.ready).scope;
  return !!(await (await caches.open("warta-precache")).match(new URL("offline.json", scope).href));
}"""
KEPT = """async () => {
  const cache = await caches.open("warta-pages"), found = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    found.push([request.url, +response.headers.get("x-warta-bytes"), response.headers.has("x-warta-title")]);
  }
  return found;
}"""
PRECACHED = """async () => (await (await caches.open("warta-precache")).keys()).map((r) => r.url)"""


# --- The build: what is published -------------------------------------------------------


def test_the_worker_is_at_the_root_with_the_settings_and_revalidated(sample_site):
    worker = (sample_site / "sw.js").read_text(encoding="utf-8")
    config = json.loads(re.search(r"^const CONFIG = (\{.*\});$", worker, re.MULTILINE).group(1))
    assert {key: config[key] for key in ("index", "pages", "bytes", "timeout", "zone")} == {
        "index": "offline.json", "pages": 60, "bytes": 3_000_000, "timeout": 4000, "zone": "WIB"}
    assert "the build writes the settings here" not in worker
    assert len(worker.encode()) <= 16 * 1024, "the worker stays small: it is fetched on every update check"
    listed = (sample_site / "urls.txt").read_text(encoding="utf-8").split()
    assert {"/sw.js", "/offline.json", "/luring/"} <= set(listed)
    headers = (sample_site / "_headers").read_text(encoding="utf-8")
    assert re.search(r"^/sw\.js\n  Cache-Control: no-cache$", headers, re.MULTILINE), headers


def test_the_list_names_the_emergency_the_newest_lite_pages_and_what_they_load(sample_site):
    index = json.loads((sample_site / "offline.json").read_text(encoding="utf-8"))
    urls = [entry["url"] for entry in index["precache"]]
    assert urls[:3] == [URGENT, "lite/" + URGENT, "lite/"]
    assert sum(url.startswith("lite/2") for url in urls) == 10  # OFFLINE_LITE_LATEST, the emergency's twin among them
    assert index["fallback"] == "luring/" and "luring/" in urls
    assert {"theme/css/warta.css", "theme/fonts/inter-700.woff2", "theme/js/luring.js"} <= set(urls)
    assert not any(url.endswith((".png", ".webp", ".jpg")) for url in urls), "images are kept only once opened"
    for entry in index["precache"]:
        path = sample_site / (entry["url"] + "index.html" if entry["url"].endswith("/") else entry["url"])
        data = path.read_bytes()
        assert (entry["rev"], entry["bytes"]) == (hashlib.sha256(data).hexdigest()[:16], len(data)), entry["url"]
    assert sum(entry["bytes"] for entry in index["precache"]) <= 200 * 1024
    current, ended = index["emergencies"]
    assert current == {"url": URGENT, "lite": "lite/" + URGENT, "current": True,
                       "expires": "2021-07-08T23:59:00+07:00", "until": UNTIL}  # fmt: skip
    assert ended["current"] is False and ended["url"].startswith("2021/02/banjir-citarum")


def test_pages_state_each_expiry_for_the_worker_and_lite_pages_stay_script_free(sample_site):
    full = (sample_site / URGENT / "index.html").read_text(encoding="utf-8")
    assert '<p class="notice valid" data-expires="2021-07-08T23:59:00+07:00" data-pagefind-ignore>Berlaku sampai' in full
    assert 'src="http://localhost:8000/theme/js/luring.js" data-worker="http://localhost:8000/sw.js" defer' in full
    lite = (sample_site / "lite" / URGENT / "index.html").read_text(encoding="utf-8")
    assert '<p class="catatan" data-expires="2021-07-08T23:59:00+07:00">' in lite and "<script" not in lite
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert '<span data-expires="2021-07-08T23:59:00+07:00">Berlaku sampai' in home
    offline = (sample_site / "luring" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in offline and "<div data-saved-pages></div>" in offline
    assert "luring/" not in (sample_site / "sitemap.xml").read_text(encoding="utf-8")


# --- In the browser -----------------------------------------------------------------------


def wait_for(page, script: str, arg=None, seconds: float = 30) -> None:
    """Until the async `script` is true in the page (wait_for_function does not await it)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(script, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {script}")


def wait_ready(page) -> None:
    wait_for(page, READY)


def wait_kept(page, origin: str, paths) -> None:
    wanted = [f"{origin}/{path}" for path in paths]
    wait_for(page, f"async (wanted) => {{ const kept = (await ({KEPT})()).map((e) => e[0]); "
                   f"return wanted.every((u) => kept.includes(u)); }}", wanted)  # fmt: skip


def set_clock(context, page, moment: datetime) -> None:
    """Move the device's clock, as the running worker reads it. A message wakes a worker the
    browser has stopped, so the change lands in the one that answers the next request."""
    page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.postMessage('wake'))")
    page.wait_for_timeout(100)
    workers = context.service_workers
    assert workers, "no running service worker"
    for worker in workers:
        worker.evaluate(f"(() => {{ const t = {int(moment.timestamp() * 1000)}; Date.now = () => t; }})()")


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
    results = page.evaluate("o => axe.run(document, o)", {"runOnly": {"type": "tag", "values": tags}})
    return [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in results["violations"]]


def notice(page) -> str:
    found = page.locator("main > .luring")
    return found.inner_text() if found.count() else ""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    with served_sample(tmp_path_factory.mktemp("offline") / "output") as host:
        yield host


@pytest.fixture(scope="module")
def reader(browser, served):
    """A reader who opened the home page and two bulletins online (the worker installed on the
    first), then lost the network. Axe goes in as an inline script, so CSP is bypassed."""
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{served.origin}/")
    wait_ready(page)
    for path in (VISITED, ALSO_VISITED):
        page.goto(f"{served.origin}/{path}")
        assert notice(page) == "", "a page from the network carries no offline notice"
    wait_kept(page, served.origin, ["", VISITED, ALSO_VISITED])
    context.set_offline(True)
    yield context, page
    context.close()


@pytest.mark.browser
def test_a_page_the_reader_opened_loads_offline_with_the_date_it_was_kept(served, reader):
    context, page = reader
    response = page.goto(f"{served.origin}/{VISITED}")
    assert response.ok
    assert page.locator("h1").inner_text() == "Infografis: Alur Vaksinasi COVID-19 bagi Lansia"
    assert SAVED_ON.fullmatch(notice(page).strip()), notice(page)
    assert page.evaluate("[...document.styleSheets].some((s) => s.href.endsWith('/warta.css') && s.cssRules.length)")


@pytest.mark.browser
def test_a_current_emergency_never_opened_loads_offline_and_holds_before_its_expiry(served, reader):
    context, page = reader
    set_clock(context, page, BEFORE_EXPIRY)
    for path in (URGENT, "lite/" + URGENT):
        page.goto(f"{served.origin}/{path}")
        assert "Lonjakan Kasus COVID-19" in page.locator("h1").inner_text(), path
        assert SAVED_ON.match(notice(page).strip()), path
        assert "Tidak berlaku lagi" not in page.locator("main").inner_text(), path
        assert page.locator("[data-expires]").first.inner_text().startswith("Berlaku sampai"), path


@pytest.mark.browser
def test_past_its_expiry_by_the_device_clock_a_kept_emergency_is_marked_ended(served, reader):
    context, page = reader
    set_clock(context, page, AFTER_EXPIRY)
    page.goto(f"{served.origin}/{URGENT}")
    stated = page.locator("p.notice.expired[data-expired]")
    assert stated.inner_text() == f"Tidak berlaku lagi sejak {UNTIL}"
    assert page.locator("[data-expires]").count() == 0
    assert f"Peringatan darurat ini tidak berlaku lagi sejak {UNTIL}." in notice(page)
    badges = page.locator("main .badges")
    assert badges.locator(".u-darurat").count() == 0 and badges.locator(".expired").text_content() == "Tidak berlaku lagi"
    page.goto(f"{served.origin}/lite/{URGENT}")
    assert page.locator("p.catatan[data-expired]").inner_text() == f"Tidak berlaku lagi sejak {UNTIL}"
    assert f"Peringatan darurat ini tidak berlaku lagi sejak {UNTIL}." in notice(page)
    assert "DARURAT" not in page.locator("main .meta").first.inner_text()
    # The banner of another kept page (cut to two lines: the mark comes first, in view), the
    # home page's current notices and the lite banner.
    marked = f"Tidak berlaku lagi sejak {UNTIL}: Lonjakan Kasus COVID-19"
    page.goto(f"{served.origin}/{ALSO_VISITED}")
    item = page.locator(".urgent-item")
    assert marked in item.inner_text()
    mark, shown = item.locator("strong").bounding_box(), item.bounding_box()
    assert mark["y"] + mark["height"] <= shown["y"] + shown["height"], "the mark is within the banner's lines"
    page.goto(f"{served.origin}/")
    first = page.locator(".notices .item").first
    assert first.locator(".item-title").inner_text().startswith(marked)
    assert f"Tidak berlaku lagi sejak {UNTIL}" in first.locator(".meta").inner_text()
    page.goto(f"{served.origin}/lite/")
    assert marked in page.locator(".darurat").inner_text()
    assert axe_violations(page) == []


@pytest.mark.browser
def test_the_lite_home_and_the_newest_lite_pages_load_offline(served, reader):
    context, page = reader
    index = json.loads((served.folder / "offline.json").read_text(encoding="utf-8"))
    for url in [e["url"] for e in index["precache"] if e["url"].startswith("lite/")]:
        assert page.goto(f"{served.origin}/{url}").ok, url
        assert page.locator("main").inner_text().strip() and SAVED_ON.match(notice(page).strip()), url
        assert page.locator("script").count() == 0, "the worker adds no script to a lite page"


@pytest.mark.browser
def test_a_page_never_opened_nor_listed_shows_the_offline_page(served, reader):
    context, page = reader
    page.goto(f"{served.origin}/{UNVISITED}")
    assert page.url == f"{served.origin}/{UNVISITED}"
    assert page.locator("h1").inner_text() == "Anda sedang luring"
    assert page.locator("html").get_attribute("lang") == "id"
    saved = page.locator("[data-saved-pages] a")
    hrefs = [saved.nth(i).get_attribute("href") for i in range(saved.count())]
    assert {f"{served.origin}/{path}" for path in ("", VISITED, ALSO_VISITED)} <= set(hrefs)
    titles = page.locator("[data-saved-pages] a").all_inner_texts()
    assert "Infografis: Alur Vaksinasi COVID-19 bagi Lansia" in titles, "titles without the site's name"
    page.locator("main").get_by_role("link", name="Versi ringan", exact=True).click()
    assert page.url == f"{served.origin}/lite/" and SAVED_ON.match(notice(page).strip())


@pytest.mark.browser
@pytest.mark.parametrize("path", [VISITED, URGENT, UNVISITED])
def test_offline_pages_pass_axe(served, reader, path):
    context, page = reader
    page.goto(f"{served.origin}/{path}")
    assert axe_violations(page) == []


# --- A small budget, and a site that changes ------------------------------------------------

BUDGET = {"OFFLINE_MAX_PAGES": 5, "OFFLINE_MAX_BYTES": 150_000}
NEW_EMERGENCY = "2021/06/banjir-cibeet-warga-telukjambe-diminta-mengungsi/"
NEW_BULLETIN = """title: Banjir Cibeet: Warga Telukjambe Diminta Mengungsi
date: 2021-06-30 18:00
type: Pengumuman
topics: Banjir
kecamatan: 32.15.27
urgency: darurat
expires: 2021-07-03 23:59
summary: Sungai Cibeet meluap; warga bantaran di Telukjambe Barat diminta mengungsi ke posko.
slug: banjir-cibeet-warga-telukjambe-diminta-mengungsi
code: KRW-210630-01

Warga bantaran Sungai Cibeet diminta segera mengungsi ke posko terdekat.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The sample site whose readers keep at most 5 pages and 150 KB, on a host of its own."""
    folder = tmp_path_factory.mktemp("offline-small") / "output"
    host = StaticHost(folder, "cloudflare")
    build_sample(folder, host.origin, BUDGET)
    with host:
        yield host


def sample_paths(folder: Path, count: int) -> list[str]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return [entry["url"].split("/", 3)[3] for entry in manifest["bulletins"]][:count]


@pytest.mark.browser
def test_the_storage_budget_evicts_the_page_opened_longest_ago(browser, small):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{small.origin}/")
        wait_ready(page)
        opened = sample_paths(small.folder, 8)
        for path in opened:
            page.goto(f"{small.origin}/{path}")
            wait_kept(page, small.origin, [path])
        kept = page.evaluate(KEPT)
        pages = {url for url, _, is_page in kept if is_page}
        assert sum(size for _, size, _ in kept) <= BUDGET["OFFLINE_MAX_BYTES"]
        # The pages opened last, as many as the budget holds: never more than 5.
        assert 3 <= len(pages) <= 5 and pages == {f"{small.origin}/{path}" for path in opened[-len(pages):]}
        context.set_offline(True)
        precached = set(page.evaluate(PRECACHED))
        gone = next(p for p in opened[:3] if f"{small.origin}/{p}" not in precached)
        page.goto(f"{small.origin}/{gone}")
        assert page.locator("h1").inner_text() == "Anda sedang luring"
        page.goto(f"{small.origin}/{opened[-1]}")
        assert SAVED_ON.match(notice(page).strip())
    finally:
        context.close()


@pytest.mark.browser
def test_a_new_emergency_reaches_readers_once_the_site_changes(browser, small, tmp_path):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        page.goto(f"{small.origin}/")
        wait_ready(page)
        assert f"{small.origin}/{NEW_EMERGENCY}" not in page.evaluate(PRECACHED)
        content = tmp_path / "content"
        shutil.copytree(ROOT / "content", content)
        shutil.copytree(ROOT / "data", tmp_path / "data")  # the settings' files are beside the content
        (content / "bulletins" / "2021-06-30-banjir-cibeet.md").write_text(NEW_BULLETIN, encoding="utf-8")
        build_sample(small.folder, small.origin, {**BUDGET, "PATH": str(content)})
        # A minute later by the reader's clock, any page they open brings the new list along.
        set_clock(context, page, BEFORE_EXPIRY)
        page.goto(f"{small.origin}/tentang/")
        wait_for(page, f"async (url) => (await ({PRECACHED})()).includes(url)", f"{small.origin}/{NEW_EMERGENCY}")
        context.set_offline(True)
        page.goto(f"{small.origin}/{NEW_EMERGENCY}")
        assert page.locator("h1").inner_text() == "Banjir Cibeet: Warga Telukjambe Diminta Mengungsi"
        assert page.locator("[data-expires]").first.inner_text().startswith("Berlaku sampai")
    finally:
        context.close()
